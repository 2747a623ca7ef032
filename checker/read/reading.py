"""Reading: what a value reader made of one written value."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Reading:
    """One value as read: `value` is the canonical ledger value (ISO date text, status word, list, dict) or
    None; `text` is what was written; `problem` says in Chinese why a written value could not be read."""

    value: object
    text: str
    problem: str | None = None

    @property
    def empty(self) -> bool:
        """Nothing was written."""
        return not self.text

    @classmethod
    def unreadable(cls, text: str, problem: str) -> Reading:
        """A written value that cannot be read."""
        return cls(None, text, problem)


def fold(text: str) -> str:
    """Full-width digits, letters and punctuation as their ASCII forms (２０２３．６．３０ → 2023.6.30), and
    whitespace removed ("2023 年 6 月 30 日" as typed into a cell); Chinese characters are untouched."""
    folded = unicodedata.normalize("NFKC", text)
    return "".join(folded.split())
