"""Every example of grammar/README.md is a complete rule file that loads (parse, names, types), and the
TextMate grammar is valid JSON naming every keyword and function of the language."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from checker.dsl.builtins import BUILTINS, COMPREHENSIONS
from checker.dsl.ruleset import load_ruleset

GRAMMAR = Path(__file__).resolve().parents[1] / "grammar"
EXAMPLES = re.findall(r"```rules\n(.*?)```", (GRAMMAR / "README.md").read_text(encoding="utf-8"), re.S)


def test_readme_has_examples() -> None:
    assert len(EXAMPLES) >= 6


@pytest.mark.parametrize("example", EXAMPLES, ids=[f"example-{i + 1}" for i in range(len(EXAMPLES))])
def test_example_loads(example: str, tmp_path: Path) -> None:
    (tmp_path / "common.rules").write_text("ruleset common\n", encoding="utf-8")
    path = tmp_path / "example.rules"
    path.write_text(example, encoding="utf-8")
    assert load_ruleset([path]).rules


def test_textmate_grammar_knows_every_function_and_clause() -> None:
    grammar = json.loads((GRAMMAR / "ledgerlint-rules.tmLanguage.json").read_text(encoding="utf-8"))
    functions = grammar["repository"]["function"]["match"]
    for name in [*BUILTINS, *COMPREHENSIONS]:
        assert re.search(rf"\b{name}\b", functions), name
    clauses = json.dumps(grammar["repository"]["keyword"], ensure_ascii=False)
    for word in ("for", "where", "when", "require", "forbid", "at", "match", "severity", "message", "applies"):
        assert word in clauses
    declarations = json.dumps(grammar["repository"]["declaration"], ensure_ascii=False)
    assert re.search(r"\|let\)", declarations)  # `let` is highlighted as a declaration, indented or not
