"""The office's local rules in samples/rules/: their cases pass through `rules test`, the Chinese twin reports
exactly what the English rules report, and the language features they rely on behave: groups fire once per
group, titles compare trimmed, word lists extend and match literally with the word marked."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.api import LintOptions, lint_file
from checker.cli import main
from checker.dsl.ruleset import load_ruleset
from checker.errors import RuleCompileError

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples" / "rules"


def test_rules_test_passes_on_the_office_rules() -> None:
    result = CliRunner().invoke(main, ["rules", "test", str(SAMPLES)])
    assert result.exit_code == 0, result.output
    assert "30 个用例,30 个通过" in result.output


def _ledger(tmp_path: Path) -> Path:
    """The firing ledger of the office's cases, taken from its case file."""
    import yaml

    case = yaml.safe_load((SAMPLES / "tests" / "office.owner-load.yaml").read_text(encoding="utf-8"))
    path = tmp_path / "ledger.yaml"
    path.write_text(case["cases"][0]["ledger"], encoding="utf-8")
    return path


def _run(rules: Path, ledger: Path, params: dict[str, object] | None = None) -> list[tuple[object, ...]]:
    ruleset = load_ruleset([rules], params)
    result = lint_file(ledger, ruleset, LintOptions(), "ledger.yaml")
    return [(f.rule.split("/")[1], f.item, f.location.line, f.location.column, f.location.end_column, f.message)
            for f in result.findings]


def test_chinese_twin_reports_the_same_findings(tmp_path: Path) -> None:
    ledger = _ledger(tmp_path)
    english = _run(SAMPLES / "office.rules", ledger)
    assert {f[0] for f in english} == {"long-term-review", "deadline-far", "completed-date", "owner-load",
                                       "duplicate-title", "system-evidence", "vague-words"}
    assert _run(SAMPLES / "office_zh.rules", ledger) == english


def test_group_fires_once_per_person_and_per_set_of_duplicates(tmp_path: Path) -> None:
    found = _run(SAMPLES / "office.rules", _ledger(tmp_path))
    load = [f for f in found if f[0] == "owner-load"]
    assert len(load) == 1 and load[0][1] == "1"  # at the person's first item, not once per item
    assert "李某 负责 6 个问题(问题 1、2、10、3、4、5)" in load[0][5]
    dup = [f for f in found if f[0] == "duplicate-title"]
    assert len(dup) == 1 and "问题 2、10 的标题相同:「档案管理不规范」" in dup[0][5]  # " 档案管理不规范" trimmed


def test_word_list_extends_and_marks_the_word(tmp_path: Path) -> None:
    ledger = _ledger(tmp_path)
    vague = [f for f in _run(SAMPLES / "office.rules", ledger) if f[0] == "vague-words"]
    assert [(f[1], f[4] - f[3]) for f in vague] == [("2", 4)]  # 高度重视: four characters marked
    more = [f for f in _run(SAMPLES / "office.rules", ledger, {"office.extra_words": ["规范"]})
            if f[0] == "vague-words"]
    assert [f[1] for f in more] == ["2", "5"] and "「规范」" in more[1][5]


def _rule(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "x.rules"
    path.write_text('ruleset x\nrule a warning "x"\n' + body, encoding="utf-8")
    return path


def test_string_functions(tmp_path: Path) -> None:
    ledger = _ledger(tmp_path)
    rules = _rule(tmp_path, '  for issue in issues\n'
                  '  forbid startswith(trim(issue.title), "档案") and endswith(issue.title, "规范")'
                  ' and replace(issue.title, "档案", "") == " 管理不规范" and lower("AB") == "ab"\n'
                  '  message "{issue.id}"\n')
    assert [f[1] for f in _run(rules, ledger)] == ["10"]


def test_list_concatenation_needs_lists_of_one_kind(tmp_path: Path) -> None:
    rules = _rule(tmp_path, '  for issue in issues\n  require count([1, 2] + ["a"]) > 0\n  message "x"\n')
    with pytest.raises(RuleCompileError) as info:
        load_ruleset([rules])
    assert info.value.code == "E206" and "不能连接" in info.value.message


def test_group_key_must_be_a_value(tmp_path: Path) -> None:
    rules = _rule(tmp_path, '  for g in group(i in issues: i.owner)\n  require g.count < 2\n  message "x"\n')
    with pytest.raises(RuleCompileError, match="分组的值"):
        load_ruleset([rules])


def test_rule_cases_beside_rules_are_not_linted_as_ledgers() -> None:
    """`ledgerlint lint samples/` skips samples/rules/tests/*.yaml (rule test cases), not the ledgers."""
    from checker.api import discover

    found = [p for p, _ in discover([ROOT / "samples"])]
    assert not [p for p in found if "rules" in p.parts]
    assert any(p.name == "pingdingshan-2024.yaml" for p in found)


def test_ids_compare_in_natural_order(tmp_path: Path) -> None:
    """1.2 < 1.10 and 9 < 10: ids are text, ordered as people number them."""
    ledger = tmp_path / "ids.yaml"
    ledger.write_text('ledger_version: 1\nunit: 某局\nreport_date: 2023-07-15\nissues:\n'
                      '  - {id: "1.2", title: 甲}\n  - {id: "1.10", title: 乙}\n  - {id: "9", title: 丙}\n'
                      '  - {id: "10", title: 丁}\n', encoding="utf-8")
    rules = _rule(tmp_path, '  for a in issues, b in issues where a.id < b.id\n'
                  '  forbid a.title == b.title\n  message "{a.id}<{b.id}"\n')
    ruleset = load_ruleset([rules])
    result = lint_file(ledger, ruleset, LintOptions(), "ids.yaml")
    assert not result.findings
    rules.write_text(rules.read_text(encoding="utf-8").replace("forbid a.title == b.title", "forbid true"),
                     encoding="utf-8")
    pairs = [f.message for f in lint_file(ledger, load_ruleset([rules]), LintOptions(), "ids.yaml").findings]
    assert sorted(pairs) == sorted(["1.2<1.10", "1.2<9", "1.2<10", "1.10<9", "1.10<10", "9<10"])
