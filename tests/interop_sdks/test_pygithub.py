"""PyGithub with the library mounted on the requests sessions its connection classes build.

PyGithub builds a ``requests.Session`` per connection object, and its only
public way in is ``Requester.injectConnectionClasses`` (process-wide; it also
turns connection reuse off, as it was made for PyGithub's own replay tests).
The connection classes here mount one versioned adapter, made by
:func:`apiversion_client.mount` on the first session, on every session they
build: one pin, one set of notices, warned once.  The fake GitHub API
(``answer``) echoes ``X-GitHub-Api-Version`` in ``X-GitHub-Api-Version-Selected``
and deprecates ``2022-11-28``.
"""

from __future__ import annotations

import collections
import warnings
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import requests

import apiversion_client as avc

from ._fake import FakeApi, Received, Reply
from .conftest import here, require

github = require("github")
Requester = github.Requester.Requester

pytestmark = [pytest.mark.interop, pytest.mark.network]

DEPRECATED = "2022-11-28"
CURRENT = "2026-03-10"
BREAKING_CHANGES = "https://docs.github.example/rest/about-the-rest-api/breaking-changes"


def github_api() -> Callable[[Received], Reply]:
    """The GitHub REST API, as far as these tests need it.

    ``octocat/flaky`` answers its first request with a ``503``, as GitHub does at times.
    """
    attempts: collections.Counter[str] = collections.Counter()

    def answer(request: Received) -> Reply:
        version = request.header("X-GitHub-Api-Version") or DEPRECATED
        headers = [("X-GitHub-Api-Version-Selected", version), ("X-GitHub-Request-Id", "CAFE:1")]
        owner_repo = request.path.removeprefix("/repos/")
        attempts[owner_repo] += 1
        if owner_repo == "octocat/flaky" and attempts[owner_repo] == 1:
            return Reply(503, tuple(headers), {"message": "Service unavailable"})
        if version == DEPRECATED:
            headers += [
                ("Deprecation", "Sat, 01 Jan 2028 00:00:00 GMT"),
                ("Sunset", "Thu, 31 Dec 2099 23:59:59 GMT"),
                ("Link", f'<{BREAKING_CHANGES}>; rel="deprecation"'),
            ]
        body = {"id": 1296269, "full_name": owner_repo, "name": owner_repo.partition("/")[2]}
        return Reply(200, tuple(headers), body)

    return answer


def versioned_connection_classes(base_url: str, **options: Any) -> tuple[type, type, list[Any]]:
    """PyGithub connection classes whose sessions all carry one adapter from ``mount()``.

    Returns:
        The HTTP and HTTPS connection classes, and a list that holds the
        adapter once the first connection is made.
    """
    mounted: list[Any] = []

    def mount_on(session: requests.Session) -> None:
        if mounted:
            session.mount(base_url.rstrip("/") + "/", mounted[0])
        else:
            mounted.append(avc.mount(session, base_url, **options))

    class HTTPConnection(github.Requester.HTTPRequestsConnectionClass):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            mount_on(self.session)

    class HTTPSConnection(github.Requester.HTTPSRequestsConnectionClass):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            mount_on(self.session)

    return HTTPConnection, HTTPSConnection, mounted


@pytest.fixture
def api() -> Iterator[FakeApi]:
    """The fake GitHub API on 127.0.0.1."""
    with FakeApi(github_api(), name="fake-github") as fake:
        yield fake


@pytest.fixture
def versioned_github(api) -> Iterator[Callable[..., tuple[Any, list[Any]]]]:
    """``make(**github_kwargs) -> (Github, mounted)``; connection classes reset after."""
    built: list[Any] = []

    def make(**kwargs: Any) -> tuple[Any, list[Any]]:
        http, https, mounted = versioned_connection_classes(
            api.url, profile="github", skip_packages=["github"]
        )
        Requester.injectConnectionClasses(http, https)
        client = github.Github(base_url=api.url, **kwargs)
        built.append(client)
        return client, mounted

    try:
        yield make
    finally:
        for client in built:
            client.close()
        Requester.resetConnectionClasses()


def test_mount_keeps_githubretry_and_the_pool_size(versioned_github):
    """The versioned adapter keeps PyGithub's ``GithubRetry`` and ``pool_size``."""
    retry = github.GithubRetry(total=4)
    client, mounted = versioned_github(retry=retry, pool_size=7)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", avc.ApiDeprecationWarning)
        client.get_repo("octocat/hello-world")
    [adapter] = mounted
    assert adapter.max_retries is retry
    assert (adapter._pool_connections, adapter._pool_maxsize) == (7, 7)


def test_githubretry_still_retries_under_the_versioned_adapter(versioned_github, api):
    """A ``503`` is retried by PyGithub's ``GithubRetry``, each attempt pinned; the last is read."""
    client, mounted = versioned_github(retry=github.GithubRetry(total=2, backoff_factor=0))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", avc.ApiDeprecationWarning)
        repo = client.get_repo("octocat/flaky")
    assert repo.full_name == "octocat/flaky"
    assert api.paths() == ["/repos/octocat/flaky", "/repos/octocat/flaky"]
    assert [r.header("X-GitHub-Api-Version") for r in api.received] == [DEPRECATED] * 2
    [notice] = mounted[0].notices
    assert notice.kind is avc.NoticeKind.DEPRECATED


def test_a_deprecation_warns_once_at_the_callers_line(versioned_github, api):
    """A deprecated version warns once for the Github object, at the caller's line."""
    client, mounted = versioned_github()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        line = here() + 1
        repo = client.get_repo("octocat/hello-world")
        client.get_repo("octocat/spoon-knife")
    assert repo.full_name == "octocat/hello-world"
    assert api.paths() == ["/repos/octocat/hello-world", "/repos/octocat/spoon-knife"]
    [warning] = [w for w in caught if issubclass(w.category, avc.ApiVersionWarning)]
    assert warning.category is avc.ApiDeprecationWarning
    assert (warning.filename, warning.lineno) == (__file__, line)
    assert BREAKING_CHANGES in str(warning.message)
    # PyGithub sets no version unless asked: the library's pin (the profile's default) went out.
    assert api.last.header("X-GitHub-Api-Version") == DEPRECATED
    [notice] = mounted[0].notices
    assert notice.resource == "GET /repos/{owner}/{repo}"


def test_pygithubs_own_api_version_is_the_requests_pin(versioned_github, api):
    """``Github(api_version=...)`` sets the header itself: that is the pin, no notice."""
    client, mounted = versioned_github(api_version=CURRENT)
    client.get_repo("octocat/hello-world")
    assert api.last.header("X-GitHub-Api-Version") == CURRENT
    assert mounted[0].notices == ()
