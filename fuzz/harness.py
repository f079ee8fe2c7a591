"""The atheris harness for one target: ``python fuzz/harness.py TARGET [libFuzzer flags]``.

``fuzz/run.py`` starts it once per target; run it by hand to fuzz one target
for as long as you like (``-runs=N``, ``-max_total_time=S``, a corpus folder).
"""

from __future__ import annotations

import sys
from pathlib import Path

import atheris

sys.path.insert(0, str(Path(__file__).resolve().parent))

with atheris.instrument_imports():
    from targets import TARGETS

    import apiversion_client.signals  # noqa: F401 - instrumented for coverage


def main() -> None:
    if len(sys.argv) < 2 or sys.argv[1] not in TARGETS:
        sys.exit(f"usage: harness.py TARGET [libFuzzer flags]; targets: {', '.join(TARGETS)}")
    target = TARGETS[sys.argv[1]]
    atheris.Setup([sys.argv[0], *sys.argv[2:]], target)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
