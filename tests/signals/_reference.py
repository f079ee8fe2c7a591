"""The signals scanners as they were before the fast paths and the bounds (0.x), as an oracle.

Copied from the commit before issues 13 and 14, trimmed to what the scanners
did, character by character and without any bound.  The rewritten scanners
must read every value that stays below the bounds exactly as these did; the
property tests in ``test_fast_paths.py`` hold them to it.
"""

from __future__ import annotations

import datetime as dt

from apiversion_client.signals import Link, LinkParams, WarningValue
from apiversion_client.signals._dates import earliest, parse_http_date
from apiversion_client.signals._deprecation import Deprecation, _member
from apiversion_client.signals._link import decode_ext_value

_OWS = " \t"
_NAME_STOP = frozenset('=;, \t"<>')
_TOKEN_STOP = frozenset(";, \t")
_DIGITS = frozenset("0123456789")
_AGENT_STOP = frozenset(' \t",')
_DAYS = frozenset(
    (
        "mon", "tue", "wed", "thu", "fri", "sat", "sun",
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    )
)  # fmt: skip


def skip_ows(value: str, i: int) -> int:
    """The old skip_ows."""
    while i < len(value) and value[i] in _OWS:
        i += 1
    return i


def skip_to_comma(value: str, i: int) -> int:
    """The old skip_to_comma, one character at a time."""
    in_quotes = False
    n = len(value)
    while i < n:
        c = value[i]
        if in_quotes and c == "\\":
            i += 2
            continue
        if c == '"':
            in_quotes = not in_quotes
        elif c == "," and not in_quotes:
            return i + 1
        i += 1
    return n


def quoted(value: str, i: int) -> tuple[str, int, bool]:
    """The old quoted, one character at a time."""
    out: list[str] = []
    i += 1
    n = len(value)
    while i < n:
        c = value[i]
        if c == "\\" and i + 1 < n:
            out.append(value[i + 1])
            i += 2
        elif c == '"':
            return "".join(out), i + 1, True
        else:
            out.append(c)
            i += 1
    return "".join(out), n, False


def unquote(text: str) -> str:
    """The old unquote."""
    text = text.strip(_OWS)
    if not text.startswith('"'):
        return text
    return quoted(text, 0)[0]


def _ends_with_day(text: str) -> bool:
    word_start = len(text)
    while word_start > 0 and text[word_start - 1].isascii() and text[word_start - 1].isalpha():
        word_start -= 1
        if len(text) - word_start > 9:
            return False
    return text[word_start:].lower() in _DAYS


def split_date_list(value: str) -> list[str]:
    """The old split_date_list: every member, however many."""
    pieces: list[str] = []
    start, in_quotes, escaped = 0, False, False
    for i, c in enumerate(value):
        if escaped:
            escaped = False
        elif in_quotes and c == "\\":
            escaped = True
        elif c == '"':
            in_quotes = not in_quotes
        elif c == "," and not in_quotes:
            pieces.append(value[start:i])
            start = i + 1
    pieces.append(value[start:])
    members: list[str] = []
    pending: list[str] = []
    for piece in pieces:
        pending.append(piece)
        if _ends_with_day(piece.rstrip(" \t")):
            continue
        member = ",".join(pending).strip(" \t")
        pending = []
        if member:
            members.append(member)
    if pending:
        member = ",".join(pending).strip(" \t")
        if member:
            members.append(member)
    return members


def parse_deprecation(value: str) -> Deprecation | None:
    """The old parse_deprecation."""
    deprecated, malformed = False, False
    dates: list[dt.datetime | None] = []
    version: str | None = None
    for member in split_date_list(value):
        said, date, readable, draft = _member(member)
        deprecated = deprecated or said
        malformed = malformed or not readable
        dates.append(date)
        if draft is not None and version is None:
            version = draft[1]
    if not deprecated:
        return None
    return Deprecation(date=earliest(dates), raw=value, version=version, malformed=malformed)


def parse_sunset(value: str) -> dt.datetime | None:
    """The old parse_sunset."""
    return earliest([parse_http_date(unquote(part)) for part in split_date_list(value)])


def _target(value: str, i: int) -> tuple[str, int, bool]:
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
    """The old scan_links: every link, however many, with every parameter."""
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


def _entry(value: str, i: int) -> tuple[WarningValue | None, int]:
    n = len(value)
    code = value[i : i + 3]
    if len(code) != 3 or not all(c in _DIGITS for c in code):
        return None, skip_to_comma(value, i)
    i += 3
    after_code = skip_ows(value, i)
    if after_code == i:
        return None, skip_to_comma(value, i)
    i = after_code
    start = i
    while i < n and value[i] not in _AGENT_STOP:
        i += 1
    agent = value[start:i]
    after_agent = skip_ows(value, i)
    if not agent or after_agent == i or after_agent >= n or value[after_agent] != '"':
        return None, skip_to_comma(value, i)
    text, i, terminated = quoted(value, after_agent)
    if not terminated:
        return None, n
    date: dt.datetime | None = None
    i = skip_ows(value, i)
    if i < n and value[i] == '"':
        raw_date, i, terminated = quoted(value, i)
        if not terminated:
            return None, n
        date = parse_http_date(raw_date)
        i = skip_ows(value, i)
    if i < n and value[i] != ",":
        return None, skip_to_comma(value, i)
    return WarningValue(code=int(code), agent=agent, text=text, date=date), min(i + 1, n)


def scan_warnings(value: str) -> tuple[list[WarningValue], bool]:
    """The old scan_warnings: every entry, however many."""
    warnings: list[WarningValue] = []
    dropped = False
    i, n = 0, len(value)
    while i < n:
        if value[i] in " \t,":
            i += 1
            continue
        entry, i = _entry(value, i)
        if entry is None:
            dropped = True
        else:
            warnings.append(entry)
    return warnings, dropped


_LINE_STARTS = ("end-of-life", "valid-version", "deprecated", '"')


def gdc_lines(value: str) -> list[str]:
    """The old X-GDC-Deprecated line splitter."""
    lines: list[list[str]] = []
    for piece in value.split(","):
        if lines and not piece.lstrip(_OWS)[:16].lower().startswith(_LINE_STARTS):
            lines[-1].append(piece)
        else:
            lines.append([piece])
    joined = (",".join(parts).strip(_OWS + ",") for parts in lines)
    return [line for line in joined if line]
