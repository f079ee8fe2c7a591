"""Where each profile puts the pin, and when a request keeps its own."""

from __future__ import annotations

import pytest

from apiversion_client import ApiVersion, Negotiator, Profile, profiles

BASE = "https://api.example.com"


def prepare(profile, url, headers=(), pin="5", base=BASE):
    negotiator = Negotiator(base, profile=profile, api_version=pin)
    return negotiator.prepare("GET", url, headers)


@pytest.mark.parametrize(
    ("profile", "pin", "header", "value"),
    [
        (profiles.GOODDATA, "5", "X-GDC-Version", "5"),
        (profiles.GITHUB, "2022-11-28", "X-GitHub-Api-Version", "2022-11-28"),
        (profiles.STRIPE, "2026-06-24.dahlia", "Stripe-Version", "2026-06-24.dahlia"),
        (profiles.RFC, "2.0", "Api-Version", "2.0"),
    ],
    ids=["gooddata", "github", "stripe", "rfc"],
)
def test_header_profiles_set_their_header(profile, pin, header, value):
    """Header-scheme profiles add their header with the pin's exact wire text."""
    prepared = prepare(profile, f"{BASE}/things", pin=pin)
    assert prepared.in_scope
    assert (header, value) in prepared.set_headers
    assert prepared.url == f"{BASE}/things"
    assert prepared.requested == value


def test_request_that_carries_the_header_keeps_it():
    """A request that already carries the version header keeps it as its own pin."""
    prepared = prepare(profiles.GOODDATA, f"{BASE}/x", headers={"x-gdc-version": "3"})
    assert prepared.set_headers == ()
    assert prepared.requested == "3"
    assert prepared.version == ApiVersion.parse("3")


def test_explicit_override_beats_the_requests_own_header():
    """A per-request / per-block override wins over a version the request carries."""
    negotiator = Negotiator(BASE, profile="gooddata", api_version="5")
    with negotiator.pinned("4"):
        prepared = negotiator.prepare("GET", f"{BASE}/x", {"X-GDC-Version": "3"})
    assert ("X-GDC-Version", "4") in prepared.set_headers


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (f"{BASE}/r", f"{BASE}/r?api-version=2024-01-01"),
        (f"{BASE}/r?a=1", f"{BASE}/r?a=1&api-version=2024-01-01"),
        (f"{BASE}/r?api-version=2019-01-01&a=1", f"{BASE}/r?a=1&api-version=2024-01-01"),
        (f"{BASE}/r?API-Version=2019-01-01", f"{BASE}/r?api-version=2024-01-01"),
        (f"{BASE}/r?x=a%26b", f"{BASE}/r?x=a%26b&api-version=2024-01-01"),
    ],
    ids=["plain", "other-params", "replaces", "replaces-any-case", "keeps-encoding"],
)
def test_azure_query_pin_replaces_a_handed_back_value(url, expected):
    """The query scheme stamps the pin, replacing an api-version already in the URL."""
    prepared = prepare(profiles.AZURE, url, pin="2024-01-01")
    assert prepared.url == expected
    assert prepared.set_headers == ()


@pytest.mark.parametrize(
    ("url", "pin", "expected_url", "headers"),
    [
        (f"{BASE}/projects/p/assets", "v1", f"{BASE}/api/v1/projects/p/assets", ()),
        (f"{BASE}/", "v1", f"{BASE}/api/v1/", ()),
        (
            f"{BASE}/projects/p/assets",
            "v1-beta",
            f"{BASE}/api/v1/projects/p/assets",
            (("version", "beta"),),
        ),
    ],
    ids=["inserted", "root", "beta-channel-header"],
)
def test_cognite_path_pin(url, pin, expected_url, headers):
    """The path scheme inserts /api/<version>; a beta pin goes to the channel header."""
    prepared = prepare(profiles.COGNITE, url, pin=pin)
    assert prepared.url == expected_url
    assert prepared.set_headers == headers


def test_cognite_path_that_holds_a_version_keeps_it():
    """A path that already names a version is that request's pin."""
    prepared = prepare(profiles.COGNITE, f"{BASE}/api/0.6/projects/p", pin="v1")
    assert prepared.url == f"{BASE}/api/0.6/projects/p"
    assert prepared.requested == "0.6"


@pytest.mark.parametrize(
    ("pin", "path", "requested", "url"),
    [
        ("v1", "/v2/users", "v2", "/v2/users"),
        ("v1", "/v1beta1/users", "v1beta1", "/v1beta1/users"),
        ("v1", "/0.6/users", "0.6", "/0.6/users"),
        ("v1", "/12345/items", "v1", "/v1/12345/items"),  # an id, not version 12345
        ("v1", "/2024-01-01/items", "v1", "/v1/2024-01-01/items"),  # another kind
        ("1", "/2/users", "2", "/2/users"),
        ("1", "/v2/users", "v2", "/v2/users"),
        ("2024-01-01", "/2024-06-01/x", "2024-06-01", "/2024-06-01/x"),
        ("2024-01-01", "/5/x", "2024-01-01", "/2024-01-01/5/x"),
        ("2024-01-01", "/v2/items", "v2", "/v2/items"),  # written like a version
        ("2024-01-01", "/v1beta1/x", "v1beta1", "/v1beta1/x"),
        ("2024-01-01", "/1.5/x", "1.5", "/1.5/x"),
        ("playground", "/v1/x", "v1", "/v1/x"),
        ("playground", "/2024-06-01/x", "2024-06-01", "/2024-06-01/x"),
        ("playground", "/12345/x", "playground", "/playground/12345/x"),
    ],
)
def test_a_path_segment_is_a_version_only_when_written_like_the_pin(pin, path, requested, url):
    """A version-shaped segment of another kind than the pin (an id) gets the pin."""
    prepared = prepare(profiles.DRF_PATH, BASE + path, pin=pin)
    assert prepared.requested == requested
    assert prepared.url == BASE + url


def test_cognite_named_pin_keeps_an_explicit_v1_path():
    """Under the named pin ``playground``, ``/api/v1/...`` is a request for v1 (not re-pinned)."""
    prepared = prepare(profiles.COGNITE, f"{BASE}/api/v1/projects/p/assets", pin="playground")
    assert prepared.url == f"{BASE}/api/v1/projects/p/assets"
    assert prepared.requested == "v1"


def test_cognite_sdk_header_is_the_requests_pin():
    """An SDK that sets cdf-version itself keeps it; that value is inspected as the pin."""
    prepared = prepare(
        profiles.COGNITE, f"{BASE}/api/v1/projects/p", headers={"cdf-version": "20230101-beta"}
    )
    assert prepared.requested == "20230101-beta"
    assert prepared.version is not None
    assert prepared.version.channel.value == "beta"


def test_media_type_profile_adds_accept_parameter():
    """A media-type profile puts the pin in the Accept header's parameter."""
    profile = Profile(name="mt", media_type="version")
    prepared = prepare(profile, f"{BASE}/x", headers={"Accept": "application/json"}, pin="2")
    assert ("Accept", "application/json; version=2") in prepared.set_headers
    own = prepare(profile, f"{BASE}/x", headers={"Accept": "application/json; version=1"})
    assert own.requested == "1"
    assert own.set_headers == ()


@pytest.mark.parametrize(
    "url",
    [
        "https://other.example.com/things",
        "http://api.example.com/things",
        "https://api.example.com:8443/things",
        "https://api.example.com.evil.test/things",
        "https://evil.test/https://api.example.com/",
    ],
    ids=["other-host", "other-scheme", "other-port", "suffix-host", "in-path"],
)
def test_out_of_scope_requests_are_left_alone(url):
    """Requests to anything but the API's origin get no version and no inspection."""
    prepared = prepare(profiles.GOODDATA, url)
    assert not prepared.in_scope
    assert prepared.set_headers == ()
    assert prepared.url == url


@pytest.mark.parametrize(
    ("url", "in_scope"),
    [
        ("https://api.example.com/gdc", True),
        ("https://api.example.com/gdc/", True),
        ("https://api.example.com/gdc/projects", True),
        ("https://api.example.com/gdcx/projects", False),
        ("https://api.example.com/other", False),
        ("https://API.EXAMPLE.COM:443/gdc/x", True),
    ],
)
def test_base_path_scope_is_on_segment_boundaries(url, in_scope):
    """Only paths at or below the base path are the API's, on segment boundaries."""
    negotiator = Negotiator("https://api.example.com/gdc", profile="gooddata", api_version="1")
    assert negotiator.in_scope(url) is in_scope


@pytest.mark.parametrize("bad", ["5\r\nX-Evil: 1", "5\n", "5\x00", "5 6", "", "  "])
def test_versions_that_could_inject_headers_are_refused(bad):
    """A pin with CR, LF, NUL or spaces inside is a ValueError before anything is built."""
    with pytest.raises(ValueError, match=r"5|version|empty"):
        Negotiator(BASE, profile="gooddata", api_version=bad)
    negotiator = Negotiator(BASE, profile="gooddata", api_version="5")
    with pytest.raises(ValueError), negotiator.pinned(bad):
        pass


def test_pinning_profile_without_a_pin_is_refused():
    """A pinning profile with no pin anywhere is a ValueError: never silently unpinned."""
    with pytest.raises(ValueError, match="no API version to pin"):
        Negotiator(BASE, profile="gooddata")


def test_profile_default_version_is_pinned_explicitly():
    """GitHub's documented default is pinned explicitly when nothing else is given."""
    negotiator = Negotiator(BASE, profile="github")
    assert str(negotiator.pin) == "2022-11-28"


def test_kubernetes_profile_needs_no_pin():
    """A profile that does not pin can be used unpinned: nothing is added."""
    negotiator = Negotiator(BASE, profile="kubernetes")
    prepared = negotiator.prepare("GET", f"{BASE}/apis/batch/v1/jobs")
    assert prepared.in_scope
    assert prepared.set_headers == ()
    assert prepared.requested is None


def test_matrix_default_pin_for_sdk_release(gooddata_matrix):
    """Without api_version the session pins the matrix's default for the SDK release."""
    import datetime as dt

    negotiator = Negotiator(
        BASE,
        matrix=gooddata_matrix,
        sdk="gooddata-python",
        sdk_version="0.3.1",
        today=dt.date(2019, 1, 1),
    )
    assert str(negotiator.pin) == "3"
    assert negotiator.profile is profiles.GOODDATA


def test_pins_are_isolated_per_thread():
    """pinned() in one thread is not seen by another thread."""
    import threading

    negotiator = Negotiator(BASE, profile="gooddata", api_version="5")
    seen: list[str | None] = []
    inside = threading.Event()
    release = threading.Event()

    def other() -> None:
        inside.wait(5)
        seen.append(negotiator.prepare("GET", f"{BASE}/x").requested)
        release.set()

    thread = threading.Thread(target=other)
    thread.start()
    with negotiator.pinned("4"):
        inside.set()
        release.wait(5)
        assert negotiator.prepare("GET", f"{BASE}/x").requested == "4"
    thread.join(5)
    assert seen == ["5"]


def test_pins_are_isolated_per_asyncio_task():
    """pinned() in one asyncio task is not seen by a concurrent task."""
    import asyncio

    negotiator = Negotiator(BASE, profile="gooddata", api_version="5")

    async def pinned_task(version: str, gate: asyncio.Event, other: asyncio.Event) -> str | None:
        with negotiator.pinned(version):
            gate.set()
            await other.wait()
            return negotiator.prepare("GET", f"{BASE}/x").requested

    async def main() -> list[str | None]:
        a, b = asyncio.Event(), asyncio.Event()
        return list(await asyncio.gather(pinned_task("3", a, b), pinned_task("4", b, a)))

    assert asyncio.run(main()) == ["3", "4"]


def test_same_negotiator_overrides_do_not_touch_another():
    """A block pinned on one session leaves another session's pin alone."""
    one = Negotiator(BASE, profile="gooddata", api_version="5")
    two = Negotiator(BASE, profile="gooddata", api_version="5")
    with one.pinned("3"):
        assert two.prepare("GET", f"{BASE}/x").requested == "5"
        assert one.prepare("GET", f"{BASE}/x").requested == "3"


def test_cognite_sdk_header_still_gets_the_path_version():
    """An SDK that sets cdf-version but leaves the path to us still gets /api/<version>."""
    prepared = prepare(
        profiles.COGNITE, f"{BASE}/projects/p/assets", headers={"cdf-version": "20230101"}, pin="v1"
    )
    assert prepared.url == f"{BASE}/api/v1/projects/p/assets"
    assert prepared.requested == "20230101"
    assert prepared.set_headers == ()


def test_cognite_playground_goes_in_the_path_without_a_channel_header():
    """A version that is its own channel (playground) is a path segment, no header."""
    prepared = prepare(profiles.COGNITE, f"{BASE}/projects/p", pin="playground")
    assert prepared.url == f"{BASE}/api/playground/projects/p"
    assert prepared.set_headers == ()


def test_api_version_repr_is_short():
    """ApiVersion's repr is the constructor call a user would type."""
    assert repr(ApiVersion.parse("2022-11-28")) == "ApiVersion('2022-11-28')"


@pytest.mark.parametrize(
    ("session_pin", "override", "path", "expected"),
    [
        ("v1", "2024-05-01", "/2024-01-01/items", "/2024-05-01/items"),
        ("v1", "3", "/12345/items", "/3/items"),  # under a bare-number pin, 12345 is one
        ("2024-01-01", "v2", "/v1/items", "/v2/items"),
    ],
)
def test_a_pinned_override_reads_path_segments_under_its_own_pin(
    session_pin, override, path, expected
):
    """Whether a segment is a version depends on the pin in effect, not the session's.

    Under ``pinned("2024-05-01")`` a date segment is the request's version (the
    explicit pin replaces it), never a resource path to prefix with a second
    version; the verdict cached for the session's pin is not reused.
    """
    from apiversion_client import Negotiator

    negotiator = Negotiator(BASE, profile=profiles.DRF_PATH, api_version=session_pin)
    negotiator.prepare("GET", BASE + path, ())  # the session pin's verdict, cached first
    with negotiator.pinned(override):
        prepared = negotiator.prepare("GET", BASE + path, ())
    assert prepared.url == BASE + expected
    assert prepared.requested == override
