"""The urllib3 transport behind the behaviour suite's client interface (see ``clients.py``)."""

from __future__ import annotations

from contextlib import AbstractContextManager
from typing import Any

from apiversion_client import Notice, NoticeRecord
from apiversion_client.transports.urllib3 import VersionedPoolManager

from .clients import TIMEOUT, Factory, SimpleReply

__all__ = ["CLIENT_FACTORIES", "Urllib3Client"]


class Urllib3Client:
    """The urllib3 transport: a :class:`VersionedPoolManager` (it follows redirects itself)."""

    name = "urllib3"

    def __init__(self, base_url: str, **kwargs: Any) -> None:
        # 16 connections per host: the thread tests share one pool manager.
        self.pool = VersionedPoolManager(base_url, maxsize=16, timeout=TIMEOUT, **kwargs)

    def request(
        self,
        method: str,
        path_or_url: str,
        *,
        headers: dict[str, str] | None = None,
        api_version: str | None = None,
    ) -> SimpleReply:
        response = self.pool.request(method, path_or_url, headers=headers, api_version=api_version)
        return SimpleReply(
            status=response.status,
            headers=[(str(k), str(v)) for k, v in response.headers.items()],
            body=response.data,
            api_signals=getattr(response, "api_signals", None),
            api_version=getattr(response, "api_version", None),
            native=response,
        )

    def pinned(self, version: str) -> AbstractContextManager[Any]:
        return self.pool.pinned(version)

    @property
    def notices(self) -> tuple[Notice, ...]:
        return self.pool.notices

    def notice_records(self) -> tuple[NoticeRecord, ...]:
        return self.pool.notice_records()

    def close(self) -> None:
        self.pool.clear()


CLIENT_FACTORIES: dict[str, Factory] = {"urllib3": Urllib3Client}
