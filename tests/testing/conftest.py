"""Fixtures for the testing helpers' tests: pytester for the plugin."""

pytest_plugins = ["pytester"]
