"""Pin every private detail of requests, urllib3 and httpx that ``transports/_clients.py`` uses.

A new release that changes one of them fails here, by name, instead of
misbehaving quietly in a transport.
"""

from __future__ import annotations

import collections
import inspect

import pytest
import requests
import urllib3
from requests.structures import CaseInsensitiveDict
from urllib3.response import HTTPResponse

from apiversion_client.transports._clients import (
    copy_prepared,
    requests_header_lines,
    urllib3_lines,
)


def test_urllib3_header_container_keeps_each_name_with_its_lines() -> None:
    """HTTPHeaderDict._container: lower-cased name -> [name as added, value, value...]."""
    headers = urllib3.HTTPHeaderDict()
    headers.add("Link", "<a>")
    headers.add("link", "<b>")
    headers.add("Sunset", "x")
    assert headers._container == {"link": ["Link", "<a>", "<b>"], "sunset": ["Sunset", "x"]}
    assert urllib3_lines(headers, frozenset({"link", "sunset"})) == [
        ("link", "<a>"),
        ("link", "<b>"),
        ("sunset", "x"),
    ] or urllib3_lines(headers, frozenset({"link", "sunset"})) == [
        ("sunset", "x"),
        ("link", "<a>"),
        ("link", "<b>"),
    ]
    assert urllib3_lines(headers, frozenset({"deprecation"})) == []


def _response(body: bytes) -> HTTPResponse:
    import io

    return HTTPResponse(
        body=io.BytesIO(body), headers={"Content-Length": str(len(body))}, preload_content=False
    )


def test_urllib3_picks_a_decoder_by_content_coding_and_decodes_up_to_a_bound() -> None:
    """``CONTENT_DECODERS``, ``_get_decoder(mode)`` and ``decompress(data, max_length)``."""
    import gzip

    from urllib3.response import _get_decoder

    assert {"gzip", "deflate"} <= set(HTTPResponse.CONTENT_DECODERS)
    decoder = _get_decoder("gzip")
    assert decoder.decompress(gzip.compress(b"x" * 10_000), max_length=100) == b"x" * 100


def test_urllib3_reads_through_fp_and_streams_chunks_itself_only_when_chunked() -> None:
    """``_fp`` is what ``_raw_read`` reads; ``stream()`` reads chunks itself only if ``chunked``.

    (``read``/``read1``, ``isclosed``, ``closed`` of ``_fp`` are what the replay provides.)
    """
    import inspect

    from urllib3.response import HTTPResponse as Response

    raw_read = inspect.getsource(Response._fp_read)
    assert "self._fp.read(amt)" in raw_read
    assert "self._fp.read1(amt)" in raw_read
    stream = inspect.getsource(Response.stream)
    assert "if self.chunked and self.supports_chunked_reads():" in stream
    assert "self._decoded_buffer" in stream
    assert 'fp_closed = getattr(self._fp, "closed", False)' in inspect.getsource(Response._raw_read)


def test_urllib3_preloaded_body_is_in_body() -> None:
    """A preloaded response keeps its body in ``_body``."""
    import io

    response = HTTPResponse(body=io.BytesIO(b"{}"), preload_content=True)
    assert response._body == b"{}"


def test_requests_header_store_holds_names_as_set() -> None:
    """CaseInsensitiveDict._store: an OrderedDict of lower-cased name -> (name, value)."""
    headers = CaseInsensitiveDict({"X-GitHub-Api-Version": "1", "Accept": "*/*"})
    assert type(headers._store) is collections.OrderedDict
    assert headers._store["x-github-api-version"] == ("X-GitHub-Api-Version", "1")
    names = frozenset({"x-github-api-version"})
    assert requests_header_lines(headers, names) == [("X-GitHub-Api-Version", "1")]
    assert requests_header_lines(CaseInsensitiveDict({"Accept": "*/*"}), names) == ()
    assert requests_header_lines({"x-GITHUB-api-version": "2"}, names) == [
        ("x-GITHUB-api-version", "2")
    ]


def test_copy_prepared_copies_what_prepared_request_copy_copies() -> None:
    """The copy carries every attribute PreparedRequest.copy() copies, the jar shared."""
    request = requests.Request(
        "POST", "https://x.test/a", headers={"A": "1"}, data=b"body", cookies={"c": "1"}
    ).prepare()
    reference = request.copy()
    copied = copy_prepared(request, (("Api-Version", "5"),), "https://x.test/b")
    assert set(vars(copied)) == set(vars(reference))
    assert copied.url == "https://x.test/b"
    assert copied.headers["api-version"] == "5"
    assert "Api-Version" not in request.headers  # the original is left alone
    assert copied._cookies is request._cookies  # type: ignore[attr-defined]
    assert (copied.method, copied.body, copied.hooks) == ("POST", b"body", request.hooks)


def test_requests_response_keeps_read_content_in_content() -> None:
    """Response._content and _content_consumed hold a body read before."""
    response = requests.Response()
    response._content = b"kept"  # type: ignore[attr-defined]
    response._content_consumed = True  # type: ignore[attr-defined]
    assert response.content == b"kept"
    assert list(response.iter_content(2)) == [b"ke", b"pt"]


def test_httpx_builds_redirect_headers_in_one_method() -> None:
    """Httpx's BaseClient._redirect_headers(request, url, method) returns the next hop's headers."""
    httpx = pytest.importorskip("httpx")
    method = httpx.Client._redirect_headers
    assert list(inspect.signature(method).parameters) == ["self", "request", "url", "method"]
    client = httpx.Client()
    request = client.build_request("GET", "https://a.test/x", headers={"X-V": "1"})
    headers = client._redirect_headers(request, httpx.URL("https://b.test/y"), "GET")
    assert isinstance(headers, httpx.Headers)
    assert headers["x-v"] == "1"
    client.close()


def test_httpx_client_picks_a_transport_per_url_from_sorted_mounts() -> None:
    """Httpx's Client._transport_for_url, _transport and _mounts (URLPattern keys, sorted).

    ``httpx_mount`` adds a mount to a built client and the most specific
    pattern wins, as it would had it been passed as ``mounts=``.
    """
    httpx = pytest.importorskip("httpx")
    from apiversion_client.transports._clients import (
        httpx_default_transport,
        httpx_mount,
        httpx_transport_for,
    )

    broad, own = httpx.MockTransport(lambda r: None), httpx.MockTransport(lambda r: None)
    client = httpx.Client(mounts={"all://": broad}, trust_env=False)
    assert httpx_default_transport(client) is client._transport
    assert httpx_transport_for(client, "https://api.test/x") is broad
    httpx_mount(client, "https://api.test", own)
    assert httpx_transport_for(client, "https://api.test/x") is own
    assert httpx_transport_for(client, "https://other.test/x") is broad
    assert httpx_transport_for(client, "http://api.test/x") is broad
    plain = httpx.Client(trust_env=False)
    assert httpx_transport_for(plain, "https://api.test/x") is httpx_default_transport(plain)
    client.close()
    plain.close()
