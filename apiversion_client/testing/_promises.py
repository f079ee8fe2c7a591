"""What the reference server promises for declared resources, and how it breaks them on purpose.

Pure functions and frozen values; :class:`~apiversion_client.testing.ReferenceServer`
applies them to the replies of :func:`~apiversion_client.testing._replies.decide`.

Keeping the promises (a resource some ``[[relies]]`` declaration names, at a
version its range holds, answered ``200``):

* the status is ``200``, or the lowest success status the declarations expect
  when they do not expect ``200`` (``statuses = [201]``);
* the body holds every declared field (``fields``, ``never_null``, the sort
  field), none ``null``: an array has as many items as the request's declared
  limit parameter asks (at most :data:`MAX_PAGE`), else :data:`PAGE`; a
  member the sort order names counts up (``asc``) or down (``desc``) with the
  item; other values are text naming the member and the item.  The reference
  server's own members (``version``, ``resource``, ``path``, ``status``) stay
  unless a declared field has the same name;
* a request that sends a declared limit parameter above its ``max`` is answered
  ``400`` in the profile's error format (the API enforces its limits).

Breaking them (:class:`BrokenPromise`, one ``how`` each), for the resource at the
versions given:

* ``drop-field``: the field is removed (from every item, for ``items[].id``);
* ``null-field``: the field is ``null`` (in every item);
* ``change-status``: the success status is ``status`` instead of ``200``;
* ``reorder``: the array of the sort field (``field=``, else the declared sort
  order's) is reversed;
* ``not-json``: the success body is an HTML page (what a gateway answers when
  it routes a request elsewhere), same status;
* ``error-format``: every error answer for the resource comes in another format
  (an API gateway's ``{"fault": {...}}``), with the same status;
* ``remove-endpoint``: the resource is answered ``404`` (or ``status=405``);
* ``reduce-limit``: the API accepts the limit parameter only up to ``limit``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Final, Literal, get_args
from urllib.parse import parse_qsl

import attrs

from apiversion_client._tripwire._model import Reliance, VersionRange, template_key
from apiversion_client._tripwire._paths import EVERY, FieldPath, Step

__all__ = [
    "GATEWAY_FAULT",
    "HOWS",
    "MAX_PAGE",
    "NOT_JSON_PAGE",
    "PAGE",
    "BrokenPromise",
    "How",
    "RawBody",
    "apply_breaks",
    "limit_refused",
    "matching",
    "page_size",
    "promised_body",
    "promised_status",
    "resource_key",
]

#: How a promise can be broken on purpose.
How = Literal[
    "drop-field",
    "null-field",
    "change-status",
    "reorder",
    "not-json",
    "error-format",
    "remove-endpoint",
    "reduce-limit",
]
HOWS: Final[tuple[str, ...]] = get_args(How)
#: Items in an array of a promised body, unless the request asks for another number.
PAGE: Final = 3
#: The most items an array of a promised body has, whatever the request asks.
MAX_PAGE: Final = 100
#: The success body of ``not-json``: a gateway's page, not the API's JSON.
NOT_JSON_PAGE: Final = "<html><body><h1>Service moved</h1></body></html>"


@attrs.frozen
class RawBody:
    """A body sent as it is, not as JSON (``not-json``).

    Attributes:
        text: The body.
        content_type: Its ``Content-Type``.
    """

    text: str
    content_type: str = "text/html; charset=utf-8"


#: The error body of a broken error format: an API gateway's (Apigee's) shape,
#: which no built-in error parser reads a message from.
GATEWAY_FAULT: Final[dict[str, Any]] = {
    "fault": {
        "faultstring": "Unexpected error in the gateway",
        "detail": {"errorcode": "messaging.adaptors.http.flow.ErrorResponseCode"},
    }
}


def _field(value: FieldPath | str | None) -> FieldPath | None:
    return None if value is None else FieldPath.of(value)


def _versions(value: VersionRange | str | None) -> VersionRange:
    return VersionRange.of(value)


@attrs.frozen
class BrokenPromise:
    """One promise the reference server breaks on purpose (see the module documentation).

    Raises:
        ValueError: An unknown ``how``, or the arguments it needs missing or wrong.
    """

    resource: str
    how: How
    versions: VersionRange = attrs.field(factory=VersionRange, converter=_versions)
    field: FieldPath | None = attrs.field(default=None, converter=_field)
    status: int | None = None
    limit: int | None = None
    parameter: str | None = None
    _key: tuple[str | None, str] = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        # The template is checked (and keyed) the way declarations are.
        object.__setattr__(self, "_key", Reliance(self.resource).key)
        how = self.how
        if how not in HOWS:
            raise ValueError(f"how: expected one of {', '.join(HOWS)}, got {how!r}")
        if how in ("drop-field", "null-field") and (
            self.field is None or not isinstance(self.field.steps[-1], str)
        ):
            raise ValueError(
                f"how={how!r} needs field= naming a member (e.g. 'items[].id'), "
                f"got {str(self.field) if self.field else None!r}"
            )
        if how == "reorder" and self.field is not None and EVERY not in self.field.steps:
            raise ValueError(
                f"how='reorder' takes field= inside a list (e.g. 'items[].name'), "
                f"got {str(self.field)!r}"
            )
        parameter: object = self.parameter  # typed str, but given at run time
        if parameter is not None and (not isinstance(parameter, str) or not parameter.strip()):
            raise ValueError(f"parameter: expected a query parameter name, got {self.parameter!r}")
        if how == "change-status" and (
            type(self.status) is not int or not 200 <= self.status <= 299
        ):
            raise ValueError(
                f"how='change-status' needs status= from 200 to 299, got {self.status!r}"
            )
        if how == "remove-endpoint" and self.status not in (None, 404, 405):
            raise ValueError(f"how='remove-endpoint' takes status=404 or 405, got {self.status!r}")
        if how == "reduce-limit" and (type(self.limit) is not int or self.limit < 0):
            raise ValueError(
                f"how='reduce-limit' needs limit= (a number, 0 or more), got {self.limit!r}"
            )

    @property
    def key(self) -> tuple[str | None, str]:
        """The resource's key (see :func:`~apiversion_client._tripwire._model.template_key`)."""
        return self._key


# ------------------------------------------------------------ the promised body


_Leaf = None
_Shape = dict[str, Any] | list[Any] | None  # object members, [item shape], or a leaf


def _add(shape: _Shape, steps: tuple[Step, ...]) -> _Shape:
    if not steps:
        return shape if shape is not None else _Leaf
    step, rest = steps[0], steps[1:]
    if isinstance(step, str):
        members = shape if isinstance(shape, dict) else {}
        members[step] = _add(members.get(step), rest)
        return members
    item = shape[0] if isinstance(shape, list) else None
    return [_add(item, rest)]


def _sorted_leaves(relies: Iterable[Reliance]) -> dict[tuple[Step, ...], str]:
    return {
        reliance.sort.field.steps: reliance.sort.direction
        for reliance in relies
        if reliance.sort is not None
    }


def _fill(
    shape: _Shape,
    steps: tuple[Step, ...],
    item: int,
    size: int,
    orders: dict[tuple[Step, ...], str],
) -> Any:
    if isinstance(shape, dict):
        return {
            name: _fill(member, (*steps, name), item, size, orders)
            for name, member in shape.items()
        }
    if isinstance(shape, list):
        return [_fill(shape[0], (*steps, EVERY), i, size, orders) for i in range(size)]
    direction = orders.get(steps)
    if direction is not None:
        return item + 1 if direction == "asc" else size - item
    name = next((step for step in reversed(steps) if isinstance(step, str)), "item")
    return f"{name}-{item + 1}"


def page_size(relies: Iterable[Reliance], query: str) -> int:
    """How many items each array of the promised body has for this request."""
    parameters = {limit.parameter for reliance in relies for limit in reliance.limits}
    if parameters and query:
        for name, value in parse_qsl(query, keep_blank_values=True):
            if name in parameters and value.strip().isdigit() and len(value.strip()) < 10:
                return min(int(value), MAX_PAGE)
    return PAGE


def promised_body(relies: tuple[Reliance, ...], query: str, base: dict[str, Any]) -> Any:
    """The body that keeps every promise of ``relies`` (``base``'s members kept)."""
    shape: _Shape = None
    for reliance in relies:
        paths = [*reliance.read_fields, *((reliance.sort.field,) if reliance.sort else ())]
        for path in paths:
            shape = _add(shape, path.steps)
    if shape is None:
        return base
    body = _fill(shape, (), 0, page_size(relies, query), _sorted_leaves(relies))
    if isinstance(body, dict):
        return {**base, **body}
    return body


def promised_status(relies: tuple[Reliance, ...]) -> int:
    """``200``, unless the declarations expect others (then the lowest they share)."""
    declared = [reliance.statuses for reliance in relies if reliance.statuses]
    if not declared:
        return 200
    shared = frozenset.intersection(*declared) or declared[0]
    return 200 if 200 in shared else min(shared)


def limit_refused(
    relies: tuple[Reliance, ...], breaks: tuple[BrokenPromise, ...], query: str
) -> tuple[str, int, int] | None:
    """``(parameter, sent, max)`` when the request sends a limit above what the API accepts."""
    accepted = {limit.parameter: limit.max for reliance in relies for limit in reliance.limits}
    for broken in breaks:
        if broken.how == "reduce-limit" and broken.limit is not None:
            name = broken.parameter or next(iter(accepted), "limit")
            accepted[name] = min(accepted.get(name, broken.limit), broken.limit)
    if not accepted or not query:
        return None
    for name, value in parse_qsl(query, keep_blank_values=True):
        text = value.strip()
        if name in accepted and text.isdigit() and (len(text) > 9 or int(text) > accepted[name]):
            return name, int(text[:10]), accepted[name]
    return None


# ------------------------------------------------------------ breaking it


def _each_parent(body: Any, steps: tuple[Step, ...]) -> list[Any]:
    """Every value the path's steps but the last lead to."""
    values = [body]
    for step in steps:
        following: list[Any] = []
        for value in values:
            if isinstance(step, str):
                if isinstance(value, dict) and step in value:
                    following.append(value[step])
            elif isinstance(value, list):
                following.extend(value)
        values = following
    return values


def _member_target(path: FieldPath) -> tuple[tuple[Step, ...], str] | None:
    steps = path.steps
    while steps and not isinstance(steps[-1], str):
        steps = steps[:-1]  # "items[]" drops (or nulls) the member "items"
    if not steps:
        return None
    last = steps[-1]
    assert isinstance(last, str)  # for mypy: the loop above stops at a member
    return steps[:-1], last


def _drop(body: Any, path: FieldPath, null: bool) -> None:
    target = _member_target(path)
    if target is None:
        return
    parents, name = target
    for parent in _each_parent(body, parents):
        if isinstance(parent, dict) and name in parent:
            if null:
                parent[name] = None
            else:
                del parent[name]


def _reverse(body: Any, path: FieldPath) -> None:
    if not path.lists:
        return
    array_steps, _ = path.split_at_last_list()
    for array in _each_parent(body, array_steps):
        if isinstance(array, list):
            array.reverse()


def apply_breaks(
    body: Any, status: int, breaks: tuple[BrokenPromise, ...], relies: tuple[Reliance, ...]
) -> tuple[Any, int]:
    """Break the promises of a success body (changed in place); return it and its status."""
    for broken in breaks:
        if broken.how in ("drop-field", "null-field") and broken.field is not None:
            _drop(body, broken.field, null=broken.how == "null-field")
        elif broken.how == "reorder":
            field = broken.field or next(
                (reliance.sort.field for reliance in relies if reliance.sort is not None), None
            )
            if field is not None:
                _reverse(body, field)
        elif broken.how == "change-status" and broken.status is not None:
            status = broken.status
    if any(broken.how == "not-json" for broken in breaks):
        return RawBody(NOT_JSON_PAGE), status
    return body, status


def matching(
    items: Iterable[Any], key: tuple[str | None, str], method: str, version: str | None
) -> tuple[Any, ...]:
    """The declarations or broken promises for a request's resource key and version."""
    _, path = key
    found = []
    for item in items:
        item_method, item_path = item.key
        if item_path != path or item_method not in (None, method):
            continue
        ranged = item.versions
        if version in ranged:
            found.append(item)
    return tuple(found)


def resource_key(name: str) -> tuple[str | None, str]:
    """The key of a request's resource name (``"GET /items/{id}"``)."""
    method, _, path = name.partition(" ")
    return template_key(method, path)
