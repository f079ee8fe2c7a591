"""``python -m apiversion_client``: the ``apiversion-client`` command line."""

from __future__ import annotations

import sys

from apiversion_client.cli import main

if __name__ == "__main__":
    sys.exit(main())
