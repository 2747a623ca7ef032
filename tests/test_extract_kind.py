"""Document kind: rectification notices versus work summaries and news stories."""

from __future__ import annotations

import pytest

from checker.extract import extract_ledger
from checker.extract.kind import classify
from checker.model import Ledger
from tests.seeds import seed_text as _seed


@pytest.mark.parametrize("name", ["000_5e4d1fbfc647a5c5.txt", "002_9a7c4d30cb90fa07.txt"])
def test_rectification_notices(name: str) -> None:
    ledger, _ = extract_ledger(_seed(name), name)
    assert ledger["document"]["kind"] == "notice"
    assert ledger["issues"]


@pytest.mark.parametrize(("name", "cue"), [
    ("001_999862b56117d748.txt", "上半年工作开展情况"),
    ("003_2b3e023f739cde4f.txt", "工作纪实"),
    ("004_72a50137dd0ecd39.txt", "整改只见于"),
])
def test_other_documents_say_why(name: str, cue: str) -> None:
    ledger, _ = extract_ledger(_seed(name), name)
    document = ledger["document"]
    assert document["kind"] == "other"
    assert cue in document["reason"]
    assert "不是整改情况报告" in document["reason"]
    assert ledger["issues"] == []
    assert not document.get("public")
    Ledger.model_validate(ledger)


def test_work_summary_is_called_a_summary() -> None:
    verdict = classify(_seed("001_999862b56117d748.txt"), 0, None)
    assert verdict.kind == "other" and "工作总结" in verdict.reason


def test_news_story_is_called_news() -> None:
    verdict = classify(_seed("003_2b3e023f739cde4f.txt"), 0, None)
    assert verdict.kind == "other" and "新闻报道" in verdict.reason


def test_rank_title_is_no_inspection_vocabulary() -> None:
    # 副巡视员 is a rank; with 反馈 and 整改 nearby it still does not make a notice
    text = "由李正国副巡视员全程介入,隨时接收反馈,组织整改。"
    assert classify(text, 0, None).kind == "other"


def test_vocabulary_without_items_needs_a_notice_title_or_progress() -> None:
    text = "市委第六巡察组反馈了巡察意见,局党委高度重视整改工作。"
    assert classify(text, 0, None).kind == "other"
    # a stated total alone is what a news story of the feedback meeting reports too
    assert classify(text, 0, 30).kind == "other"
    assert classify(text, 0, 30, progress_counts=2).kind == "notice"
    assert classify("关于落实市委巡察反馈意见整改情况的通报\n" + text, 0, None).kind == "notice"


@pytest.mark.parametrize("title", [
    "某县关于中央生态环境保护督察反馈问题整改进展情况的通报",
    "某区审计局关于2022年度预算执行审计发现问题整改情况的报告",
    "关于专项检查反馈问题整改落实情况的通报",
    "中共某省司法厅党组关于省委巡视整改进展情况的通报",
])
def test_every_kind_of_rectification_report(title: str) -> None:
    body = "2023年7月12日,检查组反馈了意见。截至目前,已完成整改4项,正在推进1项。"
    verdict = classify(title + "\n" + body, 0, None, progress_counts=2)
    assert verdict.kind == "notice" and title in verdict.reason


def test_campaign_words_do_not_make_a_news_story() -> None:
    text = ("2024年1月22日,市委第六巡察组向局党委反馈了巡察意见,列出了30条问题。目前已完成整改28条,正在推进2条。\n"
            "整改期间,局党委把开展作风建设专项行动作为整改的重要抓手,修订制度12项。\n"
            "欢迎广大干部群众对整改落实情况进行监督。联系电话:0375-1234567。")
    verdict = classify(text, 0, 30, progress_counts=2)
    assert verdict.kind == "notice" and "说明整改进展" in verdict.reason


def test_a_byline_outweighs_the_vocabulary_of_the_feedback() -> None:
    text = ("市委第六巡察组向市司法局党委反馈巡察情况\n本报讯(记者 王某 通讯员 李某)1月22日,市委第六巡察组向"
            "市司法局党委反馈巡察情况,列出了30条问题清单。局党委表示将抓好整改落实。")
    verdict = classify(text, 0, 30)
    assert verdict.kind == "other" and "新闻报道" in verdict.reason and "本报讯" in verdict.reason
