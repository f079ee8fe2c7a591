"""urllib3: the pool manager follows redirects itself, pinning only the hops in scope."""

from __future__ import annotations

import json
import warnings

import pytest
import urllib3
from pytest_httpserver import HTTPServer
from urllib3.exceptions import MaxRetryError
from werkzeug import Response

from apiversion_client import ApiDeprecationWarning, ApiVersionRemovedError
from apiversion_client.transports.urllib3 import VersionedPoolManager

from ._helpers import DEPRECATED, GONE, echo, seen
from .conftest import TIMEOUT

pytestmark = pytest.mark.network

V = "x-gdc-version"


def _redirect(status: int, location: str) -> Response:
    return Response(status=status, headers={"Location": location})


def _pool(server: HTTPServer, **kwargs: object) -> VersionedPoolManager:
    return VersionedPoolManager(
        server.url_for("/gdc"), profile="gooddata", api_version="3", timeout=TIMEOUT, **kwargs
    )


def test_each_hop_in_scope_is_pinned_and_the_final_response_is_inspected(httpserver: HTTPServer):
    """A 302 inside the API is followed by the wrapper; both hops carry the pin."""
    httpserver.expect_request("/gdc/old").respond_with_response(_redirect(302, "/gdc/new"))
    httpserver.expect_request("/gdc/new").respond_with_handler(echo)
    http = _pool(httpserver)
    response = http.request("GET", "/old")
    assert response.status == 200
    assert response.api_version == "3"
    assert json.loads(response.data)["path"] == "/gdc/new"
    assert seen(httpserver, V) == [("GET", "/gdc/old", "3"), ("GET", "/gdc/new", "3")]


def test_a_hop_outside_the_base_path_gets_no_version(httpserver: HTTPServer):
    """Same host, outside the base path: the hop is sent without the version."""
    httpserver.expect_request("/gdc/old").respond_with_response(_redirect(302, "/static/x"))
    httpserver.expect_request("/static/x").respond_with_data("ok")
    response = _pool(httpserver).request("GET", "/old")
    assert response.status == 200
    assert not hasattr(response, "api_version")
    assert seen(httpserver, V) == [("GET", "/gdc/old", "3"), ("GET", "/static/x", None)]


def test_another_host_gets_neither_version_nor_authorization(
    httpserver: HTTPServer, other_server: HTTPServer
):
    """A hop to another host drops the pin, a version header the caller set, and credentials."""
    httpserver.expect_request("/gdc/away").respond_with_response(
        _redirect(302, other_server.url_for("/elsewhere"))
    )
    other_server.expect_request("/elsewhere").respond_with_handler(echo)
    http = _pool(httpserver)
    response = http.request(
        "GET", "/away", headers={"Authorization": "Bearer secret", "X-GDC-Version": "4"}
    )
    got = json.loads(response.data)["headers"]
    assert V not in got
    assert "authorization" not in got
    assert seen(httpserver, V) == [("GET", "/gdc/away", "4")]


def test_303_turns_a_post_into_a_get_without_its_body(httpserver: HTTPServer):
    """303 See Other: the next hop is a GET, its body and content headers dropped, pinned again."""
    httpserver.expect_request("/gdc/jobs", method="POST").respond_with_response(
        _redirect(303, "/gdc/jobs/1")
    )
    httpserver.expect_request("/gdc/jobs/1", method="GET").respond_with_handler(echo)
    response = _pool(httpserver).request(
        "POST", "/jobs", body=b'{"a": 1}', headers={"Content-Type": "application/json"}
    )
    got = json.loads(response.data)
    assert (got["method"], got["body"], got["headers"][V]) == ("GET", "", "3")
    assert "content-type" not in got["headers"]


def test_307_repeats_the_method_and_body(httpserver: HTTPServer):
    """307 keeps the method and the body; the new hop is pinned like the first."""
    httpserver.expect_request("/gdc/a", method="PUT").respond_with_response(
        _redirect(307, "/gdc/b")
    )
    httpserver.expect_request("/gdc/b", method="PUT").respond_with_handler(echo)
    response = _pool(httpserver).request("PUT", "/a", body=b"payload")
    got = json.loads(response.data)
    assert (got["method"], got["body"], got["headers"][V]) == ("PUT", "payload", "3")


def test_the_retry_redirect_count_is_honoured(httpserver: HTTPServer):
    """``Retry(redirect=1)`` stops a redirect loop with MaxRetryError, as urllib3 does."""
    httpserver.expect_request("/gdc/loop").respond_with_response(_redirect(302, "/gdc/loop"))
    http = _pool(httpserver)
    with pytest.raises(MaxRetryError):
        http.request("GET", "/loop", retries=urllib3.Retry(redirect=1))
    assert len(httpserver.log) == 2


def test_raise_on_redirect_false_returns_the_last_redirect(httpserver: HTTPServer):
    """With ``raise_on_redirect=False`` the exhausted redirect response comes back, inspected."""
    httpserver.expect_request("/gdc/loop").respond_with_response(_redirect(302, "/gdc/loop"))
    retries = urllib3.Retry(redirect=1, raise_on_redirect=False)
    response = _pool(httpserver).request("GET", "/loop", retries=retries)
    assert (response.status, response.api_version) == (302, "3")


def test_redirect_false_is_not_followed(httpserver: HTTPServer):
    """``redirect=False`` returns the 3xx as urllib3 would, pinned and inspected."""
    httpserver.expect_request("/gdc/old").respond_with_response(_redirect(301, "/gdc/new"))
    response = _pool(httpserver).request("GET", "/old", redirect=False)
    assert (response.status, response.api_version) == (301, "3")
    assert len(httpserver.log) == 1


def test_per_request_override_holds_on_every_hop(httpserver: HTTPServer):
    """``api_version=`` on ``request()`` pins every in-scope hop of that request only."""
    httpserver.expect_request("/gdc/old").respond_with_response(_redirect(302, "/gdc/new"))
    httpserver.expect_request("/gdc/new").respond_with_handler(echo)
    http = _pool(httpserver)
    http.request("GET", "/old", api_version="5")
    http.request("GET", "/new")
    assert [v for _, _, v in seen(httpserver, V)] == ["5", "5", "3"]


def test_a_deprecated_redirect_hop_is_reported_once_at_the_callers_line(httpserver: HTTPServer):
    """A deprecation on the 302 hop warns, pointing at this file, once per pool manager."""
    httpserver.expect_request("/gdc/old").respond_with_response(
        Response(status=302, headers=[("Location", "/gdc/new"), *DEPRECATED])
    )
    httpserver.expect_request("/gdc/new").respond_with_data("{}")
    http = _pool(httpserver)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        http.request("GET", "/old")
        http.request("GET", "/old")
    assert [w.category for w in caught] == [ApiDeprecationWarning]
    assert caught[0].filename == __file__
    assert len(http.notices) == 1


def test_a_removed_version_raises_with_the_urllib3_response(httpserver: HTTPServer):
    """The error carries the urllib3 response, its body read; the connection is reusable."""
    httpserver.expect_request("/gdc/p").respond_with_json(
        GONE, status=410, headers={"X-GDC-Request": "r-1"}
    )
    httpserver.expect_request("/gdc/q").respond_with_data("{}")
    http = _pool(httpserver, maxsize=1, block=True)
    with pytest.raises(ApiVersionRemovedError) as info:
        http.request("GET", "/p", preload_content=False)
    error = info.value
    assert isinstance(error.response, urllib3.BaseHTTPResponse)
    assert error.response.status == 410
    assert json.loads(error.response.data) == GONE
    assert (error.request_id, error.requested_version) == ("r-1", "3")
    # the only connection came back to the pool (else this waits, then fails)
    assert http.request("GET", "/q", pool_timeout=TIMEOUT).status == 200


def test_an_absolute_url_elsewhere_passes_through_untouched(
    httpserver: HTTPServer, other_server: HTTPServer
):
    """A request to another host sent through the pool manager is neither pinned nor inspected."""
    other_server.expect_request("/x").respond_with_data("ok", headers=DEPRECATED)
    response = _pool(httpserver).request("GET", other_server.url_for("/x"))
    assert response.status == 200
    assert not hasattr(response, "api_signals")
    assert seen(other_server, V) == [("GET", "/x", None)]


def test_a_version_header_given_twice_is_still_refused_by_the_matrix(httpserver: HTTPServer):
    """Two lines of one ended version are that version: refused before sending, as one line is."""
    import datetime as dt

    from apiversion_client import ApiVersionEndOfLifeError, CompatibilityMatrix

    matrix = CompatibilityMatrix.from_dict(
        {
            "api": {"name": "demo", "profile": "gooddata"},
            "versions": [
                {"version": "1", "released": "2017-01-01", "end_of_life": "2020-01-01"},
                {"version": "2", "released": "2019-01-01"},
            ],
        }
    )
    pool = VersionedPoolManager(
        httpserver.url_for("/"), matrix=matrix, api_version="2", today=dt.date(2026, 1, 1)
    )
    for count in (1, 2):
        headers = urllib3.HTTPHeaderDict()
        for _ in range(count):
            headers.add("X-GDC-Version", "1")
        with pytest.raises(ApiVersionEndOfLifeError):
            pool.request("GET", "/gdc/projects", headers=headers)
    assert httpserver.log == []
    pool.clear()
