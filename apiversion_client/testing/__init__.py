"""Testing helpers for SDK authors and application developers (public API).

The reference server and the notice collector live here; see issue 6.
"""
