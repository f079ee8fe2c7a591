"""The reference server, driven by VersionedSession, for every built-in profile."""

from __future__ import annotations

import concurrent.futures
import datetime as dt
import warnings

import pytest
import requests

from apiversion_client import (
    ApiDeprecationWarning,
    ApiVersionRemovedError,
    CompatibilityMatrix,
    NoticeKind,
    Policy,
    Profile,
    UnsupportedApiVersionError,
    VersionedSession,
    profiles,
)
from apiversion_client.testing import NoticeCollector, ReferenceServer, example_matrix

from ._matrices import AFTER, BEFORE, CASES, DURING, Case

pytestmark = pytest.mark.network

TIMEOUT = 5
COLLECT = Policy(default="collect")
IDS = [case.profile for case in CASES]


def session_for(server: ReferenceServer, case: Case, version: str, **kwargs) -> VersionedSession:
    kwargs.setdefault("policy", COLLECT)
    return VersionedSession(
        server.base_url, profile=case.profile, api_version=version, today=server.today, **kwargs
    )


def pin_on_the_wire(profile: Profile, recorded) -> str | None:
    if profile.header:
        return recorded.header(profile.header)
    if profile.query:
        query = recorded.path.partition("?")[2]
        return dict(part.split("=", 1) for part in query.split("&"))[profile.query]
    assert profile.path == "/api/{version}"
    return recorded.path.split("/")[2]


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_pinned_version_is_served_and_echoed(case):
    """The pin travels where the profile puts it; the server serves it and echoes it."""
    profile = profiles.get(case.profile)
    with ReferenceServer(case.matrix(), today=DURING) as server:
        session = session_for(server, case, case.new)
        response = session.get("/things/42", timeout=TIMEOUT)
    assert response.status_code == 200
    body = response.json()
    assert body["version"] == case.new
    assert body["resource"] == "GET /things/{id}"
    assert pin_on_the_wire(profile, server.requests[-1]) == case.new
    for name in profile.echo_headers[:1]:
        assert response.headers[name] == case.new
    assert response.headers[profile.request_id_headers[0]]
    assert response.api_request_id == response.headers[profile.request_id_headers[0]]
    assert session.notices == ()


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_deprecated_version_carries_the_profiles_signals(case):
    """A deprecated version's answer carries the profile's signals; the session warns once."""
    with ReferenceServer(case.matrix(), today=DURING) as server, NoticeCollector() as seen:
        session = session_for(server, case, case.dep, policy=None)
        with pytest.warns(ApiDeprecationWarning, match=case.dep) as records:
            first = session.get("/things", timeout=TIMEOUT)
        second = session.get("/things", timeout=TIMEOUT)  # once per session: no new warning
    assert len(records) == 1
    assert records[0].filename == __file__
    headers = first.headers
    if case.profile == "gooddata":
        assert headers["X-GDC-Deprecated"] == (
            f"End-of-life=Tue, 01 Jan 2030 00:00:00 GMT; valid-version={case.new}"
        )
    else:
        assert headers["Sunset"] == "Tue, 01 Jan 2030 00:00:00 GMT"
        assert f'version="{case.new}"' in headers["Link"]
        assert headers["Deprecation"] == (
            "Fri, 01 Jan 2021 00:00:00 GMT" if case.profile == "github" else "@1609459200"
        )
    assert second.json()["status"] == "deprecated"
    kinds = {notice.kind for notice in seen.notices}
    assert kinds == {NoticeKind.SUNSET}
    assert len(seen.notices) == 2  # the listener sees every notice, before the dedupe
    assert all(notice.successor == case.new for notice in seen.notices)


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_removed_version_is_a_typed_error_with_the_successor(case):
    """A pinned removed version is answered 410 and becomes ApiVersionRemovedError."""
    with ReferenceServer(case.matrix(), today=DURING) as server:
        session = session_for(server, case, case.old)
        with pytest.raises(ApiVersionRemovedError) as caught:
            session.get("/things", timeout=TIMEOUT)
    error = caught.value
    assert error.response.status_code == 410
    assert error.requested_version == case.old
    assert f"API version {case.old} has been removed" in str(error)
    assert error.request_id
    assert isinstance(error, requests.HTTPError)


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_unknown_version_is_unsupported_not_removed(case):
    """An unknown pin is answered 400 "Unsupported API version: X" with the supported list."""
    with ReferenceServer(case.matrix(), today=DURING) as server:
        session = session_for(server, case, case.unknown)
        with pytest.raises(UnsupportedApiVersionError) as caught:
            session.get("/things", timeout=TIMEOUT)
    error = caught.value
    assert not isinstance(error, ApiVersionRemovedError)
    assert error.response.status_code == 400
    assert f"Unsupported API version: {case.unknown}" in str(error)
    assert error.supported == (case.dep, case.new)


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_time_travel_with_today(case):
    """Setting today moves a version through stable, deprecated and removed."""
    with ReferenceServer(case.matrix(), today=BEFORE) as server:
        session = session_for(server, case, case.dep)
        assert session.get("/things", timeout=TIMEOUT).json()["status"] == "stable"
        server.today = DURING
        assert session.get("/things", timeout=TIMEOUT).json()["status"] == "deprecated"
        server.today = AFTER
        with pytest.raises(ApiVersionRemovedError):
            session.get("/things", timeout=TIMEOUT)
        server.today = dt.date(2018, 3, 1)  # before its release: unknown to the server
        with pytest.raises(UnsupportedApiVersionError):
            session.get("/things", timeout=TIMEOUT)


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_unpinned_request_follows_the_profiles_rule(case):
    """Unpinned: GoodData serves the oldest version not ended, the others the latest."""
    with ReferenceServer(case.matrix(), today=DURING) as server:
        body = requests.get(server.url + "/things", timeout=TIMEOUT).json()
    assert body["version"] == (case.dep if case.profile == "gooddata" else case.new)


def test_kubernetes_deprecation_is_a_warning_299():
    """Kubernetes has no pin: a deprecated served version gets Warning: 299."""
    matrix = CompatibilityMatrix.from_dict(
        {"versions": [{"version": "v1", "deprecated": "2021-01-01"}]}
    )
    with ReferenceServer(matrix, "kubernetes", today=DURING) as server:
        session = VersionedSession(server.base_url, profile="kubernetes", policy=COLLECT)
        response = session.get("/apis/batch/v1/cronjobs", timeout=TIMEOUT)
    assert response.headers["Warning"].startswith('299 - "API version v1 is deprecated')
    assert [n.kind for n in session.notices] == [NoticeKind.DEPRECATED]
    assert response.headers["Audit-Id"]


def test_gooddata_example_resources_change_per_version():
    """On the bundled GoodData matrix a resource ends per version, as the changelog says."""
    with ReferenceServer(example_matrix("gooddata"), today="2020-06-01") as server:
        projects = "/gdc/account/profile/7/projects"
        assert requests.get(server.url + projects, timeout=TIMEOUT).json()["version"] == "2"
        session = VersionedSession(
            server.base_url, profile="gooddata", api_version="1", policy=COLLECT
        )
        with pytest.raises(ApiVersionRemovedError) as caught:
            session.get(projects, timeout=TIMEOUT)
        assert caught.value.successor == "2"
        body = caught.value.response.json()["error"]
        assert body["message"] == "GET /gdc/account/profile/{id}/projects at API version %s " + (
            "has been removed (end of life %s); use API version %s"
        )
        assert body["parameters"] == ["1", "2019-10-01", "2"]
        assert body["requestId"] == caught.value.response.headers["X-GDC-Request"]
        debug = session.post("/gdc/app/projects/7/executeAfm/debug", timeout=TIMEOUT)
        assert debug.headers["X-GDC-Deprecated"].endswith("valid-version=5")


def test_cognite_beta_channel_travels_in_a_header():
    """Cognite's v1-beta goes out as /api/v1 plus `version: beta`, and is served as such."""
    with ReferenceServer(example_matrix("cognite"), today="2024-01-01") as server:
        session = VersionedSession(
            server.base_url, profile="cognite", api_version="v1-beta", policy=COLLECT
        )
        body = session.get("/assets", timeout=TIMEOUT).json()
        seen = server.requests[-1]
    assert body == {"version": "v1-beta", "resource": "GET /assets", "path": "/api/v1/assets"} | {
        "status": "beta"
    }
    assert seen.header("version") == "beta"
    assert [n.kind for n in session.notices] == [NoticeKind.UNSTABLE]


def test_media_type_pin_is_read_from_accept():
    """A profile that pins in the Accept media type is served that version."""
    acme = Profile(name="acme", media_type="version", echo_headers=("Acme-Version",))
    with ReferenceServer(CASES[-1].matrix(), acme, today=DURING) as server:
        session = VersionedSession(server.base_url, profile=acme, api_version="3")
        response = session.get("/things", timeout=TIMEOUT)
    assert response.headers["Acme-Version"] == "3"
    assert "version=3" in server.requests[-1].header("Accept")


def test_strict_resources_and_base_path_answer_404():
    """With strict_resources unknown resources are 404; outside base_path is 404 too."""
    with ReferenceServer(
        example_matrix("gooddata"), base_path="/base/", strict_resources=True, today="2020-06-01"
    ) as server:
        assert server.base_url == server.url + "/base"
        known = requests.get(server.base_url + "/gdc/account/profile/1/projects", timeout=TIMEOUT)
        unknown = requests.get(server.base_url + "/nothing", timeout=TIMEOUT)
        outside = requests.get(server.url + "/elsewhere", timeout=TIMEOUT)
    assert known.status_code == 200
    assert known.json()["path"] == "/base/gdc/account/profile/1/projects"
    assert unknown.status_code == 404
    assert outside.status_code == 404


def test_request_log_is_bounded_and_head_has_no_body():
    """The request log keeps the newest entries; HEAD is answered without a body."""
    with ReferenceServer(CASES[0].matrix(), max_logged_requests=2) as server:
        for _ in range(3):
            requests.get(server.url + "/a", timeout=TIMEOUT)
        head = requests.head(server.url + "/a", timeout=TIMEOUT)
        assert server.request_count == 4
        assert [r.method for r in server.requests] == ["GET", "HEAD"]
        assert server.wait_for_requests(4, timeout=1)
        assert not server.wait_for_requests(5, timeout=0.05)
    assert head.status_code == 200
    assert head.content == b""


def test_concurrent_requests_are_all_answered():
    """Handler threads answer concurrent sessions; the count is exact."""
    case = CASES[0]
    with ReferenceServer(case.matrix(), today=DURING) as server:

        def call(_: int) -> str:
            session = session_for(server, case, case.new)
            return session.get("/things", timeout=TIMEOUT).json()["version"]

        with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
            versions = list(pool.map(call, range(40)))
        assert versions == [case.new] * 40
        assert server.request_count == 40


def test_server_stops_and_frees_its_port(tmp_path):
    """Leaving the block stops the server; the matrix may be given as a path."""
    path = tmp_path / "api.toml"
    path.write_text(example_matrix("gooddata").read_text())
    server = ReferenceServer(path)
    with pytest.raises(RuntimeError, match="not running"):
        _ = server.url
    with server:
        url = server.url
        assert server.running
        assert repr(server).startswith("<ReferenceServer GoodData (gooddata) http://127.0.0.1:")
    assert not server.running
    with pytest.raises(requests.ConnectionError):
        requests.get(url, timeout=TIMEOUT)
    server.stop()  # idempotent


def test_bad_arguments_are_value_errors():
    """No profile anywhere, or a bad today, is a ValueError naming the problem."""
    bare = CompatibilityMatrix.from_dict({"versions": [{"version": "1"}]})
    with pytest.raises(ValueError, match="a profile is required"):
        ReferenceServer(bare)
    with pytest.raises(ValueError, match="not a date: '2020-13-01'"):
        ReferenceServer(bare, "rfc", today="2020-13-01")


def test_notice_collector_is_thread_safe_and_stops():
    """The collector gathers notices from many threads and nothing after it stops."""
    case = CASES[0]
    with ReferenceServer(case.matrix(), today=DURING) as server:
        with NoticeCollector() as seen:

            def call(_: int) -> None:
                session_for(server, case, case.dep).get("/things", timeout=TIMEOUT)

            with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
                list(pool.map(call, range(12)))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ApiDeprecationWarning)
            session_for(server, case, case.dep, policy=None).get("/things", timeout=TIMEOUT)
    assert len(seen) == 12
    assert len(seen.distinct()) == 1
    assert seen.of_kind("sunset") == seen.deprecations
    assert not seen.active
    seen.clear()
    assert not seen


def test_a_client_that_resets_its_connection_prints_no_traceback(capfd):
    """A keep-alive client closing abruptly (a TCP reset) is no server error."""
    import socket
    import struct
    import time

    from apiversion_client.testing import ReferenceServer, example_matrix

    with ReferenceServer(example_matrix("gooddata")) as server:
        host, port = server.url.removeprefix("http://").split(":")
        for pause in (0, 0, 0.1, 0.2, 0.2):
            sock = socket.create_connection((host, int(port.split("/")[0])), timeout=5)
            sock.sendall(b"GET /gdc/account/profile/1/projects HTTP/1.1\r\nHost: x\r\n\r\n")
            time.sleep(pause)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            sock.close()  # a reset, while the server answers or keeps the connection
        time.sleep(0.3)  # the server threads meet the reset
    assert "Traceback" not in capfd.readouterr().err
