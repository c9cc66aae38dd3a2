"""Kuromoji index settings for Elasticsearch/OpenSearch (placeholder, refined below)."""


def index_settings(use_icu: bool = False) -> dict:
    return {}
