"""Put a pinned version on a request, per the profile's scheme.  Pure string work.

The rules (DESIGN.md):

* header scheme: a request that already carries the profile's version header
  (or one of its ``request_headers``) keeps it: that value is its own pin;
* query scheme: the pin *replaces* an ``api-version`` already in the URL (a URL
  the server handed back), as Azure's guidelines require;
* path scheme: a path that already holds a version where the template puts it
  keeps it; otherwise the template is inserted after the base path;
* media-type scheme: an ``Accept`` that already names a version keeps it;
* an explicit override (per request or per block) always wins.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from urllib.parse import quote, unquote, urlsplit, urlunsplit

import attrs

from apiversion_client._versions import ApiVersion, Channel
from apiversion_client.profiles import Profile

__all__ = ["BaseUrl", "Placement", "accept_version", "header_lookup", "path_pattern", "place"]

_DEFAULT_PORTS = {"http": 80, "https": 443}
_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")
# What urlsplit would remove or read differently: then the URL is parsed.
_UNUSUAL = re.compile(r"[\x00-\x20\x7f\\]")


@attrs.frozen
class BaseUrl:
    """The API's base URL, split once: what is in scope and what is not."""

    scheme: str
    host: str
    port: int | None
    path: str  # without trailing slash; "" for the root

    @classmethod
    def parse(cls, url: str) -> BaseUrl:
        """Parse a base URL.

        Raises:
            ValueError: Not an absolute http(s) URL; the message quotes it.
        """
        try:
            parts = urlsplit(url)
            port = parts.port
        except ValueError as exc:
            raise ValueError(f"not a valid base URL: {url!r} ({exc})") from None
        if parts.scheme.lower() not in _DEFAULT_PORTS or not parts.hostname:
            raise ValueError(f"the base URL must be an absolute http(s) URL, got {url!r}")
        scheme = parts.scheme.lower()
        return cls(
            scheme=scheme,
            host=parts.hostname.lower(),
            port=port if port is not None else _DEFAULT_PORTS[scheme],
            path=parts.path.rstrip("/"),
        )

    # The base as a URL prefix in its usual spelling (``https://host[:port]/path``).
    _prefix: str = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        port = "" if self.port == _DEFAULT_PORTS.get(self.scheme) else f":{self.port}"
        host = f"[{self.host}]" if ":" in self.host else self.host  # an IPv6 literal
        object.__setattr__(self, "_prefix", f"{self.scheme}://{host}{port}{self.path}")

    def relative_path(self, url: str) -> str | None:
        """Return the path of ``url`` below this base, or ``None`` if out of scope.

        Same scheme, host and port (default ports made explicit) and a path at
        or below the base path, on a segment boundary.
        """
        # Most URLs start with the base spelled as usual: a string test gives the
        # same answer as the parse below, several times faster.
        prefix = self._prefix
        if url.startswith(prefix) and not _UNUSUAL.search(url):
            rest = url[len(prefix) :]
            end = rest.find("?")
            if end == -1:
                end = len(rest)
            fragment = rest.find("#", 0, end)
            path = rest[: end if fragment == -1 else fragment]
            if not path:
                return "/"
            if path[0] == "/":
                return path
        return self._relative_path_parsed(url)

    def _relative_path_parsed(self, url: str) -> str | None:
        try:
            parts = urlsplit(url)
            scheme = parts.scheme.lower()
            port = parts.port if parts.port is not None else _DEFAULT_PORTS.get(scheme)
            host = (parts.hostname or "").lower()
        except ValueError:
            return None
        if scheme != self.scheme or host != self.host or port != self.port:
            return None
        path = parts.path
        if not self.path:
            return path or "/"
        if path == self.path:
            return "/"
        if path.startswith(self.path + "/"):
            return path[len(self.path) :]
        return None


@attrs.frozen
class Placement:
    """Where the pin went: the new URL, headers to set, and the pin in effect."""

    url: str
    set_headers: tuple[tuple[str, str], ...]
    version: ApiVersion | None
    requested: str | None
    own: bool  # the request carried its own pin


@lru_cache(maxsize=64)
def path_pattern(template: str) -> re.Pattern[str]:
    """The regex matching a path that starts with ``template``'s version segment."""
    before, _, after = template.partition("{version}")
    return re.compile(
        "^" + re.escape(before) + r"(?P<version>[^/]+)" + re.escape(after) + "(?=/|$)"
    )


def _parse_or_none(text: str) -> ApiVersion | None:
    try:
        return ApiVersion.parse(text)
    except (ValueError, TypeError):
        return None


def header_lookup(headers: Mapping[str, str], names: tuple[str, ...]) -> str | None:
    """The first non-blank value of ``names`` in ``headers`` (names lower-cased)."""
    for name in names:
        value = headers.get(name.lower())
        if value is not None and value.strip():
            return value.strip()
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


def _with_path_version(template: str, base: BaseUrl, url: str, text: str) -> str:
    """Put ``text`` where ``template`` puts the version, inserting it if absent."""
    parts = urlsplit(url)
    rel = base.relative_path(url) or "/"
    pattern = path_pattern(template)
    segment = template.replace("{version}", quote(text, safe=""))
    if pattern.match(rel):
        rel = pattern.sub(lambda _m: segment, rel, count=1)
    else:
        rel = segment + (rel if rel.startswith("/") else "/" + rel)
    return urlunsplit((parts.scheme, parts.netloc, base.path + rel, parts.query, parts.fragment))


def place(
    profile: Profile,
    base: BaseUrl,
    url: str,
    headers: dict[str, str],
    pin: ApiVersion | None,
    *,
    explicit: bool,
) -> Placement:
    """Decide what to add to an in-scope request.

    Args:
        profile: Where the version travels.
        base: The API's base URL.
        url: The request URL (absolute, in scope).
        headers: The request's headers, names lower-cased.
        pin: The version to pin (``None``: leave the request as it is).
        explicit: The pin is a per-request or per-block override, which wins
            over a version the request already carries.

    Returns:
        The placement; ``version`` is the pin in effect for this request.

    Raises:
        ValueError: The request's own version header holds a control character
            (CR, LF, NUL...), which could split or smuggle headers.
    """
    set_headers: list[tuple[str, str]] = []
    own_text: str | None = None
    version = pin
    if not explicit:
        own_text = header_lookup(headers, profile.own_pin_headers)
        if own_text is None and profile.media_type:
            accept = headers.get("accept")
            own_text = accept_version(accept, profile.media_type) if accept else None
        if own_text is not None and _CONTROL.search(own_text):
            raise ValueError(
                f"not an API version: {own_text!r} (the request's own version header "
                "contains control characters); nothing was sent"
            )
        if own_text is None and profile.path:
            rel = base.relative_path(url) or "/"
            match = path_pattern(profile.path).match(rel)
            if match is not None:
                own_text = unquote(match.group("version"))
    if own_text is not None:
        if (
            pin is not None
            and profile.path
            and header_lookup(headers, profile.request_headers) == own_text
            and not path_pattern(profile.path).match(base.relative_path(url) or "/")
        ):
            # A channel header the SDK set itself (Cognite's cdf-version) is the
            # request's pin, but says nothing about the path: the path still
            # gets the session's version.
            url = _with_path_version(profile.path, base, url, str(pin.base))
        return Placement(url, (), _parse_or_none(own_text), own_text, own=True)
    if version is None or not profile.pins:
        # A profile that does not carry versions (Kubernetes) sends nothing.
        return Placement(url, (), None, None, own=False)

    wire = str(version)
    path_text = wire
    if (
        profile.path
        and profile.channel_header
        and version.channel is not Channel.STABLE
        and str(version.base) != wire
    ):
        # "v1-beta": v1 in the path, the channel in its header.  A version that
        # is its own channel ("playground") goes in the path as it is.
        path_text = str(version.base)
        set_headers.append((profile.channel_header, version.channel.value))
    if profile.header:
        set_headers.append((profile.header, wire))
    if profile.media_type:
        set_headers.append(("Accept", _set_accept(headers.get("accept"), profile.media_type, wire)))
    if profile.query or profile.path:
        parts = urlsplit(url)
        path, query = parts.path, parts.query
        if profile.query:
            query = _replace_query(query, profile.query, wire)
        url = urlunsplit((parts.scheme, parts.netloc, path, query, parts.fragment))
        if profile.path:
            url = _with_path_version(profile.path, base, url, path_text)
    return Placement(url, tuple(set_headers), version, wire, own=False)
