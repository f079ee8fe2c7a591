"""What an SDK relies on, as frozen values: one :class:`Reliance` per resource and version range.

A :class:`Reliance` is a declaration, read from a matrix's ``[[relies]]``
tables or written in code; a :class:`Tripwire` is a set of them with the
settings that keep checking cheap (a sampling rate, a bound on the body and on
the items examined).  What a check finds is a :class:`BreakingChange` of one
:class:`Breakage` category.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, Final, Literal

import attrs

from apiversion_client._templates import compile_template
from apiversion_client._tripwire._paths import FieldPath
from apiversion_client._versions import ApiVersion

if TYPE_CHECKING:
    from apiversion_client._errors import ErrorDetails

__all__ = [
    "DEFAULT_MAX_BODY",
    "DEFAULT_MAX_ITEMS",
    "GATEWAY_STATUSES",
    "MAX_BODY_BOUND",
    "Breakage",
    "BreakingChange",
    "NotFound",
    "Reliance",
    "RequestLimit",
    "SortOrder",
    "Tripwire",
    "VersionRange",
    "template_key",
]

#: Bodies up to this many bytes are checked by default (larger ones are not).
DEFAULT_MAX_BODY: Final = 512 * 1024
#: The largest ``max_body`` allowed: one byte less than the most a transport
#: reads of a body for the core (``MAX_ERROR_BODY``, 1 MiB), so that a body cut
#: at that bound is always known to be cut.
MAX_BODY_BOUND: Final = (1 << 20) - 1
#: At most this many items of arrays are examined per response by default, in all.
DEFAULT_MAX_ITEMS: Final = 10_000
#: Error statuses whose bodies often come from a gateway or a proxy in front of
#: the API, not from the API: their format is no promise of the API's.
GATEWAY_STATUSES: Final = frozenset({502, 503, 504})

#: What a ``404`` on a declared resource means: ``"removed"`` (the endpoint is
#: gone) or ``"possible"`` (the item asked for may simply not exist).
NotFound = Literal["removed", "possible"]

_PLACEHOLDER = re.compile(r"\{[^/{}]*\}")


def template_key(method: str | None, path: str) -> tuple[str | None, str]:
    """The key two templates of one resource share, whatever their placeholders are named."""
    return method, _PLACEHOLDER.sub("{}", path)


class Breakage(enum.Enum):
    """The categories of breaking change the tripwire catches (after Cognite's policy)."""

    #: A success status that is not one the SDK expects (one 2xx changed to another).
    STATUS_CHANGED = "status-changed"
    #: A field the SDK reads is missing from a success body.
    FIELD_MISSING = "field-missing"
    #: A field the declaration says is never null is null.
    FIELD_NULL = "field-null"
    #: A success body the SDK reads fields from is not JSON.
    BODY_NOT_JSON = "body-not-json"
    #: An error body the profile's error parser cannot read (the error format changed).
    ERROR_FORMAT_CHANGED = "error-format-changed"
    #: ``404`` or ``405`` on a declared resource at a version that should have it.
    ENDPOINT_REMOVED = "endpoint-removed"
    #: A page whose items are not in the declared order.
    SORT_ORDER_CHANGED = "sort-order-changed"
    #: A request limit the declaration says the API accepts was rejected.
    LIMIT_REDUCED = "limit-reduced"

    __hash__ = object.__hash__  # members are singletons (see NoticeKind)


_OPERATORS: Final = ("==", "!=", ">=", "<=", ">", "<")
_CLAUSE = re.compile(r"(==|!=|>=|<=|>|<)?\s*([A-Za-z0-9][A-Za-z0-9._~-]*)")


def _clauses(text: str) -> tuple[tuple[str, ApiVersion], ...]:
    if not isinstance(text, str):
        raise TypeError(f"a version range is a string ('>=2, <5'), got {text!r}")
    stripped = text.strip()
    if stripped in ("", "*"):
        return ()
    clauses: list[tuple[str, ApiVersion]] = []
    for part in stripped.split(","):
        match = _CLAUSE.fullmatch(part.strip())
        if match is None:
            raise ValueError(
                f"not a version range: {text!r} (expected clauses such as '>=2', '<5', '==v1', "
                "separated by commas)"
            )
        operator, version = match.group(1) or "==", match.group(2)
        try:
            clauses.append((operator, ApiVersion.parse(version)))
        except ValueError:
            raise ValueError(f"not a version range: {text!r} ({version!r} is no version)") from None
    return tuple(clauses)


def _holds(operator: str, version: ApiVersion, bound: ApiVersion) -> bool:
    if operator == "==":
        return version == bound
    if operator == "!=":
        return version != bound
    try:
        if operator == ">=":
            return version >= bound
        if operator == "<=":
            return version <= bound
        if operator == ">":
            return version > bound
        return version < bound
    except TypeError:  # versions of another kind are outside the range
        return False


@attrs.frozen
class VersionRange:
    """The API versions a declaration holds for: ``">=2, <5"``, ``"==v1"``; ``""`` or ``"*"``: all.

    Clauses are separated by commas and must all hold; each is an operator
    (``==`` when left out, ``!=``, ``>=``, ``<=``, ``>``, ``<``) and a version.
    A version of another kind than a clause's (a date against a number) is
    outside the range.

    Raises:
        ValueError: The text is not a range; the message quotes it.
    """

    text: str = ""
    clauses: tuple[tuple[str, ApiVersion], ...] = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "clauses", _clauses(self.text))

    @classmethod
    def of(cls, value: VersionRange | str | None) -> VersionRange:
        """A range from its text (``None``: every version), or the range itself."""
        if isinstance(value, VersionRange):
            return value
        return cls("" if value is None else value)

    @property
    def everything(self) -> bool:
        """Whether the range holds every version (and unpinned requests)."""
        return not self.clauses

    def __contains__(self, version: object) -> bool:
        if not self.clauses:
            return True
        if version is None:
            return False
        if not isinstance(version, ApiVersion):
            try:
                version = ApiVersion.parse(str(version))
            except ValueError:
                return False
        return all(_holds(operator, version, bound) for operator, bound in self.clauses)

    def __str__(self) -> str:
        return self.text.strip() or "*"


def _range(value: VersionRange | str | None) -> VersionRange:
    return VersionRange.of(value)


def _direction(value: str) -> Literal["asc", "desc"]:
    text = str(value).strip().lower()
    if text in ("asc", "ascending"):
        return "asc"
    if text in ("desc", "descending"):
        return "desc"
    raise ValueError(f"a sort direction is 'asc' or 'desc', got {value!r}")


def _sort_field(value: FieldPath | str) -> FieldPath:
    path = FieldPath.of(value)
    path.split_at_last_list()  # an array: raises ValueError naming the path
    return path


@attrs.frozen
class SortOrder:
    """The order the SDK relies on in a page: the items of an array, by one member.

    Args:
        field: The array and the member, e.g. ``"items[].createdTime"``; the
            last ``[]`` is the ordered array (``"items[].points[].t"``: the points
            of every item, by ``t``; ``"ids[]"``: the items themselves).
        direction: ``"asc"`` or ``"desc"`` (``"ascending"`` and ``"descending"`` too).

    Raises:
        ValueError: The field names no array, or a bad direction.
    """

    field: FieldPath = attrs.field(converter=_sort_field)
    direction: Literal["asc", "desc"] = attrs.field(default="asc", converter=_direction)

    @classmethod
    def of(cls, value: SortOrder | tuple[str, str] | Mapping[str, Any] | str) -> SortOrder:
        """A sort order from ``("items[].id", "desc")``, a mapping, a field alone, or itself."""
        if isinstance(value, SortOrder):
            return value
        if isinstance(value, str):
            return cls(value)
        if isinstance(value, Mapping):
            return cls(**value)
        field, direction = value
        return cls(field, direction)

    def __str__(self) -> str:
        return f"{self.field} {'ascending' if self.direction == 'asc' else 'descending'}"


_PARAMETER = re.compile(r"[A-Za-z0-9_.~\-\[\]$@:]+")


def _parameter(value: object) -> str:
    if not isinstance(value, str) or not _PARAMETER.fullmatch(value):
        raise ValueError(f"a request limit names a query parameter such as 'limit', got {value!r}")
    return value


def _is_count(value: object, least: int = 1) -> bool:
    """Whether a value is an ``int`` (not a ``bool``) of at least ``least``."""
    return type(value) is int and value >= least


def _maximum(value: object) -> int:
    if not _is_count(value):
        raise ValueError(f"a request limit's max is a positive integer, got {value!r}")
    return value  # type: ignore[return-value]  # checked by _is_count


@attrs.frozen
class RequestLimit:
    """A request limit the SDK uses, which the API accepts: ``parameter`` up to ``max``.

    Cognite's policy counts reducing a request limit as a breaking change; the
    tripwire notices a request that sent ``parameter`` at most ``max`` and was
    rejected (``400``, ``413`` or ``422``).

    Raises:
        ValueError: A parameter that is not a query parameter name, or a max below 1.
    """

    parameter: str = attrs.field(converter=_parameter)
    max: int = attrs.field(converter=_maximum)

    def __str__(self) -> str:
        return f"{self.parameter} <= {self.max}"


def _paths(values: Iterable[FieldPath | str] | str) -> tuple[FieldPath, ...]:
    if isinstance(values, str | FieldPath):
        values = (values,)
    return tuple(dict.fromkeys(FieldPath.of(value) for value in values))


def _statuses(values: Iterable[object] | int) -> frozenset[int]:
    items: tuple[object, ...] = (values,) if isinstance(values, int) else tuple(values)
    for status in items:
        if not _is_count(status, 200) or status > 299:  # type: ignore[operator]  # an int here
            raise ValueError(
                f"an expected success status is an integer from 200 to 299: {status!r}"
            )
    return frozenset(items)  # type: ignore[arg-type]  # checked above


def _sort(value: SortOrder | tuple[str, str] | Mapping[str, Any] | str | None) -> SortOrder | None:
    return None if value is None else SortOrder.of(value)


def _limits(
    value: Iterable[RequestLimit] | Mapping[str, int] | None,
) -> tuple[RequestLimit, ...]:
    if value is None:
        return ()
    if isinstance(value, Mapping):
        return tuple(RequestLimit(name, maximum) for name, maximum in value.items())
    limits = tuple(value)
    for limit in limits:
        if not isinstance(limit, RequestLimit):
            raise TypeError(f"limits: expected RequestLimit objects or a mapping, got {limit!r}")
    return limits


def _not_found(value: str | None) -> NotFound | None:
    if value is None:
        return None
    if value not in ("removed", "possible"):
        raise ValueError(f"not_found is 'removed' or 'possible', got {value!r}")
    return value  # type: ignore[return-value]  # checked just above


def _resource(value: str) -> str:
    compile_template(value)  # ValueError quoting it
    return " ".join(str(value).split())


@attrs.frozen
class Reliance:
    """What an SDK relies on from one resource, over a range of API versions.

    Args:
        resource: The resource template, ``"GET /items/{id}"`` (or ``"/items"``
            for every method), as the rest of the library writes templates.
        versions: The versions this holds for (a :class:`VersionRange` or its
            text, ``">=2, <5"``); default: every version.
        statuses: The success statuses the SDK expects (``[200]``); another 2xx
            is a breaking change.  Empty: any 2xx.
        fields: The fields the SDK reads from a success body, as field paths
            (``"items[].id"``, ``"nextCursor"``).
        never_null: Fields that must never be ``null`` (read as well: they
            need not be listed in ``fields`` too).
        errors_readable: Error bodies (4xx, 500) must be JSON the profile's
            error parser reads a message or a code from.
        sort: The order a page keeps (:class:`SortOrder`, ``("items[].id", "desc")``).
        limits: The request limits the SDK sends (:class:`RequestLimit` objects,
            or a mapping ``{"limit": 1000}``).
        not_found: What a ``404`` means: ``"removed"`` (the endpoint is gone: a
            breaking change) or ``"possible"`` (the item asked for may not
            exist).  Default: ``"removed"`` for a template without
            placeholders, ``"possible"`` for one with.  A ``405`` always means
            removed.
        description: Free text for people (what the SDK does with it).

    Raises:
        ValueError: A bad template, range, path, status, sort order or limit;
            the message quotes it.
    """

    resource: str = attrs.field(converter=_resource)
    versions: VersionRange = attrs.field(factory=VersionRange, converter=_range)
    statuses: frozenset[int] = attrs.field(factory=frozenset, converter=_statuses)
    fields: tuple[FieldPath, ...] = attrs.field(default=(), converter=_paths)
    never_null: tuple[FieldPath, ...] = attrs.field(default=(), converter=_paths)
    errors_readable: bool = True
    sort: SortOrder | None = attrs.field(default=None, converter=_sort)
    limits: tuple[RequestLimit, ...] = attrs.field(default=(), converter=_limits)
    not_found: NotFound | None = attrs.field(default=None, converter=_not_found)
    description: str | None = None
    _key: tuple[str | None, str] = attrs.field(init=False, eq=False, repr=False)
    _read: tuple[FieldPath, ...] = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        method, _, path = compile_template(self.resource)
        object.__setattr__(self, "_key", template_key(method, path))
        object.__setattr__(self, "_read", tuple(dict.fromkeys((*self.fields, *self.never_null))))

    @property
    def key(self) -> tuple[str | None, str]:
        """``(method or None, path with every placeholder written {})``: how requests find it."""
        return self._key

    @property
    def read_fields(self) -> tuple[FieldPath, ...]:
        """Every field read: ``fields`` then ``never_null``, each once."""
        return self._read

    @property
    def removed_on_404(self) -> bool:
        """Whether a ``404`` means the endpoint was removed (see ``not_found``)."""
        if self.not_found is not None:
            return self.not_found == "removed"
        return "{" not in self.resource

    def check(
        self,
        status: int,
        body: bytes | str | None = None,
        error_details: ErrorDetails | None = None,
        *,
        version: str | None = None,
        query: str = "",
        max_body: int = DEFAULT_MAX_BODY,
        max_items: int = DEFAULT_MAX_ITEMS,
    ) -> tuple[BreakingChange, ...]:
        """Check one response against this declaration (no I/O; what the core does per response).

        Args:
            status: The response's status.
            body: The response's body as received (``None``: not read; bodies
                over ``max_body`` bytes and empty ones are not checked).
            error_details: What the profile's error parser read from an error
                body (``profile.error_parser(json.loads(body))``).
            version: The API version requested, for messages.
            query: The request's query string (for request limits).
            max_body: The size bound of the body.
            max_items: At most this many array items are examined.

        Returns:
            The breaking changes found (see :mod:`apiversion_client._tripwire._check`).
        """
        from apiversion_client._tripwire._check import check, read_body

        decoded = read_body(body, max_body)
        return check(
            self, status, decoded, error_details, version=version, query=query, max_items=max_items
        )

    def needs_body(self, status: int) -> bool:
        """Whether checking a response with this status reads its body."""
        if 200 <= status < 300:
            if self.statuses and status not in self.statuses:
                return False  # the status says it all
            return bool(self.fields or self.never_null or self.sort is not None)
        if status < 400 or status in GATEWAY_STATUSES or not self.errors_readable:
            return False
        return not (status == 405 or (status == 404 and self.removed_on_404))


def _relies(value: Iterable[Reliance]) -> tuple[Reliance, ...]:
    items = tuple(value)
    for item in items:
        if not isinstance(item, Reliance):
            raise TypeError(f"relies: expected Reliance objects, got {item!r}")
    return items


def _rate(value: object) -> float:
    if type(value) not in (int, float) or not 0.0 <= value <= 1.0:  # type: ignore[operator]
        raise ValueError(f"sample_rate is a number from 0 to 1, got {value!r}")
    return float(value)  # type: ignore[arg-type]  # an int or a float here


def _check_max_body(_instance: object, _attribute: object, value: object) -> None:
    if not _is_count(value) or value > MAX_BODY_BOUND:  # type: ignore[operator]  # an int here
        raise ValueError(f"max_body is a number of bytes from 1 to {MAX_BODY_BOUND}, got {value!r}")


def _check_max_items(_instance: object, _attribute: object, value: object) -> None:
    if not _is_count(value):
        raise ValueError(f"max_items is a positive integer, got {value!r}")


@attrs.frozen
class Tripwire:
    """Declarations and the settings that keep checking them cheap.

    Give it to any session, pool manager or client as ``relies=``.  The
    matrix's ``[[relies]]`` declarations are used as well (unless
    ``use_matrix=False``).

    Args:
        relies: :class:`Reliance` declarations given in code.
        sample_rate: The share of responses to declared resources whose body
            is read and checked (``0.05``: one in twenty, at random).  Checks
            of the status alone (an unexpected 2xx, a removed endpoint, a
            rejected limit) cost nothing and run on every response.
        max_body: Bodies longer than this many bytes are not checked (at most
            :data:`MAX_BODY_BOUND`).  A body is read for the checks only up to
            this bound, and the caller still reads all of it.
        max_items: At most this many array items are examined per response,
            over all fields and the sort order; items past it are not checked.
        use_matrix: Use the matrix's ``[[relies]]`` declarations too.

    Raises:
        ValueError: A setting out of range.
        TypeError: ``relies`` holds something that is not a :class:`Reliance`.
    """

    relies: tuple[Reliance, ...] = attrs.field(default=(), converter=_relies)
    sample_rate: float = attrs.field(default=1.0, converter=_rate)
    max_body: int = attrs.field(default=DEFAULT_MAX_BODY, validator=_check_max_body)
    max_items: int = attrs.field(default=DEFAULT_MAX_ITEMS, validator=_check_max_items)
    use_matrix: bool = True

    @classmethod
    def from_openapi(
        cls,
        document: Mapping[str, Any],
        operations: Iterable[str] | None = None,
        *,
        versions: VersionRange | str | None = None,
        **settings: Any,
    ) -> Tripwire:
        """A tripwire whose declarations come from an OpenAPI 3 document.

        Each operation's success statuses, and the required properties of its
        success body (``never_null`` unless the schema says they may be null);
        see :mod:`apiversion_client._tripwire._openapi` for the rules.

        Args:
            document: The decoded OpenAPI document.
            operations: ``"GET /items/{id}"`` or ``operationId`` values
                (default: every operation).
            versions: The API versions the document describes (default: all).
            **settings: ``sample_rate``, ``max_body``, ``max_items``, ``use_matrix``.

        Raises:
            ValueError: An operation is not in the document, or a bad ``$ref``.
        """
        from apiversion_client._tripwire._openapi import relies_from_openapi

        return cls(relies_from_openapi(document, operations, versions=versions), **settings)

    @classmethod
    def of(cls, value: Tripwire | Iterable[Reliance] | Reliance | None) -> Tripwire:
        """The tripwire a ``relies=`` option means (``None``: only the matrix's declarations)."""
        if isinstance(value, Tripwire):
            return value
        if value is None:
            return cls()
        if isinstance(value, Reliance):
            return cls((value,))
        return cls(tuple(value))


@attrs.frozen
class BreakingChange:
    """One broken promise: what the declaration said, and what came.

    Attributes:
        category: Which kind of breaking change.
        resource: The declared resource template.
        version: The API version requested (as sent), or ``None`` when unpinned.
        field: The declared field path it is about, or ``None``.
        expected: What the declaration says, in words.
        found: What the response holds instead, in words.
        status: The response's status.
    """

    category: Breakage
    resource: str
    version: str | None
    field: str | None
    expected: str
    found: str
    status: int

    @property
    def detail(self) -> str:
        """``"field-missing items[].id"``: the category and the field (a notice's ``detail``)."""
        return f"{self.category.value} {self.field}" if self.field else self.category.value

    @property
    def message(self) -> str:
        """The text a user reads: the resource, the version, what was promised and what came."""
        where = f"at API version {self.version}" if self.version else "(unpinned)"
        return (
            f"Breaking change in {self.resource} {where} ({self.category.value}): "
            f"the SDK relies on {self.expected}, but {self.found}."
        )
