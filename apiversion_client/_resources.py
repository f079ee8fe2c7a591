"""Name resources the way a human (and a dedupe registry) would.

``/projects/123/items/9f8e...`` and ``/projects/456/items/0a1b...`` are one
resource: identifiers in paths are replaced by ``{id}``.  This keeps the
"once per session" registry flat when every request has a new URL, and makes
messages say which *endpoint* is deprecated rather than which object.
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import urlsplit

__all__ = ["resource_name", "template_path"]

_MAX_SEGMENTS = 32
_MAX_SEGMENT_LENGTH = 256

# An identifier: all digits; a UUID; a long hex string; a long token mixing
# letters and digits (object ids, hashes); an email-like or very long segment.
_ID_PATTERNS = (
    re.compile(r"\d+"),
    re.compile(r"[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}"),
    re.compile(r"[0-9a-fA-F]{12,}"),
    re.compile(r"(?=[A-Za-z_\-]*\d)(?=\d*[A-Za-z])[A-Za-z0-9_\-]{16,}"),
    re.compile(r"[^/@]+@[^/@]+"),
)


def _is_identifier(segment: str) -> bool:
    if segment.isdigit() or len(segment) > 64:
        return True
    if len(segment) > 24:
        return _identifier_shape(segment)
    return _short_identifier(segment)


@lru_cache(maxsize=2048)
def _short_identifier(segment: str) -> bool:
    # Short segments repeat ("projects", "gdc", ...): cache their verdict.
    return _identifier_shape(segment)


def _identifier_shape(segment: str) -> bool:
    return any(pattern.fullmatch(segment) for pattern in _ID_PATTERNS)


@lru_cache(maxsize=4096)
def template_path(path: str) -> str:
    """Return ``path`` with identifier segments replaced by ``{id}``.

    Args:
        path: A URL path such as ``/gdc/projects/123/objects``.

    Returns:
        The templated path, e.g. ``/gdc/projects/{id}/objects``.  Very long
        paths are cut after a fixed number of segments, so the result is
        bounded in size whatever the input.
    """
    segments = path.split("/", _MAX_SEGMENTS + 1)[: _MAX_SEGMENTS + 1]
    out = []
    for index, segment in enumerate(segments):
        if index == _MAX_SEGMENTS:
            out.append("...")
            break
        if segment and _is_identifier(segment):
            out.append("{id}")
        else:
            out.append(segment[:_MAX_SEGMENT_LENGTH])
    return "/".join(out)


def resource_name(method: str, url: str) -> str:
    """Return ``"METHOD /templated/path"`` for a request.

    Args:
        method: The HTTP method, any case.
        url: The request URL (absolute or a path); the query is ignored.

    Returns:
        For example ``"GET /gdc/projects/{id}"``.
    """
    try:
        path = urlsplit(url).path or "/"
    except ValueError:
        path = "/"
    return f"{method.upper()} {template_path(path)}"
