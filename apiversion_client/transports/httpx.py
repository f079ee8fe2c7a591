"""The httpx transports: sync and async ``httpx`` transports that pin and inspect.

Needs the optional extra: ``pip install 'apiversion-client[httpx]'``.  The
package itself never imports this module; import it explicitly.

:class:`VersionedTransport` and :class:`AsyncVersionedTransport` wrap another
transport (``httpx.HTTPTransport()`` by default).  httpx calls the transport
once per redirect hop, so every hop is pinned and inspected.  The transport
sends a *copy* of the request with the version on it and never touches the
request httpx holds, from which httpx builds the next hop: the version never
rides along a redirect to another host.  :class:`VersionedClient` and
:class:`AsyncVersionedClient` mount the transport on the API's origin only,
so other hosts never pass through it; requests to that origin outside the
base URL's path pass through it untouched.

What the core found is attached to each response as attributes, with the same
names as on a requests response: ``api_version``, ``api_signals``,
``api_notices`` and ``api_request_id``.  Version errors are also
``httpx.HTTPStatusError``s, with ``.request`` (the request as sent, version
included) and ``.response`` (its body read).

Scoped pins (``with client.pinned("4"):``) live in a context variable, so they
hold per thread and per asyncio task.

This module only translates between httpx and the I/O-free core: all
decisions are :class:`~apiversion_client._core.Negotiator`'s.
"""

from __future__ import annotations

try:
    import httpx
except ImportError as exc:  # pragma: no cover - exercised in a subprocess test
    raise ImportError(
        "apiversion_client.transports.httpx needs httpx: pip install 'apiversion-client[httpx]'"
    ) from exc

import contextlib
import datetime as dt
import zlib
from collections.abc import AsyncIterator, Callable, Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

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
from apiversion_client.transports._clients import (
    RedirectHeaders,
    httpx_default_transport,
    httpx_keep_content,
    httpx_lines,
    httpx_mount,
    httpx_transport_for,
)
from apiversion_client.transports._views import NegotiatorViews

if TYPE_CHECKING:
    from apiversion_client._matrix import CompatibilityMatrix
    from apiversion_client._tripwire import Reliance, Tripwire

__all__ = [
    "AsyncVersionedClient",
    "AsyncVersionedTransport",
    "HttpxApiVersionRemovedError",
    "HttpxUnsupportedApiVersionError",
    "VersionedClient",
    "VersionedTransport",
]

# ------------------------------------------------------------------ errors


class _StatusError(httpx.HTTPStatusError):
    """``httpx.HTTPStatusError`` as the second parent of a library error.

    :class:`ApiVersionError` passes only the message up the MRO; the concrete
    classes set ``request`` once ``response`` is known.
    """

    def __init__(self, message: str) -> None:
        httpx.HTTPError.__init__(self, message)


class HttpxUnsupportedApiVersionError(UnsupportedApiVersionError, _StatusError):
    """An :class:`UnsupportedApiVersionError` that is also an ``httpx.HTTPStatusError``."""

    def __init__(
        self, message: str, *, response: httpx.Response | None = None, **details: Any
    ) -> None:
        super().__init__(message, response=response, **details)
        if response is not None:
            self.request = response.request


class HttpxApiVersionRemovedError(ApiVersionRemovedError, _StatusError):
    """An :class:`ApiVersionRemovedError` that is also an ``httpx.HTTPStatusError``."""

    def __init__(
        self, message: str, *, response: httpx.Response | None = None, **details: Any
    ) -> None:
        super().__init__(message, response=response, **details)
        if response is not None:
            self.request = response.request


_ERROR_CLASSES: dict[type[ApiVersionError], type[ApiVersionError]] = {
    UnsupportedApiVersionError: HttpxUnsupportedApiVersionError,
    ApiVersionRemovedError: HttpxApiVersionRemovedError,
}


# ------------------------------------------------------------ translation


def _names(negotiator: Negotiator) -> tuple[frozenset[bytes], frozenset[bytes]]:
    """The header names the core reads, as the bytes ``Headers.raw`` holds (lower-cased)."""
    return (
        frozenset(name.encode("latin-1") for name in negotiator.request_header_names),
        frozenset(name.encode("latin-1") for name in negotiator.response_header_names),
    )


def _outgoing(request: httpx.Request, prepared: Prepared, url_text: str) -> httpx.Request:
    """A copy of ``request`` with the pin on it; httpx keeps the original."""
    # httpx.Request copies the headers it is given; a URL it is given as a
    # string it parses again (several microseconds): reuse the parsed one when
    # the pin did not change the URL.
    url = request.url if prepared.url == url_text else prepared.url
    sent = httpx.Request(
        request.method,
        url,
        headers=request.headers,
        stream=request.stream,
        extensions=request.extensions,
    )
    for name, value in prepared.set_headers:
        sent.headers[name] = value
    if isinstance(request.stream, httpx.ByteStream):
        sent.read()  # an in-memory body: make ``.content`` available, as on the original
    return sent


class _PrefixedStream(httpx.SyncByteStream):
    """The chunks already read off the wire, then the rest of the original stream."""

    def __init__(self, chunks: list[bytes], rest: Iterator[bytes] | None, original: Any) -> None:
        self.chunks = chunks
        self.rest = rest  # None: the original is exhausted, ``chunks`` is the whole body
        self.original = original

    def __iter__(self) -> Iterator[bytes]:
        chunks, self.chunks = self.chunks, []
        yield from chunks
        if self.rest is not None:
            yield from self.rest

    def close(self) -> None:
        self.original.close()


class _AsyncPrefixedStream(httpx.AsyncByteStream):
    """The asyncio twin of :class:`_PrefixedStream`."""

    def __init__(
        self, chunks: list[bytes], rest: AsyncIterator[bytes] | None, original: Any
    ) -> None:
        self.chunks = chunks
        self.rest = rest
        self.original = original

    async def __aiter__(self) -> AsyncIterator[bytes]:
        chunks, self.chunks = self.chunks, []
        for chunk in chunks:
            yield chunk
        if self.rest is not None:
            async for chunk in self.rest:
                yield chunk

    async def aclose(self) -> None:
        await self.original.aclose()


def _take(response: httpx.Response, chunks: list[bytes]) -> bytes:
    """The body prefix for the core, decoded per its Content-Encoding, bounded.

    At most :data:`MAX_ERROR_BODY` decoded bytes are produced, whatever the
    compression ratio (a small gzip body can expand to gigabytes).  gzip and
    deflate are decoded here; a body in another encoding is not read by the
    core (its rules see no body), nor is one that cannot be decoded.
    """
    encoding = response.headers.get("content-encoding", "").strip().lower()
    if encoding in ("", "identity"):
        taken: list[bytes] = []
        size = 0
        for chunk in chunks:  # one copy of the prefix, not of the chunks read
            if size + len(chunk) >= MAX_ERROR_BODY:
                taken.append(chunk[: MAX_ERROR_BODY - size])
                break
            taken.append(chunk)
            size += len(chunk)
        return b"".join(taken)
    raw = b"".join(chunks)
    wbits = {"gzip": 16 + zlib.MAX_WBITS, "x-gzip": 16 + zlib.MAX_WBITS, "deflate": zlib.MAX_WBITS}
    if encoding not in wbits:
        return b""
    try:
        return zlib.decompressobj(wbits[encoding]).decompress(raw, MAX_ERROR_BODY)
    except zlib.error:
        if encoding == "deflate":  # some servers send raw deflate, without its header
            try:
                return zlib.decompressobj(-zlib.MAX_WBITS).decompress(raw, MAX_ERROR_BODY)
            except zlib.error:
                return b""
        return b""


def _error(decision: ErrorDecision, response: httpx.Response) -> Exception:
    return decision.build(response, cls=_ERROR_CLASSES[decision.exception_class])


class _Binding:
    """How the core reads, closes and raises for an httpx response.

    The core reads at most :data:`MAX_ERROR_BODY` bytes; the caller still reads
    the whole body.  A version error's response keeps its body when it is no
    longer than that, else only its first :data:`MAX_ERROR_BODY` bytes (its
    connection is released: the caller never sees the response otherwise).
    """

    def read_prefix(self, response: httpx.Response, limit: int) -> bytes:
        stream = response.stream
        assert isinstance(stream, httpx.SyncByteStream)  # httpx's own invariant
        rest: Iterator[bytes] | None = iter(stream)
        chunks: list[bytes] = []
        size = 0
        for chunk in rest:  # type: ignore[union-attr]
            chunks.append(chunk)
            size += len(chunk)
            if size >= limit:
                break
        else:
            rest = None
        response.stream = _PrefixedStream(chunks, rest, stream)
        return _take(response, chunks)

    def close(self, response: httpx.Response) -> None:
        response.close()

    def error(
        self,
        decision: ErrorDecision,
        response: httpx.Response,
        prepared: Prepared,
        *,
        returned: bool,
    ) -> Exception:
        if returned:  # the caller reads the body itself, as the server sent it
            return _error(decision, response)
        stream = response.stream
        if not isinstance(stream, _PrefixedStream):
            self.read_prefix(response, MAX_ERROR_BODY)
            stream = response.stream
        assert isinstance(stream, _PrefixedStream)
        if stream.rest is not None:
            stream.original.close()
            stream.rest = None
        # Not response.read(): httpx would decode the whole prefix, and a
        # compressed MiB can hold gigabytes.  The error keeps what the core read.
        chunks, stream.chunks = stream.chunks, []
        httpx_keep_content(response, _take(response, chunks))
        del chunks  # only the prefix stays
        response.close()
        return _error(decision, response)


class _AsyncBinding:
    """How the core reads, closes and raises for an httpx response, in asyncio."""

    async def read_prefix(self, response: httpx.Response, limit: int) -> bytes:
        stream = response.stream
        assert isinstance(stream, httpx.AsyncByteStream)  # httpx's own invariant
        rest: AsyncIterator[bytes] | None = stream.__aiter__()
        chunks: list[bytes] = []
        size = 0
        async for chunk in rest:  # type: ignore[union-attr]
            chunks.append(chunk)
            size += len(chunk)
            if size >= limit:
                break
        else:
            rest = None
        response.stream = _AsyncPrefixedStream(chunks, rest, stream)
        return _take(response, chunks)

    async def close(self, response: httpx.Response) -> None:
        await response.aclose()

    async def error(
        self,
        decision: ErrorDecision,
        response: httpx.Response,
        prepared: Prepared,
        *,
        returned: bool,
    ) -> Exception:
        if returned:  # the caller reads the body itself, as the server sent it
            return _error(decision, response)
        stream = response.stream
        if not isinstance(stream, _AsyncPrefixedStream):
            await self.read_prefix(response, MAX_ERROR_BODY)
            stream = response.stream
        assert isinstance(stream, _AsyncPrefixedStream)
        if stream.rest is not None:
            await stream.original.aclose()
            stream.rest = None
        chunks, stream.chunks = stream.chunks, []
        httpx_keep_content(response, _take(response, chunks))  # see _Binding.error
        del chunks
        await response.aclose()
        return _error(decision, response)


_BINDING = _Binding()
_ASYNC_BINDING = _AsyncBinding()


# -------------------------------------------------------------- transports


_Pin = str | ApiVersion | None


class VersionedTransport(NegotiatorViews, httpx.BaseTransport):
    """An ``httpx`` transport that pins the API version and reads what the server says.

    The response comes back as the wrapped transport gave it (its body not
    read), unless the core needs the body of an error response: then at most
    its first mebibyte is read, and the caller still reads the whole body.

    Args:
        negotiator: The core that decides (see :meth:`create`).
        transport: The transport that does the I/O; default ``httpx.HTTPTransport()``.

    In a client of your own, mount it on the API's origin.  A plain
    ``httpx.Client`` follows a redirect to another origin with the request's
    headers, version headers included (it drops only ``Authorization``):
    :class:`VersionedClient` drops them too, a bare transport cannot (it never
    sees the hop's origin change).  The version error of a call keeps the
    first mebibyte of the body (the transport cannot tell a streaming call).

    Example:
        >>> transport = VersionedTransport.create("https://api.example.com",
        ...                                       profile="github", api_version="2022-11-28")
        >>> client = httpx.Client(mounts={"https://api.example.com": transport})
    """

    def __init__(
        self, negotiator: Negotiator, transport: httpx.BaseTransport | None = None
    ) -> None:
        self.negotiator = negotiator
        self.transport = transport if transport is not None else httpx.HTTPTransport()
        self._request_names, self._response_names = _names(negotiator)

    @classmethod
    def create(
        cls, base_url: str, *, transport: httpx.BaseTransport | None = None, **kwargs: Any
    ) -> VersionedTransport:
        """Build a transport and its negotiator from :class:`VersionedClient`'s keywords."""
        return cls(Negotiator(base_url, **kwargs), transport)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        """Pin, send, inspect; raise what the core says to raise."""
        negotiator = self.negotiator
        url_text = str(request.url)
        lines = httpx_lines(request.headers, self._request_names)
        prepared = negotiator.start(request.method, url_text, lines)
        if not prepared.in_scope:
            return self.transport.handle_request(request)
        sent = _outgoing(request, prepared, url_text)
        response = self.transport.handle_request(sent)
        response.request = sent
        lines = httpx_lines(response.headers, self._response_names)
        negotiator.finish(_BINDING, prepared, response, response.status_code, lines)
        return response

    def close(self) -> None:
        """Close the wrapped transport."""
        self.transport.close()


class AsyncVersionedTransport(NegotiatorViews, httpx.AsyncBaseTransport):
    """The asyncio twin of :class:`VersionedTransport`.

    Args:
        negotiator: The core that decides (see :meth:`create`).
        transport: The transport that does the I/O; default ``httpx.AsyncHTTPTransport()``.
    """

    def __init__(
        self, negotiator: Negotiator, transport: httpx.AsyncBaseTransport | None = None
    ) -> None:
        self.negotiator = negotiator
        self.transport = transport if transport is not None else httpx.AsyncHTTPTransport()
        self._request_names, self._response_names = _names(negotiator)

    @classmethod
    def create(
        cls, base_url: str, *, transport: httpx.AsyncBaseTransport | None = None, **kwargs: Any
    ) -> AsyncVersionedTransport:
        """Build a transport and its negotiator from :class:`VersionedClient`'s keywords."""
        return cls(Negotiator(base_url, **kwargs), transport)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """Pin, send, inspect; raise what the core says to raise."""
        negotiator = self.negotiator
        url_text = str(request.url)
        lines = httpx_lines(request.headers, self._request_names)
        prepared = negotiator.start(request.method, url_text, lines)
        if not prepared.in_scope:
            return await self.transport.handle_async_request(request)
        sent = _outgoing(request, prepared, url_text)
        response = await self.transport.handle_async_request(sent)
        response.request = sent
        lines = httpx_lines(response.headers, self._response_names)
        await negotiator.finish_async(
            _ASYNC_BINDING, prepared, response, response.status_code, lines
        )
        return response

    async def aclose(self) -> None:
        """Close the wrapped transport."""
        await self.transport.aclose()


# ----------------------------------------------------------------- clients


def _origin(base_url: str) -> str:
    url = httpx.URL(base_url)
    return f"{url.scheme}://{url.netloc.decode('ascii')}"


# The keywords httpx.Client builds its own default transport from.
_TRANSPORT_KEYWORDS = ("verify", "cert", "trust_env", "http1", "http2", "limits")


def _wrap_api_transport(
    client: Any,
    base_url: str,
    httpx_kwargs: Mapping[str, Any],
    default: Callable[..., Any],
    wrap: Callable[[Negotiator, Any], Any],
) -> Any:
    """Mount ``wrap(negotiator, transport)`` on the API's origin of a built client.

    The transport wrapped is the one httpx would use for the base URL: a
    caller's mount (``all://`` and wildcards included), a proxy from
    ``proxy=`` or the environment (``HTTPS_PROXY``, ``NO_PROXY``), or
    ``transport=``.  Where that is httpx's own default transport, a twin is
    built from the same keywords: a transport in two places of a client is
    wrapped twice by instrumentation that wraps them all (OpenTelemetry's).
    """
    inner = httpx_transport_for(client, base_url)
    if inner is httpx_default_transport(client) and httpx_kwargs.get("transport") is None:
        inner = default(**{k: httpx_kwargs[k] for k in _TRANSPORT_KEYWORDS if k in httpx_kwargs})
    api_transport = wrap(client.negotiator, inner)
    httpx_mount(client, _origin(base_url), api_transport)
    return api_transport


class VersionedClient(RedirectHeaders, NegotiatorViews, httpx.Client):
    """An ``httpx.Client`` that pins an API version and reads what the server says.

    Args:
        base_url: The API's base URL (httpx's ``base_url``: ``client.get("/projects")``
            lands below it).
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
        **httpx_kwargs: Passed to ``httpx.Client``.  A ``transport=`` (or a mount
            on the API's origin) is wrapped for the API's origin; ``verify``,
            ``cert``, ``http2``, ``limits``, ``proxy``... shape the default one.
            Environment proxies do not apply to the API's origin: pass ``proxy=``.

    Every request method takes ``api_version=`` to override the pin for one
    request; ``with client.pinned("4"):`` overrides it for a block.

    Example:
        >>> client = VersionedClient("https://api.example.com", profile="github",
        ...                          api_version="2022-11-28")
        >>> client.api_version
        ApiVersion('2022-11-28')
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
        **httpx_kwargs: Any,
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
        super().__init__(base_url=base_url, **httpx_kwargs)
        #: The transport pinning and inspecting the API's requests (mounted on its origin).
        self.api_transport: VersionedTransport = _wrap_api_transport(
            self,
            base_url,
            httpx_kwargs,
            httpx.HTTPTransport,
            VersionedTransport,
        )

    def request(
        self,
        method: str,
        url: httpx.URL | str,
        *,
        api_version: _Pin = None,
        **kwargs: Any,
    ) -> httpx.Response:
        """Send a request; ``api_version=`` overrides the pin for this request only.

        Raises:
            ApiVersionEndOfLifeError, IncompatibleSdkVersionError,
            OperationNotAvailableError: Refused before sending.
            UnsupportedApiVersionError, ApiVersionRemovedError: The server
                rejected the version (also ``httpx.HTTPStatusError``).
        """
        with self._scope(api_version):
            return super().request(method, url, **kwargs)

    @contextlib.contextmanager
    def stream(
        self,
        method: str,
        url: httpx.URL | str,
        *,
        api_version: _Pin = None,
        **kwargs: Any,
    ) -> Iterator[httpx.Response]:
        """As ``httpx.Client.stream``; ``api_version=`` overrides the pin for this request."""
        with self._scope(api_version), super().stream(method, url, **kwargs) as r:
            yield r

    def get(
        self, url: httpx.URL | str, *, api_version: _Pin = None, **kwargs: Any
    ) -> httpx.Response:
        """``httpx.Client.get``; ``api_version=`` overrides the pin for this request."""
        with self._scope(api_version):
            return super().get(url, **kwargs)

    def options(
        self, url: httpx.URL | str, *, api_version: _Pin = None, **kwargs: Any
    ) -> httpx.Response:
        """``httpx.Client.options``; ``api_version=`` overrides the pin for this request."""
        with self._scope(api_version):
            return super().options(url, **kwargs)

    def head(
        self, url: httpx.URL | str, *, api_version: _Pin = None, **kwargs: Any
    ) -> httpx.Response:
        """``httpx.Client.head``; ``api_version=`` overrides the pin for this request."""
        with self._scope(api_version):
            return super().head(url, **kwargs)

    def post(
        self, url: httpx.URL | str, *, api_version: _Pin = None, **kwargs: Any
    ) -> httpx.Response:
        """``httpx.Client.post``; ``api_version=`` overrides the pin for this request."""
        with self._scope(api_version):
            return super().post(url, **kwargs)

    def put(
        self, url: httpx.URL | str, *, api_version: _Pin = None, **kwargs: Any
    ) -> httpx.Response:
        """``httpx.Client.put``; ``api_version=`` overrides the pin for this request."""
        with self._scope(api_version):
            return super().put(url, **kwargs)

    def patch(
        self, url: httpx.URL | str, *, api_version: _Pin = None, **kwargs: Any
    ) -> httpx.Response:
        """``httpx.Client.patch``; ``api_version=`` overrides the pin for this request."""
        with self._scope(api_version):
            return super().patch(url, **kwargs)

    def delete(
        self, url: httpx.URL | str, *, api_version: _Pin = None, **kwargs: Any
    ) -> httpx.Response:
        """``httpx.Client.delete``; ``api_version=`` overrides the pin for this request."""
        with self._scope(api_version):
            return super().delete(url, **kwargs)


class AsyncVersionedClient(RedirectHeaders, NegotiatorViews, httpx.AsyncClient):
    """An ``httpx.AsyncClient`` that pins an API version and reads what the server says.

    Takes the same arguments as :class:`VersionedClient` (``**httpx_kwargs`` go
    to ``httpx.AsyncClient``).  ``with client.pinned("4"):`` holds in the
    asyncio task that enters it, and in the tasks that task creates inside the
    block; other tasks keep their own pin.
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
        **httpx_kwargs: Any,
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
        super().__init__(base_url=base_url, **httpx_kwargs)
        #: The transport pinning and inspecting the API's requests (mounted on its origin).
        self.api_transport: AsyncVersionedTransport = _wrap_api_transport(
            self,
            base_url,
            httpx_kwargs,
            httpx.AsyncHTTPTransport,
            AsyncVersionedTransport,
        )

    async def request(
        self,
        method: str,
        url: httpx.URL | str,
        *,
        api_version: _Pin = None,
        **kwargs: Any,
    ) -> httpx.Response:
        """Send a request; ``api_version=`` overrides the pin for this request only.

        Raises:
            ApiVersionEndOfLifeError, IncompatibleSdkVersionError,
            OperationNotAvailableError: Refused before sending.
            UnsupportedApiVersionError, ApiVersionRemovedError: The server
                rejected the version (also ``httpx.HTTPStatusError``).
        """
        with self._scope(api_version):
            return await super().request(method, url, **kwargs)

    @contextlib.asynccontextmanager
    async def stream(
        self,
        method: str,
        url: httpx.URL | str,
        *,
        api_version: _Pin = None,
        **kwargs: Any,
    ) -> AsyncIterator[httpx.Response]:
        """As ``httpx.AsyncClient.stream``; ``api_version=`` overrides the pin for this request."""
        with self._scope(api_version):
            async with super().stream(method, url, **kwargs) as response:
                yield response

    async def get(
        self, url: httpx.URL | str, *, api_version: _Pin = None, **kwargs: Any
    ) -> httpx.Response:
        """``httpx.AsyncClient.get``; ``api_version=`` overrides the pin for this request."""
        with self._scope(api_version):
            return await super().get(url, **kwargs)

    async def options(
        self, url: httpx.URL | str, *, api_version: _Pin = None, **kwargs: Any
    ) -> httpx.Response:
        """``httpx.AsyncClient.options``; ``api_version=`` overrides the pin for this request."""
        with self._scope(api_version):
            return await super().options(url, **kwargs)

    async def head(
        self, url: httpx.URL | str, *, api_version: _Pin = None, **kwargs: Any
    ) -> httpx.Response:
        """``httpx.AsyncClient.head``; ``api_version=`` overrides the pin for this request."""
        with self._scope(api_version):
            return await super().head(url, **kwargs)

    async def post(
        self, url: httpx.URL | str, *, api_version: _Pin = None, **kwargs: Any
    ) -> httpx.Response:
        """``httpx.AsyncClient.post``; ``api_version=`` overrides the pin for this request."""
        with self._scope(api_version):
            return await super().post(url, **kwargs)

    async def put(
        self, url: httpx.URL | str, *, api_version: _Pin = None, **kwargs: Any
    ) -> httpx.Response:
        """``httpx.AsyncClient.put``; ``api_version=`` overrides the pin for this request."""
        with self._scope(api_version):
            return await super().put(url, **kwargs)

    async def patch(
        self, url: httpx.URL | str, *, api_version: _Pin = None, **kwargs: Any
    ) -> httpx.Response:
        """``httpx.AsyncClient.patch``; ``api_version=`` overrides the pin for this request."""
        with self._scope(api_version):
            return await super().patch(url, **kwargs)

    async def delete(
        self, url: httpx.URL | str, *, api_version: _Pin = None, **kwargs: Any
    ) -> httpx.Response:
        """``httpx.AsyncClient.delete``; ``api_version=`` overrides the pin for this request."""
        with self._scope(api_version):
            return await super().delete(url, **kwargs)
