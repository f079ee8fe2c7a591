"""Replay fuzz findings and hostile inputs through the fuzz targets' checks."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CASES = Path(__file__).resolve().parent / "cases"
sys.path.insert(0, str(ROOT / "fuzz"))

from targets import TARGETS  # noqa: E402 - after the path is set

sys.path.remove(str(ROOT / "fuzz"))

#: Inputs that stress the parsers' edges, run through every target.
HOSTILE: list[bytes] = [
    b"",
    b"\x00",
    b"\xff" * 64,
    b"\n" * 100,
    b"<" * 65536,
    b'"' * 65535,
    b"\\" * 65535,
    b"<a;" * 20000,
    b'<a>;r="' * 9000,
    b"Sun," * 16000,
    b'299 - "x",' * 6000,
    b"@" + b"9" * 400,
    b"@-" + b"9" * 400,
    b"@1e308",
    b"?1;" * 10000,
    b"End-of-life=Sat, " * 3000,
    b"Sun, 06 Nov 1994 08:49:60 GMT",
    b"Sun, 31 Feb 1994 08:49:37 GMT",
    b"Sunday, 06-Nov-49 08:49:37 GMT",
    b"Sunday, 06-Nov-50 08:49:37 GMT",
    b"Sun Nov  6 08:49:37 9999 +1400",
    b"Sun, 06 Nov 0001 00:00:00 -2359",
    b"<a>; title*=UTF-8''%ff%fe%c3; rel=successor-version; version*=UTF-8''%",
    b'<a>; rel="successor-version"; version="\\',
    "\udcff\u2028\ufeff".encode("utf-8", "surrogatepass"),
    b"\x03\n\x00@1\n\x01Sun, 06 Nov 1994 08:49:37 GMT\n\x07\xff",
    # many tiny members (issue 14): each parser reads a bounded number of them
    b"<a," * 21845,
    b"<a>," * 16384,
    b"<>," * 21845,
    b"@1," * 21845,
    b"<a>" + b";a=1" * 16000,
    b"<a>" + b";a" * 32000,
    b'299 - "",' * 7000,
    b"deprecated," * 5900,
    b"End-of-life=Sat, 01 Nov 2025 12:00:00 GMT; valid-version=3, " * 1000,
    b"valid-version=1;" * 4000,
    b",1" * 32768,
    b"1,2," * 16384,
    b"Sun, 06 Nov 1994 08:49:37 GMT, " * 2000,
    # just off the fast paths
    b"@99999999999",
    b"@253402300799",
    b"Sun, 06 Nov 1994 08:49:37 GMT ",
    b'<a>; rel="x',
    b'<a>; rel=a"b, <b>; rel="c"',
    b'299 a,b "x"',
    b'End-of-life=Sat, 01 Nov 2025 12:00:00 GMT; valid-version="4"',
]


def _findings() -> list[tuple[str, Path]]:
    found: list[tuple[str, Path]] = []
    for folder in sorted(p for p in CASES.iterdir() if p.is_dir()):
        found += [(folder.name, case) for case in sorted(folder.iterdir()) if case.is_file()]
    return found


@pytest.mark.parametrize("target", sorted(TARGETS))
@pytest.mark.parametrize("data", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_input(target, data):
    """Every fuzz target's checks hold for each hostile input."""
    TARGETS[target](data)


def test_saved_findings():
    """Each saved fuzz finding (``cases/<target>/<file>``) passes its target's checks now."""
    for target, case in _findings():
        TARGETS[target](case.read_bytes())
