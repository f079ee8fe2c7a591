"""What the core returns: a decision per request, an outcome per response.

All three are frozen attrs objects that belong to one request or response;
nothing in them is shared with or remembered for another one.  What costs
time to compute and is rarely looked at (the resource's name, the URL with
credentials redacted, the worded notices) is computed on first access.
"""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING, Any

import attrs

from apiversion_client._core._redact import redact_url
from apiversion_client._errors import VersionErrorKind
from apiversion_client._exceptions import (
    ApiVersionError,
    ApiVersionRemovedError,
    UnsupportedApiVersionError,
)
from apiversion_client._notices import Draft, Notice
from apiversion_client._versions import ApiVersion
from apiversion_client.signals import Signals

if TYPE_CHECKING:
    from apiversion_client._core._naming import ResourceNamer

__all__ = ["ErrorDecision", "Outcome", "Prepared"]


@attrs.frozen
class Prepared:
    """What the core decided for one request before it is sent.

    Attributes:
        in_scope: Whether the request goes to the API at all.
        method: The HTTP method, upper case.
        url: The URL to send (the pin may be in its path or query).
        set_headers: Headers the transport sets on the request (replacing any
            header of the same name, whatever its case).
        version: The pin in effect, or ``None``.
        requested: The pin as sent on the wire, or ``None``.
        api_path: The path below the base URL, without the version segment.
        drafts: The notices known before sending, not worded yet (for the reporter).
    """

    in_scope: bool
    method: str
    url: str
    set_headers: tuple[tuple[str, str], ...] = ()
    version: ApiVersion | None = None
    requested: str | None = None
    api_path: str = "/"
    drafts: tuple[Draft, ...] = attrs.field(default=(), repr=False, eq=False)
    _namer: ResourceNamer | None = attrs.field(default=None, alias="namer", repr=False, eq=False)

    @cached_property
    def _name(self) -> tuple[str, bool]:
        if self._namer is None:
            from apiversion_client._core._naming import guess_template

            return f"{self.method} {guess_template(self.api_path)}", False
        return self._namer.name(self.method, self.api_path)

    @property
    def resource(self) -> str:
        """``"METHOD /templated/path"``: a declared template, else a guess from the path."""
        return self._name[0]

    @property
    def declared(self) -> bool:
        """Whether :attr:`resource` is a declared template rather than a guess."""
        return self._name[1]

    @cached_property
    def display_url(self) -> str:
        """:attr:`url` with credentials redacted."""
        return redact_url(self.url)

    @cached_property
    def notices(self) -> tuple[Notice, ...]:
        """Notices known before sending (matrix deprecation, unstable channel)."""
        return tuple(draft.notice() for draft in self.drafts)


@attrs.frozen
class ErrorDecision:
    """The core's verdict that a response is a version error; the transport raises it."""

    kind: VersionErrorKind
    message: str
    status: int
    request_id: str | None
    requested_version: str | None
    successor: str | None
    supported: tuple[str, ...]
    url: str

    @property
    def exception_class(self) -> type[UnsupportedApiVersionError]:
        """The library's class for this error (before any transport mix-in)."""
        if self.kind is VersionErrorKind.REMOVED:
            return ApiVersionRemovedError
        return UnsupportedApiVersionError

    def build(
        self, response: Any = None, cls: type[ApiVersionError] | None = None
    ) -> ApiVersionError:
        """Create the exception, carrying ``response``.

        Args:
            response: The transport's response object.
            cls: A transport-specific subclass of :attr:`exception_class`.
        """
        return (cls or self.exception_class)(
            self.message,
            response=response,
            request_id=self.request_id,
            requested_version=self.requested_version,
            successor=self.successor,
            supported=self.supported,
            url=self.url,
        )


@attrs.frozen
class Outcome:
    """What the core found in one response.

    Attributes:
        signals: The response's version signals.
        error: The version error the transport raises, or ``None``.
        request_id: This response's request id, when the profile's header carried one.
        drafts: The notices, not worded yet (for the reporter).
    """

    signals: Signals
    error: ErrorDecision | None
    request_id: str | None
    drafts: tuple[Draft, ...] = attrs.field(default=(), repr=False, eq=False)

    @cached_property
    def notices(self) -> tuple[Notice, ...]:
        """The notices this response gave (malformed signals, deprecation, mismatch)."""
        return tuple(draft.notice() for draft in self.drafts)
