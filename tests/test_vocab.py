"""The one vocabulary: every ledger field has its labels there, and no reading module keeps a word list."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from pydantic import BaseModel

from checker import vocab
from checker.model import Issue, Owner

READING_PACKAGES = ("load", "read", "extract", "text")
CHECKER = Path(__file__).resolve().parent.parent / "checker"
# Waivers are written by a reviewer in YAML/JSON only; no office ledger has a column for them. `unknown` is
# the reader's own record of values it could not know (formulas without a saved result).
NOT_IN_TABLES = {"suppress", "unknown"}


def _fields(model: type[BaseModel], prefix: str = "") -> list[str]:
    names = []
    for name, info in model.model_fields.items():
        if info.annotation is Owner:
            names += _fields(Owner, f"{prefix}{name}.")
        else:
            names.append(prefix + name)
    return names


@pytest.mark.parametrize("name", [n for n in _fields(Issue) if n not in NOT_IN_TABLES])
def test_every_issue_field_has_chinese_labels(name: str) -> None:
    labels = vocab.FIELD_LABELS.get(name, ())
    assert any(not label.isascii() for label in labels), name
    assert name.split(".")[-1] in labels or name in labels  # the English name is a header too


def test_a_label_names_one_field() -> None:
    seen: dict[str, str] = {}
    for name, labels in vocab.FIELD_LABELS.items():
        for label in labels:
            assert seen.setdefault(label, name) == name, (label, seen[label], name)


def test_a_status_word_names_one_status() -> None:
    words = [w for ws in vocab.STATUS_WORDS.values() for w in ws]
    assert len(words) == len(set(words))
    assert set(vocab.STATUS_WORDS) == {"completed", "in_progress", "long_term"}


def test_alternation_prefers_the_longest_word() -> None:
    pattern = re.compile(vocab.alternation(["时限", "整改时限"]))
    assert pattern.search("整改时限:6月底").group() == "整改时限"


def _vocabulary_words() -> set[str]:
    words = {w for labels in vocab.FIELD_LABELS.values() for w in labels if not w.isascii() and len(w) >= 3}
    words |= {w for ws in vocab.STATUS_WORDS.values() for w in ws if not w.isascii() and len(w) >= 3}
    words |= set(vocab.DEADLINE_IMMEDIATE)
    words |= {w for w in vocab.DEADLINE_PERIODS if len(w) >= 3}
    return words


def _word_list_strings(tree: ast.Module) -> list[ast.Constant]:
    """String constants that make up patterns or module-level data (not docstrings, not messages)."""
    found: list[ast.Constant] = []
    for node in tree.body:
        if isinstance(node, ast.Assign | ast.AnnAssign) and node.value is not None:
            found += [c for c in ast.walk(node.value) if isinstance(c, ast.Constant) and isinstance(c.value, str)]
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "attr", None) in ("compile", "search", "match",
                                                                               "fullmatch", "finditer", "sub"):
            for arg in node.args[:1]:
                found += [c for c in ast.walk(arg) if isinstance(c, ast.Constant) and isinstance(c.value, str)]
    return found


def test_no_reading_module_holds_its_own_word_list() -> None:
    words = _vocabulary_words()
    offending = []
    for package in READING_PACKAGES:
        for path in sorted((CHECKER / package).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for constant in _word_list_strings(tree):
                hits = sorted(w for w in words if w in constant.value)
                if hits:
                    offending.append(f"{path.relative_to(CHECKER)}:{constant.lineno} {hits}")
    assert not offending, "words that belong in checker/vocab.py:\n" + "\n".join(offending)
