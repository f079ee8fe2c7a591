"""One small client interface over every transport, so one suite tests them all.

The contract (for whoever adds a transport)
===========================================

A *factory* is ``factory(base_url, **kwargs) -> Client`` where ``kwargs`` are
:class:`~apiversion_client.VersionedSession`'s keywords (``profile``,
``api_version``, ``matrix``, ``sdk``, ``sdk_version``, ``policy``,
``allow_ended``, ``today``).  The client it returns:

* ``request(method, path_or_url, headers=None, api_version=None)`` sends one
  request (a path is resolved against ``base_url``; an absolute URL is sent as
  is), follows redirects, uses a timeout of :data:`TIMEOUT` seconds, and returns
  a :class:`Reply` whose ``headers`` are *all* header lines in order, a repeated
  name kept as separate lines.  It raises exactly what the transport raises:
  the library's errors (pre-flight refusals, ``UnsupportedApiVersionError``
  with ``.response`` set) and warnings escalated to errors.
* ``pinned(version)`` is the transport's own per-block override (thread / task
  local); an async transport's client runs its coroutines so that the block's
  context is seen by the request (``asyncio.run`` copies the current context).
* ``notices`` is the transport's notice log, ``notice_records()`` its records;
  ``close()`` frees its connections.

To add transports, create ``tests/transports/clients_urllib3.py`` and / or
``tests/transports/clients_httpx.py`` defining ``CLIENT_FACTORIES: dict[str,
Factory]`` (e.g. ``{"urllib3": ...}``, ``{"httpx": ..., "httpx-async": ...}``).
This module merges them into :data:`CLIENT_FACTORIES` when the module exists;
a module that is absent is skipped, an error inside one is not hidden.  The
``client`` fixture (``conftest.py``) then runs every behaviour test over every
registered name.  Tests that need a warning to point at the test file, or a
transport's own types, stay per transport (``test_requests_only.py``).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any, Protocol

import attrs

from apiversion_client import Notice, NoticeRecord, VersionedSession
from apiversion_client.signals import Signals

__all__ = ["CLIENT_FACTORIES", "TIMEOUT", "Client", "Factory", "Reply", "SimpleReply"]

#: Seconds every test request waits at most (connect and read).
TIMEOUT = 5


class Reply(Protocol):
    """What a test needs of a response, whatever the transport."""

    status: int
    headers: list[tuple[str, str]]
    body: bytes
    api_signals: Signals | None
    api_version: str | None


class Client(Protocol):
    """A versioned client of one transport, driven the same way by every test."""

    name: str

    def request(
        self,
        method: str,
        path_or_url: str,
        *,
        headers: dict[str, str] | None = None,
        api_version: str | None = None,
    ) -> Reply: ...

    def pinned(self, version: str) -> AbstractContextManager[Any]: ...

    @property
    def notices(self) -> tuple[Notice, ...]: ...

    def notice_records(self) -> tuple[NoticeRecord, ...]: ...

    def close(self) -> None: ...


Factory = Callable[..., Client]


@attrs.frozen
class SimpleReply:
    """A :class:`Reply` built from a transport's response."""

    status: int
    headers: list[tuple[str, str]]
    body: bytes
    api_signals: Signals | None
    api_version: str | None
    native: Any = attrs.field(default=None, repr=False, eq=False)


class RequestsClient:
    """The requests transport: a :class:`VersionedSession`."""

    name = "requests"

    def __init__(self, base_url: str, **kwargs: Any) -> None:
        self.session = VersionedSession(base_url, **kwargs)

    def request(
        self,
        method: str,
        path_or_url: str,
        *,
        headers: dict[str, str] | None = None,
        api_version: str | None = None,
    ) -> SimpleReply:
        response = self.session.request(
            method, path_or_url, headers=headers, api_version=api_version, timeout=TIMEOUT
        )
        return SimpleReply(
            status=response.status_code,
            headers=[(str(k), str(v)) for k, v in response.raw.headers.items()],
            body=response.content,
            api_signals=getattr(response, "api_signals", None),
            api_version=getattr(response, "api_version", None),
            native=response,
        )

    def pinned(self, version: str) -> AbstractContextManager[Any]:
        return self.session.pinned(version)

    @property
    def notices(self) -> tuple[Notice, ...]:
        return self.session.notices

    def notice_records(self) -> tuple[NoticeRecord, ...]:
        return self.session.notice_records()

    def close(self) -> None:
        self.session.close()


#: Transport name -> factory; the ``client`` fixture runs over these names.
CLIENT_FACTORIES: dict[str, Factory] = {"requests": RequestsClient}


def _register(module_name: str) -> None:
    qualified = f"{__package__}.{module_name}" if __package__ else module_name
    try:
        module = importlib.import_module(qualified)
    except ModuleNotFoundError as exc:
        if exc.name in (qualified, module_name):
            return  # the transport's engineer has not added it (yet)
        raise
    CLIENT_FACTORIES.update(module.CLIENT_FACTORIES)


for _name in ("clients_urllib3", "clients_httpx", "clients_aiohttp"):
    _register(_name)
