"""Read vendors' error bodies and recognise removed or unsupported versions.

Pure functions over already-decoded JSON (or text).  A profile names one
:data:`ErrorParser` and a tuple of :class:`ErrorRule`; the core runs them on
error responses only, and only reads the body when a rule needs it.

Frameworks' bodies the generic parser reads besides the vendors' own:

* FastAPI / pydantic validation errors (Cadwyn's too): ``{"detail": [{"loc":
  ["header", "x-api-version"], "msg": "...", "type": "..."}, ...]}``.  The
  message is the list written out (``header x-api-version: <msg>; ...``, at
  most :data:`MAX_DETAIL_ITEMS` entries and ``and N more``); every ``loc``
  becomes one of :attr:`ErrorDetails.rejected_fields` (``"header
  x-api-version"``), which an :class:`ErrorRule` can require.
* Django REST framework: ``{"detail": "Invalid version in URL path."}``.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import attrs

__all__ = [
    "DEFAULT_ERROR_RULES",
    "DRF_ERROR_RULES",
    "MAX_DETAIL_ITEMS",
    "ErrorDetails",
    "ErrorParser",
    "ErrorRule",
    "VersionErrorKind",
    "parse_cognite_error",
    "parse_generic_error",
    "parse_gooddata_error",
]

_MAX_MESSAGE = 2000
#: At most this many entries of a FastAPI / pydantic ``detail`` list are written
#: into the message; the rest are counted (``and 3 more``).
MAX_DETAIL_ITEMS = 5
# At most this many entries of a ``detail`` list are read for rejected fields,
# and this many characters of one entry's message or of one location.
_MAX_DETAIL_SCAN = 64
_MAX_ITEM_MESSAGE = 200
_MAX_LOCATION = 200
_MAX_LOCATION_PARTS = 16
# FastAPI's request parts: ``loc`` starts with one of them.
_REQUEST_PARTS = frozenset({"header", "query", "path", "cookie", "body"})


@attrs.frozen
class ErrorDetails:
    """What a vendor's error body says, normalised.

    Attributes:
        message: The error message, placeholders filled in, or ``None``.
        code: The vendor's error code or class (``"gdc.version.removed"``,
            ``"InvalidApiVersionParameter"``, ``"400"``), or ``None``.
        request_id: A request id found in the body, or ``None``.
        supported_versions: Versions the body says are supported.
        rejected_fields: The request's inputs the body says were rejected, in
            order, as FastAPI / pydantic locate them: the request part, a
            space, the dotted path (``"header x-api-version"``, ``"query
            version"``, ``"body items.0.name"``); a location without a request
            part is the dotted path alone.  Empty when the body names none.
    """

    message: str | None = None
    code: str | None = None
    request_id: str | None = None
    supported_versions: tuple[str, ...] = ()
    rejected_fields: tuple[str, ...] = ()


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


def _location(loc: Any) -> str | None:
    """A FastAPI / pydantic ``loc`` as text (``"header x-api-version"``), or ``None``."""
    if isinstance(loc, str):
        parts = [loc]
    elif isinstance(loc, list | tuple):
        parts = [str(part) for part in loc[:_MAX_LOCATION_PARTS] if isinstance(part, str | int)]
    else:
        return None
    parts = [part.strip() for part in parts if part.strip()]
    if not parts:
        return None
    if len(parts) > 1 and parts[0].lower() in _REQUEST_PARTS:
        text = f"{parts[0]} {'.'.join(parts[1:])}"
    else:
        text = ".".join(parts)
    return text[:_MAX_LOCATION]


def _detail_list(items: list[Any]) -> tuple[str | None, tuple[str, ...]]:
    """The message and rejected fields of a FastAPI / pydantic ``detail`` list."""
    written: list[str] = []
    fields: list[str] = []
    for item in items[:_MAX_DETAIL_SCAN]:
        where: str | None = None
        said: Any = item
        if isinstance(item, Mapping):
            where = _location(item.get("loc"))
            said = item.get("msg")
            if said is None:
                said = item.get("message")
        elif not isinstance(item, str):
            continue
        text = _text(said) if isinstance(said, str | int | float) else None
        if text is not None and len(text) > _MAX_ITEM_MESSAGE:
            text = text[: _MAX_ITEM_MESSAGE - 3].rstrip() + "..."
        if where is not None:
            fields.append(where)
        entry = f"{where}: {text}" if where and text else (where or text)
        if entry:
            written.append(" ".join(entry.split()))
    shown = written[:MAX_DETAIL_ITEMS]
    message = "; ".join(shown)
    left = len(written) - len(shown) + max(0, len(items) - _MAX_DETAIL_SCAN)
    if left > 0 and message:
        message += f"; and {left} more"
    return _text(message), tuple(dict.fromkeys(fields))


def _detail(value: Any) -> tuple[str | None, str | None, tuple[str, ...]]:
    """The message, code and rejected fields of a ``detail`` member (FastAPI, DRF, RFC 9457)."""
    if isinstance(value, list):
        message, fields = _detail_list(value)
        return message, None, fields
    if isinstance(value, Mapping):
        # FastAPI's HTTPException(detail={...}): an object of the application's own.
        said = value.get("message") or value.get("msg") or value.get("detail")
        message = _text(said) if isinstance(said, str | int | float) else None
        code = value.get("code") or value.get("type")
        return message, _text(code) if isinstance(code, str | int) else None, ()
    return _text(value), None, ()


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
    A ``detail`` list (FastAPI / pydantic validation errors) is written out
    readably (``header x-api-version: Input should be a valid date...; ...``)
    and its locations are the :attr:`~ErrorDetails.rejected_fields`; a
    ``detail`` object (FastAPI's ``HTTPException(detail={...})``) gives its
    ``message`` and ``code``.
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
    detail, detail_code, rejected = _detail(body.get("detail"))
    if message is None:
        message = _text(body.get("message")) or detail
        message = message or _text(body.get("title"))
    errors = body.get("errors")
    if message is None and isinstance(errors, list) and errors and isinstance(errors[0], Mapping):
        message = _text(errors[0].get("message"))
    code = code or _text(body.get("code")) or _text(body.get("reason")) or detail_code
    return ErrorDetails(
        message=message,
        code=code,
        supported_versions=_supported_from_message(message),
        rejected_fields=rejected,
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


def _fields(values: Iterable[str] | str) -> frozenset[str]:
    items = (values,) if isinstance(values, str) else tuple(values)
    for item in items:
        if not isinstance(item, str):
            raise TypeError(f"a rejected field is a string ('header x-api-version'): {item!r}")
    return frozenset(" ".join(item.split()).lower() for item in items)


@attrs.frozen
class ErrorRule:
    """Recognise a removed or unsupported version in an error response.

    A rule matches when the status is one of ``statuses``, the request was
    pinned (if ``requires_pin``), and, if ``needs_message``, the error message
    mentions "version" and either names the pinned version or says it is
    unsupported, removed, invalid or unknown.  ``pattern``, when given, must
    also match the message or the error code.  ``rejected_fields``, when
    given, must name one of the body's :attr:`ErrorDetails.rejected_fields`:
    the version header or parameter itself was refused (a FastAPI ``422``
    whose ``loc`` is ``["header", "x-api-version"]``), whatever the words.

    Example: FastAPI's answer to a version header it could not read::

        ErrorRule(statuses={422}, kind=VersionErrorKind.UNSUPPORTED,
                  needs_message=False, rejected_fields={"header x-api-version"})

    Attributes:
        statuses: The HTTP statuses this rule looks at.
        kind: ``REMOVED``, ``UNSUPPORTED``, or ``None`` to decide from the
            response (410 or "removed" / "no longer" in the message: removed).
        requires_pin: Only match pinned requests.
        needs_message: Require the message test above (reads the body).
        pattern: An extra regular expression the message or code must match.
        rejected_fields: Rejected inputs, one of which the body must name
            (``"header x-api-version"``, ``"query version"``: the request
            part, a space, the name); compared case-insensitively.  Empty:
            the rule does not look at them.
    """

    statuses: frozenset[int] = attrs.field(converter=_statuses)
    kind: VersionErrorKind | None = None
    requires_pin: bool = True
    needs_message: bool = True
    pattern: re.Pattern[str] | None = attrs.field(default=None, converter=_pattern)
    rejected_fields: frozenset[str] = attrs.field(default=frozenset(), converter=_fields)

    @property
    def needs_body(self) -> bool:
        """Whether this rule needs the response body."""
        return self.needs_message or self.pattern is not None or bool(self.rejected_fields)

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
        if self.rejected_fields and not (
            details is not None
            and any(
                " ".join(field.split()).lower() in self.rejected_fields
                for field in details.rejected_fields
            )
        ):
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


#: Django REST framework's answers to a version its versioning scheme does not
#: allow (``rest_framework/versioning.py``): ``406 {"detail": "Invalid version in
#: \"Accept\" header."}`` (``AcceptHeaderVersioning``), ``404 {"detail": "Invalid
#: version in URL path."}`` (``URLPathVersioning``; ``NamespaceVersioning`` adds
#: " Does not match any version namespace."), ``404 {"detail": "Invalid version
#: in query parameter."}`` and ``"Invalid version in hostname."``: an unsupported
#: version, whatever else the message says.  Then the default rules.
DRF_ERROR_RULES: tuple[ErrorRule, ...] = (
    ErrorRule(
        statuses=frozenset({404, 406}),
        kind=VersionErrorKind.UNSUPPORTED,
        needs_message=False,
        pattern=r'^Invalid version in (?:"Accept" header|URL path|query parameter|hostname)\b',
    ),
    *DEFAULT_ERROR_RULES,
)
