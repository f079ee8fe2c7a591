"""Declarations derived from an OpenAPI document: an SDK generated from it gets its tripwire free.

For each operation chosen (``"GET /items/{id}"`` or an ``operationId``; all
of them by default), one :class:`Reliance`:

* ``statuses``: the operation's documented success statuses (``200``, ``201``...;
  ``2XX`` and ``default`` promise no one status and are left out);
* ``fields`` and ``never_null``: the *required* properties of the JSON schema
  of its first success response with a JSON body, walked through objects
  (``a.b``), arrays (``items[].id``), local ``$ref`` (``#/...``) and
  ``allOf``; a required property that may be null (OpenAPI 3.0 ``nullable:
  true``, 3.1 ``type: [..., "null"]``) is a field, any other a ``never_null``
  field.  ``oneOf``, ``anyOf`` and properties that are not required promise
  nothing an SDK can rely on, and are not followed.

The walk is bounded: at most :data:`MAX_DEPTH` levels and :data:`MAX_FIELDS`
fields per operation, and a ``$ref`` already on the way is not followed again
(recursive schemas end).  A document this cannot read raises ``ValueError``
naming the operation and where.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Final

from apiversion_client._tripwire._model import Reliance, VersionRange

__all__ = ["MAX_DEPTH", "MAX_FIELDS", "relies_from_openapi"]

#: The deepest a schema is walked (``a.b.c...``: levels of objects and arrays).
MAX_DEPTH: Final = 8
#: The most fields derived for one operation.
MAX_FIELDS: Final = 200
_METHODS: Final = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
_JSON_TYPES: Final = ("application/json", "application/problem+json")


def _resolve(
    document: Mapping[str, Any], schema: Any, seen: tuple[str, ...]
) -> tuple[Any, tuple[str, ...]]:
    """Follow local ``$ref``s; return the schema and the references on the way."""
    while isinstance(schema, Mapping) and isinstance(schema.get("$ref"), str):
        reference = schema["$ref"]
        if not reference.startswith("#/") or reference in seen:
            return None, seen  # not local, or recursive: promise nothing further
        seen = (*seen, reference)
        target: Any = document
        for part in reference[2:].split("/"):
            part = part.replace("~1", "/").replace("~0", "~")
            if not isinstance(target, Mapping) or part not in target:
                raise ValueError(f"$ref {reference!r} points at nothing")
            target = target[part]
        schema = target
    return schema, seen


def _nullable(schema: Mapping[str, Any]) -> bool:
    kind = schema.get("type")
    return bool(schema.get("nullable")) or (isinstance(kind, list) and "null" in kind)


def _merged(
    document: Mapping[str, Any], schema: Mapping[str, Any], seen: tuple[str, ...]
) -> tuple[dict[str, Any], list[object], tuple[str, ...]]:
    """An object schema's properties and required names, ``allOf`` merged in."""
    properties = dict(schema.get("properties") or {})
    required: list[object] = list(schema.get("required") or [])
    for part in schema.get("allOf") or ():
        resolved, seen_part = _resolve(document, part, seen)
        if isinstance(resolved, Mapping):
            more, needed, _ = _merged(document, resolved, seen_part)
            properties.update(more)
            required.extend(needed)
    return properties, required, seen


def _walk(
    document: Mapping[str, Any],
    schema: Any,
    path: str,
    seen: tuple[str, ...],
    depth: int,
    out: dict[str, bool],
) -> None:
    """Add the required fields under ``path``: field path -> may it be null."""
    schema, seen = _resolve(document, schema, seen)
    if not isinstance(schema, Mapping) or depth > MAX_DEPTH or len(out) >= MAX_FIELDS:
        return
    if schema.get("type") == "array" or (
        isinstance(schema.get("type"), list) and "array" in schema["type"]
    ):
        _walk(document, schema.get("items"), f"{path}[]", seen, depth + 1, out)
        return
    properties, required, seen = _merged(document, schema, seen)
    for name in dict.fromkeys(required):
        if not isinstance(name, str) or name not in properties or len(out) >= MAX_FIELDS:
            continue
        if any(character in name for character in ".[] \t\r\n"):
            continue  # a name a field path cannot hold
        field = f"{path}.{name}" if path else name
        member, member_seen = _resolve(document, properties[name], seen)
        nullable = isinstance(member, Mapping) and _nullable(member)
        out[field] = nullable
        if isinstance(member, Mapping):
            _walk(document, member, field, member_seen, depth + 1, out)


def _success(operation: Mapping[str, Any]) -> tuple[list[int], Any]:
    statuses: list[int] = []
    schema = None
    for code, response in (operation.get("responses") or {}).items():
        text = str(code)
        if not (len(text) == 3 and text.isdigit() and text.startswith("2")):
            continue
        statuses.append(int(text))
        if schema is None and isinstance(response, Mapping):
            content = response.get("content") or {}
            for media, body in content.items():
                if (media in _JSON_TYPES or media.endswith("+json")) and isinstance(body, Mapping):
                    schema = body.get("schema")
                    break
    return sorted(statuses), schema


def relies_from_openapi(
    document: Mapping[str, Any],
    operations: Iterable[str] | None = None,
    *,
    versions: VersionRange | str | None = None,
) -> tuple[Reliance, ...]:
    """Derive declarations from an OpenAPI 3 document (rules in the module documentation).

    Args:
        document: The OpenAPI document, decoded (``json.load``, or a YAML loader).
        operations: The operations the SDK uses: ``"GET /items/{id}"`` or
            ``operationId`` values; default: every operation of the document.
        versions: The API versions the document describes (a range or its text);
            default: every version.

    Returns:
        One declaration per operation, in the document's order.

    Raises:
        ValueError: An operation asked for is not in the document, or a ``$ref``
            points at nothing; the message names it.
    """
    paths = document.get("paths")
    if not isinstance(paths, Mapping):
        raise ValueError("not an OpenAPI document: no 'paths' object")
    wanted = None if operations is None else {str(op).strip(): False for op in operations}
    relies: list[Reliance] = []
    for path, item in paths.items():
        if not isinstance(item, Mapping):
            continue
        for method in _METHODS:
            operation = item.get(method)
            if not isinstance(operation, Mapping):
                continue
            name = f"{method.upper()} {path}"
            ident = operation.get("operationId")
            if wanted is not None:
                hit = [key for key in (name, ident) if key in wanted]
                if not hit:
                    continue
                for key in hit:
                    wanted[key] = True
            try:
                statuses, schema = _success(operation)
                fields: dict[str, bool] = {}
                if schema is not None:
                    _walk(document, schema, "", (), 0, fields)
                relies.append(
                    Reliance(
                        name,
                        versions=versions,
                        statuses=statuses,
                        fields=[f for f, nullable in fields.items() if nullable],
                        never_null=[f for f, nullable in fields.items() if not nullable],
                        description=operation.get("summary")
                        if isinstance(operation.get("summary"), str)
                        else None,
                    )
                )
            except ValueError as error:
                raise ValueError(f"{name}: {error}") from None
    missing = [key for key, found in (wanted or {}).items() if not found]
    if missing:
        raise ValueError(f"not in the OpenAPI document: {', '.join(repr(m) for m in missing)}")
    return tuple(relies)
