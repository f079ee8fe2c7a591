"""Put a pinned version on a request, per the profile's scheme.  Pure string work.

The rules (DESIGN.md):

* header scheme: a request that already carries the profile's version header
  (or one of its ``request_headers``) keeps it: that value is its own pin.  The
  header is read line by line: the same value on several lines is that
  version; two different values are refused before sending;
* query scheme: the pin *replaces* an ``api-version`` already in the URL (a URL
  the server handed back), as Azure's guidelines require;
* path scheme: a path whose segment where the template puts the version *is a
  version* keeps it (``/api/v1/...``); any other path gets the pin inserted
  after the base path, so ``/users/5`` under ``/{version}`` is sent as
  ``/v2/users/5``, never as ``/v2/5``.  An override replaces only a version
  segment, so it never changes which resource is addressed;
* media-type scheme: an ``Accept`` that already names a version keeps it;
* an explicit override (per request or per block) always wins.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from functools import lru_cache
from urllib.parse import quote, unquote, urlsplit, urlunsplit

import attrs

from apiversion_client._core._scope import BaseUrl
from apiversion_client._versions import ApiVersion, Channel
from apiversion_client.profiles import Profile

__all__ = [
    "Placement",
    "accept_version",
    "header_lookup",
    "own_version",
    "path_pattern",
    "place",
    "version_segment",
]

_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")


@attrs.frozen
class Placement:
    """Where the pin went: the new URL, headers to set, and the pin in effect."""

    url: str
    set_headers: tuple[tuple[str, str], ...]
    version: ApiVersion | None
    requested: str | None


@lru_cache(maxsize=64)
def path_pattern(template: str) -> re.Pattern[str]:
    """The regex matching a path that starts with ``template``'s version segment."""
    before, _, after = template.partition("{version}")
    return re.compile(
        "^" + re.escape(before) + r"(?P<version>[^/]+)" + re.escape(after) + "(?=/|$)"
    )


def version_segment(
    template: str, rel: str, is_version: Callable[[str], bool]
) -> re.Match[str] | None:
    """The match of ``template`` at the start of ``rel`` when its segment is a version."""
    match = path_pattern(template).match(rel)
    if match is None or not is_version(unquote(match.group("version"))):
        return None
    return match


def _parse_or_none(text: str) -> ApiVersion | None:
    try:
        return ApiVersion.parse(text)
    except (ValueError, TypeError):
        return None


def header_lookup(headers: Mapping[str, str], names: Sequence[str]) -> str | None:
    """The first non-blank value of ``names`` in ``headers`` (names lower-cased)."""
    for name in names:
        value = headers.get(name.lower())
        if value is not None and value.strip():
            return value.strip()
    return None


def own_version(
    values: Mapping[str, list[str]], names: Sequence[str], *, what: str = "version header"
) -> str | None:
    """The version a request carries itself, read line by line.

    Args:
        values: Lower-cased header name -> that name's values, in order.
        names: The headers that carry a version, first one found wins.
        what: How to call them in an error message.

    Returns:
        The version, or ``None`` when no such header holds one.  A value that
        repeats (on several lines, or joined with commas) counts once.

    Raises:
        ValueError: Two different values, or a control character (CR, LF,
            NUL...) that could split or smuggle headers; nothing is sent.
    """
    for name in names:
        lines = values.get(name.lower())
        if not lines:
            continue
        found = list(dict.fromkeys(part.strip() for line in lines for part in line.split(",")))
        found = [text for text in found if text]
        if not found:
            continue
        for text in found:
            if _CONTROL.search(text):
                raise ValueError(
                    f"not an API version: {text!r} (the request's own {name} {what} contains "
                    "control characters); nothing was sent"
                )
        if len(found) > 1:
            shown = ", ".join(repr(text) for text in found[:4])
            raise ValueError(
                f"the request carries its own {name} {what} with different values ({shown}): "
                "send one version per request; nothing was sent"
            )
        return found[0]
    return None


def _replace_query(query: str, name: str, value: str) -> str:
    lowered = name.lower()
    kept = [
        part
        for part in query.split("&")
        if part and unquote(part.partition("=")[0]).lower() != lowered
    ]
    kept.append(f"{quote(name, safe='')}={quote(value, safe='')}")
    return "&".join(kept)


_ACCEPT_VERSION = re.compile(r";\s*([!#$%&'*+\-.^_`|~0-9A-Za-z]+)\s*=\s*\"?([^;,\"]*)\"?")


def accept_version(accept: str, param: str) -> str | None:
    """The value of the media-type parameter ``param`` in an ``Accept`` header."""
    for match in _ACCEPT_VERSION.finditer(accept):
        if match.group(1).lower() == param.lower() and match.group(2).strip():
            return match.group(2).strip()
    return None


def _set_accept(accept: str | None, param: str, value: str) -> str:
    if not accept:
        return f"application/json; {param}={value}"
    ranges = [r.strip() for r in accept.split(",") if r.strip()]
    return ", ".join(f"{r}; {param}={value}" for r in ranges)


def _with_path_version(
    template: str, base: BaseUrl, url: str, text: str, is_version: Callable[[str], bool]
) -> str:
    """Put ``text`` where ``template`` puts the version, inserting it if absent."""
    parts = urlsplit(url)
    rel = base.relative_path(url) or "/"
    segment = template.replace("{version}", quote(text, safe=""))
    match = version_segment(template, rel, is_version)
    if match is not None:
        rel = segment + rel[match.end() :]
    else:
        rel = segment + (rel if rel.startswith("/") else "/" + rel)
    return urlunsplit((parts.scheme, parts.netloc, base.path + rel, parts.query, parts.fragment))


def place(
    profile: Profile,
    base: BaseUrl,
    url: str,
    rel: str,
    headers: Mapping[str, list[str]],
    pin: ApiVersion | None,
    *,
    explicit: bool,
    is_version: Callable[[str], bool],
) -> Placement:
    """Decide what to add to an in-scope request.

    Args:
        profile: Where the version travels.
        base: The API's base URL.
        url: The request URL (absolute, in scope).
        rel: The request's path below the base URL.
        headers: The request's version-bearing headers: lower-cased name -> values.
        pin: The version to pin (``None``: leave the request as it is).
        explicit: The pin is a per-request or per-block override, which wins
            over a version the request already carries.
        is_version: Whether a path segment is a version (for path templates).

    Returns:
        The placement; ``version`` is the pin in effect for this request.

    Raises:
        ValueError: The request's own version header holds a control character,
            or two different versions.
    """
    own_text: str | None = None
    if headers and not explicit:
        own_text = own_version(headers, profile.own_pin_headers)
        if own_text is None and profile.media_type:
            accepts = headers.get("accept")
            if accepts:
                own_text = next(
                    (v for a in accepts if (v := accept_version(a, profile.media_type))), None
                )
    if own_text is None and not explicit and profile.path:
        match = version_segment(profile.path, rel, is_version)
        if match is not None:
            own_text = unquote(match.group("version"))
    if own_text is not None:
        if (
            pin is not None
            and profile.path
            and own_version(headers, profile.request_headers) == own_text
            and version_segment(profile.path, rel, is_version) is None
        ):
            # A channel header the SDK set itself (Cognite's cdf-version) is the
            # request's pin, but says nothing about the path: the path still
            # gets the session's version.
            url = _with_path_version(profile.path, base, url, str(pin.base), is_version)
        return Placement(url, (), _parse_or_none(own_text), own_text)
    if pin is None or not profile.pins:
        # A profile that does not carry versions (Kubernetes) sends nothing.
        return Placement(url, (), None, None)

    wire = pin.text
    if profile.header and not (profile.query or profile.path or profile.media_type):
        return Placement(url, ((profile.header, wire),), pin, wire)  # the common case
    set_headers: list[tuple[str, str]] = []
    path_text = wire
    if (
        profile.path
        and profile.channel_header
        and pin.channel is not Channel.STABLE
        and str(pin.base) != wire
    ):
        # "v1-beta": v1 in the path, the channel in its header.  A version that
        # is its own channel ("playground") goes in the path as it is.
        path_text = str(pin.base)
        set_headers.append((profile.channel_header, pin.channel.value))
    if profile.header:
        set_headers.append((profile.header, wire))
    if profile.media_type:
        accepts = headers.get("accept") if headers else None
        accept = ", ".join(accepts) if accepts else None
        set_headers.append(("Accept", _set_accept(accept, profile.media_type, wire)))
    if profile.query:
        parts = urlsplit(url)
        query = _replace_query(parts.query, profile.query, wire)
        url = urlunsplit((parts.scheme, parts.netloc, parts.path, query, parts.fragment))
    if profile.path:
        url = _with_path_version(profile.path, base, url, path_text, is_version)
    return Placement(url, tuple(set_headers), pin, wire)
