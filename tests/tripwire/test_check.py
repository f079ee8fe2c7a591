"""The pure checks: every category from real-shaped bodies, messages a user can act on, bounds."""

from __future__ import annotations

import json

import pytest

from apiversion_client import Breakage, Reliance
from apiversion_client._errors import ErrorDetails, parse_cognite_error, parse_gooddata_error
from apiversion_client._tripwire import NOT_READ, NotJson, check, read_body

ITEMS = Reliance(
    "GET /items",
    statuses=[200],
    fields=["items[].id", "items[].name", "nextCursor"],
    never_null=["items[].id"],
    sort=("items[].createdTime", "desc"),
    limits={"limit": 1000},
)
PAGE = {
    "items": [
        {"id": 3, "name": "c", "createdTime": 30},
        {"id": 2, "name": "b", "createdTime": 20},
        {"id": 1, "name": "a", "createdTime": 10},
    ],
    "nextCursor": None,
}


def found(reliance: Reliance, status: int, body: object = NOT_READ, **kwargs: object) -> list:
    """(category, field) of each breaking change, in order."""
    return [
        (change.category, change.field)
        for change in check(reliance, status, body, kwargs.pop("details", None), **kwargs)  # type: ignore[arg-type]
    ]


def test_a_page_that_keeps_every_promise_gives_nothing():
    """Fields present, ids not null (a null cursor is allowed), descending order: no finding."""
    assert check(ITEMS, 200, PAGE, version="v1") == ()


def _without(key: str, index: int | None = None) -> dict:
    page = json.loads(json.dumps(PAGE))
    if index is None:
        del page[key]
    else:
        del page["items"][index][key]
    return page


@pytest.mark.parametrize(
    ("status", "body", "expected"),
    [
        (202, PAGE, [(Breakage.STATUS_CHANGED, None)]),
        (200, _without("nextCursor"), [(Breakage.FIELD_MISSING, "nextCursor")]),
        (200, _without("name", 1), [(Breakage.FIELD_MISSING, "items[].name")]),
        (200, _without("id", 2), [(Breakage.FIELD_MISSING, "items[].id")]),
        (
            200,
            {**PAGE, "items": [{**PAGE["items"][0], "id": None}]},
            [(Breakage.FIELD_NULL, "items[].id")],
        ),
        (
            200,
            {**PAGE, "items": list(reversed(PAGE["items"]))},
            [(Breakage.SORT_ORDER_CHANGED, "items[].createdTime")],
        ),
        (
            200,
            {"items": None, "nextCursor": None},
            [(Breakage.FIELD_MISSING, "items[].id"), (Breakage.FIELD_MISSING, "items[].name")],
        ),
        (
            200,
            [1, 2],
            [
                (Breakage.FIELD_MISSING, "items[].id"),
                (Breakage.FIELD_MISSING, "items[].name"),
                (Breakage.FIELD_MISSING, "nextCursor"),
            ],
        ),
        (200, NotJson("<html>"), [(Breakage.BODY_NOT_JSON, None)]),
        (200, NOT_READ, []),
        (404, NOT_READ, [(Breakage.ENDPOINT_REMOVED, None)]),
        (405, NotJson("<html>"), [(Breakage.ENDPOINT_REMOVED, None)]),
        (500, NotJson("Internal Server Error"), [(Breakage.ERROR_FORMAT_CHANGED, None)]),
        (502, NotJson("<html>Bad Gateway</html>"), []),
        (503, {"weird": True}, []),
        (500, NOT_READ, []),
        (301, NOT_READ, []),
    ],
)
def test_each_category_from_a_response(status, body, expected):
    """One table: status and body in, (category, field) out, in the order of the rules."""
    assert found(ITEMS, status, body) == expected


def test_a_status_change_says_nothing_else():
    """A 204 for a 200 with no body is one finding (the status), not a missing field per field."""
    assert found(ITEMS, 204, NOT_READ) == [(Breakage.STATUS_CHANGED, None)]
    assert found(ITEMS, 201, {}) == [(Breakage.STATUS_CHANGED, None)]


def test_any_2xx_is_fine_when_no_status_is_declared():
    """Without statuses, a 202 is checked for fields like a 200."""
    loose = Reliance("GET /items", fields=["id"])
    assert found(loose, 202, {"id": 1}) == []
    assert found(loose, 202, {}) == [(Breakage.FIELD_MISSING, "id")]


@pytest.mark.parametrize(
    ("query", "status", "expected"),
    [
        ("limit=1000", 400, [Breakage.LIMIT_REDUCED]),
        ("limit=1000&cursor=x", 422, [Breakage.LIMIT_REDUCED]),
        ("limit=5", 413, [Breakage.LIMIT_REDUCED]),
        ("limit=1001", 400, []),  # more than the SDK declared: the API may refuse it
        ("limit=abc", 400, []),
        ("cursor=x", 400, []),
        ("limit=1000", 401, []),
        ("", 400, []),
    ],
)
def test_a_rejected_limit_within_the_declaration_is_a_reduced_limit(query, status, expected):
    """Only a limit the SDK declared (at most its max), answered 400, 413 or 422."""
    details = ErrorDetails(message="limit too high", code="400")
    changes = check(ITEMS, status, {"error": {}}, details, query=query)
    assert [c.category for c in changes] == expected


@pytest.mark.parametrize(
    ("parser", "body", "readable"),
    [
        (parse_cognite_error, {"error": {"code": 400, "message": "Bad limit"}}, True),
        (parse_cognite_error, {"message": "Bad limit"}, True),  # the generic fallback reads it
        (parse_cognite_error, {"fault": {"faultstring": "gateway"}}, False),
        (parse_gooddata_error, {"error": {"errorClass": "X", "message": "m"}}, True),
        (parse_gooddata_error, {"fault": {"faultstring": "gateway"}}, False),
        (parse_gooddata_error, [], False),
        (parse_cognite_error, NotJson("Bad Request"), False),  # plain text is not the format
    ],
)
def test_an_error_body_must_be_json_the_profile_reads(parser, body, readable):
    """Readable: JSON from which the profile's parser reads a message or a code."""
    details = None if isinstance(body, NotJson) else parser(body)
    categories = [c.category for c in check(ITEMS, 400, body, details)]
    assert categories == ([] if readable else [Breakage.ERROR_FORMAT_CHANGED])


def test_removal_follows_what_a_404_means():
    """An item's 404 may be a missing item: its error body is checked instead."""
    item = Reliance("GET /items/{id}")
    assert found(item, 404, {"error": {"message": "no such item"}}, details=ErrorDetails("x")) == []
    assert found(item, 404, NotJson("Not Found")) == [(Breakage.ERROR_FORMAT_CHANGED, None)]
    assert found(item, 405, NOT_READ) == [(Breakage.ENDPOINT_REMOVED, None)]
    assert found(Reliance("GET /items/{id}", not_found="removed"), 404) == [
        (Breakage.ENDPOINT_REMOVED, None)
    ]


def test_messages_name_the_resource_version_promise_and_what_came():
    """Each message says where, at which version, what the SDK relies on and what came instead."""
    page = {**PAGE, "items": [PAGE["items"][0], {"name": "b", "createdTime": 40}]}
    changes = check(ITEMS, 200, page, version="v1", resource="GET /items")
    texts = [change.message for change in changes]
    assert texts == [
        "Breaking change in GET /items at API version v1 (field-missing): the SDK relies on the "
        'field items[].id, but items[1] has no member "id" (1 of 2 examined).',
        "Breaking change in GET /items at API version v1 (sort-order-changed): the SDK relies on "
        "pages sorted by items[].createdTime descending, but items[1].createdTime (40) comes "
        "after items[0].createdTime (30).",
    ]
    [status] = check(ITEMS, 202, PAGE, version="v1")
    assert status.message.endswith(
        "the SDK relies on the success status 200, but the server answered 202."
    )
    [removed] = check(ITEMS, 404, {"error": {"message": "Not found"}}, ErrorDetails("Not found"))
    assert "(unpinned)" in removed.message
    assert 'the server answered 404 (the server says: "Not found")' in removed.message
    [limit] = check(ITEMS, 400, {}, ErrorDetails("too many"), query="limit=1000", version="5")
    assert "the API accepting limit up to 1000, but the request sent limit=1000" in limit.message
    assert limit.detail == "limit-reduced limit"


def test_read_body_decodes_only_what_it_can_check():
    """JSON decoded; over the bound, empty or absent: not read; anything else: not JSON."""
    assert read_body(b'{"a": 1}') == {"a": 1}
    assert read_body("\ufeff[1]".encode()) == [1]
    assert read_body(None) is NOT_READ
    assert read_body(b"  ") is NOT_READ
    assert read_body(b'{"a": 1}', max_body=3) is NOT_READ
    assert read_body(b"<html>" + b"x" * 100) == NotJson("<html>" + "x" * 51 + "...")
    assert isinstance(read_body(b"[" * 100_000), NotJson)  # nested too deep to decode
    assert isinstance(read_body(b"1" * 5000), NotJson)  # an integer too long to read
    assert read_body(b"\xff\xfe{") == NotJson("\ufffd\ufffd{")


def test_checks_examine_a_bounded_number_of_items():
    """max_items bounds the items examined over all fields and the order: the rest is unchecked."""
    items = [{"id": i, "name": "n", "createdTime": -i} for i in range(200_000)]
    items[150]["id"] = None
    items[-1]["createdTime"] = 10**9
    page = {"items": items, "nextCursor": "c"}
    assert check(ITEMS, 200, page, max_items=100) == ()
    late = check(ITEMS, 200, page, max_items=1_000_000)
    assert [c.category for c in late] == [Breakage.FIELD_NULL, Breakage.SORT_ORDER_CHANGED]


def test_nested_arrays_share_the_budget():
    """items[].tags[].name over 1000 x 1000 tags examines max_items tags, not a million."""
    nested = Reliance("GET /items", fields=["items[].tags[].name"])
    page = {"items": [{"tags": [{"name": "t"} for _ in range(1000)]} for _ in range(1000)]}
    page["items"][-1]["tags"][-1] = {}
    assert check(nested, 200, page, max_items=5000) == ()
    [change] = check(nested, 200, page, max_items=2_000_000)
    assert "items[999].tags[999] has no member" in change.found


def test_values_in_messages_are_cut_short():
    """A hostile value (a long string, a huge number) is quoted briefly."""
    reliance = Reliance("GET /items", sort="items[].k")
    page = {"items": [{"k": "b" * 10_000}, {"k": "a" * 10_000}]}
    [change] = check(reliance, 200, page)
    assert len(change.message) < 400
    error = {"x" * 1000: ["y" * 1000] * 1000}
    [unreadable] = check(ITEMS, 400, error, ErrorDetails())
    assert len(unreadable.message) < 400


def test_sort_checks_skip_what_cannot_be_compared():
    """Missing keys, nulls and mixed types are skipped; equal neighbours keep an order."""
    reliance = Reliance("GET /items", sort=("items[].k", "asc"))
    page = {"items": [{"k": 1}, {}, {"k": None}, {"k": "x"}, {"k": 1}, {"k": 2}, {"k": True}]}
    assert check(reliance, 200, page) == ()
    assert check(reliance, 200, {"items": "not a list"}) == ()
    assert check(reliance, 200, {"items": [{"k": 2}, {"k": 1.5}]}) != ()


def test_the_last_array_of_a_sort_field_is_the_ordered_one():
    """items[].points[].t: every item's points are in order by t; each item is checked."""
    reliance = Reliance("POST /data/list", sort="items[].points[].t")
    page = {"items": [{"points": [{"t": 1}, {"t": 2}]}, {"points": [{"t": 5}, {"t": 3}]}]}
    [change] = check(reliance, 200, page)
    assert change.found == "items[1].points[1].t (3) comes after items[1].points[0].t (5)"
    values = Reliance("GET /ids", sort=("ids[]", "desc"))
    assert check(values, 200, {"ids": [3, 2, 2, 1]}) == ()
    assert "ids[1] (4) comes after ids[0] (3)" in check(values, 200, {"ids": [3, 4]})[0].found


def test_a_field_under_one_reported_is_not_reported_again():
    """A missing (or null) owner says it all: owner.id and owner.email are not reported too."""
    reliance = Reliance("GET /me", fields=["owner.email", "owner.id"], never_null=["owner"])
    assert found(reliance, 200, {}) == [(Breakage.FIELD_MISSING, "owner")]
    assert found(reliance, 200, {"owner": None}) == [(Breakage.FIELD_NULL, "owner")]
    assert found(reliance, 200, {"owner": {"id": 1}}) == [(Breakage.FIELD_MISSING, "owner.email")]
