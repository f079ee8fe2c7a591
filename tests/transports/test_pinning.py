"""Pinning against a real server: every request, every redirect hop, only the API."""

from __future__ import annotations

import json
import warnings

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Response

from apiversion_client import UnstableApiWarning

from ._helpers import echo, seen_headers

pytestmark = pytest.mark.network


def redirect(location: str, status: int = 302) -> Response:
    return Response("", status=status, headers={"Location": location})


def test_every_request_is_pinned(client, httpserver: HTTPServer):
    """Each request of a session carries the session's pin."""
    httpserver.expect_request("/gdc/projects").respond_with_data("{}")
    api = client(httpserver.url_for("/"), profile="gooddata", api_version="3")
    for _ in range(3):
        assert api.request("GET", "/gdc/projects").status == 200
    assert seen_headers(httpserver, "X-GDC-Version") == ["3", "3", "3"]


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
def test_every_redirect_hop_is_pinned(client, httpserver: HTTPServer, status):
    """A redirect within the API is pinned again on each hop, whatever the redirect status."""
    httpserver.expect_request("/start").respond_with_response(redirect("/middle", status))
    httpserver.expect_request("/middle").respond_with_response(
        redirect(httpserver.url_for("/end"), status)
    )
    httpserver.expect_request("/end").respond_with_handler(echo)
    api = client(httpserver.url_for("/"), profile="gooddata", api_version="3")
    reply = api.request("GET", "/start")
    assert json.loads(reply.body)["path"] == "/end"
    assert [r.path for r, _ in httpserver.log] == ["/start", "/middle", "/end"]
    assert seen_headers(httpserver, "X-GDC-Version") == ["3", "3", "3"]


@pytest.mark.parametrize("status", [302, 307, 308])
def test_a_redirect_to_another_host_carries_no_version(
    client, httpserver: HTTPServer, other_server: HTTPServer, status
):
    """The version never reaches another origin, even through a redirect that keeps headers."""
    other_server.expect_request("/landing").respond_with_handler(echo)
    httpserver.expect_request("/go").respond_with_response(
        redirect(other_server.url_for("/landing?api-version=keep"), status)
    )
    for profile, pin, header in [
        ("gooddata", "3", "X-GDC-Version"),
        ("github", "2022-11-28", "X-GitHub-Api-Version"),
        ("azure", "2022-09-01", "api-version"),
    ]:
        api = client(httpserver.url_for("/"), profile=profile, api_version=pin)
        reply = api.request("GET", "/go")
        seen = json.loads(reply.body)
        assert header.lower() not in seen["headers"]
        assert seen["query"] == [["api-version", "keep"]]  # another host's URL is not touched
        assert reply.api_version is None
    assert len(other_server.log) == 3
    assert seen_headers(httpserver, "X-GDC-Version") == ["3", None, None]


def test_an_absolute_url_to_another_host_is_left_alone(
    client, httpserver: HTTPServer, other_server: HTTPServer
):
    """A request the session sends elsewhere is neither pinned nor inspected."""
    other_server.expect_request("/x").respond_with_data(
        "{}", headers={"Deprecation": "@1688169600"}
    )
    api = client(httpserver.url_for("/"), profile="gooddata", api_version="3")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        reply = api.request("GET", other_server.url_for("/x"))
    assert reply.status == 200
    assert reply.api_signals is None
    assert seen_headers(other_server, "X-GDC-Version") == [None]
    assert api.notices == ()


def test_a_path_outside_the_base_path_is_left_alone(client, httpserver: HTTPServer):
    """Only URLs at or below the base path (on a segment boundary) are the API's."""
    for path in ("/api/things", "/apix/things", "/other"):
        httpserver.expect_request(path).respond_with_data("{}")
    api = client(httpserver.url_for("/api"), profile="gooddata", api_version="3")
    for path in ("/api/things", "/apix/things", "/other"):
        api.request("GET", httpserver.url_for(path))
    assert seen_headers(httpserver, "X-GDC-Version") == ["3", None, None]


@pytest.mark.parametrize(
    ("profile", "pin", "header", "own"),
    [
        ("gooddata", "3", "X-GDC-Version", "2"),
        ("github", "2022-11-28", "X-GitHub-Api-Version", "2026-03-10"),
        ("stripe", "2024-06-20", "Stripe-Version", "2023-10-16"),
        ("rfc", "2", "Api-Version", "1"),
    ],
    ids=["gooddata", "github", "stripe", "rfc"],
)
def test_a_request_that_carries_the_version_header_keeps_it(
    client, httpserver: HTTPServer, profile, pin, header, own
):
    """A version header the caller set is the request's own pin: sent as is, reported as such."""
    httpserver.expect_request("/x").respond_with_handler(echo)
    api = client(httpserver.url_for("/"), profile=profile, api_version=pin)
    reply = api.request("GET", "/x", headers={header: own})
    assert json.loads(reply.body)["headers"][header.lower()] == own
    assert reply.api_version == own
    # ...but an explicit override wins over it.
    reply = api.request("GET", "/x", headers={header: own}, api_version=pin)
    assert json.loads(reply.body)["headers"][header.lower()] == pin


def test_azure_pin_replaces_an_api_version_already_in_the_url(client, httpserver: HTTPServer):
    """A URL handed back with another api-version (a nextLink) is sent with the pin, once."""
    httpserver.expect_request("/subscriptions").respond_with_handler(echo)
    api = client(httpserver.url_for("/"), profile="azure", api_version="2022-09-01")
    next_link = httpserver.url_for("/subscriptions") + "?api-version=2015-01-01&$skiptoken=abc"
    seen = json.loads(api.request("GET", next_link).body)
    assert seen["query"] == [["$skiptoken", "abc"], ["api-version", "2022-09-01"]]
    seen = json.loads(api.request("GET", "/subscriptions?API-Version=2016-01-01").body)
    assert seen["query"] == [["api-version", "2022-09-01"]]


def test_azure_pin_replaces_the_api_version_of_a_redirect_location(client, httpserver: HTTPServer):
    """A redirect Location naming an older api-version is followed with the pin."""
    httpserver.expect_request("/operations/1").respond_with_response(
        redirect("/operations/1/result?api-version=2015-01-01", 302)
    )
    httpserver.expect_request("/operations/1/result").respond_with_handler(echo)
    api = client(httpserver.url_for("/"), profile="azure", api_version="2022-09-01")
    seen = json.loads(api.request("GET", "/operations/1").body)
    assert seen["query"] == [["api-version", "2022-09-01"]]
    assert [r.args.getlist("api-version") for r, _ in httpserver.log] == [
        ["2022-09-01"],
        ["2022-09-01"],
    ]


@pytest.mark.parametrize(
    ("asked", "override", "server_path", "version"),
    [
        ("/projects/p/assets", None, "/api/v1/projects/p/assets", "v1"),
        ("/api/v1/projects/p/assets", None, "/api/v1/projects/p/assets", "v1"),
        ("/api/0.5/projects/p/assets", None, "/api/0.5/projects/p/assets", "0.5"),
        ("/api/0.5/projects/p/assets", "v1", "/api/v1/projects/p/assets", "v1"),
        ("/projects/p/assets", "0.6", "/api/0.6/projects/p/assets", "0.6"),
    ],
)
def test_cognite_path_pin_is_inserted_or_kept(
    client, httpserver: HTTPServer, asked, override, server_path, version
):
    """Cognite's /api/{version} is inserted after the base path, or kept when already there."""
    httpserver.expect_request(server_path).respond_with_handler(echo)
    api = client(httpserver.url_for("/"), profile="cognite", api_version="v1")
    reply = api.request("GET", asked, api_version=override)
    assert json.loads(reply.body)["path"] == server_path
    assert reply.api_version == version


def test_cognite_beta_channel_goes_in_a_header_and_warns_unstable(client, httpserver: HTTPServer):
    """v1-beta is sent as /api/v1 plus ``version: beta``, with an UnstableApiWarning."""
    httpserver.expect_request("/api/v1/projects/p/assets").respond_with_handler(echo)
    api = client(httpserver.url_for("/"), profile="cognite", api_version="v1-beta")
    with pytest.warns(UnstableApiWarning, match="v1-beta is a beta version"):
        reply = api.request("GET", "/projects/p/assets")
    assert json.loads(reply.body)["headers"]["version"] == "beta"


@pytest.mark.parametrize(
    "bad", ["3\r\nX-Injected: 1", "3\nX-Injected: 1", "3\r", "3\x00", "3\x85", "2022-11-28\u2028"]
)
def test_a_version_that_could_inject_headers_is_rejected_before_sending(
    client, httpserver: HTTPServer, bad
):
    """CR, LF, NUL and friends in a version raise ValueError; nothing reaches the server."""
    httpserver.expect_request("/x").respond_with_data("{}")
    with pytest.raises(ValueError, match="not an API version"):
        client(httpserver.url_for("/"), profile="gooddata", api_version=bad)
    api = client(httpserver.url_for("/"), profile="gooddata", api_version="3")
    with pytest.raises(ValueError, match="not an API version"):
        api.request("GET", "/x", api_version=bad)
    with pytest.raises(ValueError, match="not an API version"), api.pinned(bad):
        api.request("GET", "/x")
    assert httpserver.log == []


def test_a_per_request_override_applies_to_that_request_only(client, httpserver: HTTPServer):
    """``api_version=`` pins one request; the next goes back to the session's pin."""
    httpserver.expect_request("/x").respond_with_data("{}")
    api = client(httpserver.url_for("/"), profile="gooddata", api_version="3")
    api.request("GET", "/x", api_version="4")
    api.request("GET", "/x")
    assert seen_headers(httpserver, "X-GDC-Version") == ["4", "3"]


def test_a_scoped_override_applies_inside_the_block_only(client, httpserver: HTTPServer):
    """``pinned()`` overrides a block (nested blocks too); a per-request override beats it."""
    httpserver.expect_request("/x").respond_with_data("{}")
    api = client(httpserver.url_for("/"), profile="gooddata", api_version="3")
    with api.pinned("4"):
        api.request("GET", "/x")
        with api.pinned("5"):
            api.request("GET", "/x")
            api.request("GET", "/x", api_version="2")
        api.request("GET", "/x")
    api.request("GET", "/x")
    assert seen_headers(httpserver, "X-GDC-Version") == ["4", "5", "2", "4", "3"]


@pytest.mark.parametrize("status", [302, 307, 308])
def test_a_version_header_the_caller_set_never_follows_a_redirect_to_another_origin(
    client, httpserver: HTTPServer, other_server: HTTPServer, status
):
    """A version header the caller set is dropped on a hop to another origin, like credentials."""
    other_server.expect_request("/landing").respond_with_handler(echo)
    httpserver.expect_request("/go").respond_with_response(
        redirect(other_server.url_for("/landing"), status)
    )
    for profile, pin, header in [
        ("gooddata", "3", "X-GDC-Version"),
        ("github", "2022-11-28", "X-GitHub-Api-Version"),
        ("stripe", "2024-06-20", "Stripe-Version"),
    ]:
        api = client(httpserver.url_for("/"), profile=profile, api_version=pin)
        reply = api.request("GET", "/go", headers={header: "2020-01-01", "X-Other": "kept"})
        seen = json.loads(reply.body)["headers"]
        assert header.lower() not in seen, (profile, seen)
        assert seen["x-other"] == "kept"
