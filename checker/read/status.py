"""The status reader: 整改状态 / 完成情况 as offices write it → completed / in_progress / long_term
(words: vocab.STATUS_WORDS; 已办结 → completed, 基本完成 → in_progress, 长期坚持 → long_term)."""

from __future__ import annotations

import functools

from checker import vocab
from checker.read.reading import Reading, fold

_TRIM = "。.;；,，、"


@functools.lru_cache(maxsize=1)
def _words() -> tuple[dict[str, str], tuple[str, ...]]:
    by_word = {fold(word).lower(): status for word, status in vocab.status_by_word().items()}
    return by_word, tuple(sorted(by_word, key=len, reverse=True))


def status_of(text: str, *, whole: bool = False) -> str | None:
    """completed / in_progress / long_term for a status word, or a text starting with one; else None.
    With `whole`, only a text that is one status word and nothing more (a clause of prose: 完成河道清障12处
    starts with 完成 but states no status)."""
    key = fold(text).strip(_TRIM).lower()
    by_word, longest_first = _words()
    if key in by_word:
        return by_word[key]
    if whole:
        return None
    for word in longest_first:
        if key.startswith(word):
            return by_word[word]
    return None


def read_status(value: object) -> Reading:
    """A status cell: the canonical status, or a problem naming the words that are understood."""
    text = "" if value is None else str(value).strip()
    if not text:
        return Reading(None, "")
    status = status_of(text)
    if status is None:
        return Reading.unreadable(text, f"无法识别的整改状态「{text}」,应为 已完成、正在推进、长期坚持 等")
    return Reading(status, text)
