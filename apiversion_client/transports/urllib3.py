"""The urllib3 transport: a ``PoolManager`` that pins and inspects.

urllib3 follows redirects inside ``urlopen`` and builds each hop from the
headers of the previous one, so a version header added there would ride along
to another host.  :class:`VersionedPoolManager` therefore follows redirects
itself: it asks the pool for one hop at a time (``redirect=False``), builds each
hop from the *original* request headers, lets the core pin the hops that are
in scope (and only those), and applies urllib3's own rules in between: the
``Retry`` redirect count, 303 -> GET without the body, and the
``Retry.remove_headers_on_redirect`` headers (``Authorization``, ``Cookie``...)
plus any version header the caller set, dropped on a hop to another host.

What the core found is attached to each response as attributes, with the same
names as on a requests response: ``api_version``, ``api_signals``,
``api_notices`` and ``api_request_id``.  Version errors are the library's own
classes (urllib3 has no HTTP-error-with-response class to mix in) and carry the
urllib3 response as ``.response``, its body already read.  When the core needs
an error body (the profile's error rules read it), the body is read and cached
on ``response.data`` even with ``preload_content=False``.

This module only translates between urllib3 and the I/O-free core: all
decisions are :class:`~apiversion_client._core.Negotiator`'s.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin

import urllib3
from urllib3.exceptions import MaxRetryError
from urllib3.response import BaseHTTPResponse
from urllib3.util.retry import Retry

from apiversion_client._core import MAX_ERROR_BODY, ErrorDecision, Negotiator, Prepared
from apiversion_client._core._naming import ResourceResolver
from apiversion_client._core._negotiator import ErrorMode
from apiversion_client._policy import Policy
from apiversion_client._versions import ApiVersion
from apiversion_client.profiles import Profile
from apiversion_client.transports._clients import (
    keep_prefix_urllib3,
    pool_manager_settings,
    read_prefix_urllib3,
    urllib3_lines,
)
from apiversion_client.transports._views import NegotiatorViews

if TYPE_CHECKING:
    from apiversion_client._matrix import CompatibilityMatrix
    from apiversion_client._tripwire import Reliance, Tripwire

__all__ = ["VersionedPoolManager", "VersionedProxyManager"]

# The headers urllib3 drops when a 303 turns a request into a GET (RFC 9110 15.4.4).
_BODY_HEADERS = frozenset(
    {
        "content-encoding",
        "content-language",
        "content-location",
        "content-type",
        "content-length",
        "digest",
        "last-modified",
    }
)


def _without(headers: Any, names: frozenset[str]) -> urllib3.HTTPHeaderDict:
    kept = urllib3.HTTPHeaderDict()
    for name, value in headers.items():
        if name.lower() not in names:
            kept.add(name, value)
    return kept


class VersionedPoolManager(NegotiatorViews, urllib3.PoolManager):
    """A ``urllib3.PoolManager`` that pins an API version and reads what the server says.

    Requests outside ``base_url`` pass through untouched.  ``request()`` and
    ``urlopen()`` accept ``api_version=`` to override the pin for one request,
    and a path (``"/projects"``) instead of an absolute URL, resolved against
    ``base_url``.

    Args:
        base_url: The API's base URL.
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
        **pool_kwargs: Passed to ``urllib3.PoolManager`` (``num_pools``,
            ``headers``, ``retries``, ``timeout``...).

    Example:
        >>> http = VersionedPoolManager("https://api.example.com", profile="github",
        ...                             api_version="2022-11-28")
        >>> http.api_version
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
        **pool_kwargs: Any,
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
        self.base_url = base_url
        # Looked up per request; the negotiator's settings are frozen.
        self._request_names = self.negotiator.request_header_names
        self._response_names = self.negotiator.response_header_names
        super().__init__(**pool_kwargs)

    @classmethod
    def wrapping(
        cls, pool_manager: urllib3.PoolManager, base_url: str, **options: Any
    ) -> VersionedPoolManager:
        """A versioned pool manager with the settings of ``pool_manager``.

        For an SDK that built its own ``PoolManager`` (the kubernetes client: TLS
        certificates, pool size, retries, a proxy): the new manager keeps its
        ``num_pools``, default ``headers`` and every connection-pool keyword
        (``cert_reqs``, ``ca_certs``, ``ssl_context``, ``maxsize``, ``retries``,
        ``timeout``...), and a ``urllib3.ProxyManager`` becomes a
        :class:`VersionedProxyManager` for the same proxy.  Replace the SDK's
        manager with the result (its connections are not shared).

        Args:
            pool_manager: The manager to copy the settings of.
            base_url: The API's base URL.
            **options: As for :class:`VersionedPoolManager` (``profile``,
                ``api_version``, ``matrix``...).

        Raises:
            TypeError: ``pool_manager`` is not a urllib3 ``PoolManager``.
        """
        if not isinstance(pool_manager, urllib3.PoolManager):
            raise TypeError(f"expected a urllib3.PoolManager, got {type(pool_manager).__name__}")
        settings = pool_manager_settings(pool_manager)
        wrapped: VersionedPoolManager
        if isinstance(pool_manager, urllib3.ProxyManager):
            wrapped = VersionedProxyManager(base_url, **settings, **options)
        else:
            wrapped = cls(base_url, **settings, **options)
        # The pool classes too: a SOCKSProxyManager is a PoolManager whose pools
        # speak SOCKS (and take the _socks_options its settings carry).
        wrapped.pool_classes_by_scheme = dict(pool_manager.pool_classes_by_scheme)
        wrapped.key_fn_by_scheme = dict(pool_manager.key_fn_by_scheme)
        return wrapped

    def urlopen(  # type: ignore[override]  # PoolManager's own signature carries the same ignore
        self, method: str, url: str, redirect: bool = True, **kw: Any
    ) -> BaseHTTPResponse:
        """Send a request, following redirects hop by hop; pin and inspect each hop.

        Args:
            method: The HTTP method.
            url: An absolute URL, or a path below the base URL.
            redirect: Follow redirects (urllib3's meaning, ``Retry`` limits apply).
            **kw: As for ``PoolManager.urlopen``, plus ``api_version=`` to
                override the pin for this request only.

        Raises:
            ApiVersionEndOfLifeError, IncompatibleSdkVersionError,
            OperationNotAvailableError: Refused before sending.
            UnsupportedApiVersionError, ApiVersionRemovedError: The server
                rejected the version; ``.response`` is the urllib3 response.
        """
        api_version = kw.pop("api_version", None)
        url = self.negotiator.resolve(url)
        if api_version is None:  # the common case: no context manager to enter
            return self._follow(method, url, redirect, kw)
        with self.negotiator.pinned(api_version):
            return self._follow(method, url, redirect, kw)

    def _follow(
        self, method: str, url: str, redirect: bool, kw: dict[str, Any]
    ) -> BaseHTTPResponse:
        given = kw.pop("headers", None)
        # Never changed in place: each hop and each redirect builds its own.
        headers: Any = self.headers if given is None else given
        while True:
            response, sent_url = self._hop(method, url, headers, kw)
            location = redirect and response.get_redirect_location()
            if not location:
                return response
            location = urljoin(sent_url, location)
            if response.status == 303:
                method = "GET"
                kw["body"] = None
                headers = _without(headers, _BODY_HEADERS)
            retries = kw.get("retries", response.retries)
            if not isinstance(retries, Retry):
                retries = Retry.from_int(retries, redirect=redirect)
            pool = self.connection_from_url(sent_url)
            if not pool.is_same_host(location):
                strip = frozenset(retries.remove_headers_on_redirect)
                headers = _without(headers, strip | self.negotiator.version_headers)
            try:
                retries = retries.increment(method, sent_url, response=response, _pool=pool)
            except MaxRetryError:
                if retries.raise_on_redirect:
                    response.drain_conn()
                    raise
                return response
            kw["retries"] = retries
            response.drain_conn()
            url = location

    def _hop(
        self, method: str, url: str, headers: Any, kw: dict[str, Any]
    ) -> tuple[BaseHTTPResponse, str]:
        """Send one hop; return the response and the URL actually sent."""
        negotiator = self.negotiator
        prepared = negotiator.start(method, url, urllib3_lines(headers, self._request_names))
        if not prepared.in_scope:
            return super().urlopen(method, url, redirect=False, headers=headers, **kw), url
        outgoing = headers
        if prepared.set_headers:
            outgoing = _with_headers(headers, prepared.set_headers)
        response = super().urlopen(method, prepared.url, redirect=False, headers=outgoing, **kw)
        negotiator.finish(
            _PRELOAD if kw.get("preload_content", True) else _STREAM,
            prepared,
            response,
            response.status,
            urllib3_lines(response.headers, self._response_names),
        )
        return response, prepared.url


def _with_headers(headers: Any, set_headers: tuple[tuple[str, str], ...]) -> Any:
    """A copy of ``headers`` with ``set_headers`` set, replacing any of the same name."""
    if type(headers) is dict:
        lowered = {str(name).lower() for name in headers} if headers else ()
        if not any(name.lower() in lowered for name, _ in set_headers):
            return {**headers, **dict(set_headers)}  # no name to replace: a plain copy
    copied = urllib3.HTTPHeaderDict(headers)
    for name, value in set_headers:
        copied[name] = value
    return copied


class VersionedProxyManager(VersionedPoolManager, urllib3.ProxyManager):
    """A :class:`VersionedPoolManager` that sends every request through a proxy.

    Takes ``proxy_url`` and urllib3's other ``ProxyManager`` keywords besides the
    :class:`VersionedPoolManager` ones; each hop is pinned, inspected and sent
    through the proxy.  Usually made by :meth:`VersionedPoolManager.wrapping`.
    """


class _Binding:
    """How the core reads, closes and raises for a urllib3 response.

    Args:
        preload: The caller asked for the body to be read (``preload_content``,
            urllib3's default); else it streams the body itself.
    """

    def __init__(self, preload: bool) -> None:
        self.preload = preload

    def read_prefix(self, response: BaseHTTPResponse, limit: int) -> bytes:
        return read_prefix_urllib3(response, limit)

    def close(self, response: BaseHTTPResponse) -> None:
        response.drain_conn()
        response.release_conn()

    def error(
        self,
        decision: ErrorDecision,
        response: BaseHTTPResponse,
        prepared: Prepared,
        *,
        returned: bool,
    ) -> Exception:
        if returned:  # the caller reads the body itself, as the server sent it
            return decision.build(response)
        if self.preload:
            response.release_conn()  # the body is read: error.response.data keeps it
        else:
            # Nobody streams an error's body: keep its first MiB, free the connection.
            keep_prefix_urllib3(response, MAX_ERROR_BODY)
        return decision.build(response)


_PRELOAD = _Binding(preload=True)
_STREAM = _Binding(preload=False)
