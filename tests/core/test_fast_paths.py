"""The per-request fast paths decide exactly what the plain paths decide.

Notices are drafts worded only when reported or looked at; the scope test is
a string test before a URL parse; redaction skips parsing a plainly spelled
URL; the urllib3 transports hand the core urllib3's own header layout.  None
of it may change a result, let a stale value through, or keep anything a
response carried after the response is gone.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import gc
import tracemalloc
import warnings

import pytest
import urllib3
from hypothesis import given, settings
from hypothesis import strategies as st

from apiversion_client import (
    ApiVersionEndOfLifeError,
    Negotiator,
    NoticeKind,
    Policy,
    _policy,
    read_signals,
)
from apiversion_client._core._redact import _is_plain, _redact, redact_url
from apiversion_client._core._scope import BaseUrl
from apiversion_client._notices import Draft
from apiversion_client.transports._clients import urllib3_lines

BASE = "https://api.example.com/v1"
URL = f"{BASE}/projects/123/widgets"
SUNSET = "Wed, 11 Nov 2026 23:59:59 GMT"


def negotiator(**kwargs: object) -> Negotiator:
    options: dict[str, object] = {
        "profile": "rfc",
        "api_version": "2024-01-01",
        "policy": Policy(default="collect"),
    }
    options.update(kwargs)
    return Negotiator(BASE, **options)  # type: ignore[arg-type]


class HeaderValue(str):
    """A client library's own ``str`` subclass for header values."""

    __slots__ = ()


# ------------------------------------------------------------------ prepare


def test_the_request_own_version_header_is_its_pin() -> None:
    """A request carrying its own pin keeps it, whatever the case of the name or the type."""
    n = negotiator()
    assert n.prepare("GET", URL).requested == "2024-01-01"
    assert n.prepare("GET", URL, {"Api-Version": "2023-06-01"}).requested == "2023-06-01"
    assert n.prepare("GET", URL, [("API-VERSION", HeaderValue("2022-01-01"))]).requested == (
        "2022-01-01"
    )
    assert n.prepare("GET", URL, [(b"api-version", b"2021-01-01")]).requested == "2021-01-01"
    assert n.prepare("GET", URL).requested == "2024-01-01"


def test_a_version_header_repeated_with_one_value_is_that_version() -> None:
    """The same version on two lines (or joined with a comma) is that version, refusals included."""
    n = Negotiator("https://x.test", profile="gooddata", api_version="5")
    for lines in (
        [("X-GDC-Version", "4"), ("x-gdc-version", "4")],
        [("X-GDC-Version", "4, 4")],
    ):
        prepared = n.prepare("GET", "https://x.test/gdc", lines)
        assert prepared.requested == "4"
        assert prepared.set_headers == ()


def test_two_different_own_versions_are_refused() -> None:
    """Two different values of the request's own version header are refused before sending."""
    n = negotiator()
    for lines in (
        [("Api-Version", "2023-06-01"), ("api-version", "2022-01-01")],
        [("Api-Version", "2023-06-01, 2022-01-01")],
    ):
        with pytest.raises(ValueError, match="different values"):
            n.prepare("GET", URL, lines)


def test_a_repeated_own_version_is_still_refused_by_the_matrix() -> None:
    """A repeated own version header goes through the matrix's refusals like a single one."""
    from apiversion_client import CompatibilityMatrix

    matrix = CompatibilityMatrix.from_dict(
        {
            "api": {"name": "demo", "profile": "gooddata"},
            "versions": [
                {"version": "1", "released": "2017-01-01", "end_of_life": "2020-01-01"},
                {"version": "2", "released": "2019-01-01"},
            ],
        }
    )
    n = Negotiator("https://x.test", matrix=matrix, api_version="2", today=dt.date(2026, 1, 1))
    for lines in ([("X-GDC-Version", "1")], [("X-GDC-Version", "1"), ("X-GDC-Version", "1")]):
        with pytest.raises(ApiVersionEndOfLifeError):
            n.prepare("GET", "https://x.test/gdc/projects", lines)


def test_an_override_outlives_its_block_in_a_copied_context() -> None:
    """A context copied inside pinned() keeps the override after the block ends.

    prepare skips the override lookup until pinned() is first used; an asyncio
    task or a thread started inside the block runs in such a copy.
    """
    n = negotiator()
    assert n.prepare("GET", URL).requested == "2024-01-01"
    with n.pinned("5"):
        inside = contextvars.copy_context()
    assert n.prepare("GET", URL).requested == "2024-01-01"
    assert inside.run(lambda: n.prepare("GET", URL).requested) == "5"


def test_settings_are_frozen() -> None:
    """Settings cannot be changed in place; evolve() builds a negotiator that applies them."""
    n = negotiator()
    with pytest.raises(AttributeError, match="evolve"):
        n.allow_ended = True  # type: ignore[misc]
    with pytest.raises(AttributeError, match="frozen"):
        n.profile = n.profile  # type: ignore[misc]
    other = n.evolve(api_version="2025-01-01")
    assert other.pin is not None
    assert other.pin.text == "2025-01-01"
    assert n.pin is not None
    assert n.pin.text == "2024-01-01"
    with pytest.raises(TypeError, match="unknown"):
        n.evolve(colour="blue")


# ------------------------------------------------------------------ inspect

DEPRECATED = [
    ("Deprecation", "@1767225600"),
    ("Sunset", SUNSET),
    ("X-Request-Id", "first"),
]


def test_each_outcome_carries_its_own_request_id() -> None:
    """The request id is each response's own, whatever else repeats."""
    n = negotiator()
    prepared = n.prepare("GET", URL)
    first = n.inspect(prepared, 200, DEPRECATED)
    second = n.inspect(prepared, 200, [*DEPRECATED[:2], ("X-Request-Id", "second")])
    assert (first.request_id, second.request_id) == ("first", "second")
    assert second.notices == first.notices


def test_a_notice_is_worded_when_looked_at() -> None:
    """The "in N days" count is the day's when the notice is worded."""
    today = [dt.date(2026, 11, 1)]
    n = negotiator(today=lambda: today[0])
    prepared = n.prepare("GET", URL)
    first = n.inspect(prepared, 200, DEPRECATED).notices[0]
    today[0] = dt.date(2026, 11, 2)
    second = n.inspect(prepared, 200, DEPRECATED).notices[0]
    assert "in 10 days" in first.message
    assert "in 9 days" in second.message


def test_a_new_policy_words_later_notices() -> None:
    """A policy set on the reporter applies to every later notice, as in a fresh session."""
    n = negotiator(today=dt.date(2026, 11, 1))
    n.reporter.policy = Policy(default="collect", sunset_warning_days=5)
    outcome = n.inspect(n.prepare("GET", URL), 200, DEPRECATED)
    n.settle(outcome)
    fresh = negotiator(
        today=dt.date(2026, 11, 1), policy=Policy(default="collect", sunset_warning_days=5)
    )
    expected = fresh.inspect(fresh.prepare("GET", URL), 200, DEPRECATED).notices[0].message
    assert outcome.notices[0].message == expected
    assert n.reporter.notices[0].message == expected


NAMES = st.sampled_from(
    [
        "Deprecation",
        "deprecation",
        "Sunset",
        "SUNSET",
        "Link",
        "Warning",
        "api-version",
        "API-Version",
        "x-api-version",
        "api-supported-versions",
        "api-deprecated-versions",
        "X-Request-Id",
        "Request-Id",
        "Content-Type",
        "Date",
    ]
)
VALUES = st.one_of(
    st.sampled_from(
        [
            "",
            "true",
            "@1767225600",
            SUNSET,
            "not a date",
            '<https://x.test/v2>; rel="successor-version"; version="2025-01-01"',
            '299 - "Deprecated API version"',
            "2024-01-01",
            "2025-01-01, 2024-01-01",
            "req-1",
            "x" * 2000,
        ]
    ),
    st.text(max_size=20),
)


@settings(max_examples=300, deadline=None)
@given(
    lines=st.lists(st.tuples(NAMES, VALUES), max_size=12),
    status=st.sampled_from([200, 299, 400, 404, 410]),
    subclass=st.booleans(),
)
def test_urllib3_layout_str_subclasses_and_plain_lines_read_alike(
    lines: list[tuple[str, str]], status: int, subclass: bool
) -> None:
    """urllib3's header layout, str subclasses and plain lines give the same outcome."""
    n = negotiator()
    prepared = n.prepare("GET", URL)
    headers = urllib3.HTTPHeaderDict()
    for name, value in lines:
        headers.add(name, HeaderValue(value) if subclass else value)
    expected = n.inspect(prepared, status, lines)
    grouped = urllib3_lines(headers, n.response_header_names)
    for given_lines in (grouped, [(k, HeaderValue(v)) for k, v in lines]):
        got = n.inspect(prepared, status, given_lines)
        assert got.signals == expected.signals
        assert got.notices == expected.notices
        assert got.request_id == expected.request_id
        assert got.error == expected.error
    assert expected.signals == read_signals(lines, profile=n.profile)


@settings(max_examples=200, deadline=None)
@given(lines=st.lists(st.tuples(NAMES, VALUES), max_size=8), declared=st.booleans())
def test_a_draft_key_is_its_notice_key(lines: list[tuple[str, str]], declared: bool) -> None:
    """The key a draft is deduped by is the key of the notice it words."""
    n = negotiator(resources=["GET /projects/{id}/widgets"] if declared else None)
    outcome = n.inspect(n.prepare("GET", URL), 200, lines)
    for draft in outcome.drafts:
        assert draft.key == draft.notice().key
        assert draft.kind is draft.notice().kind


@settings(max_examples=100, deadline=None)
@given(
    sequence=st.lists(st.lists(st.tuples(NAMES, VALUES), max_size=5), min_size=1, max_size=6),
    swap=st.integers(min_value=0, max_value=5),
)
def test_reporting_drafts_is_reporting_their_notices(
    sequence: list[list[tuple[str, str]]], swap: int
) -> None:
    """Drafts, worded lazily, leave the reporter as the worded notices would, policy swaps too."""
    lazy = negotiator(today=dt.date(2026, 11, 1))
    eager = negotiator(today=dt.date(2026, 11, 1))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for index, lines in enumerate(sequence):
            if index == swap:
                for side in (lazy, eager):
                    side.reporter.policy = Policy(default="collect", sunset_warning_days=400)
            url = f"{BASE}/projects/{index}/widgets"
            lazy.settle(lazy.inspect(lazy.prepare("GET", url), 200, lines))
            outcome = eager.inspect(eager.prepare("GET", url), 200, lines)
            eager.reporter.report(outcome.notices)
    assert lazy.reporter.notices == eager.reporter.notices
    assert [(r.notice, r.count) for r in lazy.reporter.records()] == [
        (r.notice, r.count) for r in eager.reporter.records()
    ]


def test_nothing_of_a_large_header_is_kept_after_its_response() -> None:
    """Responses with new 64 KiB headers leave nothing of them behind."""
    n = negotiator(policy=Policy(default="ignore"))
    for index in range(16):  # warm up the bounded caches
        n.inspect(n.prepare("GET", f"{BASE}/p/{index}"), 200, [("Sunset", SUNSET)])
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        for index in range(48):
            big = "x" * (64 * 1024 - 20) + f"{index:08d}"
            outcome = n.inspect(
                n.prepare("GET", f"{BASE}/projects/{index}"),
                200,
                [("Sunset", SUNSET), ("Warning", big), ("Link", f"<{big}>")],
            )
            n.settle(outcome)
            del outcome
        gc.collect()
        kept = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert kept < 256 * 1024, kept  # not one 64 KiB value per response (that is 6 MiB)


def test_drafts_of_a_repeat_are_never_worded(monkeypatch: pytest.MonkeyPatch) -> None:
    """A notice already reported is counted, not worded again (with no listener to tell)."""
    monkeypatch.setattr(_policy, "_listeners", [])
    n = negotiator()
    calls = []

    def word() -> object:
        calls.append(1)
        return n.inspect(n.prepare("GET", URL), 200, DEPRECATED).notices[0]

    first = n.inspect(n.prepare("GET", URL), 200, DEPRECATED)
    n.settle(first)
    assert len(n.reporter.notices) == 1
    draft = first.drafts[0]
    repeat = Draft(draft.kind, draft.key, draft.resource, word, ())  # type: ignore[arg-type]
    n.reporter.report_drafts([repeat] * 100)
    assert calls == []
    assert n.reporter.records()[0].count == 101
    assert n.reporter.records()[0].notice.kind is NoticeKind.SUNSET


# ------------------------------------------------------------------ scope

BASES = st.sampled_from(
    [
        "https://api.example.com",
        "https://api.example.com/v1",
        "https://API.Example.com/v1/",
        "http://127.0.0.1:5000",
        "http://127.0.0.1:5000/api",
        "https://api.example.com:443/v1",
        "http://[::1]:8080/x",
        "https://bücher.example/v1",
        "https://api.example.com/büro",
        "http://127.0.0.1:5000/a b/{c}",
    ]
)
URL_PIECES = st.lists(
    st.sampled_from(
        [
            "https://",
            "http://",
            "HTTPS://",
            "api.example.com",
            "API.example.com",
            "127.0.0.1",
            ":5000",
            ":443",
            ":80",
            "[::1]:8080",
            "user:pw@",
            ".evil.com",
            "/v1",
            "/v10",
            "/api",
            "/x",
            "/",
            "?",
            "#",
            "q=1",
            "@evil.com",
            " ",
            "\t",
            "\\",
            "%2F",
            "bücher.example",
            "xn--bcher-kva.example",
            "BÜCHER.example",
            "/büro",
            "/b%C3%BCro",
            "/b%c3%bcro",
            "%7b",
            "%7E",
            "%41",
            "%",
            "%zz",
            "/a b",
            "/a%20b",
            "{c}",
            "%7Bc%7D",
            "|",
            "\udce9",
        ]
    ),
    max_size=8,
)


@settings(max_examples=2000, deadline=None)
@given(base=BASES, pieces=URL_PIECES)
def test_the_string_test_for_scope_agrees_with_parsing(base: str, pieces: list[str]) -> None:
    """The prefix fast path of relative_path answers exactly as parsing the URL does."""
    parsed = BaseUrl.parse(base)
    url = "".join(pieces)
    for candidate in (url, parsed._prefix + url, base + url):
        assert parsed.relative_path(candidate) == parsed._relative_path_parsed(candidate)


# ------------------------------------------------------------------ redaction

URL_PARTS = st.lists(
    st.sampled_from(
        [
            "https://",
            "http://",
            "api.example.com",
            "API.example.com",
            "127.0.0.1",
            ":5000",
            ":0443",
            ":99999",
            "u:p@",
            "/v1",
            "/x y",
            "//",
            "/",
            "?",
            "&",
            "=",
            "page",
            "token",
            "api_key",
            "x-amz-signature",
            "2",
            "%2F",
            "#frag",
            "\\",
            "+",
        ]
    ),
    max_size=10,
)


@settings(max_examples=3000, deadline=None)
@given(pieces=URL_PARTS)
def test_a_plain_url_is_shown_exactly_as_redaction_would_show_it(pieces: list[str]) -> None:
    """The no-parse fast path of redact_url never shows what the full redaction would hide."""
    url = "".join(pieces)
    assert redact_url(url) == _redact(url)
    if _is_plain(url):
        assert _redact(url) == url
