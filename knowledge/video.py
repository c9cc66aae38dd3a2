"""Turn a video page URL into an embeddable player URL."""

import re
from urllib.parse import parse_qs, urlparse

YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{6,20}$")


def youtube_id(url):
    parsed = urlparse(url or "")
    host = parsed.netloc.lower().removeprefix("www.").removeprefix("m.")
    if host == "youtu.be":
        candidate = parsed.path.strip("/")
    elif host in {"youtube.com", "youtube-nocookie.com"}:
        if parsed.path == "/watch":
            candidate = parse_qs(parsed.query).get("v", [""])[0]
        else:
            candidate = parsed.path.rstrip("/").rsplit("/", 1)[-1]
    else:
        return None
    return candidate if YOUTUBE_ID.match(candidate) else None


def embed_url(url, start=0):
    """The privacy-enhanced YouTube player for a watch URL; other URLs are returned as they are."""
    video_id = youtube_id(url)
    if not video_id:
        return url or ""
    suffix = f"&start={int(start)}" if start else ""
    return f"https://www.youtube-nocookie.com/embed/{video_id}?enablejsapi=1&rel=0{suffix}"


# The demo's placeholder YouTube ids (SAMPLE...) stand for no real video: never embedded, no thumbnail.
PLACEHOLDER_PREFIX = "SAMPLE"


def real_youtube_id(url):
    """The YouTube id of a URL, None for other URLs and for the demo's placeholders."""
    video_id = youtube_id(url)
    return video_id if video_id and not video_id.startswith(PLACEHOLDER_PREFIX) else None
