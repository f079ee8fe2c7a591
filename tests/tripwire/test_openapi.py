"""Declarations derived from an OpenAPI document: statuses and required fields, bounded."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from apiversion_client import (
    CompatibilityMatrix,
    NoticeKind,
    Policy,
    Reliance,
    Tripwire,
    VersionedSession,
)
from apiversion_client._tripwire._openapi import MAX_DEPTH, relies_from_openapi
from apiversion_client.testing import ReferenceServer

DOCUMENT = json.loads((Path(__file__).parent / "data" / "items.openapi.json").read_text())


def test_each_operation_gets_its_statuses_and_required_fields():
    """Success statuses (not 2XX, not default); required properties through $ref, allOf, arrays."""
    derived = {r.resource: r for r in relies_from_openapi(DOCUMENT)}
    assert list(derived) == [
        "GET /items",
        "POST /items",
        "GET /items/{itemId}",
        "DELETE /items/{itemId}",
    ]
    page = derived["GET /items"]
    assert page.statuses == frozenset({200})
    assert [str(f) for f in page.fields] == ["items[].owner.email", "nextCursor"]
    assert [str(f) for f in page.never_null] == [
        "items",
        "items[].id",
        "items[].createdTime",
        "items[].name",
        "items[].owner",
        "items[].owner.id",
    ]
    assert page.description == "List items, page by page"
    assert derived["POST /items"].statuses == frozenset({201, 202})
    assert derived["DELETE /items/{itemId}"] == Reliance("DELETE /items/{itemId}", statuses=[204])


def test_operations_are_chosen_by_template_or_operation_id():
    """The SDK's operations only, named either way; one not in the document is an error."""
    chosen = relies_from_openapi(DOCUMENT, ["getItem", "GET /items"], versions=">=2024-06-01")
    assert [r.resource for r in chosen] == ["GET /items", "GET /items/{itemId}"]
    assert all(str(r.versions) == ">=2024-06-01" for r in chosen)
    with pytest.raises(ValueError, match="not in the OpenAPI document: 'GET /nope', 'zap'"):
        relies_from_openapi(DOCUMENT, ["GET /nope", "listItems", "zap"])


def test_bad_documents_are_refused_naming_where():
    """No paths, or a $ref to nothing: a ValueError naming the operation."""
    with pytest.raises(ValueError, match="no 'paths'"):
        relies_from_openapi({"openapi": "3.1.0"})
    broken = {
        "paths": {
            "/x": {
                "get": {
                    "responses": {
                        "200": {
                            "content": {
                                "application/json": {"schema": {"$ref": "#/components/nope"}}
                            }
                        }
                    }
                }
            }
        }
    }
    with pytest.raises(ValueError, match=r"GET /x: \$ref '#/components/nope' points at nothing"):
        relies_from_openapi(broken)


def _response(schema: dict) -> dict:
    return {
        "paths": {
            "/x": {
                "get": {"responses": {"200": {"content": {"application/json": {"schema": schema}}}}}
            }
        }
    }


def test_recursive_and_deep_schemas_end():
    """A schema that requires itself is not followed again; depth is bounded; odd names skipped."""
    node = {
        "type": "object",
        "required": ["id", "child", "a.b", "tags"],
        "properties": {
            "id": {"type": "string"},
            "child": {"$ref": "#/components/schemas/Node"},
            "a.b": {"type": "string"},
            "tags": {
                "type": "array",
                "items": {
                    "type": "array",
                    "items": {"type": "object", "required": ["k"], "properties": {"k": {}}},
                },
            },
        },
    }
    document = {
        **_response({"$ref": "#/components/schemas/Node"}),
        "components": {"schemas": {"Node": node}},
    }
    [reliance] = relies_from_openapi(document)
    # Node is on the way when child refers to it again: followed once, not twice.
    assert [str(f) for f in reliance.never_null] == ["id", "child", "tags", "tags[][].k"]
    deep: dict = {"type": "object", "required": ["v"], "properties": {"v": {}}}
    for _ in range(MAX_DEPTH + 5):
        deep = {"type": "object", "required": ["n"], "properties": {"n": deep}}
    [bounded] = relies_from_openapi(_response(deep))
    assert max(len(str(f).split(".")) for f in bounded.never_null) <= MAX_DEPTH + 1


def test_oneof_and_optional_properties_promise_nothing():
    """oneOf/anyOf and properties not required are not fields an SDK relies on."""
    schema = {
        "type": "object",
        "required": ["kind", "shape"],
        "properties": {
            "kind": {"type": "string"},
            "shape": {"oneOf": [{"type": "object", "required": ["r"], "properties": {"r": {}}}]},
            "note": {"type": "string"},
        },
    }
    [reliance] = relies_from_openapi(_response(schema))
    assert [str(f) for f in reliance.never_null] == ["kind", "shape"]


@pytest.mark.network
def test_a_tripwire_from_openapi_catches_what_the_document_promised():
    """Tripwire.from_openapi: the reference server drops a required field; the session notices."""
    wire = Tripwire.from_openapi(DOCUMENT, ["listItems"], sample_rate=1.0)
    matrix = CompatibilityMatrix.loads('[[versions]]\nversion = "2024-06-01"\n')
    with ReferenceServer(matrix, "github", relies=wire) as server:
        session = VersionedSession(
            server.base_url,
            profile="github",
            api_version="2024-06-01",
            policy=Policy(default="collect"),
            relies=wire,
        )
        assert session.get("/items").api_notices == ()
        server.break_promise("GET /items", "drop-field", field="items[].owner")
        notices = session.get("/items").api_notices
        session.close()
    assert [(n.kind, n.detail) for n in notices] == [
        (NoticeKind.BREAKING_CHANGE, "field-missing items[].owner")  # not owner.id, owner.email
    ]
