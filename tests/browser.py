"""Headless Chromium for the tests: Debian's `chromium` driven by Playwright for Python.

The browser is the system one (no browser download): `.ci/run` installs it with apt-get. Locally a missing
browser skips the browser tests; under CI (CI=true) it fails them, so a green CI run has really used it.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = Path(os.environ.get("LEDGERLINT_CHROMIUM", "/usr/bin/chromium"))
# no first-run work, no network of its own: the page under test is the only thing it loads
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]


def _missing(reason: str) -> None:
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason}; CI must run the browser tests (.ci/run installs chromium)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """A headless Chromium for the whole session (skipped locally when absent, a failure under CI)."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("playwright is not installed (pip install -e '.[test]')")
    if not (CHROMIUM.exists() or shutil.which(str(CHROMIUM))):
        _missing(f"{CHROMIUM} is not installed (apt-get install chromium)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        try:
            yield launched
        finally:
            launched.close()


def pdf_pages(data: bytes) -> int:
    """Number of pages of a PDF Chromium printed (the /Count of its page tree root)."""
    counts = [int(n) for n in re.findall(rb"/Type\s*/Pages\b[^>]*?/Count\s+(\d+)", data, flags=re.S)]
    if not counts:
        counts = [len(re.findall(rb"/Type\s*/Page\b(?!s)", data))]
    return max(counts)


def pdf_page_size(data: bytes) -> tuple[float, float]:
    """(width, height) in points of the first MediaBox of a PDF."""
    match = re.search(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", data)
    assert match, "no MediaBox in the PDF"
    return float(match.group(1)), float(match.group(2))
