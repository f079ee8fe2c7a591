"""The package works without httpx; only the httpx transport needs the extra."""

from __future__ import annotations

import subprocess
import sys

# Run in a fresh interpreter where ``import httpx`` fails as if it were not installed.
_BLOCK_HTTPX = """
import importlib.abc, sys

class BlockHttpx(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name == "httpx" or name.startswith("httpx."):
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return None

sys.meta_path.insert(0, BlockHttpx())
"""


def _run(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", _BLOCK_HTTPX + code],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_the_package_and_the_other_transports_import_without_httpx():
    """``import apiversion_client`` (and the requests / urllib3 transports) need no httpx."""
    done = _run(
        "import apiversion_client, apiversion_client.transports.urllib3\n"
        "import apiversion_client.transports.requests\n"
        "assert 'httpx' not in sys.modules\n"
        "print('ok')"
    )
    assert (done.returncode, done.stdout.strip()) == (0, "ok"), done.stderr


def test_the_httpx_transport_says_which_extra_to_install():
    """Importing the httpx transport without httpx is an ImportError naming the extra."""
    done = _run(
        "try:\n"
        "    import apiversion_client.transports.httpx\n"
        "except ImportError as exc:\n"
        "    print(type(exc).__name__, exc)\n"
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("ImportError ")
    assert "pip install 'apiversion-client[httpx]'" in done.stdout


def test_importing_the_package_does_not_import_httpx():
    """Even with httpx installed, ``import apiversion_client`` leaves it unloaded."""
    done = subprocess.run(
        [sys.executable, "-c", "import sys, apiversion_client; print('httpx' in sys.modules)"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert (done.returncode, done.stdout.strip()) == (0, "False"), done.stderr
