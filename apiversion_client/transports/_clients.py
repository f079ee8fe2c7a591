"""Everything this library knows of the client libraries' internals, in one place.

The transports translate between a client library and the core through
public APIs where those suffice.  Where they do not (or cost too much on every
request), the knowledge of a private detail lives here, and
``tests/transports/test_client_internals.py`` pins each one, so that a new
release of requests, urllib3 or httpx that changes it fails a test instead of
misbehaving:

* urllib3 ``HTTPHeaderDict._container``: lower-cased name ->
  ``[name as sent, value, value...]``; read to hand the core every header line
  (a repeated name kept as separate lines) without a lookup per name.
* urllib3 ``HTTPResponse._fp`` (the ``http.client`` response it reads from:
  ``read``, ``read1``, ``isclosed``, ``closed``, ``length``), ``chunked``,
  ``CONTENT_DECODERS``, ``urllib3.response._get_decoder`` (``decompress(data,
  max_length)``) and ``_body``: a body prefix the core read is replayed from
  ``_fp`` (a compressed one decoded for the core from a copy), so the caller
  reads the whole body (``read()``, ``read(n)``, ``stream()``, ``.data``, with
  or without decoding) as if nobody had touched it; the error of a streaming
  call keeps the decoded prefix as its body (``_body``).  Used by the requests
  and urllib3 transports (requests' ``response.raw`` is a urllib3 response).
* requests ``Response._content`` and ``_content_consumed``: the kept prefix
  of a streaming call's error is its ``content``.
* requests ``CaseInsensitiveDict._store`` (lower-cased name -> ``(name,
  value)``; a copy made here holds a plain dict, which every method of
  ``CaseInsensitiveDict`` reads alike) and ``PreparedRequest``'s attributes (``_cookies``,
  ``_body_position``): the request is copied before the pin goes on it, so
  that requests builds the next redirect hop from a request without it.
* urllib3 ``PoolManager.pools._maxsize`` (its ``num_pools``) and a
  ``ProxyManager``'s ``connection_pool_kw`` entries that it adds itself
  (``_proxy``, ``_proxy_headers``, ``_proxy_config``), which are left out when
  its settings are copied.
* requests ``HTTPAdapter``'s ``_pool_connections``, ``_pool_maxsize`` and
  ``_pool_block`` (listed in its ``__attrs__``): ``mount()`` keeps the pool
  sizes of the adapter it replaces.
* httpx ``BaseClient._redirect_headers(request, url, method)``: extended to
  drop the profile's version headers on a hop to another origin, as httpx
  drops ``Authorization``.
* httpx ``Response._content``: what ``read()``, ``content``, ``text`` and
  ``iter_bytes()`` return once set; a version error's response keeps the
  bounded, decoded prefix the core read there (``read()`` would decode the
  whole compressed prefix: a gzip bomb).
* httpx ``Client._transport_for_url(url)``, ``_transport`` and ``_mounts`` (``URLPattern`` ->
  transport or ``None``, kept sorted most specific first, ``URLPattern`` from
  ``httpx._utils``): a versioned client wraps the transport httpx itself would
  use for the API (a caller's mount, ``all://`` included; a proxy from the
  environment; ``transport=``) and mounts the wrapper on the API's origin.
"""

from __future__ import annotations

import collections
import http.client
from typing import Any

__all__ = [
    "RedirectHeaders",
    "adapter_settings",
    "copy_prepared",
    "httpx_default_transport",
    "httpx_keep_content",
    "httpx_lines",
    "httpx_mount",
    "httpx_transport_for",
    "keep_prefix_requests",
    "keep_prefix_urllib3",
    "pool_manager_settings",
    "read_prefix_urllib3",
    "requests_header_lines",
    "urllib3_lines",
]


# ------------------------------------------------------------------ urllib3


def urllib3_lines(headers: Any, names: frozenset[str]) -> list[tuple[str, str]]:
    """The lines of a urllib3 ``HTTPHeaderDict`` (or any mapping) whose name is in ``names``.

    ``names`` are lower-case; every line of each name is kept, in order.
    """
    container = getattr(headers, "_container", None)
    lines: list[tuple[str, str]] = []
    if type(container) is dict:
        get = container.get
        for name in names:
            values = get(name)
            if values is not None:
                if len(values) == 2:
                    lines.append((name, values[1]))
                else:
                    lines.extend((name, value) for value in values[1:])
        return lines
    if hasattr(headers, "items"):
        return [(name, value) for name, value in headers.items() if name.lower() in names]
    return lines


def pool_manager_settings(pool_manager: Any) -> dict[str, Any]:
    """The keywords that build a urllib3 ``PoolManager`` (or ``ProxyManager``) like this one.

    ``connection_pool_kw`` and ``headers`` are public attributes; ``num_pools``
    is the bound of its ``pools`` container (``_maxsize``), and a proxy manager's
    settings are its ``proxy``, ``proxy_headers``, ``proxy_ssl_context`` and
    ``proxy_config``.
    """
    settings: dict[str, Any] = dict(pool_manager.connection_pool_kw)
    settings["headers"] = pool_manager.headers
    settings["num_pools"] = getattr(pool_manager.pools, "_maxsize", 10)
    proxy = getattr(pool_manager, "proxy", None)
    if proxy is not None:
        config = pool_manager.proxy_config
        settings.update(
            proxy_url=str(proxy),
            proxy_headers=pool_manager.proxy_headers,
            proxy_ssl_context=config.ssl_context,
            use_forwarding_for_https=config.use_forwarding_for_https,
            proxy_assert_hostname=config.assert_hostname,
            proxy_assert_fingerprint=config.assert_fingerprint,
        )
    for name in ("_proxy", "_proxy_headers", "_proxy_config"):  # ProxyManager adds them itself
        settings.pop(name, None)
    return settings


def read_prefix_urllib3(response: Any, limit: int) -> bytes:
    """Read at most ``limit`` decoded bytes of a urllib3 response, and put them back.

    The caller still reads the whole body afterwards, by any of urllib3's ways
    (``read()``, ``read(n)``, with or without ``decode_content``, ``stream()``,
    ``.data``), as if nobody had touched it.  A response whose body was already
    read (preloaded) gives that body's prefix.

    The body's bytes are read from the ``http.client`` response underneath
    (``_fp``, which undoes the chunked framing) and replayed from there
    (:class:`_Replay`): urllib3 counts, decodes and streams them as if they came
    from the socket.  A compressed body is decoded for the core from a copy,
    with a decoder of its own, and at most ``limit`` bytes of it (a gzip bomb
    costs no more).  An error met while reading (a body cut short) is raised
    to the caller on the read that reaches it, as the plain client would.
    urllib3's own chunk reader is switched off (``chunked``): ``http.client``
    goes on undoing the chunked framing, which it began.
    """
    body = getattr(response, "_body", None)
    if isinstance(body, bytes):
        return body[:limit]
    fp = getattr(response, "_fp", None)
    if fp is None:
        return b""
    try:
        decoder = _fresh_decoder(response)
    except Exception:  # a coding urllib3 refuses: the caller's own read meets it, as plainly
        return b""
    # Compressed: enough raw bytes for ``limit`` decoded ones (no coding urllib3
    # decodes grows data by more than a little, so twice the bound is plenty).
    raw_bound = limit if decoder is None else 2 * limit + 64 * 1024
    chunks: list[bytes] = []
    size = 0
    decoded: list[bytes] = []
    decoded_size = 0
    error: Exception | None = None
    try:
        while size < raw_bound and decoded_size < limit:
            data = fp.read(
                raw_bound - size if decoder is None else min(64 * 1024, raw_bound - size)
            )
            if not data:
                break
            chunks.append(data)
            size += len(data)
            if decoder is None:
                decoded_size = size
                continue
            try:
                piece = decoder.decompress(data, max_length=limit - decoded_size)
            except Exception:  # the caller's own read meets it: the core reads no more
                break
            decoded.append(piece)
            decoded_size += len(piece)
    except Exception as exc:  # raised again to the caller, after the prefix
        error = exc
    raw = b"".join(chunks)
    del chunks
    remaining = getattr(fp, "length", None)  # of a Content-Length body, what never came
    ended = size < raw_bound and decoded_size < limit
    if error is None and ended and isinstance(remaining, int) and remaining > 0:
        # http.client closes a body cut short quietly when read in parts; the
        # caller's own read would have met the end (urllib3 raises there).
        error = http.client.IncompleteRead(raw, remaining)
    prefix = raw[:limit] if decoder is None else b"".join(decoded)[:limit]
    if raw or error is not None:
        response._fp = _Replay(fp, raw, error, prefix)
    response.chunked = False
    return prefix


def _fresh_decoder(response: Any) -> Any:
    """A decoder of the response's content coding, as urllib3 picks it; None for none."""
    coding = str(response.headers.get("content-encoding", "")).lower()
    known = getattr(response, "CONTENT_DECODERS", ())
    if not coding or not (
        coding in known
        or ("," in coding and any(part.strip() in known for part in coding.split(",")))
    ):
        return None
    from urllib3.response import _get_decoder

    return _get_decoder(coding)


class _Replay:
    """A urllib3 response's ``_fp``: the bytes the core read first, then the rest.

    Everything else (``fp``, ``length``, ``fileno()``...) is the wrapped
    ``http.client`` response's.  An error met while the core read is raised
    once the bytes are served (at once by ``read()``, which reads it all, as
    ``http.client`` raises for a body cut short).  The bytes are served from
    one buffer by offset: no copy but of what each read returns.
    """

    def __init__(self, fp: Any, prefix: bytes, error: Exception | None, seen: bytes) -> None:
        self._wrapped = fp
        self._prefix = memoryview(prefix)
        self._error = error
        #: What the core read of the body, decoded.
        self.seen = seen

    def __getattr__(self, name: str) -> Any:
        return getattr(self._wrapped, name)

    def take_prefix(self) -> bytes:
        """What the core read, decoded; the bytes not served yet (and any error) are dropped."""
        self._prefix, self._error = memoryview(b""), None
        return self.seen

    def _served(self, amt: int) -> bytes:
        data = bytes(self._prefix[:amt])
        self._prefix = self._prefix[amt:]
        return data

    def _rest(self, amt: int | None, read1: bool = False) -> bytes:
        error = self._error
        if error is not None:
            self._error = None
            raise error
        fp = self._wrapped
        if read1:
            return bytes(fp.read1(amt) if amt is not None else fp.read1())
        return bytes(fp.read(amt) if amt is not None else fp.read())

    def read(self, amt: int | None = None) -> bytes:
        if amt is None or amt < 0:
            if self._error is not None:
                self._prefix = memoryview(b"")
                return self._rest(None)
            return self._served(len(self._prefix)) + self._rest(None)
        if len(self._prefix):
            return self._served(amt)
        return self._rest(amt)

    def read1(self, amt: int | None = None) -> bytes:
        if len(self._prefix):
            return self._served(amt if amt is not None and amt >= 0 else len(self._prefix))
        return self._rest(amt, read1=True)

    def isclosed(self) -> bool:
        if len(self._prefix) or self._error is not None:
            return False
        return bool(self._wrapped.isclosed())

    @property
    def closed(self) -> bool:
        if len(self._prefix) or self._error is not None:
            return False
        return bool(getattr(self._wrapped, "closed", False))

    def close(self) -> None:
        self._prefix, self._error = memoryview(b""), None
        self._wrapped.close()


def keep_prefix_urllib3(response: Any, limit: int) -> bytes:
    """Keep at most ``limit`` decoded bytes of a urllib3 response's body; close its connection.

    For an error raised from a streaming call: nobody will stream the rest, and
    the connection must not wait for a caller who never got the response.  The
    prefix becomes the response's body (``.data``); it is also returned.
    """
    body = getattr(response, "_body", None)
    if isinstance(body, bytes):
        return body  # preloaded: the body is read already
    if not isinstance(getattr(response, "_fp", None), _Replay):
        read_prefix_urllib3(response, limit)
    fp = getattr(response, "_fp", None)
    prefix = fp.take_prefix() if isinstance(fp, _Replay) else b""
    response.close()
    # Give the (closed) connection back to its pool, or a pool of one stays empty.
    response.release_conn()
    response._body = prefix
    return prefix


# ----------------------------------------------------------------- requests


def keep_prefix_requests(response: Any, limit: int) -> None:
    """:func:`keep_prefix_urllib3` for a requests response: the prefix is its ``content``."""
    response._content = keep_prefix_urllib3(response.raw, limit)
    response._content_consumed = True


def requests_header_lines(headers: Any, names: frozenset[str]) -> Any:
    """The lines of a requests request's headers whose name is in ``names`` (lower-case).

    Looked up in the store of requests' ``CaseInsensitiveDict`` (lower-cased
    name -> ``(name as set, value)``); any other mapping (a plain dict a hook
    put there) is read as its items.
    """
    store = getattr(headers, "_store", None)
    if type(store) is collections.OrderedDict or type(store) is dict:
        if store.keys().isdisjoint(names):
            return ()
        return [store[name] for name in names if name in store]
    if not headers:
        return ()
    return [(name, value) for name, value in headers.items() if str(name).lower() in names]


def adapter_settings(adapter: Any) -> dict[str, Any]:
    """The settings of a requests ``HTTPAdapter`` another adapter must keep when it replaces it.

    ``max_retries`` (a ``Retry`` such as PyGithub's ``GithubRetry``) and the pool
    sizes (cognite-sdk's pool of 50), read from the attributes requests itself
    pickles (``HTTPAdapter.__attrs__``).  Anything else is not an HTTPAdapter's.
    """
    from requests.adapters import HTTPAdapter

    if not isinstance(adapter, HTTPAdapter):
        return {}
    names = {
        "max_retries": "max_retries",
        "pool_connections": "_pool_connections",
        "pool_maxsize": "_pool_maxsize",
        "pool_block": "_pool_block",
    }
    return {
        keyword: getattr(adapter, name) for keyword, name in names.items() if hasattr(adapter, name)
    }


_REQUESTS: tuple[Any, Any] | None = None


def _requests_types() -> tuple[Any, Any]:
    """Requests' ``PreparedRequest`` and ``CaseInsensitiveDict``, imported on first use."""
    global _REQUESTS
    import requests
    from requests.structures import CaseInsensitiveDict

    _REQUESTS = (requests.PreparedRequest, CaseInsensitiveDict)
    return _REQUESTS


def copy_prepared(request: Any, set_headers: tuple[tuple[str, str], ...], url: str) -> Any:
    """A copy of a requests ``PreparedRequest`` with ``set_headers`` set and ``url``.

    What ``PreparedRequest.copy()`` copies, attribute by attribute, except the
    cookie jar, which is shared (copying it costs more than the request).
    The header store is copied as a dict; a plain dict of headers (a hook or
    an auth that replaced them) becomes a ``CaseInsensitiveDict``.
    """
    prepared_request, CaseInsensitiveDict = _REQUESTS or _requests_types()
    outgoing = prepared_request.__new__(prepared_request)
    headers = request.headers
    store = getattr(headers, "_store", None) if type(headers) is CaseInsensitiveDict else None
    if type(store) is collections.OrderedDict or type(store) is dict:
        # A plain dict is a store CaseInsensitiveDict works with, and cheaper to copy.
        copied = CaseInsensitiveDict.__new__(CaseInsensitiveDict)
        store = copied._store = dict(store)
        for name, value in set_headers:
            store[name.lower()] = (name, value)
    else:
        copied = CaseInsensitiveDict(headers or {})
        for name, value in set_headers:
            copied[name] = value
    outgoing.method = request.method
    outgoing.url = url
    outgoing.headers = copied
    outgoing._cookies = request._cookies
    outgoing.body = request.body
    outgoing.hooks = request.hooks
    outgoing._body_position = request._body_position
    return outgoing


# -------------------------------------------------------------------- httpx


def httpx_lines(headers: Any, names: frozenset[bytes]) -> list[tuple[str, str]]:
    """The lines of an ``httpx.Headers`` whose lower-cased name is in ``names`` (bytes).

    Read from the public ``Headers.raw`` (name as sent, value, both bytes),
    decoding only the lines wanted; ``multi_items()`` decodes every line, and
    looks the encoding up for each.
    """
    return [
        (name.decode("latin-1"), value.decode("latin-1"))
        for name, value in headers.raw
        if name.lower() in names
    ]


class RedirectHeaders:
    """Mixed into httpx clients: a hop to another origin drops the version headers.

    httpx builds each redirect hop from the previous request's headers and drops
    only ``Authorization`` on the way to another origin; a version header the
    caller set must not follow either.  Needs ``self.negotiator``.
    """

    negotiator: Any

    def _redirect_headers(self, request: Any, url: Any, method: str) -> Any:
        headers = super()._redirect_headers(request, url, method)  # type: ignore[misc]
        if not self.negotiator.base.same_origin(str(url)):
            for name in self.negotiator.version_headers:
                headers.pop(name, None)
        return headers


def httpx_transport_for(client: Any, url: str) -> Any:
    """The transport ``client`` (an httpx client) sends a request for ``url`` through."""
    import httpx

    return client._transport_for_url(httpx.URL(url))


def httpx_default_transport(client: Any) -> Any:
    """The transport an httpx client uses where no mount applies."""
    return client._transport


def httpx_keep_content(response: Any, body: bytes) -> None:
    """Make ``body`` what an httpx response's ``read()`` and ``content`` give."""
    response._content = body


def httpx_mount(client: Any, origin: str, transport: Any) -> None:
    """Mount ``transport`` on ``origin`` of an httpx client that is already built.

    Replaces a mount of the same pattern; the mounts stay sorted as httpx keeps
    them (the most specific pattern first).
    """
    from httpx._utils import URLPattern

    mounts = dict(client._mounts)
    mounts[URLPattern(origin)] = transport
    client._mounts = dict(sorted(mounts.items()))
