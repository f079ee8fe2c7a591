"""The I/O-free core never imports an HTTP client library."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

# The modules that must stay free of I/O, by their import name.  Private names
# are listed as they exist in the package; a module that does not exist yet is
# skipped, never silently passed: the list below is checked against the tree.
PURE_MODULES = [
    "apiversion_client.signals",
    "apiversion_client._versions",
    "apiversion_client._matrix",
    "apiversion_client._core",
    "apiversion_client.profiles",
    "apiversion_client._policy",
    "apiversion_client._exceptions",
    "apiversion_client._tripwire",
]
HTTP_LIBRARIES = ("requests", "urllib3", "httpx")

_PROBE = """
import importlib, json, sys
importlib.import_module(sys.argv[1])
print(json.dumps(sorted(m for m in sys.modules)))
"""


def _importable(module: str) -> bool:
    import importlib.util

    try:
        return importlib.util.find_spec(module) is not None
    except ModuleNotFoundError:
        return False


@pytest.mark.parametrize("module", PURE_MODULES)
def test_pure_module_imports_no_http_library(module: str) -> None:
    """Importing a core module in a fresh interpreter loads no HTTP client library."""
    if not _importable(module):
        pytest.skip(f"{module} does not exist yet")
    out = subprocess.run(
        [sys.executable, "-c", _PROBE, module],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    loaded = set(json.loads(out))
    offending = sorted(
        name
        for name in loaded
        for lib in HTTP_LIBRARIES
        if name == lib or name.startswith(lib + ".")
    )
    assert offending == [], f"{module} imports {offending}"


def test_public_namespace_is_complete():
    """Every name in __all__ resolves, including the lazily imported transport."""
    import apiversion_client

    for name in apiversion_client.__all__:
        assert getattr(apiversion_client, name) is not None, name
    assert apiversion_client.VersionedSession.__module__ == "apiversion_client.transports.requests"


def test_importing_the_package_does_not_load_requests():
    """`import apiversion_client` loads no HTTP client until a transport is used."""
    out = subprocess.run(
        [sys.executable, "-c", _PROBE, "apiversion_client"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    loaded = set(json.loads(out))
    assert not {"requests", "urllib3", "httpx"} & loaded


def test_importing_the_package_defers_the_matrix_and_metadata():
    """`import apiversion_client` loads packaging, tomllib and importlib.metadata on first use.

    They cost about 20 ms of import time that an SDK without a matrix never needs
    (benchmarks/import_time.py); the lazy names still resolve.
    """
    probe = (
        "import sys, apiversion_client as a\n"
        "deferred = ['packaging', 'tomllib', 'importlib.metadata', 'apiversion_client._matrix']\n"
        "print(sorted(m for m in deferred if m in sys.modules))\n"
        "assert a.CompatibilityMatrix.__name__ == 'CompatibilityMatrix'\n"
        "assert a.__version__\n"
        "print('packaging' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout.split("\n")
    assert out[0] == "[]"
    assert out[1] == "True"
