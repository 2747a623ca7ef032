"""-j 2 gives the same report, byte for byte, as -j 1 (bench/jobs_parity.py does it for 500 files, timed)."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from bench.jobs_parity import make_files
from checker.cli import main


def test_two_processes_give_byte_identical_json(tmp_path: Path) -> None:
    folder = tmp_path / "inputs"
    folder.mkdir()
    make_files(folder, 12)
    reports = []
    for jobs in ("1", "2"):
        out = tmp_path / f"j{jobs}.json"
        result = CliRunner().invoke(main, ["lint", str(folder), "-f", "json", "-o", str(out), "-j", jobs,
                                           "--isolated"], catch_exceptions=False)
        assert result.exit_code in (0, 1)
        reports.append(out.read_bytes())
    assert reports[0] == reports[1]
    assert reports[0].count(b'"path"') == 12
