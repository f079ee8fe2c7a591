"""parse_sf_date against the httpwg structured-field-tests corpus.

The corpus lives outside the repository, at
``<repo root>/../shared/conformance/structured-field-tests``, or under the
directory ``APIVERSION_CLIENT_SHARED`` names (``.ci/run`` sets it when a clone's
corpus is beside the checkout it was cloned from).  When it is missing the
tests skip, unless ``APIVERSION_CLIENT_REQUIRE_CONFORMANCE=1`` (set by
``.ci/run``), in which case they fail.

How each corpus file is used (raw lines are joined with ", " as its README says):

* ``date.json``: every case as is; ``must_fail`` gives None, ``can_fail`` gives
  None or the exact date, every other case the exact date.
* ``item.json``: the integer ``1`` in each case becomes the date ``@1`` (the
  cases are about whitespace around an item).
* ``number.json``: ``@`` + an integer case is that date; ``@`` + a decimal, a
  ``must_fail`` case or a list is not a date item.  Each number is also used as
  a parameter value (``@0;a=<number>``), valid exactly when the number is, and
  a bare number is never a date.
* ``token.json``: a token is never a date, and is a valid parameter value.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path
from typing import Any

import pytest

from apiversion_client.signals import parse_sf_date

_BESIDE = Path(__file__).resolve().parents[2].parent / "shared"
_SHARED = Path(os.environ.get("APIVERSION_CLIENT_SHARED") or _BESIDE)
CORPUS = _SHARED / "conformance/structured-field-tests"
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_MIN_EPOCH = -62135596800  # 0001-01-01T00:00:00Z
_MAX_EPOCH = 253402300799  # 9999-12-31T23:59:59Z

# (id, value, expected epoch or None, may fail)
Case = tuple[str, str, int | None, bool]


def _require_corpus() -> None:
    if (CORPUS / "date.json").is_file():
        return
    reason = f"structured-field-tests corpus not found at {CORPUS}"
    if os.environ.get("APIVERSION_CLIENT_REQUIRE_CONFORMANCE") == "1":
        pytest.fail(reason)
    pytest.skip(reason)


def _load(name: str) -> list[dict[str, Any]]:
    path = CORPUS / name
    if not path.is_file():
        return []
    cases: list[dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))
    return cases


def _raw(case: dict[str, Any]) -> str:
    return ", ".join(case["raw"])


def _date_cases() -> list[Case]:
    out: list[Case] = []
    for case in _load("date.json"):
        name = f"date:{case['name']}"
        if case.get("must_fail"):
            out.append((name, _raw(case), None, False))
        else:
            out.append((name, _raw(case), case["expected"][0]["value"], bool(case.get("can_fail"))))
    return out


def _item_cases() -> list[Case]:
    out: list[Case] = []
    for case in _load("item.json"):
        value = _raw(case).replace("1", "@1")
        expected = None if case.get("must_fail") else 1
        out.append((f"item:{case['name']}", value, expected, False))
    return out


def _number_cases() -> list[Case]:
    out: list[Case] = []
    for case in _load("number.json"):
        name, raw = case["name"], _raw(case)
        is_item = case["header_type"] == "item"
        valid = not case.get("must_fail")
        value = case["expected"][0] if valid and is_item else None
        epoch = value if isinstance(value, int) else None
        out.append((f"number:{name}:as-date", "@" + raw, epoch, False))
        out.append((f"number:{name}:bare", raw, None, False))
        if is_item:
            out.append((f"number:{name}:as-param", "@0;a=" + raw, 0 if valid else None, False))
    return out


def _token_cases() -> list[Case]:
    out: list[Case] = []
    for case in _load("token.json"):
        name, raw = case["name"], _raw(case)
        out.append((f"token:{name}:bare", raw, None, False))
        out.append((f"token:{name}:as-param", "@0;a=" + raw, 0, False))
    return out


def _all_cases() -> list[Case]:
    if not (CORPUS / "date.json").is_file():
        return []
    return _date_cases() + _item_cases() + _number_cases() + _token_cases()


CASES = _all_cases()


def test_corpus_is_present() -> None:
    """The corpus is found (its absence fails in CI and skips elsewhere)."""
    _require_corpus()
    assert len(CASES) > 17


@pytest.mark.parametrize(
    ("value", "epoch", "may_fail"),
    [pytest.param(value, epoch, may_fail, id=name) for name, value, epoch, may_fail in CASES]
    or [pytest.param("", None, False, id="corpus-missing")],
)
def test_sf_date_conformance(value: str, epoch: int | None, may_fail: bool) -> None:
    """Each corpus case is rejected (None) when it must fail and read exactly otherwise."""
    _require_corpus()
    parsed = parse_sf_date(value)
    if epoch is None:
        assert parsed is None
    elif not _MIN_EPOCH <= epoch <= _MAX_EPOCH:
        # Syntactically valid but outside years 1..9999: a datetime cannot hold it,
        # so parse_sf_date documents None (the corpus marks such cases can_fail).
        assert parsed is None
    elif may_fail and parsed is None:
        pass
    else:
        assert parsed == _EPOCH + dt.timedelta(seconds=epoch)
