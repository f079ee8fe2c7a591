"""The checks: one response against one declaration, pure and bounded.

:func:`check` takes what a response was (its status, its decoded body, what
the profile's error parser read from it) and returns the broken promises, in
this order, at most one per category and field:

1. A success status (2xx): one the declaration does not expect is
   ``status-changed``, and nothing else is checked (the status says it all).
   Else, when the body was read: a body that is not JSON is ``body-not-json``;
   each declared field missing (or an object on its way missing, ``null`` or
   not an object, or an array on its way not an array) is ``field-missing``,
   and a ``never_null`` field that is ``null`` is ``field-null`` (a field
   under one already reported, ``owner.id`` under a missing ``owner``, is
   not reported again); a page whose
   items are out of the declared order is ``sort-order-changed``.
2. ``405``, or ``404`` when the declaration says a 404 means removal:
   ``endpoint-removed``, and nothing else.
3. Another error (``400`` and above): a request limit the declaration says the
   API accepts (sent at most at its max) answered ``400``, ``413`` or ``422``
   is ``limit-reduced``; an error body the profile cannot read
   (not JSON, or JSON its error parser reads neither a message nor a code
   from) is ``error-format-changed``, except for ``502``, ``503`` and
   ``504``, whose bodies a gateway often writes.

Bounds: the body is decoded by :func:`read_body`, which refuses bodies over
``max_body`` bytes (they are not checked); :func:`check` examines at most
``max_items`` array items in all (fields and the sort order together; the
items past it are not checked), so its work is linear in the body and bounded
whatever the body holds.  Values quoted in messages are cut short.
"""

from __future__ import annotations

import json
import operator
from collections.abc import Callable
from typing import Any, Final
from urllib.parse import parse_qsl

import attrs

from apiversion_client._errors import ErrorDetails
from apiversion_client._tripwire._model import (
    DEFAULT_MAX_BODY,
    DEFAULT_MAX_ITEMS,
    GATEWAY_STATUSES,
    Breakage,
    BreakingChange,
    Reliance,
)
from apiversion_client._tripwire._paths import FieldPath, Step, describe_value, show

__all__ = ["NOT_READ", "NotJson", "check", "read_body"]

_PREVIEW: Final = 60
_LIMIT_STATUSES: Final = frozenset({400, 413, 422})


class _NotRead:
    """The body was not read (or is over the bound, or empty): nothing to check in it."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "NOT_READ"


#: The body was not read, is over the size bound, or is empty: body checks are skipped.
NOT_READ: Final = _NotRead()


@attrs.frozen
class NotJson:
    """A body that was read and is not JSON.

    Attributes:
        preview: Its first characters, for messages.
    """

    preview: str


def read_body(body: bytes | str | None, max_body: int = DEFAULT_MAX_BODY) -> Any:
    """Decode a body for :func:`check`.

    Args:
        body: The body (a prefix of it), as a transport read it; ``None`` when
            it was not read.
        max_body: A body longer than this is not checked.

    Returns:
        The decoded JSON value; :data:`NOT_READ` for no body, an empty one or
        one longer than ``max_body`` (perhaps cut); a :class:`NotJson` for a
        body that is not JSON.  Never raises.
    """
    if body is None or len(body) > max_body:
        return NOT_READ
    text = body.decode("utf-8-sig", errors="replace") if isinstance(body, bytes) else body
    text = text.strip()
    if not text:
        return NOT_READ  # an empty body cannot be told from one not read (HEAD, 204)
    try:
        return json.loads(text)
    except (ValueError, RecursionError):  # bad JSON, nesting too deep, a number too long
        return NotJson(_cut(text))


def _cut(text: str) -> str:
    return text if len(text) <= _PREVIEW else text[: _PREVIEW - 3] + "..."


def short(value: Any, depth: int = 2) -> str:
    """A bounded JSON-like text of a value, for messages (never raises, never long)."""
    if isinstance(value, str):
        return json.dumps(_cut(value))
    if isinstance(value, bool) or value is None:
        return json.dumps(value)
    if isinstance(value, int | float):
        text = (
            repr(value)
            if value.__class__ is not int or value.bit_length() < 200
            else "<a big number>"
        )
        return _cut(text)
    if isinstance(value, list):
        if depth == 0:
            return "[...]" if value else "[]"
        items = [short(item, depth - 1) for item in value[:3]]
        return _cut("[" + ", ".join(items + (["..."] if len(value) > 3 else [])) + "]")
    if isinstance(value, dict):
        if depth == 0:
            return "{...}" if value else "{}"
        pairs = [f"{short(str(k), 0)}: {short(v, depth - 1)}" for k, v in list(value.items())[:3]]
        return _cut("{" + ", ".join(pairs + (["..."] if len(value) > 3 else [])) + "}")
    return _cut(type(value).__name__)


class _Budget:
    """How many more array items may be examined for this response."""

    __slots__ = ("left",)

    def __init__(self, left: int) -> None:
        self.left = left


@attrs.define
class _Tally:
    """What walking one field path over a body found."""

    values: int = 0
    missing: int = 0
    nulls: int = 0
    first_missing: str | None = None
    first_null: str | None = None


def _walk(
    value: Any,
    steps: tuple[Step, ...],
    index: int,
    indexes: tuple[int, ...],
    budget: _Budget,
    tally: _Tally,
) -> None:
    """Visit every value the path reaches from ``steps[index]``; count the missing and the null.

    Items are visited in order (the first problem found is the first in the
    body).  Recursion is one level per ``[]`` of the path (at most
    ``MAX_STEPS``); an array whose items are walked by members only (the
    common ``items[].id``) is walked in one loop, without a call per item.
    """
    last = len(steps)
    while index < last:
        step = steps[index]
        if isinstance(step, str):
            if isinstance(value, dict) and step in value:
                value = value[step]
                index += 1
                continue
            tally.missing += 1
            if tally.first_missing is None:
                tally.first_missing = _missing_text(steps, index, indexes, value, step)
            return
        if not isinstance(value, list):
            tally.missing += 1
            if tally.first_missing is None:
                where = show(steps[:index], indexes)
                tally.first_missing = f"{where} is {describe_value(value)}, not an array"
            return
        room = min(len(value), budget.left)
        budget.left -= room
        following = index + 1
        rest = steps[following:]
        if all(isinstance(name, str) for name in rest):
            _members_of_items(value, room, rest, steps, following, indexes, tally)
        else:
            for position in range(room):
                _walk(value[position], steps, following, (*indexes, position), budget, tally)
        return
    _leaf(value, steps, indexes, tally)


def _leaf(value: Any, steps: tuple[Step, ...], indexes: tuple[int, ...], tally: _Tally) -> None:
    tally.values += 1
    if value is None:
        tally.nulls += 1
        if tally.first_null is None:
            tally.first_null = f"{show(steps, indexes)} is null"


def _members_of_items(
    items: list[Any],
    room: int,
    rest: tuple[Step, ...],
    steps: tuple[Step, ...],
    following: int,
    indexes: tuple[int, ...],
    tally: _Tally,
) -> None:
    """The path's member steps in each of the first ``room`` items (the loop of the common case)."""
    if len(rest) == 1:  # items[].id: one member per item, the tightest loop
        name = rest[0]
        present = nulls = 0
        for item in items[:room] if room < len(items) else items:
            if isinstance(item, dict) and name in item:
                present += 1
                if item[name] is None:
                    nulls += 1
        if present == room and not nulls:
            tally.values += present
            return
    for position in range(room):
        value = items[position]
        for offset, name in enumerate(rest):
            if isinstance(value, dict) and name in value:
                value = value[name]
                continue
            tally.missing += 1
            if tally.first_missing is None:
                assert isinstance(name, str)  # for mypy: rest holds member names only
                where = (*indexes, position)
                tally.first_missing = _missing_text(steps, following + offset, where, value, name)
            break
        else:
            _leaf(value, steps, (*indexes, position), tally)


def _missing_text(
    steps: tuple[Step, ...], index: int, indexes: tuple[int, ...], value: Any, step: str
) -> str:
    where = show(steps[:index], indexes)
    if isinstance(value, dict):
        if index == 0:
            return f"the body has no member {json.dumps(step)}"
        return f"{where} has no member {json.dumps(step)}"
    subject = "the body" if index == 0 else where
    return f"{subject} is {describe_value(value)}, not an object"


def _share(count: int, tally: _Tally, lists: int) -> str:
    seen = tally.values + tally.missing
    if not lists or seen <= 1:
        return ""
    return f" ({count} of {seen} examined)"


def _fields(reliance: Reliance, body: Any, budget: _Budget, found: Callable[..., None]) -> None:
    """Report missing and null fields; a field under one already reported is not reported again.

    ``owner`` missing says it all: ``owner.id`` and ``owner.email`` are not
    reported too (one fact, one report), in whatever order they were declared.
    """
    never_null = reliance.never_null
    tallies: list[tuple[FieldPath, _Tally]] = []
    for path in reliance.read_fields:
        tally = _Tally()
        _walk(body, path.steps, 0, (), budget, tally)
        tallies.append((path, tally))
    broken = [
        path.steps
        for path, tally in tallies
        if tally.missing or (tally.nulls and path in never_null)
    ]
    for path, tally in tallies:
        steps = path.steps
        if any(len(other) < len(steps) and steps[: len(other)] == other for other in broken):
            continue  # under a field already reported
        if tally.missing:
            found(
                Breakage.FIELD_MISSING,
                path,
                f"the field {path}",
                f"{tally.first_missing}{_share(tally.missing, tally, path.lists)}",
            )
        if tally.nulls and path in never_null:
            found(
                Breakage.FIELD_NULL,
                path,
                f"{path} never being null",
                f"{tally.first_null}{_share(tally.nulls, tally, path.lists)}",
            )


def _comparable(one: Any, other: Any) -> bool:
    if isinstance(one, str):
        return isinstance(other, str)
    number = (int, float)
    return (
        isinstance(one, number)
        and isinstance(other, number)
        and not isinstance(one, bool)
        and not isinstance(other, bool)
    )


def _member(value: Any, steps: tuple[Step, ...]) -> Any:
    """The value at member steps (no ``[]``), or ``None`` when one is missing."""
    for step in steps:
        if not isinstance(value, dict) or not isinstance(step, str):
            return None
        value = value.get(step)
    return value


def _reach(
    body: Any, steps: tuple[Step, ...], budget: _Budget
) -> list[tuple[Any, tuple[int, ...]]]:
    """Every value the steps lead to, with the item indexes on the way (budgeted)."""
    values: list[tuple[Any, tuple[int, ...]]] = [(body, ())]
    for step in steps:
        following: list[tuple[Any, tuple[int, ...]]] = []
        for value, indexes in values:
            if isinstance(step, str):
                if isinstance(value, dict) and step in value:
                    following.append((value[step], indexes))
            elif isinstance(value, list):
                room = min(len(value), budget.left)
                budget.left -= room
                following.extend((value[i], (*indexes, i)) for i in range(room))
        values = following
    return values


def _in_order(items: list[Any], room: int, key_steps: tuple[Step, ...], descending: bool) -> bool:
    """True when the keys of the first ``room`` items are all numbers (or all text) in order.

    A page with anything else (a missing key, mixed types) is left to the
    item-by-item loop, which skips what it cannot compare.
    """
    window = items[:room] if room < len(items) else items
    if len(key_steps) == 1:
        name = key_steps[0]
        keys = [item.get(name) if isinstance(item, dict) else None for item in window]
    else:
        keys = [_member(item, key_steps) for item in window]
    kinds = {type(key) for key in keys}
    if not (kinds <= {int, float} or kinds == {str}):
        return False
    compare: Callable[[Any, Any], bool] = operator.ge if descending else operator.le
    return all(map(compare, keys, keys[1:]))


def _sort(reliance: Reliance, body: Any, budget: _Budget, found: Callable[..., None]) -> None:
    order = reliance.sort
    if order is None:
        return
    array_steps, key_steps = order.field.split_at_last_list()
    descending = order.direction == "desc"
    for items, indexes in _reach(body, array_steps, budget):
        if not isinstance(items, list):
            continue  # no page to order (a missing array is a field's business)
        room = min(len(items), budget.left)
        budget.left -= room
        if _in_order(items, room, key_steps, descending):
            continue  # the common case, without a comparison per pair in Python
        previous: tuple[int, Any] | None = None
        for position in range(room):
            key = _member(items[position], key_steps)
            if key is None:
                continue
            if previous is not None and _comparable(previous[1], key):
                before = previous[1]
                if key > before if descending else key < before:
                    steps = order.field.steps
                    found(
                        Breakage.SORT_ORDER_CHANGED,
                        order.field,
                        f"pages sorted by {order}",
                        f"{show(steps, (*indexes, position))} ({short(key)}) comes after "
                        f"{show(steps, (*indexes, previous[0]))} ({short(before)})",
                    )
                    return
            previous = (position, key)


def _error_text(details: ErrorDetails | None) -> str:
    if details is not None and details.message:
        return f' (the server says: "{_cut(details.message)}")'
    return ""


def _limits(
    reliance: Reliance,
    status: int,
    query: str,
    details: ErrorDetails | None,
    found: Callable[..., None],
) -> None:
    if not reliance.limits or status not in _LIMIT_STATUSES or not query:
        return
    sent: dict[str, str] = {}
    for name, value in parse_qsl(query[:4096], keep_blank_values=True):
        sent.setdefault(name, value)
    for limit in reliance.limits:
        value = sent.get(limit.parameter, "").strip()
        if value.isdigit() and len(value) < 20 and int(value) <= limit.max:
            found(
                Breakage.LIMIT_REDUCED,
                limit.parameter,
                f"the API accepting {limit.parameter} up to {limit.max}",
                f"the request sent {limit.parameter}={int(value)} and the server answered "
                f"{status}{_error_text(details)}",
            )


def _readable(body: Any, details: ErrorDetails | None) -> bool:
    if isinstance(body, NotJson):
        return False
    return details is not None and bool(details.message or details.code)


def check(
    reliance: Reliance,
    status: int,
    body: Any = NOT_READ,
    error_details: ErrorDetails | None = None,
    *,
    version: str | None = None,
    query: str = "",
    max_items: int = DEFAULT_MAX_ITEMS,
    resource: str | None = None,
) -> tuple[BreakingChange, ...]:
    """Check one response against one declaration (the rules are in the module documentation).

    Args:
        reliance: The declaration.
        status: The response's status.
        body: The decoded body (:func:`read_body`): a JSON value,
            :data:`NOT_READ` or a :class:`NotJson`.
        error_details: What the profile's error parser read from the body of
            an error response (``None``: nothing).
        version: The API version requested, as sent (for messages).
        query: The request's query string (for request limits).
        max_items: Examine at most this many array items in all.
        resource: The resource's name for messages (``"GET /items/{id}"``);
            default: the declaration's template.

    Returns:
        The breaking changes found, in the order of the rules; empty when every
        promise held.  Never raises.
    """
    changes: list[BreakingChange] = []

    def found(category: Breakage, field: FieldPath | str | None, said: str, came: str) -> None:
        changes.append(
            BreakingChange(
                category,
                resource or reliance.resource,
                version,
                None if field is None else str(field),
                said,
                came,
                status,
            )
        )

    if 200 <= status < 300:
        if reliance.statuses and status not in reliance.statuses:
            expected = ", ".join(str(s) for s in sorted(reliance.statuses))
            word = "status" if len(reliance.statuses) == 1 else "one of the statuses"
            found(
                Breakage.STATUS_CHANGED,
                None,
                f"the success {word} {expected}",
                f"the server answered {status}",
            )
            return tuple(changes)
        if body is NOT_READ:
            return ()
        reads = reliance.read_fields or reliance.sort is not None
        if isinstance(body, NotJson):
            if reads:
                first = (reliance.read_fields or (reliance.sort.field,))[0]  # type: ignore[union-attr]
                found(
                    Breakage.BODY_NOT_JSON,
                    None,
                    f"a JSON body (it reads {first})",
                    f"the body is not JSON: {json.dumps(body.preview)}",
                )
            return tuple(changes)
        budget = _Budget(max_items)
        _fields(reliance, body, budget, found)
        _sort(reliance, body, budget, found)
        return tuple(changes)
    if status == 405 or (status == 404 and reliance.removed_on_404):
        found(
            Breakage.ENDPOINT_REMOVED,
            None,
            "the endpoint existing at this version",
            f"the server answered {status}{_error_text(error_details)}",
        )
        return tuple(changes)
    if status < 400:
        return ()
    _limits(reliance, status, query, error_details, found)
    if (
        reliance.errors_readable
        and status not in GATEWAY_STATUSES
        and body is not NOT_READ
        and not _readable(body, error_details)
    ):
        if isinstance(body, NotJson):
            came = f"the error body ({status}) is not JSON: {json.dumps(body.preview)}"
        else:
            came = (
                f"the profile's error parser reads neither a message nor a code from the "
                f"error body ({status}): {short(body)}"
            )
        found(Breakage.ERROR_FORMAT_CHANGED, None, "error bodies the profile can read", came)
    return tuple(changes)
