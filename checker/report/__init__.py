"""Reporters: render a LintResult as text, json, sarif, junit, github annotations, html or xlsx."""

from __future__ import annotations

import importlib

from checker.errors import ConfigError
from checker.findings import LintResult, Severity

# format name → module whose render(result, *, color=False) produces it. Modules are imported on use, so a
# run that prints text does not pay for openpyxl or the HTML templates. Machine formats ignore `color`;
# xlsx returns bytes.
FORMATS: dict[str, str] = {
    "text": "checker.report.text",
    "json": "checker.report.json_report",
    "sarif": "checker.report.sarif",
    "junit": "checker.report.junit",
    "github": "checker.report.github",
    "html": "checker.report.html",
    "xlsx": "checker.report.xlsx",
}


def render(result: LintResult, fmt: str, *, color: bool = False, quiet: bool = False,
           fail_on: Severity = Severity.ERROR) -> str | bytes:
    """Render `result` in format `fmt`; an unknown format is a ConfigError. `quiet` (text only) leaves out
    files without findings and the summary line; `fail_on` (junit only) is the severity that fails a case."""
    module = FORMATS.get(fmt)
    if module is None:
        known = "|".join(FORMATS)
        raise ConfigError(f"未知的输出格式「{fmt}」(可选:{known})")
    if fmt == "junit":
        return importlib.import_module(module).render(result, color=color, fail_on=fail_on)
    if fmt == "text":
        return importlib.import_module(module).render(result, color=color, quiet=quiet)
    return importlib.import_module(module).render(result, color=color)
