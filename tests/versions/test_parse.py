"""ApiVersion.parse, str, kinds, channels and order, as tables of real inputs."""

from __future__ import annotations

import datetime as dt
import itertools
import pickle

import pytest

from apiversion_client import ApiVersion, Channel, VersionKind

P = ApiVersion.parse

PARSED = [
    # text, kind, channel, numbers, date, train
    ("5", VersionKind.NUMERIC, Channel.STABLE, (5,), None, None),
    ("0.6", VersionKind.NUMERIC, Channel.STABLE, (0, 6), None, None),
    ("1.2", VersionKind.NUMERIC, Channel.STABLE, (1, 2), None, None),
    ("v1", VersionKind.NUMERIC, Channel.STABLE, (1,), None, None),
    ("v2.1", VersionKind.NUMERIC, Channel.STABLE, (2, 1), None, None),
    ("v1-beta", VersionKind.NUMERIC, Channel.BETA, (1,), None, None),
    ("2022-11-28", VersionKind.DATE, Channel.STABLE, (), dt.date(2022, 11, 28), None),
    ("20230101", VersionKind.DATE, Channel.STABLE, (), dt.date(2023, 1, 1), None),
    ("20230101-beta", VersionKind.DATE, Channel.BETA, (), dt.date(2023, 1, 1), None),
    ("20230101-alpha", VersionKind.DATE, Channel.ALPHA, (), dt.date(2023, 1, 1), None),
    ("2024-01-01-preview", VersionKind.DATE, Channel.PREVIEW, (), dt.date(2024, 1, 1), None),
    ("2026-06-24.dahlia", VersionKind.DATE, Channel.STABLE, (), dt.date(2026, 6, 24), "dahlia"),
    ("playground", VersionKind.NAME, Channel.UNSTABLE, (), None, None),
    ("experimental", VersionKind.NAME, Channel.UNSTABLE, (), None, None),
    ("latest", VersionKind.NAME, Channel.STABLE, (), None, None),
    ("beta", VersionKind.NAME, Channel.BETA, (), None, None),
]


@pytest.mark.parametrize(("text", "kind", "channel", "numbers", "date", "train"), PARSED)
def test_parse_table(text, kind, channel, numbers, date, train):
    """Each real-world shape parses to its kind, channel and parts, and str gives it back."""
    version = P(text)
    assert (version.kind, version.channel, version.numbers, version.date, version.train) == (
        kind,
        channel,
        numbers,
        date,
        train,
    )
    assert str(version) == text
    assert version.is_prerelease is (channel is not Channel.STABLE)


@pytest.mark.parametrize("text", [" v1 ", "\tv1", "v1  "])
def test_surrounding_whitespace_is_stripped(text):
    """Spaces and tabs around the text are dropped from the wire text."""
    assert str(P(text)) == "v1"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("v1\r\n", "control characters"),
        ("v1\nX-Evil: 1", "control characters"),
        ("1\x00", "control characters"),
        ("v\x7f1", "control characters"),
        ("v 1", "header or query value"),
        ("1;2", "header or query value"),
        ("1&x=2", "header or query value"),
        ("vé", "header or query value"),
        ('"1"', "header or query value"),
        ("2019-13-01", "not a valid date"),
        ("-1", "not a number, date or name"),
        ("x" * 200, "longer than"),
    ],
)
def test_bad_input_is_a_value_error_quoting_it(text, reason):
    """Bad text raises ValueError whose message quotes the input and says why."""
    with pytest.raises(ValueError) as info:
        P(text)
    assert repr(text)[:30] in str(info.value)
    assert reason in str(info.value)


def test_parse_accepts_int_and_apiversion():
    """An int parses as a numeric version; an ApiVersion is returned as it is."""
    version = P(5)
    assert str(version) == "5"
    assert P(version) is version
    with pytest.raises(ValueError, match="-3"):
        P(-3)


@pytest.mark.parametrize("value", [1.5, None, True, b"1"])
def test_parse_rejects_other_types(value):
    """Floats, None, bools and bytes are a TypeError, not a guess."""
    with pytest.raises(TypeError):
        P(value)


# Each row is strictly increasing.
ORDERED = [
    ["0.3", "0.4", "0.5", "0.6", "v1-alpha", "v1-beta", "v1-preview", "v1", "1.1", "v2", "10"],
    ["1", "2", "3", "4", "5"],
    ["2022-11-28", "20230101-alpha", "20230101-beta", "2023-01-01", "2024-01-01-preview"],
    ["2024-09-30", "2024-09-30.acacia", "2024-09-30.basil", "2026-06-24.dahlia"],
    ["beta", "latest", "playground"],
]


@pytest.mark.parametrize("row", ORDERED)
def test_order_tables(row):
    """Versions of one kind order as the table lists them, and sorting restores it."""
    versions = [P(text) for text in row]
    for older, newer in itertools.pairwise(versions):
        assert older < newer
        assert newer > older
        assert older <= newer
        assert newer >= older
        assert older != newer
    shuffled = versions[1::2] + versions[::2]
    assert sorted(shuffled) == versions


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("20230101", "2023-01-01"),
        ("v1", "1"),
        ("1", "1.0"),
        ("V1-BETA", "v1-beta"),
        ("Beta", "beta"),
    ],
)
def test_equality_is_ordering_equality(left, right):
    """Two spellings that order equal are equal and hash equal; str keeps each spelling."""
    assert P(left) == P(right)
    assert hash(P(left)) == hash(P(right))
    assert str(P(left)) == left


@pytest.mark.parametrize(("left", "right"), [("2023-01-01", "5"), ("v1", "playground")])
def test_comparing_kinds_raises_type_error(left, right):
    """Ordering a date against a number (or a name) is a TypeError; equality is just False."""
    with pytest.raises(TypeError, match="different kinds"):
        _ = P(left) < P(right)
    with pytest.raises(TypeError):
        _ = P(left) >= P(right)
    assert P(left) != P(right)


def test_foreign_types_return_not_implemented():
    """Comparisons with other types defer to them: == is False, < is a TypeError."""
    version = P("1")
    assert version.__eq__("1") is NotImplemented
    assert version.__lt__(1) is NotImplemented
    assert version != "1"
    with pytest.raises(TypeError):
        _ = version < "2"


def test_base_drops_the_channel_suffix():
    """.base is the version without its suffix; a stable version is its own base."""
    assert P("v1-beta").base == P("v1")
    assert str(P("2024-01-01-preview").base) == "2024-01-01"
    stable = P("v1")
    assert stable.base is stable


def test_immutable_hashable_picklable():
    """Versions cannot be changed, work as dict keys and survive pickling."""
    version = P("2026-06-24.dahlia")
    with pytest.raises(AttributeError):
        version.text = "x"  # type: ignore[misc]
    assert {version: 1}[P("2026-06-24.dahlia")] == 1
    clone = pickle.loads(pickle.dumps(version))  # noqa: S301 - our own data
    assert clone == version
    assert str(clone) == "2026-06-24.dahlia"


def test_sort_key_orders_mixed_kinds():
    """sort_key orders numeric before date before named versions."""
    mixed = [P("playground"), P("2023-01-01"), P("v1"), P("0.5")]
    assert [str(v) for v in sorted(mixed, key=lambda v: v.sort_key)] == [
        "0.5",
        "v1",
        "2023-01-01",
        "playground",
    ]


def test_eight_digits_that_are_no_date_are_an_integer():
    """20231399 is not a date, so it is a (large) integer version."""
    assert P("20231399").kind is VersionKind.NUMERIC
