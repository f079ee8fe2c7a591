"""Helpers for the transport tests: server handlers and what the servers saw."""

from __future__ import annotations

import json

from pytest_httpserver import HTTPServer
from werkzeug import Request, Response


def echo(request: Request) -> Response:
    """Answer with the request's method, path, query and headers as JSON."""
    return Response(
        json.dumps(
            {
                "method": request.method,
                "path": request.path,
                "query": list(request.args.items(multi=True)),
                "headers": {k.lower(): v for k, v in request.headers.items()},
            }
        ),
        content_type="application/json",
    )


def seen_headers(server: HTTPServer, name: str) -> list[str | None]:
    """The value of one request header on every request ``server`` received, in order."""
    return [request.headers.get(name) for request, _response in server.log]
