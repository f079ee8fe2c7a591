"""Issue 13's workload: what a real API answers, a new resource on every call.

Shared by the loopback server (``_server.py``), the client benchmark
(``overhead.py``) and the core benchmarks (``core.py``, ``memory.py``), so that
all of them measure the same traffic.

Every request is ``GET /objects/{i}`` with a new ``i``.  Every response carries
``Content-Type``, ``Content-Length``, a new ``Date`` (a fake clock that moves
one second per response, so no two are alike) and a new ``X-Request-Id``, and
a small JSON body.  Whether a resource is deprecated is decided by ``i``
alone: ``i % 20`` in 0-2 (15 %) is deprecated the RFC way (``Deprecation:
@<epoch>``, ``Sunset: <IMF-fixdate>``, ``Link: <.../v2/objects>;
rel="successor-version"``), in 3-5 (15 %) the GoodData way
(``X-GDC-Deprecated: End-of-life=<IMF-fixdate>; valid-version=6``); the other
70 % carry no signal.  A batch of consecutive ids that is a multiple of 20
long holds exactly that mix.

Response variants (what the server sends):

* ``c``: the above;
* ``echo-link``: the above, plus ``api-version: 5`` (the version served) on
  every response, and on every deprecated one a successor ``Link`` naming the
  resource itself (``<https://api.example.com/v2/objects/{i}>``, unique per
  resource) instead of the common one;
* ``same-url``: the old benchmark's case, resource 0 (deprecated, RFC) with one
  request id and one ``Date`` every time.
"""

from __future__ import annotations

import time

from apiversion_client import Profile

#: The profile every benchmark uses: a header pin, every signal reader (the
#: default), an echo header and a request id header.
PROFILE = Profile(
    name="bench",
    header="Api-Version",
    echo_headers=("api-version",),
    request_id_headers=("X-Request-Id",),
)
PIN = "5"
SUCCESSOR = "6"
#: The version header an SDK without this library sends itself.
PIN_HEADER = ("Api-Version", PIN)

DEPRECATION = "@1767225600"  # 2026-01-01T00:00:00Z
SUNSET = "Thu, 01 Jul 2027 00:00:00 GMT"
COMMON_LINK = '<https://api.example.com/v2/objects>; rel="successor-version"'
GDC_DEPRECATED = f"End-of-life={SUNSET}; valid-version={SUCCESSOR}"
BODY = b'{"id": "obj", "name": "widget", "state": "active", "tags": ["a", "b"]}'

RESPONSE_VARIANTS = ("c", "echo-link", "same-url")
KINDS = ("rfc", "gdc", "plain")
#: The fixed resource (deprecated, RFC) and response number of ``same-url``.
SAME_ID = 0
SAME_RESPONSE = 1

_CLOCK_START = 1796083200  # 2026-12-01T00:00:00Z
_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def kind(i: int) -> str:
    """``"rfc"``, ``"gdc"`` or ``"plain"``: how resource ``i`` is deprecated, if at all."""
    rest = i % 20
    if rest < 3:
        return "rfc"
    if rest < 6:
        return "gdc"
    return "plain"


def http_date(n: int) -> str:
    """The IMF-fixdate of response ``n``: a fake clock moving one second per response."""
    t = time.gmtime(_CLOCK_START + n)
    return (
        f"{_DAYS[t.tm_wday]}, {t.tm_mday:02d} {_MONTHS[t.tm_mon - 1]} {t.tm_year} "
        f"{t.tm_hour:02d}:{t.tm_min:02d}:{t.tm_sec:02d} GMT"
    )


def request_id(n: int) -> str:
    """A UUID-shaped request id, different for every ``n``."""
    h = f"{(n * 0x9E3779B97F4A7C15F39CC0605CEDC835) & (2**128 - 1):032x}"
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def resource_link(i: int) -> str:
    """The successor ``Link`` of ``echo-link``: it names resource ``i`` itself."""
    return f'<https://api.example.com/v2/objects/{i}>; rel="successor-version"'


def static_lines(variant: str, what: str) -> list[tuple[str, str]]:
    """The header lines every response of one kind shares in a response variant."""
    lines = [("Content-Type", "application/json"), ("Content-Length", str(len(BODY)))]
    if variant == "echo-link":
        lines.append(("api-version", PIN))
    if what == "rfc":
        lines.append(("Deprecation", DEPRECATION))
        lines.append(("Sunset", SUNSET))
        if variant != "echo-link":
            lines.append(("Link", COMMON_LINK))
    elif what == "gdc":
        lines.append(("X-GDC-Deprecated", GDC_DEPRECATED))
    return lines


def unique_lines(i: int, n: int, variant: str) -> list[tuple[str, str]]:
    """The header lines only response ``n`` (for resource ``i``) has: Date, request id, Link."""
    lines = [("Date", http_date(n)), ("X-Request-Id", request_id(n))]
    if variant == "echo-link" and kind(i) != "plain":
        lines.append(("Link", resource_link(i)))
    return lines


def response_lines(i: int, n: int, variant: str = "c") -> list[tuple[str, str]]:
    """Every header line of response ``n``, for resource ``i``, as the server sends it."""
    if variant == "same-url":
        i, n, variant = SAME_ID, SAME_RESPONSE, "c"
    return static_lines(variant, kind(i)) + unique_lines(i, n, variant)
