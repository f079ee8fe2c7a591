"""The policy: once per session, per-kind actions, bounded memory, warning location."""

from __future__ import annotations

import logging
import threading
import tracemalloc
import warnings

import attrs
import pytest

from apiversion_client import (
    Action,
    ApiDeprecationWarning,
    ApiVersionWarning,
    Notice,
    NoticeKind,
    Policy,
    Reporter,
    UnstableApiWarning,
    _policy,
    add_listener,
    remove_listener,
)


def notice(i: int = 0, kind: NoticeKind = NoticeKind.DEPRECATED) -> Notice:
    return Notice(
        kind=kind,
        message=f"resource {i} is deprecated",
        requested_version="1",
        resource=f"GET /r{i}",
        url=f"https://x.test/r{i}?n={i}",
        declared_resource=True,
    )


def test_each_distinct_notice_is_warned_once():
    """The same notice reported many times warns once, whatever the warnings filters say."""
    reporter = Reporter()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for _ in range(1000):
            reporter.report([notice(1)])
    assert len(caught) == 1
    assert caught[0].category is ApiDeprecationWarning
    assert reporter.notices == (notice(1),)


def test_url_does_not_make_a_notice_distinct():
    """Two notices that differ only by URL are one notice."""
    reporter = Reporter(Policy(default="collect"))
    first = notice(1)
    reporter.report([first, attrs.evolve(first, url="https://x.test/other")])
    assert len(reporter.notices) == 1


def test_once_false_reports_every_time():
    """once=False reports every occurrence."""
    reporter = Reporter(Policy(once=False, default="collect"))
    for _ in range(3):
        reporter.report([notice(1)])
    assert len(reporter.notices) == 1  # the log keeps distinct notices
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        warner = Reporter(Policy(once=False))
        for _ in range(3):
            warner.report([notice(1)])
    assert len(caught) == 3


@pytest.mark.parametrize("kind", list(NoticeKind))
def test_raise_action_raises_the_kinds_warning_class(kind):
    """Action.RAISE raises the notice's own warning class, every time."""
    reporter = Reporter(Policy(actions={kind: "raise"}))
    for _ in range(2):
        with pytest.raises(kind.category):
            reporter.report([notice(1, kind)])


def test_filterwarnings_error_raises_on_every_request():
    """filterwarnings('error') makes each such report raise, not just the first."""
    reporter = Reporter()
    with warnings.catch_warnings():
        warnings.filterwarnings("error", category=ApiDeprecationWarning)
        for _ in range(3):
            with pytest.raises(ApiDeprecationWarning):
                reporter.report([notice(1)])


def test_ignore_and_collect_actions():
    """IGNORE drops the notice; COLLECT only keeps it in the notice log."""
    reporter = Reporter(Policy(actions={"deprecated": "ignore", "unstable": "collect"}))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        reporter.report([notice(1), notice(2, NoticeKind.UNSTABLE)])
    assert [n.kind for n in reporter.notices] == [NoticeKind.UNSTABLE]


def test_log_action_logs_once_with_the_notice_as_extra(caplog):
    """Action.LOG logs at WARNING on 'apiversion_client' with the notice in extra."""
    reporter = Reporter(Policy(default=Action.LOG))
    with caplog.at_level(logging.DEBUG, logger="apiversion_client"):
        for _ in range(5):
            reporter.report([notice(1)])
    records = [r for r in caplog.records if r.name == "apiversion_client"]
    assert len(records) == 1
    assert records[0].levelno == logging.WARNING
    assert records[0].api_notice == notice(1)
    assert records[0].getMessage() == "resource 1 is deprecated"


def test_warned_notices_are_logged_at_debug(caplog):
    """A warned notice is also a DEBUG record, so logging never prints it twice."""
    reporter = Reporter()
    with (
        caplog.at_level(logging.DEBUG, logger="apiversion_client"),
        pytest.warns(ApiDeprecationWarning),
    ):
        reporter.report([notice(1)])
    assert [r.levelno for r in caplog.records] == [logging.DEBUG]


def test_warning_points_at_the_callers_line():
    """The warning's location is the first frame outside the library: this file."""
    reporter = Reporter()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        reporter.report([notice(1)])
    assert caught[0].filename == __file__


def test_memory_is_bounded_with_a_new_notice_each_time():
    """max_remembered bounds the registry and the log: memory stays flat."""
    reporter = Reporter(Policy(default="collect", max_remembered=100))
    for i in range(200):
        reporter.report([notice(i)])
    tracemalloc.start()
    try:
        for i in range(200, 2200):
            reporter.report([notice(i)])
        first, _ = tracemalloc.get_traced_memory()
        for i in range(2200, 12200):
            reporter.report([notice(i)])
        second, _ = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(reporter.notices) == 100
    assert second - first < 64 * 1024


def test_sixteen_threads_report_once():
    """Sixteen threads reporting the same notice produce exactly one warning."""
    reporter = Reporter()
    barrier = threading.Barrier(16)

    def worker() -> None:
        barrier.wait(5)
        for _ in range(50):
            reporter.report([notice(1)])

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        threads = [threading.Thread(target=worker) for _ in range(16)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(10)
    assert len([w for w in caught if issubclass(w.category, ApiVersionWarning)]) == 1


def test_listeners_see_every_notice_and_cannot_break_reporting(caplog):
    """Listeners get each notice (before dedupe); one that raises is logged, not fatal."""
    seen: list[Notice] = []

    def bad(_n: Notice) -> None:
        raise RuntimeError("listener bug")

    add_listener(seen.append)
    add_listener(bad)
    try:
        reporter = Reporter(Policy(default="collect"))
        reporter.report([notice(1), notice(1)])
    finally:
        remove_listener(seen.append)
        remove_listener(bad)
        remove_listener(bad)  # removing twice is harmless
    assert seen == [notice(1), notice(1)]
    assert "listener" in caplog.text


def test_policy_rejects_unknown_names():
    """Unknown actions and kinds are ValueErrors that list the valid ones."""
    with pytest.raises(ValueError, match="unknown action 'shout'"):
        Policy(default="shout")
    with pytest.raises(ValueError, match="unknown notice kind 'deprec'"):
        Policy(actions={"deprec": "warn"})
    with pytest.raises(ValueError, match="max_remembered"):
        Policy(max_remembered=0)


def test_strict_policy_and_with_action():
    """Policy.strict() raises on deprecations; with_action returns a changed copy."""
    strict = Policy.strict()
    assert strict.action_for(NoticeKind.DEPRECATED) is Action.RAISE
    assert strict.action_for(NoticeKind.UNSTABLE) is Action.WARN
    relaxed = strict.with_action("deprecated", "log")
    assert relaxed.action_for(NoticeKind.DEPRECATED) is Action.LOG
    assert strict.action_for(NoticeKind.DEPRECATED) is Action.RAISE


def test_warning_classes_are_visible_by_default_and_filterable():
    """ApiDeprecationWarning is a FutureWarning (shown by default) and a UserWarning."""
    assert issubclass(ApiDeprecationWarning, FutureWarning)
    assert issubclass(ApiDeprecationWarning, UserWarning)
    assert not issubclass(ApiDeprecationWarning, DeprecationWarning)
    assert issubclass(UnstableApiWarning, ApiVersionWarning)


# A response answered again hands the reporter the very same tuple of notices
# (remembered outcomes); the reporter skips a tuple that was all repeats until a
# notice is remembered or forgotten.  These tests pass one tuple again and again,
# with no listener registered (this project's own pytest plugin registers one,
# and a listener must see every report, so it turns the shortcut off).


@pytest.fixture(autouse=False)
def no_listeners(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_policy, "_listeners", [])


def _warned(reporter: Reporter, notices: tuple[Notice, ...], times: int = 1) -> int:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for _ in range(times):
            reporter.report(notices)
    return len(caught)


def test_the_same_tuple_again_is_quiet_until_the_reporter_forgets(no_listeners: None) -> None:
    """Repeats of one tuple warn once; after clear() the tuple warns again."""
    reporter = Reporter()
    repeated = (notice(1), notice(2, NoticeKind.UNSTABLE))
    assert _warned(reporter, repeated, 5) == 2
    reporter.clear()
    assert _warned(reporter, repeated, 5) == 2


def test_a_forgotten_notice_in_a_quiet_tuple_is_reported_again(no_listeners: None) -> None:
    """A notice pushed out of the bounded memory is reported again, even in a quiet tuple."""
    reporter = Reporter(Policy(max_remembered=2))
    repeated = (notice(1),)
    assert _warned(reporter, repeated, 3) == 1
    assert _warned(reporter, (notice(2),)) == 1
    assert _warned(reporter, repeated) == 0  # still remembered
    assert _warned(reporter, (notice(3),)) == 1
    assert _warned(reporter, (notice(4),)) == 1  # notice(1) is the oldest: forgotten
    assert _warned(reporter, repeated) == 1


def test_the_same_tuple_is_never_quiet_when_it_must_be_reported_every_time(
    no_listeners: None,
) -> None:
    """once=False, RAISE and a filter turning warnings into errors act on every report."""
    repeated = (notice(1),)
    assert _warned(Reporter(Policy(once=False)), repeated, 3) == 3
    raising = Reporter(Policy(actions={"deprecated": "raise"}))
    for _ in range(3):
        with pytest.raises(ApiDeprecationWarning):
            raising.report(repeated)
    filtered = Reporter()
    with warnings.catch_warnings():
        warnings.filterwarnings("error", category=ApiDeprecationWarning)
        for _ in range(3):
            with pytest.raises(ApiDeprecationWarning):
                filtered.report(repeated)


def test_listeners_see_every_report_of_a_quiet_tuple(no_listeners: None) -> None:
    """A listener added after the tuple went quiet still sees each of its notices."""
    reporter = Reporter(Policy(default="collect"))
    repeated = (notice(1),)
    for _ in range(3):
        reporter.report(repeated)
    seen: list[Notice] = []
    add_listener(seen.append)
    try:
        for _ in range(3):
            reporter.report(repeated)
    finally:
        remove_listener(seen.append)
    assert seen == [notice(1)] * 3
    assert reporter.notices == (notice(1),)


def test_a_new_policy_applies_to_a_quiet_tuple(no_listeners: None) -> None:
    """Setting reporter.policy takes effect at once, also for a tuple that went quiet."""
    reporter = Reporter()
    repeated = (notice(1),)
    assert _warned(reporter, repeated, 3) == 1
    reporter.policy = Policy(actions={"deprecated": "raise"})
    with pytest.raises(ApiDeprecationWarning):
        reporter.report(repeated)


def test_sixteen_threads_repeating_one_tuple_warn_once_each(no_listeners: None) -> None:
    """Threads answering the same response together: each notice is warned exactly once."""
    reporter = Reporter()
    repeated = (notice(1), notice(2, NoticeKind.UNSTABLE))
    barrier = threading.Barrier(16)

    def worker() -> None:
        barrier.wait(5)
        for _ in range(500):
            reporter.report(repeated)

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        threads = [threading.Thread(target=worker) for _ in range(16)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(10)
    assert sorted(str(w.message) for w in caught) == sorted(n.message for n in repeated)
