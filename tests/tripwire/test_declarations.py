"""Declarations: field paths, version ranges, sort orders, limits and their settings, exactly."""

from __future__ import annotations

import pytest

from apiversion_client import (
    Reliance,
    RequestLimit,
    SortOrder,
    Tripwire,
    VersionRange,
)
from apiversion_client._core._inspect import MAX_ERROR_BODY
from apiversion_client._tripwire import MAX_BODY_BOUND, FieldPath
from apiversion_client._tripwire._paths import EVERY, MAX_STEPS


@pytest.mark.parametrize(
    ("text", "steps"),
    [
        ("id", ("id",)),
        ("paging.count", ("paging", "count")),
        ("items[].id", ("items", EVERY, "id")),
        ("[].id", (EVERY, "id")),
        ("[]", (EVERY,)),
        ("rows[][]", ("rows", EVERY, EVERY)),
        ("items[].tags[].name", ("items", EVERY, "tags", EVERY, "name")),
        ("@type", ("@type",)),
        ("links.x-next", ("links", "x-next")),
        ("a.$ref", ("a", "$ref")),
    ],
)
def test_field_paths_parse(text, steps):
    """Members joined by dots; [] is every item of an array, anywhere in the path."""
    path = FieldPath(text)
    assert path.steps == steps
    assert str(path) == text


@pytest.mark.parametrize(
    "text",
    ["", ".id", "items.", "items[.id", "items[0].id", "a..b", "a b", "items[]id", "a\tb", "a]"],
)
def test_bad_field_paths_are_value_errors_quoting_the_input(text):
    """A path that is not one is refused, quoting what was given."""
    with pytest.raises(ValueError) as caught:
        FieldPath(text)
    assert repr(text) in str(caught.value) or text == ""


def test_field_paths_are_bounded_in_steps():
    """A path holds at most MAX_STEPS steps (checks stay bounded by the declaration)."""
    FieldPath(".".join(["a"] * MAX_STEPS))
    with pytest.raises(ValueError, match="steps"):
        FieldPath(".".join(["a"] * (MAX_STEPS + 1)))


def test_field_paths_compare_by_text_only():
    """Equal paths are equal; a path never equals its text."""
    assert FieldPath("items[].id") == FieldPath("items[].id")
    assert FieldPath("items[].id") != "items[].id"
    assert len({FieldPath("a"), FieldPath("a")}) == 1


@pytest.mark.parametrize(
    ("text", "inside", "outside"),
    [
        ("", ["1", "v1", "2024-01-01", None], []),
        ("*", ["1", None], []),
        (">=2", ["2", "5", "10"], ["1", None, "v1-beta", "2024-01-01"]),
        (">=2, <5", ["2", "4"], ["5", "1"]),
        ("==v1", ["v1", "1"], ["v2", "2"]),  # v1 and 1 are one version
        ("v1", ["v1"], ["v2"]),
        ("!=3", ["2", "4"], ["3"]),
        (">2,<=4", ["3", "4"], ["2", "5"]),
        (">=2023-01-01", ["2024-06-01"], ["2022-12-31", "5"]),
    ],
)
def test_version_ranges_hold_what_they_say(text, inside, outside):
    """Clauses all hold; a version of another kind, or none at all, is outside a real range."""
    versions = VersionRange(text)
    for version in inside:
        assert version in versions, version
    for version in outside:
        assert version not in versions, version


@pytest.mark.parametrize("text", [">=", "~=2", ">=2 <5", ">=2,,<5", "=>2", ">=not a version"])
def test_bad_version_ranges_quote_the_input(text):
    """A range that cannot be read is a ValueError quoting it."""
    with pytest.raises(ValueError, match="not a version range") as caught:
        VersionRange(text)
    assert repr(text) in str(caught.value)


def test_a_sort_order_names_an_array_and_a_direction():
    """items[].created with asc/desc (ascending/descending too); the last [] is the ordered one."""
    assert SortOrder("items[].created", "DESCENDING").direction == "desc"
    assert SortOrder.of(("items[].id", "asc")) == SortOrder("items[].id")
    assert SortOrder.of({"field": "items[].id", "direction": "desc"}).direction == "desc"
    assert str(SortOrder("items[].id", "desc")) == "items[].id descending"
    assert SortOrder("items[].points[].t").field.split_at_last_list()[1] == ("t",)
    assert SortOrder("ids[]").field.split_at_last_list() == (("ids",), ())
    for field in ("items.id", "id"):
        with pytest.raises(ValueError, match="names an array"):
            SortOrder(field)
    with pytest.raises(ValueError, match="'asc' or 'desc'"):
        SortOrder("items[].id", "up")


@pytest.mark.parametrize(
    ("parameter", "maximum", "problem"),
    [
        ("limit", 0, "positive"),
        ("limit", True, "positive"),
        ("limit", "1000", "positive"),
        ("a b", 10, "query parameter"),
        ("", 10, "query parameter"),
    ],
)
def test_bad_request_limits_are_refused(parameter, maximum, problem):
    """A limit is a query parameter name and a positive integer."""
    with pytest.raises(ValueError, match=problem):
        RequestLimit(parameter, maximum)


def test_a_declaration_reads_its_arguments_in_their_plain_forms():
    """Strings, lists, tuples and mappings become the declaration's frozen values."""
    reliance = Reliance(
        "get  /items/{id}",
        versions=">=2",
        statuses=[200, 201],
        fields="name",
        never_null=["items[].id", "items[].id"],
        sort=("items[].id", "desc"),
        limits={"limit": 1000},
    )
    assert reliance.resource == "get /items/{id}"
    assert reliance.key == ("GET", "/items/{}")
    assert reliance.fields == (FieldPath("name"),)
    assert reliance.never_null == (FieldPath("items[].id"),)
    assert reliance.read_fields == (FieldPath("name"), FieldPath("items[].id"))
    assert reliance.limits == (RequestLimit("limit", 1000),)
    assert reliance.statuses == frozenset({200, 201})
    assert Reliance("/items/{other}").key == (None, "/items/{}")
    assert hash(reliance) == hash(Reliance(**_fields(reliance)))


def _fields(reliance: Reliance) -> dict[str, object]:
    import attrs

    return {
        field.name: getattr(reliance, field.name) for field in attrs.fields(Reliance) if field.init
    }


@pytest.mark.parametrize(
    ("kwargs", "problem"),
    [
        ({"resource": "items"}, "must start with '/'"),
        ({"resource": "GET /items x"}, "not a resource template"),
        ({"statuses": [404]}, "200 to 299"),
        ({"statuses": [True]}, "200 to 299"),
        ({"fields": ["a..b"]}, "not a field path"),
        ({"not_found": "gone"}, "'removed' or 'possible'"),
        ({"versions": ">>1"}, "not a version range"),
    ],
)
def test_a_bad_declaration_is_a_value_error_saying_what(kwargs, problem):
    """Each argument is checked when the declaration is made, not when a response comes."""
    arguments = {"resource": "GET /items", **kwargs}
    with pytest.raises(ValueError, match=problem):
        Reliance(**arguments)


def test_what_a_404_means_follows_the_template_unless_declared():
    """A collection's 404 is a removal; an item's may be a missing item; not_found decides."""
    assert Reliance("GET /items").removed_on_404
    assert not Reliance("GET /items/{id}").removed_on_404
    assert Reliance("GET /items/{id}", not_found="removed").removed_on_404
    assert not Reliance("GET /items", not_found="possible").removed_on_404


@pytest.mark.parametrize(
    ("kwargs", "status", "needs"),
    [
        ({"fields": ["id"]}, 200, True),
        ({"fields": ["id"], "statuses": [200]}, 202, False),
        ({}, 200, False),
        ({"sort": "items[].id"}, 200, True),
        ({}, 400, True),
        ({"errors_readable": False}, 400, False),
        ({}, 502, False),
        ({}, 405, False),
        ({}, 404, False),
        ({"not_found": "possible"}, 404, True),
        ({}, 301, False),
    ],
)
def test_a_body_is_read_only_when_a_check_needs_it(kwargs, status, needs):
    """Fields and sort orders read 2xx bodies; readable errors read error bodies, not gateways'."""
    assert Reliance("GET /items", **kwargs).needs_body(status) is needs


def test_tripwire_settings_are_bounded():
    """sample_rate 0..1, max_body 1..MAX_BODY_BOUND, max_items >= 1, declarations only."""
    assert MAX_BODY_BOUND == MAX_ERROR_BODY - 1
    Tripwire(sample_rate=0, max_body=MAX_BODY_BOUND, max_items=1)
    for kwargs in (
        {"sample_rate": 1.5},
        {"sample_rate": -0.1},
        {"sample_rate": True},
        {"max_body": 0},
        {"max_body": MAX_BODY_BOUND + 1},
        {"max_items": 0},
    ):
        with pytest.raises(ValueError, match=next(iter(kwargs))):
            Tripwire(**kwargs)
    with pytest.raises(TypeError, match="Reliance"):
        Tripwire(relies=["GET /items"])  # type: ignore[list-item]


def test_the_relies_option_takes_a_tripwire_declarations_or_one():
    """Tripwire.of reads every form relies= accepts."""
    one = Reliance("GET /a")
    assert Tripwire.of(None) == Tripwire()
    assert Tripwire.of(one).relies == (one,)
    assert Tripwire.of([one, one]).relies == (one, one)
    wire = Tripwire((one,), sample_rate=0.5)
    assert Tripwire.of(wire) is wire
