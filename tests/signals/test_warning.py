"""Warning (RFC 7234 section 5.5), as Kubernetes and older caches send it."""

from __future__ import annotations

import pytest

from apiversion_client.signals import WarningValue, parse_warning

from ._helpers import utc

K8S_CRONJOB = (
    "batch/v1beta1 CronJob is deprecated in v1.21+, unavailable in v1.25+; use batch/v1 CronJob"
)

WARNINGS = [
    pytest.param(
        f'299 - "{K8S_CRONJOB}"', [WarningValue(299, "-", K8S_CRONJOB)], id="kubernetes-cronjob"
    ),
    pytest.param(
        '299 - "policy/v1beta1 PodSecurityPolicy is deprecated in v1.21+, unavailable in v1.25+"',
        [
            WarningValue(
                299,
                "-",
                "policy/v1beta1 PodSecurityPolicy is deprecated in v1.21+, unavailable in v1.25+",
            )
        ],
        id="kubernetes-psp",
    ),
    pytest.param(
        '110 anderson/1.3.37 "Response is stale"',
        [WarningValue(110, "anderson/1.3.37", "Response is stale")],
        id="rfc7234-example",
    ),
    pytest.param(
        '112 - "network down" "Sat, 25 Aug 2012 23:34:45 GMT"',
        [WarningValue(112, "-", "network down", utc(2012, 8, 25, 23, 34, 45))],
        id="rfc7234-dated",
    ),
    pytest.param(
        '299 api.example.com:8443 "v1 is deprecated"',
        [WarningValue(299, "api.example.com:8443", "v1 is deprecated")],
        id="host-port",
    ),
    pytest.param(
        '299 - "first", 199 - "second"',
        [WarningValue(299, "-", "first"), WarningValue(199, "-", "second")],
        id="two-in-one-line",
    ),
    pytest.param(
        r'299 - "say \"hi\" \\ now"', [WarningValue(299, "-", 'say "hi" \\ now')], id="escapes"
    ),
    pytest.param('999 - "any code"', [WarningValue(999, "-", "any code")], id="code-999"),
    pytest.param(
        '299 - "x" "not a date"', [WarningValue(299, "-", "x", None)], id="unreadable-date-kept"
    ),
    pytest.param('bad, 299 - "kept"', [WarningValue(299, "-", "kept")], id="invalid-first-dropped"),
    pytest.param(
        '29 - "two digits", 299 - "kept"', [WarningValue(299, "-", "kept")], id="two-digit-code"
    ),
    pytest.param('2999 - "four digits"', [], id="four-digit-code"),
    pytest.param('299 "no agent", 299 - "kept"', [WarningValue(299, "-", "kept")], id="no-agent"),
    pytest.param("299 - unquoted", [], id="unquoted-text"),
    pytest.param('299 - "unterminated', [], id="unterminated"),
    pytest.param('299 - "x" junk, 199 - "y"', [WarningValue(199, "-", "y")], id="junk-dropped"),
    pytest.param("", [], id="empty"),
    pytest.param(" , , ", [], id="commas"),
]


@pytest.mark.parametrize(("value", "expected"), WARNINGS)
def test_parse_warning(value: str, expected: list[WarningValue]) -> None:
    """Valid warning-values are read exactly; invalid ones are dropped without losing the rest."""
    assert parse_warning(value) == expected
