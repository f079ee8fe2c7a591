"""Headers that report versions rather than deprecations.

* ``api-supported-versions`` / ``api-deprecated-versions`` (ASP.NET API
  Versioning): comma lists such as ``1.0, 2.0, 3.0-beta``;
* echo headers naming the version the server served
  (``X-GitHub-Api-Version-Selected``, ``x-api-version``, ``api-version``): one
  plain token.

A version list value is read up to its 256th comma-separated entry
(:data:`~apiversion_client.signals._scan.MAX_VERSIONS`); the rest is ignored.
"""

from __future__ import annotations

from collections.abc import Iterable

from apiversion_client.signals._scan import MAX_VERSIONS, only_separators

__all__ = ["parse_served_version", "parse_version_list", "read_version_list"]

_OWS = " \t"


def read_version_list(value: str | Iterable[str]) -> tuple[tuple[str, ...], bool]:
    """:func:`parse_version_list`, and True when entries past a line's 256th were ignored."""
    lines = [value] if isinstance(value, str) else list(value)
    seen: dict[str, None] = {}
    truncated = False
    for line in lines:
        entries = line.split(",", MAX_VERSIONS)
        if len(entries) > MAX_VERSIONS:
            rest = entries.pop()
            truncated = truncated or not only_separators(rest, 0)
        for entry in entries:
            version = entry.strip(_OWS)
            if version:
                seen.setdefault(version, None)
    return tuple(seen), truncated


def parse_version_list(value: str | Iterable[str]) -> tuple[str, ...]:
    """Read a comma list of versions, or several such header lines.

    Args:
        value: One header value, or the values of repeated header lines.  Each
            value is read up to its 256th comma-separated entry; the rest of it
            is ignored.

    Returns:
        The versions in the order first seen, stripped, empty entries and
        duplicates dropped.
    """
    return read_version_list(value)[0]


def parse_served_version(value: str) -> str | None:
    """Read an echo header that names the version served, e.g. ``2022-11-28``.

    Args:
        value: The header value.

    Returns:
        The value stripped of whitespace (and of one pair of surrounding double
        quotes), or None when nothing is left.
    """
    text = value.strip(_OWS)
    if len(text) >= 2 and text[0] == text[-1] == '"':
        text = text[1:-1].strip(_OWS)
    return text or None
