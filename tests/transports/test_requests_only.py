"""What only the requests transport has.

HTTPError, mount(), the adapter, and warnings that point at the caller's line
in this file.
"""

from __future__ import annotations

import datetime as dt
import json
import threading
import warnings
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from pytest_httpserver import HTTPServer
from werkzeug import Response

from apiversion_client import (
    ApiDeprecationWarning,
    ApiVersionRemovedError,
    UnstableApiWarning,
    UnsupportedApiVersionError,
    VersionedAdapter,
    VersionedSession,
    mount,
)

from ._helpers import echo, seen_headers

pytestmark = pytest.mark.network

DEPRECATED = {"Deprecation": "@1688169600"}
TIMEOUT = 5


@pytest.fixture
def session(httpserver: HTTPServer):
    with VersionedSession(
        httpserver.url_for("/"), profile="gooddata", api_version="3"
    ) as versioned:
        yield versioned


# ------------------------------------------------------------------ errors


@pytest.mark.parametrize(
    ("status", "body", "error"),
    [
        (410, {"error": {"message": "Version %s was removed", "parameters": ["3"]}},
         ApiVersionRemovedError),
        (400, {"error": {"message": "Unsupported version 3"}}, UnsupportedApiVersionError),
    ],
    ids=["removed", "unsupported"],
)  # fmt: skip
def test_version_errors_are_also_requests_http_errors(
    session, httpserver: HTTPServer, status, body, error
):
    """The typed error is a requests.HTTPError with .response and .request set."""
    httpserver.expect_request("/x").respond_with_json(body, status=status)
    with pytest.raises(requests.HTTPError) as excinfo:
        session.get("/x", timeout=TIMEOUT)
    exc = excinfo.value
    assert isinstance(exc, error)
    assert isinstance(exc.response, requests.Response)
    assert exc.response.status_code == status
    assert exc.response.json() == body
    assert exc.request is not None
    assert exc.request.headers["X-GDC-Version"] == "3"
    assert exc.response.api_version == "3"


def test_errors_free_their_connection(httpserver: HTTPServer):
    """After version errors and escalated warnings, a one-connection blocking pool still works."""
    httpserver.expect_request("/gone").respond_with_data("", status=410)
    httpserver.expect_request("/old").respond_with_data("{}", headers=DEPRECATED)
    httpserver.expect_request("/ok").respond_with_data("{}")
    with VersionedSession(
        httpserver.url_for("/"),
        profile="gooddata",
        api_version="3",
        adapter_kwargs={"pool_maxsize": 1, "pool_block": True},
    ) as one_conn:

        def run() -> int:
            for _ in range(3):
                with pytest.raises(ApiVersionRemovedError):
                    one_conn.get("/gone", timeout=TIMEOUT)
                with pytest.raises(ApiDeprecationWarning):
                    one_conn.get("/old", timeout=TIMEOUT)
            return one_conn.get("/ok", timeout=TIMEOUT).status_code

        with ThreadPoolExecutor(1) as pool:
            # A leaked connection would block the pool forever: bound the wait.
            assert pool.submit(run).result(timeout=30) == 200


# ---------------------------------------------------------- response attributes


def test_responses_carry_what_was_found(session, httpserver: HTTPServer):
    """api_version, api_signals, api_notices and api_request_id are set on each response."""
    httpserver.expect_request("/x").respond_with_data(
        "{}",
        headers={
            "X-GDC-Deprecated": "End-of-life=Sat, 01 Nov 2031 12:00:00 GMT; valid-version=5",
            "X-GDC-Request": "req-7",
        },
    )
    with pytest.warns(ApiDeprecationWarning):
        response = session.get("/x", timeout=TIMEOUT)
    assert response.api_version == "3"
    assert response.api_signals.successor_version == "5"
    assert [n.successor for n in response.api_notices] == ["5"]
    assert response.api_request_id == "req-7"


def test_each_redirect_hop_response_is_inspected(session, httpserver: HTTPServer):
    """The responses in ``history`` are the API's too, and carry their own signals."""
    httpserver.expect_request("/a").respond_with_data(
        "", status=302, headers={"Location": "/b", "X-GDC-Request": "hop-1"}
    )
    httpserver.expect_request("/b").respond_with_data("{}", headers={"X-GDC-Request": "hop-2"})
    response = session.get("/a", timeout=TIMEOUT)
    assert [r.api_request_id for r in (*response.history, response)] == ["hop-1", "hop-2"]


def test_session_send_is_pinned_too(session, httpserver: HTTPServer):
    """A prepared request sent with ``Session.send`` passes through the adapter."""
    httpserver.expect_request("/x").respond_with_handler(echo)
    prepared = requests.Request("GET", httpserver.url_for("/x")).prepare()
    response = session.send(prepared, timeout=TIMEOUT)
    assert response.json()["headers"]["x-gdc-version"] == "3"
    assert "X-GDC-Version" not in prepared.headers  # the caller's request is not mutated


@pytest.mark.parametrize("bad", ["3\r\nX-Injected: 1", "3\nX-Injected: 1", "3\x00"])
def test_an_own_version_header_that_could_inject_is_rejected(session, httpserver: HTTPServer, bad):
    """A caller's own version header with CR / LF / NUL raises ValueError; nothing is sent."""
    with pytest.raises(ValueError):
        session.get("/x", headers={"X-GDC-Version": bad}, timeout=TIMEOUT)
    assert httpserver.log == []


# --------------------------------------------------------------------- mount


def test_mount_pins_the_api_on_a_plain_session(httpserver: HTTPServer, other_server: HTTPServer):
    """mount() on someone else's Session pins the API and leaves other hosts alone."""
    httpserver.expect_request("/api/x").respond_with_handler(echo)
    other_server.expect_request("/x").respond_with_handler(echo)
    with requests.Session() as plain:
        adapter = mount(
            plain, httpserver.url_for("/api"), profile="github", api_version="2026-03-10"
        )
        assert isinstance(adapter, VersionedAdapter)
        assert plain.get_adapter(httpserver.url_for("/api/x")) is adapter
        seen = plain.get(httpserver.url_for("/api/x"), timeout=TIMEOUT).json()
        assert seen["headers"]["x-github-api-version"] == "2026-03-10"
        with adapter.pinned("2022-11-28"):
            seen = plain.get(httpserver.url_for("/api/x"), timeout=TIMEOUT).json()
        assert seen["headers"]["x-github-api-version"] == "2022-11-28"
        seen = plain.get(other_server.url_for("/x"), timeout=TIMEOUT).json()
        assert "x-github-api-version" not in seen["headers"]


def test_mount_keeps_an_sdks_own_version_header(httpserver: HTTPServer):
    """An SDK that sets cdf-version on its session keeps it; the path pin is its own too."""
    httpserver.expect_request("/api/v1/projects/p").respond_with_handler(echo)
    with requests.Session() as sdk_session:
        sdk_session.headers["cdf-version"] = "20230101-beta"
        mount(sdk_session, httpserver.url_for("/"), profile="cognite", api_version="v1")
        with warnings.catch_warnings(record=True):
            warnings.simplefilter("always")
            response = sdk_session.get(httpserver.url_for("/api/v1/projects/p"), timeout=TIMEOUT)
    assert response.json()["headers"]["cdf-version"] == "20230101-beta"
    assert response.api_version == "20230101-beta"


def test_the_adapter_keeps_its_http_adapter_options(httpserver: HTTPServer):
    """adapter_kwargs reach HTTPAdapter (retries, pool sizes)."""
    session = VersionedSession(
        httpserver.url_for("/"),
        profile="gooddata",
        api_version="3",
        adapter_kwargs={"max_retries": 2, "pool_maxsize": 3},
    )
    with session:
        assert session.adapter.max_retries.total == 2
        assert session.adapter._pool_maxsize == 3


# ---------------------------------------------------------- warning location


def _assert_points_here(record: warnings.WarningMessage) -> None:
    assert record.filename == __file__, record.filename


def test_a_server_deprecation_points_at_the_callers_line(session, httpserver: HTTPServer):
    """The warning's file and line are the ``session.get`` call in this test."""
    httpserver.expect_request("/x").respond_with_data("{}", headers=DEPRECATED)
    line = _line() + 2
    with pytest.warns(ApiDeprecationWarning) as caught:
        session.get("/x", timeout=TIMEOUT)
    _assert_points_here(caught[0])
    assert caught[0].lineno == line


def test_a_warning_after_a_redirect_points_at_the_callers_line(session, httpserver: HTTPServer):
    """Through requests' redirect machinery, the warning still points at this file."""
    httpserver.expect_request("/a").respond_with_data("", status=307, headers={"Location": "/b"})
    httpserver.expect_request("/b").respond_with_data("{}", headers=DEPRECATED)
    with pytest.warns(ApiDeprecationWarning) as caught:
        session.get("/a", timeout=TIMEOUT)
    _assert_points_here(caught[0])


def test_a_warning_inside_a_pinned_block_points_at_the_callers_line(
    session, httpserver: HTTPServer
):
    """Inside ``with session.pinned(...)`` and through ``send()``, the caller's line still."""
    httpserver.expect_request("/x").respond_with_data("{}", headers=DEPRECATED)
    with session.pinned("4"), pytest.warns(ApiDeprecationWarning) as caught:
        session.send(requests.Request("GET", httpserver.url_for("/x")).prepare(), timeout=TIMEOUT)
    _assert_points_here(caught[0])


def test_a_preflight_warning_points_at_the_callers_line(httpserver: HTTPServer, gooddata_matrix):
    """A matrix deprecation, warned before sending, points at this file."""
    httpserver.expect_request("/gdc/account/profile/1/projects").respond_with_data("{}")
    with (
        VersionedSession(
            httpserver.url_for("/"),
            matrix=gooddata_matrix,
            api_version="1",
            today=dt.date(2019, 5, 1),
        ) as versioned,
        pytest.warns(ApiDeprecationWarning) as caught,
    ):
        versioned.get("/gdc/account/profile/1/projects", timeout=TIMEOUT)
    _assert_points_here(caught[0])


def test_an_unstable_pin_warning_points_at_the_callers_line(httpserver: HTTPServer):
    """The beta-channel warning from a mounted adapter points at this file."""
    httpserver.expect_request("/api/v1/x").respond_with_data("{}")
    with requests.Session() as plain:
        mount(plain, httpserver.url_for("/"), profile="cognite", api_version="v1-beta")
        with pytest.warns(UnstableApiWarning) as caught:
            plain.get(httpserver.url_for("/x"), timeout=TIMEOUT)
    _assert_points_here(caught[0])


def test_a_warning_from_a_worker_thread_points_at_the_worker_function(
    session, httpserver: HTTPServer
):
    """In a thread, the warning points at the user's function in this file, not threading."""
    httpserver.expect_request("/x").respond_with_data("{}", headers=DEPRECATED)
    done = threading.Event()

    def worker() -> None:
        session.get("/x", timeout=TIMEOUT)
        done.set()

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        thread = threading.Thread(target=worker)
        thread.start()
        thread.join(timeout=30)
    assert done.is_set()
    (record,) = caught
    _assert_points_here(record)


def test_the_echo_handler_sees_one_version_header(session, httpserver: HTTPServer):
    """The adapter sets the header once (no duplicate line) on a request that had none."""
    httpserver.expect_request("/x").respond_with_handler(echo)
    session.get("/x", timeout=TIMEOUT)
    (request, _response) = httpserver.log[0]
    assert request.headers.getlist("X-GDC-Version") == ["3"]
    assert seen_headers(httpserver, "X-GDC-Version") == ["3"]
    assert json.loads(_response.get_data())["headers"]["x-gdc-version"] == "3"


def _line() -> int:
    import inspect

    frame = inspect.currentframe()
    assert frame is not None
    assert frame.f_back is not None
    return frame.f_back.f_lineno


@pytest.mark.network
def test_callers_own_version_header_does_not_follow_a_redirect_to_another_host(
    httpserver, other_server
):
    """A version header the caller set is stripped on a redirect to another host."""
    from apiversion_client import VersionedSession

    other_server.expect_request("/landing").respond_with_data("ok")
    httpserver.expect_request("/hop").respond_with_data(
        "", status=302, headers={"Location": other_server.url_for("/landing")}
    )
    with VersionedSession(httpserver.url_for("/"), profile="gooddata", api_version="5") as s:
        response = s.get("/hop", headers={"X-GDC-Version": "4"}, timeout=5)
    assert response.status_code == 200
    [(request, _)] = other_server.log
    assert "X-GDC-Version" not in request.headers


def test_mount_drops_caller_version_headers_on_a_redirect_to_another_origin(httpserver):
    """mount() on a session someone else made: a redirect away drops the version header too."""
    other = HTTPServer(host="127.0.0.1", port=0)
    other.start()
    try:
        other.expect_request("/landing").respond_with_handler(
            lambda request: Response(json.dumps(dict(request.headers)), mimetype="application/json")
        )
        httpserver.expect_request("/go").respond_with_response(
            Response(status=307, headers={"Location": other.url_for("/landing")})
        )
        session = requests.Session()
        mount(session, httpserver.url_for("/"), profile="github", api_version="2022-11-28")
        reply = session.get(
            httpserver.url_for("/go"), headers={"X-GitHub-Api-Version": "2026-03-10"}, timeout=5
        )
        seen = {k.lower(): v for k, v in reply.json().items()}
        assert "x-github-api-version" not in seen
        session.close()
    finally:
        other.stop()


def test_a_plain_dict_of_headers_keeps_its_own_version_header(httpserver: HTTPServer):
    """A prepared request whose headers a hook replaced by a plain dict: one version on the wire."""
    httpserver.expect_request("/repos/o/r").respond_with_handler(echo)
    session = VersionedSession(httpserver.url_for("/"), profile="github", api_version="2022-11-28")
    request = session.prepare_request(requests.Request("GET", httpserver.url_for("/repos/o/r")))
    request.headers = {"X-Github-Api-Version": "2026-03-10", "Accept": "*/*"}  # type: ignore[assignment]
    response = session.send(request, timeout=5)
    seen = [
        v for k, v in httpserver.log[-1][0].headers.items() if k.lower() == "x-github-api-version"
    ]
    assert seen == ["2026-03-10"]
    assert response.api_version == "2026-03-10"  # type: ignore[attr-defined]
    session.close()


def test_a_versioned_session_refuses_to_be_pickled_saying_why():
    """HTTPAdapter pickles a fixed list of attributes: the negotiator would be lost.

    A session that came back from pickle would send no pin at all; it is
    refused with a TypeError that says what to do instead.
    """
    import copy
    import pickle

    session = VersionedSession("https://api.example.com", profile="gooddata", api_version="5")
    for thing in (session, session.adapter, session.negotiator):
        with pytest.raises(TypeError, match=r"cannot be pickled.*same arguments"):
            pickle.dumps(thing)
        with pytest.raises(TypeError, match="cannot be pickled"):
            copy.deepcopy(thing)
        with pytest.raises(TypeError, match="cannot be pickled"):
            copy.copy(thing)  # requests' Session.__getstate__ would drop the negotiator
    session.close()
