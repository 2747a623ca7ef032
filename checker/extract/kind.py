"""Is this prose a rectification report, or another genre (a work summary, a news story, a speech)?

Every kind of rectification report is in scope (DESIGN §5): after a 巡察 or 巡视, an environmental 督察, an
audit (审计) or a special inspection (专项检查). The decision weighs evidence, never one cue phrase:
1. a title says what the text is: a title naming a rectification report (…反馈问题整改进展情况的通报) makes
   it one, a title naming another genre (…上半年工作总结, …工作纪实) makes it that genre;
2. without a telling title, a report must speak of an inspection's feedback and of rectification, and the
   signs of a report (items listed, progress counted, stated totals, a public call for supervision) must
   outweigh the signs of another genre (a byline, a summary's headings, rectification being a small
   share of the sentences).
The reason, in Chinese, names the evidence that decided, quoting the text as it is written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from checker import vocab

# The words of each kind of evidence: checker.vocab (document kinds).
INSPECTION_KINDS = vocab.INSPECTION_KINDS
_KIND = vocab.alternation(vocab.INSPECTION_KINDS)
_INSPECTION = re.compile(_KIND + vocab.alternation(vocab.INSPECTION_TAILS) + r"|开展了?[^。,，\n]{0,12}" + _KIND)
_FEEDBACK = re.compile(vocab.alternation(vocab.FEEDBACK_PHRASES, escape=False))
_RECTIFY = re.compile(vocab.alternation(vocab.RECTIFY_WORDS))
_TITLE_LINES = 3  # the title block: the first non-empty lines
_TITLE_MAX = 60
_REPORT_TITLE = re.compile(vocab.alternation(vocab.REPORT_TITLE_PHRASES, escape=False))
_GENRE_TITLES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (genre, re.compile(vocab.alternation(cues, escape=False))) for genre, cues in vocab.GENRE_TITLES)
_BYLINE = re.compile(vocab.alternation(vocab.NEWS_BYLINES, escape=False))
_SUMMARY_HEADING = re.compile(r"^[ \t\u3000]*[一二三四五六七八九十]+[、.．][^\n]{0,10}?"
                              + vocab.alternation(vocab.SUMMARY_HEADINGS, escape=False), re.M)
_ANNOUNCEMENT = re.compile(vocab.alternation(vocab.ANNOUNCEMENT_PHRASES, escape=False))
_PROGRESS = re.compile(vocab.alternation(vocab.PROGRESS_PHRASES, escape=False))
_PUBLIC = re.compile(vocab.alternation(vocab.PUBLIC_CALL_PHRASES, escape=False))
_SENTENCE = re.compile(r"[^。!?！？\n]+")
_HEADING_MARK = re.compile(r"[一二三四五六七八九十]+[、.．]|[(（][一二三四五六七八九十\d]+[)）]|\d+[.．、]")
_SHARE_MIN_SENTENCES = 15  # below this a share of sentences says little
_SHARE_SMALL = 0.1  # rectification in fewer than one sentence in ten: it is not what the text is about


@dataclass(frozen=True, slots=True)
class KindVerdict:
    """The document kind and, in Chinese, why."""

    kind: str  # notice | other
    reason: str


def classify(text: str, item_count: int, declared_issues: int | None, progress_counts: int = 0,
             shown: str | None = None) -> KindVerdict:
    """Decide report (notice) vs other genre from the evidence in the text and what the reader found:
    `item_count` items, a stated total `declared_issues`, `progress_counts` stated status counts.
    `shown` is the text in the script it was written in (checker.text.normalize), which the reason quotes."""
    written = _Written(text, shown)
    title = _title(text)
    inspection = _INSPECTION.search(text)
    rectify = _RECTIFY.search(text) is not None
    feedback = _FEEDBACK.search(text) is not None
    word = _inspection_word(inspection.group() if inspection else "")
    if title is not None and _REPORT_TITLE.search(title) and rectify:
        return KindVerdict("notice", f"{word}整改情况报告:标题「{written(title)}」")
    genre = _title_genre(title) if title is not None else None
    if genre is not None:
        return KindVerdict("other", f"这是一篇{genre}(标题「{written(title or '')}」),不是整改情况报告或整改台账")
    missing = [what for what, seen in (("巡察、巡视、督察、审计等检查", inspection is not None),
                                        ("反馈的问题", feedback), ("整改", rectify)) if not seen]
    others = _other_evidence(text, written)
    if missing:
        lead = f"这是一篇{others[0][1]}," if others else ""
        return KindVerdict("other", f"{lead}不是整改情况报告:未提及{'、'.join(missing)}")
    signs: list[tuple[int, str]] = []
    if item_count:
        signs.append((2, f"逐项列出{item_count}个问题"))
    if progress_counts or _PROGRESS.search(text):
        signs.append((2, "说明整改进展"))
    if declared_issues is not None:
        signs.append((1, f"说明问题总数{declared_issues}个"))
    if _PUBLIC.search(text):
        signs.append((1, "向社会公布并接受监督"))
    report = sum(weight for weight, _ in signs)
    other = sum(weight for weight, _ in others)
    if report > other and report >= 2:
        return KindVerdict("notice", f"{word}整改情况报告:{'、'.join(says for _, says in signs)}")
    lead = f"这是一篇{others[0][1]}," if others else ""
    return KindVerdict("other", f"{lead}不是整改情况报告:没有逐项列出问题,也没有说明整改进展")


def _title(text: str) -> str | None:
    """The title: the first short line without sentence punctuation among the first lines."""
    seen = 0
    for line in text.split("\n"):
        line = line.strip(" \t\u3000\r\ufeff")
        if not line:
            continue
        seen += 1
        if (len(line) <= _TITLE_MAX and not re.search(r"[。;；]", line) and not line.startswith("——")
                and not _HEADING_MARK.match(line)):
            return line
        if seen >= _TITLE_LINES:
            break
    return None


def _title_genre(title: str) -> str | None:
    """The genre a title names, if it names one other than a report."""
    for genre, pattern in _GENRE_TITLES:
        if pattern.search(title):
            return genre
    return None


class _Written:
    """Quotes of the text as written: a part of the (simplified) text cut from the same place of `shown`."""

    def __init__(self, text: str, shown: str | None) -> None:
        self._text = text
        self._shown = shown if shown is not None and shown is not text else None

    def __call__(self, quote: str) -> str:
        if self._shown is None:
            return quote
        at = self._text.find(quote)
        return self._shown[at:at + len(quote)] if at != -1 else quote


def _other_evidence(text: str, written: _Written) -> list[tuple[int, str]]:
    """(weight, 这是一篇… description) for each sign of another genre, strongest first."""
    found: list[tuple[int, str]] = []
    byline = _BYLINE.search(text)
    if byline:
        found.append((4, f"新闻报道(「{written(byline.group())}」)"))
    lines = [ln.strip() for ln in text.split("\n") if ln.strip()][:_TITLE_LINES]
    for line in lines:  # a subtitle (——…工作纪实) names the genre as well as a title does
        genre = _title_genre(line)
        if genre is not None and len(line) <= _TITLE_MAX + 10:
            found.append((4, f"{genre}(「{written(line.lstrip('—'))}」)"))
            break
    heading = _SUMMARY_HEADING.search(text)
    if heading:
        found.append((3, f"工作总结(「{written(heading.group().strip())}」)"))
    if _ANNOUNCEMENT.search(text) and not _PROGRESS.search(text):
        found.append((3, "巡察公告"))
    sentences = _SENTENCE.findall(text)
    if len(sentences) >= _SHARE_MIN_SENTENCES:
        share = sum(1 for s in sentences if "整改" in s)
        if share < _SHARE_SMALL * len(sentences):
            found.append((2, f"以其他工作为主的文章(整改只见于{share}/{len(sentences)}句)"))
    found.sort(key=lambda f: -f[0])
    return found


def _inspection_word(phrase: str) -> str:
    """巡察, 督察, 审计 … as named in the text (巡察 when none is)."""
    for word in INSPECTION_KINDS:
        if word in phrase:
            return word
    return "巡察"
