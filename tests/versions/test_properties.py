"""Property tests: order is total within a kind, and parse/str round-trip."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from apiversion_client import ApiVersion

SUFFIX = st.sampled_from(["", "-alpha", "-beta", "-preview"])
NUMERIC = st.builds(
    lambda prefix, numbers, suffix: prefix + ".".join(map(str, numbers)) + suffix,
    st.sampled_from(["", "v"]),
    st.lists(st.integers(0, 30), min_size=1, max_size=4),
    SUFFIX,
)
DATE = st.builds(
    lambda day, dashes, train, suffix: (
        day.strftime("%Y-%m-%d" if dashes else "%Y%m%d") + (f".{train}" if train else "") + suffix
    ),
    st.dates(dt.date(1990, 1, 1), dt.date(2099, 12, 31)),
    st.booleans(),
    st.sampled_from(["", "acacia", "basil", "dahlia"]),
    SUFFIX,
)
NAME = st.from_regex(r"[a-z][a-z0-9._~-]{0,10}", fullmatch=True).filter(
    lambda text: not text.startswith("v") or not text[1:2].isdigit()
)
KIND = st.sampled_from([NUMERIC, DATE, NAME]).flatmap(
    lambda kind: st.lists(kind, min_size=3, max_size=3)
)


@settings(max_examples=200)
@given(st.one_of(NUMERIC, DATE, NAME))
def test_str_round_trips(text):
    """str(parse(text)) is text, and parsing it again gives an equal version."""
    version = ApiVersion.parse(text)
    assert str(version) == text
    assert ApiVersion.parse(str(version)) == version
    assert hash(ApiVersion.parse(str(version))) == hash(version)


@settings(max_examples=200)
@given(KIND)
def test_order_is_total_within_a_kind(texts):
    """Within a kind exactly one of <, ==, > holds, and < is transitive."""
    a, b, c = (ApiVersion.parse(text) for text in texts)
    assert a.kind is b.kind is c.kind
    assert [a < b, a == b, a > b].count(True) == 1
    assert (a <= b) == (a < b or a == b)
    if a < b and b < c:
        assert a < c
    if a == b:
        assert hash(a) == hash(b)


@settings(max_examples=100)
@given(NUMERIC)
def test_prerelease_orders_before_its_base(text):
    """A channel suffix orders before the same version without it (PEP 440 style)."""
    version = ApiVersion.parse(text)
    if version.is_prerelease:
        assert version < version.base
    else:
        assert version.base == version
