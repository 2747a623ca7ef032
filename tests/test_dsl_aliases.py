"""Chinese names in rule files: a rule written with the labels offices use (问题.责任人, 问题.整改时限) and Chinese
status words ("已完成") reports exactly the findings of its English twin."""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.api import LintOptions, lint_file
from checker.dsl.aliases import field_aliases, status_aliases
from checker.dsl.ruleset import load_ruleset
from checker.errors import RuleCompileError

ROOT = Path(__file__).resolve().parents[1]

ENGLISH = '''ruleset twin "规则"
rule done-evidence warning "已完成问题缺佐证"
  for issue in issues where issue.status == "completed"
  require count(issue.evidence) > 0
  at issue.status
  message "问题 {issue.id} 已完成,但没有佐证材料;责任人 {issue.owner.person}"
rule far warning "时限过远"
  for issue in issues where issue.deadline is present and issue.status in ["in_progress", "long_term"]
  require issue.deadline - inspection.feedback <= 180d
  at issue.deadline
  message "问题 {issue.id} 的整改时限 {issue.deadline} 距反馈日期 {inspection.feedback} 过远"
rule owner warning "责任人"
  for issue in issues
  require issue.owner.person is present or issue.owner.department is present
  message "问题 {issue.id} 缺责任人"
'''

CHINESE = '''ruleset twin "规则"
rule done-evidence warning "已完成问题缺佐证"
  for 问题 in 问题清单 where 问题.整改状态 == "已完成"
  require count(问题.佐证材料) > 0
  at 问题.整改状态
  message "问题 {问题.序号} 已完成,但没有佐证材料;责任人 {问题.责任人}"
rule far warning "时限过远"
  for 问题 in 问题清单 where 问题.整改时限 is present and 问题.完成情况 in ["正在推进", "长期坚持"]
  require 问题.整改时限 - 巡察.反馈日期 <= 180d
  at 问题.整改时限
  message "问题 {问题.序号} 的整改时限 {问题.整改时限} 距反馈日期 {巡察.反馈日期} 过远"
rule owner warning "责任人"
  for 问题 in 问题清单
  require 问题.责任人 is present or 问题.责任部门 is present
  message "问题 {问题.编号} 缺责任人"
'''


def _findings(tmp_path: Path, text: str, sample: str) -> list[tuple[object, ...]]:
    folder = tmp_path / str(abs(hash(text)))
    folder.mkdir()
    (folder / "twin.rules").write_text(text, encoding="utf-8")
    ruleset = load_ruleset([folder / "twin.rules"])
    result = lint_file(ROOT / sample, ruleset, LintOptions(), sample)
    return [(f.rule, f.item, f.message, f.location.line, f.location.column, f.location.cell)
            for f in result.findings if f.rule.startswith("twin/")]


@pytest.mark.parametrize(("sample", "fired"), [
    ("samples/ledgers/pingdingshan-2024.yaml", {"twin/done-evidence", "twin/far"}),  # status words compared
    ("samples/ledgers/fancheng-2023.csv", {"twin/owner"}),  # a table: cells located by their sheet position
])
def test_chinese_twin_gives_the_same_findings(tmp_path: Path, sample: str, fired: set[str]) -> None:
    english = _findings(tmp_path, ENGLISH, sample)
    assert {f[0] for f in english} >= fired  # the comparison means something only where the rules fire
    assert _findings(tmp_path, CHINESE, sample) == english


def test_aliases_come_from_the_vocabulary() -> None:
    assert field_aliases()["责任人"] == ("owner", "person")
    assert field_aliases()["整改时限"] == ("deadline",)
    assert status_aliases()["已完成"] == "completed" and status_aliases()["正在推进"] == "in_progress"


def test_unknown_chinese_field_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "x.rules"
    path.write_text('ruleset x\nrule a error "x"\n  for 问题 in 问题清单\n  require 问题.负责人员 is present\n'
                    '  message "x"\n', encoding="utf-8")
    with pytest.raises(RuleCompileError) as info:
        load_ruleset([path])
    assert info.value.code == "E201" and info.value.location is not None and info.value.location.line == 4
