"""Is this prose a rectification progress notice, or something else (a work summary, a news story)?"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Vocabulary of an inspection and its feedback; bare 巡视 is not enough (副巡视员 is a rank).
_INSPECTION = re.compile(
    r"(?:巡察|巡视)(?:组|办|反馈|意见|整改|工作|发现)|开展了?[^。,，]{0,8}(?:巡察|巡视)")
_RECTIFY = re.compile(r"整改")
_FEEDBACK = re.compile(r"反馈")
_TITLE_ZONE = 200  # characters at the start of the text where a title stands
_NOTICE_TITLE = re.compile(r"(?:巡察|巡视)[^。\n]{0,20}整改[^。\n]{0,12}(?:情况|进展)")

# Genre cues, first match wins; the quoted cue goes into the reason.
_GENRES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("工作总结", re.compile(
        r"[上下]半年工作[^。,，\n]{0,6}(?:情况|总结)|年度工作总结|工作总结|[上下]半年工作打算")),
    ("新闻报道", re.compile(r"[^\n。]{0,16}工作纪实|记者[^\n。]{0,6}报道|本报讯|通讯员")),
    ("新闻报道", re.compile(
        r"“[^”\n]{1,12}专项(?:行动|整治)”[^\n。,，]{0,8}|[^\n。,，“”]{0,12}专项行动[^\n。,，]{0,6}")),
)


@dataclass(frozen=True, slots=True)
class KindVerdict:
    """The document kind and, in Chinese, why."""

    kind: str  # notice | other
    reason: str


def classify(text: str, item_count: int, declared_issues: int | None) -> KindVerdict:
    """Decide notice vs other from inspection/feedback/rectification vocabulary and the items found."""
    inspection = _INSPECTION.search(text) is not None
    rectify = _RECTIFY.search(text) is not None
    feedback = _FEEDBACK.search(text) is not None
    titled = _NOTICE_TITLE.search(text, 0, _TITLE_ZONE) is not None  # only a title says what the text is
    genre = _genre(text)
    # a stated count alone (列出了30条问题清单) is also what a news story or a summary reports of the feedback
    counted_only = declared_issues is not None and genre is None
    if inspection and rectify and feedback and (item_count > 0 or counted_only or titled):
        counted = f",列出{item_count}个问题的整改情况" if item_count else ""
        word = "巡视" if "巡察" not in text else "巡察"
        return KindVerdict("notice", f"{word}整改进展情况通报:有{word}反馈和整改用语{counted}")
    missing = [word for word, seen in (("巡察/巡视", inspection), ("反馈", feedback), ("整改", rectify))
               if not seen]
    lacking = "未提及" + "、".join(missing) if missing else "没有逐项列出巡察反馈问题及整改情况"
    lead = f"这是一篇{genre[0]}(「{genre[1]}」)," if genre else ""
    return KindVerdict("other", f"{lead}不是巡察整改进展情况通报:{lacking}")


def _genre(text: str) -> tuple[str, str] | None:
    """(genre, cue) for the first genre cue found in the text."""
    for genre, pattern in _GENRES:
        m = pattern.search(text)
        if m is not None:
            return genre, m.group().strip(" \t\u3000—-")
    return None
