"""`NoticeCollector`: gather every notice the library reports, from any session."""

from __future__ import annotations

import collections
import threading
from collections.abc import Iterator

from apiversion_client._notices import Notice, NoticeKind
from apiversion_client._policy import add_listener, remove_listener

__all__ = ["NoticeCollector"]

_DEPRECATION_KINDS = frozenset({NoticeKind.DEPRECATED, NoticeKind.SUNSET})


class NoticeCollector:
    """Collect the notices that every session, adapter and client of this library sees.

    A context manager: entering registers a listener with
    :func:`apiversion_client.add_listener`, leaving removes it.  The listener
    sees each notice *before* a session's "once" dedupe, so a deprecation
    repeated on three requests is collected three times.  Thread-safe; its
    memory is bounded by ``max_notices`` (the oldest are dropped first).

    Args:
        max_notices: How many notices to keep at most.

    Example:
        >>> with NoticeCollector() as collected:
        ...     pass  # make requests
        >>> collected.deprecations
        ()
    """

    def __init__(self, *, max_notices: int = 10_000) -> None:
        self._lock = threading.Lock()
        self._notices: collections.deque[Notice] = collections.deque(maxlen=max(1, max_notices))
        self._active = False

    def _listen(self, notice: Notice) -> None:
        with self._lock:
            self._notices.append(notice)

    def start(self) -> NoticeCollector:
        """Start collecting (idempotent).

        Returns:
            The collector itself.
        """
        with self._lock:
            if self._active:
                return self
            self._active = True
        add_listener(self._listen)
        return self

    def stop(self) -> None:
        """Stop collecting (idempotent); what was collected stays."""
        with self._lock:
            if not self._active:
                return
            self._active = False
        remove_listener(self._listen)

    def __enter__(self) -> NoticeCollector:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    @property
    def active(self) -> bool:
        """Whether the collector is listening."""
        return self._active

    @property
    def notices(self) -> tuple[Notice, ...]:
        """Every notice collected, oldest first."""
        with self._lock:
            return tuple(self._notices)

    @property
    def deprecations(self) -> tuple[Notice, ...]:
        """The deprecation and sunset notices collected."""
        return tuple(n for n in self.notices if n.kind in _DEPRECATION_KINDS)

    def of_kind(self, kind: NoticeKind | str) -> tuple[Notice, ...]:
        """The notices of one kind (a :class:`NoticeKind` or its value, e.g. ``"sunset"``)."""
        wanted = kind if isinstance(kind, NoticeKind) else NoticeKind(str(kind).lower())
        return tuple(n for n in self.notices if n.kind is wanted)

    def distinct(self) -> tuple[Notice, ...]:
        """The notices with repeats removed (by :attr:`Notice.key`), first seen first."""
        seen: dict[tuple[object, ...], Notice] = {}
        for notice in self.notices:
            seen.setdefault(notice.key, notice)
        return tuple(seen.values())

    def clear(self) -> None:
        """Forget what was collected."""
        with self._lock:
            self._notices.clear()

    def __len__(self) -> int:
        with self._lock:
            return len(self._notices)

    def __iter__(self) -> Iterator[Notice]:
        return iter(self.notices)

    def __bool__(self) -> bool:
        return len(self) > 0
