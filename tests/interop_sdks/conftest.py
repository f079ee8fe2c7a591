"""Real third-party SDKs with the library under them, against loopback fakes of their APIs.

Each SDK (stripe-python, the kubernetes client, PyGithub, cognite-sdk) is
driven through its own public calls; the HTTP server it talks to is a
:class:`~._fake.FakeApi` on 127.0.0.1 answering as the real API would, so no
test leaves the machine.  The SDKs come with the ``interop`` extra
(``pip install -e '.[interop]'``); without one, its tests are skipped saying
which package is missing, except in CI (``CI`` set), where they fail.
Select these tests with ``-m interop``.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from types import ModuleType

import pytest

# The distribution each SDK's top-level package comes from.
_DISTRIBUTIONS = {
    "stripe": "stripe",
    "kubernetes": "kubernetes",
    "github": "PyGithub",
    "cognite": "cognite-sdk",
}


def pytest_configure(config: pytest.Config) -> None:
    """Register the ``interop`` marker (``--strict-markers`` accepts it)."""
    config.addinivalue_line(
        "markers",
        "interop: runs against a real third-party server or SDK on 127.0.0.1; "
        "needs the interop extra",
    )


def require(module: str) -> ModuleType:
    """Import an SDK's ``module``; without it, skip the test module (locally) or fail (in CI).

    Called at the top of a test module, in place of an ``import``.
    """
    top = module.partition(".")[0]
    if importlib.util.find_spec(top) is not None:
        return importlib.import_module(module)
    reason = (
        f"this test needs {_DISTRIBUTIONS[top]}, which is not installed "
        "(pip install -e '.[interop]')"
    )
    if os.environ.get("CI", "").lower() not in ("", "0", "false"):
        pytest.fail(f"{reason}; .ci/run installs the interop extra, so CI must have it")
    pytest.skip(reason, allow_module_level=True)


def here() -> int:
    """The line number of the caller's line (``here() + 1`` is the next line)."""
    return sys._getframe(1).f_lineno
