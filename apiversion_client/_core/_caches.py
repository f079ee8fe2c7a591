"""Every cache of the negotiator, in one table, and the one class they are made of.

Real traffic repeats a few values and never repeats others: a path template,
a pin, a header value such as ``Sunset: Wed, 11 Nov 2026 23:59:59 GMT`` come
back on every request; an object id in the path, a request id or a ``Date``
never do.  Caches here are keyed only by values of the first kind, never by
the identity of an object, and no cache's answer depends on another cache
having returned the same object.  Each is bounded in entries, and no key or
value longer than :data:`MAX_KEPT` characters is ever kept, so a hostile
response costs its own time and nothing after it.

Every cache, its key, its bound, and what invalidates it:

``_naming._short_identifier`` (is a path segment an identifier?)
    Key: one path segment of at most 64 characters.  Bound: 4,096 entries.
    Never invalidated: a pure function of the text.
``RequestPlanner._segments`` (is a path segment a version of this API?)
    Key: the pin in effect (the session's or a ``pinned()`` override) and one
    path segment of at most 64 characters.  Bound: 256 entries.  Never
    invalidated: the verdict is a pure function of the pin, the segment and the
    negotiator's frozen settings (its matrix).
``_placement.path_pattern`` (the regex of a profile's path template)
    Key: the profile's template.  Bound: 64 entries.  Never invalidated: a
    pure function of the text.
``MatrixAdvisor._verdicts`` (what the matrix says before sending)
    Key: (pin, method, the matrix templates the path matches, day).  Bound:
    1,024 entries.  The day is part of the key; the matrix and the settings
    are frozen.
``TripwireWatch._found`` (the declarations that hold for a request)
    Key: (resource name, version as sent), not kept when the name is over
    256 characters or the version over 64.  Bound: 512 entries.  Never
    invalidated: the declarations are frozen with the negotiator.
``signals._steps`` per-parser value caches (one per header family)
    Key: one header value of at most 1 KiB.  Bound: 256 entries each.
    Invalidated when the year changes (two-digit years are read relative to it).
``signals._read._signals`` (a whole response's signals)
    Key: the signal lines of one response (1 KiB at most in all), the readers
    and the echo headers, found by their hash; kept only on a second sighting.
    Bound: 256 entries, plus a fixed 4 KiB table of first-sighting marks.
    Invalidated when the year changes.
``signals._link._RELS`` and ``_REL_ONLY`` (the relation types of a ``rel``)
    Key: a ``rel`` parameter's text of at most 64 characters.  Bound: 256
    entries each, the oldest going first when full.  Never invalidated: a pure
    function of the text.
``signals._read._plan`` and ``signal_header_names`` (a profile's reading plan)
    Key: the profile's readers and echo headers.  Bound: 64 entries.  Never
    invalidated: a pure function of the profile.
``Reporter._seen`` (the dedupe registry)
    Key: a notice's :attr:`~apiversion_client.Notice.key` (kind, versions,
    dates, successor, a declared resource; a snoozed notice's key also holds
    the snooze's end).  Bound: ``Policy.max_remembered`` entries, each counting
    at most 64 resource names.  Invalidated by ``Reporter.clear()``; the
    oldest entry goes first when full.

Nothing else is remembered between requests: a :class:`Prepared` and an
:class:`Outcome` belong to one request and one response, and an outcome
carries its own response's request id.
"""

from __future__ import annotations

import threading
from collections.abc import Hashable
from typing import Generic, TypeVar

__all__ = ["MAX_KEPT", "BoundedCache"]

#: No key or value longer than this many characters is kept by any cache.
MAX_KEPT = 1024

_V = TypeVar("_V")


class BoundedCache(Generic[_V]):
    """A dict bounded in entries: the oldest entry goes first when it is full.

    Reads take no lock (one dict lookup is atomic in CPython); writes lock.
    Callers keep keys and values small (see :data:`MAX_KEPT`).

    Args:
        size: The most entries kept.
    """

    __slots__ = ("_data", "_lock", "_size", "get")

    def __init__(self, size: int) -> None:
        self._data: dict[Hashable, _V] = {}
        self._lock = threading.Lock()
        self._size = size
        #: ``cache.get(key)``: the value, or ``None``.
        self.get = self._data.get

    def put(self, key: Hashable, value: _V) -> _V:
        """Remember ``value`` under ``key`` and return it."""
        with self._lock:
            data = self._data
            if key not in data and len(data) >= self._size:
                del data[next(iter(data))]
            data[key] = value
        return value

    def __len__(self) -> int:
        return len(self._data)
