"""Keep a Python SDK and the versioned REST API it talks to in step.

apiversion_client pins the API version on every request, reads every
deprecation and removal signal the server sends, knows from a declared
compatibility matrix which API versions each SDK release supports, and turns
all of it into Python warnings, log records and typed exceptions.

The names in ``__all__`` are the public API; every module whose name starts
with an underscore is private.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as _distribution_version

from apiversion_client._exceptions import (
    ApiDeprecationWarning,
    ApiVersionEndOfLifeError,
    ApiVersionError,
    ApiVersionMismatchWarning,
    ApiVersionRemovedError,
    ApiVersionWarning,
    IncompatibleSdkVersionError,
    MalformedSignalWarning,
    MatrixError,
    OperationNotAvailableError,
    UnstableApiWarning,
    UnsupportedApiVersionError,
)

# --- signals (issue 2) -------------------------------------------------------
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
    parse_deprecation,
    parse_gdc_deprecated,
    parse_http_date,
    parse_link,
    parse_sunset,
    parse_warning,
    read_signals,
)

# --- end signals --------------------------------------------------------------

# --- versions and matrix (issue 3) -------------------------------------------
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
from apiversion_client._versions import ApiVersion, Channel, VersionKind

# --- end versions and matrix -------------------------------------------------

# --- core, profiles, policy, requests transport (issue 4) --------------------
from apiversion_client import profiles
from apiversion_client._core import ErrorDecision, Negotiator, Outcome, Prepared
from apiversion_client._errors import ErrorDetails, ErrorRule, VersionErrorKind
from apiversion_client._notices import Notice, NoticeKind, NoticeSource
from apiversion_client._policy import Action, Policy, Reporter, add_listener, remove_listener
from apiversion_client._redact import redact_url
from apiversion_client.profiles import Profile
from apiversion_client.transports.requests import VersionedAdapter, VersionedSession, mount

# --- end core ----------------------------------------------------------------

try:
    __version__ = _distribution_version("apiversion-client")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0+unknown"

__all__ = [
    "ApiDeprecationWarning",
    "ApiVersionEndOfLifeError",
    "ApiVersionError",
    "ApiVersionMismatchWarning",
    "ApiVersionRemovedError",
    "ApiVersionWarning",
    "IncompatibleSdkVersionError",
    "MalformedSignalWarning",
    "MatrixError",
    "OperationNotAvailableError",
    "UnstableApiWarning",
    "UnsupportedApiVersionError",
    "__version__",
    # signals (issue 2)
    "Deprecation",
    "GdcDeprecation",
    "Link",
    "Problem",
    "SignalProfile",
    "SignalReader",
    "Signals",
    "WarningValue",
    "format_http_date",
    "parse_deprecation",
    "parse_gdc_deprecated",
    "parse_http_date",
    "parse_link",
    "parse_sunset",
    "parse_warning",
    "read_signals",
    # versions and matrix (issue 3)
    "ApiVersion",
    "ChangeKind",
    "Channel",
    "CompatibilityMatrix",
    "Finding",
    "MatrixPolicy",
    "ResourceChange",
    "ResourceHistoryEntry",
    "ResourceStatus",
    "Status",
    "VersionInfo",
    "VersionKind",
    "render_json",
    "render_markdown",
    # core (issue 4)
    "Action",
    "ErrorDecision",
    "ErrorDetails",
    "ErrorRule",
    "Negotiator",
    "Notice",
    "NoticeKind",
    "NoticeSource",
    "Outcome",
    "Policy",
    "Prepared",
    "Profile",
    "Reporter",
    "VersionErrorKind",
    "VersionedAdapter",
    "VersionedSession",
    "add_listener",
    "mount",
    "profiles",
    "redact_url",
    "remove_listener",
]
