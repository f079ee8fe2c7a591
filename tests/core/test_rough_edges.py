"""What a first-time user meets: snoozes, the CI switch, names, reprs, clear errors."""

from __future__ import annotations

import datetime as dt
import pickle
import warnings

import pytest

import apiversion_client as avc
from apiversion_client import (
    ApiDeprecationWarning,
    ApiVersion,
    IncompatibleSdkVersionError,
    Negotiator,
    NoticeKind,
    Policy,
    Snooze,
)

BASE = "https://api.example.com"
DEPRECATED = [("Deprecation", "true"), ("Sunset", "Sat, 01 Jan 2028 00:00:00 GMT")]


def _deprecations(policy: Policy, path: str = "/repos/o/r") -> list[warnings.WarningMessage]:
    n = Negotiator(BASE, profile="rfc", api_version="5", policy=policy)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        n.settle(n.inspect(n.start("GET", BASE + path), 200, DEPRECATED))
    assert len(n.reporter.notices) == 1  # snoozed or not, it is in the notice log
    return [w for w in caught if issubclass(w.category, ApiDeprecationWarning)]


def test_a_snooze_quiets_one_known_deprecation_until_its_date() -> None:
    """A snooze by version and resource glob collects the notice until the date, then warns."""
    future = dt.date.today() + dt.timedelta(days=30)
    quiet = Policy(snooze=[Snooze(until=future, version="5", resource="GET /repos/*")])
    assert _deprecations(quiet) == []
    assert len(_deprecations(quiet, "/users/u")) == 1  # another resource: not snoozed
    other_version = Policy(snooze=[Snooze(until=future, version="4")])
    assert len(_deprecations(other_version)) == 1
    past = Policy(snooze=[Snooze(until=dt.date.today() - dt.timedelta(days=1), version="5")])
    assert len(_deprecations(past)) == 1


def test_a_snooze_needs_a_real_date() -> None:
    """A snooze's date is checked when it is made; the message names the field."""
    with pytest.raises(ValueError, match="until: not a date"):
        Snooze(until="next spring")
    with pytest.raises(TypeError, match="Snooze"):
        Policy(snooze=["5"])  # type: ignore[list-item]


@pytest.mark.parametrize(
    ("value", "deprecated", "unstable"),
    [
        ("strict", avc.Action.RAISE, avc.Action.WARN),
        ("silent", avc.Action.COLLECT, avc.Action.COLLECT),
        ("log", avc.Action.LOG, avc.Action.LOG),
        ("deprecated=raise, unstable=ignore", avc.Action.RAISE, avc.Action.IGNORE),
    ],
)
def test_one_environment_variable_sets_the_policy_for_ci(
    monkeypatch: pytest.MonkeyPatch, value: str, deprecated: avc.Action, unstable: avc.Action
) -> None:
    """APIVERSION_CLIENT_POLICY is read when a session is created without a policy."""
    monkeypatch.setenv("APIVERSION_CLIENT_POLICY", value)
    policy = Negotiator(BASE, profile="rfc", api_version="5").policy
    assert policy.action_for(NoticeKind.DEPRECATED) is deprecated
    assert policy.action_for(NoticeKind.UNSTABLE) is unstable
    given = Negotiator(BASE, profile="rfc", api_version="5", policy=Policy()).policy
    assert given.action_for(NoticeKind.DEPRECATED) is avc.Action.WARN  # a given policy wins


def test_a_bad_environment_value_names_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    """A typo in the CI switch is a ValueError naming the variable and the value."""
    monkeypatch.setenv("APIVERSION_CLIENT_POLICY", "stirct")
    with pytest.raises(ValueError, match="APIVERSION_CLIENT_POLICY='stirct'"):
        Negotiator(BASE, profile="rfc", api_version="5")


def test_public_classes_report_the_public_package() -> None:
    """Tracebacks and reprs name apiversion_client, not a private module; pickling still works."""
    for cls in (avc.ApiDeprecationWarning, avc.Notice, avc.Policy, avc.CompatibilityMatrix):
        assert cls.__module__ == "apiversion_client", cls
    error = avc.ApiVersionRemovedError("gone", url="https://x")
    # Our own objects, pickled and read back here: nothing untrusted is loaded.
    assert type(pickle.loads(pickle.dumps(error))) is avc.ApiVersionRemovedError  # noqa: S301
    assert pickle.loads(pickle.dumps(NoticeKind.DEPRECATED)) is NoticeKind.DEPRECATED  # noqa: S301


def test_a_bad_sdk_version_names_the_argument() -> None:
    """sdk_version="two" fails when the session is made, naming the argument."""
    with pytest.raises(ValueError, match="sdk_version: not a PEP 440 version: 'two'"):
        Negotiator(BASE, profile="rfc", api_version="5", sdk_version="two")


def test_a_session_shows_what_it_pins() -> None:
    """repr(session) says which API, profile and pin."""
    session = avc.VersionedSession(BASE, profile="github")
    assert repr(session) == (
        "<VersionedSession 'https://api.example.com' profile='github' api_version='2022-11-28'>"
    )
    session.close()


def test_a_version_never_equals_a_string() -> None:
    """ApiVersion("4") != "4", on purpose (documented): equal objects must hash alike."""
    version = ApiVersion.parse("4")
    assert version != "4"
    assert str(version) == "4"
    assert version == ApiVersion.parse("4.0")
    assert "never equals a ``str``" in (avc._versions.__doc__ or "")


def test_a_pin_the_matrix_does_not_list_is_refused_for_a_known_sdk_release(
    gooddata_matrix,
) -> None:
    """With an SDK release, a version its matrix does not list is refused, as check refuses it."""
    n = Negotiator(
        "https://secure.gooddata.com",
        matrix=gooddata_matrix,
        api_version="9",
        sdk_version="2.0",
        today=dt.date(2024, 1, 1),
    )
    with pytest.raises(IncompatibleSdkVersionError, match="does not know API version 9"):
        n.prepare("GET", "https://secure.gooddata.com/gdc")
