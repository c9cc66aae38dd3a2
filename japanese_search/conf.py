"""Build WAGTAILSEARCH_BACKENDS from the database engine and the environment.

Kept free of heavy imports: it is called from the Django settings module.
"""

from collections.abc import Mapping

SQLITE_BACKEND = "japanese_search.backends.sqlite"
POSTGRES_BACKEND = "japanese_search.backends.postgres"

# SEARCH_BACKEND value -> our backend module (kuromoji analysis on top of modelsearch's)
CLUSTER_BACKENDS = {
    "elasticsearch8": "japanese_search.backends.elasticsearch8",
    "elasticsearch9": "japanese_search.backends.elasticsearch9",
    "opensearch2": "japanese_search.backends.opensearch2",
    "opensearch3": "japanese_search.backends.opensearch3",
}

# A cluster's request timeout (seconds) and how long one that failed is not asked again (backends/cluster.py).
DEFAULT_TIMEOUT = 2
DEFAULT_DOWN_SECONDS = 15


def _env_flag(environ: Mapping, name: str, default: bool) -> bool:
    value = environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def search_backends(database_url_engine: str, environ: Mapping) -> dict:
    """Return WAGTAILSEARCH_BACKENDS.

    * SEARCH_BACKEND (elasticsearch8|elasticsearch9|opensearch2|opensearch3) plus
      SEARCH_URL (comma-separated URLs) selects a cluster backend;
      SEARCH_INDEX_PREFIX (default "cms_"), SEARCH_TIMEOUT (seconds per request, default 2: a
      search or a publish never waits longer on a slow cluster; raise it for `update_index` on a large
      index), SEARCH_MAX_RETRIES (default 1, never on a timeout), SEARCH_DOWN_SECONDS (default 15: how long
      a cluster that failed is not asked again, backends/cluster.py), SEARCH_ICU (default off: needs the
      analysis-icu plugin), SEARCH_CA_CERTS (CA bundle path) tune it. The cluster needs the
      analysis-kuromoji plugin.
    * otherwise the database backend matching the default database engine.
    """
    cluster = (environ.get("SEARCH_BACKEND") or "").strip().lower()
    search_url = (environ.get("SEARCH_URL") or "").strip()
    if cluster or search_url:
        if cluster not in CLUSTER_BACKENDS:
            raise ValueError(f"SEARCH_BACKEND={cluster!r} is not one of {sorted(CLUSTER_BACKENDS)}")
        if not search_url:
            raise ValueError(f"SEARCH_BACKEND={cluster} needs SEARCH_URL")
        from japanese_search.backends.elasticsearch import index_settings

        backend = {
            "BACKEND": CLUSTER_BACKENDS[cluster],
            "URLS": [url.strip() for url in search_url.split(",") if url.strip()],
            "INDEX_PREFIX": environ.get("SEARCH_INDEX_PREFIX", "cms_"),
            "TIMEOUT": float(environ.get("SEARCH_TIMEOUT") or DEFAULT_TIMEOUT),
            "DOWN_SECONDS": int(environ.get("SEARCH_DOWN_SECONDS") or DEFAULT_DOWN_SECONDS),
            "INDEX_SETTINGS": index_settings(use_icu=_env_flag(environ, "SEARCH_ICU", False)),
            "OPTIONS": {"max_retries": int(environ.get("SEARCH_MAX_RETRIES") or 1), "retry_on_timeout": False},
        }
        if environ.get("SEARCH_CA_CERTS"):
            backend["OPTIONS"]["ca_certs"] = environ["SEARCH_CA_CERTS"]
        return {"default": backend}

    engine = (database_url_engine or "").lower()
    if "postgres" in engine or "postgis" in engine:
        return {"default": {"BACKEND": POSTGRES_BACKEND}}
    if "sqlite" in engine:
        return {"default": {"BACKEND": SQLITE_BACKEND}}
    raise ValueError(f"No Japanese-aware search backend for database engine {database_url_engine!r}")
