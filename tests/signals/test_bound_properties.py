"""Properties of the bounds: a list read in part is read as its first members would be."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from apiversion_client.signals import (
    format_http_date,
    parse_deprecation,
    parse_gdc_deprecated,
    parse_link,
    parse_sunset,
    parse_version_list,
    parse_warning,
    read_signals,
)
from apiversion_client.signals._link import MAX_LINKS
from apiversion_client.signals._scan import MAX_MEMBERS, MAX_VERSIONS

SOME = settings(max_examples=60, deadline=None)
COUNTS = st.integers(1, 3 * MAX_MEMBERS)
EPOCHS = st.lists(st.integers(0, 10**10), min_size=1, max_size=3 * MAX_MEMBERS)
DATES = st.lists(
    st.datetimes(min_value=dt.datetime(1970, 1, 1), max_value=dt.datetime(2100, 1, 1)).map(
        lambda d: d.replace(microsecond=0, tzinfo=dt.UTC)
    ),
    min_size=1,
    max_size=3 * MAX_MEMBERS,
)


@SOME
@given(epochs=EPOCHS)
def test_deprecation_reads_its_first_64_dates(epochs: list[int]) -> None:
    """Of many dates, the earliest of the first 64 wins; more than 64 make it malformed."""
    found = parse_deprecation(", ".join(f"@{epoch}" for epoch in epochs))
    assert found is not None
    read = epochs[:MAX_MEMBERS]
    assert found.date == dt.datetime.fromtimestamp(min(read), dt.UTC)
    assert found.malformed is (len(epochs) > MAX_MEMBERS)


@SOME
@given(dates=DATES)
def test_sunset_reads_its_first_64_dates(dates: list[dt.datetime]) -> None:
    """Of many Sunset dates (two comma pieces each), the earliest of the first 64 wins."""
    assert parse_sunset(", ".join(format_http_date(d) for d in dates)) == min(dates[:MAX_MEMBERS])


@SOME
@given(count=COUNTS)
def test_links_warnings_and_entries_are_their_first_64(count: int) -> None:
    """Links, warnings and X-GDC-Deprecated entries past the 64th are left out, in order."""
    links = parse_link(", ".join(f"<https://x/{i}>; rel=next" for i in range(count)))
    assert [link.target for link in links] == [f"https://x/{i}" for i in range(count)][:MAX_LINKS]
    warnings = parse_warning(", ".join(f'299 - "w{i}"' for i in range(count)))
    assert [w.text for w in warnings] == [f"w{i}" for i in range(count)][:MAX_MEMBERS]
    gdc = parse_gdc_deprecated(", ".join(f"valid-version={i}" for i in range(count)))
    assert gdc is not None
    assert [e.valid_version for e in gdc.entries] == [str(i) for i in range(count)][:MAX_MEMBERS]
    assert gdc.malformed is (count > MAX_MEMBERS)


@SOME
@given(count=st.integers(1, 3 * MAX_VERSIONS))
def test_version_lists_are_their_first_256_entries(count: int) -> None:
    """A version list keeps its first 256 entries; read_signals says when there were more."""
    value = ", ".join(f"v{i}" for i in range(count))
    assert parse_version_list(value) == tuple(f"v{i}" for i in range(count))[:MAX_VERSIONS]
    problems = read_signals([("api-supported-versions", value)]).problems
    assert bool(problems) is (count > MAX_VERSIONS)
