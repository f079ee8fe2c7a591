"""Pins for the fixes made after the review: scope, hostile headers, snoozes, today, location.

No I/O: the core is driven as the transports drive it (``start``, ``inspect``,
``settle``), and the reporter directly.  Each test names the fix it pins.
"""

from __future__ import annotations

import datetime as dt
import importlib
import logging
import sys
import textwrap
import warnings
from collections.abc import Callable
from pathlib import Path

import pytest

from apiversion_client import (
    Action,
    ApiDeprecationWarning,
    ApiVersionWarning,
    Negotiator,
    Notice,
    NoticeKind,
    Policy,
    Reporter,
    Snooze,
)
from apiversion_client._core._scope import resolve

BASE = "https://api.example.com"
HUGE = 64 * 1024
# Nothing in a notice is anywhere near this long once hostile values are dropped.
SHORT = 2048


def _notice(kind: NoticeKind = NoticeKind.DEPRECATED) -> Notice:
    return Notice(
        kind=kind,
        message="GET /r1 is deprecated",
        requested_version="1",
        resource="GET /r1",
        url="https://x.test/r1",
        declared_resource=True,
    )


def _deprecation_warnings(caught: list[warnings.WarningMessage]) -> list[warnings.WarningMessage]:
    return [w for w in caught if issubclass(w.category, ApiDeprecationWarning)]


# ---------------------------------------------------------------- resolve (fix 3)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/hooks/https://x", "https://api.example.com/v1/hooks/https://x"),
        ("hooks/https://x", "https://api.example.com/v1/hooks/https://x"),
        ("hooks?next=https://x", "https://api.example.com/v1/hooks?next=https://x"),
        ("a/b://c", "https://api.example.com/v1/a/b://c"),
    ],
)
def test_a_path_that_contains_a_url_is_joined_under_the_base(url: str, expected: str) -> None:
    """Fix 3: only a scheme at the very start makes a URL absolute; "://" later is a path."""
    assert resolve(BASE + "/v1", url) == expected
    assert Negotiator(BASE + "/v1", profile="rfc", api_version="5").resolve(url) == expected


@pytest.mark.parametrize("url", ["https://x/y", "HTTP://x", "http://x", "git+ssh://x/y"])
def test_a_url_with_a_scheme_is_absolute(url: str) -> None:
    """Fix 3: a leading RFC 3986 scheme (any case) is returned as it is."""
    assert resolve(BASE + "/v1", url) == url


# ----------------------------------------------------- hostile headers (fix 4)


def _inspect(
    profile: str, pin: str, headers: list[tuple[str, str]], policy: Policy
) -> tuple[Negotiator, tuple[Notice, ...]]:
    negotiator = Negotiator(
        BASE, profile=profile, api_version=pin, policy=policy, today=dt.date(2026, 11, 21)
    )
    outcome = negotiator.inspect(negotiator.start("GET", BASE + "/things/1"), 200, headers)
    negotiator.settle(outcome)
    return negotiator, tuple(draft.notice() for draft in outcome.drafts)


def _assert_short(notices: tuple[Notice, ...]) -> None:
    for notice in notices:
        for name, value in notice.as_dict().items():
            assert len(str(value)) < SHORT, (notice.kind, name, len(str(value)))
        assert all(len(str(part)) < SHORT for part in notice.key), notice.kind


def test_a_huge_echoed_version_is_kept_in_no_notice() -> None:
    """Fix 4: a 64 KiB "served version" echo is not a version: no notice carries it."""
    served = "2022-11-28" + "x" * HUGE
    negotiator, notices = _inspect(
        "github",
        "2022-11-28",
        [("X-GitHub-Api-Version-Selected", served)],
        Policy(default="collect"),
    )
    _assert_short(notices)
    _assert_short(negotiator.reporter.notices)
    assert not [n for n in notices if n.kind is NoticeKind.VERSION_MISMATCH]


def test_a_huge_successor_is_kept_in_no_notice() -> None:
    """Fix 4: a 64 KiB successor in X-GDC-Deprecated: still a deprecation, without it."""
    header = "End-of-life=Sat, 01 Jan 2028 12:00:00 GMT; valid-version=" + "9" * HUGE
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        negotiator, notices = _inspect("gooddata", "5", [("X-GDC-Deprecated", header)], Policy())
    [notice] = notices
    assert notice.kind in (NoticeKind.DEPRECATED, NoticeKind.SUNSET)
    assert notice.successor is None
    _assert_short(notices)
    _assert_short(negotiator.reporter.notices)
    [warned] = _deprecation_warnings(caught)
    assert len(str(warned.message)) < SHORT


def test_one_response_gives_at_most_sixteen_server_warnings() -> None:
    """Fix 4: 400 ``Warning: 299`` lines make at most 16 server-warning notices."""
    lines = [("Warning", f'299 - "notice number {i}"') for i in range(400)]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        negotiator, notices = _inspect("rfc", "5", lines, Policy())
    server = [n for n in notices if n.kind is NoticeKind.SERVER_WARNING]
    assert 1 <= len(server) <= 16
    reported = negotiator.reporter.notices
    assert len([n for n in reported if n.kind is NoticeKind.SERVER_WARNING]) <= 16
    assert len([w for w in caught if issubclass(w.category, ApiVersionWarning)]) <= 16


# ------------------------------------------------------------- snoozes (fix 6)


def test_a_snooze_ends_on_the_sessions_today_not_the_wall_clock() -> None:
    """Fix 6: the snooze is measured against ``today=``; once past its end the notice warns.

    The dates are far from the wall clock on purpose: the session's own day
    decides, and the notice collected while snoozed does not hide it later.
    """
    day = [dt.date(2099, 12, 31)]
    negotiator = Negotiator(
        BASE,
        profile="rfc",
        api_version="5",
        today=lambda: day[0],
        policy=Policy(snooze=[Snooze(until="2100-01-01", version="5")]),
    )

    def see() -> list[warnings.WarningMessage]:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            prepared = negotiator.start("GET", BASE + "/repos/o/r")
            negotiator.settle(negotiator.inspect(prepared, 200, [("Deprecation", "true")]))
        return _deprecation_warnings(caught)

    assert see() == []
    assert len(negotiator.reporter.notices) == 1  # collected while snoozed
    day[0] = dt.date(2100, 1, 1)  # the snooze's last day: still quiet
    assert see() == []
    day[0] = dt.date(2100, 1, 2)
    assert len(see()) == 1  # the snooze is over: warned, as the policy says
    assert see() == []  # and only once


def test_a_reporter_measures_snoozes_against_its_own_today() -> None:
    """Fix 6: ``Reporter(today=...)`` decides a snooze, whatever the wall clock says."""
    snoozed = Policy(snooze=[Snooze(until="2000-01-01")])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        Reporter(snoozed, today=lambda: dt.date(1999, 12, 31)).report([_notice()])
        assert _deprecation_warnings(caught) == []  # the wall clock is long past 2000
        Reporter(snoozed, today=lambda: dt.date(2000, 1, 2)).report([_notice()])
        assert len(_deprecation_warnings(caught)) == 1


def test_a_sighting_while_the_notice_is_being_warned_is_counted() -> None:
    """Fix 6: a report that re-enters while the first warning goes out is counted, not lost.

    The warning's own display (``warnings.showwarning``) reports the same
    notice again, deterministically in between the claim and the record.
    """
    reporter = Reporter(Policy())
    notice = _notice()
    shown: list[str] = []

    def show(message: Warning | str, *_args: object, **_kwargs: object) -> None:
        shown.append(str(message))
        reporter.report([notice])

    with warnings.catch_warnings():
        warnings.simplefilter("always")
        warnings.showwarning = show
        reporter.report([notice])
    assert shown == [notice.message]
    [record] = reporter.records()
    assert record.count == 2
    assert dict(record.resources) == {"GET /r1": 2}


def test_a_collected_notice_is_warned_once_a_warning_policy_replaces_it(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Fix 6: collected before, warned once under a new warning policy; never warned twice."""
    reporter = Reporter(Policy(default="collect"))
    notice = _notice()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        reporter.report([notice])
        assert caught == []
        reporter.policy = Policy()
        reporter.report([notice])
        assert len(_deprecation_warnings(caught)) == 1
        reporter.report([notice])
        with caplog.at_level(logging.WARNING, logger="apiversion_client"):
            reporter.policy = Policy(default="log")
            reporter.report([notice])  # already warned: not logged either
        reporter.policy = Policy()
        reporter.report([notice])
    assert len(_deprecation_warnings(caught)) == 1
    assert [r for r in caplog.records if r.levelno >= logging.WARNING] == []
    [record] = reporter.records()
    assert record.count == 5
    assert reporter.notices == (notice,)


def test_a_policys_actions_are_read_only_and_a_policy_is_hashable() -> None:
    """Fix 6: ``Policy.actions`` cannot be changed in place; equal policies hash alike."""
    policy = Policy(actions={"deprecated": "raise"})
    with pytest.raises(TypeError):
        policy.actions[NoticeKind.UNSTABLE] = Action.IGNORE  # type: ignore[index]
    assert policy.action_for(NoticeKind.UNSTABLE) is Action.WARN
    same = Policy(actions={NoticeKind.DEPRECATED: Action.RAISE})
    assert hash(policy) == hash(same)
    assert {policy: "x"}[same] == "x"
    changed = policy.with_action("unstable", "ignore")
    with pytest.raises(TypeError):
        changed.actions[NoticeKind.DEPRECATED] = Action.WARN  # type: ignore[index]
    assert changed != policy
    assert len({policy, same, changed}) == 2


# ---------------------------------------------------- today and evolve (fix 7)


@pytest.mark.parametrize(
    "today",
    [
        dt.datetime(2030, 1, 2, 23, 59, tzinfo=dt.UTC),
        lambda: dt.datetime(2030, 1, 2, 1, 0),
        lambda: dt.date(2030, 1, 2),
    ],
    ids=["datetime", "callable-datetime", "callable-date"],
)
def test_today_takes_a_datetime_by_its_date(today: dt.datetime | Callable[[], dt.date]) -> None:
    """Fix 7: a datetime (or a callable returning one) counts by its date, snoozes too."""
    policy = Policy(snooze=[Snooze(until="2030-01-02", version="5")])
    negotiator = Negotiator(BASE, profile="rfc", api_version="5", today=today, policy=policy)
    assert negotiator.today() == dt.date(2030, 1, 2)
    assert type(negotiator.today()) is dt.date
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        prepared = negotiator.start("GET", BASE + "/repos/o/r")
        negotiator.settle(negotiator.inspect(prepared, 200, [("Deprecation", "true")]))
    assert _deprecation_warnings(caught) == []  # snoozed on the session's day


@pytest.mark.parametrize("today", ["2030-01-02", 20300102])
def test_today_of_another_type_is_a_type_error_naming_it(today: object) -> None:
    """Fix 7: ``today=`` that is neither a date nor a callable is refused at once."""
    with pytest.raises(TypeError, match="today"):
        Negotiator(BASE, profile="rfc", api_version="5", today=today)  # type: ignore[arg-type]


def test_evolve_keeps_the_policy_set_on_the_reporter(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fix 7: ``evolve()`` carries the policy in effect now, unless ``policy=`` is given."""
    monkeypatch.delenv("APIVERSION_CLIENT_POLICY", raising=False)
    negotiator = Negotiator(BASE, profile="rfc", api_version="5")
    quiet = Policy(default="collect")
    negotiator.reporter.policy = quiet
    evolved = negotiator.evolve(api_version="6")
    assert evolved.reporter.policy == quiet
    assert str(evolved.pin) == "6"
    loud = Policy(default="log")
    assert negotiator.evolve(policy=loud).reporter.policy == loud


# ----------------------------------------------------------- location (fix 9)

APPLICATION = '''
import threading


def report(reporter, notice):
    reporter.report([notice])  # the application's own line


def report_in_a_thread(reporter, notice):
    """Every frame of the thread is this package's, threading's or the library's."""
    thread = threading.Thread(target=report, args=(reporter, notice))
    thread.start()
    thread.join(10)
    assert not thread.is_alive()
'''


def test_a_warning_from_an_all_skipped_stack_points_at_the_application(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Fix 9: when every frame is in a skipped package, the application's line is named.

    An installed application that is its own user (``python -m app``) has no
    frame outside the packages skipped: the warning must name its line, not
    this library's.  A thread stands in for it here (``threading`` is skipped
    too, so the only frames are skipped ones).
    """
    name = "review_fix_application"
    package = tmp_path / name
    package.mkdir()
    (package / "__init__.py").write_text(textwrap.dedent(APPLICATION))
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, name, raising=False)
    application = importlib.import_module(name)
    reporter = Reporter(Policy(), skip_packages=(name, "threading"))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        application.report_in_a_thread(reporter, _notice())
    [warned] = _deprecation_warnings(caught)
    assert Path(warned.filename) == package / "__init__.py"
    source = (package / "__init__.py").read_text().splitlines()
    assert "the application's own line" in source[warned.lineno - 1]


def test_a_huge_successor_is_kept_out_of_a_version_error_too():
    """A 410 with a 64 KiB valid-version: the error's successor and message stay short."""
    from apiversion_client import Policy

    negotiator = Negotiator(
        "https://api.example.com",
        profile="gooddata",
        api_version="5",
        policy=Policy(default="collect"),
    )
    prepared = negotiator.start("GET", "https://api.example.com/things/1")
    value = "End-of-life=Sat, 01 Jan 2028 12:00:00 GMT; valid-version=" + "9" * 65536
    outcome = negotiator.inspect(prepared, 410, [("X-GDC-Deprecated", value)])
    assert outcome.error is not None
    assert outcome.error.successor is None
    assert len(outcome.error.message) < 1000


# ------------------------------------------------------------------ URL spellings (review 13)


@pytest.mark.parametrize(
    "url",
    [
        "https://xn--bcher-kva.example/v1/items",  # what requests, httpx and urllib3 send
        "https://bücher.example/v1/items",
        "https://BÜCHER.example:443/v1/items",
    ],
)
def test_a_non_ascii_base_url_is_in_scope_in_every_spelling(url):
    """The base host is compared in its IDNA form: the A-label clients send is the API's."""
    negotiator = Negotiator("https://bücher.example/v1", profile="rfc", api_version="2")
    prepared = negotiator.prepare("GET", url, ())
    assert prepared.in_scope
    assert ("Api-Version", "2") in prepared.set_headers
    assert negotiator.base.same_origin(url)


@pytest.mark.parametrize(
    "url",
    [
        "http://other.example\\@api.example/v1/x",  # urllib3: other.example; urlsplit: api
        "http://api.example\\@other.example/v1/x",
        "http://api.example\\/v1/x",
    ],
)
def test_a_backslash_in_the_authority_is_never_the_api(url):
    """Two URL parsers read such a URL as two hosts: never pinned, never the same origin."""
    negotiator = Negotiator("http://api.example/v1", profile="rfc", api_version="2")
    assert not negotiator.prepare("GET", url, ()).in_scope
    assert not negotiator.base.same_origin(url)


def test_a_base_url_whose_host_cannot_be_sent_is_refused():
    """A base URL no client could send to is a ValueError that quotes it."""
    with pytest.raises(ValueError, match="cannot be sent"):
        Negotiator("https://a..b\u0378.example/", profile="rfc")


def test_a_huge_supported_version_is_kept_out_of_a_version_error():
    """A 410 whose api-supported-versions holds a 60 KB "version": not in the error at all."""
    negotiator = Negotiator(BASE, profile="rfc", api_version="2", policy=Policy(default="collect"))
    prepared = negotiator.start("GET", BASE + "/things/1")
    huge = "9" * 60000
    outcome = negotiator.inspect(prepared, 410, [("api-supported-versions", f"1, {huge}")])
    assert outcome.error is not None
    assert outcome.error.supported == ("1",)
    assert outcome.error.successor == "1"
    assert len(outcome.error.message) < 1000
    assert huge in outcome.signals.supported_versions  # what the server said stays readable


# ------------------------------------------------------------- reporter (review 13)


def test_a_louder_re_report_that_a_filter_raises_raises_again_next_time() -> None:
    """Collected, then warned under a new policy with an "error" filter: every sighting raises.

    The docs promise that a warnings filter turning a notice into an error
    raises on every such request; the louder re-report must not be marked
    done before the warning went out.
    """
    reporter = Reporter(Policy(default="collect"))
    notice = _notice()
    reporter.report([notice])
    reporter.policy = Policy()
    with warnings.catch_warnings():
        warnings.simplefilter("error", ApiDeprecationWarning)
        for _ in range(3):
            with pytest.raises(ApiDeprecationWarning):
                reporter.report([notice])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        reporter.report([notice])  # warned now, once
        reporter.report([notice])
    assert len(_deprecation_warnings(caught)) == 1
    [record] = reporter.records()
    assert record.count == 6


def test_every_sighting_of_a_raised_notice_is_counted() -> None:
    """Under Action.RAISE every sighting raises, and each one is counted in records()."""
    reporter = Reporter(Policy(default="raise"))
    notice = _notice()
    for _ in range(5):
        with pytest.raises(ApiDeprecationWarning):
            reporter.report([notice])
    [record] = reporter.records()
    assert record.count == 5
    assert dict(record.resources) == {"GET /r1": 5}


# ---------------------------------------------------- server text in messages (review 13)


def test_server_text_in_a_message_cannot_carry_terminal_or_bidi_controls() -> None:
    """A Warning with an escape sequence, a line break and a bidi override: all escaped."""
    text = "line one\nFAKE: all good \x1b[2K\u202egnp.exe"
    _negotiator, notices = _inspect(
        "kubernetes",
        "v1",
        [("Warning", f'299 - "{text}"'), ("Warning", '299 - "plain text, résumé"')],
        Policy(default="collect"),
    )
    messages = [notice.message for notice in notices]
    assert any("\\n" in m and "\\x1b" in m and "\\u202e" in m for m in messages), messages
    assert any("plain text, résumé" in m for m in messages)  # printable text of any script kept
    for message in messages:
        assert message.isprintable(), message


def test_a_version_error_quotes_the_servers_text_escaped() -> None:
    """The server's error message is quoted with its control characters escaped."""
    negotiator = Negotiator(BASE, profile="gooddata", api_version="1", policy=Policy("collect"))
    prepared = negotiator.start("GET", BASE + "/things/1")
    body = b'{"message": "API version 1 has been removed\\r\\nX-Injected: yes \\u001b[1m"}'
    outcome = negotiator.inspect(prepared, 410, [("X-Request-Id", "abc\x1bdef")], body)
    assert outcome.error is not None
    assert outcome.error.message.isprintable(), outcome.error.message
    assert "\\r\\nX-Injected" in outcome.error.message


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u06cc\u0645", True),  # Persian, a ZWNJ
        ("は\u3000非推奨", True),  # an ideographic space
        ("no\u00a0break", True),
        ("a\u200db", True),  # zero-width joiner (emoji sequences)
        ("a\x1b[31mb", False),
        ("a\u202eb", False),
        ("a\u2066b", False),
        ("a\nb", False),
        ("a\u2028b", False),
        ("caf\udce9", False),
        ("a\x85b", False),
    ],
)
def test_shown_escapes_what_rewrites_a_line_and_keeps_every_script(text: str, kept: bool) -> None:
    """shown() keeps text of any script; control, bidi and separator characters are escaped."""
    from apiversion_client._core._messages import shown

    result = shown(text)
    assert (result == text) is kept
    assert shown(result) == result
    if not kept:
        assert result.isascii() or result.replace("\\", "").isprintable()


def test_a_breaking_change_notice_quotes_the_request_id_escaped() -> None:
    """The tripwire's notice quotes the server's request id with control characters escaped."""
    from apiversion_client._tripwire._model import Breakage, BreakingChange
    from apiversion_client._tripwire._watch import breaking_notice

    change = BreakingChange(
        category=Breakage.FIELD_MISSING,
        resource="GET /items",
        version="1",
        field="items",
        expected="the field items",
        found="the body has no member",
        status=200,
    )
    notice = breaking_notice(change, "https://api.example.com/items", "abc\x1b[2J\u202eevil")
    assert "\x1b" not in notice.message
    assert "\u202e" not in notice.message
    assert "abc\\x1b[2J\\u202eevil" in notice.message


@pytest.mark.parametrize("base_path", ["/büro", "/a b", "/a%20b", "/b%C3%BCro", "/b%c3%bcro"])
def test_a_base_path_is_compared_as_clients_send_it(base_path: str) -> None:
    """A base path with a space or a non-ASCII letter: pinned whether the URL is encoded or not."""
    negotiator = Negotiator(f"https://api.example.com{base_path}", profile="rfc", api_version="2")
    encoded = "/b%C3%BCro" if "ü" in base_path or "%c3" in base_path.lower() else "/a%20b"
    raw = "/büro" if encoded == "/b%C3%BCro" else "/a b"
    spellings = (encoded, raw, encoded.lower().replace("/b%", "/b%"))  # %c3%bc: the same bytes
    for path in spellings:
        prepared = negotiator.prepare("GET", f"https://api.example.com{path}/x", ())
        assert prepared.in_scope, path
        assert ("Api-Version", "2") in prepared.set_headers
    assert not negotiator.prepare("GET", "https://api.example.com/other/x", ()).in_scope


def test_a_raw_control_character_in_a_url_path_never_reaches_a_message() -> None:
    """urllib3 follows a Location as written: the resource is named from the encoded path."""
    negotiator, _ = _inspect("rfc", "2", [], Policy(default="collect"))
    prepared = negotiator.start("GET", BASE + "/items\x1b[2J\u202eevil")
    outcome = negotiator.inspect(prepared, 200, [("Deprecation", "@1700000000")])
    [notice] = [draft.notice() for draft in outcome.drafts]
    assert notice.message.isprintable(), notice.message
    assert "\x1b" not in str(notice.resource)


@pytest.mark.parametrize(
    "url",
    [
        "https://api.example.com\t/v1/x",  # urllib3's host: "api.example.com\t"
        "https://\napi.example.com/v1/x",
        "https://api.example.com/v1/a\rb",
    ],
)
def test_a_url_with_a_tab_or_line_break_is_never_the_apis(url: str) -> None:
    """Tabs and line breaks that urlsplit drops and clients keep or encode: never in scope."""
    negotiator = Negotiator(BASE + "/v1", profile="rfc", api_version="2")
    assert not negotiator.prepare("GET", url, ()).in_scope
    assert not negotiator.base.same_origin(url)


def test_a_base_url_read_with_its_line_break_is_the_base_url() -> None:
    """``os.environ["API_URL"]`` with a trailing newline works; a tab inside is a ValueError."""
    negotiator = Negotiator(BASE + "/v1\n", profile="rfc", api_version="2")
    prepared = negotiator.start("GET", negotiator.resolve("/things"))
    assert prepared.url == BASE + "/v1/things"
    assert prepared.in_scope
    with pytest.raises(ValueError, match="tab or a line break"):
        Negotiator("https://api.exa\tmple.com", profile="rfc")


@pytest.mark.parametrize("template", ["GET /a/{", "/nope/{", "/a/}b", "/a/{x}}"])
def test_every_template_grammar_refuses_a_stray_brace(template: str) -> None:
    """Declarations, resources= and the matrix's changes read templates alike."""
    from apiversion_client._matrix._paths import ResourceTemplate
    from apiversion_client._tripwire._model import Reliance

    for compile_ in (ResourceTemplate.compile, Reliance):
        with pytest.raises(ValueError, match="only URL characters"):
            compile_(template)
    with pytest.raises(ValueError, match="only URL characters"):
        Negotiator(BASE, profile="rfc", resources=[template])


@pytest.mark.parametrize(
    ("template", "path"),
    [
        ("GET /büro/{id}", "/b%C3%BCro/5"),
        ("GET /b%c3%bcro/{id}", "/b%C3%BCro/5"),
        ("GET /b%C3%BCro/{id}", "/b%c3%bcro/5"),
        ("GET /b%C3%BCro/{id}", "/büro/5"),
    ],
)
def test_a_template_matches_a_path_however_either_is_encoded(template: str, path: str) -> None:
    """Templates and request paths are compared as clients send them (escapes in upper case)."""
    from apiversion_client._matrix._paths import ResourceTemplate, normalize_path

    negotiator = Negotiator(BASE, profile="rfc", api_version="2", resources=[template])
    prepared = negotiator.prepare("GET", BASE + path, ())
    assert prepared.resource == "GET /b%C3%BCro/{id}"
    assert prepared.declared
    assert ResourceTemplate.compile(template).matches("GET", normalize_path(path))


@pytest.mark.parametrize(
    ("written", "sent"),
    [
        ("/x%y", "/x%25y"),  # a "%" that starts no escape: clients send %25
        ("/ap%69/%", "/ap%2569/%25"),  # ...and then every "%" as %25 (urllib3, requests)
        ("/a%%41", "/a%25%2541"),
        ("/x%7Ey", "/x~y"),  # an escaped unreserved character: requests sends it decoded
        ("/x%7ey", "/x~y"),
        ("/a%2fb", "/a%2Fb"),  # a reserved one stays escaped, in upper case
        ("/b%c3%bcro", "/b%C3%BCro"),
        ("/büro", "/b%C3%BCro"),
    ],
)
def test_a_path_is_compared_as_clients_send_it(written: str, sent: str) -> None:
    """wire_path: idempotent, and the base URL, request URLs and templates all go through it."""
    from apiversion_client._wire import wire_path

    assert wire_path(written) == sent
    assert wire_path(sent) == sent
    negotiator = Negotiator(BASE + written, profile="rfc", api_version="2")
    for path in (written, sent):
        assert negotiator.prepare("GET", BASE + path + "/items", ()).in_scope, path
    templated = Negotiator(
        BASE, profile="rfc", api_version="2", resources=[f"GET {written}/{{id}}"]
    )
    assert templated.prepare("GET", BASE + sent + "/5", ()).declared


def test_a_burst_of_made_up_rels_does_not_keep_the_usual_ones_out_of_the_cache() -> None:
    """The rel caches drop their oldest entry when full, instead of refusing new ones."""
    from apiversion_client.signals import _link, parse_link

    for i in range(3 * _link._RELS_ENTRIES):
        parse_link(f'</x>; rel="made-up-{i}"')
    assert len(_link._RELS) <= _link._RELS_ENTRIES
    assert len(_link._REL_ONLY) <= _link._RELS_ENTRIES
    parse_link('</v2>; rel="successor-version"')
    assert "successor-version" in _link._RELS
    assert "successor-version" in _link._REL_ONLY
