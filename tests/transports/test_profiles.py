"""Each built-in profile against a real server.

Where its pin goes, the deprecation it understands, and the error rules that
recognise a rejected version.
"""

from __future__ import annotations

import json
import warnings
from typing import Any

import pytest
from pytest_httpserver import HTTPServer

from apiversion_client import (
    ApiDeprecationWarning,
    ApiVersionRemovedError,
    NoticeKind,
    UnsupportedApiVersionError,
)

from ._helpers import echo

pytestmark = pytest.mark.network


# (profile, session pin, path asked for, path the server sees, header set, query set)
PLACEMENT = [
    ("gooddata", "3", "/gdc/projects", "/gdc/projects", ("x-gdc-version", "3"), None),
    ("cognite", "v1", "/projects/p/assets", "/api/v1/projects/p/assets", None, None),
    ("github", "2022-11-28", "/repos", "/repos", ("x-github-api-version", "2022-11-28"), None),
    ("stripe", "2024-06-20", "/v1/charges", "/v1/charges", ("stripe-version", "2024-06-20"), None),
    (
        "azure",
        "2022-09-01",
        "/subscriptions",
        "/subscriptions",
        None,
        ("api-version", "2022-09-01"),
    ),
    ("kubernetes", None, "/apis/batch/v1/jobs", "/apis/batch/v1/jobs", None, None),
    ("rfc", "2", "/things", "/things", ("api-version", "2"), None),
]

VERSION_HEADERS = {
    "x-gdc-version",
    "x-github-api-version",
    "stripe-version",
    "api-version",
    "version",
    "cdf-version",
}


@pytest.mark.parametrize(
    ("profile", "pin", "path", "server_path", "header", "query"),
    PLACEMENT,
    ids=[row[0] for row in PLACEMENT],
)
def test_profile_puts_the_pin_where_the_api_expects_it(
    client, httpserver: HTTPServer, profile, pin, path, server_path, header, query
):
    """Each profile's pin arrives at the server in its header, query parameter or path."""
    httpserver.expect_request(server_path).respond_with_handler(echo)
    api = client(httpserver.url_for("/"), profile=profile, api_version=pin)
    reply = api.request("GET", path)
    seen = json.loads(reply.body)
    assert reply.status == 200
    assert seen["path"] == server_path
    sent = {k: v for k, v in seen["headers"].items() if k in VERSION_HEADERS}
    assert sent == (dict([header]) if header else {})
    assert seen["query"] == ([list(query)] if query else [])
    assert reply.api_version == pin


# (profile, pin, deprecation response headers, notice kind, text the message holds)
DEPRECATIONS: list[tuple[str, str | None, list[tuple[str, str]], NoticeKind, str]] = [
    (
        "gooddata",
        "3",
        [("X-GDC-Deprecated", "End-of-life=Sat, 01 Nov 2031 12:00:00 GMT; valid-version=5")],
        NoticeKind.SUNSET,
        "Move to API version 5",
    ),
    (
        "cognite",
        "v1",
        [
            ("Deprecation", "@1688169600"),
            ("Link", '<https://docs.example/v2>; rel="successor-version"'),
        ],
        NoticeKind.DEPRECATED,
        "See https://docs.example/v2",
    ),
    (
        "github",
        "2022-11-28",
        [
            ("Deprecation", "@1688169600"),
            ("Sunset", "Wed, 01 Jan 2031 00:00:00 GMT"),
        ],
        NoticeKind.SUNSET,
        "ends on 2031-01-01",
    ),
    (
        "stripe",
        "2024-06-20",
        [("Deprecation", "@1688169600"), ("Stripe-Version", "2024-06-20")],
        NoticeKind.DEPRECATED,
        "is deprecated since 2023-07-01",
    ),
    (
        "azure",
        "2022-09-01",
        [("Deprecation", "@1688169600")],
        NoticeKind.DEPRECATED,
        "at API version 2022-09-01 is deprecated",
    ),
    (
        "kubernetes",
        None,
        [
            (
                "Warning",
                '299 - "batch/v1beta1 CronJob is deprecated in v1.21+, unavailable in v1.25+; '
                'use batch/v1 CronJob"',
            )
        ],
        NoticeKind.DEPRECATED,
        "use batch/v1 CronJob",
    ),
    (
        "rfc",
        "2",
        [
            ("Deprecation", "@1688169600"),
            ("Link", '<https://api.example/v3>; rel="successor-version"; version="3"'),
        ],
        NoticeKind.DEPRECATED,
        "Move to API version 3",
    ),
]


@pytest.mark.parametrize(
    ("profile", "pin", "headers", "kind", "text"),
    DEPRECATIONS,
    ids=[row[0] for row in DEPRECATIONS],
)
def test_profile_understands_its_deprecation_signal(
    client, httpserver: HTTPServer, profile, pin, headers, kind, text
):
    """Each profile's deprecation response becomes one ApiDeprecationWarning and one notice."""
    path = "/api/v1/resource" if profile == "cognite" else "/resource"
    httpserver.expect_request(path).respond_with_data("{}", headers=headers)
    api = client(httpserver.url_for("/"), profile=profile, api_version=pin)
    with pytest.warns(ApiDeprecationWarning) as caught:
        reply = api.request("GET", "/resource")
    assert reply.status == 200
    assert reply.api_signals is not None
    assert reply.api_signals.deprecated or reply.api_signals.sunset is not None
    assert len(caught) == 1
    (notice,) = api.notices
    assert notice.kind is kind
    assert text in notice.message
    assert text in str(caught[0].message)


# (profile, pin, status, body, response headers, error class, text, supported, request id)
ERRORS: list[tuple[Any, ...]] = [
    (
        "gooddata",
        "3",
        410,
        {"error": {"message": "Version %s was removed", "parameters": ["3"]}},
        [("X-GDC-Request", "gdc-req-1")],
        ApiVersionRemovedError,
        "Version 3 was removed",
        (),
        "gdc-req-1",
    ),
    (
        "cognite",
        "0.5",
        400,
        {"error": {"code": 400, "message": "Unsupported API version: 0.5"}},
        [("X-Request-Id", "cdf-req-2")],
        UnsupportedApiVersionError,
        "Unsupported API version: 0.5",
        (),
        "cdf-req-2",
    ),
    (
        "github",
        "2020-01-01",
        400,
        {"message": "Unsupported 'X-GitHub-Api-Version' header: 2020-01-01"},
        [("X-GitHub-Request-Id", "gh-req-3")],
        UnsupportedApiVersionError,
        "Unsupported 'X-GitHub-Api-Version' header: 2020-01-01",
        (),
        "gh-req-3",
    ),
    (
        "stripe",
        "2099-01-01",
        400,
        {
            "error": {
                "message": "Invalid Stripe API version: 2099-01-01",
                "type": "invalid_request_error",
            }
        },
        [("Request-Id", "req_4")],
        UnsupportedApiVersionError,
        "Invalid Stripe API version: 2099-01-01",
        (),
        "req_4",
    ),
    (
        "azure",
        "2019-01-01",
        400,
        {
            "error": {
                "code": "InvalidApiVersionParameter",
                "message": "The api-version '2019-01-01' is invalid. "
                "The supported versions are '2021-04-01,2022-09-01'.",
            }
        },
        [("x-ms-request-id", "ms-req-5")],
        UnsupportedApiVersionError,
        "The api-version '2019-01-01' is invalid",
        ("2021-04-01", "2022-09-01"),
        "ms-req-5",
    ),
    (
        "rfc",
        "2",
        410,
        None,
        [("Request-Id", "rfc-req-6")],
        ApiVersionRemovedError,
        "API version 2 has been removed",
        (),
        "rfc-req-6",
    ),
]


@pytest.mark.parametrize(
    ("profile", "pin", "status", "body", "headers", "error", "text", "supported", "request_id"),
    ERRORS,
    ids=[row[0] for row in ERRORS],
)
def test_profile_error_rule_raises_the_typed_error(
    client,
    httpserver: HTTPServer,
    profile,
    pin,
    status,
    body,
    headers,
    error,
    text,
    supported,
    request_id,
):
    """A vendor's rejection of the pinned version raises the typed error, carrying the response."""
    httpserver.expect_request(
        "/api/0.5/assets" if profile == "cognite" else "/assets"
    ).respond_with_data(
        json.dumps(body) if body is not None else "",
        status=status,
        headers=headers,
        content_type="application/json",
    )
    api = client(httpserver.url_for("/"), profile=profile, api_version=pin)
    with pytest.raises(error) as excinfo:
        api.request("GET", "/assets")
    exc = excinfo.value
    if error is UnsupportedApiVersionError:
        assert not isinstance(exc, ApiVersionRemovedError)
    assert text in str(exc)
    assert exc.requested_version == pin
    assert exc.supported == supported
    assert exc.request_id == request_id
    assert exc.response is not None
    assert f"Request id: {request_id}." in str(exc)


@pytest.mark.parametrize(
    ("profile", "pin", "status", "body"),
    [
        ("gooddata", "3", 404, {"error": {"message": "Project %s not found", "parameters": ["x"]}}),
        ("github", "2022-11-28", 400, {"message": "Problems parsing JSON"}),
        ("azure", "2022-09-01", 404, {"error": {"code": "ResourceNotFound", "message": "Gone"}}),
        ("kubernetes", None, 410, {"kind": "Status", "message": "too old resource version"}),
        ("cognite", "v1", 400, {"error": {"code": 400, "message": "Missing field: name"}}),
    ],
    ids=["gooddata", "github", "azure", "kubernetes", "cognite"],
)
def test_an_error_that_is_not_about_the_version_is_returned_as_is(
    client, httpserver: HTTPServer, profile, pin, status, body
):
    """An ordinary 4xx (not about the version) is the caller's to handle: no version error."""
    httpserver.expect_request(
        "/api/v1/things" if profile == "cognite" else "/things"
    ).respond_with_json(body, status=status)
    api = client(httpserver.url_for("/"), profile=profile, api_version=pin)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        reply = api.request("GET", "/things")
    assert reply.status == status
    assert json.loads(reply.body) == body
