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
* Warnings point at the first frame outside this library and the HTTP client
  libraries: the user's line.
* Every reported notice is appended to the notice log and logged on the
  ``apiversion_client`` logger with the notice in ``extra["api_notice"]``:
  at WARNING for :attr:`Action.LOG`, at DEBUG otherwise (so a warning is not
  printed twice by logging's last-resort handler).
"""

from __future__ import annotations

import collections
import contextlib
import enum
import logging
import os
import sys
import threading
import types
import warnings
from collections.abc import Callable, Iterable, Mapping
from types import FrameType
from typing import Any

import attrs

from apiversion_client._notices import Draft, Notice, NoticeKind

__all__ = [
    "MAX_RESOURCES_PER_NOTICE",
    "Action",
    "NoticeRecord",
    "Policy",
    "Reporter",
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
    return dict(sorted(((_to_kind(k), _to_action(v)) for k, v in value.items()), key=str))


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

    Example:
        >>> Policy(actions={"deprecated": "raise"}).action_for(NoticeKind.DEPRECATED)
        <Action.RAISE: 'raise'>
    """

    default: Action = attrs.field(default=Action.WARN, converter=_to_action)
    actions: Mapping[NoticeKind, Action] = attrs.field(factory=dict, converter=_to_actions)
    once: bool = True
    max_remembered: int = attrs.field(default=4096)
    sunset_warning_days: int = 90

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


# ------------------------------------------------------ warning location

_OWN_DIR = os.path.dirname(os.path.abspath(__file__)) + os.sep
_LIBRARY_NAMES = ("requests", "urllib3", "httpx", "httpcore", "anyio", "sniffio")


def _skip_prefixes() -> tuple[str, ...]:
    prefixes = [_OWN_DIR]
    for name in _LIBRARY_NAMES:
        module = sys.modules.get(name)
        path = getattr(module, "__file__", None)
        if path:
            prefixes.append(os.path.dirname(os.path.abspath(path)) + os.sep)
    # contextlib / threading frames sit between a user's call and ours in
    # some call paths (context managers, thread pools).
    prefixes.append(os.path.abspath(warnings.__file__))
    return tuple(prefixes)


def _user_stacklevel() -> int:
    """Return the ``stacklevel`` that makes ``warnings.warn`` point at the user's line.

    Counts frames from the caller of :meth:`Reporter.report` outward until one
    whose file is not inside this package or an HTTP client library.
    """
    prefixes = _skip_prefixes()
    frame: FrameType | None = sys._getframe(1)
    level = 1
    while frame is not None:
        filename = frame.f_code.co_filename
        if not filename.startswith("<") and not os.path.abspath(filename).startswith(prefixes):
            return level
        frame = frame.f_back
        level += 1
    return 1


# ---------------------------------------------------------------- reporter

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

    __slots__ = ("count", "notice", "others", "resources")

    def __init__(self, notice: Notice, resource: str | None) -> None:
        self.notice = notice
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
    a fresh session would; notices already reported are not reported again.

    Args:
        policy: The policy to apply.
    """

    def __init__(self, policy: Policy | None = None) -> None:
        self._lock = threading.Lock()
        self._seen: collections.OrderedDict[tuple[Any, ...], _Seen] = collections.OrderedDict()
        # Notices being warned right now by some thread: claimed so that threads
        # sharing a session cannot both pass the "first time" check.
        self._pending: set[tuple[Any, ...]] = set()
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

    def clear(self) -> None:
        """Forget every notice: each will be reported again."""
        with self._lock:
            self._seen.clear()
            self._log.clear()

    def _trim(self, limit: int) -> None:
        while len(self._seen) > limit:
            self._seen.popitem(last=False)

    def _remember(self, draft: Draft, notice: Notice, policy: Policy) -> None:
        key = draft.key
        with self._lock:
            self._pending.discard(key)
            if key in self._seen:
                return
            self._seen[key] = _Seen(notice, draft.resource)
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
            if once and action is not Action.RAISE and not self._claim(draft):
                continue  # a repeat (counted), or another thread is reporting it
            self._act(draft, action, policy)

    def _claim(self, draft: Draft) -> bool:
        """True when this is the first sighting and this thread reports it."""
        key = draft.key
        with self._lock:
            seen = self._seen.get(key)
            if seen is None:
                if key in self._pending:
                    return False
                self._pending.add(key)
                return True
            self._seen.move_to_end(key)
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

    def _act(self, draft: Draft, action: Action, policy: Policy) -> None:
        notice = draft.notice()
        extra = {"api_notice": notice, "api_notice_kind": notice.kind.value}
        if action is Action.RAISE:
            logger.debug("%s", notice.message, extra=extra)
            self._remember(draft, notice, policy)
            raise notice.category(notice.message)
        if action is Action.WARN:
            # Not remembered until the warning went out: a filter that turns
            # it into an error must raise on every such request.
            try:
                warnings.warn(notice.message, notice.category, stacklevel=_user_stacklevel())
            except BaseException:
                with self._lock:
                    self._pending.discard(draft.key)
                raise
            logger.debug("%s", notice.message, extra=extra)
        elif action is Action.LOG:
            logger.warning("%s", notice.message, extra=extra)
        self._remember(draft, notice, policy)
