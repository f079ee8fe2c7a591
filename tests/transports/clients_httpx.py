"""The httpx transports behind the behaviour suite's client interface (see ``clients.py``).

The async client runs every request as a task on one event loop in its own
thread, created with a copy of the calling thread's context, so that a
``pinned()`` block in the caller is seen by the request (and 16 calling threads
are 16 concurrent tasks on one connection pool).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextvars
import threading
from collections.abc import Coroutine
from contextlib import AbstractContextManager
from typing import Any, TypeVar

import httpx

from apiversion_client import Notice, NoticeRecord
from apiversion_client.transports.httpx import AsyncVersionedClient, VersionedClient

from .clients import TIMEOUT, Factory, SimpleReply

__all__ = ["CLIENT_FACTORIES", "HttpxAsyncClient", "HttpxClient"]

T = TypeVar("T")


def _reply(response: httpx.Response) -> SimpleReply:
    encoding = response.headers.encoding
    return SimpleReply(
        status=response.status_code,
        # ``.raw`` keeps the names as the server spelled them (multi_items() lower-cases)
        headers=[(k.decode(encoding), v.decode(encoding)) for k, v in response.headers.raw],
        body=response.content,
        api_signals=getattr(response, "api_signals", None),
        api_version=getattr(response, "api_version", None),
        native=response,
    )


class HttpxClient:
    """The sync httpx transport: a :class:`VersionedClient` following redirects."""

    name = "httpx"

    def __init__(self, base_url: str, **kwargs: Any) -> None:
        self.client = VersionedClient(base_url, follow_redirects=True, timeout=TIMEOUT, **kwargs)

    def request(
        self,
        method: str,
        path_or_url: str,
        *,
        headers: dict[str, str] | None = None,
        api_version: str | None = None,
    ) -> SimpleReply:
        return _reply(
            self.client.request(method, path_or_url, headers=headers, api_version=api_version)
        )

    def pinned(self, version: str) -> AbstractContextManager[Any]:
        return self.client.pinned(version)

    @property
    def notices(self) -> tuple[Notice, ...]:
        return self.client.notices

    def notice_records(self) -> tuple[NoticeRecord, ...]:
        return self.client.notice_records()

    def close(self) -> None:
        self.client.close()


class HttpxAsyncClient:
    """The async httpx transport: an :class:`AsyncVersionedClient` on a loop thread."""

    name = "httpx-async"

    def __init__(self, base_url: str, **kwargs: Any) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        try:
            self.client = AsyncVersionedClient(
                base_url, follow_redirects=True, timeout=TIMEOUT, **kwargs
            )
        except BaseException:
            self._stop()
            raise

    def _run(self, coro: Coroutine[Any, Any, T]) -> T:
        """Run ``coro`` as a task on the loop, in a copy of this thread's context."""
        context = contextvars.copy_context()
        done: concurrent.futures.Future[T] = concurrent.futures.Future()

        def start() -> None:
            task = self.loop.create_task(coro, context=context)

            def finish(task: asyncio.Task[T]) -> None:
                if task.cancelled():
                    done.cancel()
                elif task.exception() is not None:
                    done.set_exception(task.exception())  # type: ignore[arg-type]
                else:
                    done.set_result(task.result())

            task.add_done_callback(finish)

        self.loop.call_soon_threadsafe(start)
        return done.result(timeout=4 * TIMEOUT)

    def request(
        self,
        method: str,
        path_or_url: str,
        *,
        headers: dict[str, str] | None = None,
        api_version: str | None = None,
    ) -> SimpleReply:
        response = self._run(
            self.client.request(method, path_or_url, headers=headers, api_version=api_version)
        )
        return _reply(response)

    def pinned(self, version: str) -> AbstractContextManager[Any]:
        return self.client.pinned(version)

    @property
    def notices(self) -> tuple[Notice, ...]:
        return self.client.notices

    def notice_records(self) -> tuple[NoticeRecord, ...]:
        return self.client.notice_records()

    def _stop(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(timeout=TIMEOUT)
        self.loop.close()

    def close(self) -> None:
        try:
            self._run(self.client.aclose())
        finally:
            self._stop()


CLIENT_FACTORIES: dict[str, Factory] = {"httpx": HttpxClient, "httpx-async": HttpxAsyncClient}
