"""The per-request fast paths decide exactly what the slow paths decide.

``prepare`` and ``inspect`` remember repeated requests and responses, and
``inspect_grouped`` reads headers kept grouped by name: none of it may change
a result, let a stale decision through, or grow without bound.
"""

from __future__ import annotations

import contextvars
import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from apiversion_client import (
    ApiVersionEndOfLifeError,
    Negotiator,
    NoticeKind,
    Policy,
)
from apiversion_client._core import _OUTCOME_ENTRIES, _PREPARED_ENTRIES

CDF = "https://api.cognitedata.com"
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


# ------------------------------------------------------------------ prepare


def test_a_repeated_request_is_decided_once() -> None:
    """The same request gets the very same Prepared back."""
    n = negotiator()
    assert n.prepare("GET", URL) is n.prepare("GET", URL)


def test_the_request_own_version_header_is_part_of_the_decision() -> None:
    """A request carrying its own pin is not served the decision for one without."""
    n = negotiator()
    plain = n.prepare("GET", URL)
    own = n.prepare("GET", URL, {"Api-Version": "2023-06-01"})
    other = n.prepare("GET", URL, [("api-version", "2022-01-01")])
    assert plain.requested == "2024-01-01"
    assert own.requested == "2023-06-01"
    assert other.requested == "2022-01-01"
    assert n.prepare("GET", URL).requested == "2024-01-01"


def test_case_insensitive_lookup_agrees_with_the_scan() -> None:
    """case_insensitive=True reads the same version header as scanning every line."""

    class Lower(dict[str, str]):
        def get(self, key: str, default: object = None) -> object:  # type: ignore[override]
            return super().get(key.lower(), default)

    n = negotiator()
    headers = {"API-VERSION": "2023-06-01", "Accept": "*/*"}
    scanned = n.prepare("GET", URL, headers)
    looked_up = n.prepare(
        "GET", URL, Lower({k.lower(): v for k, v in headers.items()}), case_insensitive=True
    )
    assert scanned.requested == looked_up.requested == "2023-06-01"


def test_an_override_is_part_of_the_decision() -> None:
    """pinned() wins over a remembered decision for the same URL, and only inside the block."""
    n = negotiator()
    assert n.prepare("GET", URL).requested == "2024-01-01"
    with n.pinned("2025-01-01"):
        assert n.prepare("GET", URL).requested == "2025-01-01"
    assert n.prepare("GET", URL).requested == "2024-01-01"


def test_a_refusal_is_never_remembered_as_a_decision(cognite_matrix) -> None:  # type: ignore[no-untyped-def]
    """The day a version ends, a request decided the day before is refused."""
    today = [dt.date(2021, 3, 21)]
    n = Negotiator(CDF, matrix=cognite_matrix, api_version="0.5", today=lambda: today[0])
    assert n.prepare("GET", f"{CDF}/projects/p/assets").in_scope
    today[0] = dt.date(2021, 3, 22)
    for _ in range(2):
        with pytest.raises(ApiVersionEndOfLifeError):
            n.prepare("GET", f"{CDF}/projects/p/assets")


def test_remembered_decisions_are_bounded() -> None:
    """A new URL for every request never grows the memory of decisions past its bound."""
    n = negotiator()
    for index in range(3 * _PREPARED_ENTRIES):
        n.prepare("GET", f"{BASE}/projects/{index}?page={index}")
    assert len(n._prepared) == _PREPARED_ENTRIES


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


# ------------------------------------------------------------------ inspect

DEPRECATED = [
    ("Deprecation", "@1767225600"),
    ("Sunset", SUNSET),
    ("X-Request-Id", "first"),
]


def test_a_repeated_response_keeps_its_own_request_id() -> None:
    """Remembered notices, but the request id is each response's own."""
    n = negotiator()
    prepared = n.prepare("GET", URL)
    first = n.inspect(prepared, 200, DEPRECATED)
    second = n.inspect(prepared, 200, [*DEPRECATED[:2], ("X-Request-Id", "second")])
    assert first.request_id == "first"
    assert second.request_id == "second"
    assert second.notices == first.notices
    assert n.inspect(prepared, 200, DEPRECATED).request_id == "first"


def test_a_new_day_words_the_notice_again() -> None:
    """The "in N days" count is redone when the date changes, not served from yesterday."""
    today = [dt.date(2026, 11, 1)]
    n = negotiator(today=lambda: today[0])
    prepared = n.prepare("GET", URL)
    first = n.inspect(prepared, 200, DEPRECATED).notices[0]
    today[0] = dt.date(2026, 11, 2)
    second = n.inspect(prepared, 200, DEPRECATED).notices[0]
    assert first.kind is second.kind is NoticeKind.SUNSET
    assert "in 10 days" in first.message
    assert "in 9 days" in second.message


def test_other_signals_for_the_same_request_are_read_again() -> None:
    """A response that says something new is read, not matched to the last one."""
    n = negotiator()
    prepared = n.prepare("GET", URL)
    assert n.inspect(prepared, 200, DEPRECATED).signals.deprecated
    later = n.inspect(prepared, 200, [("Sunset", SUNSET)])
    assert not later.signals.deprecated
    assert later.signals.sunset is not None
    assert n.inspect(prepared, 200, []).notices == ()


def test_remembered_outcomes_are_bounded() -> None:
    """Many requests, each answered with a new sunset, never grow the memory past its bound."""
    n = negotiator()
    start = dt.datetime(2027, 1, 1, tzinfo=dt.UTC)
    for index in range(3 * _OUTCOME_ENTRIES):
        prepared = n.prepare("GET", f"{BASE}/projects/{index}")
        for minutes in (index, index + 1):  # the last answer per request is kept
            sunset = (start + dt.timedelta(minutes=minutes)).strftime("%a, %d %b %Y %H:%M:%S GMT")
            n.inspect(prepared, 200, [("Sunset", sunset)])
    assert len(n._outcomes) == _OUTCOME_ENTRIES


def test_alternating_answers_for_one_request_are_each_read_right() -> None:
    """Two backends answering the same request differently: each answer is its own."""
    n = negotiator()
    prepared = n.prepare("GET", URL)
    early = [("Sunset", "Wed, 11 Nov 2026 23:59:59 GMT")]
    late = [("Sunset", "Thu, 11 Nov 2027 23:59:59 GMT")]
    for _ in range(3):
        assert n.inspect(prepared, 200, early).signals.sunset.year == 2026  # type: ignore[union-attr]
        assert n.inspect(prepared, 200, late).signals.sunset.year == 2027  # type: ignore[union-attr]


NAMES = st.sampled_from(
    [
        "Deprecation",
        "deprecation",
        "Sunset",
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
        ]
    ),
    st.text(max_size=20),
)


@settings(max_examples=300, deadline=None)
@given(
    lines=st.lists(st.tuples(NAMES, VALUES), max_size=12),
    status=st.sampled_from([200, 299, 400, 404, 410]),
)
def test_grouped_headers_read_like_header_lines(lines: list[tuple[str, str]], status: int) -> None:
    """inspect_grouped over urllib3's layout finds what inspect finds in the lines."""
    n = negotiator()
    prepared = n.prepare("GET", URL)
    grouped: dict[str, list[str]] = {}
    for name, value in lines:
        grouped.setdefault(name.lower(), [name]).append(value)
    expected = n.inspect(prepared, status, lines)
    got = n.inspect_grouped(prepared, status, grouped, skip=1)
    assert got.signals == expected.signals
    assert got.notices == expected.notices
    assert got.request_id == expected.request_id
    assert got.error == expected.error


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
        ]
    ),
    max_size=8,
)


@settings(max_examples=2000, deadline=None)
@given(base=BASES, pieces=URL_PIECES)
def test_the_string_test_for_scope_agrees_with_parsing(base: str, pieces: list[str]) -> None:
    """The prefix fast path of relative_path answers exactly as parsing the URL does."""
    from apiversion_client._pinning import BaseUrl

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
    from apiversion_client._redact import _is_plain, _redact, redact_url

    url = "".join(pieces)
    assert redact_url(url) == _redact(url)
    if _is_plain(url):
        assert _redact(url) == url
