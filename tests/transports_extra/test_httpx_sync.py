"""httpx (sync): errors are HTTPStatusErrors, warnings point at the caller, mounts stay scoped."""

from __future__ import annotations

import gzip
import json

import httpx
import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Response

from apiversion_client import (
    ApiDeprecationWarning,
    ApiVersionError,
    ApiVersionRemovedError,
    UnsupportedApiVersionError,
)
from apiversion_client.transports.httpx import (
    HttpxApiVersionRemovedError,
    HttpxUnsupportedApiVersionError,
    VersionedClient,
    VersionedTransport,
)

from ._helpers import DEPRECATED, GONE, UNSUPPORTED, echo, seen
from .conftest import TIMEOUT

pytestmark = pytest.mark.network


def _client(server: HTTPServer, **kwargs: object) -> VersionedClient:
    kwargs.setdefault("profile", "gooddata")
    kwargs.setdefault("api_version", "3")
    kwargs.setdefault("timeout", TIMEOUT)
    return VersionedClient(server.url_for("/gdc"), **kwargs)  # type: ignore[arg-type]


def test_the_error_classes_are_both_library_errors_and_http_status_errors():
    """Each httpx error class is the library's class and an ``httpx.HTTPStatusError``."""
    assert issubclass(HttpxUnsupportedApiVersionError, UnsupportedApiVersionError)
    assert issubclass(HttpxUnsupportedApiVersionError, httpx.HTTPStatusError)
    assert issubclass(HttpxApiVersionRemovedError, ApiVersionRemovedError)
    assert issubclass(HttpxApiVersionRemovedError, httpx.HTTPStatusError)


def test_a_removed_version_is_caught_as_http_status_error(httpserver: HTTPServer):
    """``except httpx.HTTPStatusError`` catches it; request, response and the details are set."""
    httpserver.expect_request("/gdc/p").respond_with_json(
        GONE, status=410, headers={"X-GDC-Request": "r-1"}
    )
    with _client(httpserver) as client, pytest.raises(httpx.HTTPStatusError) as info:
        client.get("/p")
    error = info.value
    assert isinstance(error, ApiVersionRemovedError)
    assert error.response.status_code == 410
    assert error.response.json() == GONE
    assert error.request.headers["X-GDC-Version"] == "3"  # the request as sent
    assert error.request.url == httpserver.url_for("/gdc/p")
    assert (error.request_id, error.requested_version) == ("r-1", "3")
    assert str(error) == error.message


def test_an_unsupported_version_says_so_and_keeps_the_body(httpserver: HTTPServer):
    """GitHub's 400 for an unknown version is an UnsupportedApiVersionError with the body read."""
    httpserver.expect_request("/repos").respond_with_json(UNSUPPORTED, status=400)
    client = VersionedClient(
        httpserver.url_for("/"), profile="github", api_version="2020-01-01", timeout=TIMEOUT
    )
    with client, pytest.raises(HttpxUnsupportedApiVersionError) as info:
        client.get("/repos")
    assert "2020-01-01" in str(info.value)
    assert info.value.response.json() == UNSUPPORTED


def test_error_responses_give_their_connection_back(httpserver: HTTPServer):
    """Three version errors in a row on a one-connection pool: none of them holds it."""
    httpserver.expect_request("/gdc/p").respond_with_json(GONE, status=410)
    limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)
    with _client(httpserver, limits=limits, timeout=httpx.Timeout(TIMEOUT, pool=2)) as client:
        for _ in range(3):
            with pytest.raises(ApiVersionRemovedError):
                client.get("/p")


def test_a_constructed_error_without_response_is_still_usable():
    """Building the class by hand (no response) works; httpx's missing ``request`` raises."""
    error = HttpxUnsupportedApiVersionError("no", requested_version="9")
    assert (str(error), error.requested_version, error.response) == ("no", "9", None)
    assert isinstance(error, ApiVersionError)
    with pytest.raises(RuntimeError):
        _ = error.request


def test_a_deprecation_warns_at_the_callers_line(httpserver: HTTPServer):
    """The warning points at this file, not at httpx, httpcore or this library."""
    httpserver.expect_request("/gdc/p").respond_with_data("{}", headers=DEPRECATED)
    with _client(httpserver) as client, pytest.warns(ApiDeprecationWarning) as caught:
        client.get("/p")
    assert [w.filename for w in caught] == [__file__]


def test_redirect_hops_are_pinned_and_other_hosts_never_see_the_version(
    httpserver: HTTPServer, other_server: HTTPServer
):
    """The transport sees every hop: in-scope hops pinned, the other host not."""
    httpserver.expect_request("/gdc/a").respond_with_response(
        Response(status=302, headers={"Location": "/gdc/b"})
    )
    httpserver.expect_request("/gdc/b").respond_with_response(
        Response(status=307, headers={"Location": other_server.url_for("/c")})
    )
    other_server.expect_request("/c").respond_with_handler(echo)
    with _client(httpserver, follow_redirects=True) as client:
        response = client.get("/a", headers={"Authorization": "Bearer s"})
    assert "x-gdc-version" not in response.json()["headers"]
    assert "authorization" not in response.json()["headers"]
    assert [r.api_version for r in response.history] == ["3", "3"]
    assert seen(httpserver, "X-GDC-Version") == [("GET", "/gdc/a", "3"), ("GET", "/gdc/b", "3")]


def test_the_request_httpx_holds_is_never_modified(httpserver: HTTPServer):
    """``response.request`` is the caller's request; the pin went on a copy."""
    httpserver.expect_request("/gdc/p").respond_with_handler(echo)
    with _client(httpserver) as client:
        response = client.get("/p")
    assert response.json()["headers"]["x-gdc-version"] == "3"
    assert "X-GDC-Version" not in response.request.headers
    assert response.api_version == "3"
    assert response.api_signals is not None


def test_per_request_override_and_stream(httpserver: HTTPServer):
    """``api_version=`` works on verbs, ``request()`` and ``stream()``, for that request only."""
    httpserver.expect_request("/gdc/p").respond_with_handler(echo)
    with _client(httpserver) as client:
        got = [client.get("/p", api_version="4").json()["headers"]["x-gdc-version"]]
        got.append(client.request("GET", "/p", api_version="5").json()["headers"]["x-gdc-version"])
        with client.stream("GET", "/p", api_version="2") as response:
            got.append(json.loads(response.read())["headers"]["x-gdc-version"])
        got.append(client.get("/p").json()["headers"]["x-gdc-version"])
    assert got == ["4", "5", "2", "3"]


def test_the_transport_works_mounted_on_a_plain_client(
    httpserver: HTTPServer, other_server: HTTPServer
):
    """``VersionedTransport`` mounted on an SDK's own ``httpx.Client`` pins only the API."""
    httpserver.expect_request("/gdc/p").respond_with_handler(echo)
    other_server.expect_request("/x").respond_with_handler(echo)
    transport = VersionedTransport.create(
        httpserver.url_for("/gdc"), profile="gooddata", api_version="3"
    )
    origin = httpserver.url_for("/").rstrip("/")
    with httpx.Client(mounts={origin: transport}, timeout=TIMEOUT) as client:
        with transport.pinned("5"):
            api = client.get(httpserver.url_for("/gdc/p")).json()["headers"]
        elsewhere = client.get(other_server.url_for("/x")).json()["headers"]
    assert api["x-gdc-version"] == "5"
    assert "x-gdc-version" not in elsewhere


def test_a_path_outside_the_base_url_on_the_same_origin_is_untouched(httpserver: HTTPServer):
    """The origin's mount sees ``/static``, but the core leaves it alone."""
    httpserver.expect_request("/static/x").respond_with_data("ok", headers=DEPRECATED)
    with _client(httpserver) as client:
        response = client.get(httpserver.url_for("/static/x"))
    assert response.text == "ok"
    assert not hasattr(response, "api_version")
    assert seen(httpserver, "X-GDC-Version") == [("GET", "/static/x", None)]


def test_a_transport_given_to_the_client_is_wrapped(httpserver: HTTPServer):
    """``transport=`` is the one doing the I/O for the API's origin, under the pin."""
    httpserver.expect_request("/gdc/p").respond_with_handler(echo)
    calls: list[str] = []

    class Recording(httpx.HTTPTransport):
        def handle_request(self, request: httpx.Request) -> httpx.Response:
            calls.append(request.headers.get("X-GDC-Version", ""))
            return super().handle_request(request)

    with _client(httpserver, transport=Recording()) as client:
        client.get("/p")
    assert calls == ["3"]


def test_a_gzip_error_body_is_read_by_the_core_and_kept_for_the_caller(httpserver: HTTPServer):
    """A compressed error body is decoded for the core and still decodes on the response."""
    body = gzip.compress(json.dumps(GONE).encode())
    httpserver.expect_request("/gdc/p").respond_with_data(
        body, status=410, headers={"Content-Encoding": "gzip"}, content_type="application/json"
    )
    with _client(httpserver) as client, pytest.raises(ApiVersionRemovedError) as info:
        client.get("/p")
    assert "Version 3 was removed" in str(info.value)
    assert info.value.response.json() == GONE
