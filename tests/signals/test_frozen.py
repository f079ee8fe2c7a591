"""Values built on the hot paths without attrs' __init__ are the values attrs would build."""

from __future__ import annotations

import attrs
import pytest

from apiversion_client.signals import (
    Deprecation,
    Link,
    LinkParams,
    Signals,
    WarningValue,
    parse_deprecation,
    parse_link,
    parse_warning,
    read_signals,
)
from apiversion_client.signals._frozen import slot_setters

from ._helpers import utc


def test_direct_builds_equal_attrs_builds() -> None:
    """A Deprecation, Link, WarningValue and Signals from the fast paths equal attrs-built ones."""
    assert parse_deprecation("@0") == Deprecation(utc(1970, 1, 1), "@0")
    (link,) = parse_link('<https://x/v2>; rel="successor-version"; version="2"')
    expected = Link(
        "https://x/v2",
        frozenset({"successor-version"}),
        LinkParams([("rel", "successor-version"), ("version", "2")]),
    )
    assert link == expected
    assert hash(link) == hash(expected)
    assert repr(link) == repr(expected)
    assert parse_warning('299 - "x"') == [WarningValue(299, "-", "x")]
    assert read_signals([("Deprecation", "@0")]) == Signals(True, utc(1970, 1, 1))


def test_direct_builds_are_whole_frozen_values() -> None:
    """Every field of a directly built value is set, it stays frozen, and evolve works on it."""
    (link,) = parse_link("<https://x/v2>; rel=next")
    assert attrs.asdict(link, recurse=False)["media_type"] is None
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        link.target = "y"  # type: ignore[misc]
    assert attrs.evolve(link, target="y").target == "y"
    signals = read_signals([("Deprecation", "@0")])
    assert attrs.evolve(signals, deprecated=False).deprecation == utc(1970, 1, 1)


@attrs.frozen
class _Plain:
    a: int
    b: str = ""


@attrs.frozen
class _Converted:
    a: int = attrs.field(converter=int)


@attrs.frozen(cache_hash=True)
class _CachedHash:
    a: int


@attrs.define(slots=False, frozen=True)
class _NoSlots:
    a: int


class _NotAttrs:
    a: int


def test_slot_setters_fill_a_plain_frozen_class() -> None:
    """slot_setters gives one setter per field, in order, that fills its slot."""
    set_a, set_b = slot_setters(_Plain, "a", "b")
    value = object.__new__(_Plain)
    set_a(value, 1)
    set_b(value, "x")
    assert value == _Plain(1, "x")


@pytest.mark.parametrize(
    ("cls", "names"),
    [
        pytest.param(_Plain, ("b", "a"), id="names-out-of-order"),
        pytest.param(_Plain, ("a",), id="a-field-missing"),
        pytest.param(_Converted, ("a",), id="converter"),
        pytest.param(_CachedHash, ("a",), id="cached-hash-slot"),
        pytest.param(_NoSlots, ("a",), id="no-slots"),
        pytest.param(_NotAttrs, ("a",), id="not-attrs"),
    ],
)
def test_slot_setters_refuse_what_they_cannot_build(cls: type, names: tuple[str, ...]) -> None:
    """A class whose fields a direct build would get wrong is refused up front."""
    with pytest.raises(TypeError):
        slot_setters(cls, *names)
