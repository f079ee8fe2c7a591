"""Bounded work on hostile values: counts of what is built and examined, never times.

A value of many tiny list members costs a fixed number of members read and
objects built, whatever its length: the counts at 8 KiB and at 64 KiB are the
same, and within the documented bounds (64 members; 64 parameters per link;
256 entries per version list).  ``benchmarks/signals_hostile.py`` measures the
times.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from apiversion_client.signals import (
    _dates,
    _deprecation,
    _gdc,
    _link,
    _read,
    _warning,
    parse_deprecation,
    parse_gdc_deprecated,
    parse_link,
    parse_sunset,
    parse_version_list,
    parse_warning,
    read_signals,
)
from apiversion_client.signals._link import MAX_LINK_PARAMS, MAX_LINKS
from apiversion_client.signals._scan import MAX_MEMBERS, MAX_VERSIONS

SIZES = (8 * 1024, 64 * 1024)


def _fill(unit: str, size: int, prefix: str = "") -> str:
    return prefix + unit * ((size - len(prefix)) // len(unit))


def _counting(monkeypatch: pytest.MonkeyPatch, module: object, name: str) -> list[int]:
    """Count the calls of ``module.name`` (a one-element list holding the count)."""
    count = [0]
    original: Callable[..., Any] = getattr(module, name)

    def counted(*args: Any, **kwargs: Any) -> Any:
        count[0] += 1
        return original(*args, **kwargs)

    monkeypatch.setattr(module, name, counted)
    return count


def _counts_per_size(
    monkeypatch: pytest.MonkeyPatch,
    module: object,
    name: str,
    parse: Callable[[str], object],
    unit: str,
    prefix: str = "",
) -> list[int]:
    count = _counting(monkeypatch, module, name)
    counts = []
    for size in SIZES:
        count[0] = 0
        parse(_fill(unit, size, prefix))
        counts.append(count[0])
    return counts


@pytest.mark.parametrize("unit", ["<a,", "<a>,", "<>,", "x,", "<a;,", '<a>;r="x",'])
def test_link_reads_at_most_64_link_values(monkeypatch: pytest.MonkeyPatch, unit: str) -> None:
    """However many tiny links a value holds, at most 64 link-values are read and built."""
    count = _counting(monkeypatch, _link, "skip_to_comma")
    targets = _counting(monkeypatch, _link, "_target")
    for size in SIZES:
        count[0] = targets[0] = 0
        links = parse_link(_fill(unit, size))
        assert len(links) <= MAX_LINKS
        assert targets[0] <= MAX_LINKS
        assert count[0] <= 2 * MAX_LINKS


@pytest.mark.parametrize("size", SIZES)
def test_link_of_64_kib_of_tiny_links_gives_64(size: int) -> None:
    """The issue's values: '<a,' and '<a>,' repeated give exactly the first 64 links."""
    for unit in ("<a,", "<a>,"):
        links = parse_link(_fill(unit, size))
        assert [link.target for link in links] == ["a"] * MAX_LINKS


@pytest.mark.parametrize(("unit", "prefix"), [(";a=1", "<a>"), (";a", "<a>"), ('; a="x"', "<a>")])
def test_link_keeps_at_most_64_parameters(unit: str, prefix: str) -> None:
    """A link with thousands of parameters keeps its first 64."""
    for size in SIZES:
        (link,) = parse_link(_fill(unit, size, prefix))
        assert len(link.params.pairs) == MAX_LINK_PARAMS


def test_link_just_at_the_bound_is_whole() -> None:
    """Exactly 64 links are all read, with no problem; the 65th is ignored, with one."""
    value = ", ".join(f'<https://x/{i}>; rel="successor-version"' for i in range(MAX_LINKS))
    assert len(parse_link(value)) == MAX_LINKS
    assert read_signals([("Link", value)]).problems == ()
    more = read_signals([("Link", value + ', <https://x/64>; rel="successor-version"')])
    assert len(more.links) == MAX_LINKS
    assert [p.message for p in more.problems] == ["more than 64 links; the rest ignored"]


@pytest.mark.parametrize("unit", ["@1,", "true,", "x,", "Sun,", "false,", "@1;a=1,", '"x",'])
def test_deprecation_reads_at_most_64_members(monkeypatch: pytest.MonkeyPatch, unit: str) -> None:
    """Deprecation examines at most 64 members (128 comma pieces), at 8 KiB as at 64 KiB."""
    members = _counts_per_size(monkeypatch, _deprecation, "_member", parse_deprecation, unit)
    assert members[0] == members[1] <= MAX_MEMBERS
    days = _counts_per_size(monkeypatch, _dates, "_ends_with_day", parse_deprecation, unit)
    assert days[0] == days[1] <= 2 * MAX_MEMBERS


@pytest.mark.parametrize("unit", ["Sun, 06 Nov 1994 08:49:37 GMT, ", "x,", "Sun,", ","])
def test_sunset_reads_at_most_64_members(monkeypatch: pytest.MonkeyPatch, unit: str) -> None:
    """Sunset parses at most 64 members as dates, at 8 KiB as at 64 KiB."""
    dates = _counts_per_size(monkeypatch, _deprecation, "parse_http_date", parse_sunset, unit)
    assert dates[0] == dates[1] <= MAX_MEMBERS


@pytest.mark.parametrize("unit", ['299 - "x",', '299 - "",', "1,", '299 - "x" junk,', ","])
def test_warning_reads_at_most_64_entries(monkeypatch: pytest.MonkeyPatch, unit: str) -> None:
    """Warning examines at most 64 entries, valid or not, at 8 KiB as at 64 KiB."""
    entries = _counts_per_size(monkeypatch, _warning, "_entry", parse_warning, unit)
    assert entries[0] == entries[1] <= MAX_MEMBERS
    assert len(parse_warning(_fill(unit, SIZES[1]))) <= MAX_MEMBERS


@pytest.mark.parametrize(
    ("unit", "prefix"),
    [
        ("End-of-life=Sat, ", ""),
        ("End-of-life=Sat, 01 Nov 2025 12:00:00 GMT; valid-version=3, ", ""),
        ("deprecated,", ""),
        ("valid-version=1,", ""),
        ('",', ""),
        (";", ""),
        (";a=1", "End-of-life=x"),
        ("valid-version=1;", ""),
    ],
)
def test_gdc_reads_at_most_64_entries_of_64_fields(
    monkeypatch: pytest.MonkeyPatch, unit: str, prefix: str
) -> None:
    """X-GDC-Deprecated reads at most 64 entries, each up to its 64th field."""
    entries = _counts_per_size(monkeypatch, _gdc, "_entry", parse_gdc_deprecated, unit, prefix)
    assert entries[0] == entries[1] <= MAX_MEMBERS
    fields = _counts_per_size(monkeypatch, _gdc, "unquote", parse_gdc_deprecated, unit, prefix)
    assert fields[0] == fields[1] <= MAX_MEMBERS * (MAX_MEMBERS + 1)
    found = parse_gdc_deprecated(_fill(unit, SIZES[1], prefix))
    assert found is not None
    assert len(found.entries) <= MAX_MEMBERS


@pytest.mark.parametrize("unit", [",1", "1,", ", ,"])
def test_version_list_reads_at_most_256_entries(unit: str) -> None:
    """A version list value is read up to its 256th entry."""
    distinct = ",".join(str(i) for i in range(20000))
    assert len(parse_version_list(distinct)) == MAX_VERSIONS
    assert len(parse_version_list(_fill(unit, SIZES[1]))) <= 1


@pytest.mark.parametrize("unit", [",", "1,2,", "1,"])
def test_echo_header_reads_at_most_64_values(monkeypatch: pytest.MonkeyPatch, unit: str) -> None:
    """An echo header line is read up to its 64th comma-separated value."""
    count = _counting(monkeypatch, _read, "parse_served_version")
    for size in SIZES:
        count[0] = 0
        read_signals([("api-version", _fill(unit, size))])
        assert count[0] <= MAX_MEMBERS


HOSTILE_LINES = [
    ("Deprecation", "@1,", "more than 64 dates; the rest ignored"),
    ("Sunset", "Sun, 06 Nov 1994 08:49:37 GMT, ", "more than 64 dates; the rest ignored"),
    ("Link", "<a>,", "more than 64 links; the rest ignored"),
    ("Warning", '299 - "x",', "more than 64 warnings; the rest ignored"),
    ("X-GDC-Deprecated", "deprecated,", "more than 64 entries; the rest ignored"),
    ("api-supported-versions", "1,", "more than 256 versions; the rest ignored"),
    ("api-version", "1,", "more than 64 values; the rest ignored"),
]


@pytest.mark.parametrize(("header", "unit", "message"), HOSTILE_LINES)
@pytest.mark.parametrize("size", SIZES)
def test_read_signals_says_what_it_ignored(header: str, unit: str, message: str, size: int) -> None:
    """A line cut short at the bound adds one problem naming the bound."""
    value = _fill(unit, size)
    signals = read_signals([(header, value)])
    assert message in [problem.message for problem in signals.problems]
    assert all(len(problem.value) <= 200 for problem in signals.problems)
    assert len(signals.links) <= MAX_LINKS
    assert len(signals.warnings) <= MAX_MEMBERS
    assert len(signals.supported_versions) <= MAX_VERSIONS


def test_bounds_leave_a_value_with_separators_after_the_last_member_whole() -> None:
    """Commas and spaces after the 64th member are not "more"."""
    value = ", ".join(["@1"] * MAX_MEMBERS) + ", , ,  "
    assert read_signals([("Deprecation", value)]).problems == ()
    found = parse_deprecation(value)
    assert found is not None
    assert not found.malformed


def test_deprecation_past_the_bound_is_malformed() -> None:
    """A Deprecation value with more than 64 members is marked malformed (the rest unread)."""
    found = parse_deprecation("@1," * 100)
    assert found is not None
    assert found.malformed
