"""A bounded dict for the per-request fast paths (private)."""

from __future__ import annotations

import threading
from typing import Any

__all__ = ["Memo"]


class Memo:
    """A bounded dict for the per-request fast paths.

    Reads take no lock (a dict lookup is atomic); writes lock and evict the
    oldest entry when full, so memory stays bounded whatever the traffic.
    """

    __slots__ = ("_data", "_lock", "_size", "get")

    def __init__(self, size: int) -> None:
        self._data: dict[Any, Any] = {}
        self._lock = threading.Lock()
        self._size = size
        self.get = self._data.get

    def put(self, key: Any, value: Any) -> None:
        """Remember ``value`` under ``key``, forgetting the oldest entry when full."""
        with self._lock:
            data = self._data
            if key not in data and len(data) >= self._size:
                del data[next(iter(data))]
            data[key] = value

    def __len__(self) -> int:
        return len(self._data)
