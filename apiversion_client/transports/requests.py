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

import datetime as dt
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit, urlunsplit

import requests
from requests.adapters import BaseAdapter, HTTPAdapter

from apiversion_client._core import MAX_ERROR_BODY, ErrorDecision, Negotiator, Prepared
from apiversion_client._core._naming import ResourceResolver
from apiversion_client._core._negotiator import ErrorMode
from apiversion_client._core._scope import DEFAULT_PORTS, BaseUrl
from apiversion_client._exceptions import (
    ApiVersionError,
    ApiVersionRemovedError,
    UnsupportedApiVersionError,
)
from apiversion_client._policy import Policy
from apiversion_client._versions import ApiVersion
from apiversion_client.profiles import Profile
from apiversion_client.transports._clients import (
    adapter_settings,
    copy_prepared,
    keep_prefix_requests,
    read_prefix_urllib3,
    requests_header_lines,
    urllib3_lines,
)
from apiversion_client.transports._views import NegotiatorViews

if TYPE_CHECKING:
    from apiversion_client._matrix import CompatibilityMatrix
    from apiversion_client._tripwire import Reliance, Tripwire

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


class _Binding:
    """How the core reads, closes and raises for a requests response."""

    def __init__(self, stream: bool) -> None:
        self.stream = stream

    def read_prefix(self, response: requests.Response, limit: int) -> bytes:
        raw = response.raw
        if self.stream and hasattr(raw, "_decoded_buffer"):
            return read_prefix_urllib3(raw, limit)  # put back: the caller streams the body
        # A buffered call: requests reads the whole body right after; read it now,
        # as requests does (its content is kept), and hand the core its prefix.
        return response.content[:limit]

    def close(self, response: requests.Response) -> None:
        response.close()

    def error(
        self,
        decision: ErrorDecision,
        response: requests.Response,
        prepared: Prepared,
        *,
        returned: bool,
    ) -> Exception:
        if returned:  # the caller reads the body itself, as the server sent it
            error = decision.build(response, cls=_ERROR_CLASSES[decision.exception_class])
            error.request = response.request  # type: ignore[attr-defined]
            return error
        if self.stream and hasattr(response.raw, "_decoded_buffer"):
            # Nobody streams an error's body: keep its first MiB, free the connection.
            keep_prefix_requests(response, MAX_ERROR_BODY)
        # As requests does for a returned response: read the (error) body, which
        # gives the connection back to the pool and keeps ``error.response.text``.
        _ = response.content
        error = decision.build(response, cls=_ERROR_CLASSES[decision.exception_class])
        error.request = response.request  # type: ignore[attr-defined]
        return error


_BUFFERED = _Binding(stream=False)
_STREAMING = _Binding(stream=True)


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
        # Looked up per request; the negotiator's settings are frozen.
        self._request_names = negotiator.request_header_names
        self._response_names = negotiator.response_header_names

    def __getstate__(self) -> dict[str, Any]:
        """Refuse to pickle (``HTTPAdapter`` would drop the negotiator silently).

        Raises:
            TypeError: Always; build a new session in the other process.
        """
        return {"negotiator": self.negotiator.__reduce__()}  # raises TypeError

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
        prepared = negotiator.start(
            request.method or "GET",
            request.url or "",
            requests_header_lines(request.headers, self._request_names),
        )
        if not prepared.in_scope:
            return super().send(request, stream, timeout, verify, cert, proxies)
        outgoing = copy_prepared(request, prepared.set_headers, prepared.url)
        response = super().send(outgoing, stream, timeout, verify, cert, proxies)
        raw_headers = getattr(response.raw, "headers", None)
        lines = urllib3_lines(
            raw_headers if raw_headers is not None else response.headers, self._response_names
        )
        negotiator.finish(
            _STREAMING if stream else _BUFFERED,
            prepared,
            response,
            response.status_code,
            lines,
        )
        return response


def _mount_prefix(base_url: str) -> str:
    stripped = base_url.rstrip("/")
    rest = stripped.partition("://")[2]
    return stripped if "/" in rest else stripped + "/"


def _usual_spelling(url: str, base: BaseUrl) -> str | None:
    """``url`` (one of the API's) spelled as the base URL is: no userinfo, its usual port."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    origin = base.prefix[: len(base.prefix) - len(base.path)]
    return origin + urlunsplit(("", "", parts.path, parts.query, parts.fragment))


def _mount_prefixes(base_url: str, base: BaseUrl) -> list[str]:
    """Every spelling of the base URL that requests compares by prefix.

    As given, and with the scheme's default port written out and left out
    (``http://h:80/x``, ``http://h/x``).  requests picks an adapter by the
    longest matching prefix of the URL as it is spelled; the core's scope
    compares scheme, host and port.
    """
    host = f"[{base.host}]" if ":" in base.host else base.host
    spellings = [f"{base.scheme}://{host}:{base.port}{base.path}"]
    if base.port == DEFAULT_PORTS.get(base.scheme):  # else port-less is another origin
        spellings.append(f"{base.scheme}://{host}{base.path}")
    return list(dict.fromkeys([_mount_prefix(base_url), *map(_mount_prefix, spellings)]))


def mount(session: requests.Session, base_url: str, **kwargs: Any) -> VersionedAdapter:
    """Pin and inspect the API at ``base_url`` on a session someone else created.

    Args:
        session: Any ``requests.Session`` (an SDK's own).
        base_url: The API's base URL; requests to other URLs are not touched.
        **kwargs: As for :class:`VersionedSession` (``profile``, ``api_version``,
            ``matrix``, ``sdk``, ``sdk_version``, ``policy``, ``allow_ended``,
            ``today``, ``adapter_kwargs``).

    The adapter keeps the retry policy (``max_retries``) and pool sizes of the
    adapter it replaces for that URL (PyGithub's ``GithubRetry``, cognite-sdk's
    pool of 50); ``adapter_kwargs=`` overrides them.  An adapter subclass's own
    behaviour (its ``init_poolmanager``, its ``send``) is not kept: mount a
    ``VersionedAdapter`` subclass of your own for that.

    On a session another SDK owns, pass ``errors="attach"`` when that SDK must
    see the server's error response itself (stripe-python turns any exception
    raised inside its session into a connection error): the response comes
    back as the server sent it, with the version error as ``response.api_error``.

    Returns:
        The mounted adapter: ``adapter.pinned("4")`` overrides a block,
        ``adapter.notices`` lists what was reported.
    """
    try:
        replaced = session.get_adapter(base_url)
    except requests.exceptions.InvalidSchema:
        replaced = None
    kwargs["adapter_kwargs"] = {
        **adapter_settings(replaced),
        **(kwargs.get("adapter_kwargs") or {}),
    }
    adapter = VersionedAdapter.create(base_url, **kwargs)
    for prefix in _mount_prefixes(base_url, adapter.negotiator.base):
        session.mount(prefix, adapter)
    if not isinstance(session, VersionedSession):
        _strip_on_redirect(session, adapter.negotiator)
    return adapter


def _strip_on_redirect(session: requests.Session, negotiator: Negotiator) -> None:
    """Make ``session`` drop the version headers on a redirect away from the API.

    requests strips ``Authorization`` in ``Session.rebuild_auth`` on a hop to
    another host; the session's own ``rebuild_auth`` is wrapped (on this
    instance only) to drop the profile's version headers there too.
    """
    original = session.rebuild_auth

    def rebuild_auth(prepared_request: requests.PreparedRequest, response: Any) -> None:
        original(prepared_request, response)  # type: ignore[no-untyped-call]
        _drop_version_headers(prepared_request, negotiator)

    session.rebuild_auth = rebuild_auth  # type: ignore[method-assign]


def _drop_version_headers(request: requests.PreparedRequest, negotiator: Negotiator) -> None:
    if request.url and not negotiator.in_scope(request.url):
        for name in negotiator.version_headers:
            request.headers.pop(name, None)


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
        resources: Iterable[str] | ResourceResolver | None = None,
        skip_packages: Iterable[str] | None = None,
        errors: ErrorMode = "raise",
        relies: Tripwire | Iterable[Reliance] | Reliance | None = None,
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
            resources=resources,
            skip_packages=skip_packages,
            errors=errors,
            relies=relies,
            adapter_kwargs=adapter_kwargs,
        )
        #: The core deciding for this session (the adapter's).
        self.negotiator = self.adapter.negotiator

    def __getstate__(self) -> dict[str, Any]:
        """Refuse to pickle or copy (``requests.Session`` would drop the negotiator silently).

        Raises:
            TypeError: Always; build a new session instead.
        """
        return {"negotiator": self.negotiator.__reduce__()}  # raises TypeError

    def get_adapter(self, url: str) -> BaseAdapter:
        """The versioned adapter for every URL of the API, however it is spelled.

        requests compares mount prefixes as strings; a URL with userinfo or a
        default port written out is the API's too.  An adapter the caller
        mounted on a part of the API is still used there.
        """
        adapter: VersionedAdapter | None = self.__dict__.get("adapter")  # unset in __init__
        found = super().get_adapter(url)
        if adapter is None:
            return found
        base = adapter.negotiator.base
        if found is adapter and base.spelled_as_usual(url):
            return found  # the common case: the URL is spelled as the API was mounted
        if not adapter.negotiator.in_scope(url):
            return found
        if found is not adapter and self._mounted_in_api(url, found, adapter):
            return found
        # Another spelling of the API's URL (userinfo, a default port written out
        # or left out): the adapter a caller mounted on that part of the API, if any.
        usual = _usual_spelling(url, base)
        if usual is not None and usual != url:
            other = super().get_adapter(usual)
            if other is not adapter and self._mounted_in_api(usual, other, adapter):
                return other
        return adapter

    def _mounted_in_api(self, url: str, found: BaseAdapter, adapter: VersionedAdapter) -> bool:
        """Whether ``found`` was mounted on a part of the API (uploads, say) that ``url`` is in.

        Such an adapter stays the caller's choice; a broader one (``"https://"``)
        does not.
        """
        lowered = url.lower()
        for prefix, mounted in self.adapters.items():  # longest prefix first
            if mounted is found and lowered.startswith(prefix.lower()):
                return adapter.negotiator.in_scope(prefix)
        return False

    def rebuild_auth(self, prepared_request: requests.PreparedRequest, response: Any) -> None:
        """Strip credentials, and version headers too, on a redirect away from the API.

        requests strips ``Authorization`` on a hop to another host; a version header
        the caller set themselves must not follow either.  (The library's own pin
        never does: it is added per hop, only to the API.)
        """
        super().rebuild_auth(prepared_request, response)  # type: ignore[no-untyped-call]
        _drop_version_headers(prepared_request, self.negotiator)

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
