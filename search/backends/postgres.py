from modelsearch.backends.database.postgres.postgres import PostgresSearchBackend

SearchBackend = PostgresSearchBackend
