"""Fixtures shared by test modules: a headless Chromium (tests/browser.py) and a running desk
(tests/desk_server.py)."""

from tests.browser import browser  # noqa: F401
from tests.desk_server import desk  # noqa: F401
