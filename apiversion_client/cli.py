"""The ``apiversion-client`` command line (see issue 6)."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    del argv
    print("apiversion-client: commands arrive with issue 6", file=sys.stderr)
    return 2
