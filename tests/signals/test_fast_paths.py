"""The fast paths read exactly what the scanners read, and the scanners what the old ones did.

Values are generated well formed and awkward: mixed case, extra or missing
whitespace, quoted strings with escapes and commas, non-ASCII digits, ``str``
subclasses, huge values, and values just off the fast paths' grammar.  For
each parser: the fast path, when it answers, gives what the scanner gives (the
same datetime, the same Link objects and parameters, no problem); the public
parser gives what the scanner gives; and below the bounds, the scanner gives
what the pre-issue-13 scanner (``_reference``) gave.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from apiversion_client.signals import _read as read_module
from apiversion_client.signals import (
    format_http_date,
    parse_deprecation,
    parse_gdc_deprecated,
    parse_http_date,
    parse_link,
    parse_sunset,
    parse_warning,
    read_signals,
)
from apiversion_client.signals._dates import fast_http_date, scan_http_date, split_date_list
from apiversion_client.signals._deprecation import fast_deprecation, scan_deprecation, scan_sunset
from apiversion_client.signals._gdc import fast_gdc_deprecated, scan_gdc_deprecated
from apiversion_client.signals._link import MAX_LINKS, fast_links, scan_links
from apiversion_client.signals._scan import quoted, skip_to_comma
from apiversion_client.signals._warning import fast_warnings, scan_warnings

from . import _reference

MANY = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


class Text(str):
    """A ``str`` subclass, as some header containers hand values over."""

    __slots__ = ()


AWARE = st.datetimes(
    min_value=dt.datetime(1, 1, 2), max_value=dt.datetime(9999, 12, 30), timezones=st.just(dt.UTC)
).map(lambda d: d.replace(microsecond=0))

ARABIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")

# What turns a well-formed value into one just off a fast path's grammar.
NUDGES = [" ", "  ", "\t", '"', "\\", ",", ";", "<", ">", "=", "\n", "é", "٣", "'", "*", "A", "0"]


@st.composite
def _nudged(draw: st.DrawFn, values: st.SearchStrategy[str]) -> str:
    """A value from ``values`` with one or two characters inserted, deleted or replaced."""
    value = draw(values)
    for _ in range(draw(st.integers(1, 2))):
        at = draw(st.integers(0, len(value)))
        nudge = draw(st.sampled_from(NUDGES))
        how = draw(st.sampled_from(["insert", "delete", "replace"]))
        if how == "insert":
            value = value[:at] + nudge + value[at:]
        elif how == "delete":
            value = value[:at] + value[at + 1 :]
        else:
            value = value[:at] + nudge + value[at + 1 :]
    return value


def _variants(value: str) -> st.SearchStrategy[str]:
    """``value`` as is, and just off the grammar in the ways servers get it wrong."""
    return st.sampled_from(
        [
            value,
            value.lower(),
            value.upper(),
            f" {value}",
            f"{value} ",
            f"\t{value}",
            value.replace(" ", "  "),
            value.replace(" ", "\t", 1),
            value.replace(", ", ","),
            value.replace("GMT", "UTC"),
            value.replace("GMT", "GM"),
            value.replace(":", ":6", 1),
            value.translate(ARABIC),
            f'"{value}"',
            value + "x" * 3000,
            value[:-1],
            value + ",",
        ]
    )


def _date_parts() -> st.SearchStrategy[str]:
    """IMF-fixdate shaped text with each part drawn in and out of its range."""
    two = st.integers(0, 99).map(lambda n: f"{n:02d}")
    return st.builds(
        "{}, {} {} {} {}:{}:{} {}".format,
        st.sampled_from(["Mon", "Sun", "Sunday", "sun", "Foo", "Thu"]),
        st.one_of(two, st.sampled_from(["1", "00", "32", "01".translate(ARABIC)])),
        st.sampled_from(["Jan", "Feb", "Apr", "Nov", "nov", "NOV", "Foo"]),
        st.one_of(
            st.integers(0, 9999).map(lambda n: f"{n:04d}"), st.sampled_from(["94", "994", "0000"])
        ),
        st.one_of(two, st.just("7")),
        two,
        st.one_of(two, st.just("60")),
        st.sampled_from(["GMT", "UTC", "+0000", "-0130", "PST", "gmt", "GM"]),
    )


DATES = st.one_of(
    AWARE.map(format_http_date),
    AWARE.map(format_http_date).flatmap(_variants),
    _nudged(AWARE.map(format_http_date)),
    _date_parts(),
)


@MANY
@given(value=DATES, subclass=st.booleans())
@example(value="Sun, 06 Nov 1994 08:49:60 GMT", subclass=False)  # a leap second
@example(value="Sun, 31 Feb 1994 08:49:37 GMT", subclass=False)
@example(value="Sun, 00 Nov 1994 08:49:37 GMT", subclass=False)
@example(value="Sun, 06 Nov 0000 08:49:37 GMT", subclass=False)
@example(value="Sun, 06 Nov 1994 24:00:00 GMT", subclass=False)
@example(value="Sun, ٠٦ Nov 1994 08:49:37 GMT", subclass=False)
@example(value="Sun, 06 Nov 1994 08:49:37 GMT ", subclass=False)
def test_http_date_fast_path_is_the_scanner(value: str, subclass: bool) -> None:
    """parse_http_date gives what the scanner gives; the fast path answers only alike."""
    text = Text(value) if subclass else value
    fast = fast_http_date(text)
    scanned = scan_http_date(text)
    assert fast is None or fast == scanned
    assert fast is None or fast.tzinfo is dt.UTC
    assert parse_http_date(text) == scanned


@MANY
@given(value=st.one_of(DATES, st.lists(DATES, min_size=1, max_size=4).map(", ".join)))
def test_sunset_fast_path_is_the_scanner(value: str) -> None:
    """parse_sunset gives what its scanner gives, and what the old scanner gave."""
    assert parse_sunset(value) == scan_sunset(value)[0] == _reference.parse_sunset(value)
    assert scan_sunset(value)[1] is False  # a handful of members: nothing ignored


EPOCHS = st.one_of(
    st.integers(0, 10**16).map(lambda n: f"@{n}"),
    st.integers(0, 10**11).map(lambda n: f"@{n:012d}"),
    st.integers(0, 10**6).flatmap(
        lambda n: st.sampled_from(
            [
                f"@{n}".translate(ARABIC),
                f"@-{n}",
                f"@+{n}",
                f"@ {n}",
                f" @{n}",
                f"@{n} ",
                f"\t@{n}",
                f"@{n};a=1",
                f"@{n}.5",
                f"@{n}_0",
                f"@{n},@{n + 1}",
                f"@{n}, true",
                "@",
                f"{n}",
            ]
        )
    ),
)
DEPRECATIONS = st.one_of(
    EPOCHS,
    _nudged(EPOCHS),
    DATES,
    st.sampled_from(["true", "TRUE", "?1", "false", "?0", "", " ", 'version="v1"', "yes"]),
    st.lists(st.one_of(EPOCHS, DATES), min_size=2, max_size=4).map(", ".join),
)


@MANY
@given(value=DEPRECATIONS, subclass=st.booleans())
@example(value="@99999999999", subclass=False)  # the largest epoch the fast path reads
@example(value="@253402300799", subclass=False)  # 12 digits: the scanner's
@example(value="@253402300800", subclass=False)
@example(value="@٣", subclass=False)
@example(value="@²", subclass=False)
@example(value="@0", subclass=True)
def test_deprecation_fast_path_is_the_scanner(value: str, subclass: bool) -> None:
    """parse_deprecation gives what its scanner gives, and what the old scanner gave."""
    text = Text(value) if subclass else value
    fast = fast_deprecation(text)
    scanned, unreadable, truncated = scan_deprecation(text)
    assert fast is None or (fast == scanned and not unreadable)
    assert parse_deprecation(text) == scanned == _reference.parse_deprecation(text)
    assert truncated is False


TARGETS = st.one_of(
    st.from_regex(r"https?://[a-z]{1,8}\.example/[a-z0-9/_.?=&-]{0,40}", fullmatch=True),
    st.sampled_from(
        ["/", "a,b;c", " spaced ", "a b", "", 'q"uote', "x" * 5000, "\tt", "é/ü", "a\nb", "a<b"]
    ),
)
NAMES = st.sampled_from(
    [
        *("rel", "REL", "Rel", "type", "title", "title*", "anchor", "version", "Version"),
        *("api-version", "hreflang", "x", "", "a b", "é", "rel"),
    ]
)
VALUES = st.one_of(
    st.from_regex(r"[a-zA-Z0-9./:-]{0,16}", fullmatch=True),
    st.sampled_from(
        [
            '"successor-version"',
            '"deprecation sunset"',
            '"Latest-Version"',
            '"a, b; c"',
            r'"say \"hi\""',
            '"back\\\\slash"',
            '""',
            '"unterminated',
            "UTF-8''%e2%82%ac%20rates",
            "UTF-8'de'%zz",
            'tok"en',
            "",
            "a=b",
            "<x>",
        ]
    ),
)
OWS = st.sampled_from(["", "", " ", "  ", "\t"])


@st.composite
def _param(draw: st.DrawFn) -> str:
    name = draw(NAMES)
    if draw(st.integers(0, 9)) == 0:
        return f"{draw(OWS)};{draw(OWS)}{name}"  # no value
    return f"{draw(OWS)};{draw(OWS)}{name}{draw(OWS)}={draw(OWS)}{draw(VALUES)}"


@st.composite
def _link(draw: st.DrawFn) -> str:
    link = f"<{draw(TARGETS)}>" + "".join(draw(st.lists(_param(), max_size=5)))
    return link if draw(st.integers(0, 19)) else link.replace(">", "", 1)  # sometimes no >


SEPARATORS = st.sampled_from([", ", ",", " , ", ",,", ", , ", ",\t"])


@st.composite
def _links(draw: st.DrawFn) -> str:
    links = draw(st.lists(_link(), max_size=6))
    value = ""
    for link in links:
        value += (draw(SEPARATORS) if value else "") + link
    if draw(st.booleans()):
        value = draw(st.sampled_from(["", " ", ", ", "junk, "])) + value
    if draw(st.booleans()):
        value += draw(st.sampled_from(["", ",", " ", ", ", " junk"]))
    return value


WELL_FORMED_LINKS = st.lists(
    st.builds(
        "<{}>{}".format,
        st.one_of(
            TARGETS.filter(lambda t: t.strip() and not set(t) & set('<>" \t')),
            st.from_regex(r"[a-z/:.,;=?&%~é\n-]{1,20}", fullmatch=True),
        ),
        st.lists(
            st.builds(
                "; {}={}".format,
                st.sampled_from(["rel", "type", "version", "title", "Anchor", "REL", "title*"]),
                st.one_of(
                    st.from_regex(r'"[^"\\]{0,12}"', fullmatch=True),
                    st.from_regex(r"[a-z0-9.-]{1,12}", fullmatch=True),
                ),
            ),
            max_size=5,
        ).map("".join),
    ),
    min_size=1,
    max_size=4,
).map(", ".join)

LINK_VALUES = st.one_of(
    _links(),
    WELL_FORMED_LINKS,
    _nudged(WELL_FORMED_LINKS),
    st.integers(60, 70).map(
        lambda count: ", ".join(f'<https://x/{i}>; rel="successor-version"' for i in range(count))
    ),
)


@MANY
@given(value=LINK_VALUES, subclass=st.booleans())
@example(value='<a>; rel="x', subclass=False)  # unterminated: not a token
@example(value='<a>; rel=a"b', subclass=False)  # a quote inside a token
@example(value='<a>; rel="a\\"b"', subclass=False)  # an escaped quote
@example(value='<a>; title="back\\\\slash"', subclass=False)  # an escaped backslash
@example(value="< a>; rel=x", subclass=False)  # space inside the brackets
@example(value="<a\tb>; rel=x", subclass=False)
@example(value="<a>; rel=x; rel=y", subclass=False)  # a name repeats
@example(value="<a>; rel=; type=x", subclass=False)  # an empty token
@example(value='<a>; Rel=X, <b>;REL = "Y"', subclass=False)
@example(value="<a>; rel=x <b>", subclass=False)
@example(value="<a><b>", subclass=False)
@example(value="<a>;rel=x;type=y;title=z;anchor=w;version=v", subclass=False)  # more than three
@example(value="<>; rel=x", subclass=False)
@example(value="<a>; r\u00e9l=x", subclass=False)
@example(value="<a>; rel=x\n", subclass=False)
@example(value='<a>; rel="x"y', subclass=False)
def test_link_fast_path_is_the_scanner(value: str, subclass: bool) -> None:
    """parse_link gives the scanner's links; the fast path answers only for clean values."""
    text = Text(value) if subclass else value
    fast = fast_links(text)
    scanned, malformed, truncated = scan_links(text)
    if fast is not None:
        assert (fast, malformed, truncated) == (scanned, False, False)
        assert [link.params.pairs for link in fast] == [link.params.pairs for link in scanned]
        assert [hash(link) for link in fast] == [hash(link) for link in scanned]
    assert parse_link(text) == scanned
    old, old_malformed = _reference.scan_links(text)
    if truncated:
        assert len(scanned) <= MAX_LINKS
        assert scanned == old[: len(scanned)]
    else:
        assert (scanned, malformed) == (old, old_malformed)


def _warning_entries() -> st.SearchStrategy[str]:
    return st.builds(
        "{} {} {}{}".format,
        st.sampled_from(["299", "199", "110", "29", "2999", "abc", "٢٩٩"]),
        st.sampled_from(["-", "api.example.com:8443", "anderson/1.3.37", "", 'a"b']),
        st.sampled_from(
            [
                *('"batch/v1beta1 CronJob is deprecated"', '"a, b; c"', r'"say \"hi\""', '""'),
                *('"unterminated', "unquoted", '"x" junk'),
            ]
        ),
        st.sampled_from(["", ' "Sat, 25 Aug 2012 23:34:45 GMT"', ' "not a date"', '  "x']),
    )


WELL_FORMED_WARNINGS = st.builds(
    '{} {} "{}"'.format,
    st.from_regex(r"[0-9]{3}", fullmatch=True),
    st.sampled_from(["-", "api.example.com:8443", "anderson/1.3.37", "é"]),
    st.from_regex(r'[^"\\]{0,40}', fullmatch=True),
)
WARNING_VALUES = st.one_of(
    WELL_FORMED_WARNINGS,
    _nudged(WELL_FORMED_WARNINGS),
    _warning_entries(),
    st.lists(_warning_entries(), min_size=1, max_size=4).map(", ".join),
    _warning_entries().flatmap(lambda v: st.sampled_from([f" {v}", f"{v} ", f"{v},", f"{v}\t"])),
)


@MANY
@given(value=WARNING_VALUES, subclass=st.booleans())
@example(value='299 a,b "x"', subclass=False)  # a comma in the agent
@example(value='299 - "a\\"b"', subclass=False)
@example(value='299  - "x"', subclass=False)
@example(value='299 - "x" ', subclass=False)
@example(value='299 - "x",', subclass=False)
@example(value='٢٩٩ - "x"', subclass=False)
def test_warning_fast_path_is_the_scanner(value: str, subclass: bool) -> None:
    """parse_warning gives the scanner's warnings, and the old scanner's."""
    text = Text(value) if subclass else value
    fast = fast_warnings(text)
    scanned, dropped, truncated = scan_warnings(text)
    assert fast is None or (fast, dropped, truncated) == (scanned, False, False)
    assert parse_warning(text) == scanned
    assert (scanned, dropped) == _reference.scan_warnings(text)
    assert truncated is False


def _gdc_entries() -> st.SearchStrategy[str]:
    entry = st.builds(
        "{}{}{}; {}{}{}".format,
        st.sampled_from(["End-of-life", "end-of-life", "END-OF-LIFE", " End-of-life"]),
        st.sampled_from(["=", ": ", " = "]),
        DATES,
        st.sampled_from(["valid-version", "Valid-Version", "VALID-VERSION"]),
        st.sampled_from(["=", ": ", "="]),
        st.sampled_from(["2", "3", "10", "beta", "", '"4"', "2022-11-28"]),
    )
    return st.one_of(
        entry,
        entry.map(lambda e: f'"{e}"'),
        st.sampled_from(["deprecated", "valid-version=5", "something else", '"', ";;"]),
    )


WELL_FORMED_GDC = st.builds(
    "End-of-life={}; valid-version={}".format,
    AWARE.map(format_http_date),
    st.from_regex(r"[0-9A-Za-z._-]{1,10}", fullmatch=True),
)
GDC_VALUES = st.one_of(
    WELL_FORMED_GDC,
    _nudged(WELL_FORMED_GDC),
    _gdc_entries(),
    st.lists(_gdc_entries(), min_size=2, max_size=4).map(", ".join),
)


@MANY
@given(value=GDC_VALUES, subclass=st.booleans())
@example(value='End-of-life=Sat, 01 Nov 2025 12:00:00 GMT; valid-version="4"', subclass=False)
@example(value="End-of-life=Sat, 01 Nov 2025 12:00:00 GMT; valid-version=4 ", subclass=False)
@example(value="End-of-life=Sat, 31 Feb 2025 12:00:00 GMT; valid-version=4", subclass=False)
@example(value="End-of-life=Sat, 01 Nov 2025 12:00:60 GMT; valid-version=4", subclass=False)
@example(value="End-of-life=Sat, 01 Nov 2025 12:00:00 GMT;valid-version=4", subclass=False)
@example(value="End-of-life=Sat, 01 Nov 2025 12:00:00 GMT; valid-version=", subclass=False)
def test_gdc_fast_path_is_the_scanner(value: str, subclass: bool) -> None:
    """parse_gdc_deprecated gives what its scanner gives; entries split as the old lines did."""
    text = Text(value) if subclass else value
    fast = fast_gdc_deprecated(text)
    scanned, truncated = scan_gdc_deprecated(text)
    assert fast is None or fast == scanned
    assert parse_gdc_deprecated(text) == scanned
    assert truncated is False
    lines = _reference.gdc_lines(text)
    if scanned is None:
        assert lines == []
    else:
        assert [entry.raw for entry in scanned.entries] == lines


@MANY
@given(value=GDC_VALUES)
def test_gdc_keeps_each_entrys_fields_together(value: str) -> None:
    """The end of life is the earliest entry's; the valid version is that same entry's."""
    found = parse_gdc_deprecated(value)
    if found is None:
        return
    dated = [entry for entry in found.entries if entry.end_of_life is not None]
    if dated:
        chosen = min(dated, key=lambda entry: entry.end_of_life)  # type: ignore[arg-type,return-value]
        assert (found.end_of_life, found.valid_version) == (
            chosen.end_of_life,
            chosen.valid_version,
        )
    else:
        versions = [e.valid_version for e in found.entries if e.valid_version is not None]
        assert found.end_of_life is None
        assert found.valid_version == (versions[0] if versions else None)
    assert found.malformed == any(entry.malformed for entry in found.entries)


LIST_TEXT = st.lists(
    st.sampled_from(['"', "\\", ",", " ", "\t", "a", "Sun", "Tue", "@1", ";", "x"]), max_size=40
).map("".join)


@MANY
@given(value=LIST_TEXT)
def test_list_helpers_are_the_old_ones(value: str) -> None:
    """split_date_list, quoted and skip_to_comma cut values exactly as the old scanners did."""
    members, truncated = split_date_list(value)
    assert (members, truncated) == (_reference.split_date_list(value), False)
    for start in range(len(value)):
        assert skip_to_comma(value, start) == _reference.skip_to_comma(value, start)
        if value[start] == '"':
            assert quoted(value, start) == _reference.quoted(value, start)


HEADER_LINES = st.lists(
    st.one_of(
        st.tuples(st.just("Deprecation"), DEPRECATIONS),
        st.tuples(st.just("Sunset"), DATES),
        st.tuples(st.just("Link"), _links()),
        st.tuples(st.just("Warning"), WARNING_VALUES),
        st.tuples(st.just("X-GDC-Deprecated"), GDC_VALUES),
        st.tuples(st.sampled_from(["api-version", "x-api-version"]), st.sampled_from(["1", "2"])),
    ),
    max_size=6,
)

_FAST_PATHS = (
    "fast_deprecation",
    "fast_http_date",
    "fast_links",
    "fast_warnings",
    "fast_gdc_deprecated",
)


def _clear_caches() -> None:
    for clear in read_module._caches:
        clear()


@contextlib.contextmanager
def _scanners_only() -> Iterator[None]:
    """read_signals with every fast path turned off (and no cache in the way)."""
    saved = {name: getattr(read_module, name) for name in _FAST_PATHS}
    for name in _FAST_PATHS:
        setattr(read_module, name, lambda value: None)
    _clear_caches()
    try:
        yield
    finally:
        for name, function in saved.items():
            setattr(read_module, name, function)
        _clear_caches()


@MANY
@given(lines=HEADER_LINES)
def test_read_signals_fast_paths_change_nothing(lines: list[tuple[str, str]]) -> None:
    """read_signals gives the same Signals, problems included, with or without the fast paths."""
    _clear_caches()
    fast = read_signals(lines)
    with _scanners_only():
        scanned = read_signals(lines)
    assert fast == scanned
