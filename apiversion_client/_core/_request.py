"""Before sending: what to add to a request, or why to refuse it.

The order of the decisions is written down at the top of
:mod:`apiversion_client._core._negotiator`; this module carries them out for
one negotiator (:class:`RequestPlanner`).
"""

from __future__ import annotations

import contextvars
import datetime as dt
import functools
import re
import types
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any

from apiversion_client._core._caches import BoundedCache
from apiversion_client._core._inspect import HeaderLines, text_of
from apiversion_client._core._messages import matrix_deprecation_notice, unstable_notice
from apiversion_client._core._naming import ResourceNamer
from apiversion_client._core._outcome import Prepared
from apiversion_client._core._placement import place, version_segment
from apiversion_client._core._redact import redact_url
from apiversion_client._core._scope import BaseUrl
from apiversion_client._notices import Draft, Notice, NoticeKind, deprecation_key
from apiversion_client._versions import ApiVersion, Channel, VersionKind
from apiversion_client.profiles import Profile

if TYPE_CHECKING:
    from apiversion_client._core._preflight import MatrixAdvisor

__all__ = ["OVERRIDES", "RequestPlanner"]

#: One context variable for every negotiator: a mapping from a negotiator's
#: scope key to its override.  Threads and asyncio tasks each see their own.
OVERRIDES: contextvars.ContextVar[Mapping[object, ApiVersion]] = contextvars.ContextVar(
    "apiversion_client_overrides", default=types.MappingProxyType({})
)
_STABLE = Channel.STABLE
_SEGMENT_VERDICTS = 256
_MAX_SEGMENT = 64
# Names that are versions in a path without being numbers or dates.
_NAMED_VERSIONS = frozenset({"playground", "experimental", "unstable", "alpha", "beta", "preview"})
# A v-prefixed version with its channel run in (``v1beta1``, ``v2alpha``).
_V_CHANNEL = re.compile(r"[vV]\d+(?:alpha|beta|preview)\d*")


class RequestPlanner:
    """Decides what to add to each request for one negotiator.

    Immutable after construction but for a cache of path-segment verdicts (keyed
    by the segment's text); safe to share between threads.

    Args:
        profile: Where the version travels.
        base: The API's base URL.
        pin: The session's pin.
        namer: How requests are named.
        advisor: What the matrix says, if there is a matrix.
        known_versions: The matrix's versions (named versions in a path are
            versions only when known).
        today: The date of end-of-life decisions.
        hint: Which SDK release to upgrade to for a successor.
        scope_key: The negotiator's key in :data:`OVERRIDES`.
    """

    def __init__(
        self,
        profile: Profile,
        base: BaseUrl,
        pin: ApiVersion | None,
        namer: ResourceNamer,
        advisor: MatrixAdvisor | None,
        known_versions: Iterable[str],
        today: Callable[[], dt.date],
        hint: Callable[[str | None], str | None],
        scope_key: object,
    ) -> None:
        self._profile = profile
        self._base = base
        self._pin = pin
        self._namer = namer
        self._advisor = advisor
        self._today = today
        self._hint = hint
        self._scope_key = scope_key
        #: Set once pinned() is first used on the negotiator (never reset: a
        #: context copied inside a block keeps its override).
        self.overridden = False
        self._known_names = frozenset(
            name.lower()
            for name in (*_NAMED_VERSIONS, *((pin.text,) if pin else ()), *known_versions)
        )
        self._segments: BoundedCache[bool] = BoundedCache(_SEGMENT_VERDICTS)
        own = [name.lower() for name in profile.own_pin_headers]
        if profile.media_type:
            own.append("accept")
        #: Lower-case names of the request headers read.
        self.request_names = frozenset(own)
        # A header profile and the session's pin: the one header every request
        # that carries no version of its own gets (see prepare).
        header = profile.header
        simple = header and not (profile.query or profile.path or profile.media_type)
        self._pin_headers: tuple[tuple[str, str], ...] | None = None
        if header and simple and pin is not None:
            self._pin_headers = ((header, pin.text),)

    def is_version(self, text: str) -> bool:
        """Whether a path segment is a version of this API under the session's pin.

        A version the matrix or the pin names always is.  Otherwise it must be
        written like a version: ``v``-prefixed (``v2``, ``v1beta1``) or dotted
        (``0.6``) under any pin; a date under a date or named pin; a bare
        integer only under a bare-number pin (or no pin).  So ``/12345/items``
        under a pin of ``v1`` or ``2024-01-01`` is a resource path that gets
        the pin, not a request for version 12345, while ``/api/v1/...`` under
        the pin ``playground`` is a request for ``v1``.  Without a pin, any
        number or date is a version.
        """
        return self.is_version_under(self._pin, text)

    def is_version_under(self, pin: ApiVersion | None, text: str) -> bool:
        """:meth:`is_version` under ``pin`` (a ``pinned()`` override), cached by both."""
        if len(text) > _MAX_SEGMENT:
            return False
        key = (pin.text if pin is not None else None, text)
        known = self._segments.get(key)
        if known is None:
            known = self._segments.put(key, self._is_version(pin, text))
        return known

    def _is_version(self, pin: ApiVersion | None, text: str) -> bool:
        try:
            parsed = ApiVersion.parse(text)
        except (ValueError, TypeError):
            return False
        named = (text.lower(), str(parsed.base).lower())
        if any(name in self._known_names for name in named):
            return True
        if pin is None:
            return parsed.kind is not VersionKind.NAME
        if pin.text.lower() in named:
            return True
        v_written = text[:1] in "vV"
        if parsed.kind is VersionKind.NAME:  # v1beta1, v2alpha (Kubernetes, Google)
            return v_written and _V_CHANNEL.fullmatch(text) is not None
        if parsed.kind is VersionKind.DATE:
            return pin.kind is VersionKind.DATE or pin.kind is VersionKind.NAME
        # A number: written like a version (v2, 0.6) under any pin; a bare
        # integer only under a bare-number pin (else it is an id).
        if v_written or len(parsed.numbers) > 1:
            return True
        return pin.kind is VersionKind.NUMERIC and pin.text[:1] not in "vV"

    def prepare(self, method: str, url: str, headers: HeaderLines = ()) -> Prepared:
        """Decide what to add to a request, or refuse it.

        Args:
            method: The HTTP method.
            url: The absolute request URL.
            headers: The request's header lines (``(name, value)`` pairs, a name
                possibly repeated; a mapping is read as its items).

        Returns:
            What to change; ``in_scope=False`` means "leave it alone".

        Raises:
            ApiVersionEndOfLifeError: The matrix says the version or resource ended.
            IncompatibleSdkVersionError: This SDK release does not support the version.
            OperationNotAvailableError: The operation does not exist in the version.
            ValueError: The request's own version header holds control characters,
                or two different versions.
        """
        method = method.upper() if type(method) is str else text_of(method).upper()
        rel = self._base.relative_path(url)
        if rel is None:
            return Prepared(in_scope=False, method=method, url=url)
        override = OVERRIDES.get().get(self._scope_key) if self.overridden else None
        own = self._version_lines(headers) if headers else None
        version = self._pin
        pin_headers = self._pin_headers
        if override is None and not own and pin_headers is not None and version is not None:
            # The common case: a header profile, the session's pin, no version of
            # the request's own (what place() decides, without asking it).
            url_sent, set_headers, api_path = url, pin_headers, rel
            requested: str | None = version.text
        else:
            profile = self._profile
            is_version = (
                self.is_version
                if override is None
                else functools.partial(self.is_version_under, override)
            )
            placement = place(
                profile,
                self._base,
                url,
                rel,
                own or {},
                override if override is not None else version,
                explicit=override is not None,
                is_version=is_version,
            )
            url_sent, set_headers = placement.url, placement.set_headers
            version, requested, api_path = placement.version, placement.requested, rel
            if profile.path:
                match = version_segment(profile.path, rel, is_version)
                if match is not None:
                    api_path = rel[match.end() :] or "/"
        if version is None and requested is not None and self._advisor is not None:
            self._advisor.refuse_unreadable(requested, url_sent)
        drafts: tuple[Draft, ...] = ()
        if version is not None and (self._advisor is not None or version.channel is not _STABLE):
            drafts = self._preflight(version, method, api_path, url_sent)
        return Prepared(
            in_scope=True,
            method=method,
            url=url_sent,
            set_headers=set_headers,
            version=version,
            requested=requested,
            api_path=api_path,
            drafts=drafts,
            namer=self._namer,
        )

    def _version_lines(self, headers: HeaderLines) -> dict[str, list[str]]:
        """The request's version-bearing header lines: lower-cased name -> values."""
        wanted = self.request_names
        found: dict[str, list[str]] = {}
        items: Iterable[Any] = headers
        if (
            type(headers) is not list
            and type(headers) is not tuple
            and isinstance(headers, Mapping)
        ):
            items = headers.items()
        for item in items:
            try:
                name, value = item
                key = name.lower() if type(name) is str else text_of(name).lower()
            except (TypeError, ValueError, AttributeError):
                continue
            if key in wanted:
                found.setdefault(key, []).append(value if type(value) is str else text_of(value))
        return found

    def _preflight(
        self, version: ApiVersion, method: str, api_path: str, url: str
    ) -> tuple[Draft, ...]:
        drafts: list[Draft] = []
        if version.channel is not Channel.STABLE:
            key: tuple[Any, ...] = (NoticeKind.UNSTABLE, version.text, None, None)
            drafts.append(
                Draft(
                    NoticeKind.UNSTABLE,
                    key,
                    None,
                    self._word_unstable,
                    (version, url),
                    version.text,
                )
            )
        advisor = self._advisor
        if advisor is None:
            return tuple(drafts)
        verdict = advisor.verdict(version, method, api_path, self._today())
        if verdict.refusal is not None:
            cls, message, kwargs = verdict.refusal
            raise cls(message, url=redact_url(url), **kwargs)
        if verdict.deprecated is not None:
            resource, end_of_life, successor = verdict.deprecated
            if resource is not None:  # the name the server's notices use for it too
                resource = self._namer.name(method, api_path)[0]
            key = deprecation_key(version.text, resource, end_of_life, successor)
            drafts.append(
                Draft(
                    NoticeKind.DEPRECATED,
                    key,
                    resource,
                    self._word_matrix_deprecation,
                    (version, resource, end_of_life, successor, url),
                    version.text,
                )
            )
        return tuple(drafts)

    def _word_unstable(self, version: ApiVersion, url: str) -> Notice:
        return unstable_notice(version, "", redact_url(url))

    def _word_matrix_deprecation(
        self,
        version: ApiVersion,
        resource: str | None,
        end_of_life: dt.date | None,
        successor: str | None,
        url: str,
    ) -> Notice:
        return matrix_deprecation_notice(
            version, resource, end_of_life, successor, self._hint(successor), redact_url(url), True
        )
