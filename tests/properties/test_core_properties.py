"""Properties of the core: whatever a server sends back, inspection never fails."""

from __future__ import annotations

import datetime as dt
import string
import warnings

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from apiversion_client import (
    ApiVersionWarning,
    ErrorDecision,
    Negotiator,
    Notice,
    Outcome,
    Policy,
    Signals,
    profiles,
)

PINS = ["2", "2024-01-01", "2022-11-28", "2024-01-01.acacia", "2.0-preview", "v1beta"]
NAMES = [
    "Deprecation",
    "Sunset",
    "Link",
    "Warning",
    "X-GDC-Deprecated",
    "api-supported-versions",
    "api-deprecated-versions",
    "api-version",
    "X-API-Version",
    "X-GitHub-Api-Version-Selected",
    "Stripe-Version",
    "X-Request-Id",
    "X-GDC-Request",
    "Request-Id",
    "Audit-Id",
    "x-ms-request-id",
    "Content-Type",
]
FRAGMENTS = [
    "@1767225600",
    "Sun, 06 Nov 1994 08:49:37 GMT",
    "Wed, 11 Nov 2099 23:59:59 GMT",
    "true",
    "<https://x/v2>; rel=successor-version; version=3",
    '299 - "deprecated API version"',
    "End-of-life=Sat, 31 Dec 2050 12:00:00 GMT; valid-version=2",
    "2024-01-01",
    "2",
    '"',
    "<",
    ";",
    ",",
    "\x00",
    "\udcff",
    "é",
]

header_names = st.one_of(st.sampled_from(NAMES), st.text(string.printable, max_size=20))
header_values = st.one_of(
    st.lists(st.sampled_from(FRAGMENTS), max_size=6).map(" ".join),
    st.text(max_size=200),
    st.binary(max_size=200).map(lambda b: b.decode("latin-1")),
)
headers = st.lists(st.tuples(header_names, header_values), max_size=12)
bodies = st.one_of(
    st.none(),
    st.binary(max_size=600),
    st.text(max_size=300),
    st.sampled_from(
        [
            b'{"error": {"code": "UnsupportedApiVersion", "message": "v2 removed"}}',
            b'{"detail": "Unsupported API version: X", "supportedVersions": ["1", "2"]}',
            b'{"error": {"code": 400, "message": "Invalid version", "extra": [1, {}]}}',
            b"[1, 2, {",
            b"\xff\xfe{",
            b"null",
            b'"just a string"',
            b"<html>410 Gone</html>",
        ]
    ),
)
statuses = st.one_of(
    st.sampled_from([200, 299, 301, 400, 404, 406, 410, 422]), st.integers(100, 599)
)


def _negotiator(profile: profiles.Profile, pin: str | None) -> Negotiator:
    return Negotiator(
        "https://api.example.com/base",
        profile=profile,
        api_version=pin if profile.pins else None,
        policy=Policy(default="collect"),
        today=dt.date(2026, 1, 1),
    )


@pytest.mark.parametrize("profile", list(profiles.BUILTIN.values()), ids=lambda p: p.name)
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    pin=st.sampled_from(PINS),
    path=st.text(string.ascii_letters + string.digits + "/-_.%", max_size=40),
    status=statuses,
    lines=headers,
    body=bodies,
)
def test_inspect_returns_notices_and_at_most_one_error(profile, pin, path, status, lines, body):
    """Any status, header lines and body give an Outcome (notices, at most one error), no raise."""
    negotiator = _negotiator(profile, pin)
    prepared = negotiator.prepare("GET", "https://api.example.com/base/" + path)
    if not negotiator.needs_body(prepared, status):
        body = None
    outcome = negotiator.inspect(prepared, status, lines, body)
    assert isinstance(outcome, Outcome)
    assert isinstance(outcome.signals, Signals)
    assert all(isinstance(notice, Notice) for notice in outcome.notices)
    assert outcome.error is None or isinstance(outcome.error, ErrorDecision)
    if outcome.error is not None:
        assert status >= 400
        outcome.error.build()  # the exception can always be made
    assert negotiator.settle(outcome) is outcome.error


@settings(max_examples=150, deadline=None)
@given(status=statuses, lines=headers, body=bodies)
def test_inspect_accepts_any_body_even_when_not_asked_for(status, lines, body):
    """A body passed whatever needs_body said (bytes, text, invalid UTF-8) never breaks inspect."""
    negotiator = _negotiator(profiles.GOODDATA, "2")
    prepared = negotiator.prepare("POST", "https://api.example.com/base/x/1")
    outcome = negotiator.inspect(prepared, status, dict(lines), body)
    assert len([outcome.error] if outcome.error else []) <= 1


@settings(max_examples=100, deadline=None)
@given(lines=headers)
def test_warn_policy_only_emits_api_version_warnings(lines):
    """Under the default policy, reporting emits ApiVersionWarning subclasses and nothing else."""
    negotiator = Negotiator("https://api.example.com/base", profile="rfc", api_version="2024-01-01")
    prepared = negotiator.prepare("GET", "https://api.example.com/base/items")
    outcome = negotiator.inspect(prepared, 200, lines)
    with warnings.catch_warnings(record=True) as record:
        warnings.simplefilter("always")
        negotiator.report(outcome.notices)
    assert all(issubclass(w.category, ApiVersionWarning) for w in record)


@settings(max_examples=100, deadline=None)
@given(lines=headers)
def test_cached_reading_equals_fresh_reading(lines):
    """read_signals gives the same Signals for the same lines, cached or not."""
    from apiversion_client.signals import _read

    first = _read.read_signals(lines, profile=profiles.RFC)
    for cache_clear in _read._caches:
        cache_clear()
    assert _read.read_signals(lines, profile=profiles.RFC) == first
