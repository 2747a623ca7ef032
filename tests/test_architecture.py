"""Imports point one way: cli → api → stages → shared vocabulary. No stage reaches back into an earlier one."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "checker"

# module prefix → checker modules it must never import
FORBIDDEN = {
    "checker.location": ["checker."],
    "checker.errors": ["checker.api", "checker.cli", "checker.dsl", "checker.engine", "checker.load", "checker.report"],
    "checker.findings": ["checker.api", "checker.cli", "checker.dsl", "checker.engine", "checker.load", "checker.report"],
    "checker.text": ["checker.api", "checker.cli", "checker.dsl", "checker.engine", "checker.load", "checker.report",
                     "checker.extract", "checker.model", "checker.validate"],
    "checker.load": ["checker.api", "checker.cli", "checker.dsl", "checker.engine", "checker.report", "checker.extract",
                     "checker.validate", "checker.enrich"],
    "checker.read": ["checker.api", "checker.cli", "checker.dsl", "checker.engine", "checker.report", "checker.extract",
                     "checker.validate", "checker.enrich"],
    "checker.vocab": ["checker."],
    "checker.extract": ["checker.api", "checker.cli", "checker.dsl", "checker.engine", "checker.report", "checker.load",
                        "checker.enrich"],
    "checker.model": ["checker.api", "checker.cli", "checker.dsl", "checker.engine", "checker.report", "checker.load",
                      "checker.extract"],
    "checker.dsl": ["checker.api", "checker.cli", "checker.engine", "checker.report", "checker.load", "checker.extract",
                    "checker.enrich", "checker.validate"],
    "checker.engine": ["checker.api", "checker.cli", "checker.report", "checker.load", "checker.extract"],
    "checker.report": ["checker.api", "checker.cli", "checker.dsl", "checker.engine", "checker.load", "checker.extract",
                       "checker.enrich", "checker.validate"],
    "checker.api": ["checker.cli", "checker.report"],
}


def _module_name(path: Path) -> str:
    rel = path.relative_to(PACKAGE.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def test_imports_point_one_way() -> None:
    violations = []
    for path in sorted(PACKAGE.rglob("*.py")):
        module = _module_name(path)
        for prefix, banned in FORBIDDEN.items():
            if module == prefix or module.startswith(prefix + "."):
                for name in _imports(path):
                    if any(name == b or name.startswith(b if b.endswith(".") else b + ".") or name == b.rstrip(".")
                           for b in banned) and not name.startswith(prefix):
                        violations.append(f"{module} imports {name}")
    assert violations == []


def test_only_the_cli_uses_click_for_io() -> None:
    users = [_module_name(p) for p in PACKAGE.rglob("*.py") if "click" in _imports(p)]
    # checker.cli_chinese: the command classes of checker.cli (click's own words in Chinese)
    assert set(users) <= {"checker.cli", "checker.cli_chinese", "checker.report.text"}
