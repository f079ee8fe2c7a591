"""The tripwire over every transport: the reference server breaks each promise, the SDK notices.

The server serves the Cognite example matrix, whose ``[[relies]]`` declare what
an SDK relies on from the assets list and the datapoints query; the client is
built with the same matrix.  Each test breaks one promise on purpose
(:meth:`ReferenceServer.break_promise`) and checks that exactly one notice of
that category comes, naming the resource, the version, the promise and what
came instead, and that the response itself is the server's, unchanged.
"""

from __future__ import annotations

import datetime as dt
import json
import warnings
from collections.abc import Iterator
from typing import Any

import pytest

from apiversion_client import (
    BreakingChangeWarning,
    CompatibilityMatrix,
    NoticeKind,
    Policy,
    Reliance,
)
from apiversion_client.testing import ReferenceServer
from apiversion_client.testing._promises import NOT_JSON_PAGE

pytestmark = pytest.mark.network

DAY = dt.date(2024, 1, 1)
ASSETS = "GET /projects/{project}/assets"
DATAPOINTS = "POST /projects/{project}/timeseries/data/list"


@pytest.fixture
def server(cognite_matrix: CompatibilityMatrix) -> Iterator[ReferenceServer]:
    with ReferenceServer(cognite_matrix, today=DAY) as running:
        yield running


@pytest.fixture
def api(client: Any, server: ReferenceServer, cognite_matrix: CompatibilityMatrix) -> Any:
    """A client of the transport under test, with the matrix, collecting its notices."""
    return client(
        server.base_url,
        matrix=cognite_matrix,
        api_version="v1",
        today=DAY,
        policy=Policy(default="collect"),
    )


def breaking(api: Any) -> list[str]:
    """The details of the client's breaking-change notices."""
    return [n.detail for n in api.notices if n.kind is NoticeKind.BREAKING_CHANGE]


def test_kept_promises_give_no_notice(api: Any):
    """The server keeps every declared promise: the pages are whole, no notice at all."""
    page = json.loads(api.request("GET", "/projects/p/assets?limit=5").body)
    assert len(page["items"]) == 5
    assert page["nextCursor"]
    data = api.request("POST", "/projects/p/timeseries/data/list")
    assert data.status == 200
    assert breaking(api) == []


CASES = [
    pytest.param(
        ASSETS,
        {"how": "drop-field", "field": "nextCursor"},
        ("GET", "/projects/p/assets"),
        "field-missing nextCursor",
        ['the SDK relies on the field nextCursor, but the body has no member "nextCursor"'],
        200,
        id="field-missing",
    ),
    pytest.param(
        ASSETS,
        {"how": "drop-field", "field": "items[].id"},
        ("GET", "/projects/p/assets"),
        "field-missing items[].id",
        ['items[0] has no member "id" (3 of 3 examined)'],
        200,
        id="field-missing-in-items",
    ),
    pytest.param(
        ASSETS,
        {"how": "null-field", "field": "items[].createdTime"},
        ("GET", "/projects/p/assets"),
        "field-null items[].createdTime",
        ["relies on items[].createdTime never being null, but items[0].createdTime is null"],
        200,
        id="field-null",
    ),
    pytest.param(
        ASSETS,
        {"how": "change-status", "status": 202},
        ("GET", "/projects/p/assets"),
        "status-changed",
        ["the SDK relies on the success status 200, but the server answered 202"],
        202,
        id="status-changed",
    ),
    pytest.param(
        DATAPOINTS,
        {"how": "reorder"},
        ("POST", "/projects/p/timeseries/data/list"),
        "sort-order-changed items[].datapoints[].timestamp",
        [
            "relies on pages sorted by items[].datapoints[].timestamp ascending, but "
            "items[0].datapoints[1].timestamp (2) comes after items[0].datapoints[0].timestamp (3)"
        ],
        200,
        id="sort-order-changed",
    ),
    pytest.param(
        ASSETS,
        {"how": "not-json"},
        ("GET", "/projects/p/assets"),
        "body-not-json",
        [
            "the SDK relies on a JSON body (it reads items[].name), but the body is not JSON: "
            '"<html><body><h1>Service moved</h1></body></html>"'
        ],
        200,
        id="body-not-json",
    ),
    pytest.param(
        ASSETS,
        {"how": "remove-endpoint"},
        ("GET", "/projects/p/assets"),
        "endpoint-removed",
        ["relies on the endpoint existing at this version, but the server answered 404"],
        404,
        id="endpoint-removed-404",
    ),
    pytest.param(
        DATAPOINTS,
        {"how": "remove-endpoint", "status": 405},
        ("POST", "/projects/p/timeseries/data/list"),
        "endpoint-removed",
        ["but the server answered 405"],
        405,
        id="endpoint-removed-405",
    ),
    pytest.param(
        ASSETS,
        {"how": "reduce-limit", "limit": 100},
        ("GET", "/projects/p/assets?limit=1000"),
        "limit-reduced limit",
        [
            "relies on the API accepting limit up to 1000, but the request sent limit=1000 and "
            'the server answered 400 (the server says: "Invalid limit: 1000 (at most 100)")'
        ],
        400,
        id="limit-reduced",
    ),
    pytest.param(
        ASSETS,
        {"how": "error-format"},
        ("GET", "/projects/p/assets?limit=5000"),
        "error-format-changed",
        [
            "relies on error bodies the profile can read, but the profile's error parser reads "
            'neither a message nor a code from the error body (400): {"fault":'
        ],
        400,
        id="error-format-changed",
    ),
]


@pytest.mark.parametrize(("resource", "breach", "call", "detail", "words", "status"), CASES)
def test_each_broken_promise_is_caught(
    api: Any,
    server: ReferenceServer,
    resource: str,
    breach: dict[str, Any],
    call: tuple[str, str],
    detail: str,
    words: list[str],
    status: int,
):
    """One category per case: one notice, a message naming what was promised and what came."""
    server.break_promise(resource, version="v1", **breach)
    reply = api.request(*call)
    assert reply.status == status
    assert reply.api_version == "v1"
    # The server's body, whole: the core's read took nothing from it.
    if detail == "body-not-json":
        assert reply.body == NOT_JSON_PAGE.encode()
    else:
        json.loads(reply.body)
    [notice] = [n for n in api.notices if n.kind is NoticeKind.BREAKING_CHANGE]
    assert notice.detail == detail
    assert notice.resource == resource
    assert notice.requested_version == "v1"
    assert notice.message.startswith(f"Breaking change in {resource} at API version v1 (")
    for text in words:
        assert text in notice.message, notice.message
    assert "report this to the API's owner (request id " in notice.message


def test_promises_hold_per_version(api: Any, server: ReferenceServer):
    """A promise broken at another version is not seen at this one; then it is, once."""
    server.break_promise(ASSETS, version="v1-beta", how="drop-field", field="items[].name")
    api.request("GET", "/projects/p/assets")
    assert breaking(api) == []
    api.request("GET", "/projects/p/assets", api_version="v1-beta")
    api.request("GET", "/projects/q/assets", api_version="v1-beta")
    assert breaking(api) == ["field-missing items[].name"]
    assert [n.requested_version for n in api.notices if n.kind is NoticeKind.BREAKING_CHANGE] == [
        "v1-beta"
    ]
    server.keep_promises()
    api.request("GET", "/projects/p/assets", api_version="v1-beta")
    assert breaking(api) == ["field-missing items[].name"]


def test_an_error_in_the_api_format_is_no_breach(api: Any):
    """A limit above the declared one is refused in the API's own format: nothing to report."""
    reply = api.request("GET", "/projects/p/assets?limit=5000")
    assert reply.status == 400
    assert json.loads(reply.body)["error"]["code"] == 400
    assert breaking(api) == []


def test_a_breaking_change_warns_by_default(client: Any, server: ReferenceServer, cognite_matrix):
    """Under the default policy it is a BreakingChangeWarning, once per session."""
    api = client(server.base_url, matrix=cognite_matrix, api_version="v1", today=DAY)
    server.break_promise(ASSETS, how="drop-field", field="items[].name")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for project in ("a", "b", "c"):
            assert api.request("GET", f"/projects/{project}/assets").status == 200
    assert [w.category for w in caught] == [BreakingChangeWarning]
    assert "items[].name" in str(caught[0].message)


def test_a_policy_can_make_a_breach_fail_the_call(client: Any, server: ReferenceServer):
    """actions={"breaking-change": "raise"}: the call raises BreakingChangeWarning."""
    api = client(
        server.base_url,
        profile="cognite",
        api_version="v1",
        today=DAY,
        relies=[Reliance("GET /projects/{project}/assets", statuses=[200])],
        policy=Policy(actions={"breaking-change": "raise"}),
    )
    server.break_promise(ASSETS, how="change-status", status=203)
    with pytest.raises(BreakingChangeWarning, match="but the server answered 203"):
        api.request("GET", "/projects/p/assets")
