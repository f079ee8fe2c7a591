"""Every cache in the package is written down in the table of ``_core/_caches.py``."""

from __future__ import annotations

import re
from pathlib import Path

import apiversion_client
from apiversion_client._core import _caches

PACKAGE = Path(apiversion_client.__file__).parent


def test_every_cache_is_in_the_table():
    """A BoundedCache attribute or an lru_cache function missing from the table fails here.

    The table says each cache's key, bound and invalidation; a cache added
    without a line there is a cache nobody reviewed.
    """
    table = _caches.__doc__ or ""
    found: list[str] = []
    for path in PACKAGE.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        found += re.findall(r"self\.(\w+)\s*(?::[^=\n]*)?=\s*BoundedCache\(", text)
        found += re.findall(r"@lru_cache\([^)]*\)\s*\ndef (\w+)", text)
        if "_memo(" in text and path.name == "_steps.py":
            found.append("_steps")
    assert found, "the scan found no cache: the patterns are out of date"
    missing = sorted({name for name in found if name not in table})
    assert not missing, f"caches missing from the table in _core/_caches.py: {missing}"
