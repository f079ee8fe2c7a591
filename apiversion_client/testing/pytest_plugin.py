"""The apiversion_client pytest plugin (entry point ``pytest11``, loaded automatically).

* Collects every notice any session, adapter or client of this library sees
  during the run (through :func:`apiversion_client.add_listener`) and, when
  there were any, prints a summary at the end grouped by API version and
  resource, naming the tests, like pytest's own warnings summary.
* ``--apiversion-strict`` (or the ini option ``apiversion_strict = true``)
  fails the run when any deprecation or sunset notice was seen.
* The ``api_notices`` fixture is a :class:`~apiversion_client.testing.NoticeCollector`
  holding the notices of the test's own calls.

When nothing in the run uses the library, the plugin costs one listener
registration and prints nothing.  Disable it with ``-p no:apiversion_client``.
"""

from __future__ import annotations

import threading
from collections.abc import Generator, Iterator
from typing import Any

import pytest

from apiversion_client._notices import Notice, NoticeKind
from apiversion_client._policy import add_listener, remove_listener
from apiversion_client.testing._collector import NoticeCollector

__all__ = ["NoticeLog", "api_notices"]

_DEPRECATION_KINDS = frozenset({NoticeKind.DEPRECATED, NoticeKind.SUNSET})
_MAX_TESTS_SHOWN = 5
_MAX_GROUPS_SHOWN = 25
_MAX_GROUPS = 1000

# Configs that listen, innermost last: a pytest run inside a test (pytester,
# in-process) records its own notices, not its outer run's.
_ACTIVE: list[NoticeLog] = []
_ACTIVE_LOCK = threading.Lock()
_LOG_KEY = pytest.StashKey["NoticeLog"]()


class _Group:
    __slots__ = ("count", "notice", "tests")

    def __init__(self, notice: Notice) -> None:
        self.notice = notice
        self.count = 0
        self.tests: dict[str, None] = {}


class NoticeLog:
    """The notices one pytest run saw, grouped; bounded and thread-safe."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._groups: dict[tuple[Any, ...], _Group] = {}
        self.total = 0
        self.deprecations = 0
        self.current_test: str | None = None

    def listen(self, notice: Notice) -> None:
        """Record one notice (the listener given to ``add_listener``)."""
        with _ACTIVE_LOCK:
            if not _ACTIVE or _ACTIVE[-1] is not self:
                return
        key = (notice.requested_version, notice.resource, notice.kind, notice.message)
        with self._lock:
            self.total += 1
            if notice.kind in _DEPRECATION_KINDS:
                self.deprecations += 1
            group = self._groups.get(key)
            if group is None:
                if len(self._groups) >= _MAX_GROUPS:
                    return
                group = self._groups[key] = _Group(notice)
            group.count += 1
            if self.current_test is not None:
                group.tests[self.current_test] = None

    def groups(self) -> list[_Group]:
        """The groups, by version, then resource."""
        with self._lock:
            groups = list(self._groups.values())
        return sorted(
            groups,
            key=lambda g: (
                g.notice.requested_version or "",
                g.notice.resource or "",
                g.notice.kind.value,
            ),
        )

    def summary_lines(self) -> Iterator[str]:
        """The summary, grouped by version and resource."""
        version: object = object()
        resource: object = object()
        groups = self.groups()
        for group in groups[:_MAX_GROUPS_SHOWN]:
            notice = group.notice
            if notice.requested_version != version:
                version, resource = notice.requested_version, object()
                yield f"API version {version}" if version else "unpinned"
            if notice.resource != resource:
                resource = notice.resource
                yield f"  {resource or '(any resource)'}"
            times = "1 time" if group.count == 1 else f"{group.count} times"
            yield f"    [{notice.kind.value}] {times}: {notice.message}"
            tests = list(group.tests)
            for nodeid in tests[:_MAX_TESTS_SHOWN]:
                yield f"      {nodeid}"
            if len(tests) > _MAX_TESTS_SHOWN:
                yield f"      ... and {len(tests) - _MAX_TESTS_SHOWN} more tests"
        hidden = groups[_MAX_GROUPS_SHOWN:]
        if hidden:
            count = sum(group.count for group in hidden)
            yield f"... and {len(hidden)} more kinds of notice ({count} notices) not shown"


def pytest_addoption(parser: pytest.Parser) -> None:
    """Add ``--apiversion-strict`` and the ``apiversion_strict`` ini option."""
    group = parser.getgroup("apiversion_client", "API version notices (apiversion_client)")
    group.addoption(
        "--apiversion-strict",
        action="store_true",
        default=None,
        help="fail the run if any API deprecation or sunset notice was seen",
    )
    parser.addini(
        "apiversion_strict",
        type="bool",
        default=False,
        help="fail the run if any API deprecation or sunset notice was seen",
    )


def _strict(config: pytest.Config) -> bool:
    option = config.getoption("apiversion_strict", default=None)
    if option is not None:
        return bool(option)
    return bool(config.getini("apiversion_strict"))


def pytest_configure(config: pytest.Config) -> None:
    """Start listening for notices."""
    log = NoticeLog()
    config.stash[_LOG_KEY] = log
    with _ACTIVE_LOCK:
        _ACTIVE.append(log)
    add_listener(log.listen)


def pytest_unconfigure(config: pytest.Config) -> None:
    """Stop listening."""
    log = config.stash.get(_LOG_KEY, None)
    if log is None:
        return
    remove_listener(log.listen)
    with _ACTIVE_LOCK:
        if log in _ACTIVE:
            _ACTIVE.remove(log)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(
    item: pytest.Item, nextitem: pytest.Item | None
) -> Generator[None, Any, Any]:
    """Attribute the notices seen while a test runs to that test."""
    log = item.config.stash.get(_LOG_KEY, None)
    if log is not None:
        log.current_test = item.nodeid
    try:
        return (yield)
    finally:
        if log is not None:
            log.current_test = None


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """With ``--apiversion-strict``, fail a run that saw a deprecation."""
    log = session.config.stash.get(_LOG_KEY, None)
    if log is None or not log.deprecations or not _strict(session.config):
        return
    if session.exitstatus in (pytest.ExitCode.OK, pytest.ExitCode.NO_TESTS_COLLECTED):
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: pytest.Config) -> None:
    """Print the notices, grouped by version and resource, when there were any."""
    log = config.stash.get(_LOG_KEY, None)
    if log is None or not log.total:
        return
    terminalreporter.section("API version notices (apiversion_client)", yellow=True)
    for line in log.summary_lines():
        terminalreporter.write_line(line)
    if log.deprecations and _strict(config):
        terminalreporter.write_line(
            f"--apiversion-strict: {log.deprecations} deprecation "
            f"{'notice was' if log.deprecations == 1 else 'notices were'} seen; "
            "the run fails.",
            red=True,
            bold=True,
        )
    else:
        terminalreporter.write_line(
            f"-- {log.total} notices; --apiversion-strict fails the run on deprecations"
        )


@pytest.fixture
def api_notices() -> Iterator[NoticeCollector]:
    """The notices of this test's own calls (a started :class:`NoticeCollector`)."""
    with NoticeCollector() as collector:
        yield collector
