"""Small matrices, one per built-in profile, for the reference-server tests."""

from __future__ import annotations

import datetime as dt

import attrs

from apiversion_client import CompatibilityMatrix

# Dates shared by every matrix: OLD is removed on ENDED, DEP is deprecated on
# DEPRECATED and ends on ENDS, NEW is current.  BEFORE is a day before any of it.
BEFORE = dt.date(2019, 1, 1)
ENDED = dt.date(2020, 1, 1)
DEPRECATED = dt.date(2021, 1, 1)
ENDS = dt.date(2030, 1, 1)
DURING = dt.date(2022, 6, 1)
AFTER = dt.date(2031, 1, 1)


@attrs.frozen
class Case:
    """One profile with the three versions of its matrix."""

    profile: str
    old: str
    dep: str
    new: str
    unknown: str

    def matrix(self) -> CompatibilityMatrix:
        """The matrix: old removed, dep deprecated, new current."""
        return CompatibilityMatrix.from_dict(
            {
                "api": {"name": f"{self.profile} test API", "profile": self.profile},
                "versions": [
                    {"version": self.old, "released": "2018-01-01", "end_of_life": ENDED},
                    {
                        "version": self.dep,
                        "released": "2018-06-01",
                        "deprecated": DEPRECATED,
                        "end_of_life": ENDS,
                        "successor": self.new,
                    },
                    {"version": self.new, "released": "2018-12-01"},
                ],
            },
            source=f"{self.profile}.toml",
        )


CASES = [
    Case("gooddata", "1", "2", "3", "9"),
    Case("cognite", "0.5", "0.6", "v1", "v7"),
    Case("github", "2017-01-01", "2018-06-01", "2018-12-01", "2099-01-01"),
    Case("stripe", "2017-01-01", "2018-06-01", "2018-12-01.acacia", "2099-01-01"),
    Case("azure", "2017-01-01", "2018-06-01", "2018-12-01", "2099-01-01-preview"),
    Case("rfc", "1", "2", "3", "9"),
]
