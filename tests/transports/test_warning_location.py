"""A warning points at the user's line, also when an SDK sits between the user and the session.

A small SDK package (``mysdk``) is written into a temporary directory by each
test and imported from there; a real server on 127.0.0.1 answers with a
deprecation.  Each test asserts the file and the line the warning names.
"""

from __future__ import annotations

import importlib
import subprocess
import sys
import textwrap
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from apiversion_client import ApiDeprecationWarning, _location

pytestmark = pytest.mark.network

DEPRECATED = {"Deprecation": "@1688169600", "Sunset": "Wed, 30 Jun 2027 23:59:59 GMT"}

SDK = '''
import requests
import apiversion_client as avc


class Client:
    """An SDK's client: it builds the session, its users call its methods."""

    def __init__(self, base_url, **options):
        self.session = avc.VersionedSession(
            base_url, profile="github", api_version="2022-11-28", **options
        )

    def thing(self):
        return self.session.get("/thing", timeout=5)


def mounted(base_url, **options):
    """A user mounting the library onto a session another SDK built."""
    session = requests.Session()
    avc.mount(session, base_url, profile="github", api_version="2022-11-28", **options)
    return session
'''


@pytest.fixture
def mysdk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[object]:
    package = tmp_path / "mysdk"
    package.mkdir()
    (package / "__init__.py").write_text(textwrap.dedent(SDK))
    monkeypatch.syspath_prepend(str(tmp_path))
    sys.modules.pop("mysdk", None)
    module = importlib.import_module("mysdk")
    yield module
    sys.modules.pop("mysdk", None)


@pytest.fixture
def server(httpserver: HTTPServer) -> HTTPServer:
    httpserver.expect_request("/thing").respond_with_data("{}", headers=DEPRECATED)
    return httpserver


def _warning(call) -> warnings.WarningMessage:  # type: ignore[no-untyped-def]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        call()
    [warning] = [w for w in caught if issubclass(w.category, ApiDeprecationWarning)]
    return warning


def test_an_sdk_that_names_its_package_hands_the_warning_to_its_user(mysdk, server) -> None:
    """skip_packages=["mysdk"]: the warning names this test's line, not the SDK's."""
    client = mysdk.Client(server.url_for("/"), skip_packages=["mysdk"])
    warning = _warning(lambda: client.thing())  # the line the warning must name
    assert warning.filename == __file__
    assert warning.lineno == sys._getframe().f_lineno - 2


def test_an_installed_sdk_is_skipped_by_default(mysdk, server, monkeypatch) -> None:
    """An SDK installed in site-packages that built the session is skipped without being named."""
    sdk_dir = str(Path(mysdk.__file__).parent.parent)
    monkeypatch.setattr(_location, "_installed_dirs", lambda: (sdk_dir + "/",))
    client = mysdk.Client(server.url_for("/"))
    warning = _warning(lambda: client.thing())
    assert warning.filename == __file__
    assert warning.lineno == sys._getframe().f_lineno - 2


def test_code_in_a_checkout_is_its_own_user(mysdk, server) -> None:
    """Not installed and not named: the SDK being developed is the user (its own line)."""
    client = mysdk.Client(server.url_for("/"))
    warning = _warning(lambda: client.thing())
    assert warning.filename == mysdk.__file__


def test_mounting_on_another_sdks_session_can_name_that_sdk(mysdk, server) -> None:
    """mount(..., skip_packages=[...]) on a session another SDK made: the user's line."""
    session = mysdk.mounted(server.url_for("/"), skip_packages=["mysdk"])
    warning = _warning(lambda: session.get(server.url_for("/thing"), timeout=5))
    assert warning.filename == __file__
    assert warning.lineno == sys._getframe().f_lineno - 2


def test_python_dash_c_counts_as_user_code(server) -> None:
    """In ``python -c`` the warning names ``<string>`` and its line, not the library."""
    code = textwrap.dedent(
        f"""
        import warnings
        import apiversion_client as avc
        warnings.simplefilter("always")
        s = avc.VersionedSession({server.url_for("/")!r}, profile="github")
        s.get("/thing", timeout=5)
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert "<string>:6: ApiDeprecationWarning" in result.stderr, result.stderr
