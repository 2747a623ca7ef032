"""The repository passes `ruff check` with the settings of pyproject.toml ([tool.ruff])."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _ruff() -> list[str]:
    """The ruff command: the `ruff` module of this interpreter, else one on PATH; skip when neither exists."""
    try:
        import ruff  # noqa: F401  # a test dependency: pip install -e '.[test]'
    except ImportError:
        exe = shutil.which("ruff")
        if exe is None:
            pytest.skip("ruff is not installed")
        return [exe]
    return [sys.executable, "-m", "ruff"]


def test_repository_is_ruff_clean() -> None:
    result = subprocess.run([*_ruff(), "check", "--no-cache", "--output-format", "concise", "."],
                            cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
