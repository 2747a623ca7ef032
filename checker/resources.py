"""Where the grammar, the built-in rule sets and the shipped schemas live (defined once)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
# A wheel carries grammar/ and rules/ inside the package (see pyproject.toml); a source checkout or an
# editable install reads them from the repository root.
_SHIPPED = _PACKAGE / "_data"
_REPO = _PACKAGE.parent


def _find(name: str) -> Path:
    shipped = _SHIPPED / name
    return shipped if shipped.exists() else _REPO / name


def grammar_path() -> Path:
    """The Lark grammar of the rule language."""
    return _find("grammar") / "rules.lark"


def builtin_rules_dir() -> Path:
    """The folder of built-in rule sets."""
    return _find("rules")


def rule_paths(rules: Iterable[Path], builtin: bool = True) -> tuple[Path, ...]:
    """The rule files and folders of a run, in load order: the built-in folder (unless `builtin` is False),
    then `rules` (local rules extend the built-in set). `lint` and `rules list|explain|doc` read the same set.
    Raises ConfigError when that leaves no rule file at all."""
    paths = ((builtin_rules_dir(),) if builtin else ()) + tuple(rules)
    if not paths:
        from checker.errors import ConfigError

        raise ConfigError("没有规则文件:不使用内置规则时,请用 --rules 或配置文件的 rules 给出规则文件")
    return paths


def schema_path(name: str) -> Path:
    """A JSON Schema shipped in the package (e.g. `report-v1.json`)."""
    return _PACKAGE / "schemas" / name
