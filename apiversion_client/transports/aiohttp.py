"""The aiohttp transport: a client middleware that pins and inspects.

Needs the optional extra: ``pip install 'apiversion-client[aiohttp]'`` (aiohttp
3.12 or later).  The package itself never imports this module; import it
explicitly.

Built on aiohttp's own extension point, client middlewares.  aiohttp calls the
session's middlewares once per hop, inside its redirect loop, so every hop is
pinned and inspected.  (Trace configs see every hop too, but only to watch: they
cannot change a request's URL, nor raise an error carrying the response.)
:class:`VersionedMiddleware` goes on any ``aiohttp.ClientSession``
(``middlewares=(versioned,)``) and acts only on requests at or below the API's
base URL; :class:`VersionedClientSession` builds that session for you, with
``api_version=`` on every request method.

The pin goes on a copy: for the duration of one hop the request aiohttp
handed to the middleware carries a copied header multidict with the version
set (and the pinned URL, for path and query profiles), and gets its own back
afterwards.  aiohttp builds every next hop from the caller's headers and the
``Location``, never from that request, so the pin never follows a redirect to
another origin.  A version header the *caller* set is in those headers, though,
and aiohttp drops only ``Authorization``, ``Cookie`` and ``Proxy-Authorization``
on the way to another origin: the middleware remembers, per asyncio task, that
the API answered with a redirect and strips the profile's version headers from
the hops that follow it to another origin.

The body prefix the core reads (only for an error status the profile's rules
read, at most 1 MiB) is read from ``response.content`` and put back in front
of the stream, so the caller still reads the whole body, buffered
(``read()``, ``text()``, ``json()``) or streamed (``content.read(n)``,
``iter_chunked()``, ``iter_any()``).  aiohttp's public way back,
``StreamReader.unread_data()``, is deprecated (it warns, and is to be removed);
reading the body whole into the response first (``read()``) would empty the
stream for a caller who streams, and read a 16 MiB body whole.  So the prefix
goes back with what ``unread_data()`` does, minus the warning (see the marked
section below; a test pins it).  A version error keeps its body when that is
at most 1 MiB (read the public way, ``read()``), else its first MiB (the
connection is closed: nobody will read the rest).

What the core found is attached to each response as attributes, with the same
names as on a requests response: ``api_version``, ``api_signals``,
``api_notices`` and ``api_request_id`` (``ClientResponse`` has no
``__slots__``; it takes them).  Version errors are also
``aiohttp.ClientResponseError`` errors, with ``status``, ``request_info`` (the
request as sent, version included), ``headers`` and ``history``, and with
``.response`` (its body read, as above).

Scoped pins (``with session.pinned("4"):``) live in a context variable, so they
hold per asyncio task (and in the tasks created inside the block).

This module only translates between aiohttp and the I/O-free core: all
decisions are :class:`~apiversion_client._core.Negotiator`'s.
"""

from __future__ import annotations

try:
    import aiohttp
except ImportError as exc:  # pragma: no cover - exercised in a subprocess test
    raise ImportError(
        "apiversion_client.transports.aiohttp needs aiohttp: "
        "pip install 'apiversion-client[aiohttp]'"
    ) from exc

import contextlib
import contextvars
import datetime as dt
import types
from collections.abc import Callable, Coroutine, Generator, Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

from multidict import CIMultiDict, CIMultiDictProxy
from yarl import URL

from apiversion_client._core import MAX_ERROR_BODY, ErrorDecision, Negotiator, Prepared
from apiversion_client._core._naming import ResourceResolver
from apiversion_client._core._negotiator import ErrorMode
from apiversion_client._exceptions import (
    ApiVersionError,
    ApiVersionRemovedError,
    UnsupportedApiVersionError,
)
from apiversion_client._policy import Policy
from apiversion_client._versions import ApiVersion
from apiversion_client.profiles import Profile
from apiversion_client.transports._views import NegotiatorViews

if TYPE_CHECKING:
    from apiversion_client._matrix import CompatibilityMatrix
    from apiversion_client._tripwire import Reliance, Tripwire

__all__ = [
    "AiohttpApiVersionRemovedError",
    "AiohttpUnsupportedApiVersionError",
    "VersionedClientSession",
    "VersionedMiddleware",
]

# ------------------------------------------------------------------ errors


class _ResponseError(aiohttp.ClientResponseError):
    """``aiohttp.ClientResponseError`` as the second parent of a library error.

    :class:`ApiVersionError` passes only the message up the MRO; the concrete
    classes fill in what aiohttp's error carries once ``response`` is known.
    ``message`` stays the library's message (``str(error)``).
    """

    def __init__(self, message: str) -> None:
        aiohttp.ClientError.__init__(self, message)

    def _from(self, response: aiohttp.ClientResponse | None) -> None:
        if response is None:
            self.request_info = None  # type: ignore[assignment]
            self.status, self.headers, self.history = 0, None, ()
        else:
            self.request_info = response.request_info
            self.status, self.headers = response.status, response.headers
            self.history = response.history


class AiohttpUnsupportedApiVersionError(UnsupportedApiVersionError, _ResponseError):
    """An :class:`UnsupportedApiVersionError` that is also an ``aiohttp.ClientResponseError``."""

    def __init__(
        self, message: str, *, response: aiohttp.ClientResponse | None = None, **details: Any
    ) -> None:
        super().__init__(message, response=response, **details)
        self._from(response)


class AiohttpApiVersionRemovedError(ApiVersionRemovedError, _ResponseError):
    """An :class:`ApiVersionRemovedError` that is also an ``aiohttp.ClientResponseError``."""

    def __init__(
        self, message: str, *, response: aiohttp.ClientResponse | None = None, **details: Any
    ) -> None:
        super().__init__(message, response=response, **details)
        self._from(response)


_ERROR_CLASSES: dict[type[ApiVersionError], type[ApiVersionError]] = {
    UnsupportedApiVersionError: AiohttpUnsupportedApiVersionError,
    ApiVersionRemovedError: AiohttpApiVersionRemovedError,
}


# ------------------------------------------------- aiohttp private internals
#
# The only knowledge of aiohttp's internals in this library, pinned by
# tests/transports_extra/test_aiohttp.py (test_pin_*): a release that changes
# one of these fails there, by name.
#
# * StreamReader ``_buffer`` (a deque of bytes), ``_buffer_offset``, ``_size``,
#   ``_cursor`` and ``_eof_counter``: what ``StreamReader.unread_data()``
#   updates to put bytes back in front of the stream (3.12 to 3.14 alike).
#   ``unread_data()`` itself warns DeprecationWarning and is to be removed.
# * ClientResponse ``_body`` and ``_released``: ``read()`` returns ``_body``
#   once set, unless ``_released`` says the caller released the response
#   unread.  A version error whose body is over 1 MiB keeps its first MiB there
#   after ``close()`` dropped the connection.


def _unread(stream: aiohttp.StreamReader, data: bytes) -> None:
    """Put ``data`` back in front of what ``stream`` gives next (``unread_data()``)."""
    if not data:
        return
    buffer = stream._buffer
    offset = stream._buffer_offset
    if offset:
        buffer[0] = buffer[0][offset:]
        stream._buffer_offset = 0
    stream._size += len(data)
    stream._cursor -= len(data)
    buffer.appendleft(data)
    stream._eof_counter = 0


def _keep_body(response: aiohttp.ClientResponse, body: bytes) -> None:
    """Make ``body`` what ``read()``, ``text()`` and ``json()`` return, after ``close()``."""
    response._body = body
    response._released = False


# ------------------------------------------------------------ translation


async def _read_upto(stream: aiohttp.StreamReader, limit: int) -> tuple[bytes, bool]:
    """Read ``limit`` bytes, or to the end; return them and whether that was the end.

    Read in pieces no larger than the stream's own low-water mark:
    ``read(n)`` with a larger ``n`` would raise the stream's buffer limits (and
    so the memory held for the caller's own reads) to ``n``.
    """
    if stream.at_eof():
        return b"", True  # no body at all (``EmptyStreamReader`` too) or read already
    piece = max(1, stream.get_read_buffer_limits()[0])
    chunks: list[bytes] = []
    size = 0
    while size < limit:
        chunk = await stream.read(min(piece, limit - size))
        if not chunk:
            return b"".join(chunks), True
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks), stream.at_eof()


def _lines(
    headers: CIMultiDict[str] | CIMultiDictProxy[str], names: frozenset[str]
) -> list[tuple[str, str]]:
    """The lines of ``headers`` whose (lower-case) name is in ``names``, each kept apart."""
    lines: list[tuple[str, str]] = []
    for name in names:
        values = headers.getall(name, None)
        if values:
            lines.extend((name, value) for value in values)
    return lines


class _Binding:
    """How the core reads, closes and raises for one aiohttp response.

    One per response: it remembers the prefix it read, so that a version error
    keeps that very prefix instead of reading (and copying) it again.
    """

    __slots__ = ("_prefix", "_whole")

    def __init__(self) -> None:
        self._prefix: bytes | None = None
        self._whole = False

    async def read_prefix(self, response: aiohttp.ClientResponse, limit: int) -> bytes:
        data, self._whole = await _read_upto(response.content, limit)
        _unread(response.content, data)
        self._prefix = data
        return data

    async def close(self, response: aiohttp.ClientResponse) -> None:
        response.close()

    async def error(
        self,
        decision: ErrorDecision,
        response: aiohttp.ClientResponse,
        prepared: Prepared,
        *,
        returned: bool,
    ) -> Exception:
        if returned:  # the caller reads the body itself, as the server sent it
            return decision.build(response, cls=_ERROR_CLASSES[decision.exception_class])
        prefix, whole = self._prefix, self._whole
        if prefix is None or (not whole and len(prefix) < MAX_ERROR_BODY):
            prefix, whole = await _read_upto(response.content, MAX_ERROR_BODY)
            _unread(response.content, prefix)
        if whole:
            await response.read()  # cached on the response; its connection is free already
        else:
            response.close()  # nobody will read the rest: drop the connection
            _keep_body(response, prefix[:MAX_ERROR_BODY])
        return decision.build(response, cls=_ERROR_CLASSES[decision.exception_class])


_REDIRECTS = frozenset({301, 302, 303, 307, 308})

# Per asyncio task: middleware key -> the origin of the hop a redirect that
# began at the API leads to next.  Read and cleared on each hop.
_NEXT_HOP: contextvars.ContextVar[Mapping[object, URL]] = contextvars.ContextVar(
    "apiversion_client_aiohttp_next_hop", default=types.MappingProxyType({})
)


def _redirect_origin(
    request: aiohttp.ClientRequest, response: aiohttp.ClientResponse
) -> URL | None:
    """The origin a redirect response sends the next hop to, or ``None``."""
    if response.status not in _REDIRECTS:
        return None
    location = response.headers.get("Location") or response.headers.get("URI")
    if not location:
        return None
    try:
        return request.url.join(URL(location)).origin()
    except ValueError:
        return None  # aiohttp refuses to follow it


@contextlib.contextmanager
def _sent_as(
    request: aiohttp.ClientRequest, headers: CIMultiDict[str], url: URL | None
) -> Iterator[None]:
    """Send ``request`` with ``headers`` (and ``url``) for one hop, then give it its own back."""
    own_headers, own_url, own_original = request.headers, request.url, request.original_url
    request.headers = headers
    if url is not None:
        request.url = request.original_url = url
    try:
        yield
    finally:
        request.headers = own_headers
        request.url, request.original_url = own_url, own_original


# ---------------------------------------------------------------- middleware


class VersionedMiddleware(NegotiatorViews):
    """An aiohttp client middleware that pins the API version and reads what the server says.

    Requests outside the API's base URL pass through untouched (a redirect hop
    that left the API for another origin loses the version headers the caller
    set, and nothing else).  The response comes back as aiohttp gave it,
    unless the core needs the body of an error response: then at most its
    first mebibyte is read, and the caller still reads the whole body.

    Args:
        negotiator: The core that decides (see :meth:`create`).

    Example:
        >>> versioned = VersionedMiddleware.create("https://api.example.com",
        ...                                        profile="github", api_version="2022-11-28")
        >>> # aiohttp.ClientSession(middlewares=(versioned,))
        >>> # with versioned.pinned("2026-03-10"): await session.get(...)

    Put it last in ``middlewares``, so that it sees each request as the other
    middlewares left it.  A request made with ``middlewares=()`` bypasses it.
    """

    def __init__(self, negotiator: Negotiator) -> None:
        self.negotiator = negotiator
        self._key = object()

    @classmethod
    def create(cls, base_url: str, **kwargs: Any) -> VersionedMiddleware:
        """Build a middleware and its negotiator from :class:`VersionedClientSession`'s keywords."""
        return cls(Negotiator(base_url, **kwargs))

    async def __call__(
        self, request: aiohttp.ClientRequest, handler: aiohttp.ClientHandlerType
    ) -> aiohttp.ClientResponse:
        """Pin, send, inspect one hop; raise what the core says to raise."""
        negotiator = self.negotiator
        url_text = str(request.url)
        hops = _NEXT_HOP.get()
        followed = hops.get(self._key)
        if followed is not None:
            followed = followed if followed == request.url.origin() else None
            _NEXT_HOP.set(types.MappingProxyType({k: v for k, v in hops.items() if k != self._key}))
        prepared = negotiator.start(
            request.method, url_text, _lines(request.headers, negotiator.request_header_names)
        )
        if not prepared.in_scope:
            response = await self._elsewhere(request, handler, followed is not None, url_text)
            if followed is not None:
                self._remember(_redirect_origin(request, response))
            return response
        sent = CIMultiDict(request.headers)
        for name, value in prepared.set_headers:
            sent[name] = value
        url = URL(prepared.url, encoded=True) if prepared.url != url_text else None
        with _sent_as(request, sent, url):
            response = await handler(request)
        await negotiator.finish_async(
            _Binding(),
            prepared,
            response,
            response.status,
            _lines(response.headers, negotiator.response_header_names),
        )
        self._remember(_redirect_origin(request, response))
        return response

    async def _elsewhere(
        self,
        request: aiohttp.ClientRequest,
        handler: aiohttp.ClientHandlerType,
        followed: bool,
        url_text: str,
    ) -> aiohttp.ClientResponse:
        """Send a request outside the API: untouched, unless a redirect took it elsewhere."""
        names = self.negotiator.version_headers
        if not followed or self.negotiator.base.same_origin(url_text):
            return await handler(request)
        if not any(name in request.headers for name in names):
            return await handler(request)
        sent = CIMultiDict(request.headers)
        for name in names:
            sent.popall(name, None)
        with _sent_as(request, sent, None):
            return await handler(request)

    def _remember(self, origin: URL | None) -> None:
        """Note (for this task) where a redirect that began at the API goes next."""
        if origin is not None:
            _NEXT_HOP.set(types.MappingProxyType({**_NEXT_HOP.get(), self._key: origin}))


# ------------------------------------------------------------------ session

_Pin = str | ApiVersion | None


class _RequestContext:
    """What the request methods return: await it, or ``async with`` it (as aiohttp's)."""

    __slots__ = ("_coro", "_response")

    def __init__(self, coro: Coroutine[Any, Any, aiohttp.ClientResponse]) -> None:
        self._coro = coro
        self._response: aiohttp.ClientResponse | None = None

    def __await__(self) -> Generator[Any, None, aiohttp.ClientResponse]:
        return self._coro.__await__()

    async def __aenter__(self) -> aiohttp.ClientResponse:
        self._response = await self._coro
        return self._response

    async def __aexit__(self, *exc_info: object) -> None:
        response = self._response
        if response is not None:
            response.release()
            await response.wait_for_close()


class VersionedClientSession(NegotiatorViews):
    """An ``aiohttp.ClientSession`` that pins an API version and reads what the server says.

    aiohttp discourages subclassing ``ClientSession``: this object owns one
    (``.session``, with :class:`VersionedMiddleware` last in its middlewares)
    and offers its request methods with ``api_version=``.  Create it inside a
    running event loop, as a ``ClientSession``, and close it (``async with``).

    Args:
        base_url: The API's base URL; paths given to ``get()`` and friends land
            below it (``"/projects"`` and ``"projects"`` alike).
        profile: How the version travels (a :class:`Profile` or a built-in name).
        api_version: The pin (defaults to the matrix's default for
            ``sdk_version``, else the profile's documented default).
        matrix: The SDK's compatibility matrix.
        sdk: The SDK's name in the matrix; optional when the matrix names one SDK.
        sdk_version: The SDK's own release.
        policy: What to do with notices (:class:`Policy`); default: warn once.
        allow_ended: Send requests the matrix says have ended anyway.
        today: The date for end-of-life decisions (for tests); default today (UTC).
        resources: The API's resource templates (``"GET /repos/{owner}/{repo}"``) or a
            callable ``(method, path) -> template``: they name resources in notices.
        skip_packages: Packages a warning skips to reach the user's line (an SDK
            built on this, or one it is mounted on); default: the installed
            package that built it.
        errors: ``"raise"`` version errors found in responses (default), or
            ``"attach"`` them to the response as ``response.api_error``.
        relies: What the SDK relies on (a :class:`~apiversion_client.Tripwire`
            or :class:`~apiversion_client.Reliance` declarations; the matrix's
            ``[[relies]]`` too): broken promises become ``breaking-change`` notices.
        **client_session_kwargs: Passed to ``aiohttp.ClientSession`` (``timeout``,
            ``connector``, ``headers``, ``raise_for_status``...); ``middlewares``
            run before the versioned one.

    Every request method takes ``api_version=`` to override the pin for one
    request; ``with session.pinned("4"):`` overrides it for a block, in this
    asyncio task (and the tasks it creates inside the block) only.

    Example:
        >>> async def main():
        ...     async with VersionedClientSession("https://api.example.com",
        ...                                       profile="github",
        ...                                       api_version="2022-11-28") as api:
        ...         async with api.get("/repos/octo/hello") as response:
        ...             return response.api_version
    """

    def __init__(
        self,
        base_url: str,
        *,
        profile: Profile | str | None = None,
        api_version: str | ApiVersion | None = None,
        matrix: CompatibilityMatrix | None = None,
        sdk: str | None = None,
        sdk_version: str | None = None,
        policy: Policy | None = None,
        allow_ended: bool = False,
        today: dt.date | Callable[[], dt.date] | None = None,
        resources: Iterable[str] | ResourceResolver | None = None,
        skip_packages: Iterable[str] | None = None,
        errors: ErrorMode = "raise",
        relies: Tripwire | Iterable[Reliance] | Reliance | None = None,
        **client_session_kwargs: Any,
    ) -> None:
        self.negotiator = Negotiator(
            base_url,
            profile=profile,
            api_version=api_version,
            matrix=matrix,
            sdk=sdk,
            sdk_version=sdk_version,
            policy=policy,
            allow_ended=allow_ended,
            today=today,
            resources=resources,
            skip_packages=skip_packages,
            errors=errors,
            relies=relies,
        )
        #: The middleware pinning this session's requests.
        self.middleware = VersionedMiddleware(self.negotiator)
        others = tuple(client_session_kwargs.pop("middlewares", None) or ())
        #: The ``aiohttp.ClientSession`` doing the I/O.
        self.session = aiohttp.ClientSession(
            middlewares=(*others, self.middleware), **client_session_kwargs
        )

    @property
    def base_url(self) -> str:
        """The API's base URL, as given."""
        return self.negotiator.base_url

    @property
    def closed(self) -> bool:
        """Whether the session is closed."""
        return self.session.closed

    async def close(self) -> None:
        """Close the session and its connections."""
        await self.session.close()

    async def __aenter__(self) -> VersionedClientSession:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()

    async def _send(
        self, method: str, url: str | URL, api_version: _Pin, kwargs: dict[str, Any]
    ) -> aiohttp.ClientResponse:
        negotiator = self.negotiator
        hops = _NEXT_HOP.set(types.MappingProxyType({}))  # redirects of this request only
        try:
            with negotiator.pinned(api_version):
                return await self.session.request(method, negotiator.resolve(str(url)), **kwargs)
        finally:
            _NEXT_HOP.reset(hops)

    def request(
        self, method: str, url: str | URL, *, api_version: _Pin = None, **kwargs: Any
    ) -> _RequestContext:
        """Send a request; ``api_version=`` overrides the pin for this request only.

        Returns what ``ClientSession.request`` returns: await it, or use it in
        ``async with``.

        Raises:
            ApiVersionEndOfLifeError, IncompatibleSdkVersionError,
            OperationNotAvailableError: Refused before sending.
            UnsupportedApiVersionError, ApiVersionRemovedError: The server
                rejected the version (also ``aiohttp.ClientResponseError``).
        """
        return _RequestContext(self._send(method, url, api_version, kwargs))

    def get(self, url: str | URL, *, api_version: _Pin = None, **kwargs: Any) -> _RequestContext:
        """``ClientSession.get``; ``api_version=`` overrides the pin for this request."""
        return self.request("GET", url, api_version=api_version, **kwargs)

    def options(
        self, url: str | URL, *, api_version: _Pin = None, **kwargs: Any
    ) -> _RequestContext:
        """``ClientSession.options``; ``api_version=`` overrides the pin for this request."""
        return self.request("OPTIONS", url, api_version=api_version, **kwargs)

    def head(self, url: str | URL, *, api_version: _Pin = None, **kwargs: Any) -> _RequestContext:
        """``ClientSession.head`` (no redirects by default, as aiohttp's); ``api_version=``."""
        kwargs.setdefault("allow_redirects", False)
        return self.request("HEAD", url, api_version=api_version, **kwargs)

    def post(self, url: str | URL, *, api_version: _Pin = None, **kwargs: Any) -> _RequestContext:
        """``ClientSession.post``; ``api_version=`` overrides the pin for this request."""
        return self.request("POST", url, api_version=api_version, **kwargs)

    def put(self, url: str | URL, *, api_version: _Pin = None, **kwargs: Any) -> _RequestContext:
        """``ClientSession.put``; ``api_version=`` overrides the pin for this request."""
        return self.request("PUT", url, api_version=api_version, **kwargs)

    def patch(self, url: str | URL, *, api_version: _Pin = None, **kwargs: Any) -> _RequestContext:
        """``ClientSession.patch``; ``api_version=`` overrides the pin for this request."""
        return self.request("PATCH", url, api_version=api_version, **kwargs)

    def delete(self, url: str | URL, *, api_version: _Pin = None, **kwargs: Any) -> _RequestContext:
        """``ClientSession.delete``; ``api_version=`` overrides the pin for this request."""
        return self.request("DELETE", url, api_version=api_version, **kwargs)
