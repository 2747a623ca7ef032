"""Fixtures shared by test modules: a rule cache of the test run's own, a headless Chromium
(tests/browser.py) and a running desk (tests/desk_server.py)."""

from collections.abc import Iterator

import pytest

from tests.browser import browser  # noqa: F401
from tests.desk_server import desk  # noqa: F401


@pytest.fixture(autouse=True, scope="session")
def _rule_cache_of_the_run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Rule files the tests write (hundreds, each a cache entry) go to a cache of this run, not the user's;
    the commands the tests start inherit it. Tests of the cache itself set their own folder."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))
        yield
