"""Read vendors' error bodies and recognise removed or unsupported versions.

Pure functions over already-decoded JSON (or text).  A profile names one
:data:`ErrorParser` and a tuple of :class:`ErrorRule`; the core runs them on
error responses only, and only reads the body when a rule needs it.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import attrs

__all__ = [
    "DEFAULT_ERROR_RULES",
    "ErrorDetails",
    "ErrorParser",
    "ErrorRule",
    "VersionErrorKind",
    "parse_cognite_error",
    "parse_generic_error",
    "parse_gooddata_error",
]

_MAX_MESSAGE = 2000


@attrs.frozen
class ErrorDetails:
    """What a vendor's error body says, normalised.

    Attributes:
        message: The error message, placeholders filled in, or ``None``.
        code: The vendor's error code or class (``"gdc.version.removed"``,
            ``"InvalidApiVersionParameter"``, ``"400"``), or ``None``.
        request_id: A request id found in the body, or ``None``.
        supported_versions: Versions the body says are supported.
    """

    message: str | None = None
    code: str | None = None
    request_id: str | None = None
    supported_versions: tuple[str, ...] = ()


#: A function from a decoded body (JSON value or text) to its details.
ErrorParser = Callable[[Any], ErrorDetails | None]

_PLACEHOLDER = re.compile(r"%(?:%|[-+ 0#]*\d*(?:\.\d+)?[sdifgexXoru])")
_SUPPORTED_LIST = re.compile(
    r"(?<![\w-])supported(?: api)?[- ]versions?(?: are| is|:)?\s*[:'\"\[]\s*([^'\"\]\n]{1,500})",
    re.IGNORECASE,
)


def _text(value: Any) -> str | None:
    if value is None:
        return None
    text = value if isinstance(value, str) else str(value)
    text = text.strip()
    return text[:_MAX_MESSAGE] if text else None


def _fill_placeholders(message: str, parameters: Any) -> str:
    """Fill printf placeholders (``%s``, ``%d``) from a list of parameters, leniently."""
    if not isinstance(parameters, list | tuple):
        parameters = [] if parameters is None else [parameters]
    values = iter(parameters)

    def substitute(match: re.Match[str]) -> str:
        if match.group(0) == "%%":
            return "%"
        try:
            return str(next(values))
        except StopIteration:
            return match.group(0)

    return _PLACEHOLDER.sub(substitute, message)


def _supported_from_message(message: str | None) -> tuple[str, ...]:
    if not message:
        return ()
    match = _SUPPORTED_LIST.search(message)
    if match is None:
        return ()
    parts = (p.strip(" '\"`.") for p in re.split(r"[,;]| and ", match.group(1)))
    return tuple(dict.fromkeys(p for p in parts if p and len(p) < 64 and " " not in p))


def parse_gooddata_error(body: Any) -> ErrorDetails | None:
    """Read GoodData's error object: ``{"error": {...}}`` or the same object bare.

    ``message`` has printf placeholders filled from ``parameters``;
    ``errorClass`` / ``errorCode`` become the code, ``requestId`` the request id.
    """
    if not isinstance(body, Mapping):
        return parse_generic_error(body)
    error = body.get("error", body)
    if not isinstance(error, Mapping):
        return parse_generic_error(body)
    message = _text(error.get("message"))
    if message is not None:
        message = _text(_fill_placeholders(message, error.get("parameters")))
    code = _text(error.get("errorCode")) or _text(error.get("errorClass"))
    return ErrorDetails(
        message=message,
        code=code,
        request_id=_text(error.get("requestId")),
        supported_versions=_supported_from_message(message),
    )


def parse_cognite_error(body: Any) -> ErrorDetails | None:
    """Read Cognite's ``{"error": {"code": <int>, "message": "...", ...}}``."""
    if isinstance(body, Mapping) and isinstance(body.get("error"), Mapping):
        error = body["error"]
        message = _text(error.get("message"))
        return ErrorDetails(
            message=message,
            code=_text(error.get("code")),
            supported_versions=_supported_from_message(message),
        )
    return parse_generic_error(body)


def parse_generic_error(body: Any) -> ErrorDetails | None:
    """Read the common shapes of JSON error bodies, or plain text.

    Understands ``{"error": {"code", "message"}}`` (Azure, Stripe, Cognite),
    ``{"message": ...}`` (GitHub, Kubernetes ``Status``), RFC 9457 problem
    details (``detail`` / ``title``), ``{"error": "text"}`` and
    ``{"errors": [{"message": ...}]}``; a string body is its own message.
    """
    if isinstance(body, str):
        text = _text(body)
        return ErrorDetails(message=text, supported_versions=_supported_from_message(text))
    if not isinstance(body, Mapping):
        return None
    message: str | None = None
    code: str | None = None
    error = body.get("error")
    if isinstance(error, Mapping):
        message = _text(error.get("message"))
        code = _text(error.get("code")) or _text(error.get("type"))
    elif isinstance(error, str):
        message = _text(error)
    if message is None:
        message = _text(body.get("message")) or _text(body.get("detail"))
        message = message or _text(body.get("title"))
    errors = body.get("errors")
    if message is None and isinstance(errors, list) and errors and isinstance(errors[0], Mapping):
        message = _text(errors[0].get("message"))
    code = code or _text(body.get("code")) or _text(body.get("reason"))
    return ErrorDetails(
        message=message, code=code, supported_versions=_supported_from_message(message)
    )


class VersionErrorKind(enum.Enum):
    """What an error rule concluded about the pinned version."""

    REMOVED = "removed"
    UNSUPPORTED = "unsupported"


_VERSION_WORD = re.compile(r"version", re.IGNORECASE)
_PROBLEM_WORDS = re.compile(
    r"\b(?:unsupported|not supported|invalid|unknown|unrecogni[sz]ed|removed|no longer|"
    r"not (?:a )?valid|does not exist|not available|retired|sunset|deprecated|end[- ]of[- ]life)\b",
    re.IGNORECASE,
)
_REMOVED_WORDS = re.compile(
    r"\b(?:removed|no longer|retired|sunset|end[- ]of[- ]life)\b", re.IGNORECASE
)


def _names_version(text: str, pinned: str | None) -> bool:
    if pinned is None:
        return False
    escaped = re.escape(pinned)
    return re.search(rf"(?<![\w.\-]){escaped}(?![\w\-]|\.\d)", text) is not None


def _statuses(values: Iterable[int]) -> frozenset[int]:
    return frozenset(int(v) for v in values)


def _pattern(value: str | re.Pattern[str] | None) -> re.Pattern[str] | None:
    return re.compile(value, re.IGNORECASE) if isinstance(value, str) else value


@attrs.frozen
class ErrorRule:
    """Recognise a removed or unsupported version in an error response.

    A rule matches when the status is one of ``statuses``, the request was
    pinned (if ``requires_pin``), and, if ``needs_message``, the error message
    mentions "version" and either names the pinned version or says it is
    unsupported, removed, invalid or unknown.  ``pattern``, when given, must
    also match the message or the error code.

    Attributes:
        statuses: The HTTP statuses this rule looks at.
        kind: ``REMOVED``, ``UNSUPPORTED``, or ``None`` to decide from the
            response (410 or "removed" / "no longer" in the message: removed).
        requires_pin: Only match pinned requests.
        needs_message: Require the message test above (reads the body).
        pattern: An extra regular expression the message or code must match.
    """

    statuses: frozenset[int] = attrs.field(converter=_statuses)
    kind: VersionErrorKind | None = None
    requires_pin: bool = True
    needs_message: bool = True
    pattern: re.Pattern[str] | None = attrs.field(default=None, converter=_pattern)

    @property
    def needs_body(self) -> bool:
        """Whether this rule needs the response body."""
        return self.needs_message or self.pattern is not None

    def match(
        self, status: int, details: ErrorDetails | None, pinned: str | None
    ) -> VersionErrorKind | None:
        """Return what this rule concludes, or ``None`` when it does not apply.

        Args:
            status: The response status.
            details: The parsed error body, if the body was read.
            pinned: The pinned version as sent, or ``None`` if unpinned.
        """
        if status not in self.statuses or (self.requires_pin and pinned is None):
            return None
        message = (details.message if details else None) or ""
        code = (details.code if details else None) or ""
        if self.pattern is not None and not (
            self.pattern.search(message) or self.pattern.search(code)
        ):
            return None
        if self.needs_message:
            said = f"{message} {code}"
            if not _VERSION_WORD.search(said):
                return None
            if not (_names_version(said, pinned) or _PROBLEM_WORDS.search(said)):
                return None
        if self.kind is not None:
            return self.kind
        if status == 410 or _REMOVED_WORDS.search(message):
            return VersionErrorKind.REMOVED
        return VersionErrorKind.UNSUPPORTED


#: The rules every built-in profile has: 410 on a pinned request is a removed
#: version; 400/404/406/410 whose message names the version or says it is
#: unsupported / removed / invalid is a removed or unsupported version.
DEFAULT_ERROR_RULES: tuple[ErrorRule, ...] = (
    ErrorRule(statuses=frozenset({400, 404, 406, 410}), kind=None, needs_message=True),
    ErrorRule(statuses=frozenset({410}), kind=VersionErrorKind.REMOVED, needs_message=False),
)
