"""cognite-sdk 7 with the library mounted on the requests session all its clients share.

cognite-sdk 7 sends every request through one process-wide session, made by
``cognite.client._http_client.get_global_requests_session()`` (a private
module: there is no public way in), with an adapter of its own (a pool of 50,
urllib3 retries off: the SDK retries itself).  It writes the version into the
path (``/api/v1/...``) and the API's dated version into a ``cdf-version``
header.  Credentials are a fixed ``Token``; the fake CDF API (``answer``)
deprecates the ``cdf-version`` it is sent.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterator
from typing import Any

import pytest

import apiversion_client as avc

from ._fake import FakeApi, Received, Reply
from .conftest import here, require

cognite = require("cognite.client")
http_client = require("cognite.client._http_client")
credentials = require("cognite.client.credentials")

pytestmark = [
    pytest.mark.interop,
    pytest.mark.network,
    # cognite-sdk doubts any base URL outside its clusters (ours is 127.0.0.1).
    pytest.mark.filterwarnings("ignore:Given base URL may be invalid:UserWarning"),
]

CHANGELOG = "https://docs.cognite.example/changelog"


def answer(request: Received) -> Reply:
    """The CDF API, as far as these tests need it: any asset request lists one asset."""
    headers = (
        ("X-Request-Id", "req-1"),
        ("Deprecation", "@1704067200"),
        ("Sunset", "Thu, 31 Dec 2099 23:59:59 GMT"),
        ("Link", f'<{CHANGELOG}>; rel="deprecation"'),
    )
    asset = {"id": 1, "name": "pump", "rootId": 1, "createdTime": 0, "lastUpdatedTime": 0}
    return Reply(200, headers, {"items": [asset]})


@pytest.fixture
def api() -> Iterator[FakeApi]:
    """The fake CDF API on 127.0.0.1."""
    with FakeApi(answer, name="fake-cdf") as fake:
        yield fake


@pytest.fixture
def cognite_client(api, monkeypatch) -> Iterator[Callable[[], tuple[Any, Any]]]:
    """``make() -> (CogniteClient, its session)``, on a global session of its own."""
    monkeypatch.setattr(cognite.global_config, "disable_pypi_version_check", True)
    get_session = http_client.get_global_requests_session
    get_session.cache_clear()  # this test's clients get a session of their own

    def make() -> tuple[Any, Any]:
        config = cognite.ClientConfig(
            client_name="apiversion-client-tests",
            project="demo",
            credentials=credentials.Token("not-a-secret"),
            base_url=api.url,
        )
        return cognite.CogniteClient(config), get_session()

    try:
        yield make
    finally:
        get_session().close()
        get_session.cache_clear()  # later clients get a fresh, unmounted session


def test_mount_keeps_the_sdks_pool_and_retry_settings(cognite_client, api):
    """The versioned adapter keeps cognite-sdk's pool of 50 and its urllib3 retries off."""
    _, session = cognite_client()
    replaced = session.get_adapter(api.url)
    adapter = avc.mount(session, api.url, profile="cognite", api_version="v1")
    assert adapter.max_retries is replaced.max_retries
    assert adapter.max_retries.total is False
    assert adapter._pool_maxsize == cognite.global_config.max_connection_pool_size == 50


def test_the_sdks_cdf_version_is_the_pin_and_its_deprecation_warns_once(cognite_client, api):
    """The SDK's own ``cdf-version`` is the pin; a deprecation warns once, at the caller."""
    client, session = cognite_client()
    adapter = avc.mount(
        session, api.url, profile="cognite", api_version="v1", skip_packages=["cognite"]
    )
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        line = here() + 1
        assets = client.assets.list(limit=1)
        client.assets.retrieve(id=1)
    assert [asset.name for asset in assets] == ["pump"]
    assert api.paths() == [
        "/api/v1/projects/demo/assets/list",
        "/api/v1/projects/demo/assets/byids",
    ]
    sdk_version = api.last.header("cdf-version")
    assert sdk_version is not None
    [warning] = [w for w in caught if issubclass(w.category, avc.ApiVersionWarning)]
    assert warning.category is avc.ApiDeprecationWarning
    assert (warning.filename, warning.lineno) == (__file__, line)
    assert f"at API version {sdk_version} is deprecated" in str(warning.message)
    [notice] = adapter.notices
    assert notice.requested_version == sdk_version
    assert notice.link == CHANGELOG
