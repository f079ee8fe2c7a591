"""stripe-python over ``stripe.RequestsClient(session=...)``, the library mounted on that session.

The fake Stripe API (``answer``) serves customers at any version it knows,
echoing it in ``Stripe-Version``; versions before 2024 are deprecated
(``Deprecation`` / ``Sunset`` / ``Link``), versions before 2019 are removed
(``410`` with a Stripe error body), and a version it does not know is served
as the account's default version (echoed), as Stripe does for an unset one.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import requests

import apiversion_client as avc
from apiversion_client.transports.requests import RequestsApiVersionRemovedError

from ._fake import FakeApi, Received, Reply
from .conftest import here, require

stripe = require("stripe")

pytestmark = [pytest.mark.interop, pytest.mark.network]

CURRENT = "2025-03-31.basil"  # the application's pin
ACCOUNT_DEFAULT = "2024-06-20"  # what the account is served without a known version
OTHER = "2024-09-30.acacia"
DEPRECATED = "2023-10-16"
REMOVED = "2017-08-15"
KNOWN = {CURRENT, ACCOUNT_DEFAULT, OTHER, DEPRECATED, REMOVED, stripe.api_version}
MIGRATION_GUIDE = "https://docs.stripe.example/upgrades"


def answer(request: Received) -> Reply:
    """The Stripe API, as far as these tests need it."""
    asked = request.header("Stripe-Version")
    served = asked if asked in KNOWN else ACCOUNT_DEFAULT
    headers = [("Stripe-Version", served), ("Request-Id", f"req_{len(served)}")]
    if served < "2019":
        message = f"Stripe-Version {served} has been removed. See {MIGRATION_GUIDE}"
        body = {"error": {"type": "invalid_request_error", "message": message}}
        return Reply(410, tuple(headers), body)
    if served < "2024":
        headers += [
            ("Deprecation", "@1704067200"),  # 2024-01-01
            ("Sunset", "Thu, 31 Dec 2099 23:59:59 GMT"),
            ("Link", f'<{MIGRATION_GUIDE}>; rel="deprecation"'),
        ]
    customer_id = request.path.rsplit("/", 1)[-1]
    return Reply(200, tuple(headers), {"id": customer_id, "object": "customer"})


@pytest.fixture
def api() -> Iterator[FakeApi]:
    """The fake Stripe API on 127.0.0.1."""
    with FakeApi(answer, name="fake-stripe") as fake:
        yield fake


class Stripe:
    """A ``StripeClient`` over a requests session the library is mounted on."""

    def __init__(self, api: FakeApi, *, stripe_version: str | None, **mount_options) -> None:
        self.session = requests.Session()
        self.responses: list[requests.Response] = []
        # A response hook sees what stripe-python never hands on: the response.
        self.session.hooks["response"].append(lambda response, **_: self.responses.append(response))
        mount_options.setdefault("api_version", CURRENT)
        self.adapter = avc.mount(self.session, api.url, profile="stripe", **mount_options)
        self.client = stripe.StripeClient(
            "sk_test_fake",
            stripe_version=stripe_version,
            base_addresses={"api": api.url},
            http_client=stripe.RequestsClient(session=self.session),
        )

    def close(self) -> None:
        self.session.close()


@pytest.fixture
def sdk(api) -> Iterator[Callable[..., Stripe]]:
    """Build ``Stripe`` clients against the fake; all closed after the test."""
    built: list[Stripe] = []

    def make(**kwargs) -> Stripe:
        made = Stripe(api, **kwargs)
        built.append(made)
        return made

    yield make
    for made in built:
        made.close()


def _of(caught, category):
    return [w for w in caught if issubclass(w.category, category)]


def test_a_deprecation_warns_once_at_the_callers_line(sdk):
    """A deprecated version warns once, at the line that called stripe, not inside stripe."""
    stripe_client = sdk(stripe_version=DEPRECATED, errors="attach", skip_packages=["stripe"]).client
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        line = here() + 1
        customer = stripe_client.v1.customers.retrieve("cus_1")
        stripe_client.v1.customers.retrieve("cus_2")
    assert customer.id == "cus_1"
    [warning] = _of(caught, avc.ApiVersionWarning)
    assert warning.category is avc.ApiDeprecationWarning
    assert (warning.filename, warning.lineno) == (__file__, line)
    message = str(warning.message)
    assert f"at API version {DEPRECATED} is deprecated" in message
    assert MIGRATION_GUIDE in message


def test_without_skip_packages_the_warning_points_into_stripe(sdk):
    """The reason for ``skip_packages``: without it the warning points at stripe's own code."""
    stripe_client = sdk(stripe_version=DEPRECATED, errors="attach").client
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        stripe_client.v1.customers.retrieve("cus_1")
    [warning] = _of(caught, avc.ApiDeprecationWarning)
    stripe_dir = Path(stripe.__file__).parent
    assert Path(warning.filename).is_relative_to(stripe_dir)


def test_a_removed_version_is_stripes_own_error_with_errors_attach(sdk, api):
    """With ``errors="attach"`` stripe's status handling runs: a 410 is its ``APIError``."""
    client = sdk(stripe_version=REMOVED, errors="attach", skip_packages=["stripe"])
    with pytest.raises(stripe.APIError) as caught:
        client.client.v1.customers.retrieve("cus_1")
    error = caught.value
    assert type(error) is stripe.APIError  # not the APIConnectionError below
    assert error.http_status == 410
    assert f"Stripe-Version {REMOVED} has been removed" in error.user_message
    # The library's typed error rides on the response stripe read.
    [response] = client.responses
    assert isinstance(response.api_error, avc.ApiVersionRemovedError)
    assert response.api_error.requested_version == REMOVED
    assert response.api_error.response is response
    assert api.paths() == ["/v1/customers/cus_1"]  # stripe did not retry


def test_a_removed_version_is_a_connection_error_with_errors_raise(sdk, api):
    """Why ``errors="attach"`` exists: raised in the session, stripe calls it a network error."""
    client = sdk(stripe_version=REMOVED, skip_packages=["stripe"])
    with pytest.raises(stripe.APIConnectionError) as caught:
        client.client.v1.customers.retrieve("cus_1")
    cause = caught.value.__cause__
    assert isinstance(cause, RequestsApiVersionRemovedError)
    assert cause.requested_version == REMOVED
    assert "Network error" in str(caught.value)
    assert client.responses == []  # the response never reached the session's hooks
    assert api.paths() == ["/v1/customers/cus_1"]


def test_the_stripe_version_stripe_sets_is_the_requests_own_pin(sdk, api):
    """The ``Stripe-Version`` stripe sets itself is the pin; the mount's is not sent."""
    client = sdk(stripe_version=None, api_version=OTHER, skip_packages=["stripe"])
    client.client.v1.customers.retrieve("cus_1")
    assert api.last.header("Stripe-Version") == stripe.api_version
    [response] = client.responses
    assert response.api_version == stripe.api_version
    assert response.api_signals.served_version == stripe.api_version
    assert client.adapter.notices == ()


def test_the_stripe_version_option_is_sent_and_read_back(sdk, api):
    """``StripeClient(stripe_version=...)`` is what goes out; the echo matches it: no notice."""
    client = sdk(stripe_version=CURRENT, skip_packages=["stripe"])
    client.client.v1.customers.retrieve("cus_1")
    sent = [v for k, v in api.last.headers if k.lower() == "stripe-version"]
    assert sent == [CURRENT]
    [response] = client.responses
    assert (response.api_version, response.api_signals.served_version) == (CURRENT, CURRENT)
    assert response.api_request_id == f"req_{len(CURRENT)}"
    assert client.adapter.notices == ()


def test_a_pinned_block_overrides_the_header_stripe_set(sdk, api):
    """Inside ``adapter.pinned(...)`` the block's version replaces stripe's, on one line."""
    client = sdk(stripe_version=CURRENT, skip_packages=["stripe"])
    with client.adapter.pinned(OTHER):
        client.client.v1.customers.retrieve("cus_1")
    sent = [v for k, v in api.last.headers if k.lower() == "stripe-version"]
    assert sent == [OTHER]
    assert client.responses[-1].api_version == OTHER


def test_a_version_served_other_than_stripes_is_a_mismatch(sdk):
    """An unknown version is served as the account default: a mismatch naming stripe's version."""
    unknown = "2025-02-27"
    stripe_client = sdk(stripe_version=unknown, skip_packages=["stripe"]).client
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        line = here() + 1
        stripe_client.v1.customers.retrieve("cus_1")
    [warning] = _of(caught, avc.ApiVersionWarning)
    assert warning.category is avc.ApiVersionMismatchWarning
    assert (warning.filename, warning.lineno) == (__file__, line)
    assert f"API version {unknown} was pinned" in str(warning.message)
    assert ACCOUNT_DEFAULT in str(warning.message)
