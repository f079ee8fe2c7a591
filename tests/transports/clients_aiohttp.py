"""The aiohttp transport behind the behaviour suite's client interface (see ``clients.py``).

Each client runs its own event loop in a thread of its own; every call is a
task on that loop, created with a copy of the calling thread's context, so
that a ``pinned()`` block in the caller is seen by the request (and 16 calling
threads are 16 concurrent tasks on one connection pool).  The session itself
is created on the loop, as aiohttp requires.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextvars
import threading
from collections.abc import Coroutine
from contextlib import AbstractContextManager
from typing import Any, TypeVar

import aiohttp

from apiversion_client import Notice, NoticeRecord
from apiversion_client.transports.aiohttp import VersionedClientSession

from .clients import TIMEOUT, Factory, SimpleReply

__all__ = ["CLIENT_FACTORIES", "AiohttpClient"]

T = TypeVar("T")


def _text(raw: bytes) -> str:
    return raw.decode("utf-8", "surrogateescape")


class AiohttpClient:
    """The aiohttp transport: a :class:`VersionedClientSession` on a loop thread."""

    name = "aiohttp"

    def __init__(self, base_url: str, **kwargs: Any) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()

        async def make() -> VersionedClientSession:
            return VersionedClientSession(
                base_url, timeout=aiohttp.ClientTimeout(total=TIMEOUT), **kwargs
            )

        try:
            self.session = self._run(make())
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
        async def call() -> SimpleReply:
            async with self.session.request(
                method, path_or_url, headers=headers, api_version=api_version
            ) as response:
                body = await response.read()
            return SimpleReply(
                status=response.status,
                headers=[(_text(k), _text(v)) for k, v in response.raw_headers],
                body=body,
                api_signals=getattr(response, "api_signals", None),
                api_version=getattr(response, "api_version", None),
                native=response,
            )

        return self._run(call())

    def pinned(self, version: str) -> AbstractContextManager[Any]:
        return self.session.pinned(version)

    @property
    def notices(self) -> tuple[Notice, ...]:
        return self.session.notices

    def notice_records(self) -> tuple[NoticeRecord, ...]:
        return self.session.notice_records()

    def _stop(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(timeout=TIMEOUT)
        self.loop.close()

    def close(self) -> None:
        try:
            self._run(self.session.close())
        finally:
            self._stop()


CLIENT_FACTORIES: dict[str, Factory] = {"aiohttp": AiohttpClient}
