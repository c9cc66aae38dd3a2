from modelsearch.backends.database.sqlite.sqlite import SQLiteSearchBackend

SearchBackend = SQLiteSearchBackend
