"""Tests that run every code example in docs/."""
