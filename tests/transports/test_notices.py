"""What a session does with what the server says: once, by policy, readable, safe."""

from __future__ import annotations

import logging
import re
import warnings

import pytest
from pytest_httpserver import HTTPServer

from apiversion_client import (
    ApiDeprecationWarning,
    ApiServerWarning,
    ApiVersionMismatchWarning,
    ApiVersionRemovedError,
    ApiVersionWarning,
    MalformedSignalWarning,
    Notice,
    NoticeKind,
    Policy,
)

pytestmark = pytest.mark.network

DEPRECATED = [("Deprecation", "@1688169600"), ("Sunset", "Wed, 01 Jan 2031 00:00:00 GMT")]


def test_a_deprecation_warns_once_across_1000_requests(client, threaded_server: HTTPServer):
    """1,000 requests to one deprecated resource (many ids): one warning, one notice."""
    threaded_server.expect_request(re.compile(r"/gdc/projects/\d+")).respond_with_data(
        "{}", headers=DEPRECATED
    )
    api = client(threaded_server.url_for("/"), profile="gooddata", api_version="3")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for i in range(1000):
            assert api.request("GET", f"/gdc/projects/{i}").status == 200
    assert [w.category for w in caught] == [ApiDeprecationWarning]
    assert len(api.notices) == 1
    assert api.notices[0].resource == "GET /gdc/projects/{id}"


def test_declared_resources_are_reported_separately(client, httpserver: HTTPServer):
    """Once per session means once per distinct notice: two declared resources, two warnings."""
    for path in ("/a", "/b"):
        httpserver.expect_request(path).respond_with_data("{}", headers=DEPRECATED)
    api = client(
        httpserver.url_for("/"),
        profile="github",
        api_version="2022-11-28",
        resources=["GET /a", "GET /b"],
    )
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for path in ("/a", "/b", "/a", "/b"):
            api.request("GET", path)
    assert len(caught) == 2
    assert [n.resource for n in api.notices] == ["GET /a", "GET /b"]


def test_one_deprecation_on_undeclared_resources_warns_once(client, httpserver: HTTPServer):
    """Resources known only by a guess from the URL do not multiply one deprecation."""
    for path in ("/widgets/w1", "/widgets/w2", "/repos/octo/r1"):
        httpserver.expect_request(path).respond_with_data("{}", headers=DEPRECATED)
    api = client(httpserver.url_for("/"), profile="rfc", api_version="2022-11-28")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for path in ("/widgets/w1", "/widgets/w2", "/repos/octo/r1", "/widgets/w1"):
            api.request("GET", path)
    assert len(caught) == 1
    [record] = api.notice_records()
    assert record.count == 4
    assert dict(record.resources) == {"GET /widgets/{id}": 3, "GET /repos/octo/{id}": 1}


def test_each_session_warns_for_itself(client, httpserver: HTTPServer):
    """Dedupe is per session: a second session reports the same deprecation again."""
    httpserver.expect_request("/a").respond_with_data("{}", headers=DEPRECATED)
    first = client(httpserver.url_for("/"), profile="github", api_version="2022-11-28")
    second = client(httpserver.url_for("/"), profile="github", api_version="2022-11-28")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        first.request("GET", "/a")
        second.request("GET", "/a")
        first.request("GET", "/a")
    assert [w.category for w in caught] == [ApiDeprecationWarning] * 2


def test_an_unhandled_deprecation_warning_fails_under_filterwarnings_error(
    client, httpserver: HTTPServer
):
    """With ``filterwarnings = ["error"]`` (this project's pytest config) a deprecation raises."""
    httpserver.expect_request("/a").respond_with_data("{}", headers=DEPRECATED)
    api = client(httpserver.url_for("/"), profile="github", api_version="2022-11-28")
    with pytest.raises(ApiDeprecationWarning, match="GET /a at API version 2022-11-28"):
        api.request("GET", "/a")


def test_a_warning_escalated_to_an_error_raises_on_every_request(client, httpserver: HTTPServer):
    """An escalated warning is not marked as reported: it raises again, then warns once."""
    httpserver.expect_request("/a").respond_with_data("{}", headers=DEPRECATED)
    api = client(httpserver.url_for("/"), profile="github", api_version="2022-11-28")
    with warnings.catch_warnings():
        warnings.simplefilter("error", FutureWarning)  # ApiDeprecationWarning is one
        for _ in range(3):
            with pytest.raises(ApiDeprecationWarning):
                api.request("GET", "/a")
    assert api.notices == ()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        api.request("GET", "/a")
        api.request("GET", "/a")
    assert [w.category for w in caught] == [ApiDeprecationWarning]
    assert len(api.notices) == 1


def test_a_version_error_wins_over_an_escalated_warning(client, httpserver: HTTPServer):
    """A 410 with deprecation headers raises the removal error, not the warning."""
    httpserver.expect_request("/a").respond_with_data("", status=410, headers=DEPRECATED)
    api = client(httpserver.url_for("/"), profile="github", api_version="2022-11-28")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(ApiVersionRemovedError):
            api.request("GET", "/a")


@pytest.mark.parametrize(
    ("action", "warned", "logged_at", "collected"),
    [
        ("warn", True, logging.DEBUG, True),
        ("log", False, logging.WARNING, True),
        ("collect", False, None, True),
        ("ignore", False, None, False),
    ],
)
def test_policy_actions(
    client, httpserver: HTTPServer, caplog: pytest.LogCaptureFixture, action, warned, logged_at,
    collected,
):  # fmt: skip
    """Each Policy action does what it says: warn, log, collect or nothing."""
    caplog.set_level(logging.DEBUG, logger="apiversion_client")
    httpserver.expect_request("/a").respond_with_data("{}", headers=DEPRECATED)
    api = client(
        httpserver.url_for("/"),
        profile="github",
        api_version="2022-11-28",
        policy=Policy(default=action),
    )
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for _ in range(3):
            assert api.request("GET", "/a").status == 200
    assert [w.category for w in caught] == ([ApiDeprecationWarning] if warned else [])
    records = [r for r in caplog.records if r.name == "apiversion_client"]
    if logged_at is None:
        assert records == []
    else:
        (record,) = records
        assert record.levelno == logged_at
        notice = record.__dict__["api_notice"]
        assert isinstance(notice, Notice)
        assert notice.kind is NoticeKind.SUNSET
        assert record.getMessage() == notice.message
    assert len(api.notices) == (1 if collected else 0)


def test_policy_raise_raises_the_warning_class_on_every_request(client, httpserver: HTTPServer):
    """Action RAISE raises ApiDeprecationWarning as an exception each time (CI mode)."""
    httpserver.expect_request("/a").respond_with_data("{}", headers=DEPRECATED)
    api = client(
        httpserver.url_for("/"),
        profile="github",
        api_version="2022-11-28",
        policy=Policy.strict(),
    )
    for _ in range(2):
        with pytest.raises(ApiDeprecationWarning, match="ends on 2031-01-01"):
            api.request("GET", "/a")
    assert len(httpserver.log) == 2


def test_a_served_version_that_differs_from_the_pin_warns(client, httpserver: HTTPServer):
    """GitHub's X-GitHub-Api-Version-Selected naming another version: ApiVersionMismatchWarning."""
    httpserver.expect_request("/a").respond_with_data(
        "{}", headers={"X-GitHub-Api-Version-Selected": "2022-11-28"}
    )
    api = client(httpserver.url_for("/"), profile="github", api_version="2026-03-10")
    with pytest.warns(ApiVersionMismatchWarning, match="served version 2022-11-28"):
        reply = api.request("GET", "/a")
    assert reply.api_signals is not None
    assert reply.api_signals.served_version == "2022-11-28"


def test_repeated_link_and_warning_lines_are_read_separately(client, httpserver: HTTPServer):
    """Two Link lines and two Warning lines are two of each, not one joined value."""
    httpserver.expect_request("/api/v1/a").respond_with_data(
        "{}",
        headers=[
            ("Link", '<https://docs.example/dep>; rel="deprecation"'),
            ("Link", '<https://api.example/api/v2/a>; rel="successor-version"'),
            ("Warning", '299 - "first, with a comma"'),
            ("Warning", '299 - "second is deprecated"'),
        ],
    )
    api = client(httpserver.url_for("/"), profile="cognite", api_version="v1")
    with pytest.warns(ApiDeprecationWarning), pytest.warns(ApiServerWarning, match="with a comma"):
        reply = api.request("GET", "/a")
    assert [name for name, _ in reply.headers].count("Link") == 2
    signals = reply.api_signals
    assert signals is not None
    assert [link.target for link in signals.links] == [
        "https://docs.example/dep",
        "https://api.example/api/v2/a",
    ]
    assert [w.text for w in signals.warnings] == ["first, with a comma", "second is deprecated"]
    assert signals.problems == ()


def test_two_gdc_deprecated_lines_are_read_separately(client, httpserver: HTTPServer):
    """Two X-GDC-Deprecated lines (dates hold commas) give the earliest end of life, no problem."""
    httpserver.expect_request("/a").respond_with_data(
        "{}",
        headers=[
            ("X-GDC-Deprecated", "End-of-life=Sat, 01 Nov 2031 12:00:00 GMT; valid-version=5"),
            ("X-GDC-Deprecated", "End-of-life=Tue, 01 Jul 2031 12:00:00 GMT; valid-version=5"),
        ],
    )
    api = client(httpserver.url_for("/"), profile="gooddata", api_version="3")
    with pytest.warns(ApiDeprecationWarning, match="ends on 2031-07-01 12:00:00 UTC"):
        reply = api.request("GET", "/a")
    assert reply.api_signals is not None
    assert reply.api_signals.problems == ()
    assert reply.api_signals.successor_version == "5"


UNPARSEABLE = [
    ("Sunset", "not a date"),
    ("Deprecation", "maybe?"),
    ("Link", "<<<>>>; rel="),
    ("Warning", "garbage"),
    ("X-GDC-Deprecated", "End-of-life=Sat, X Nov 20XX 12:00:00 GM; valid-version=2"),
    ("Api-Supported-Versions", ",,,;;;"),
    ("Sunset", "\u00ff\u00fe\u00e9"),
    ("Deprecation", "@" + "9" * 400),
]


@pytest.mark.parametrize(
    ("name", "value"), UNPARSEABLE, ids=[f"{n}-{i}" for i, (n, _) in enumerate(UNPARSEABLE)]
)
@pytest.mark.parametrize("profile", ["rfc", "gooddata", "kubernetes"])
def test_unparseable_signals_never_break_a_request(
    client, httpserver: HTTPServer, profile, name, value
):
    """A header no reader understands still returns the response; at most a warning says so."""
    httpserver.expect_request("/a").respond_with_data("{}", headers=[(name, value)])
    pin = {"rfc": "2", "gooddata": "3", "kubernetes": None}[profile]
    api = client(httpserver.url_for("/"), profile=profile, api_version=pin)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        reply = api.request("GET", "/a")
    assert reply.status == 200
    assert reply.body == b"{}"
    assert all(issubclass(w.category, ApiVersionWarning) for w in caught)
    assert reply.api_signals is not None
    if reply.api_signals.problems:
        assert MalformedSignalWarning in [w.category for w in caught]


def test_malformed_signals_can_be_ignored_even_under_filterwarnings_error(
    client, httpserver: HTTPServer
):
    """Policy ``malformed = ignore`` keeps a strict test run green on a server's bad header."""
    httpserver.expect_request("/a").respond_with_data("{}", headers={"Sunset": "soon-ish"})
    api = client(
        httpserver.url_for("/"),
        profile="rfc",
        api_version="2",
        policy=Policy(actions={"malformed": "ignore"}),
    )
    reply = api.request("GET", "/a")  # pytest's filterwarnings = ["error"] is in force
    assert reply.status == 200
    assert reply.api_signals is not None
    assert reply.api_signals.problems


SECRET = "s3cr3t-value"


def test_credentials_never_reach_notices_messages_or_logs(
    client, httpserver: HTTPServer, caplog: pytest.LogCaptureFixture
):
    """Query secrets are REDACTED in notices, warning texts, log records and error messages."""
    caplog.set_level(logging.DEBUG, logger="apiversion_client")
    httpserver.expect_request("/a").respond_with_data("{}", headers=DEPRECATED)
    httpserver.expect_request("/gone").respond_with_data("", status=410)
    api = client(httpserver.url_for("/"), profile="github", api_version="2022-11-28")
    query = f"?access_token={SECRET}&client_secret={SECRET}&page=2"
    with pytest.warns(ApiDeprecationWarning) as caught:
        api.request("GET", "/a" + query)
    with pytest.raises(ApiVersionRemovedError) as excinfo:
        api.request("GET", "/gone" + query)
    (notice,) = api.notices
    texts = [
        notice.message,
        str(notice.url),
        repr(notice),
        str(caught[0].message),
        str(excinfo.value),
        str(excinfo.value.url),
        *(r.getMessage() for r in caplog.records if r.name == "apiversion_client"),
    ]
    assert all(SECRET not in text for text in texts)
    assert "access_token=REDACTED" in str(notice.url)
    assert "page=2" in str(excinfo.value.url)
    # The server itself got the real query: redaction is for display only.
    assert httpserver.log[0][0].args["access_token"] == SECRET


def test_each_response_carries_its_own_request_id(client, httpserver: HTTPServer):
    """The same deprecation answered again (read once, remembered) keeps each request id."""
    from werkzeug import Request, Response

    counter = iter(range(1, 100))

    def answer(_request: Request) -> Response:
        number = next(counter)
        headers = [("X-GDC-Request", f"req-{number}")]
        if number <= 3:  # three deprecated answers, then three with no signal
            headers += DEPRECATED
        return Response("{}", headers=headers)

    httpserver.expect_request("/gdc/projects").respond_with_handler(answer)
    api = client(httpserver.url_for("/"), profile="gooddata", api_version="3")
    with warnings.catch_warnings(record=True):
        warnings.simplefilter("always")
        replies = [api.request("GET", "/gdc/projects").native for _ in range(6)]
    assert [r.api_request_id for r in replies] == [f"req-{n}" for n in range(1, 7)]
    assert [len(r.api_notices) for r in replies] == [1, 1, 1, 0, 0, 0]
    assert replies[0].api_notices == replies[2].api_notices


def test_one_deprecation_warns_a_bounded_number_of_times_whatever_the_urls(
    client, httpserver: HTTPServer
):
    """Hundreds of slug and name URLs, one deprecation: one warning, every resource counted."""
    headers = {"Deprecation": "@1735689600", "Sunset": "Tue, 30 Jun 2027 00:00:00 GMT"}
    paths = [
        *(f"/widgets/w{i}" for i in range(100)),
        *(f"/repos/octo/r{i}" for i in range(100)),
        *(f"/users/alice{i}/items" for i in range(50)),
        *(f"/projects/{name}/settings" for name in ("alpha", "beta", "gamma", "delta")),
    ]
    for path in paths:
        httpserver.expect_request(path).respond_with_data("{}", headers=headers)
    api = client(httpserver.url_for("/"), profile="rfc", api_version="1")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for path in paths:
            api.request("GET", path)
    assert len(caught) == 1
    [record] = api.notice_records()
    assert record.count == len(paths)
    assert dict(record.resources)["GET /widgets/{id}"] == 100
    assert len(record.resources) + record.other_resources >= 4
