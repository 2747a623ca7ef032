"""Fingerprints and baselines: a finding keeps its identity when the text around it moves."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from checker.api import LintOptions, lint
from checker.baseline import Baseline, file_key, fingerprint, normalize_quote
from checker.errors import ConfigError
from checker.findings import Finding, Severity
from checker.location import Location

NOTICE = Path(__file__).parent / "data" / "notices" / "fancheng-2023-notice.txt"
OPTIONS = LintOptions()


def _finding(line: int, excerpt: str, item: str | None = "4", rule: str = "dates/measure-before-feedback") -> Finding:
    return Finding(rule, Severity.WARNING, "问题 4 的措施日期早于反馈日期", Location("a.txt", line, 3), item, excerpt)


def test_fingerprint_ignores_line_column_and_message() -> None:
    a = _finding(14, "2023年3月2日")
    b = Finding(a.rule, Severity.ERROR, "另一种说法", Location("b.txt", 90, 1, cell="Sheet!F9"), a.item, a.excerpt)
    assert fingerprint(a, "path:a.txt") == fingerprint(b, "path:a.txt")


def test_fingerprint_normalises_whitespace_in_the_quote() -> None:
    a = _finding(1, "一是加强制度建设,\n  构建长效机制")
    b = _finding(1, "一是加强制度建设, 构建长效机制 ")
    c = _finding(1, "一是加强制度建设,\u3000构建长效机制")
    assert fingerprint(a, "k") == fingerprint(b, "k") == fingerprint(c, "k")
    assert normalize_quote(" a \t b\n") == "a b"


@pytest.mark.parametrize("change", [
    {"rule": "dates/order"}, {"item": "5"}, {"item": None}, {"excerpt": "2023年3月3日"},
])
def test_fingerprint_changes_with_rule_item_and_quote(change: dict) -> None:
    base = _finding(14, "2023年3月2日")
    args = {"rule": base.rule, "item": base.item, "excerpt": base.excerpt, **change}
    other = _finding(14, args["excerpt"], args["item"], args["rule"])
    assert fingerprint(other, "k") != fingerprint(base, "k")


def test_fingerprint_depends_on_the_file_key() -> None:
    f = _finding(14, "2023年3月2日")
    assert fingerprint(f, file_key("a.txt")) != fingerprint(f, file_key("b.txt"))
    # the unit, when a ledger names it, identifies the file wherever it lies
    assert file_key("x/a.txt", "区司法局党组") == file_key("y\\b.txt", " 区司法局党组 ")
    assert file_key("x\\a.txt") == file_key("x/a.txt") == "path:x/a.txt"


def _lint(folder: Path, text: str):
    path = folder / "notice.txt"
    path.write_text(text, encoding="utf-8")
    return lint([path], OPTIONS)


def test_inserting_a_paragraph_changes_nothing_and_a_defect_is_one_new_finding(tmp_path: Path) -> None:
    original = NOTICE.read_text(encoding="utf-8")
    before = _lint(tmp_path, original)
    assert before.findings(), "the sample notice has findings to accept"
    baseline = Baseline.from_result(before)

    head, rest = original.split("\n", 1)
    moved = head + "\n为进一步压实整改责任,现将有关情况补充说明如下。\n\n" + rest
    after_insert = _lint(tmp_path, moved)
    # the lines moved: the same findings sit two lines lower
    assert [f.location.line for f in after_insert.findings()] != [f.location.line for f in before.findings()]
    new = baseline.apply(after_insert)
    assert new.findings() == []
    assert new.baselined == len(before.findings())

    # one more measure dated before the feedback (2023-03-16) in item 1
    defect = moved.replace("三是2023年3月20日,召开党组会", "三是2023年3月5日,召开党组会", 1)
    assert defect != moved
    new = baseline.apply(_lint(tmp_path, defect))
    assert [(f.rule, f.item, f.excerpt) for f in new.findings()] == [
        ("dates/measure-before-feedback", "1", "2023年3月5日")]


def test_baseline_round_trips_through_its_file(tmp_path: Path) -> None:
    result = lint([NOTICE], OPTIONS)
    path = tmp_path / "baseline.json"
    path.write_text(Baseline.from_result(result).to_json(result), encoding="utf-8")
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["ledgerlint_baseline"] == 1
    assert "2023年3月2日" in path.read_text(encoding="utf-8")  # readable, not \\u escapes
    loaded = Baseline.load(path)
    assert loaded == Baseline.from_result(result)
    assert loaded.apply(result).findings() == []


def test_duplicate_findings_are_counted(tmp_path: Path) -> None:
    result = lint([NOTICE], OPTIONS)
    baseline = Baseline.from_result(result)
    first = next(iter(baseline.counts))
    fewer = Baseline({**baseline.counts, first: baseline.counts[first] - 1})
    new = fewer.apply(result)
    assert len(new.findings()) == 1
    assert new.baselined == len(result.findings()) - 1


@pytest.mark.parametrize("content", ["{", "[]", '{"ledgerlint_baseline": 1, "findings": [{"count": 2}]}'])
def test_a_file_that_is_not_a_baseline_is_a_config_error(tmp_path: Path, content: str) -> None:
    path = tmp_path / "b.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError):
        Baseline.load(path)
    with pytest.raises(ConfigError):
        Baseline.load(tmp_path / "missing.json")


def test_a_unit_keeps_its_identity_with_or_without_the_party_prefix() -> None:
    from checker.baseline import unit_key

    assert file_key("a.txt", "中共平顶山市司法局党委") == file_key("b.txt", "平顶山市司法局党委")
    assert unit_key("中国共产党 樊城区司法局党组") == unit_key("樊城区司法局党组") == "樊城区司法局党组"
    assert unit_key("中共") == "中共"  # a bare prefix is not a unit: nothing dropped
    assert file_key("a.txt", "平顶山市司法局党委") != file_key("a.txt", "平顶山市教育局党委")


def test_editing_an_items_measures_keeps_a_finding_about_the_whole_item(tmp_path: Path) -> None:
    """owner-missing quotes the item; its identity is the item's first sentence, not its measures."""
    notice = ("区司法局党组关于巡察整改进展情况的通报\n"
              "2023年3月16日,区委第一巡察组向区司法局党组反馈了巡察意见。现将整改进展情况予以公布。\n"
              "1.关于“公文处理不及时”的问题。责任人:王某。整改时限:2023年6月30日。整改措施:2023年5月修订《公文处理办法》。\n"
              "2.关于“国有资产管理不规范”的问题。整改时限:2023年10月31日。整改措施:2023年9月开展资产清查。\n"
              "联系电话:0710-3222222。\n2023年11月20日\n")
    before = _lint(tmp_path, notice)
    [missing] = [f for f in before.findings() if f.rule == "completeness/owner-missing"]
    assert "2023年9月开展资产清查" in missing.excerpt  # the quote is the whole item
    baseline = Baseline.from_result(before)
    edited = notice.replace("2023年9月开展资产清查", "2023年9月开展资产清查,登记固定资产1200件")
    assert baseline.apply(_lint(tmp_path, edited)).findings() == []
    # a different item is a different finding
    renamed = notice.replace("国有资产管理不规范", "公务用车管理不规范")
    assert [f.rule for f in baseline.apply(_lint(tmp_path, renamed)).findings()] == ["completeness/owner-missing"]
