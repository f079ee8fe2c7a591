"""A Cadwyn app with two date versions, served by uvicorn in a subprocess (``_serve.py``).

``2024-06-01`` is the newest version; ``2023-01-01`` had ``title`` where the
newest has ``name`` (a Cadwyn version change migrates the response back), and
is deprecated: the app adds ``Deprecation`` and ``Sunset`` to every response
served at it, as an application built on Cadwyn would (Cadwyn sends none).
Nothing here imports apiversion_client: the server is a peer, not a fixture.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from cadwyn import (
    Cadwyn,
    ResponseInfo,
    Version,
    VersionBundle,
    VersionChange,
    VersionedAPIRouter,
    convert_response_to_previous_version_for,
    schema,
)
from fastapi import HTTPException, Request, Response
from pydantic import BaseModel

NEWEST = "2024-06-01"
OLDEST = "2023-01-01"
DEPRECATED_HEADERS = {
    "Deprecation": "@1704067200",  # 2024-01-01
    "Sunset": "Thu, 31 Dec 2099 23:59:59 GMT",
    "Link": '<https://example.invalid/changelog#2024-06-01>; rel="successor-version"',
}


class Item(BaseModel):
    """One item, as the newest version has it."""

    id: int
    name: str


ITEMS = {1: Item(id=1, name="widget"), 2: Item(id=2, name="gadget")}

router = VersionedAPIRouter()


@router.get("/items/{item_id}")
async def get_item(item_id: int) -> Item:
    """One item, or FastAPI's 404 for an unknown id."""
    if item_id not in ITEMS:
        raise HTTPException(status_code=404, detail="Item not found")
    return ITEMS[item_id]


class RenameTitleToName(VersionChange):
    """Items are named ``name``; before 2024-06-01 the field was ``title``."""

    description = "Items are named name; before 2024-06-01 the field was title."
    instructions_to_migrate_to_previous_version = (schema(Item).field("name").had(name="title"),)

    @convert_response_to_previous_version_for(Item)
    def name_to_title(response: ResponseInfo) -> None:  # type: ignore[misc]  # Cadwyn's style
        response.body["title"] = response.body.pop("name")


app = Cadwyn(versions=VersionBundle(Version(NEWEST, RenameTitleToName), Version(OLDEST)))
app.generate_and_include_versioned_routers(router)


@app.middleware("http")
async def deprecate_oldest(
    request: Request, call_next: Callable[[Request], Awaitable[Response]]
) -> Response:
    """Mark responses served at the oldest version as deprecated (what the app says)."""
    response = await call_next(request)
    if response.headers.get("x-api-version") == OLDEST:
        response.headers.update(DEPRECATED_HEADERS)
    return response
