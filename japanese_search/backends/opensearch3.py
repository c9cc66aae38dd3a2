"""OpenSearch3 with kuromoji analysis (settings: "japanese_search.backends.opensearch3"; needs the opensearch-py client)."""

from modelsearch.backends import opensearch3 as upstream

from japanese_search.backends.elasticsearch import japanese_backend

SearchBackend = japanese_backend(upstream.OpenSearch3SearchBackend)
