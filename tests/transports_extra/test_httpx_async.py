"""httpx (async): pins per asyncio task, errors as HTTPStatusErrors, warnings at the caller."""

from __future__ import annotations

import asyncio
import warnings

import httpx
import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Response

from apiversion_client import ApiDeprecationWarning, ApiVersionRemovedError
from apiversion_client.transports.httpx import AsyncVersionedClient, HttpxApiVersionRemovedError

from ._helpers import DEPRECATED, GONE, echo, seen
from .conftest import TIMEOUT

pytestmark = pytest.mark.network

TASKS = 20


def _client(server: HTTPServer, **kwargs: object) -> AsyncVersionedClient:
    kwargs.setdefault("timeout", TIMEOUT)
    return AsyncVersionedClient(
        server.url_for("/gdc"),
        profile="gooddata",
        api_version="1",
        **kwargs,  # type: ignore[arg-type]
    )


async def _header(client: AsyncVersionedClient, **kwargs: object) -> str:
    response = await client.get("/x", **kwargs)  # type: ignore[arg-type]
    return str(response.json()["headers"]["x-gdc-version"])


def test_each_task_sees_only_its_own_pinned_block(httpserver: HTTPServer):
    """20 concurrent tasks, each in its own ``pinned()`` block: no pin leaks between tasks."""
    httpserver.expect_request("/gdc/x").respond_with_handler(echo)

    async def task(client: AsyncVersionedClient, mine: str) -> list[tuple[str, str]]:
        got = []
        with client.pinned(mine):
            for _ in range(3):
                got.append((mine, await _header(client)))
                await asyncio.sleep(0)  # let the other tasks run inside their blocks
            override = mine + "0"
            got.append((override, await _header(client, api_version=override)))
        got.append(("1", await _header(client)))
        return got

    async def main() -> list[tuple[str, str]]:
        async with _client(httpserver) as client:
            done = await asyncio.wait_for(
                asyncio.gather(*(task(client, str(n + 2)) for n in range(TASKS))), 60
            )
        return [pair for pairs in done for pair in pairs]

    results = asyncio.run(main())
    assert len(results) == TASKS * 5
    assert all(expected == got for expected, got in results)


def test_a_block_in_one_task_is_not_seen_by_a_sibling_task(httpserver: HTTPServer):
    """A task created before the block, running while it is open, keeps the client's pin."""
    httpserver.expect_request("/gdc/x").respond_with_handler(echo)

    async def main() -> tuple[str, str, str]:
        async with _client(httpserver) as client:
            inside = asyncio.Event()
            release = asyncio.Event()

            async def sibling() -> str:
                await inside.wait()
                value = await _header(client)
                release.set()
                return value

            other = asyncio.create_task(sibling())
            with client.pinned("5"):
                inside.set()
                await asyncio.wait_for(release.wait(), TIMEOUT)
                here = await _header(client)
                child = await asyncio.create_task(_header(client))  # created inside: inherits
            return await other, here, child

    assert asyncio.run(main()) == ("1", "5", "5")


def test_redirect_hops_are_pinned_in_async_too(httpserver: HTTPServer, other_server: HTTPServer):
    """The async transport pins each in-scope hop and never the other host."""
    httpserver.expect_request("/gdc/a").respond_with_response(
        Response(status=302, headers={"Location": other_server.url_for("/c")})
    )
    other_server.expect_request("/c").respond_with_handler(echo)

    async def main() -> httpx.Response:
        async with _client(httpserver, follow_redirects=True) as client:
            return await client.get("/a", api_version="4")

    response = asyncio.run(main())
    assert "x-gdc-version" not in response.json()["headers"]
    assert seen(httpserver, "X-GDC-Version") == [("GET", "/gdc/a", "4")]


def test_a_removed_version_is_an_http_status_error_with_its_body(httpserver: HTTPServer):
    """The async error is an ``httpx.HTTPStatusError`` and the library's error, body readable."""
    httpserver.expect_request("/gdc/p").respond_with_json(GONE, status=410)
    limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)

    async def main() -> list[BaseException]:
        errors: list[BaseException] = []
        timeout = httpx.Timeout(TIMEOUT, pool=2)
        async with _client(httpserver, limits=limits, timeout=timeout) as client:
            for _ in range(3):  # on one connection: each error gave it back
                try:
                    await client.get("/p")
                except httpx.HTTPStatusError as exc:
                    errors.append(exc)
        return errors

    errors = asyncio.run(main())
    assert len(errors) == 3
    error = errors[0]
    assert isinstance(error, HttpxApiVersionRemovedError)
    assert isinstance(error, ApiVersionRemovedError)
    assert error.response.json() == GONE
    assert error.request.headers["X-GDC-Version"] == "1"


def test_a_deprecation_warns_once_at_the_awaiting_line(httpserver: HTTPServer):
    """In a coroutine the warning points at this file's ``await`` line, once per client."""
    httpserver.expect_request("/gdc/p").respond_with_data("{}", headers=DEPRECATED)

    async def main() -> None:
        async with _client(httpserver) as client:
            await client.get("/p")
            await client.get("/p")

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        asyncio.run(main())
    assert [w.category for w in caught] == [ApiDeprecationWarning]
    assert caught[0].filename == __file__


def test_the_stream_method_takes_a_per_request_pin(httpserver: HTTPServer):
    """``client.stream(..., api_version=)`` pins that request only."""
    httpserver.expect_request("/gdc/x").respond_with_handler(echo)

    async def main() -> list[str]:
        async with _client(httpserver) as client:
            async with client.stream("GET", "/x", api_version="3") as response:
                await response.aread()
                first = str(response.json()["headers"]["x-gdc-version"])
            return [first, await _header(client)]

    assert asyncio.run(main()) == ["3", "1"]
