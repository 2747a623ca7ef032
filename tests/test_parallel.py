"""--jobs: files go to workers in chunks; the report is the same for any number of workers."""

from __future__ import annotations

from pathlib import Path

from checker import api
from checker.dsl.ruleset import rule_infos
from checker.report import render
from checker.resources import builtin_rules_dir

REPO = Path(__file__).resolve().parent.parent
PATHS = [REPO / "samples", REPO / "tests" / "data" / "seeds", REPO / "tests" / "data" / "variants"]


def test_chunks_pay_for_the_transfer_and_keep_workers_busy() -> None:
    assert api.chunk_size(1, 2) == 1
    assert api.chunk_size(40, 2) == 5  # several chunks per worker
    assert api.chunk_size(1000, 2) == api.CHUNK_MAX  # capped: one big file cannot hold back a long chunk
    for files in (1, 7, 100, 10_000):
        for workers in (1, 2, 8):
            size = api.chunk_size(files, workers)
            assert 1 <= size <= api.CHUNK_MAX
            assert size == 1 or files // size >= workers * api.CHUNKS_PER_WORKER


def test_any_number_of_workers_gives_the_same_report() -> None:
    reports = {jobs: render(api.lint(PATHS, api.LintOptions(jobs=jobs)), "json") for jobs in (1, 2, 3)}
    assert reports[1] == reports[2] == reports[3]
    assert '"failed": true' in reports[1] or '"findings": [' in reports[1]


def test_workers_use_the_given_rule_set(tmp_path: Path) -> None:
    only = tmp_path / "only.rules"
    only.write_text('ruleset mine "t"\n\nrule titled error "问题有标题"\n  doc """d"""\n  for issue in issues\n'
                    '  forbid issue.title is present\n  message "问题 {issue.id} 有标题"\n', encoding="utf-8")
    options = api.LintOptions(rules=(only,), builtin_rules=False, jobs=2)
    result = api.lint(PATHS, options)
    builtin = {info.id for info in rule_infos([builtin_rules_dir()])}
    assert not {f.rule for f in result.findings()} & builtin
    assert any(f.rule == "mine/titled" for f in result.findings())
    assert render(result, "json") == render(api.lint(PATHS, api.LintOptions(rules=(only,), builtin_rules=False)), "json")
