"""A plain FastAPI app (no versioning framework) that reads its own ``api-version`` header.

The header is a route dependency typed ``Literal["1", "2"]``: any other value is
FastAPI's 422 naming ``["header", "api-version"]``.  A query-parameter route
does the same with ``?api-version=``.  Served by uvicorn in a subprocess.
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import FastAPI, Header, Query

app = FastAPI()

Version = Literal["1", "2"]


@app.get("/items/{item_id}")
async def get_item(
    item_id: int, api_version: Annotated[Version, Header(alias="api-version")]
) -> dict[str, object]:
    """One item at the version the header asks for."""
    return {"id": item_id, "version": api_version}


@app.get("/search")
async def search(
    q: str, api_version: Annotated[Version, Query(alias="api-version")]
) -> dict[str, object]:
    """A search at the version the query parameter asks for."""
    return {"q": q, "version": api_version}


@app.get("/healthz")
async def healthz() -> dict[str, str]:
    """Readiness probe."""
    return {"status": "ok"}
