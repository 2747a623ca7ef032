"""The Dask runner gives the report a plain run gives: same files, same findings, same order."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker import api
from checker.cli import main
from checker.errors import RuleSyntaxError
from checker.report import render

pytest.importorskip("dask.bag")
dask_runner = pytest.importorskip("checker.dask_runner")

REPO = Path(__file__).resolve().parent.parent
# Ledgers of every format, notices, a not-a-report and an unreadable file: every path of lint_file.
PATHS = [REPO / "samples", REPO / "tests" / "data" / "seeds", REPO / "tests" / "data" / "variants"]


@pytest.fixture(scope="module")
def plain() -> str:
    return render(api.lint(PATHS), "json")  # type: ignore[return-value]


@pytest.fixture()
def with_broken(tmp_path: Path) -> list[Path]:
    (tmp_path / "broken.json").write_text('{"ledger_version": 1, "issues": [', encoding="utf-8")
    (tmp_path / "notice.txt").write_bytes((REPO / "tests/data/seeds/002_9a7c4d30cb90fa07.txt").read_bytes())
    return [tmp_path]


def test_local_cluster_of_two_workers_gives_the_plain_report(plain: str) -> None:
    pytest.importorskip("distributed")
    result = dask_runner.lint_dask(PATHS, scheduler="local", workers=2)
    assert render(result, "json") == plain
    assert len(result.files) > 20 and result.findings()


def test_broken_files_are_reported_not_raised(with_broken: list[Path]) -> None:
    result = dask_runner.lint_dask(with_broken, scheduler="synchronous")
    assert render(result, "json") == render(api.lint(with_broken), "json")
    assert [f.failed for f in result.files] == [True, False]


def test_options_reach_the_workers(plain: str) -> None:
    options = api.LintOptions(disabled=frozenset({"completeness/owner-missing"}))
    result = dask_runner.lint_dask(PATHS, options, scheduler="synchronous")
    assert render(result, "json") == render(api.lint(PATHS, options), "json")
    assert "completeness/owner-missing" in plain
    assert all(f.rule != "completeness/owner-missing" for f in result.findings())


def test_a_broken_rule_file_fails_before_any_work(tmp_path: Path) -> None:
    rules = tmp_path / "bad.rules"
    rules.write_text('ruleset x "t"\nrule a error "t"\n  for issue in\n', encoding="utf-8")
    with pytest.raises(RuleSyntaxError):
        dask_runner.lint_dask(PATHS, api.LintOptions(rules=(rules,)), scheduler="synchronous")


def test_cli_dask_option(tmp_path: Path) -> None:
    runs = []
    for extra in ([], ["--dask", "synchronous"]):
        out = tmp_path / f"report{len(runs)}.json"
        result = CliRunner().invoke(main, ["lint", *map(str, PATHS), "--format", "json", "-o", str(out), *extra])
        runs.append((result.exit_code, out.read_bytes()))
    assert runs[0] == runs[1]
    assert runs[0][0] == 1 and json.loads(runs[0][1])["summary"]["findings"] > 0
