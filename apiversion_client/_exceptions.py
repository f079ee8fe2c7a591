"""The warning and error hierarchy of apiversion_client.

Whose fault is it?  The errors say so by class:

* the server rejected the request: :class:`UnsupportedApiVersionError`,
  :class:`ApiVersionRemovedError` (found in a response; they carry it);
* this library refused before sending a single byte:
  :class:`ApiVersionEndOfLifeError`, :class:`IncompatibleSdkVersionError`,
  :class:`OperationNotAvailableError`;
* the SDK author's matrix file is wrong: :class:`MatrixError`.

Warnings are all :class:`ApiVersionWarning` (a :class:`UserWarning`, shown by
default) so that one filter can silence or escalate them, and each kind has its
own class for finer filters.  :class:`ApiDeprecationWarning` is also a
:class:`FutureWarning`: Python hides :class:`DeprecationWarning` outside
``__main__``, but a server's deprecation is aimed at the application's owner
and must be seen.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

__all__ = [
    "ApiDeprecationWarning",
    "ApiServerWarning",
    "ApiVersionEndOfLifeError",
    "ApiVersionError",
    "ApiVersionMismatchWarning",
    "ApiVersionRemovedError",
    "ApiVersionWarning",
    "BreakingChangeWarning",
    "IncompatibleSdkVersionError",
    "MalformedSignalWarning",
    "MatrixError",
    "OperationNotAvailableError",
    "UnstableApiWarning",
    "UnsupportedApiVersionError",
]


# --------------------------------------------------------------------- warnings


class ApiVersionWarning(UserWarning):
    """Base class of every warning this library emits.

    ``warnings.filterwarnings("error", category=ApiVersionWarning)`` turns all of
    them into exceptions; ``"ignore"`` silences them all.
    """


class ApiDeprecationWarning(ApiVersionWarning, FutureWarning):
    """The server (or the matrix) says the version or resource in use is deprecated.

    Also a :class:`FutureWarning`, so it is visible by default and caught by
    filters written for ``FutureWarning``.
    """


class UnstableApiWarning(ApiVersionWarning):
    """A beta, alpha, preview or unstable (playground) version is in use."""


class ApiVersionMismatchWarning(ApiVersionWarning):
    """The server says it served another version than the one that was pinned."""


class ApiServerWarning(ApiVersionWarning):
    """The server sent a ``Warning`` header that is not about a deprecation.

    Kubernetes, for one, warns about unknown fields and unusual finalizer
    names with ``Warning: 299 - "..."``; client-go shows every such warning,
    once.  Filter this class to silence them (``warnings.filterwarnings(
    "ignore", category=ApiServerWarning)``) or use a policy.
    """


class MalformedSignalWarning(ApiVersionWarning):
    """A version or deprecation header could not be understood.

    The request itself is never broken by a malformed header; this warning says
    what was ignored or read with an unknown date.
    """


class BreakingChangeWarning(ApiVersionWarning):
    """The API broke a promise the SDK declared it relies on (the tripwire).

    A success status the SDK does not expect, a field it reads missing or
    ``null``, an error body the profile cannot read, an endpoint gone, a page
    out of its declared order, a request limit rejected.  The response itself
    is returned unchanged; only a policy that raises makes the call fail.
    """


# ----------------------------------------------------------------------- errors


class ApiVersionError(Exception):
    """Base class of every error this library raises.

    Errors found in a server's response carry it, and what is known about the
    versions involved.  Errors raised before sending carry no response.

    Attributes:
        message: The human-readable message (also ``str(error)``).
        response: The whole response the error was found in, or ``None`` for
            errors raised before sending.
        request_id: The server's request id (from the profile's request-id
            header), for support tickets; ``None`` when not sent.
        requested_version: The version that was pinned for the request, as sent
            on the wire, or ``None`` when the request was not pinned.
        successor: The version to move to, when known.
        supported: Versions known to work (from the server or the matrix).
        url: The request's URL with credentials redacted, when known.
    """

    def __init__(
        self,
        message: str,
        *,
        response: Any = None,
        request_id: str | None = None,
        requested_version: str | None = None,
        successor: str | None = None,
        supported: Sequence[str] = (),
        url: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.response = response
        self.request_id = request_id
        self.requested_version = requested_version
        self.successor = successor
        self.supported: tuple[str, ...] = tuple(supported)
        self.url = url

    def __str__(self) -> str:
        return self.message

    def __reduce__(self) -> tuple[Any, ...]:
        # Keep keyword-only attributes through pickling (multiprocessing, pytest-xdist).
        # The response is not picklable in general and is dropped.
        return (
            _rebuild_error,
            (
                type(self),
                self.message,
                {
                    "request_id": self.request_id,
                    "requested_version": self.requested_version,
                    "successor": self.successor,
                    "supported": self.supported,
                    "url": self.url,
                },
            ),
        )


def _rebuild_error(cls: type[ApiVersionError], message: str, kwargs: dict[str, Any]) -> Any:
    return cls(message, **kwargs)


class UnsupportedApiVersionError(ApiVersionError):
    """The server rejected the pinned version as unknown, invalid or unsupported."""


class ApiVersionRemovedError(UnsupportedApiVersionError):
    """The server says the pinned version existed but has been removed.

    A subclass of :class:`UnsupportedApiVersionError`: code that handles the
    general case handles this one too.
    """


class ApiVersionEndOfLifeError(ApiVersionError):
    """Refused before sending: the matrix says the version (or resource) has ended.

    Attributes:
        end_of_life: The date the version or resource reached its end of life.
        resource: The resource (``"METHOD /path/{template}"``) whose version has
            ended, or ``None`` when the whole version has.
    """

    def __init__(
        self,
        message: str,
        *,
        end_of_life: Any = None,
        resource: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(message, **kwargs)
        self.end_of_life = end_of_life
        self.resource = resource


class IncompatibleSdkVersionError(ApiVersionError):
    """Refused before sending: this SDK release does not support the pinned version.

    Attributes:
        sdk: The SDK's name in the matrix.
        sdk_version: The SDK release in use.
        compatible_sdk_releases: The PEP 440 specifier of the SDK releases that
            would work (empty when none would).
    """

    def __init__(
        self,
        message: str,
        *,
        sdk: str | None = None,
        sdk_version: str | None = None,
        compatible_sdk_releases: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(message, **kwargs)
        self.sdk = sdk
        self.sdk_version = sdk_version
        self.compatible_sdk_releases = compatible_sdk_releases


class OperationNotAvailableError(ApiVersionError):
    """Refused before sending: the operation does not exist in the pinned version.

    Attributes:
        resource: The resource (``"METHOD /path/{template}"``) requested.
    """

    def __init__(self, message: str, *, resource: str | None = None, **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.resource = resource


class MatrixError(ApiVersionError, ValueError):
    """A compatibility matrix file or mapping is invalid.

    The message names the file (when there is one) and the key path, e.g.
    ``apiversions.toml: versions[2].end_of_life: not a date: '2019-13'``.

    Attributes:
        source: The file name or ``"<string>"`` / ``"<dict>"``.
        key_path: The key path inside the document, e.g. ``"versions[2].end_of_life"``.
        problem: What is wrong, without the location.
    """

    def __init__(self, problem: str, *, source: str | None = None, key_path: str = "") -> None:
        location = ": ".join(part for part in (source, key_path) if part)
        super().__init__(f"{location}: {problem}" if location else problem)
        self.source = source
        self.key_path = key_path
        self.problem = problem

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild_matrix_error, (type(self), self.problem, self.source, self.key_path))


def _rebuild_matrix_error(
    cls: type[MatrixError], problem: str, source: str | None, key_path: str
) -> MatrixError:
    return cls(problem, source=source, key_path=key_path)
