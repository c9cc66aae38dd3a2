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


def _env_flag(environ: Mapping, name: str, default: bool) -> bool:
    value = environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def search_backends(database_url_engine: str, environ: Mapping) -> dict:
    """Return WAGTAILSEARCH_BACKENDS.

    * SEARCH_BACKEND (elasticsearch8|elasticsearch9|opensearch2|opensearch3) plus
      SEARCH_URL (comma-separated URLs) selects a cluster backend;
      SEARCH_INDEX_PREFIX (default "cms_"), SEARCH_TIMEOUT (seconds, default 10),
      SEARCH_ICU (default off: needs the analysis-icu plugin), SEARCH_CA_CERTS
      (CA bundle path) tune it. The cluster needs the analysis-kuromoji plugin.
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
            "TIMEOUT": int(environ.get("SEARCH_TIMEOUT", "10")),
            "INDEX_SETTINGS": index_settings(use_icu=_env_flag(environ, "SEARCH_ICU", False)),
        }
        if environ.get("SEARCH_CA_CERTS"):
            backend["OPTIONS"] = {"ca_certs": environ["SEARCH_CA_CERTS"]}
        return {"default": backend}

    engine = (database_url_engine or "").lower()
    if "postgres" in engine or "postgis" in engine:
        return {"default": {"BACKEND": POSTGRES_BACKEND}}
    if "sqlite" in engine:
        return {"default": {"BACKEND": SQLITE_BACKEND}}
    raise ValueError(f"No Japanese-aware search backend for database engine {database_url_engine!r}")
