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
    ("004_72a50137dd0ecd39.txt", "专项行动"),
])
def test_other_documents_say_why(name: str, cue: str) -> None:
    ledger, _ = extract_ledger(_seed(name), name)
    document = ledger["document"]
    assert document["kind"] == "other"
    assert cue in document["reason"]
    assert "不是巡察整改进展情况通报" in document["reason"]
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


def test_vocabulary_without_items_needs_a_notice_title_or_count() -> None:
    text = "市委第六巡察组反馈了巡察意见,局党委高度重视整改工作。"
    assert classify(text, 0, None).kind == "other"
    assert classify(text, 0, 30).kind == "notice"
    assert classify("关于落实市委巡察反馈意见整改情况的通报\n" + text, 0, None).kind == "notice"
