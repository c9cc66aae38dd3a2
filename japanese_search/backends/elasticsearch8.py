"""Elasticsearch8 with kuromoji analysis (settings: "japanese_search.backends.elasticsearch8"; needs the elasticsearch client)."""

from modelsearch.backends import elasticsearch8 as upstream

from japanese_search.backends.elasticsearch import japanese_backend

SearchBackend = japanese_backend(upstream.Elasticsearch8SearchBackend)
