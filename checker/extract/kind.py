"""Is this prose a rectification progress notice, or something else (a work summary, a news story)?"""

from __future__ import annotations

import re
from dataclasses import dataclass

from checker import vocab

# Vocabulary of an inspection, its feedback and the genres that are not reports: checker.vocab.
_INSPECTION = re.compile(vocab.alternation(vocab.INSPECTION_PHRASES, escape=False))
_RECTIFY = re.compile(vocab.alternation(vocab.RECTIFY_WORDS))
_FEEDBACK = re.compile(vocab.alternation(vocab.FEEDBACK_WORDS))
_TITLE_ZONE = 200  # characters at the start of the text where a title stands
_NOTICE_TITLE = re.compile(vocab.alternation(vocab.NOTICE_TITLE_PHRASES, escape=False))

# Genre cues, first match wins; the quoted cue goes into the reason.
_GENRES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (genre, re.compile(vocab.alternation(cues, escape=False))) for genre, cues in vocab.DOCUMENT_GENRES)


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
