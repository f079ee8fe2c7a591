"""Header lines out of urllib3's ``HTTPHeaderDict`` (used by requests and urllib3), cheaply."""

from __future__ import annotations

from typing import Any

__all__ = ["urllib3_header_lines"]


def urllib3_header_lines(headers: Any) -> list[tuple[str, str]]:
    """Every header line of a urllib3 ``HTTPHeaderDict``, a repeated name as separate lines.

    urllib3 keeps each name's lines together as ``[name, value, value...]``:
    reading them there is several times faster than its ``items()`` view, which
    looks every name up again.  Anything else goes through ``items()``.
    """
    container = getattr(headers, "_container", None)
    if type(container) is dict:
        return [(lines[0], value) for lines in container.values() for value in lines[1:]]
    return [(str(name), str(value)) for name, value in headers.items()]
