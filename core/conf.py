"""Reading settings from the environment; free of Django imports (called from the settings modules)."""


def parse_limit(value):
    """A rate limit (core/ratelimit.py) as written in the environment: "60/60" -> (60, 60), requests per
    seconds; "", "0" or "off" -> None (no limit)."""
    value = (value or "").strip().lower()
    if value in ("", "0", "off", "none"):
        return None
    count, _, seconds = value.partition("/")
    limit = (int(count), int(seconds or 60))
    if limit[0] < 1 or limit[1] < 1:
        raise ValueError(f"a rate limit is COUNT/SECONDS with both above 0, not {value!r}")
    return limit


def rate_limits(environ, defaults):
    """{kind: (requests, seconds)} from RATE_LIMIT_<KIND> or the default, without the kinds turned off."""
    limits = {kind: parse_limit(environ.get(f"RATE_LIMIT_{kind.upper()}", default)) for kind, default in defaults.items()}
    return {kind: limit for kind, limit in limits.items() if limit}
