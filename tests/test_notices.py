"""Published notices end to end: the five real seeds, and the same notice as Word and as GBK text."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from checker.api import LintOptions, lint, load_rules
from tests.seeds import SEEDS

NOTICE_002 = SEEDS / "002_9a7c4d30cb90fa07.txt"


@pytest.fixture(scope="module")
def ruleset():
    return load_rules(LintOptions())


@pytest.fixture(scope="module")
def seed_results(ruleset):
    return {Path(f.path).name: f for f in lint([SEEDS], ruleset=ruleset).files}


def _facts(file_result) -> list[tuple[str, int | None, int | None]]:
    return [(f.rule, f.location.line, f.location.column) for f in file_result.findings]


def test_notice_002_stated_count_future_wording_and_contact(seed_results) -> None:
    result = seed_results["002_9a7c4d30cb90fa07.txt"]
    assert (result.kind, result.items) == ("notice", 25)
    by_rule = {}
    for f in result.findings:
        by_rule.setdefault(f.rule, []).append(f)
    declared = by_rule["consistency/declared-count"][0]
    assert "30" in declared.message and "25" in declared.message
    assert (declared.location.line, declared.excerpt) == (3, "列出了30条问题")
    future = by_rule["wording/future-in-completed"]
    assert {f.item for f in future} >= {"2.3", "2.14", "2.19"}
    assert any(f.excerpt == "拟于" and f.location.line == 14 for f in future)
    assert "publication/contact-missing" in by_rule
    # Owners and deadlines are stated once for all items: one note each, not 25 findings.
    assert [f.severity.label for f in by_rule["completeness/owner-missing"]] == ["info"]


def test_notice_000_reads_23_items_and_has_contact(seed_results) -> None:
    result = seed_results["000_5e4d1fbfc647a5c5.txt"]
    assert (result.kind, result.items) == ("notice", 23)
    assert "publication/contact-missing" not in {f.rule for f in result.findings}
    before = [f for f in result.findings if f.rule == "dates/measure-before-feedback"]
    assert [(f.item, f.location.line, f.excerpt) for f in before][0] == ("4", 14, "2023年3月2日")


@pytest.mark.parametrize("name", ["001_999862b56117d748.txt", "003_2b3e023f739cde4f.txt", "004_72a50137dd0ecd39.txt"])
def test_other_documents_are_reported_once(seed_results, name: str) -> None:
    result = seed_results[name]
    assert result.kind == "other"
    assert [f.rule for f in result.findings] == ["document/not-a-report"]


def test_traditional_seed_quotes_the_original_text(seed_results) -> None:
    finding = seed_results["004_72a50137dd0ecd39.txt"].findings[0]
    assert finding.location.line == 1
    assert "專(zhuān)項(xiàng)" in finding.excerpt


def _write_docx(text: str, path: Path) -> None:
    document = docx.Document()
    for line in text.split("\n"):
        document.add_paragraph(line)
    document.save(str(path))


def test_word_copy_gives_the_same_findings_at_the_same_lines(tmp_path: Path, ruleset, seed_results) -> None:
    target = tmp_path / "002.docx"
    _write_docx(NOTICE_002.read_text(encoding="utf-8"), target)
    result = lint([target], ruleset=ruleset).files[0]
    assert result.format == "docx"
    assert _facts(result) == _facts(seed_results["002_9a7c4d30cb90fa07.txt"])


def test_gbk_copy_gives_the_same_findings(tmp_path: Path, ruleset, seed_results) -> None:
    target = tmp_path / "002-gbk.txt"
    target.write_bytes(NOTICE_002.read_text(encoding="utf-8").encode("gbk"))
    result = lint([target], ruleset=ruleset).files[0]
    original = seed_results["002_9a7c4d30cb90fa07.txt"]
    assert _facts(result) == _facts(original)
    assert [f.excerpt for f in result.findings] == [f.excerpt for f in original.findings]


def test_utf8_bom_and_crlf_copy_keeps_columns(tmp_path: Path, ruleset, seed_results) -> None:
    target = tmp_path / "002-bom.txt"
    target.write_bytes(b"\xef\xbb\xbf" + NOTICE_002.read_text(encoding="utf-8").replace("\n", "\r\n").encode("utf-8"))
    result = lint([target], ruleset=ruleset).files[0]
    assert _facts(result) == _facts(seed_results["002_9a7c4d30cb90fa07.txt"])


def test_a_word_file_that_is_not_one_is_an_input_error(tmp_path: Path, ruleset) -> None:
    target = tmp_path / "notice.docx"
    target.write_text("其实是文本", encoding="utf-8")
    result = lint([target], ruleset=ruleset).files[0]
    assert result.failed
    assert result.findings[0].rule == "input/invalid"


def test_markdown_copy_reads_the_same_items(tmp_path: Path, ruleset, seed_results) -> None:
    lines = NOTICE_002.read_text(encoding="utf-8").split("\n")
    marked = []
    for line in lines:
        if line.startswith(("一、", "二、", "三、")):
            line = "## " + line
        elif line.startswith("(") and "针对" in line[:8]:
            line = "### **" + line + "**"
        marked.append(line)
    target = tmp_path / "002.md"
    target.write_text("# " + "\n".join(marked), encoding="utf-8")
    result = lint([target], ruleset=ruleset).files[0]
    assert (result.format, result.kind, result.items) == ("markdown", "notice", 25)
    assert [f.rule for f in result.findings] == [f.rule for f in seed_results["002_9a7c4d30cb90fa07.txt"].findings]
    from checker.api import read_ledger

    read = read_ledger(target)
    title = read.source_map.locate("/issues/0/title")
    assert (title.line, marked[title.line - 1][title.column - 1:title.column + 1]) == (9, "落实")


def test_notice_002_promise_already_past(seed_results) -> None:
    # long-term item 3.4: 4月22日前印发《2024年3月份案件录入情况通报》, the notice is dated 2024-06-28
    result = seed_results["002_9a7c4d30cb90fa07.txt"]
    past = [f for f in result.findings if f.rule == "dates/promise-past-due"]
    assert [(f.item, f.location.line, f.excerpt) for f in past] == [("3.4", 59, "4月22日前")]
    assert "2024-04-22" in past[0].message and "2024-06-28" in past[0].message
