"""What happens to a notice: the policy object and the reporter that applies it.

:class:`Policy` is an immutable description (like urllib3's ``Retry``): per
kind of notice, one :class:`Action`; whether each distinct notice is reported
once per session; how many distinct notices to remember.  :class:`Reporter`
is the small stateful part: a bounded, thread-safe "seen" registry, the notice
log, and the code that warns, logs or raises.

Rules:

* A notice is *distinct* by its :attr:`Notice.key` (kind, versions, resource
  template, dates, successor, detail), never by its URL.
* With ``once=True`` (the default) a distinct notice is reported once per
  reporter (one reporter per session), whatever the process's warnings filters
  say.  A warning that a filter turned into an exception is *not* marked as
  reported: the next such request raises again, as Python users expect from
  ``filterwarnings("error")``.
* Warnings point at the user's line: the first frame outside this library,
  the HTTP client libraries and the packages the session skips (an SDK); see
  :mod:`apiversion_client._location`.
* Every reported notice is appended to the notice log and logged on the
  ``apiversion_client`` logger with the notice in ``extra["api_notice"]``:
  at WARNING for :attr:`Action.LOG`, at DEBUG otherwise (so a warning is not
  printed twice by logging's last-resort handler).
"""

from __future__ import annotations

import collections
import contextlib
import datetime as dt
import enum
import fnmatch
import logging
import os
import threading
import types
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import attrs

from apiversion_client._location import warn_at_user_line
from apiversion_client._notices import Draft, Notice, NoticeKind
from apiversion_client._versions import same_version

__all__ = [
    "MAX_RESOURCES_PER_NOTICE",
    "POLICY_ENVIRONMENT_VARIABLE",
    "Action",
    "NoticeRecord",
    "Policy",
    "Reporter",
    "Snooze",
    "add_listener",
    "remove_listener",
]

logger = logging.getLogger("apiversion_client")


class Action(enum.Enum):
    """What to do with a notice."""

    #: Emit a Python warning of the notice's class, pointing at the user's line.
    WARN = "warn"
    #: Log it on the ``apiversion_client`` logger at WARNING.
    LOG = "log"
    #: Raise the notice's warning class as an exception.
    RAISE = "raise"
    #: Only keep it in the session's notice log.
    COLLECT = "collect"
    #: Do nothing at all.
    IGNORE = "ignore"


def _to_action(value: Action | str) -> Action:
    if isinstance(value, Action):
        return value
    try:
        return Action(str(value).lower())
    except ValueError:
        names = ", ".join(a.value for a in Action)
        raise ValueError(f"unknown action {value!r}; expected one of {names}") from None


def _to_kind(value: NoticeKind | str) -> NoticeKind:
    if isinstance(value, NoticeKind):
        return value
    normal = str(value).lower().replace("_", "-")
    try:
        return NoticeKind(normal)
    except ValueError:
        names = ", ".join(k.value for k in NoticeKind)
        raise ValueError(f"unknown notice kind {value!r}; expected one of {names}") from None


def _to_actions(value: Mapping[NoticeKind | str, Action | str]) -> Mapping[NoticeKind, Action]:
    pairs = sorted(((_to_kind(k), _to_action(v)) for k, v in value.items()), key=str)
    return types.MappingProxyType(dict(pairs))  # read-only: a policy is frozen


def _to_day(value: dt.date | str) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise ValueError(f"until: not a date (YYYY-MM-DD): {value!r}") from None


def _to_optional_kind(value: NoticeKind | str | None) -> NoticeKind | None:
    return None if value is None else _to_kind(value)


@attrs.frozen
class Snooze:
    """Quiet one known notice until a date: it is kept in the notice log, not warned.

    Args:
        until: The last day (UTC) of the snooze; from the day after, the notice
            is reported as the policy says.  A date or ``"YYYY-MM-DD"``.
        version: Only notices about this API version (as sent; ``None``: any).
        resource: Only notices about this resource (``"GET /repos/{owner}/{repo}"``,
            a glob such as ``"GET /repos/*"`` allowed; ``None``: any).
        kind: Only notices of this kind (default: deprecations).

    Example:
        >>> Snooze(until="2027-03-31", version="2022-11-28", resource="GET /repos/*")
        Snooze(until=datetime.date(2027, 3, 31), version='2022-11-28', resource='GET /repos/*', kind=<NoticeKind.DEPRECATED: 'deprecated'>)
    """  # noqa: E501 - a doctest's output is one line

    until: dt.date = attrs.field(converter=_to_day)
    version: str | None = None
    resource: str | None = None
    kind: NoticeKind | None = attrs.field(
        default=NoticeKind.DEPRECATED, converter=_to_optional_kind
    )

    def covers(self, draft: Draft, today: dt.date) -> bool:
        """Whether this snooze quiets ``draft`` on ``today``."""
        if today > self.until or (self.kind is not None and draft.kind is not self.kind):
            return False
        if self.version is not None and not _same_version_text(draft.version, self.version):
            return False
        return self.resource is None or fnmatch.fnmatchcase(draft.resource or "", self.resource)


def _same_version_text(found: str | None, wanted: str) -> bool:
    return found is not None and same_version(found, wanted)


def _to_snoozes(values: Iterable[Snooze]) -> tuple[Snooze, ...]:
    snoozes = tuple(values)
    for snooze in snoozes:
        if not isinstance(snooze, Snooze):
            raise TypeError(f"snooze: expected Snooze objects, got {snooze!r}")
    return snoozes


#: The environment variable a session reads its policy from when it is given none.
POLICY_ENVIRONMENT_VARIABLE = "APIVERSION_CLIENT_POLICY"


@attrs.frozen
class Policy:
    """How notices are reported: an immutable, reusable description.

    Args:
        default: The action for every kind not listed in ``actions``.
        actions: Per-kind actions, e.g. ``{"deprecated": "raise"}``; keys are
            :class:`NoticeKind` members or their values, values :class:`Action`
            members or their values.
        once: Report each distinct notice once per session (default) or every time.
        max_remembered: How many distinct notices a session remembers for
            ``once`` and keeps in its notice log; the oldest are forgotten first,
            so memory stays bounded.
        sunset_warning_days: A server-announced sunset closer than this many days
            (or passed) makes the notice say so urgently.
        snooze: :class:`Snooze` entries: known notices kept quiet (collected,
            not warned, logged or raised) until a date.

    Example:
        >>> Policy(actions={"deprecated": "raise"}).action_for(NoticeKind.DEPRECATED)
        <Action.RAISE: 'raise'>
    """

    default: Action = attrs.field(default=Action.WARN, converter=_to_action)
    actions: Mapping[NoticeKind, Action] = attrs.field(
        factory=dict, converter=_to_actions, hash=False
    )
    once: bool = True
    max_remembered: int = attrs.field(default=4096)
    sunset_warning_days: int = 90
    snooze: tuple[Snooze, ...] = attrs.field(default=(), converter=_to_snoozes)

    @max_remembered.validator
    def _check_max(self, _attribute: Any, value: int) -> None:
        if value < 1:
            raise ValueError(f"max_remembered must be at least 1, got {value!r}")

    # Every kind's action, worked out once (a policy is frozen, so it cannot go stale).
    _by_kind: Mapping[NoticeKind, Action] = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        by_kind = {kind: self.actions.get(kind, self.default) for kind in NoticeKind}
        object.__setattr__(self, "_by_kind", types.MappingProxyType(by_kind))

    @property
    def actions_by_kind(self) -> Mapping[NoticeKind, Action]:
        """Every kind of notice and its action (``default`` filled in)."""
        return self._by_kind

    def action_for(self, kind: NoticeKind) -> Action:
        """Return the action for one kind of notice."""
        return self._by_kind[kind]

    def with_action(self, kind: NoticeKind | str, action: Action | str) -> Policy:
        """Return a copy with one kind's action changed."""
        new: dict[NoticeKind | str, Action | str] = {k: v for k, v in self.actions.items()}  # noqa: C416 - widens the key type for mypy
        new[_to_kind(kind)] = _to_action(action)
        return attrs.evolve(self, actions=new)

    def with_snooze(self, *snoozes: Snooze) -> Policy:
        """Return a copy that also snoozes ``snoozes``."""
        return attrs.evolve(self, snooze=(*self.snooze, *snoozes))

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] | None = None) -> Policy | None:
        """The policy named by ``APIVERSION_CLIENT_POLICY``, or ``None`` when it is unset.

        One switch for CI, read when a session is created without a policy:

        * ``strict``: :meth:`strict` (deprecations and mismatches raise);
        * ``silent``: every notice collected, none shown;
        * an action (``warn``, ``log``, ``raise``, ``collect``, ``ignore``) for every kind;
        * ``kind=action`` pairs separated by commas, e.g.
          ``deprecated=raise,unstable=ignore`` (the other kinds warn).

        Raises:
            ValueError: A value that is none of these; the message names the variable.
        """
        raw = (os.environ if environ is None else environ).get(POLICY_ENVIRONMENT_VARIABLE, "")
        value = raw.strip().lower()
        if not value:
            return None
        try:
            if value == "strict":
                return cls.strict()
            if value == "silent":
                return cls(default=Action.COLLECT)
            if "=" not in value:
                return cls(default=value)
            pairs = [part.partition("=") for part in value.split(",") if part.strip()]
            return cls(actions={kind.strip(): action.strip() for kind, _, action in pairs})
        except ValueError as exc:
            raise ValueError(f"{POLICY_ENVIRONMENT_VARIABLE}={raw!r}: {exc}") from None

    @classmethod
    def strict(cls) -> Policy:
        """Raise on deprecations (dated or not) and mismatches; warn on the rest (good for CI)."""
        return cls(
            actions={
                NoticeKind.DEPRECATED: Action.RAISE,
                NoticeKind.VERSION_MISMATCH: Action.RAISE,
            }
        )


# ------------------------------------------------------------ listeners

Listener = Callable[[Notice], None]
_listeners: list[Listener] = []
_listeners_lock = threading.Lock()


def add_listener(listener: Listener) -> None:
    """Call ``listener(notice)`` for every notice any session sees (before dedupe).

    Used by the pytest plugin and by testing helpers.  A listener that raises
    is logged and otherwise ignored: it never breaks a request.
    """
    with _listeners_lock:
        _listeners.append(listener)


def remove_listener(listener: Listener) -> None:
    """Stop calling a listener added with :func:`add_listener` (no error if absent)."""
    with _listeners_lock, contextlib.suppress(ValueError):
        _listeners.remove(listener)


def _notify_listeners(notice: Notice) -> None:
    for listener in tuple(_listeners):
        try:
            listener(notice)
        except Exception:  # a listener must never break a request
            logger.exception("apiversion_client notice listener %r failed", listener)


# ---------------------------------------------------------------- reporter

# Marks the key of a notice collected while snoozed (the snooze's end is part of it).
_SNOOZED = "snoozed until"
# Actions that report a notice again that was only collected before.
_LOUDER = frozenset({Action.WARN, Action.LOG})

#: How many resource names a reporter keeps per distinct notice.
MAX_RESOURCES_PER_NOTICE = 64


@attrs.frozen
class NoticeRecord:
    """One distinct notice a session reported, and how often it was seen since.

    Attributes:
        notice: The notice as first reported.
        count: How many times it was seen (the first time included).
        resources: ``(resource, times seen)`` pairs, in the order first seen,
            at most :data:`MAX_RESOURCES_PER_NOTICE` of them.
        other_resources: How many more distinct resources it was seen on
            than ``resources`` holds.
    """

    notice: Notice
    count: int
    resources: tuple[tuple[str, int], ...]
    other_resources: int = 0


class _Seen:
    """The mutable tally behind a :class:`NoticeRecord` (under the reporter's lock)."""

    __slots__ = ("action", "count", "notice", "others", "resources")

    def __init__(self, notice: Notice, resource: str | None, action: Action) -> None:
        self.notice = notice
        self.action = action  # what was done the last time it was reported
        self.count = 1
        self.resources: dict[str, int] = {resource: 1} if resource else {}
        self.others = 0

    def again(self, resource: str | None) -> bool:
        """Count one more sighting; True when ``resource`` is new for this notice."""
        self.count += 1
        if not resource:
            return False
        resources = self.resources
        known = resources.get(resource)
        if known is not None:
            resources[resource] = known + 1
            return False
        if len(resources) < MAX_RESOURCES_PER_NOTICE:
            resources[resource] = 1
        else:
            self.others += 1
        return True

    def record(self) -> NoticeRecord:
        return NoticeRecord(self.notice, self.count, tuple(self.resources.items()), self.others)


class Reporter:
    """Apply a :class:`Policy` to notices: dedupe, warn, log, raise, collect.

    One reporter belongs to one session (or adapter, or client).  It is
    thread-safe and its memory is bounded by ``policy.max_remembered``
    distinct notices, each with at most :data:`MAX_RESOURCES_PER_NOTICE`
    resource names.

    The policy can be replaced at any time (``reporter.policy = ...``): every
    notice reported from then on is worded and acted on under the new one, as
    a fresh session would.  Notices already warned or logged are not reported
    again; one that was only collected is reported once more when the new
    policy warns or logs it.

    Args:
        policy: The policy to apply.
        skip_packages: Packages whose frames a warning skips to reach the
            user's line (an SDK built on the session, or one it was mounted
            on); this library and the HTTP client libraries are always skipped.
        today: The date snoozes are measured against (the session's); default
            today in UTC.
    """

    def __init__(
        self,
        policy: Policy | None = None,
        *,
        skip_packages: Iterable[str] = (),
        today: Callable[[], dt.date] | None = None,
    ) -> None:
        self._today: Callable[[], dt.date] = today or (lambda: dt.datetime.now(dt.UTC).date())
        self.skip_packages: tuple[str, ...] = tuple(
            [skip_packages] if isinstance(skip_packages, str) else skip_packages
        )
        self._lock = threading.Lock()
        self._seen: collections.OrderedDict[tuple[Any, ...], _Seen] = collections.OrderedDict()
        # Notices being reported right now by some thread, with the sightings
        # meanwhile: claimed so that threads sharing a session cannot both report.
        self._pending: dict[tuple[Any, ...], int] = {}
        self._policy = policy if policy is not None else Policy()
        self._log: collections.deque[Notice] = collections.deque(maxlen=self._policy.max_remembered)

    @property
    def policy(self) -> Policy:
        """The policy applied; assign a new one to change it for every later notice."""
        return self._policy

    @policy.setter
    def policy(self, policy: Policy) -> None:
        with self._lock:
            self._policy = policy  # one reference: a report reads it once
            if self._log.maxlen != policy.max_remembered:
                self._log = collections.deque(self._log, maxlen=policy.max_remembered)
            self._trim(policy.max_remembered)

    @property
    def notices(self) -> tuple[Notice, ...]:
        """The notices reported so far (oldest first, bounded)."""
        with self._lock:
            return tuple(self._log)

    def records(self) -> tuple[NoticeRecord, ...]:
        """Every distinct notice remembered, with how often and where it was seen.

        Oldest first.  A notice seen on a thousand URLs is one record (warned
        once) that counts them; see :attr:`Notice.key` for what makes notices
        distinct.
        """
        with self._lock:
            return tuple(seen.record() for seen in self._seen.values())

    def to_json(self, *, service: str | None = None) -> str:
        """The notice log (:meth:`records`) as a notice report, JSON ``"format": 1``.

        The format the pytest plugin's ``--apiversion-report`` writes and
        ``apiversion-client report merge`` reads (see ``docs/fleet.md``).

        Args:
            service: The service's name, written on every notice.
        """
        from apiversion_client._telemetry_report import NoticeReport

        return NoticeReport.from_records(self.records(), service=service).to_json()

    def clear(self) -> None:
        """Forget every notice: each will be reported again."""
        with self._lock:
            self._seen.clear()
            self._log.clear()

    def _trim(self, limit: int) -> None:
        while len(self._seen) > limit:
            self._seen.popitem(last=False)

    def _remember(self, key: tuple[Any, ...], draft: Draft, notice: Notice, action: Action) -> None:
        policy = self._policy
        with self._lock:
            claimed = key in self._pending
            extra = self._pending.pop(key, 0)
            seen = self._seen.get(key)
            if seen is not None:
                # Reported again: louder (see _claim, which counted this sighting),
                # raised again, or a policy that does not dedupe: keep the tally.
                if not claimed:
                    seen.again(draft.resource)
                for _ in range(extra):
                    seen.again(draft.resource)
                seen.action = action
                return
            seen = self._seen[key] = _Seen(notice, draft.resource, action)
            for _ in range(extra):  # sightings while it was being reported
                seen.again(draft.resource)
            self._trim(policy.max_remembered)
            self._log.append(notice)

    def report(self, notices: Iterable[Notice]) -> None:
        """Report notices according to the policy.

        Raises:
            ApiVersionWarning: A subclass matching the notice, when the policy's
                action for it is :attr:`Action.RAISE`, or when a warnings filter
                turns the warning into an error.

        Warns:
            ApiVersionWarning: A subclass matching each notice whose action is
                :attr:`Action.WARN`, once per session by default.
        """
        self.report_drafts([Draft.of(notice) for notice in notices])

    def report_drafts(self, drafts: Iterable[Draft]) -> None:
        """:meth:`report` for notices not worded yet: each is worded only if reported.

        Raises:
            ApiVersionWarning: As :meth:`report`.
        """
        policy = self._policy  # the whole call acts under one policy
        actions = policy.actions_by_kind
        once = policy.once
        for draft in drafts:
            if _listeners:
                _notify_listeners(draft.notice())
            action = actions[draft.kind]
            if action is Action.IGNORE:
                continue
            key = draft.key
            if policy.snooze and action is not Action.COLLECT:
                until = self._snoozed_until(draft, policy)
                if until is not None:
                    # Collected under a key of its own: when the snooze ends, the
                    # notice is new again and reported as the policy says.
                    action, key = Action.COLLECT, (*key, _SNOOZED, until)
            if once and action is not Action.RAISE and not self._claim(key, draft, action):
                continue  # a repeat (counted), or another thread is reporting it
            self._act(key, draft, action)

    def _snoozed_until(self, draft: Draft, policy: Policy) -> dt.date | None:
        today = self._today()
        for snooze in policy.snooze:
            if snooze.covers(draft, today):
                return snooze.until
        return None

    def _claim(self, key: tuple[Any, ...], draft: Draft, action: Action) -> bool:
        """True when this thread reports the notice: its first sighting, or a louder one.

        A notice only collected so far is reported again when the policy now
        warns or logs it (as a fresh session would); every other sighting is
        counted.
        """
        with self._lock:
            seen = self._seen.get(key)
            if seen is None:
                if key in self._pending:
                    self._pending[key] += 1  # counted once it is remembered
                    return False
                self._pending[key] = 0
                return True
            self._seen.move_to_end(key)
            if seen.action is Action.COLLECT and action in _LOUDER:
                # Claimed like a first sighting: the new action is remembered
                # only once the warning or log record went out (_remember), so
                # a warnings filter that raises raises on the next one too.
                if key in self._pending:
                    self._pending[key] += 1
                    return False
                self._pending[key] = 0
                seen.again(draft.resource)
                return True
            new_resource = seen.again(draft.resource)
            count, places = seen.count, len(seen.resources) + seen.others
        if new_resource and logger.isEnabledFor(logging.DEBUG):
            logger.debug(
                "%s (seen again on %s: %d times on %d resources so far)",
                seen.notice.message,
                draft.resource,
                count,
                places,
                extra={"api_notice": seen.notice, "api_notice_kind": seen.notice.kind.value},
            )
        return False

    def _act(self, key: tuple[Any, ...], draft: Draft, action: Action) -> None:
        try:
            notice = draft.notice()
            extra = {"api_notice": notice, "api_notice_kind": notice.kind.value}
            if action is Action.RAISE:
                logger.debug("%s", notice.message, extra=extra)
                self._remember(key, draft, notice, action)
                raise notice.category(notice.message)
            if action is Action.WARN:
                # Not remembered until the warning went out: a filter that turns
                # it into an error must raise on every such request.
                warn_at_user_line(notice.message, notice.category, self.skip_packages)
                logger.debug("%s", notice.message, extra=extra)
            elif action is Action.LOG:
                logger.warning("%s", notice.message, extra=extra)
        except BaseException:
            with self._lock:
                self._pending.pop(key, None)  # not reported: the next sighting tries again
            raise
        self._remember(key, draft, notice, action)
