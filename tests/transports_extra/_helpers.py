"""Server handlers shared by the transport-specific tests."""

from __future__ import annotations

import json

from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

DEPRECATED = [("Deprecation", "@1688169600"), ("Sunset", "Wed, 01 Jan 2031 00:00:00 GMT")]
GONE = {"error": {"message": "Version %s was removed", "parameters": ["3"]}}
UNSUPPORTED = {"message": "Unsupported 'X-GitHub-Api-Version' header: 2020-01-01"}


def echo(request: Request) -> Response:
    """Answer with the request's method, path, body and headers as JSON."""
    return Response(
        json.dumps(
            {
                "method": request.method,
                "path": request.path,
                "body": request.get_data(as_text=True),
                "headers": {k.lower(): v for k, v in request.headers.items()},
            }
        ),
        content_type="application/json",
    )


def seen(server: HTTPServer, name: str) -> list[tuple[str, str, str | None]]:
    """(method, path, value of header ``name``) for every request ``server`` received."""
    return [(r.method, r.path, r.headers.get(name)) for r, _ in server.log]
