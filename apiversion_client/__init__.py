"""Keep a Python SDK and the versioned REST API it talks to in step.

apiversion_client pins the API version on every request, reads every
deprecation and removal signal the server sends, knows from a declared
compatibility matrix which API versions each SDK release supports, and turns
all of it into Python warnings, log records and typed exceptions.

The names in ``__all__`` are the public API; every module whose name starts
with an underscore is private.  The requests transport (``VersionedSession``,
``VersionedAdapter``, ``mount``) is imported on first use, so that importing
the I/O-free parts of the package (``apiversion_client.signals``,
``apiversion_client.profiles``...) never loads an HTTP client library.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from apiversion_client import profiles
from apiversion_client._core import (
    ErrorDecision,
    Negotiator,
    NegotiatorOptions,
    Outcome,
    Prepared,
)
from apiversion_client._core._redact import redact_url
from apiversion_client._errors import ErrorDetails, ErrorRule, VersionErrorKind
from apiversion_client._exceptions import (
    ApiDeprecationWarning,
    ApiServerWarning,
    ApiVersionEndOfLifeError,
    ApiVersionError,
    ApiVersionMismatchWarning,
    ApiVersionRemovedError,
    ApiVersionWarning,
    BreakingChangeWarning,
    IncompatibleSdkVersionError,
    MalformedSignalWarning,
    MatrixError,
    OperationNotAvailableError,
    UnstableApiWarning,
    UnsupportedApiVersionError,
)
from apiversion_client._notices import Notice, NoticeKind, NoticeSource
from apiversion_client._policy import (
    Action,
    NoticeRecord,
    Policy,
    Reporter,
    Snooze,
    add_listener,
    remove_listener,
)
from apiversion_client._versions import ApiVersion, Channel, VersionKind
from apiversion_client.profiles import Profile
from apiversion_client.signals import (
    Deprecation,
    GdcDeprecation,
    Link,
    Problem,
    SignalProfile,
    SignalReader,
    Signals,
    WarningValue,
    format_http_date,
    format_sf_date,
    parse_deprecation,
    parse_gdc_deprecated,
    parse_http_date,
    parse_link,
    parse_served_version,
    parse_sf_date,
    parse_sunset,
    parse_version_list,
    parse_warning,
    read_signals,
)

if TYPE_CHECKING:
    from apiversion_client._matrix import (
        ChangeKind,
        CompatibilityMatrix,
        Finding,
        MatrixPolicy,
        ResourceChange,
        ResourceHistoryEntry,
        ResourceStatus,
        Status,
        VersionInfo,
        render_json,
        render_markdown,
    )
    from apiversion_client._tripwire import (
        Breakage,
        BreakingChange,
        Reliance,
        RequestLimit,
        SortOrder,
        Tripwire,
        VersionRange,
    )
    from apiversion_client.transports.requests import VersionedAdapter, VersionedSession, mount

    __version__: str

# Imported on first use (PEP 562): the requests transport, so that the I/O-free
# parts never load an HTTP client; the matrix package (packaging, tomllib), the
# tripwire's declarations and the installed version (importlib.metadata), so
# that ``import apiversion_client`` stays cheap for an SDK that never loads a matrix.
_MATRIX = "apiversion_client._matrix"
_REQUESTS = "apiversion_client.transports.requests"
_TRIPWIRE = "apiversion_client._tripwire"
_LAZY = {
    "ChangeKind": _MATRIX,
    "CompatibilityMatrix": _MATRIX,
    "Finding": _MATRIX,
    "MatrixPolicy": _MATRIX,
    "ResourceChange": _MATRIX,
    "ResourceHistoryEntry": _MATRIX,
    "ResourceStatus": _MATRIX,
    "Status": _MATRIX,
    "VersionInfo": _MATRIX,
    "render_json": _MATRIX,
    "render_markdown": _MATRIX,
    "Breakage": _TRIPWIRE,
    "BreakingChange": _TRIPWIRE,
    "Reliance": _TRIPWIRE,
    "RequestLimit": _TRIPWIRE,
    "SortOrder": _TRIPWIRE,
    "Tripwire": _TRIPWIRE,
    "VersionRange": _TRIPWIRE,
    "VersionedAdapter": _REQUESTS,
    "VersionedSession": _REQUESTS,
    "mount": _REQUESTS,
}


def _installed_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("apiversion-client")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree
        return "0+unknown"


def __getattr__(name: str) -> Any:
    """Import the requests transport, the matrix package and ``__version__`` on first use."""
    if name == "__version__":
        value: Any = _installed_version()
    else:
        module_name = _LAZY.get(name)
        if module_name is None:
            raise AttributeError(f"module 'apiversion_client' has no attribute {name!r}")
        import importlib

        value = _public_module(getattr(importlib.import_module(module_name), name))
    globals()[name] = value
    return value


def _public_module(value: Any) -> Any:
    """Show a public name under this package in tracebacks and reprs, not its private module."""
    module = getattr(value, "__module__", "") or ""
    if module.startswith("apiversion_client._") and isinstance(value, type):
        value.__module__ = "apiversion_client"
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


__all__ = [
    "Action",
    "ApiDeprecationWarning",
    "ApiServerWarning",
    "ApiVersion",
    "ApiVersionEndOfLifeError",
    "ApiVersionError",
    "ApiVersionMismatchWarning",
    "ApiVersionRemovedError",
    "ApiVersionWarning",
    "Breakage",
    "BreakingChange",
    "BreakingChangeWarning",
    "ChangeKind",
    "Channel",
    "CompatibilityMatrix",
    "Deprecation",
    "ErrorDecision",
    "ErrorDetails",
    "ErrorRule",
    "Finding",
    "GdcDeprecation",
    "IncompatibleSdkVersionError",
    "Link",
    "MalformedSignalWarning",
    "MatrixError",
    "MatrixPolicy",
    "Negotiator",
    "NegotiatorOptions",
    "Notice",
    "NoticeKind",
    "NoticeRecord",
    "NoticeSource",
    "OperationNotAvailableError",
    "Outcome",
    "Policy",
    "Prepared",
    "Problem",
    "Profile",
    "Reliance",
    "Reporter",
    "RequestLimit",
    "ResourceChange",
    "ResourceHistoryEntry",
    "ResourceStatus",
    "SignalProfile",
    "SignalReader",
    "Signals",
    "Snooze",
    "SortOrder",
    "Status",
    "Tripwire",
    "UnstableApiWarning",
    "UnsupportedApiVersionError",
    "VersionErrorKind",
    "VersionInfo",
    "VersionKind",
    "VersionRange",
    "VersionedAdapter",
    "VersionedSession",
    "WarningValue",
    "__version__",
    "add_listener",
    "format_http_date",
    "format_sf_date",
    "mount",
    "parse_deprecation",
    "parse_gdc_deprecated",
    "parse_http_date",
    "parse_link",
    "parse_served_version",
    "parse_sf_date",
    "parse_sunset",
    "parse_version_list",
    "parse_warning",
    "profiles",
    "read_signals",
    "redact_url",
    "remove_listener",
    "render_json",
    "render_markdown",
]


for _name in __all__:
    if _name in globals():
        _public_module(globals()[_name])
