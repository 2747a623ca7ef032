"""Command line: flags → options → library API → reporter → exit code. Nothing else lives here.

Each command imports what it needs when it runs: `--version` and `rules list` start without the rule
compiler, pydantic or the readers (tests/test_startup.py holds that line).
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from checker import __version__
from checker.errors import LedgerlintError, os_reason
from checker.resources import builtin_rules_dir, schema_path

# The output formats, spelt out so that building the command line does not import the reporters;
# tests/test_startup.py checks this list against checker.report.FORMATS.
FORMAT_NAMES = ("github", "html", "json", "junit", "sarif", "text", "xlsx")

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def _fail(error: LedgerlintError) -> None:
    click.echo(error.render(), err=True)
    sys.exit(EXIT_ERROR)


def _parse_date(ctx: click.Context, param: click.Parameter, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"日期应写作 YYYY-MM-DD,得到 {value!r}") from None


def _parse_params(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]) -> dict[str, object]:
    """`--param set.name=value`: the value is read as JSON when it parses, a date or `180d`, else as text."""
    out: dict[str, object] = {}
    for item in values:
        key, sep, raw = item.partition("=")
        if not sep or not key:
            raise click.BadParameter(f"应写作 名称=值,得到 {item!r}")
        out[key.strip()] = _param_value(raw)
    return out


def _param_value(raw: str) -> object:
    import json
    import re

    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw):
        return dt.date.fromisoformat(raw)
    if m := re.fullmatch(r"(\d+)([dw])", raw):
        return dt.timedelta(days=int(m.group(1)) * (7 if m.group(2) == "w" else 1))
    try:
        return json.loads(raw)
    except json.JSONDecodeError:
        return raw


_RULES_OPTION = click.option("--rules", "rules", multiple=True, type=click.Path(path_type=Path),
                             help="规则文件或目录(可多次给出);默认使用内置规则。")
_PARAM_OPTION = click.option("--param", "params", multiple=True, callback=_parse_params,
                             help="设置规则参数,如 --param consistency.rounding=0.5")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="ledgerlint")
def main() -> None:
    """ledgerlint: 巡察整改台账与整改进展通报的规则检查工具。"""


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@_RULES_OPTION
@_PARAM_OPTION
@click.option("--format", "fmt", type=click.Choice(FORMAT_NAMES), default="text", show_default=True,
              help="输出格式。")
@click.option("--output", "-o", type=click.Path(path_type=Path), help="写入文件而不是标准输出。")
@click.option("--fail-on", type=click.Choice(["error", "warning", "info"]), default="error", show_default=True,
              help="达到该级别的问题使退出码为 1。")
@click.option("--as-of", callback=_parse_date, help="逾期检查的基准日期(默认: 报告日期)。")
@click.option("--disable", multiple=True, help="不运行的规则 id(可多次给出)。")
@click.option("--jobs", "-j", type=click.IntRange(1, 64), default=1, show_default=True, help="并行检查的进程数。")
@click.option("--color/--no-color", default=None, help="彩色输出(默认: 终端时启用)。")
def lint(paths: tuple[Path, ...], rules: tuple[Path, ...], params: dict[str, object], fmt: str,
         output: Path | None, fail_on: str, as_of: dt.date | None, disable: tuple[str, ...], jobs: int,
         color: bool | None) -> None:
    """检查台账和通报文件(文件或目录)。退出码: 0 无问题, 1 有问题, 2 用法、规则或输入错误。"""
    from checker import api
    from checker.findings import Severity
    from checker.report import render

    if fmt == "xlsx" and output is None:
        raise click.UsageError("xlsx 是二进制格式,请用 --output 指定要写入的文件,例如 -o 检查报告.xlsx")
    options = api.LintOptions(rules=rules, params=params, as_of=as_of, disabled=frozenset(disable), jobs=jobs)
    try:
        ruleset = api.load_rules(options)
        unknown = sorted(set(disable) - set(ruleset.info))
        if unknown:
            raise click.BadParameter(f"未知的规则: {', '.join(unknown)}", param_hint="--disable")
        result = api.lint(paths, options, ruleset)
    except LedgerlintError as exc:
        _fail(exc)
    if not result.files:
        # Fail closed: a path that matches nothing is a mistake in the command, not a clean result.
        suffixes = " ".join(api.LEDGER_SUFFIXES)
        click.echo(f"没有找到可检查的文件: {' '.join(map(str, paths))} (支持 {suffixes})", err=True)
        sys.exit(EXIT_ERROR)
    use_color = color if color is not None else (output is None and sys.stdout.isatty())
    rendered = render(result, fmt, color=use_color)
    if output is not None:
        data = rendered if isinstance(rendered, bytes) else rendered.encode("utf-8")
        _write_output(output, data)
    elif isinstance(rendered, bytes):
        sys.stdout.buffer.write(rendered)
    else:
        click.echo(rendered, nl=False)
    threshold = Severity.parse(fail_on)
    if result.failed:
        sys.exit(EXIT_ERROR)
    if not result.checked:
        # Fail closed: files that were all judged not a report, or empty ledgers, are not a clean result.
        click.echo(f"没有任何文件被实际检查: {len(result.files)} 个文件都不是整改报告或台账,或台账中没有问题条目",
                   err=True)
        sys.exit(EXIT_ERROR)
    sys.exit(EXIT_FINDINGS if any(f.severity >= threshold for f in result.findings()) else EXIT_OK)


def _write_output(output: Path, data: bytes) -> None:
    """Write the report; a missing folder, a full disk or a read-only place is a clear error, exit 2."""
    if not output.parent.is_dir():
        click.echo(f"无法写入报告 {output}: 目录 {output.parent} 不存在", err=True)
        sys.exit(EXIT_ERROR)
    try:
        output.write_bytes(data)
    except OSError as exc:
        click.echo(f"无法写入报告 {output}: {os_reason(exc)}", err=True)
        sys.exit(EXIT_ERROR)


@main.command()
@click.argument("path", type=click.Path(path_type=Path))
def extract(path: Path) -> None:
    """显示文件被读成的台账(YAML,附每个值的来源行列),便于核对检查结果。"""
    from checker import api
    from checker.extract.show import ledger_to_yaml
    from checker.model import Ledger

    try:
        read = api.read_ledger(path)
    except LedgerlintError as exc:
        _fail(exc)
    ledger = Ledger.model_validate(read.ledger)
    data = {"ledger_version": 1, **ledger.model_dump(mode="json", exclude_defaults=True)}
    data.setdefault("issues", [])  # "no items read" is a reading result too (a summary notice)
    click.echo(ledger_to_yaml(data, read.source_map), nl=False)


@main.group()
def rules() -> None:
    """规则文件: 检查、列出、说明。"""


@rules.command("check")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@_PARAM_OPTION
def rules_check(paths: tuple[Path, ...], params: dict[str, object]) -> None:
    """检查规则文件的语法、字段名和类型。"""
    from checker.dsl.ruleset import load_ruleset

    try:
        ruleset = load_ruleset(paths, params)
    except LedgerlintError as exc:
        _fail(exc)
    click.echo(f"规则文件无误: {len(ruleset.rules)} 条规则")


@rules.command("list")
@_RULES_OPTION
def rules_list(rules: tuple[Path, ...]) -> None:
    """列出规则: id、级别、标题。"""
    from checker.dsl.ruleset import rule_infos  # parse only: listing needs no compiler

    try:
        infos = rule_infos(rules or (builtin_rules_dir(),))
    except LedgerlintError as exc:
        _fail(exc)
    width = max((len(info.id) for info in infos), default=0)
    for info in infos:
        click.echo(f"{info.id:<{width}}  {info.severity.label:<7}  {info.title}")


@rules.command("explain")
@click.argument("rule_id")
@_RULES_OPTION
def rules_explain(rule_id: str, rules: tuple[Path, ...]) -> None:
    """显示一条规则的说明。"""
    from checker.dsl.ruleset import load_ruleset

    try:
        ruleset = load_ruleset(rules or (builtin_rules_dir(),))
    except LedgerlintError as exc:
        _fail(exc)
    info = ruleset.info.get(rule_id)
    if info is None:
        raise click.BadParameter(f"未知的规则 {rule_id}", param_hint="RULE_ID")
    click.echo(f"{info.id} ({info.severity.label}): {info.title}\n\n{info.doc}\n")


@main.command()
@click.option("--report", is_flag=True, help="输出 JSON 报告格式的 Schema,而不是台账的 Schema。")
@click.option("--output", "-o", type=click.Path(path_type=Path), help="写入文件而不是标准输出。")
def schema(report: bool, output: Path | None) -> None:
    """输出台账格式(由模型生成)或 JSON 报告格式的 JSON Schema。"""
    import json

    from checker.model import ledger_json_schema

    if report:
        text = schema_path("report-v1.json").read_text(encoding="utf-8")
    else:
        text = json.dumps(ledger_json_schema(), ensure_ascii=False, indent=2) + "\n"
    if output is None:
        click.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")
