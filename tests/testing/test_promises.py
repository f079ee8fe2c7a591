"""The reference server keeps the promises of declared resources, and breaks one when asked."""

from __future__ import annotations

import http.client
import json

import pytest
import requests

from apiversion_client import CompatibilityMatrix, Reliance
from apiversion_client.testing import ReferenceServer, example_matrix

pytestmark = pytest.mark.network

MATRIX = CompatibilityMatrix.loads('[[versions]]\nversion = "2022-11-28"\n')
PIN = {"X-GitHub-Api-Version": "2022-11-28"}
ITEMS = Reliance(
    "GET /items",
    fields=["items[].name", "paging.next"],
    never_null=["items[].id"],
    sort=("items[].rank", "desc"),
    limits={"limit": 50},
)


def get(server: ReferenceServer, path: str, method: str = "GET") -> requests.Response:
    return requests.request(method, server.base_url + path, headers=PIN, timeout=5)


def test_a_declared_resource_gets_a_body_that_keeps_every_promise():
    """Every declared field, none null, in the declared order; the server's own members kept."""
    with ReferenceServer(MATRIX, "github", relies=[ITEMS]) as server:
        body = get(server, "/items").json()
        assert body["version"] == "2022-11-28"
        assert body["resource"] == "GET /items"
        assert [item["rank"] for item in body["items"]] == [3, 2, 1]
        assert body["items"][0] == {"name": "name-1", "id": "id-1", "rank": 3}
        assert body["paging"] == {"next": "next-1"}
        assert assert_checks(body)
        assert len(get(server, "/items?limit=7").json()["items"]) == 7
        assert len(get(server, "/items?limit=0").json()["items"]) == 0
        assert ITEMS.check(200, get(server, "/items?limit=7").content) == ()
        assert get(server, "/other").json()["resource"] == "GET /other"  # undeclared: as before


def assert_checks(body: object) -> bool:
    """The body passes the declaration's own checks."""
    return ITEMS.check(200, json.dumps(body)) == ()


def test_declared_limits_are_enforced_in_the_profiles_error_format():
    """A limit above the declared max is a 400 the profile reads (here: GitHub's message)."""
    with ReferenceServer(MATRIX, "github", relies=[ITEMS]) as server:
        refused = get(server, "/items?limit=51")
        assert refused.status_code == 400
        assert refused.json()["error"]["message"] == "Invalid limit: 51 (at most 50)"
        assert get(server, f"/items?limit={'9' * 40}").status_code == 400


def test_a_declaration_without_200_gets_the_status_it_expects():
    """A declaration with statuses = [201, 202] is answered 201."""
    created = Reliance("POST /jobs", statuses=[201, 202], fields=["id"])
    with ReferenceServer(MATRIX, "github", relies=[created]) as server:
        reply = get(server, "/jobs", "POST")
        assert reply.status_code == 201
        assert reply.json()["id"] == "id-1"


def test_a_root_array_body_is_served_as_an_array():
    """A declaration of "[].id" is answered with an array of items."""
    listed = Reliance("GET /ids", fields=["[].id"])
    with ReferenceServer(MATRIX, "github", relies=[listed]) as server:
        assert get(server, "/ids").json() == [{"id": "id-1"}, {"id": "id-2"}, {"id": "id-3"}]
        server.break_promise("GET /ids", "drop-field", field="[].id")
        assert get(server, "/ids").json() == [{}, {}, {}]


@pytest.mark.parametrize(
    ("how", "kwargs", "problem"),
    [
        ("melt", {}, "how: expected one of drop-field"),
        ("drop-field", {}, "needs field="),
        ("null-field", {"field": "a..b"}, "not a field path"),
        ("change-status", {}, "needs status= from 200 to 299"),
        ("change-status", {"status": 404}, "needs status= from 200 to 299"),
        ("remove-endpoint", {"status": 410}, "takes status=404 or 405"),
        ("reduce-limit", {}, "needs limit="),
        ("reorder", {}, "needs field="),
        ("drop-field", {"field": "id", "version": ">>2"}, "not a version range"),
        ("drop-field", {"field": "[]"}, "naming a member"),
        ("null-field", {"field": "items[]"}, "naming a member"),
        ("reorder", {"field": "items"}, "inside a list"),
        ("reduce-limit", {"limit": 5, "parameter": ""}, "query parameter name"),
        ("reduce-limit", {"limit": 5, "parameter": 5}, "query parameter name"),
    ],
)
def test_break_promise_refuses_what_it_cannot_do(how, kwargs, problem):
    """Each way of breaking a promise checks what it needs, saying what is missing."""
    server = ReferenceServer(MATRIX, "github", relies=[Reliance("GET /plain")])
    with pytest.raises(ValueError, match=problem):
        server.break_promise("GET /plain", how, **kwargs)
    with pytest.raises(ValueError, match="must start with '/'"):
        server.break_promise("plain", "remove-endpoint")
    with pytest.raises(ValueError, match="only URL characters"):
        server.break_promise("GET /nope/{", "remove-endpoint")


def test_broken_promises_are_listed_and_mended():
    """broken_promises lists them in order; keep_promises mends them all."""
    with ReferenceServer(MATRIX, "github", relies=[ITEMS]) as server:
        first = server.break_promise("GET /items", "drop-field", field="paging")
        second = server.break_promise("GET /items", "null-field", field="items[].id")
        assert server.broken_promises == (first, second)
        body = get(server, "/items").json()
        assert "paging" not in body
        assert {item["id"] for item in body["items"]} == {None}
        server.keep_promises()
        assert server.broken_promises == ()
        assert assert_checks(get(server, "/items").json())


def test_a_promise_can_be_broken_on_an_undeclared_resource():
    """break_promise names the resource: it need not be declared (the server's body is used)."""
    with ReferenceServer(MATRIX, "github") as server:
        server.break_promise("GET /free/{id}", "drop-field", field="resource")
        body = get(server, "/free/1").json()
        assert "resource" not in body
        assert body["version"] == "2022-11-28"
        server.break_promise("GET /free/{id}", "reorder", field="x[].y")  # nothing to reverse
        assert get(server, "/free/2").status_code == 200


def test_a_204_has_no_body():
    """change-status to 204: the answer has no body and no Content-Length, as HTTP requires."""
    with ReferenceServer(MATRIX, "github", relies=[ITEMS]) as server:
        server.break_promise("GET /items", "change-status", status=204)
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
        connection.request("GET", "/items", headers=PIN)
        response = connection.getresponse()
        assert response.status == 204
        assert response.getheader("Content-Length") is None
        assert response.read() == b""
        connection.request("GET", "/other", headers=PIN)  # the connection is still usable
        assert connection.getresponse().status == 200
        connection.close()


def test_the_bundled_examples_serve_their_declared_resources():
    """GoodData's paged projects and executeAfm's 201 come from the example's [[relies]]."""
    with ReferenceServer(example_matrix("gooddata"), today="2020-06-01") as server:
        headers = {"X-GDC-Version": "5"}
        projects = requests.get(
            server.base_url + "/gdc/account/profile/1/projects", headers=headers, timeout=5
        ).json()
        assert projects["paging"] == {"offset": "offset-1", "count": "count-1"}
        assert projects["projects"][0]["project"]["links"] == {"self": "self-1"}
        execute = requests.post(
            server.base_url + "/gdc/app/projects/1/executeAfm", headers=headers, timeout=5
        )
        assert execute.status_code == 201
        old = requests.get(
            server.base_url + "/gdc/account/profile/1/projects",
            headers={"X-GDC-Version": "1"},
            timeout=5,
        )
        assert old.status_code == 410  # version 1's projects list has ended: no promise there
