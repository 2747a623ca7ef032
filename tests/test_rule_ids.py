"""Every finding id has a title in one place, and the README lists every built-in rule."""

from __future__ import annotations

import re
from pathlib import Path

from checker.api import LintOptions, load_rules
from checker.findings import ENGINE_RULES, LintResult, Severity
from checker.report.common import rule_info

ROOT = Path(__file__).resolve().parent.parent
# Module-level constants naming a finding id: `DUPLICATE_ID_RULE = "input/duplicate-id"`.
_RULE_CONSTANT = re.compile(r'^[A-Z_]+\s*=\s*"([a-z]+)/([a-z-]+)"', re.MULTILINE)


def _ids_in_code() -> set[str]:
    groups = {"input", "suppression", "rule"} | {r.split("/")[0] for r in load_rules(LintOptions()).info}
    return {f"{m.group(1)}/{m.group(2)}" for path in (ROOT / "checker").rglob("*.py")
            for m in _RULE_CONSTANT.finditer(path.read_text(encoding="utf-8")) if m.group(1) in groups}


def test_every_finding_id_outside_rule_files_has_a_title() -> None:
    builtin = load_rules(LintOptions()).info
    ids = _ids_in_code()
    assert {"input/duplicate-id", "input/invalid", "dates/as-of", "suppression/unused"} <= ids
    missing = sorted(i for i in ids if i not in ENGINE_RULES and i not in builtin)
    assert missing == []
    empty = LintResult((), {})
    for rule_id in ids - set(builtin):
        info = rule_info(empty, rule_id, Severity.INFO)
        assert info.title and info.title != rule_id and re.search(r"[\u4e00-\u9fff]", info.title), rule_id


def _readme_rule_table() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Built-in rules", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"^\| ([a-z]+/[a-z-]+) \|", section, re.MULTILINE)


def test_the_readme_lists_every_builtin_rule() -> None:
    builtin = sorted(load_rules(LintOptions()).info)
    listed = _readme_rule_table()
    assert len(builtin) >= 19
    assert [r for r in builtin if r not in listed] == []
    assert [r for r in listed if r not in builtin] == []  # no row for a rule that is gone
