"""Elasticsearch9 with kuromoji analysis (settings: "japanese_search.backends.elasticsearch9"; needs the elasticsearch client)."""

from modelsearch.backends import elasticsearch9 as upstream

from japanese_search.backends.elasticsearch import japanese_backend

SearchBackend = japanese_backend(upstream.Elasticsearch9SearchBackend)
