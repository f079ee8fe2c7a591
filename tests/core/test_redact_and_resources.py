"""No credential in any text; identifiers in paths are one resource."""

from __future__ import annotations

import pickle

import pytest

from apiversion_client import (
    ApiVersionRemovedError,
    MatrixError,
    Negotiator,
    redact_url,
)
from apiversion_client._core._naming import guess_template as template_path


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://user:pw@api.test/x", "https://api.test/x"),
        (
            "https://api.test/x?access_token=s3cr3t&a=1",
            "https://api.test/x?access_token=REDACTED&a=1",
        ),
        (
            "https://api.test/x?api_key=k&API-KEY=k2",
            "https://api.test/x?api_key=REDACTED&API-KEY=REDACTED",
        ),
        (
            "https://api.test/x?token=t&key=k&sig=s",
            "https://api.test/x?token=REDACTED&key=REDACTED&sig=REDACTED",
        ),
        (
            "https://api.test/x?signature=s&code=c&password=p",
            "https://api.test/x?signature=REDACTED&code=REDACTED&password=REDACTED",
        ),
        (
            "https://api.test/x?client_secret=c&refresh_token=r",
            "https://api.test/x?client_secret=REDACTED&refresh_token=REDACTED",
        ),
        ("https://api.test/x?page=2#frag", "https://api.test/x?page=2"),
        ("https://api.test:8443/x", "https://api.test:8443/x"),
        ("http://[::1]:8080/x?token=a", "http://[::1]:8080/x?token=REDACTED"),
    ],
)
def test_redact_url(url, expected):
    """Userinfo and secret query values never reach a message."""
    assert redact_url(url) == expected


@pytest.mark.parametrize("garbage", ["http://[::1/x?token=abc", "user:pw@", "x" * 5000])
def test_redact_url_never_raises(garbage):
    """Anything that is not a URL is returned shortened, without userinfo or query."""
    shown = redact_url(garbage)
    assert "abc" not in shown
    assert "pw" not in shown
    assert len(shown) <= 2051


def test_error_messages_never_carry_credentials():
    """A removed-version error built from a URL with secrets shows none of them."""
    negotiator = Negotiator("https://api.test", profile="gooddata", api_version="3")
    prepared = negotiator.prepare("GET", "https://bob:hunter2@api.test/gdc?access_token=tok123")
    outcome = negotiator.inspect(prepared, 410, [])
    assert outcome.error is not None
    error = outcome.error.build()
    for secret in ("hunter2", "tok123", "bob"):
        assert secret not in str(error)
        assert secret not in (error.url or "")


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/projects/123/items", "/projects/{id}/items"),
        ("/projects/9f8e7d6c-1a2b-3c4d-5e6f-7a8b9c0d1e2f", "/projects/{id}"),
        ("/objects/ab12cd34ef56ab78", "/objects/{id}"),
        ("/users/alice@example.com/keys", "/users/{id}/keys"),
        ("/gdc/account/profile/abc123def456ghi789/projects", "/gdc/account/profile/{id}/projects"),
        ("/gdc/md/project/objects", "/gdc/md/project/objects"),
        ("/api/v1/projects/p/assets", "/api/v1/projects/p/assets"),
        ("/", "/"),
    ],
)
def test_template_path(path, expected):
    """Identifier segments become {id}; words stay."""
    assert template_path(path) == expected


def test_resource_name_is_bounded():
    """A path of any length gives a bounded resource name."""
    name = "GET " + template_path("/" + "/".join(["a"] * 10000))
    assert name.startswith("GET /a/a/")
    assert len(name) < 200


def test_errors_pickle_with_their_attributes():
    """Errors survive pickling (multiprocessing, xdist) with their attributes."""
    error = ApiVersionRemovedError("gone", requested_version="3", successor="5", supported=["4"])
    clone = pickle.loads(pickle.dumps(error))  # noqa: S301 - our own object
    assert (clone.requested_version, clone.successor, clone.supported) == ("3", "5", ("4",))
    matrix_error = MatrixError(
        "not a date: '2019-13'", source="a.toml", key_path="versions[2].end_of_life"
    )
    clone2 = pickle.loads(pickle.dumps(matrix_error))  # noqa: S301 - our own object
    assert str(clone2) == "a.toml: versions[2].end_of_life: not a date: '2019-13'"
    assert isinstance(clone2, ValueError)
