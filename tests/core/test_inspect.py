"""What the core makes of a response: notices and at most one error."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from apiversion_client import (
    ApiVersionRemovedError,
    Negotiator,
    NoticeKind,
    UnsupportedApiVersionError,
    VersionErrorKind,
    profiles,
)

BASE = "https://api.example.com"
TODAY = dt.date(2026, 11, 21)


def inspect(profile, status=200, headers=(), body=None, pin="5", url=f"{BASE}/things/1"):
    negotiator = Negotiator(BASE, profile=profile, api_version=pin, today=TODAY)
    prepared = negotiator.prepare("GET", url)
    if body is not None and not isinstance(body, str | bytes):
        body = json.dumps(body)
    if body is not None:
        assert negotiator.needs_body(prepared, status)
    return negotiator.inspect(prepared, status, list(headers), body)


def test_gdc_deprecated_gives_a_sunset_notice_with_successor():
    """X-GDC-Deprecated becomes one notice with the end of life and valid version."""
    outcome = inspect(
        profiles.GOODDATA,
        headers=[
            ("X-GDC-Deprecated", "End-of-life=Sat, 01 Jan 2028 12:00:00 GMT; valid-version=6")
        ],
    )
    [notice] = outcome.notices
    assert notice.kind is NoticeKind.SUNSET
    assert notice.successor == "6"
    assert notice.resource == "GET /things/{id}"
    assert "2028-01-01 12:00:00 UTC" in notice.message
    assert "Move to API version 6" in notice.message
    assert outcome.error is None


def test_vendor_broken_example_is_a_deprecation_with_unknown_date():
    """GoodData's own broken example still deprecates, with an unknown end of life."""
    outcome = inspect(
        profiles.GOODDATA,
        headers=[
            ("X-GDC-Deprecated", '"End-of-life=Sat, X Nov 20XX 12:00:00 GM; valid-version=2"')
        ],
    )
    kinds = sorted(n.kind.value for n in outcome.notices)
    assert "deprecated" in kinds
    assert outcome.signals.deprecated


def test_rfc_deprecation_sunset_and_link():
    """Deprecation + Sunset + successor Link: one sunset notice linking the successor."""
    outcome = inspect(
        profiles.RFC,
        headers=[
            ("Deprecation", "@1688169599"),
            ("Sunset", "Wed, 30 Jun 2027 23:59:59 GMT"),
            ("Link", '<https://api.example.com/v6>; rel="successor-version"'),
        ],
    )
    [notice] = outcome.notices
    assert notice.kind is NoticeKind.SUNSET
    assert notice.link == "https://api.example.com/v6"
    assert notice.deprecation == dt.datetime(2023, 6, 30, 23, 59, 59, tzinfo=dt.UTC)
    assert "ends on 2027-06-30" in notice.message


def test_sunset_in_the_past_says_so():
    """A sunset already passed is reported as reached, with the days since."""
    outcome = inspect(profiles.RFC, headers=[("Sunset", "Sat, 31 Oct 2026 00:00:00 GMT")])
    assert "reached its end of life on 2026-10-31 (21 days ago)" in outcome.notices[0].message


def test_kubernetes_warning_299_is_a_deprecation():
    """Kubernetes' Warning: 299 deprecation text becomes a deprecation notice quoting it."""
    text = (
        "batch/v1beta1 CronJob is deprecated in v1.21+, unavailable in v1.25+; use batch/v1 CronJob"
    )
    negotiator = Negotiator(BASE, profile="kubernetes", today=TODAY)
    prepared = negotiator.prepare("GET", f"{BASE}/apis/batch/v1beta1/cronjobs")
    outcome = negotiator.inspect(prepared, 200, [("Warning", f'299 - "{text}"')])
    [notice] = outcome.notices
    assert notice.kind is NoticeKind.DEPRECATED
    assert text in notice.message


def test_served_version_mismatch():
    """An echo header naming another version than pinned gives a mismatch notice."""
    outcome = inspect(
        profiles.GITHUB,
        pin="2022-11-28",
        headers=[("X-GitHub-Api-Version-Selected", "2026-03-10")],
    )
    [notice] = outcome.notices
    assert notice.kind is NoticeKind.VERSION_MISMATCH
    assert notice.served_version == "2026-03-10"


def test_served_version_same_version_other_spelling_is_no_mismatch():
    """The same version spelled differently is not a mismatch."""
    outcome = inspect(profiles.RFC, pin="20230101", headers=[("api-version", "2023-01-01")])
    assert outcome.notices == ()


def test_malformed_signal_is_a_notice_never_an_error():
    """An unreadable Sunset is a malformed-signal notice; the response is still fine."""
    outcome = inspect(profiles.RFC, headers=[("Sunset", "next tuesday-ish")])
    assert outcome.error is None
    assert NoticeKind.MALFORMED in {n.kind for n in outcome.notices}


@pytest.mark.parametrize(
    ("profile", "status", "body", "pin", "kind", "in_message"),
    [
        (
            profiles.GOODDATA,
            410,
            {
                "error": {
                    "message": "Version %s was removed",
                    "parameters": ["3"],
                    "requestId": "r1",
                }
            },
            "3",
            VersionErrorKind.REMOVED,
            "Version 3 was removed",
        ),
        (
            profiles.GOODDATA,
            400,
            {"errorClass": "x", "message": "Unsupported version %s", "parameters": [9]},
            "9",
            VersionErrorKind.UNSUPPORTED,
            "Unsupported version 9",
        ),
        (
            profiles.GITHUB,
            400,
            {"message": "Unsupported 'X-GitHub-Api-Version' header: 2020-01-01"},
            "2020-01-01",
            VersionErrorKind.UNSUPPORTED,
            "Unsupported",
        ),
        (
            profiles.COGNITE,
            400,
            {"error": {"code": 400, "message": "Unsupported API version: 0.5"}},
            "0.5",
            VersionErrorKind.UNSUPPORTED,
            "0.5",
        ),
        (
            profiles.COGNITE,
            404,
            {"error": {"code": 404, "message": "API version 0.6 is no longer available"}},
            "0.6",
            VersionErrorKind.REMOVED,
            "no longer",
        ),
        (
            profiles.AZURE,
            400,
            {
                "error": {
                    "code": "InvalidApiVersionParameter",
                    "message": "The api-version '2019-01-01' is invalid. The supported "
                    "versions are '2021-04-01,2022-09-01'.",
                }
            },
            "2019-01-01",
            VersionErrorKind.UNSUPPORTED,
            "2021-04-01",
        ),
        (profiles.STRIPE, 410, None, "2017-01-01", VersionErrorKind.REMOVED, "410"),
        (
            profiles.KUBERNETES,
            406,
            {"kind": "Status", "message": "the server does not support version v9", "code": 406},
            None,
            None,
            None,
        ),
    ],
    ids=[
        "gooddata-410",
        "gooddata-400",
        "github",
        "cognite",
        "cognite-removed",
        "azure",
        "stripe-410-no-body",
        "kubernetes-unpinned",
    ],
)
def test_error_rules_per_profile(profile, status, body, pin, kind, in_message):
    """Each built-in profile recognises removed and unsupported versions in its error format."""
    negotiator = Negotiator(BASE, profile=profile, api_version=pin, today=TODAY)
    prepared = negotiator.prepare("GET", f"{BASE}/things")
    raw = json.dumps(body) if body is not None else None
    outcome = negotiator.inspect(prepared, status, [("X-Request-Id", "rid-7")], raw)
    if kind is None:
        assert outcome.error is None
        return
    assert outcome.error is not None
    assert outcome.error.kind is kind
    assert in_message in outcome.error.message
    error = outcome.error.build(response="the response")
    assert isinstance(error, UnsupportedApiVersionError)
    assert isinstance(error, ApiVersionRemovedError) is (kind is VersionErrorKind.REMOVED)
    assert error.response == "the response"
    assert error.requested_version == pin


def test_azure_error_lists_supported_versions():
    """The supported versions an error message lists end up on the error."""
    negotiator = Negotiator(BASE, profile="azure", api_version="2019-01-01")
    prepared = negotiator.prepare("GET", f"{BASE}/subscriptions")
    body = json.dumps(
        {
            "error": {
                "code": "InvalidApiVersionParameter",
                "message": "The api-version '2019-01-01' is invalid. The supported versions "
                "are '2021-04-01,2022-09-01'.",
            }
        }
    )
    outcome = negotiator.inspect(prepared, 400, [("x-ms-request-id", "abc")], body)
    assert outcome.error is not None
    assert outcome.error.supported == ("2021-04-01", "2022-09-01")
    assert outcome.error.successor == "2022-09-01"
    assert outcome.error.request_id == "abc"


@pytest.mark.parametrize(
    ("status", "body"),
    [
        (404, {"error": {"code": 404, "message": "Asset 123 not found"}}),
        (400, {"error": {"code": 400, "message": "Invalid filter"}}),
        (500, {"error": {"code": 500, "message": "Unsupported version internal"}}),
        (404, "<html>not json at all</html>"),
        (400, b"\xff\xfe\x00garbage"),
    ],
    ids=["not-found", "bad-request", "server-error", "html", "bytes"],
)
def test_ordinary_errors_are_not_version_errors(status, body):
    """Errors that do not talk about the version are left to the caller."""
    negotiator = Negotiator(BASE, profile="cognite", api_version="v1")
    prepared = negotiator.prepare("GET", f"{BASE}/projects/p/assets/123")
    raw = body if isinstance(body, str | bytes) else json.dumps(body)
    assert negotiator.inspect(prepared, status, [], raw).error is None


def test_body_is_only_needed_for_error_statuses_with_rules():
    """The body is read only when an error rule needs it."""
    negotiator = Negotiator(BASE, profile="gooddata", api_version="5")
    prepared = negotiator.prepare("GET", f"{BASE}/x")
    assert not negotiator.needs_body(prepared, 200)
    assert not negotiator.needs_body(prepared, 500)
    assert negotiator.needs_body(prepared, 400)
    outside = negotiator.prepare("GET", "https://elsewhere.test/x")
    assert not negotiator.needs_body(outside, 400)


def test_request_id_from_profile_header():
    """The request id comes from the profile's request-id header."""
    outcome = inspect(profiles.GOODDATA, headers=[("X-GDC-Request", "req-42")])
    assert outcome.request_id == "req-42"


def test_inspect_never_raises_on_hostile_headers():
    """Hostile header values give notices, never exceptions."""
    hostile = '<"\\;,=' * 10000
    lines = [
        (name, hostile)
        for name in (
            "Deprecation",
            "Sunset",
            "Link",
            "Warning",
            "X-GDC-Deprecated",
            "api-supported-versions",
        )
    ]
    for profile in profiles.BUILTIN.values():
        negotiator = Negotiator(BASE, profile=profile, api_version="1")
        prepared = negotiator.prepare("GET", f"{BASE}/x")
        outcome = negotiator.inspect(prepared, 410, lines, hostile)
        assert outcome.error is not None or profile.name == "kubernetes"
