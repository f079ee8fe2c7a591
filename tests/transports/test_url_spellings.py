r"""URL spellings that two URL parsers read differently never carry the version elsewhere.

``http://OTHER\@API/x`` is the API to ``urllib.parse.urlsplit`` (the host
follows the ``@``) and OTHER to urllib3 and browsers (the authority ends at
the backslash).  Whichever host a client connects to, the other host must not
get the version: the core treats a backslash in the authority as out of scope
and not the API's origin.  Real servers on 127.0.0.1, over every transport.
"""

from __future__ import annotations

import re

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Response

from ._helpers import echo, seen_headers

pytestmark = pytest.mark.network

ANY_PATH = re.compile(".*")


def _tricky(other_server: HTTPServer, httpserver: HTTPServer) -> str:
    return f"http://127.0.0.1:{other_server.port}\\@127.0.0.1:{httpserver.port}/x"


def _send(api, url: str) -> None:
    try:
        api.request("GET", url)
    except Exception as exc:  # aiohttp refuses the spelling: nothing is sent at all
        if "Invalid" not in type(exc).__name__ and "invalid" not in str(exc).lower():
            raise


def test_a_backslash_in_the_authority_never_sends_the_pin_elsewhere(
    client, httpserver: HTTPServer, other_server: HTTPServer
):
    """Sent directly, the spelling never brings the pin to the other host.

    (httpx reads the spelling as urlsplit does and sends it to the API, pinned:
    that is the API's own host.)
    """
    for server in (httpserver, other_server):
        server.expect_request(ANY_PATH).respond_with_handler(echo)
    api = client(httpserver.url_for("/"), profile="rfc", api_version="2")
    _send(api, _tricky(other_server, httpserver))
    assert seen_headers(other_server, "Api-Version") in ([], [None])


def test_a_redirect_to_a_backslash_spelling_carries_no_version(
    client, httpserver: HTTPServer, other_server: HTTPServer
):
    """A Location with the spelling never brings the pin to the other host."""
    other_server.expect_request(ANY_PATH).respond_with_handler(echo)
    httpserver.expect_request("/jump").respond_with_response(
        Response("", status=307, headers={"Location": _tricky(other_server, httpserver)})
    )
    httpserver.expect_request(ANY_PATH).respond_with_handler(echo)
    api = client(httpserver.url_for("/"), profile="rfc", api_version="2")
    _send(api, "/jump")
    assert seen_headers(httpserver, "Api-Version")[0] == "2"  # the API's own hop is pinned
    assert all(value is None for value in seen_headers(other_server, "Api-Version"))


@pytest.mark.parametrize("base_path", ["/büro", "/a b"])
def test_a_base_path_that_clients_percent_encode_is_pinned(
    client, httpserver: HTTPServer, base_path: str
):
    """Clients send ``/büro`` as ``/b%C3%BCro``: the pin still goes on every request."""
    httpserver.expect_request(ANY_PATH).respond_with_handler(echo)
    api = client(f"http://127.0.0.1:{httpserver.port}{base_path}", profile="rfc", api_version="2")
    api.request("GET", "x")
    assert seen_headers(httpserver, "Api-Version") == ["2"]
