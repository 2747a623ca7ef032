"""The wheel carries everything the installed tool reads: `ledgerlint rules test` with no argument passes on
the built-in rules of a non-editable install (their cases may only use files the wheel ships)."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent

pytest.importorskip("hatchling")


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel built from this checkout, unpacked as pip would install it (a site-packages folder)."""
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "hatchling", "build", "-t", "wheel", "-d", str(out)],
                   cwd=REPO, check=True, capture_output=True)
    wheel = next(out.glob("ledgerlint-*.whl"))
    site = out / "site"
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(site)
    return site


def test_builtin_rule_cases_pass_from_the_wheel(installed: Path, tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(installed)}
    # From an empty folder, so nothing of the checkout (samples/, rules/) can be found by accident.
    result = subprocess.run([sys.executable, "-c", "from checker.cli import main; main()", "rules", "test"],
                            cwd=tmp_path, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "个用例" in result.stdout
    probe = subprocess.run([sys.executable, "-c", "import checker.resources as r; print(r.builtin_rules_dir())"],
                           cwd=tmp_path, env=env, capture_output=True, text=True, check=True)
    assert Path(probe.stdout.strip()).is_relative_to(installed)
