"""The requests transport: an ``HTTPAdapter`` that pins and inspects.

Every request to the API, including each redirect hop, passes through
:class:`VersionedAdapter.send`, because requests picks the adapter by URL
prefix for every hop.  The adapter works on a *copy* of the prepared request,
so the version header never rides along a redirect to another host (requests
builds each hop from the original request, which this adapter never touches).

This module only translates between requests and the I/O-free core: all
decisions are :class:`~apiversion_client._core.Negotiator`'s.
"""

from __future__ import annotations

import collections
import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import requests
from requests.adapters import HTTPAdapter
from requests.structures import CaseInsensitiveDict

from apiversion_client._core import Negotiator, Prepared
from apiversion_client._exceptions import (
    ApiVersionError,
    ApiVersionRemovedError,
    UnsupportedApiVersionError,
)
from apiversion_client._policy import Policy
from apiversion_client._versions import ApiVersion
from apiversion_client.profiles import Profile
from apiversion_client.transports._lines import inspect_urllib3
from apiversion_client.transports._views import NegotiatorViews

if TYPE_CHECKING:
    from apiversion_client._matrix import CompatibilityMatrix

__all__ = [
    "RequestsApiVersionRemovedError",
    "RequestsUnsupportedApiVersionError",
    "VersionedAdapter",
    "VersionedSession",
    "mount",
]


class RequestsUnsupportedApiVersionError(UnsupportedApiVersionError, requests.HTTPError):
    """An :class:`UnsupportedApiVersionError` that is also a ``requests.HTTPError``."""


class RequestsApiVersionRemovedError(ApiVersionRemovedError, requests.HTTPError):
    """An :class:`ApiVersionRemovedError` that is also a ``requests.HTTPError``."""


_ERROR_CLASSES: dict[type[ApiVersionError], type[ApiVersionError]] = {
    UnsupportedApiVersionError: RequestsUnsupportedApiVersionError,
    ApiVersionRemovedError: RequestsApiVersionRemovedError,
}


class VersionedAdapter(NegotiatorViews, HTTPAdapter):
    """An ``HTTPAdapter`` that pins the API version and reads what the server says.

    Mount it on the API's base URL (or use :func:`mount` / :class:`VersionedSession`).
    Requests it sees outside the base URL pass through untouched.

    Args:
        negotiator: The core that decides; build it with the same keyword
            arguments as :class:`VersionedSession` through :meth:`create`.
        **kwargs: Passed to ``HTTPAdapter`` (``pool_connections``, ``max_retries``...).
    """

    def __init__(self, negotiator: Negotiator, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.negotiator = negotiator

    @classmethod
    def create(cls, base_url: str, **kwargs: Any) -> VersionedAdapter:
        """Build an adapter and its negotiator from :class:`VersionedSession`'s keywords."""
        adapter_kwargs = kwargs.pop("adapter_kwargs", None) or {}
        return cls(Negotiator(base_url, **kwargs), **adapter_kwargs)

    def send(
        self,
        request: requests.PreparedRequest,
        stream: bool = False,
        timeout: Any = None,
        verify: bool | str = True,
        cert: Any = None,
        proxies: Any = None,
    ) -> requests.Response:
        """Pin, send, inspect; raise what the core says to raise."""
        negotiator = self.negotiator
        headers: Any = request.headers
        store = _store_of(headers)
        if store is not None and store.keys().isdisjoint(negotiator.request_header_names):
            headers = ()  # no version header of its own: nothing for prepare to look up
        prepared = negotiator.prepare(
            request.method or "GET", request.url or "", headers, case_insensitive=True
        )
        if not prepared.in_scope:
            return super().send(request, stream, timeout, verify, cert, proxies)
        negotiator.report(prepared.notices)
        outgoing = _pinned_copy(request, prepared, store)
        response = super().send(outgoing, stream, timeout, verify, cert, proxies)
        status = response.status_code
        body = response.content if negotiator.needs_body(prepared, status) else None
        outcome = inspect_urllib3(
            negotiator, prepared, status, getattr(response.raw, "headers", None), body, response
        )
        try:
            decision = negotiator.settle(outcome)
        except BaseException:
            # A notice escalated to an exception (Action.RAISE, filterwarnings
            # "error"): nobody will see this response, so free its connection
            # now; a blocking pool would otherwise wait for it forever.
            response.close()
            raise
        if decision is not None:
            if not stream:
                # As requests does for a returned response: read the (error) body,
                # which gives the connection back to the pool and keeps
                # ``error.response.text`` readable.
                _ = response.content
            error = decision.build(response, cls=_ERROR_CLASSES[decision.exception_class])
            error.request = outgoing  # type: ignore[attr-defined]
            raise error
        return response


def _store_of(headers: Any) -> dict[str, tuple[str, str]] | None:
    """The store behind requests' ``CaseInsensitiveDict`` (lower-case name -> pair), if any."""
    if type(headers) is CaseInsensitiveDict:
        store = getattr(headers, "_store", None)
        if type(store) is collections.OrderedDict:
            return store
    return None


def _pinned_copy(
    request: requests.PreparedRequest,
    prepared: Prepared,
    store: dict[str, tuple[str, str]] | None,
) -> requests.PreparedRequest:
    """A copy of ``request`` with the pin on it; ``request`` itself is left as it was.

    Like ``PreparedRequest.copy()`` but sharing the cookie jar and hooks, which this
    adapter never changes, and copying requests' own header store (``store``, from
    :func:`_store_of`; names already lower-cased): copying was a measurable part of
    the cost.
    """
    outgoing = requests.PreparedRequest.__new__(requests.PreparedRequest)
    if store is not None:
        copied = CaseInsensitiveDict.__new__(CaseInsensitiveDict)
        store = copied._store = store.copy()  # type: ignore[attr-defined]
        for name, value in prepared.set_headers:
            store[name.lower()] = (name, value)
    else:
        copied = request.headers.copy()
        for name, value in prepared.set_headers:
            copied[name] = value
    # What PreparedRequest.copy() copies, one by one: reading ``request.__dict__``
    # makes CPython build the instance's dict, which cost more than the copy.
    outgoing.method = request.method
    outgoing.url = prepared.url
    outgoing.headers = copied
    outgoing._cookies = request._cookies  # type: ignore[attr-defined]
    outgoing.body = request.body
    outgoing.hooks = request.hooks
    outgoing._body_position = request._body_position  # type: ignore[attr-defined]
    return outgoing


def _mount_prefix(base_url: str) -> str:
    stripped = base_url.rstrip("/")
    rest = stripped.partition("://")[2]
    return stripped if "/" in rest else stripped + "/"


def mount(session: requests.Session, base_url: str, **kwargs: Any) -> VersionedAdapter:
    """Pin and inspect the API at ``base_url`` on a session someone else created.

    Args:
        session: Any ``requests.Session`` (an SDK's own).
        base_url: The API's base URL; requests to other URLs are not touched.
        **kwargs: As for :class:`VersionedSession` (``profile``, ``api_version``,
            ``matrix``, ``sdk``, ``sdk_version``, ``policy``, ``allow_ended``,
            ``today``, ``adapter_kwargs``).

    Returns:
        The mounted adapter: ``adapter.pinned("4")`` overrides a block,
        ``adapter.notices`` lists what was reported.
    """
    adapter = VersionedAdapter.create(base_url, **kwargs)
    session.mount(_mount_prefix(base_url), adapter)
    return adapter


class VersionedSession(NegotiatorViews, requests.Session):
    """A ``requests.Session`` that pins an API version and reads what the server says.

    Args:
        base_url: The API's base URL.  Relative paths given to ``get()`` and
            friends are resolved against it (``"/projects"`` and ``"projects"``
            both land below it).
        profile: How the version travels (a :class:`Profile` or a built-in name).
        api_version: The session's pin (defaults to the matrix's default for
            ``sdk_version``, else the profile's documented default).
        matrix: The SDK's compatibility matrix (a :class:`CompatibilityMatrix`).
        sdk: The SDK's name in the matrix; optional when the matrix names one SDK.
        sdk_version: The SDK's own release.
        policy: What to do with notices (:class:`Policy`); default: warn once.
        allow_ended: Send requests the matrix says have ended anyway.
        today: The date for end-of-life decisions (for tests); default today (UTC).
        adapter_kwargs: Passed to ``HTTPAdapter``.

    Example:
        >>> session = VersionedSession("https://api.example.com", profile="github",
        ...                            api_version="2022-11-28")
        >>> session.api_version
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
        adapter_kwargs: dict[str, Any] | None = None,
    ) -> None:
        super().__init__()
        self.base_url = base_url
        self.adapter = mount(
            self,
            base_url,
            profile=profile,
            api_version=api_version,
            matrix=matrix,
            sdk=sdk,
            sdk_version=sdk_version,
            policy=policy,
            allow_ended=allow_ended,
            today=today,
            adapter_kwargs=adapter_kwargs,
        )
        #: The core deciding for this session (the adapter's).
        self.negotiator = self.adapter.negotiator

    def rebuild_auth(self, prepared_request: requests.PreparedRequest, response: Any) -> None:
        """Strip credentials, and version headers too, on a redirect away from the API.

        requests strips ``Authorization`` on a hop to another host; a version header
        the caller set themselves must not follow either.  (The library's own pin
        never does: it is added per hop, only to the API.)
        """
        super().rebuild_auth(prepared_request, response)  # type: ignore[no-untyped-call]
        if prepared_request.url and not self.negotiator.in_scope(prepared_request.url):
            for name in self.negotiator.version_headers:
                prepared_request.headers.pop(name, None)

    def request(
        self,
        method: str | bytes,
        url: str | bytes,
        *args: Any,
        api_version: str | ApiVersion | None = None,
        **kwargs: Any,
    ) -> requests.Response:
        """Send a request; ``api_version=`` overrides the pin for this request only.

        Raises:
            ApiVersionEndOfLifeError, IncompatibleSdkVersionError,
            OperationNotAvailableError: Refused before sending.
            UnsupportedApiVersionError, ApiVersionRemovedError: The server
                rejected the version (also ``requests.HTTPError``).
        """
        if isinstance(url, bytes):
            url = url.decode("utf-8")
        if api_version is None:  # the common case: no context manager to enter
            return super().request(method, self.negotiator.resolve(url), *args, **kwargs)
        with self.negotiator.pinned(api_version):
            return super().request(method, self.negotiator.resolve(url), *args, **kwargs)
