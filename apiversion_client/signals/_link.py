"""The ``Link`` header (RFC 8288), read by a hand-written one-pass scanner.

Commas inside ``<...>`` and inside quoted strings do not split links; several
relation types in one ``rel`` are all kept; parameter names and relation types
are compared case-insensitively (lower-cased); the first ``rel`` parameter wins
(RFC 8288 section 3.3); ``title*`` is decoded as an RFC 8187 ext-value.

Malformed values are salvaged: a link whose ``>`` is missing keeps the target up
to the first ``;``, ``,`` or whitespace; a parameter whose quoted string is not
terminated keeps the rest of the value; text that is neither a link nor a
parameter is skipped up to the next comma.  A link with an empty target is
dropped.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping

import attrs

from apiversion_client.signals._scan import quoted, skip_ows, skip_to_comma

__all__ = [
    "REL_ALTERNATE",
    "REL_DEPRECATION",
    "REL_LATEST_VERSION",
    "REL_PREDECESSOR_VERSION",
    "REL_SUCCESSOR_VERSION",
    "REL_SUNSET",
    "VERSION_RELATIONS",
    "Link",
    "LinkParams",
    "parse_link",
    "scan_links",
]

#: Where the deprecation of the resource is documented (RFC 9745).
REL_DEPRECATION = "deprecation"
#: Where the sunset of the resource is documented (RFC 8594).
REL_SUNSET = "sunset"
#: The version that replaces this one (RFC 5829).
REL_SUCCESSOR_VERSION = "successor-version"
#: The newest version (RFC 5829).
REL_LATEST_VERSION = "latest-version"
#: The version this one replaced (RFC 5829).
REL_PREDECESSOR_VERSION = "predecessor-version"
#: Another representation, e.g. another version of the API.
REL_ALTERNATE = "alternate"
#: The relation types that say something about versions and their lifecycle.
VERSION_RELATIONS = frozenset(
    (
        REL_DEPRECATION,
        REL_SUNSET,
        REL_SUCCESSOR_VERSION,
        REL_LATEST_VERSION,
        REL_PREDECESSOR_VERSION,
        REL_ALTERNATE,
    )
)

_OWS = " \t"
_NAME_STOP = frozenset('=;, \t"<>')
_TOKEN_STOP = frozenset(";, \t")
_HEX = frozenset("0123456789abcdefABCDEF")


class LinkParams(Mapping[str, str]):
    """The target attributes of a link: an immutable, hashable mapping.

    Names are lower-cased; looking a name up is case-insensitive; when a name
    repeats, the first value wins (all of them stay in :attr:`pairs`).
    """

    __slots__ = ("_index", "_pairs")

    def __init__(self, pairs: Iterable[tuple[str, str]] = ()) -> None:
        self._pairs = tuple((name.lower(), value) for name, value in pairs)
        index: dict[str, str] = {}
        for name, value in self._pairs:
            index.setdefault(name, value)
        self._index = index

    @property
    def pairs(self) -> tuple[tuple[str, str], ...]:
        """Every (name, value) pair in the order received, repeats included."""
        return self._pairs

    def __getitem__(self, name: str) -> str:
        if not isinstance(name, str):
            raise KeyError(name)
        return self._index[name.lower()]

    def __iter__(self) -> Iterator[str]:
        return iter(self._index)

    def __len__(self) -> int:
        return len(self._index)

    def __hash__(self) -> int:
        return hash(self._pairs)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, LinkParams):
            return self._pairs == other._pairs
        if isinstance(other, Mapping):
            return dict(self._index) == dict(other.items())
        return NotImplemented

    def __repr__(self) -> str:
        return f"LinkParams({list(self._pairs)!r})"


@attrs.frozen
class Link:
    """One link of a ``Link`` header (RFC 8288).

    Attributes:
        target: The target URI reference, as sent (not resolved).
        rels: The relation types of the first ``rel`` parameter, lower-cased.
        params: All target attributes, names lower-cased, values unquoted.
        anchor: The ``anchor`` parameter (the link's context), if any.
        title: The ``title*`` parameter decoded (RFC 8187), else ``title``.
        media_type: The ``type`` parameter (a hint), if any.
    """

    target: str
    rels: frozenset[str] = frozenset()
    params: LinkParams = attrs.field(factory=LinkParams)
    anchor: str | None = None
    title: str | None = None
    media_type: str | None = None


def decode_ext_value(value: str) -> str | None:
    """Decode an RFC 8187 ext-value such as ``UTF-8'de'n%c3%a4chstes``; None if invalid."""
    charset, sep, rest = value.partition("'")
    _language, sep2, encoded = rest.partition("'")
    if not (sep and sep2) or charset.lower() not in ("utf-8", "iso-8859-1"):
        return None
    raw = bytearray()
    i, n = 0, len(encoded)
    while i < n:
        c = encoded[i]
        if c == "%":
            pair = encoded[i + 1 : i + 3]
            if len(pair) != 2 or not all(h in _HEX for h in pair):
                return None
            raw.append(int(pair, 16))
            i += 3
        elif c.isascii() and c.isprintable() and c not in " \"'":
            raw.append(ord(c))
            i += 1
        else:
            return None
    try:
        return raw.decode(charset.lower())
    except UnicodeDecodeError:
        return None


def _target(value: str, i: int) -> tuple[str, int, bool]:
    """Read the target after ``<`` at ``i``: (target, next index, well formed)."""
    n = len(value)
    j = i + 1
    while j < n and value[j] not in '<>"':
        j += 1
    if j < n and value[j] == ">":
        return value[i + 1 : j].strip(_OWS), j + 1, True
    k = i + 1
    while k < j and value[k] not in ";, \t":
        k += 1
    return value[i + 1 : k], k, False


def _params(value: str, i: int) -> tuple[list[tuple[str, str]], int, bool]:
    """Read ``;name=value`` parameters from ``i`` to the end of the link-value."""
    params: list[tuple[str, str]] = []
    n = len(value)
    while True:
        i = skip_ows(value, i)
        if i >= n:
            return params, i, True
        if value[i] == ",":
            return params, i + 1, True
        if value[i] != ";":
            return params, skip_to_comma(value, i), False
        i = skip_ows(value, i + 1)
        start = i
        while i < n and value[i] not in _NAME_STOP:
            i += 1
        name = value[start:i].lower()
        i = skip_ows(value, i)
        text = ""
        if i < n and value[i] == "=":
            i = skip_ows(value, i + 1)
            if i < n and value[i] == '"':
                text, i, terminated = quoted(value, i)
                if not terminated:
                    if name:
                        params.append((name, text.strip(_OWS)))
                    return params, i, False
            else:
                start = i
                while i < n and value[i] not in _TOKEN_STOP:
                    i += 1
                text = value[start:i]
        if not name:
            return params, skip_to_comma(value, i), False
        params.append((name, text))


def _build(target: str, pairs: list[tuple[str, str]]) -> Link:
    params = LinkParams(pairs)
    rels = frozenset(params.get("rel", "").lower().split())
    title = params.get("title")
    if "title*" in params:
        title = decode_ext_value(params["title*"]) or title
    return Link(
        target=target,
        rels=rels,
        params=params,
        anchor=params.get("anchor"),
        title=title,
        media_type=params.get("type"),
    )


def scan_links(value: str) -> tuple[list[Link], bool]:
    """Read every link of ``value``; also say whether anything was malformed.

    Args:
        value: A ``Link`` header value.

    Returns:
        The links, in order, and True when part of the value had to be
        salvaged or dropped.
    """
    links: list[Link] = []
    malformed = False
    i, n = 0, len(value)
    while i < n:
        c = value[i]
        if c in " \t,":
            i += 1
            continue
        if c != "<":
            malformed = True
            i = skip_to_comma(value, i)
            continue
        target, i, ok = _target(value, i)
        pairs, i, params_ok = _params(value, i)
        malformed = malformed or not (ok and params_ok)
        if target:
            links.append(_build(target, pairs))
        else:
            malformed = True
    return links, malformed


def parse_link(value: str) -> list[Link]:
    """Read a ``Link`` header value (RFC 8288).

    Args:
        value: The header value; several lines may be joined by ``", "``.

    Returns:
        The links in the order received; malformed parts are salvaged or
        dropped (see the module documentation), never raised.
    """
    return scan_links(value)[0]
