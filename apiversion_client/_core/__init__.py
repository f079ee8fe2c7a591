"""The I/O-free core: decide what to add to a request and what a response means.

The parts, each in a module of its own:

* :mod:`._negotiator`: :class:`Negotiator`, its frozen settings, the pin and
  its overrides, and the order of the decisions before sending;
* :mod:`._scope` and :mod:`._placement`: which requests belong to the API,
  and where the pin goes on them;
* :mod:`._naming`: the resource a request addresses (declared templates first);
* :mod:`._preflight`: what the compatibility matrix says before sending;
* :mod:`._inspect`: what a response means (errors, signals, notices);
* :mod:`._exchange`: the finishing step every transport shares;
* :mod:`._outcome`: the frozen values returned (:class:`Prepared`,
  :class:`Outcome`, :class:`ErrorDecision`);
* :mod:`._messages`: every text a user reads; :mod:`._redact`: no secret in them;
* :mod:`._caches`: every cache, in one table.

Nothing here imports an HTTP client library.
"""

from __future__ import annotations

from apiversion_client._core._exchange import (
    ExchangeObserver,
    NoticeSequence,
    ResponseBinding,
    add_observer,
    attach,
    remove_observer,
)
from apiversion_client._core._inspect import MAX_ERROR_BODY, HeaderLines
from apiversion_client._core._naming import ResourceResolver
from apiversion_client._core._negotiator import Negotiator
from apiversion_client._core._options import ErrorMode, NegotiatorOptions, resolve_profile
from apiversion_client._core._outcome import ErrorDecision, Outcome, Prepared

__all__ = [
    "MAX_ERROR_BODY",
    "ErrorDecision",
    "ErrorMode",
    "ExchangeObserver",
    "HeaderLines",
    "Negotiator",
    "NegotiatorOptions",
    "NoticeSequence",
    "Outcome",
    "Prepared",
    "ResourceResolver",
    "ResponseBinding",
    "add_observer",
    "attach",
    "remove_observer",
    "resolve_profile",
]
