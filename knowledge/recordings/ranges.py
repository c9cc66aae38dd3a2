"""A stored file as an HTTP response that honours byte ranges (Range → 206), so players can seek."""

import re

from django.http import HttpResponse, StreamingHttpResponse

RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")
CHUNK = 64 * 1024


def _chunks(handle, start, length):
    try:
        handle.seek(start)
        while length > 0:
            data = handle.read(min(CHUNK, length))
            if not data:
                break
            length -= len(data)
            yield data
    finally:
        handle.close()


def _wanted(header, size):
    """(start, end) of a single `bytes=` range, None when no range was asked for, False when unsatisfiable."""
    match = RANGE.match((header or "").strip())
    if not header or not match or (not match[1] and not match[2]):
        return None  # no range, or one we do not read (several ranges): the whole file
    if not match[1]:  # the last N bytes
        length = int(match[2])
        return (max(size - length, 0), size - 1) if length else False
    start = int(match[1])
    end = min(int(match[2]), size - 1) if match[2] else size - 1
    return (start, end) if start <= end and start < size else False


def ranged_file_response(request, storage, name, content_type, private):
    size = storage.size(name)
    wanted = _wanted(request.headers.get("Range"), size)
    if wanted is False:
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{size}"
        return response
    start, end = wanted or (0, size - 1)
    response = StreamingHttpResponse(
        _chunks(storage.open(name, "rb"), start, end - start + 1), status=206 if wanted else 200, content_type=content_type
    )
    response["Content-Length"] = str(end - start + 1)
    response["Accept-Ranges"] = "bytes"
    if wanted:
        response["Content-Range"] = f"bytes {start}-{end}/{size}"
    response["Cache-Control"] = "private, no-store" if private else "public, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response
