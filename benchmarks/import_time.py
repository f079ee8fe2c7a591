"""What ``import apiversion_client`` costs on top of ``import requests``.

Each measurement is a fresh interpreter (``python -X importtime -c ...``); the
cumulative import time of the top-level package is read from its report, and
the best of ``--repeat`` runs is kept.  Also reported: the wall-clock time of
the whole ``python -c`` process for each case.

Imports are timed as an installed package meets them: from cached bytecode.
Each case runs once first to write it, and ``PYTHONDONTWRITEBYTECODE`` is
left out of the children's environment (with it set, every import compiles
every module from source: two thirds of the time, for requests too).

Run: ``python benchmarks/import_time.py [--repeat 10] [--json]``.
Prints numbers; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import time

CASES = {
    "requests": "import requests",
    "requests+apiversion_client": "import requests; import apiversion_client",
    "requests+VersionedSession": (
        "import requests; from apiversion_client import VersionedSession"
    ),
}


# The children's environment: bytecode written and read, as after ``pip install``.
_ENV = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}


def _importtime(code: str, module: str) -> int:
    """Cumulative microseconds of ``module``'s import as ``-X importtime`` reports it."""
    out = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env=_ENV,
    ).stderr
    pattern = re.compile(r"import time:\s+\d+ \|\s+(\d+) \| (\s*)(\S+)$")
    for line in out.splitlines():
        match = pattern.match(line)
        if match and match.group(3) == module and not match.group(2):
            return int(match.group(1))
    return 0


def _wall(code: str) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True, env=_ENV)
    return time.perf_counter() - start


def measure(repeat: int) -> dict[str, float]:
    for code in CASES.values():  # write the bytecode the timed runs read
        subprocess.run([sys.executable, "-c", code], check=True, env=_ENV)
    wall = {name: min(_wall(code) for _ in range(repeat)) * 1000 for name, code in CASES.items()}
    own = min(
        _importtime("import requests; import apiversion_client", "apiversion_client")
        for _ in range(repeat)
    )
    # attrs is a dependency many applications already import (its own ~15 ms).
    own_after_attrs = min(
        _importtime("import requests, attrs; import apiversion_client", "apiversion_client")
        for _ in range(repeat)
    )
    return {
        "apiversion_client_after_requests_ms": round(own / 1000, 1),
        "apiversion_client_after_requests_and_attrs_ms": round(own_after_attrs / 1000, 1),
        **{f"wall_{name}_ms": round(value, 1) for name, value in wall.items()},
        "wall_difference_ms": round(wall["requests+apiversion_client"] - wall["requests"], 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()
    result = measure(args.repeat)
    if args.json:
        print(json.dumps(result))
        return
    for key, value in result.items():
        print(f"{key:<48}{value:>8.1f}")


if __name__ == "__main__":
    main()
