"""Every built-in rule documents itself in fixed sections, and its examples do what they say: the rule fires
on 不合格示例 and not on 合格示例. `rules explain` and `rules doc` print them with the parameters."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.api import LintOptions, lint_file
from checker.cli import main
from checker.dsl.docs import RuleDoc, doc_sections, example_input, rule_docs
from checker.dsl.ruleset import RuleSet, load_ruleset
from checker.resources import builtin_rules_dir

RULES = builtin_rules_dir()
DOCS = rule_docs((RULES,))


@pytest.fixture(scope="module")
def ruleset() -> RuleSet:
    return load_ruleset((RULES,))


def _fired(ruleset: RuleSet, rule: str, example: str, tmp_path: Path) -> list[str]:
    name, text = example_input(example)
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    result = lint_file(path, ruleset, LintOptions(), name)
    assert not result.failed, [f.message for f in result.findings]
    return [f.message for f in result.findings if f.rule == rule]


@pytest.mark.parametrize("doc", DOCS, ids=[d.id for d in DOCS])
def test_doc_has_sections_and_examples_work(doc: RuleDoc, ruleset: RuleSet, tmp_path: Path) -> None:
    """为什么, 不合格示例 and 合格示例 are written (参数 too when the rule has parameters); the rule fires on the
    bad example and is quiet on the good one."""
    for section in ("为什么", "不合格示例", "合格示例"):
        assert doc.sections.get(section), f"{doc.id}: no section {section}"
    if doc.params:
        assert doc.sections.get("参数"), f"{doc.id}: parameters {[p.name for p in doc.params]} not described"
    assert _fired(ruleset, doc.id, doc.sections["不合格示例"], tmp_path), f"{doc.id}: bad example does not fire"
    assert not _fired(ruleset, doc.id, doc.sections["合格示例"], tmp_path), f"{doc.id}: good example fires"


def test_sections_are_split_by_their_headings() -> None:
    doc = "前言。\n为什么:\n  因为。\n不合格示例:\n  issues: []\n参数:\n  x: 说明\n"
    assert doc_sections(doc) == {"为什么": "前言。\n\n因为。", "不合格示例": "issues: []", "参数": "x: 说明"}


def test_explain_prints_sections_params_and_source() -> None:
    """explain: the file:line of the rule, the sections, each parameter with its default and where it is
    defined, and the value in force when --param changes it."""
    result = CliRunner().invoke(main, ["rules", "explain", "consistency/rate"])
    assert result.exit_code == 0, result.output
    out = result.output
    assert out.startswith("consistency/rate(错误): 比率与分子分母不符")
    assert "consistency.rules:" in out.splitlines()[1]
    for section in ("为什么:", "不合格示例:", "合格示例:", "参数:"):
        assert section in out
    assert "consistency.rounding = 0.0" in out and "当前值" not in out
    result = CliRunner().invoke(main, ["rules", "explain", "consistency/rate", "--param", "consistency.rounding=0.5"])
    assert "consistency.rounding = 0.0(当前值: 0.5)" in result.output
    result = CliRunner().invoke(main, ["rules", "explain", "consistency/rates"])
    assert result.exit_code == 2 and "consistency/rate" in result.output


def test_doc_writes_rules_functions_and_fields(tmp_path: Path) -> None:
    """The Markdown reference has every rule, every function (date() and duration_days() too) and the fields
    with their Chinese names."""
    out = tmp_path / "rules.md"
    result = CliRunner().invoke(main, ["rules", "doc", "-o", str(out)])
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    for doc in DOCS:
        assert f"### {doc.id}" in text
    for fn in ("`date(x)`", "`duration_days(x)`", "`percent(x, x)`", "`first_match(x, x)`"):
        assert fn in text
    assert "| `issues.owner.person` | 文本 | 责任人" in text
    assert "| `claims.total` |" in text and "| `as_of` | 日期 |" in text


def test_explain_knows_every_rule_id_a_report_can_carry() -> None:
    """Findings ledgerlint reports itself (reading, running rules, waivers) are explained too, never 未知的规则."""
    from checker.findings import ENGINE_RULES

    for rule_id, info in ENGINE_RULES.items():
        result = CliRunner().invoke(main, ["rules", "explain", rule_id])
        assert result.exit_code == 0, rule_id
        assert result.output.startswith(f"{rule_id}({info.severity.chinese}): {info.title}\n")
        assert info.doc in result.output and "不来自规则文件" in result.output
    typo = CliRunner().invoke(main, ["rules", "explain", "inptu/typed-id"])
    assert typo.exit_code == 2 and "是不是 input/typed-id" in typo.output


def test_doc_lists_the_findings_ledgerlint_reports_itself() -> None:
    from checker.findings import ENGINE_RULES

    text = CliRunner().invoke(main, ["rules", "doc"]).output
    section = text.split("## ledgerlint 自身报告的问题", 1)[1].split("\n## ", 1)[0]
    assert all(f"| `{rule_id}` |" in section for rule_id in ENGINE_RULES)
