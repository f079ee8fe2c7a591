"""Header lines out of urllib3's ``HTTPHeaderDict`` (used by requests and urllib3), cheaply."""

from __future__ import annotations

from collections.abc import Container
from typing import Any

from apiversion_client.signals import collect_lines

__all__ = ["urllib3_header_lines"]


def urllib3_header_lines(headers: Any, names: Container[str]) -> list[tuple[str, str]]:
    """The lines of a urllib3 ``HTTPHeaderDict`` that the core reads, as it collects them.

    Args:
        headers: The response's headers (any mapping with ``items()`` works).
        names: The negotiator's ``response_header_names`` (lower case).

    Returns:
        ``(name, value)`` pairs, names lower-cased, a repeated name as separate
        lines, only ``names``: ready for ``inspect(..., collected=True)``.

    urllib3 keeps each name's lines together, under the lower-cased name, as
    ``[name, value, value...]``: reading them there is several times faster
    than its ``items()`` view, which looks every name up again.
    """
    container = getattr(headers, "_container", None)
    if type(container) is not dict:
        return collect_lines(list(headers.items()), names)
    return [
        (name, value)
        for name, lines in container.items()
        if name in names
        for value in lines[1:]
        if type(value) is str
    ]
