"""Header lines out of urllib3's ``HTTPHeaderDict`` (used by requests and urllib3), cheaply."""

from __future__ import annotations

from collections.abc import Container
from typing import Any

__all__ = ["urllib3_header_lines"]


def urllib3_header_lines(
    headers: Any, names: Container[str] | None = None
) -> list[tuple[str, str]]:
    """The header lines of a urllib3 ``HTTPHeaderDict``, a repeated name as separate lines.

    Args:
        headers: The response's headers.
        names: Only the lines with these lower-cased names (the negotiator's
            ``response_header_names``), named in lower case; ``None``: all.

    urllib3 keeps each name's lines together, under the lower-cased name, as
    ``[name, value, value...]``: reading them there is several times faster
    than its ``items()`` view, which looks every name up again.  Anything else
    goes through ``items()``.
    """
    container = getattr(headers, "_container", None)
    if type(container) is not dict:
        return [(str(name), str(value)) for name, value in headers.items()]
    if names is None:
        return [(lines[0], value) for lines in container.values() for value in lines[1:]]
    return [
        (name, value) for name, lines in container.items() if name in names for value in lines[1:]
    ]
