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

Which requests belong to the API: those with the base URL's scheme, host and
port (a default port written out or left out; a non-ASCII host compared in the
IDNA form the clients send) and a path at or below the base path, on a segment
boundary (paths compared percent-encoded, as clients send them: ``/büro`` is
``/b%C3%BCro``).  A URL with a backslash in its authority never does: urllib3 and
browsers end the host at the backslash where the standard library does not, so
two parsers would name two hosts.  Only requests that belong to the API are
pinned, and a version header the caller set is dropped on a redirect to any
other origin.

A path segment where the profile puts the version is that request's version
when the matrix or the pin names it, or when it is written like a version:
``v``-prefixed (``v2``, ``v1beta1``) or dotted (``0.6``) under any pin, a date
under a date or named pin, a bare integer only under a bare-number pin.  Any
other segment (``/12345/items`` under ``v1``) is part of the path, and the pin
is added.

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
