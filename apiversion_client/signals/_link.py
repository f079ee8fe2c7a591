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

Bounded work: at most :data:`MAX_LINKS` (64) link-values are read per header
value (a dropped or skipped one counts too); the rest of the value is ignored
and :func:`read_links` says so.  A link-value keeps at most
:data:`MAX_LINK_PARAMS` (64) parameters; the rest of it is skipped, as
malformed.  A hostile 64 KiB value therefore builds at most 64 links.

Fast path: a value made only of the usual members, ``<target>`` (no space, quote
or angle bracket inside) followed by ``; name=token`` or ``; name="text"``
parameters (token names; no backslash in the text), separated by commas, is cut
by two anchored regular expressions per link; any other value goes to the
scanner (:func:`scan_links`), which gives the same links for every value the
fast path reads.  Relation types come from a small vocabulary: the set of a
``rel`` text, and the parameters of a link whose only parameter is that
``rel``, are made once and shared (both are immutable; at most 256 ``rel``
texts of at most 64 characters are kept).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Iterator, Mapping
from typing import TypeVar

import attrs

from apiversion_client.signals._frozen import slot_setters
from apiversion_client.signals._scan import MAX_MEMBERS, quoted, skip_ows, skip_to_comma

__all__ = [
    "MAX_LINKS",
    "MAX_LINK_PARAMS",
    "REL_ALTERNATE",
    "REL_DEPRECATION",
    "REL_LATEST_VERSION",
    "REL_PREDECESSOR_VERSION",
    "REL_SUCCESSOR_VERSION",
    "REL_SUNSET",
    "VERSION_RELATIONS",
    "Link",
    "LinkParams",
    "fast_links",
    "parse_link",
    "read_links",
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

#: At most this many link-values are read from one header value.
MAX_LINKS = MAX_MEMBERS
#: At most this many parameters are kept per link-value.
MAX_LINK_PARAMS = 64

_OWS = " \t"
_NAME_STOP = frozenset('=;, \t"<>')
_TOKEN_STOP = frozenset(";, \t")
_HEX = frozenset("0123456789abcdefABCDEF")

# The fast path's grammar: a subset of what the scanner reads, read the same way.
# A link with up to three parameters is read by one match (_FAST_LINK); one with
# more by a match that checks it (_FAST_LINK_ANY) and a findall of its parameters.
_FAST_NAME = r"[!#$%&'*+\-.^_`|~0-9A-Za-z]++"
_FAST_VALUE = r'(?:"([^"\\]*+)"|([^ \t;,"\\]++))'  # (quoted text, token)
_FAST_PARAM_TEXT = rf"[ \t]*+;[ \t]*+({_FAST_NAME})[ \t]*+=[ \t]*+{_FAST_VALUE}"
_FAST_PARAM = re.compile(_FAST_PARAM_TEXT)
_FAST_TARGET = r'<([^<>" \t]++)>'
_FAST_END = r"[ \t]*+(?:,[ \t,]*+|\Z)"
_FAST_LINK = re.compile(
    rf"{_FAST_TARGET}(?:{_FAST_PARAM_TEXT}(?:{_FAST_PARAM_TEXT}(?:{_FAST_PARAM_TEXT})?)?)?"
    + _FAST_END
)
_FAST_LINK_ANY = re.compile(
    rf"{_FAST_TARGET}((?:[ \t]*+;[ \t]*+{_FAST_NAME}[ \t]*+=[ \t]*+"
    r'(?:"[^"\\]*+"|[^ \t;,"\\]++))*+)' + _FAST_END
)
_SEPARATORS = re.compile(r"[ \t,]*+")
_SLOTS = (1, 4, 7)  # where each parameter's (name, quoted, token) groups start


def _first_wins(pairs: tuple[tuple[str, str], ...]) -> dict[str, str]:
    """Name -> value, the first value of a repeated name winning, in first-seen order."""
    index = dict(pairs)
    if len(index) == len(pairs):
        return index  # no name repeats: the usual case
    index = {}
    for name, value in pairs:
        index.setdefault(name, value)
    return index


class LinkParams(Mapping[str, str]):
    """The target attributes of a link: an immutable, hashable mapping.

    Names are lower-cased; looking a name up is case-insensitive; when a name
    repeats, the first value wins (all of them stay in :attr:`pairs`).
    """

    __slots__ = ("_index", "_pairs")

    # ``_pairs`` None: no name repeats, and the pairs are ``_index``'s items (the
    # fast path builds only the index; the pairs are made when first asked for).
    _pairs: tuple[tuple[str, str], ...] | None

    def __init__(self, pairs: Iterable[tuple[str, str]] = ()) -> None:
        self._pairs = tuple((name.lower(), value) for name, value in pairs)
        self._index = _first_wins(self._pairs)

    @property
    def pairs(self) -> tuple[tuple[str, str], ...]:
        """Every (name, value) pair in the order received, repeats included."""
        pairs = self._pairs
        if pairs is None:
            pairs = self._pairs = tuple(self._index.items())
        return pairs

    def __getitem__(self, name: str) -> str:
        if not isinstance(name, str):
            raise KeyError(name)
        return self._index[name.lower()]

    def __iter__(self) -> Iterator[str]:
        return iter(self._index)

    def __len__(self) -> int:
        return len(self._index)

    def __hash__(self) -> int:
        return hash(self.pairs)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, LinkParams):
            return self.pairs == other.pairs
        if isinstance(other, Mapping):
            return dict(self._index) == dict(other.items())
        return NotImplemented

    def __repr__(self) -> str:
        return f"LinkParams({list(self.pairs)!r})"


_NO_RELS: frozenset[str] = frozenset()
_new = object.__new__


# Relation types come from a small vocabulary: their sets are kept, by the rel
# parameter's text (at most 64 characters), 256 of them, the oldest going first
# when full (a burst of made-up rels must not keep the usual ones out for good).
# Never invalidated: a pure function of the text.
_RELS: dict[str, frozenset[str]] = {}
_RELS_ENTRIES = 256
_RELS_MAX_LENGTH = 64
_RELS_LOCK = threading.Lock()
_V = TypeVar("_V")


# A link whose only parameter is its rel: the parameters and the relation types,
# shared by every such link with the same rel (both are immutable), kept under
# the same bound and rule.
_REL_ONLY: dict[str, tuple[LinkParams, frozenset[str]]] = {}


def _keep(cache: dict[str, _V], key: str, value: _V) -> None:
    """Remember ``value`` (a short key only), the oldest entry going first when full."""
    if len(key) > _RELS_MAX_LENGTH:
        return
    with _RELS_LOCK:
        if key not in cache and len(cache) >= _RELS_ENTRIES:
            del cache[next(iter(cache))]
        cache[key] = value


def _rel_only(rel: str) -> tuple[LinkParams, frozenset[str]]:
    """The parameters and relation types of a link whose only parameter is ``rel``."""
    params: LinkParams = _new(LinkParams)
    params._pairs = (("rel", rel),)
    params._index = {"rel": rel}
    found = params, (_rels(rel) if rel else _NO_RELS)
    _keep(_REL_ONLY, rel, found)
    return found


def _rels(rel: str) -> frozenset[str]:
    """The relation types of a ``rel`` parameter: lower-cased, split at whitespace."""
    found = _RELS.get(rel)
    if found is None:
        found = frozenset(rel.lower().split())
        _keep(_RELS, rel, found)
    return found


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


_SET_TARGET, _SET_RELS, _SET_PARAMS, _SET_ANCHOR, _SET_TITLE, _SET_MEDIA_TYPE = slot_setters(
    Link, "target", "rels", "params", "anchor", "title", "media_type"
)


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
        if value[i] != ";" or len(params) >= MAX_LINK_PARAMS:
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


def _link(target: str, params: LinkParams) -> Link:
    """The :class:`Link` of a target and its parameters (built without attrs' ``__init__``)."""
    index = params._index
    rel = index.get("rel")
    title = index.get("title")
    if "title*" in index:
        title = decode_ext_value(index["title*"]) or title
    link: Link = _new(Link)
    _SET_TARGET(link, target)
    _SET_RELS(link, _rels(rel) if rel else _NO_RELS)
    _SET_PARAMS(link, params)
    _SET_ANCHOR(link, index.get("anchor"))
    _SET_TITLE(link, title)
    _SET_MEDIA_TYPE(link, index.get("type"))
    return link


def fast_links(value: str) -> list[Link] | None:
    """The links of a value made only of the usual members; None for anything else.

    The scanner's work, unrolled for speed: each link is one match, its
    parameters come out of the match's groups, and the link is built in place.
    """
    links: list[Link] = []
    n = len(value)
    i = 0 if value[:1] == "<" else _SEPARATORS.match(value).end()  # type: ignore[union-attr]
    link: Link
    index: dict[str, str]
    params: LinkParams
    rels: frozenset[str]
    while i < n:
        found = _FAST_LINK.match(value, i)
        if found is not None:
            target, n1, q1, t1, n2, q2, t2, n3, q3, t3 = found.groups()
            if n1 is None:
                index, count = {}, 0
            elif n2 is None:
                name, text = n1.lower(), t1 if q1 is None else q1
                if name == "rel":  # only a rel: the usual link, its parameters shared
                    params, rels = _REL_ONLY.get(text) or _rel_only(text)
                    link = _new(Link)
                    _SET_TARGET(link, target)
                    _SET_RELS(link, rels)
                    _SET_PARAMS(link, params)
                    _SET_ANCHOR(link, None)
                    _SET_TITLE(link, None)
                    _SET_MEDIA_TYPE(link, None)
                    links.append(link)
                    if len(links) > MAX_LINKS:
                        return None
                    i = found.end()
                    continue
                index, count = {name: text}, 1
            elif n3 is None:
                index = {n1.lower(): t1 if q1 is None else q1, n2.lower(): t2 if q2 is None else q2}
                count = 2
            else:
                index = {
                    n1.lower(): t1 if q1 is None else q1,
                    n2.lower(): t2 if q2 is None else q2,
                    n3.lower(): t3 if q3 is None else q3,
                }
                count = 3
        else:
            found = _FAST_LINK_ANY.match(value, i)
            if found is None:
                return None
            target, text = found.groups()
            if text.count(";") > MAX_LINK_PARAMS:
                return None  # the scanner keeps the first 64
            # findall gives "" for the alternative not taken
            params_found = _FAST_PARAM.findall(text)
            index = {name.lower(): text or token for name, text, token in params_found}
            count = len(params_found)
        if len(index) != count:
            return None  # a name repeats: the scanner keeps every pair
        params = _new(LinkParams)
        params._pairs = None
        params._index = index
        rel = index.get("rel")
        if rel is None:
            rels = _NO_RELS
        else:
            rels = _RELS.get(rel) or _rels(rel)
        title = index.get("title")
        if "title*" in index:
            title = decode_ext_value(index["title*"]) or title
        link = _new(Link)
        _SET_TARGET(link, target)
        _SET_RELS(link, rels)
        _SET_PARAMS(link, params)
        _SET_ANCHOR(link, index.get("anchor"))
        _SET_TITLE(link, title)
        _SET_MEDIA_TYPE(link, index.get("type"))
        links.append(link)
        if len(links) > MAX_LINKS:
            return None  # the scanner says what was left out
        i = found.end()
    return links


def scan_links(value: str) -> tuple[list[Link], bool, bool]:
    """Read the links of ``value`` with the scanner: (links, malformed, truncated).

    ``malformed``: part of the value had to be salvaged or dropped;
    ``truncated``: it holds more than :data:`MAX_LINKS` link-values and the rest
    was ignored.
    """
    links: list[Link] = []
    malformed = False
    read = 0
    i, n = 0, len(value)
    while i < n:
        c = value[i]
        if c in " \t,":
            i += 1
            continue
        if read >= MAX_LINKS:
            return links, malformed, True
        read += 1
        if c != "<":
            malformed = True
            i = skip_to_comma(value, i)
            continue
        target, i, ok = _target(value, i)
        pairs, i, params_ok = _params(value, i)
        malformed = malformed or not (ok and params_ok)
        if target:
            links.append(_link(target, LinkParams(pairs)))
        else:
            malformed = True
    return links, malformed, False


def read_links(value: str) -> tuple[list[Link], bool, bool]:
    """Read every link of ``value`` (up to :data:`MAX_LINKS`); say what went wrong.

    Args:
        value: A ``Link`` header value.

    Returns:
        The links, in order; True when part of the value had to be salvaged or
        dropped; True when the value holds more than :data:`MAX_LINKS`
        link-values and the rest was ignored.
    """
    links = fast_links(value)
    if links is not None:
        return links, False, False
    return scan_links(value)


def parse_link(value: str) -> list[Link]:
    """Read a ``Link`` header value (RFC 8288).

    Args:
        value: The header value; several lines may be joined by ``", "``.  At
            most 64 link-values are read (``MAX_LINKS``), each with at most 64
            parameters; the rest is ignored, so a hostile value builds at most
            64 links.

    Returns:
        The links in the order received; malformed parts are salvaged or
        dropped, never raised (``read_signals`` records a problem for both).
    """
    links = fast_links(value)
    if links is not None:
        return links
    return scan_links(value)[0]
