"""validate(): suspicious but loadable data becomes findings, not errors."""

from __future__ import annotations

from apiversion_client import CompatibilityMatrix, Finding


def findings(text: str) -> list[tuple[str, str]]:
    """Load TOML text and return its findings as (key path, severity)."""
    matrix = CompatibilityMatrix.loads(text, source="m.toml")
    return [(finding.key_path, finding.severity) for finding in matrix.validate()]


def test_end_of_life_before_release_is_an_error():
    """A version that ends before it is released contradicts itself."""
    text = '[[versions]]\nversion = "1"\nreleased = 2020-02-01\nend_of_life = 2020-01-01\n'
    assert findings(text) == [("versions[0].end_of_life", "error")]


def test_deprecated_after_end_of_life_is_a_warning():
    """Deprecation after removal is flagged."""
    text = '[[versions]]\nversion = "1"\ndeprecated = 2021-01-01\nend_of_life = 2020-01-01\n'
    assert findings(text) == [("versions[0].deprecated", "warning")]


def test_end_of_life_shorter_than_the_policy_is_a_warning():
    """A declared end of life earlier than the policy promises is flagged with both dates."""
    text = """
[policy]
stable_support_months = 12
[[versions]]
version = "1"
end_of_life = 2020-03-01
successor = "2"
[[versions]]
version = "2"
released = 2020-01-01
"""
    matrix = CompatibilityMatrix.loads(text, source="m.toml")
    (finding,) = matrix.validate()
    assert str(finding) == (
        "m.toml: versions[0].end_of_life: end of life 2020-03-01 is earlier than the policy "
        "allows: 2021-01-01 (12 months after 2 was released on 2020-01-01)"
    )


def test_channel_contradicting_the_suffix_is_a_warning():
    """A -beta version declared stable is flagged."""
    text = '[[versions]]\nversion = "v1-beta"\nchannel = "stable"\n'
    assert findings(text) == [("versions[0].channel", "warning")]


def test_release_dates_out_of_order_and_older_successor_are_warnings():
    """Release dates that go back in time and a successor older than its version are flagged."""
    text = """
[[versions]]
version = "2"
released = 2019-01-01
successor = "1"
[[versions]]
version = "1"
released = 2020-01-01
"""
    assert findings(text) == [
        ("versions[0].successor", "warning"),
        ("versions[0].released", "warning"),
    ]


def test_finding_str_without_source():
    """A finding without a file is 'key: message'."""
    assert str(Finding("versions[0]", "odd")) == "versions[0]: odd"
