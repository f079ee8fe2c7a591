"""The apiversion_client pytest plugin (entry point ``pytest11``, loaded automatically).

* Collects every notice any session, adapter or client of this library sees
  during the run (through :func:`apiversion_client.add_listener`) and, when
  there were any, prints a summary at the end grouped by API version and
  resource, naming the tests, like pytest's own warnings summary.  A notice seen
  on many resources (a version deprecated as a whole) is one entry.
* ``--apiversion-strict`` (or the ini option ``apiversion_strict = true``)
  fails the run when any deprecation, sunset or breaking-change notice (a
  broken promise the SDK declared: the tripwire) was seen that no test
  expected; pytest's last line then counts them.
* ``@pytest.mark.apiversion_expected(kind=..., version=..., resource=...)``
  marks the notices a test triggers on purpose: they are counted, not listed,
  and strict mode lets them pass.
* The ``api_notices`` fixture is a :class:`~apiversion_client.testing.NoticeCollector`
  holding the notices of the test's own calls.
* Under pytest-xdist each worker hands its log to the controller when it
  finishes (``config.workeroutput``, read in ``pytest_testnodedown``); the
  controller prints the summary and decides the exit status.
* ``--apiversion-report=PATH`` writes the run's notices as a notice report
  (JSON, ``"format": 1``: entries with their resources, counts and the first
  test that saw them; what ``apiversion-client report merge`` reads), and
  ``--apiversion-junit=PATH`` as JUnit XML, one test case per notice (see
  :mod:`apiversion_client._telemetry_junit` for why); ``--apiversion-service=NAME``
  names the service in both.  The controller writes them, once per run.

When nothing in the run uses the library, the plugin costs one listener
registration and prints nothing.  Disable it with ``-p no:apiversion_client``.
"""

from __future__ import annotations

import fnmatch
import os
import threading
from collections.abc import Callable, Generator, Iterable, Iterator
from typing import Any, Self

import attrs
import pytest

from apiversion_client._notices import Notice, NoticeKind
from apiversion_client._policy import add_listener, remove_listener
from apiversion_client.testing._collector import NoticeCollector, NoticeLog, plural

__all__ = ["Expectation", "NoticeLog", "api_notices"]

MARKER = "apiversion_expected"
_MARKER_HELP = (
    f"{MARKER}(kind=None, version=None, resource=None): the API version notices this test "
    "triggers on purpose (a kind or warning class, a pinned version, a resource glob; "
    "lists allowed; no arguments: all). They are not listed and --apiversion-strict "
    "lets them pass."
)
# The key of this plugin's log in an xdist worker's ``workeroutput``.
_WORKER_OUTPUT_KEY = "apiversion_client.notices"

# Configs that listen, innermost last: a pytest run inside a test (pytester,
# in-process) records its own notices, not its outer run's.
_ACTIVE: list[NoticeLog] = []
_ACTIVE_LOCK = threading.Lock()
_LOG_KEY = pytest.StashKey[NoticeLog]()
_LISTENER_KEY = pytest.StashKey[Callable[[Notice], None]]()
_MARKER_ERROR_KEY = pytest.StashKey[str]()
_WRITTEN_KEY = pytest.StashKey[list[tuple[str, str]]]()


@attrs.frozen
class Expectation:
    """Which notices a test triggers on purpose (``None``: any); all given filters must match.

    One ``@pytest.mark.apiversion_expected(...)`` marker; a test with several
    (on the function, its class, its module) expects what any of them expects.

    Attributes:
        kinds: The kinds expected.
        versions: The pinned versions (:attr:`Notice.requested_version`) expected.
        resources: Glob patterns (:func:`fnmatch.fnmatchcase`) of the resources expected;
            a notice without a resource matches none.
    """

    kinds: frozenset[NoticeKind] | None = None
    versions: frozenset[str] | None = None
    resources: tuple[str, ...] | None = None

    @classmethod
    def of(cls, *, kind: object = None, version: object = None, resource: object = None) -> Self:
        """Build an expectation from the marker's arguments.

        Args:
            kind: A :class:`~apiversion_client.NoticeKind`, its value (``"sunset"``), a
                warning class (every kind warned as that class or a subclass:
                ``ApiDeprecationWarning`` is ``deprecated`` and ``sunset``), or a list of these.
            version: A pinned version, or a list of them.
            resource: A resource (``"GET /items/{id}"``) or a glob pattern
                (``"GET /items*"``), or a list of them.

        Returns:
            The expectation.

        Raises:
            ValueError: A kind is unknown, or a list is empty.
        """
        kinds = versions = resources = None
        if kind is not None:
            kinds = frozenset(k for value in _listed("kind", kind) for k in _kinds(value))
        if version is not None:
            versions = frozenset(str(value) for value in _listed("version", version))
        if resource is not None:
            resources = tuple(str(value) for value in _listed("resource", resource))
        return cls(kinds, versions, resources)

    def matches(self, notice: Notice) -> bool:
        """Whether the notice is one this expectation expects."""
        if self.kinds is not None and notice.kind not in self.kinds:
            return False
        if self.versions is not None and notice.requested_version not in self.versions:
            return False
        if self.resources is not None:
            resource = notice.resource
            return resource is not None and any(
                fnmatch.fnmatchcase(resource, pattern) for pattern in self.resources
            )
        return True


def _listed(name: str, value: object) -> tuple[object, ...]:
    if isinstance(value, str | NoticeKind | type) or not isinstance(value, Iterable):
        return (value,)
    values = tuple(value)
    if not values:
        raise ValueError(f"{name}= is an empty list: it would expect nothing")
    return values


def _kinds(value: object) -> frozenset[NoticeKind]:
    if isinstance(value, NoticeKind):
        return frozenset({value})
    if isinstance(value, type) and issubclass(value, Warning):
        found = frozenset(k for k in NoticeKind if issubclass(k.category, value))
        if not found:
            raise ValueError(f"no kind of notice is warned as {value.__name__}")
        return found
    try:
        return frozenset({NoticeKind(str(value).lower())})
    except ValueError:
        known = ", ".join(repr(k.value) for k in NoticeKind)
        raise ValueError(f"unknown kind of notice {value!r}; the kinds are {known}") from None


def _expectations(item: pytest.Item) -> tuple[Expectation, ...]:
    """The item's ``apiversion_expected`` markers, closest first.

    Raises:
        ValueError: A marker's arguments are wrong (the message says which and why).
    """
    found = []
    for mark in item.iter_markers(name=MARKER):
        if mark.args:
            raise ValueError(
                f"takes keyword arguments only (kind=, version=, resource=), got {mark.args!r}"
            )
        try:
            found.append(Expectation.of(**mark.kwargs))
        except TypeError:
            unknown = sorted(set(mark.kwargs) - {"kind", "version", "resource"})
            raise ValueError(
                f"unknown argument {', '.join(unknown)}; it takes kind=, version=, resource="
            ) from None
    return tuple(found)


def _expects(expected: tuple[Expectation, ...]) -> Callable[[Notice], bool]:
    def expects(notice: Notice) -> bool:
        return any(expectation.matches(notice) for expectation in expected)

    return expects


def pytest_addoption(parser: pytest.Parser) -> None:
    """Add ``--apiversion-strict`` and the ``apiversion_strict`` ini option."""
    group = parser.getgroup("apiversion_client", "API version notices (apiversion_client)")
    group.addoption(
        "--apiversion-strict",
        action="store_true",
        default=None,
        help="fail the run if any API deprecation, sunset or breaking-change notice was seen "
        f"that no test expected (@pytest.mark.{MARKER})",
    )
    group.addoption(
        "--apiversion-report",
        metavar="PATH",
        default=None,
        help="write the run's API version notices to PATH as JSON (a notice report, "
        "format 1, that 'apiversion-client report merge' reads)",
    )
    group.addoption(
        "--apiversion-junit",
        metavar="PATH",
        default=None,
        help="write the run's API version notices to PATH as JUnit XML, one test case per "
        "notice (failures: the deprecations and breaking changes that fail a strict run)",
    )
    group.addoption(
        "--apiversion-service",
        metavar="NAME",
        default=None,
        help="the service name written in --apiversion-report and --apiversion-junit",
    )
    parser.addini(
        "apiversion_strict",
        type="bool",
        default=False,
        help="fail the run if any API deprecation, sunset or breaking-change notice was seen "
        "that no test expected",
    )


def _strict(config: pytest.Config) -> bool:
    option = config.getoption("apiversion_strict", default=None)
    if option is not None:
        return bool(option)
    return bool(config.getini("apiversion_strict"))


def _is_worker(config: pytest.Config) -> bool:
    """Whether this is a pytest-xdist worker (how xdist itself tells: ``workerinput``)."""
    return hasattr(config, "workerinput")


def pytest_configure(config: pytest.Config) -> None:
    """Register the marker and start listening for notices."""
    config.addinivalue_line("markers", _MARKER_HELP)
    log = NoticeLog()

    def listen(notice: Notice) -> None:
        with _ACTIVE_LOCK:
            if not _ACTIVE or _ACTIVE[-1] is not log:
                return
        log.record(notice)

    config.stash[_LOG_KEY] = log
    config.stash[_LISTENER_KEY] = listen
    with _ACTIVE_LOCK:
        _ACTIVE.append(log)
    add_listener(listen)


def pytest_unconfigure(config: pytest.Config) -> None:
    """Stop listening."""
    listen = config.stash.get(_LISTENER_KEY, None)
    if listen is not None:
        remove_listener(listen)
    log = config.stash.get(_LOG_KEY, None)
    with _ACTIVE_LOCK:
        if log in _ACTIVE:
            _ACTIVE.remove(log)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(
    item: pytest.Item, nextitem: pytest.Item | None
) -> Generator[None, Any, Any]:
    """Attribute the notices seen while a test runs to that test; apply its markers."""
    log = item.config.stash.get(_LOG_KEY, None)
    if log is not None:
        try:
            expected = _expectations(item)
        except ValueError as error:  # reported as the test's setup error
            item.stash[_MARKER_ERROR_KEY] = f"@pytest.mark.{MARKER}: {error}"
            expected = ()
        log.begin_test(item.nodeid, _expects(expected) if expected else None)
    try:
        return (yield)
    finally:
        if log is not None:
            log.end_test()


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    """Fail a test whose ``apiversion_expected`` marker is wrong, saying why."""
    error = item.stash.get(_MARKER_ERROR_KEY, None)
    if error is not None:
        pytest.fail(error, pytrace=False)


# trylast: a worker hands over its log after session fixtures are torn down.
@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """A worker hands its log to the controller; the controller applies strict, writes reports."""
    config = session.config
    log = config.stash.get(_LOG_KEY, None)
    if log is None:
        return
    if _is_worker(config):
        # xdist sends ``workeroutput`` to the controller when this hook is done.
        config.workeroutput[_WORKER_OUTPUT_KEY] = log.to_payload()  # type: ignore[attr-defined]
        return
    strict = _strict(config)
    passing = (pytest.ExitCode.OK, pytest.ExitCode.NO_TESTS_COLLECTED)
    if log.failures and strict and session.exitstatus in passing:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
    _write_reports(config, log, strict)


def _write_reports(config: pytest.Config, log: NoticeLog, strict: bool) -> None:
    """Write ``--apiversion-report`` and ``--apiversion-junit`` (the controller, once)."""
    report_path = config.getoption("apiversion_report", default=None)
    junit_path = config.getoption("apiversion_junit", default=None)
    if not report_path and not junit_path:
        return
    report = log.report(config.getoption("apiversion_service", default=None))
    written = config.stash.setdefault(_WRITTEN_KEY, [])
    if report_path:
        _write(config, report_path, report.to_json())
        written.append(("notice report", report_path))
    if junit_path:
        from apiversion_client._telemetry_junit import junit_xml

        _write(config, junit_path, junit_xml(report, strict=strict))
        written.append(("JUnit summary", junit_path))


def _write(config: pytest.Config, path: str, text: str) -> None:
    # Relative to where pytest was started, as pytest's own --junit-xml.
    target = os.path.join(config.invocation_params.dir, os.path.expanduser(path))
    directory = os.path.dirname(os.path.abspath(target))
    os.makedirs(directory, exist_ok=True)
    with open(target, "w", encoding="utf-8") as file:
        file.write(text)


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: Any, error: object) -> None:
    """On the xdist controller: add the log of a worker that finished to the run's."""
    config = getattr(node, "config", None)
    output = getattr(node, "workeroutput", None)
    if not isinstance(config, pytest.Config) or not isinstance(output, dict):
        return  # a worker that crashed sends nothing; its crash fails the run
    log = config.stash.get(_LOG_KEY, None)
    payload = output.pop(_WORKER_OUTPUT_KEY, None)  # popped: merged once
    if log is not None and payload is not None:
        log.merge_payload(payload)


class _Counted:
    """A notice that failed a strict run as an item of ``terminalreporter.stats``.

    pytest's last line counts the items of every key of ``stats``.

    Shaped like pytest's own ``WarningReport`` (a ``nodeid``, ``None`` here, and a
    ``message``), for the plugins that read every item of ``stats``.
    """

    count_towards_summary = True

    def __init__(self, message: str) -> None:
        self.nodeid: str | None = None
        self.message = message


# trylast: items are added to ``stats`` after other plugins have read it.
@pytest.hookimpl(trylast=True)
def pytest_terminal_summary(
    terminalreporter: pytest.TerminalReporter, exitstatus: int, config: pytest.Config
) -> None:
    """Print the notices no test expected, by version and resource; say why strict fails."""
    log = config.stash.get(_LOG_KEY, None)
    if log is None or _is_worker(config):
        return
    for what, path in config.stash.get(_WRITTEN_KEY, []):
        terminalreporter.write_sep("-", f"apiversion {what}: {path}")
    if not log.listed:
        return
    terminalreporter.write_sep("=", "API version notices (apiversion_client)", yellow=True)
    for line in log.summary_lines():
        terminalreporter.write_line(line)
    counted = f"-- {plural(log.listed, 'notice')}"
    if log.expected:
        counted += f" (and {log.expected} expected, not listed)"
    if not _strict(config):
        terminalreporter.write_line(
            f"{counted}; --apiversion-strict fails the run on deprecations and breaking changes"
        )
    elif not log.failures:
        terminalreporter.write_line(
            f"{counted}; none is an unexpected deprecation or breaking change, "
            "so --apiversion-strict passes"
        )
    else:
        failed = [
            (count, plural(count, noun))
            for count, noun in (
                (log.deprecations, "deprecation notice"),
                (log.breaking_changes, "breaking-change notice"),
            )
            if count
        ]
        notices = " and ".join(text for _, text in failed)
        terminalreporter.write_line(counted)
        terminalreporter.write_line(
            f"apiversion strict: {notices} that no test expected; the run fails. "
            f"A test that triggers notices on purpose says so with @pytest.mark.{MARKER}.",
            red=True,
            bold=True,
        )
        # pytest's last line counts the items of every key of ``stats`` (pytest-rerunfailures'
        # "rerun" works so), in the order the keys were added: "2 passed, 1 deprecation
        # notice, 2 breaking-change notices (apiversion strict) in 0.1s".
        for number, (count, text) in enumerate(failed, 1):
            key = text.split(" ", 1)[1]
            if number == len(failed):
                key += " (apiversion strict)"
            terminalreporter.stats[key] = [_Counted(f"apiversion strict: {text}")] * count


@pytest.fixture
def api_notices() -> Iterator[NoticeCollector]:
    """The notices of this test's own calls (a started :class:`NoticeCollector`)."""
    with NoticeCollector() as collector:
        yield collector
