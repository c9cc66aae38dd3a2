"""Who is asking: the client's address, the one place every per-client rule reads it (rate limits, the
failed-login throttle, the popular-search visitor count)."""

import hashlib

from django.conf import settings


def client_address(request):
    """REMOTE_ADDR, or behind a reverse proxy the header it sets (MEMBERS_CLIENT_IP_HEADER, env CLIENT_IP_HEADER,
    e.g. HTTP_X_FORWARDED_FOR: its last entry, the one the proxy added; the entries before it are the client's
    own word)."""
    if request is None:
        return "unknown"
    header = getattr(settings, "MEMBERS_CLIENT_IP_HEADER", "")
    if header and request.META.get(header):
        entries = [entry.strip() for entry in request.META[header].split(",") if entry.strip()]
        if entries:
            return entries[-1]
    return request.META.get("REMOTE_ADDR") or "unknown"


def client_key(request, salt=""):
    """The client's address as a short one-way digest (for cache keys and counts: no address is stored)."""
    raw = f"{settings.SECRET_KEY}:{salt}:{client_address(request)}"
    return hashlib.sha256(raw.encode()).hexdigest()[:32]
