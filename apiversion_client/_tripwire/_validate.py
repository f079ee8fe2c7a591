"""Findings about a matrix's ``[[relies]]`` declarations that load but are probably wrong."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from apiversion_client._templates import compile_template
from apiversion_client._tripwire._model import Reliance

if TYPE_CHECKING:
    from apiversion_client._matrix import CompatibilityMatrix, Finding
    from apiversion_client._versions import ApiVersion

__all__ = ["relies_findings"]

_PLACEHOLDER = re.compile(r"\{[^/{}]*\}")


def relies_findings(matrix: CompatibilityMatrix) -> Iterator[Finding]:
    """Warnings about the declarations of a matrix, in document order.

    * ``relies[i].versions``: the range holds no version of the matrix (the
      declaration is never used);
    * ``relies[i].resource``: the matrix says the resource does not exist at a
      version in the range (added later, or removed): a ``404`` there is right,
      and the declaration promises what the matrix denies;
    * ``relies[i].resource``: another declaration of the same resource holds
      for some of the same versions (both are checked; say it once);
    * ``relies[i].sort.field``: the sort field's array is not among the fields
      read (a page without it is not reported as such).

    Args:
        matrix: The matrix.

    Yields:
        The findings.
    """
    from apiversion_client._matrix import Finding

    versions = [info.version for info in matrix.versions]
    covered: list[tuple[Reliance, frozenset[ApiVersion]]] = []
    for i, reliance in enumerate(matrix.relies):
        where = f"relies[{i}]"
        holds = frozenset(v for v in versions if v in reliance.versions)
        if versions and not reliance.versions.everything and not holds:
            known = ", ".join(str(v) for v in versions)
            yield Finding(
                f"{where}.versions",
                f"{str(reliance.versions)!r} holds no version of the matrix ({known}): "
                "the declaration is never used",
                "warning",
                matrix.source,
            )
        missing = _absent(matrix, reliance, sorted(holds, key=lambda v: v.sort_key))
        if missing:
            yield Finding(
                f"{where}.resource",
                f"the matrix says {reliance.resource} does not exist at API version "
                f"{', '.join(missing)}, which {str(reliance.versions)!r} holds",
                "warning",
                matrix.source,
            )
        for j, (other, other_holds) in enumerate(covered):
            if other.key == reliance.key and (holds & other_holds or not versions):
                yield Finding(
                    f"{where}.resource",
                    f"relies[{j}] declares {other.resource} for some of the same versions: "
                    "merge the two",
                    "warning",
                    matrix.source,
                )
                break
        covered.append((reliance, holds))
        sort = reliance.sort
        if sort is not None:
            array = sort.field.split_at_last_list()[0]
            read = {path.split_at_last_list()[0] for path in reliance.read_fields if path.lists}
            if array not in read:
                yield Finding(
                    f"{where}.sort.field",
                    f"no field of the array of {sort.field} is in fields: a page without the "
                    "array is not reported (add e.g. its id to fields)",
                    "warning",
                    matrix.source,
                )


def _absent(matrix: CompatibilityMatrix, reliance: Reliance, holds: list[ApiVersion]) -> list[str]:
    method, _, path = compile_template(reliance.resource)
    concrete = _PLACEHOLDER.sub("x", path)
    absent = []
    for version in holds:
        state = matrix.resource_status(version, method or "GET", concrete)
        if state.resource is not None and not state.exists:
            absent.append(str(version))
    return absent
