"""The core's scope never says "the API" for a URL a client would send elsewhere.

A differential property: URLs assembled from awkward pieces (backslashes,
userinfo, ports, IDNA and Unicode hosts, dots, percent-encoding, control
characters) are read by the core (``relative_path``, ``same_origin``) and by
each client's own URL parser (urllib3's ``parse_url``, requests' prepared URL,
``httpx.URL``, aiohttp's ``yarl.URL``).  Whenever the core puts a URL in the
API's scope or origin, every client that accepts the URL must connect to the
API's scheme, host and port: else the pin (or a caller's version header on a
redirect) would reach another host.  The reverse (a URL a client sends to the
API but the core leaves unpinned) is allowed: it fails closed.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from urllib.parse import urlsplit

import pytest
import requests
import urllib3
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from apiversion_client._core._scope import DEFAULT_PORTS, BaseUrl

Origin = tuple[str, str, int | None]


def _urllib3(url: str) -> Origin:
    parts = urllib3.util.parse_url(url)
    scheme = (parts.scheme or "http").lower()
    return scheme, (parts.host or "").lower().strip("[]"), parts.port or DEFAULT_PORTS.get(scheme)


def _requests(url: str) -> Origin:
    prepared = requests.Request("GET", url).prepare()
    parts = urlsplit(prepared.url or "")
    return parts.scheme, parts.hostname or "", parts.port or DEFAULT_PORTS.get(parts.scheme)


def _httpx(url: str) -> Origin:
    httpx = pytest.importorskip("httpx")
    parsed = httpx.URL(url)
    host = parsed.raw_host.decode("ascii").lower()
    return parsed.scheme, host, parsed.port or DEFAULT_PORTS.get(parsed.scheme)


def _yarl(url: str) -> Origin:
    yarl = pytest.importorskip("yarl")
    parsed = yarl.URL(url)
    return parsed.scheme, (parsed.raw_host or "").lower(), parsed.port


CLIENTS: dict[str, Callable[[str], Origin]] = {
    "urllib3": _urllib3,
    "requests": _requests,
    "httpx": _httpx,
    "yarl": _yarl,
}

BASES = [
    "https://api.example.com",
    "https://api.example.com/v1",
    "https://bücher.example/v1",
    "http://127.0.0.1:8080",
    "http://[::1]:8080/api",
    "https://api.example.com/büro",
]
PIECES = [
    "",
    "\\",
    "%5C",
    "\t",
    "\n",
    " ",
    "@",
    "evil.com",
    "evil.com@",
    "u:p@",
    ":443",
    ":80",
    ":8080",
    ".",
    "#",
    "?",
    "/",
    "\x00",
    "%40",
    "%2F",
    "\u3002",
    "\uff0e",
    "ß",
    "\u212a",
    ";",
    "[",
    "]",
    "%",
    ":",
    "büro",
    "b%C3%BCro",
    "%69",
    "%%41",
]
TEMPLATES = [
    "{scheme}://{a}{host}{port}{b}{path}/x",
    "{scheme}://{host}{a}{port}{b}{path}/x",
    "{scheme}://{host}{port}{path}{a}{b}/x",
    "{scheme}://{a}@{host}{port}{b}{path}/x",
    "{scheme}://{host}{port}{a}{b}@evil.com{path}/x",
]


def _host_spellings(base: BaseUrl) -> list[str]:
    host = base.host
    spellings = [host, host.upper(), host + "."]
    if host.startswith("xn--"):
        spellings += ["bücher.example", "BÜCHER.example"]
    return [f"[{h}]" if ":" in h else h for h in spellings]


@settings(
    max_examples=1500,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(
    base_url=st.sampled_from(BASES),
    template=st.sampled_from(TEMPLATES),
    a=st.sampled_from(PIECES),
    b=st.sampled_from(PIECES),
    data=st.data(),
)
def test_in_scope_means_every_client_connects_to_the_api(
    base_url: str, template: str, a: str, b: str, data: st.DataObject
) -> None:
    """In scope or same origin for the core => the API's origin for every client that accepts it."""
    base = BaseUrl.parse(base_url)
    host = data.draw(st.sampled_from(_host_spellings(base)))
    port = "" if base.port == DEFAULT_PORTS[base.scheme] else f":{base.port}"
    url = template.format(scheme=base.scheme, a=a, b=b, host=host, port=port, path=base.path)
    in_scope = base.relative_path(url) is not None
    same_origin = base.same_origin(url)
    if not (in_scope or same_origin):
        return
    api = (base.scheme, base.host, base.port)
    for name, parse in CLIENTS.items():
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                target = parse(url)
        except pytest.skip.Exception:
            raise
        except Exception:  # noqa: S112 - a client that refuses the URL sends nothing
            continue
        assert target == api, (name, url, target, api)
