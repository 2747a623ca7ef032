"""Reporters: render a LintResult as text, json, sarif, junit or github annotations."""

from __future__ import annotations

from collections.abc import Callable

from checker.errors import ConfigError
from checker.findings import LintResult
from checker.report import github, json_report, junit, sarif, text

Renderer = Callable[..., str | bytes]

# format name → render(result, *, color=False); machine formats ignore `color`
FORMATS: dict[str, Renderer] = {
    "text": text.render,
    "json": json_report.render,
    "sarif": sarif.render,
    "junit": junit.render,
    "github": github.render,
}


def render(result: LintResult, fmt: str, *, color: bool = False) -> str | bytes:
    """Render `result` in format `fmt`; an unknown format is a ConfigError."""
    renderer = FORMATS.get(fmt)
    if renderer is None:
        known = "|".join(FORMATS)
        raise ConfigError(f"未知的输出格式「{fmt}」(可选:{known})")
    return renderer(result, color=color)
