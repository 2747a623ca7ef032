"""checker/ type-checks: mypy with the settings of pyproject.toml ([tool.mypy]) reports no error."""

from __future__ import annotations

from pathlib import Path

import pytest
from mypy import api as mypy_api  # a test dependency: pip install -e '.[test]'

ROOT = Path(__file__).resolve().parent.parent


def test_checker_has_no_type_errors(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)  # pyproject.toml's [tool.mypy] is read from the working directory
    stdout, stderr, status = mypy_api.run(["--config-file", str(ROOT / "pyproject.toml"), "checker"])
    assert status == 0, stdout + stderr
