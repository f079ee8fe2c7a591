"""The end of one exchange, the same for every transport.

Every transport ends a request the same way: does the core need the body (an
error a profile's rule reads, a declared resource the tripwire checks)?
read (a bounded prefix of) it; inspect; attach what was found to the
response; report the notices; raise the version error, if any.  That sequence
is written once, here, for blocking and for asyncio transports.  What differs
per client library (how to read a prefix of a body without taking it from the
caller, how to close a response, which exception class to raise) is the
transport's :class:`ResponseBinding`.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any, Protocol, TypeVar, overload

from apiversion_client._core._outcome import ErrorDecision, Outcome, Prepared
from apiversion_client._notices import Draft, Notice

if TYPE_CHECKING:
    from apiversion_client._core._inspect import HeaderLines
    from apiversion_client._core._negotiator import Negotiator

__all__ = [
    "ExchangeObserver",
    "NoticeSequence",
    "ResponseBinding",
    "add_observer",
    "attach",
    "finish",
    "finish_async",
    "observers",
    "remove_observer",
]

logger = logging.getLogger("apiversion_client")
_R = TypeVar("_R")
_R_contra = TypeVar("_R_contra", contravariant=True)


class ResponseBinding(Protocol[_R_contra]):
    """What the core needs of a transport's responses.

    For an asyncio transport, ``read_prefix``, ``close`` and ``error`` are
    coroutine functions (used by :meth:`Negotiator.finish_async`).
    """

    def read_prefix(self, response: _R_contra, limit: int) -> Any:
        """Read at most ``limit`` bytes of the (decoded) body for the core.

        The caller must still be able to read the whole body afterwards, in
        buffered and in streaming mode alike.
        """

    def close(self, response: _R_contra) -> Any:
        """Release the response's connection (nobody will read it)."""

    def error(
        self, decision: ErrorDecision, response: _R_contra, prepared: Prepared, *, returned: bool
    ) -> Any:
        """The exception for a version error, carrying ``response``.

        Raised (``returned`` false): the body is left as the transport's users
        expect of an error response (read, or at least its first
        :data:`MAX_ERROR_BODY` bytes), and the connection is freed.  Attached to
        a response the caller gets back (``errors="attach"``, ``returned``
        true): the body is left as the server sent it, for the caller to read.
        """


class ExchangeObserver(Protocol):
    """Told about every request the core pins and every response it reads (telemetry).

    Called in the transport's own call stack (so the span current for the HTTP
    call is current here too).  An observer must be cheap and must not raise:
    whatever it raises is logged and ignored.
    """

    def request_prepared(self, negotiator: Negotiator, prepared: Prepared) -> None:
        """A request to the API was prepared (pinned) and is about to be sent."""

    def response_read(
        self, negotiator: Negotiator, prepared: Prepared, outcome: Outcome, status: int
    ) -> None:
        """A response of the API was read; ``outcome.drafts`` are its notices, unworded."""


#: The registered observers (none: one truthiness test per request).
observers: list[ExchangeObserver] = []


def add_observer(observer: ExchangeObserver) -> None:
    """Register an observer of every exchange (see :class:`ExchangeObserver`)."""
    if observer not in observers:
        observers.append(observer)


def remove_observer(observer: ExchangeObserver) -> None:
    """Unregister an observer (no error if it is not registered)."""
    if observer in observers:
        observers.remove(observer)


def notify_prepared(negotiator: Negotiator, prepared: Prepared) -> None:
    """Tell every observer about a prepared request (never raises)."""
    for observer in tuple(observers):
        try:
            observer.request_prepared(negotiator, prepared)
        except Exception:
            logger.exception("apiversion_client exchange observer %r failed", observer)


def _notify_read(negotiator: Negotiator, prepared: Prepared, outcome: Outcome, status: int) -> None:
    for observer in tuple(observers):
        try:
            observer.response_read(negotiator, prepared, outcome, status)
        except Exception:
            logger.exception("apiversion_client exchange observer %r failed", observer)


class NoticeSequence(Sequence[Notice]):
    """A response's notices, worded on first access.

    Behaves as the tuple of the notices (before sending, then from the
    response) and compares equal to any sequence of the same notices.
    """

    __slots__ = ("_drafts", "_notices")

    def __init__(self, drafts: tuple[Draft, ...]) -> None:
        self._drafts = drafts
        self._notices: tuple[Notice, ...] | None = None

    def _all(self) -> tuple[Notice, ...]:
        notices = self._notices
        if notices is None:
            notices = self._notices = tuple(draft.notice() for draft in self._drafts)
        return notices

    @overload
    def __getitem__(self, index: int) -> Notice: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[Notice, ...]: ...

    def __getitem__(self, index: int | slice) -> Notice | tuple[Notice, ...]:
        return self._all()[index]

    def __len__(self) -> int:
        return len(self._drafts)

    def __iter__(self) -> Iterator[Notice]:
        return iter(self._all())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Sequence) and not isinstance(other, str | bytes):
            return self._all() == tuple(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._all())

    def __repr__(self) -> str:
        return repr(self._all())


_NO_NOTICES = NoticeSequence(())


def attach(response: Any, prepared: Prepared, outcome: Outcome) -> None:
    """Put what the core found on a transport's response, under the same names everywhere.

    ``response.api_version`` (the pin as sent), ``api_signals``, ``api_notices``
    (before sending and from the response, worded on first access) and
    ``api_request_id`` (this response's own), and ``api_error``: ``None``, or
    the version error when the negotiator attaches errors instead of raising them.
    """
    response.api_version = prepared.requested
    response.api_signals = outcome.signals
    drafts = prepared.drafts + outcome.drafts if prepared.drafts else outcome.drafts
    response.api_notices = NoticeSequence(drafts) if drafts else _NO_NOTICES
    response.api_request_id = outcome.request_id
    response.api_error = None


def conclude(
    negotiator: Negotiator,
    prepared: Prepared,
    response: Any,
    status: int,
    header_lines: HeaderLines,
    body: bytes | None,
) -> ErrorDecision | None:
    """Inspect a response, attach what was found, report it; return the error to raise.

    May raise a notice the policy escalates (``Action.RAISE``, a warnings filter
    set to ``"error"``); nobody will see the response then, and the caller closes it.
    """
    outcome = negotiator.reader.inspect(prepared, status, header_lines, body)
    attach(response, prepared, outcome)
    if observers:
        _notify_read(negotiator, prepared, outcome, status)
    if not outcome.drafts:
        return outcome.error
    return negotiator.settle(outcome)


def finish(
    negotiator: Negotiator,
    binding: ResponseBinding[Any],
    prepared: Prepared,
    response: Any,
    status: int,
    header_lines: HeaderLines,
) -> None:
    """Read the body if needed, inspect, attach, report, raise: the end of one exchange.

    Used as :meth:`Negotiator.finish` (``negotiator.finish(binding, prepared,
    response, status, header_lines)``) by every blocking transport.

    Args:
        negotiator: The negotiator of the exchange.
        binding: How to read a body prefix, close and build errors for this
            transport's responses.
        prepared: What :meth:`Negotiator.start` returned.
        response: The transport's response.
        status: Its status.
        header_lines: Its header lines named in
            :attr:`Negotiator.response_header_names` (or all of them).

    What was found is attached to the response (:func:`attach`).

    Raises:
        UnsupportedApiVersionError: Or a subclass built by the binding, when the
            response is a version error and errors are raised; notices the
            policy escalates.
    """
    try:
        body = None
        if status >= 400 or negotiator._tripwire is not None:  # one test without declarations
            limit = negotiator.body_limit(prepared, status)
            if limit:
                body = binding.read_prefix(response, limit)
        decision = conclude(negotiator, prepared, response, status, header_lines, body)
        error = None
        if decision is not None:
            returned = negotiator.errors == "attach"
            error = binding.error(decision, response, prepared, returned=returned)
    except BaseException:
        binding.close(response)
        raise
    if error is not None:
        if negotiator.errors == "attach":
            response.api_error = error
            return
        try:
            raise error
        finally:
            # The traceback keeps this frame: without the local, the error (and the
            # response body it carries) is freed when the caller drops it, not by gc.
            error = None


async def finish_async(
    negotiator: Negotiator,
    binding: ResponseBinding[Any],
    prepared: Prepared,
    response: Any,
    status: int,
    header_lines: HeaderLines,
) -> None:
    """:func:`finish` for a transport whose body reads, closes and errors are coroutines.

    Used as :meth:`Negotiator.finish_async` by every asyncio transport.
    """
    try:
        body = None
        if status >= 400 or negotiator._tripwire is not None:  # one test without declarations
            limit = negotiator.body_limit(prepared, status)
            if limit:
                body = await binding.read_prefix(response, limit)
        decision = conclude(negotiator, prepared, response, status, header_lines, body)
        error = None
        if decision is not None:
            returned = negotiator.errors == "attach"
            error = await binding.error(decision, response, prepared, returned=returned)
    except BaseException:
        await binding.close(response)
        raise
    if error is not None:
        if negotiator.errors == "attach":
            response.api_error = error
            return
        try:
            raise error
        finally:
            # The traceback keeps this frame: without the local, the error (and the
            # response body it carries) is freed when the caller drops it, not by gc.
            error = None
