"""Notices as offices write them: unlabelled lines of an item, partial breakdowns, counts and rates in
their usual shapes, plans reported as done, promise dates without a year."""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.api import LintOptions, lint, load_rules, read_ledger


@pytest.fixture(scope="module")
def ruleset():
    return load_rules(LintOptions())


HEAD = ("某县市场监督管理局党组关于巡察整改进展情况的通报\n\n"
        "根据县委统一部署，2024年3月5日，县委第三巡察组向县市场监督管理局党组反馈了巡察意见。"
        "现将整改进展情况予以公布。\n\n")
TAIL = ("\n欢迎广大干部群众对整改情况进行监督。联系电话：0000-1234567。\n\n"
        "中共某县市场监督管理局党组\n2024年7月12日\n")


def _notice(tmp_path: Path, body: str, name: str = "notice.txt") -> Path:
    path = tmp_path / name
    path.write_text(HEAD + body + TAIL, encoding="utf-8")
    return path


def _findings(path: Path, ruleset, rule: str) -> list:
    result = lint([path], ruleset=ruleset).files[0]
    return [f for f in result.findings if f.rule == rule]


@pytest.mark.parametrize("line", [
    "共检查学校食堂40家，其中合格32家，合格率为90%。",          # unlabelled sentence of its own
    "目前，共检查学校食堂40家，其中合格32家，合格率为90%。",    # opening with 目前
])
def test_unlabelled_line_of_an_item_is_read_and_checked(tmp_path: Path, ruleset, line: str) -> None:
    body = ("一、关于“校园食品安全监管不到位”的问题\n"
            "整改措施：开展学校食堂专项检查，督促落实食品安全主体责任。\n"
            "责任领导：赵立新；整改时限：2024年6月底前\n"
            f"{line}\n")
    path = _notice(tmp_path, body)
    rates = _findings(path, ruleset, "consistency/rate")
    assert len(rates) == 1
    assert "32 / 40 = 80%" in rates[0].message
    assert rates[0].location.line == 8


def test_sentence_after_the_deadline_on_its_line_is_read(tmp_path: Path, ruleset) -> None:
    body = ("一、关于“校园食品安全监管不到位”的问题\n"
            "整改措施：开展学校食堂专项检查。\n"
            "责任领导：赵立新；整改时限：2024年6月底前。共检查学校食堂40家，其中合格32家，合格率为90%。\n")
    path = _notice(tmp_path, body)
    rates = _findings(path, ruleset, "consistency/rate")
    assert [f.location.line for f in rates] == [7]
    ledger = read_ledger(path).ledger
    texts = [m["text"] for m in ledger["issues"][0]["measures"]]
    assert any(t.startswith("共检查学校食堂40家") for t in texts)


@pytest.mark.parametrize("sentence, count", [
    ("对照巡察反馈意见，共梳理出问题4个，制定整改措施12条。", 4),   # verb before the noun, count after it
    ("经自查，共发现问题3个，均已建立台账。", 3),
])
def test_stated_count_with_the_noun_before_the_number(tmp_path: Path, ruleset, sentence: str,
                                                       count: int) -> None:
    body = (f"{sentence}\n"
            "一、关于“校园食品安全监管不到位”的问题\n"
            "整改措施：2024年4月开展学校食堂专项检查。\n责任领导：赵立新；整改时限：2024年6月底前\n"
            "二、关于“执法案卷不规范”的问题\n"
            "整改措施：2024年5月组织案卷评查。\n责任领导：钱文；整改时限：2024年6月底前\n")
    path = _notice(tmp_path, body)
    assert read_ledger(path).ledger["declared"]["issues"] == count
    (declared,) = _findings(path, ruleset, "consistency/declared-count")
    assert f"{count}" in declared.message and "2" in declared.message


def test_a_count_by_state_is_no_stated_count(tmp_path: Path, ruleset) -> None:
    path = _notice(tmp_path, "截至目前，共整改问题1个。\n一、关于“校园食品安全监管不到位”的问题\n"
                             "整改措施：2024年4月开展学校食堂专项检查。\n")
    assert read_ledger(path).ledger["declared"]["issues"] is None


@pytest.mark.parametrize("head", [HEAD, HEAD.replace("2024年3月5日，", "")])  # feedback date, or report date only
def test_promise_without_a_year_takes_the_year_of_the_notice(tmp_path: Path, head: str) -> None:
    path = tmp_path / "notice.txt"
    path.write_text(head + "一、关于“干部培训不够”的问题\n整改措施：拟于6月开展全员业务培训。\n" + TAIL, encoding="utf-8")
    (measure,) = read_ledger(path).ledger["issues"][0]["measures"]
    assert str(measure["due"]) == "2024-06-30"
