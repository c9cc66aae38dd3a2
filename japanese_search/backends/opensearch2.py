"""OpenSearch2 with kuromoji analysis (settings: "japanese_search.backends.opensearch2"; needs the opensearch-py client)."""

from modelsearch.backends import opensearch2 as upstream

from japanese_search.backends.elasticsearch import japanese_backend

SearchBackend = japanese_backend(upstream.OpenSearch2SearchBackend)
