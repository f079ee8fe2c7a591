"""Serve one interop app on a listening socket the test process hands down.

Usage: ``python _serve.py (cadwyn|fastapi|drf) FD``.  The test binds
127.0.0.1 port 0 and passes the socket's file descriptor, so there is no race
for a port.  Cadwyn and FastAPI apps are served by uvicorn; the Django REST
framework app by Django's development server class (``runserver``'s).
"""

from __future__ import annotations

import importlib
import socket
import sys


def _serve_uvicorn(module_name: str, sock: socket.socket) -> None:
    import uvicorn

    app = importlib.import_module(module_name).app
    config = uvicorn.Config(
        app,
        log_level="warning",
        access_log=False,
        lifespan="off",
        timeout_graceful_shutdown=2,
    )
    uvicorn.Server(config).run(sockets=[sock])


def _serve_django(sock: socket.socket) -> None:
    importlib.import_module("drf_app")  # configures Django
    from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler
    from django.core.wsgi import get_wsgi_application

    host, port = sock.getsockname()[:2]
    server = ThreadedWSGIServer((host, port), WSGIRequestHandler, bind_and_activate=False)
    server.socket.close()
    server.socket = sock
    server.server_address = (host, port)
    # What HTTPServer.server_bind would set, without a name lookup.
    server.server_name, server.server_port = host, port
    server.setup_environ()
    server.set_app(get_wsgi_application())
    server.serve_forever(poll_interval=0.1)


def main(argv: list[str]) -> None:
    kind, fd = argv[1], int(argv[2])
    sock = socket.socket(fileno=fd)
    if kind in ("cadwyn", "fastapi"):
        _serve_uvicorn(f"{kind}_app", sock)
    elif kind == "drf":
        _serve_django(sock)
    else:
        raise SystemExit(f"unknown app {kind!r}")


if __name__ == "__main__":
    main(sys.argv)
