"""Seed inputs for the fuzz targets (and the fallback loop's mutation pool)."""

from __future__ import annotations

DATES = [
    "Sun, 06 Nov 1994 08:49:37 GMT",
    "Sunday, 06-Nov-94 08:49:37 GMT",
    "Sun Nov  6 08:49:37 1994",
    "Wed, 11 Nov 2026 23:59:59 +0200",
    "Sat, 31 Dec 2050 12:00:00 PST",
    "@1767225600",
    "@-1",
    "2026-11-11T23:59:59Z",
]

SEEDS: dict[str, list[str]] = {
    "parse_http_date": DATES,
    "parse_sf_date": ["@1767225600", "@1767225600;a=1", "@1.5", "@-62135596800", "?1"],
    "parse_deprecation": [
        "true",
        "?1",
        "@1767225600",
        "@99999999999",
        "false",
        'version="v1", date="x"',
        "@1," * 70,
        *DATES,
    ],
    "parse_sunset": [*DATES, "Sun, 06 Nov 1994 08:49:37 GMT, Mon, 07 Nov 1994 08:49:37 GMT"],
    "parse_link": [
        '<https://api.example.com/v2>; rel="successor-version"; version="2"',
        '<https://api.example.com/v2/orders/1>; rel="successor-version", '
        '<https://developer.example.com/deprecation>; rel="deprecation"; type="text/html"',
        ", ".join(f"<https://x/{i}>; rel=latest-version" for i in range(66)),
        "<a>" + ";a=1" * 70,
        "<a>," * 70,
        "<https://d.example/dep>; rel=deprecation; type=\"text/html\", <a>; rel='x'",
        "<a>; title*=UTF-8'de'n%c3%a4chstes; rel=\"latest-version sunset\"",
        '<a;b>; rel="\\"", <',
    ],
    "parse_warning": [
        '299 - "Deprecated API version v1; use v2"',
        '299 api.example.com:443 "text" "Sun, 06 Nov 1994 08:49:37 GMT", 199 - "x"',
        '299 - "unterminated',
        '299 - "x",' * 70,
    ],
    "parse_gdc_deprecated": [
        "End-of-life=Sat, 31 Dec 2050 12:00:00 GMT; valid-version=2",
        "deprecated",
        "End-of-life=2050-12-31; valid-version=3\nEnd-of-life=Sat, 31 Dec 2050 12:00:00 GMT",
        "End-of-life=Sat, 01 Nov 2025 12:00:00 GMT; valid-version=3, "
        "End-of-life=Sun, 01 Feb 2026 12:00:00 GMT; valid-version=4",
        "deprecated," * 70,
        "valid-version=1;" * 70,
    ],
    "parse_version_list": [
        "1.0, 2.0, 2.0-preview",
        "2024-01-01,2025-01-01",
        '"1", , 2',
        ",".join(str(i) for i in range(300)),
    ],
    "parse_served_version": ["2024-01-01", '"v1"', " 2 ", ""],
}


def read_signals_seeds() -> list[bytes]:
    """Inputs for the read_signals target, in its byte format (see ``targets.header_lines``)."""
    out = []
    for profile in range(8):
        lines = [
            bytes([0]) + b"@1767225600",
            bytes([1]) + DATES[0].encode(),
            bytes([2]) + SEEDS["parse_link"][0].encode(),
            bytes([3]) + SEEDS["parse_warning"][0].encode(),
            bytes([4]) + SEEDS["parse_gdc_deprecated"][0].encode(),
            bytes([5]) + b"1.0, 2.0",
            bytes([7]) + b"2024-01-01",
        ]
        out.append(bytes([profile]) + b"\n".join(lines))
    return out


#: Fragments the fallback loop splices into inputs.
TOKENS = [
    "<",
    ">",
    ";",
    ",",
    "=",
    '"',
    "\\",
    " ",
    "\t",
    "\n",
    "@",
    "?1",
    "rel=",
    "GMT",
    "UTC",
    "-",
    "+0200",
    ":",
    "*=",
    "UTF-8''",
    "%",
    "%c3",
    "é",
    "\x00",
    "\xff",
    "299",
    "End-of-life=",
    "valid-version=",
    "Sun, ",
    "06 Nov 1994",
    "08:49:37",
    "9" * 30,
    "<" * 50,
    '"' * 33,
]
