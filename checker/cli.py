"""Command line: flags → options → library API → reporter → exit code. Nothing else lives here.

Each command imports what it needs when it runs: `--version` and `rules list` start without the rule
compiler, pydantic or the readers (tests/test_startup.py holds that line).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import click

from checker import __version__
from checker.cli_chinese import ChineseGroup
from checker.errors import ConfigError, LedgerlintError, together, write_reason
from checker.resources import builtin_rules_dir, schema_path

# The output formats, spelt out so that building the command line does not import the reporters;
# tests/test_startup.py checks this list against checker.report.FORMATS.
FORMAT_NAMES = ("github", "html", "json", "junit", "sarif", "text", "xlsx")

if TYPE_CHECKING:
    from checker.api import LintOptions
    from checker.config import Settings
    from checker.dsl.ruleset import RuleSet
    from checker.findings import Finding, LintResult

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def _fail(error: LedgerlintError) -> NoReturn:
    click.echo(error.render(), err=True)
    sys.exit(EXIT_ERROR)


def _parse_date(ctx: click.Context, param: click.Parameter, value: str | None) -> dt.date | None:
    if value is None:
        return None
    from checker.read.dates import read_date  # the one date reader: the forms a ledger may write

    reading = read_date(value)
    if reading.value is None:
        raise click.BadParameter(reading.problem or f"「{value}」不是日期")
    return dt.date.fromisoformat(str(reading.value))


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
        try:
            return dt.date.fromisoformat(raw)
        except ValueError:
            raise click.BadParameter(f"不存在的日期: {raw}(日期写作 YYYY-MM-DD)") from None
    if m := re.fullmatch(r"(\d+)([dw])", raw):
        if len(m.group(1)) > 9:
            raise click.BadParameter(f"时长超出范围: {raw}")
        return dt.timedelta(days=int(m.group(1)) * (7 if m.group(2) == "w" else 1))
    try:
        return json.loads(raw)
    except json.JSONDecodeError:
        return raw


_RULES_OPTION = click.option("--rules", "rules", multiple=True, type=click.Path(path_type=Path),
                             help="规则文件或目录(可多次给出),在内置规则之外增加。")
_PARAM_OPTION = click.option("--param", "params", multiple=True, callback=_parse_params,
                             help="设置规则参数,如 --param consistency.rounding=0.5")


@click.group(cls=ChineseGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", "-V", prog_name="ledgerlint", help="显示版本并退出。")
def main() -> None:
    """ledgerlint: 巡察整改台账与整改进展通报的规则检查工具。"""


def _comma_list(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]) -> tuple[str, ...]:
    """`--select a,b --select c` → (a, b, c), as in ruff."""
    return tuple(part.strip() for value in values for part in value.split(",") if part.strip())


_CONFIG_OPTION = click.option("--config", "config_path", type=click.Path(path_type=Path, dir_okay=False),
                              help="配置文件(默认: 从当前目录向上查找 ledgerlint.toml 或 pyproject.toml)。")
_ISOLATED_OPTION = click.option("--isolated", is_flag=True, help="不读取任何配置文件。")


def _load_settings(config_path: Path | None, isolated: bool, cli: dict[str, object],
                   targets: list[tuple[str, Path | None]] | None = None) -> Settings:
    """The run's settings: the config file (given, found upward, or none) under the command line's flags.
    A broken config file ends the run (exit 2), reported in the `targets` report files too, if any."""
    from checker.config import find_config, load_config, resolve

    try:
        path = None if isolated else (config_path or find_config())
        return resolve(load_config(path), cli)
    except LedgerlintError as exc:
        if targets:
            _report_run_error(exc, targets)
        _fail(exc)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@_CONFIG_OPTION
@_ISOLATED_OPTION
@_RULES_OPTION
@click.option("--no-builtin-rules", is_flag=True, default=None, help="不使用内置规则,只用 --rules 给出的规则。")
@_PARAM_OPTION
@click.option("--select", multiple=True, callback=_comma_list,
              help="只运行这些规则 id 或前缀(逗号分隔,如 completeness/,dates/order)。")
@click.option("--ignore", multiple=True, callback=_comma_list, help="不运行这些规则 id 或前缀(逗号分隔)。")
@click.option("--disable", multiple=True, callback=_comma_list, help="不运行的规则 id(同 --ignore,只接受完整 id)。")
@click.option("--exclude", multiple=True, help="不检查的路径(gitignore 式 glob,可多次给出)。")
@click.option("--force-exclude", is_flag=True, help="命令行直接给出的文件也按 exclude 排除(用于 pre-commit)。")
@click.option("--format", "-f", "formats", multiple=True, type=click.Choice(FORMAT_NAMES),
              help="输出格式(可多次给出,与 -o 依次配对): text(默认)、json、sarif、junit、github、html、xlsx。")
@click.option("--output", "-o", "outputs", multiple=True, type=click.Path(path_type=Path, dir_okay=False),
              help="写入文件而不是标准输出(目录不存在时创建)。")
@click.option("--fail-on", type=click.Choice(["error", "warning", "info"]), default=None,
              help="达到该级别的问题使退出码为 1(默认 error)。")
@click.option("--exit-zero", is_flag=True, help="有问题时退出码也为 0(输入或规则错误仍为 2)。")
@click.option("--as-of", callback=_parse_date, help="逾期检查的基准日期(默认: 报告日期)。")
@click.option("--baseline", "baseline_path", type=click.Path(path_type=Path, dir_okay=False),
              help="只报告基线文件中没有的问题。")
@click.option("--write-baseline", type=click.Path(path_type=Path, dir_okay=False),
              help="把本次的全部问题写入基线文件(退出码 0)。")
@click.option("--stdin-filename", help="从标准输入(路径写作 -)读取时,文件的名称与类型,如 通报.txt。")
@click.option("--jobs", "-j", type=click.IntRange(0, 256), default=1, show_default=True,
              help="并行检查的进程数;0 表示全部 CPU 核。大于 1 时,单个大的 JSON 台账(8 MB 以上)也由两个进程分担检查。")
@click.option("--dask", "dask_scheduler", is_flag=False, flag_value="local", default=None, metavar="[SCHEDULER]",
              help="用 Dask 分布式检查: 不带值为本机集群,或给出调度器地址"
                   "(如 tcp://10.0.0.5:8786)。需安装 ledgerlint[dask]。")
@click.option("--quiet", "-q", is_flag=True, help="只输出问题:不输出无问题的文件、汇总行和进度条。")
@click.option("--statistics", is_flag=True, help="输出每条规则的问题数,而不是逐条问题。")
@click.option("--show-settings", is_flag=True, help="显示生效的设置及其来源,然后退出。")
@click.option("--color/--no-color", default=None,
              help="彩色输出(默认: 输出到终端时启用;遵循 NO_COLOR 与 FORCE_COLOR)。")
def lint(paths: tuple[Path, ...], config_path: Path | None, isolated: bool, rules: tuple[Path, ...],
         no_builtin_rules: bool | None, params: dict[str, object], select: tuple[str, ...],
         ignore: tuple[str, ...], disable: tuple[str, ...], exclude: tuple[str, ...], force_exclude: bool,
         formats: tuple[str, ...], outputs: tuple[Path, ...], fail_on: str | None, exit_zero: bool,
         as_of: dt.date | None, baseline_path: Path | None, write_baseline: Path | None,
         stdin_filename: str | None, jobs: int, dask_scheduler: str | None, quiet: bool, statistics: bool,
         show_settings: bool, color: bool | None) -> None:
    """检查台账和通报文件(文件或目录;- 表示标准输入)。退出码: 0 无问题, 1 有问题, 2 用法、规则或输入错误。"""
    import os

    from checker import api
    from checker.config import check_rule_ids, describe
    from checker.findings import Severity

    targets = _targets(formats, outputs)
    cli: dict[str, object] = {
        "rules": rules or None, "builtin-rules": False if no_builtin_rules else None, "params": params or None,
        "select": select or None, "ignore": ignore or None, "exclude": exclude or None, "fail-on": fail_on,
    }
    settings = _load_settings(config_path, isolated, cli, targets)
    if show_settings:
        click.echo(describe(settings), nl=False)
        sys.exit(EXIT_OK)
    stdin = sys.stdin.buffer.read() if Path("-") in paths else None
    options = api.LintOptions(
        rules=settings["rules"], builtin_rules=bool(settings["builtin-rules"]), params=settings["params"],
        as_of=as_of, severities=settings["severity"], disabled=frozenset(disable), select=settings["select"],
        ignore=settings["ignore"], exclude=settings["exclude"], root=settings.config.root,
        respect_gitignore=bool(settings["respect-gitignore"]), force_exclude=force_exclude,
        waivers=settings["waivers"], jobs=jobs or (os.cpu_count() or 1), stdin=stdin,
        stdin_filename=stdin_filename)
    progress = None if quiet or not sys.stderr.isatty() else _progress_bar()
    try:
        try:
            ruleset = api.load_rules(options)
        except ConfigError as exc:
            raise _settings_errors(settings, options, exc) from None
        known = api.selectable_rules(ruleset)
        check_rule_ids(settings, known)
        unknown = sorted(set(disable) - set(known))
        if unknown:
            raise click.BadParameter(f"未知的规则: {', '.join(unknown)}", param_hint="--disable")
        if dask_scheduler is not None:
            from checker.dask_runner import lint_dask

            result = lint_dask(paths, options, dask_scheduler, ruleset=ruleset)
        else:
            with progress or _nothing():
                result = api.lint(paths, options, ruleset, progress=progress.update if progress else None)
    except LedgerlintError as exc:
        _report_run_error(exc, targets)
    if not result.inputs and force_exclude and api.all_excluded(paths, options):
        # pre-commit passes the names of changed files; the config excluding all of them is intended
        click.echo(f"给出的文件都被配置的 exclude 排除,未检查: {' '.join(map(str, paths))}", err=True)
        sys.exit(EXIT_OK)
    if not result.inputs:  # the config file's waiver notes are no input
        # Fail closed: a path that matches nothing is a mistake in the command, not a clean result.
        suffixes = " ".join(api.LEDGER_SUFFIXES)
        click.echo(f"没有找到可检查的文件: {' '.join(map(str, paths))} (支持 {suffixes})", err=True)
        sys.exit(EXIT_ERROR)
    if write_baseline is not None:
        _write_baseline(result, write_baseline)
        sys.exit(EXIT_ERROR if result.failed else EXIT_OK)
    if baseline_path is not None:
        from checker.baseline import Baseline

        try:
            result = Baseline.load(baseline_path).apply(result)
        except LedgerlintError as exc:
            _fail(exc)
    use_color = _use_color(color)
    if statistics:
        click.echo(_statistics(result), nl=False, color=use_color)
        targets = [(fmt, out) for fmt, out in targets if out is not None]
    for fmt, out in targets:
        _emit(result, fmt, out, color=use_color and out is None, quiet=quiet, fail_on=str(settings["fail-on"]))
    if result.failed:
        sys.exit(EXIT_ERROR)
    if not result.checked:
        # Fail closed: files that were all judged not a report, or empty ledgers, are not a clean result.
        inputs = len(result.inputs)
        what = ("该文件不是整改报告或台账,或台账中没有问题条目" if inputs == 1 else
                f"{inputs} 个文件都不是整改报告或台账,或台账中没有问题条目")
        click.echo(f"没有任何文件被实际检查: {what}", err=True)
        sys.exit(EXIT_ERROR)
    threshold = Severity.parse(str(settings["fail-on"]))
    failing = any(f.severity >= threshold for f in result.findings())
    sys.exit(EXIT_FINDINGS if failing and not exit_zero else EXIT_OK)


def _settings_errors(settings: Settings, options: LintOptions, error: ConfigError) -> ConfigError:
    """The parameter errors that stopped the rules from loading, each at its config line, with the rule ids the
    settings name that no rule has (checked against the rules as they load without the parameters): one run
    tells of every mistake."""
    from dataclasses import replace

    from checker import api
    from checker.config import check_rule_ids, locate_param_error

    errors = [locate_param_error(settings, e) for e in getattr(error, "errors", (error,))]
    try:
        check_rule_ids(settings, api.selectable_rules(api.load_rules(replace(options, params={}))))
    except ConfigError as exc:
        errors += getattr(exc, "errors", (exc,))
    except LedgerlintError:
        pass  # the rules do not load even so: their own error is not what this run stopped on
    return together(errors)  # type: ignore[return-value]  # ConfigErrors of ConfigErrors


def _targets(formats: tuple[str, ...], outputs: tuple[Path, ...]) -> list[tuple[str, Path | None]]:
    """Pair formats with outputs in order (`-f json -o a.json -f sarif -o b.sarif`); a format left without
    an output goes to standard output, which only one of them can have."""
    formats = formats or ("text",)
    if len(outputs) > len(formats):
        raise click.UsageError("-o 比 -f 多:每个 -o 对应一个 -f(按顺序配对)")
    targets = [(fmt, outputs[n] if n < len(outputs) else None) for n, fmt in enumerate(formats)]
    if sum(1 for _, out in targets if out is None) > 1:
        raise click.UsageError("只有一种格式可以输出到标准输出,请为其余格式给出 -o 文件")
    for fmt, out in targets:
        if fmt == "xlsx" and out is None:
            raise click.UsageError("xlsx 是二进制格式,请用 --output 指定要写入的文件,例如 -o 检查报告.xlsx")
    return targets


def _use_color(flag: bool | None) -> bool:
    """--color/--no-color, else NO_COLOR (any value turns colour off), else FORCE_COLOR, else a terminal."""
    import os

    if flag is not None:
        return flag
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return sys.stdout.isatty()


def _emit(result: LintResult, fmt: str, out: Path | None, *, color: bool, quiet: bool = False,
          fail_on: str = "error") -> None:
    """Render `result` as `fmt` to `out` (its folder created) or to standard output; machine formats are
    written as UTF-8 bytes whatever the terminal's encoding."""
    from checker.findings import Severity
    from checker.report import render

    rendered = render(result, fmt, color=color, quiet=quiet, fail_on=Severity.parse(fail_on))
    if fmt != "text" and isinstance(rendered, str):
        rendered = rendered.encode("utf-8")
    if out is not None:
        try:
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_bytes(rendered if isinstance(rendered, bytes) else rendered.encode("utf-8"))
        except OSError as exc:
            click.echo(f"无法写入报告 {out}: {write_reason(exc, out)}", err=True)
            sys.exit(EXIT_ERROR)
    elif isinstance(rendered, bytes):
        sys.stdout.flush()
        sys.stdout.buffer.write(rendered)
        sys.stdout.flush()
    else:
        click.echo(rendered, nl=False, color=color)


def _report_run_error(error: LedgerlintError, targets: list[tuple[str, Path | None]]) -> NoReturn:
    """A rule or config error: on standard error, and in every report file so that CI sees why (a SARIF
    tool notification, a JSON `errors` entry); exit 2."""
    from checker.findings import LintResult, RunError

    click.echo(error.render(), err=True)
    result = LintResult((), {}, errors=tuple(RunError.of(e) for e in getattr(error, "errors", (error,))))
    for fmt, out in targets:
        if fmt in ("json", "sarif", "junit", "github"):
            _emit(result, fmt, out, color=False)
    sys.exit(EXIT_ERROR)


def _write_baseline(result: LintResult, path: Path) -> None:
    from checker.baseline import Baseline

    baseline = Baseline.from_result(result)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(baseline.to_json(result), encoding="utf-8")
    except OSError as exc:
        click.echo(f"无法写入基线 {path}: {write_reason(exc, path)}", err=True)
        sys.exit(EXIT_ERROR)
    click.echo(f"已写入基线 {path}: {sum(baseline.counts.values())} 个问题", err=True)


def _statistics(result: LintResult) -> str:
    """Findings per rule, most frequent first: count, rule id, severity, title (as ruff --statistics)."""
    from collections import Counter

    from checker.report.common import rule_info

    counts = Counter((f.rule, f.severity) for f in result.findings())
    width = max((len(rule) for rule, _ in counts), default=0)
    lines = [f"{n:>5}  {rule:<{width}}  {sev.chinese}  {rule_info(result, rule, sev).title}"
             for (rule, sev), n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0][0]))]
    return "".join(line + "\n" for line in lines)


class _Progress:
    """A progress bar on standard error (rich), shown only for batches long enough to wait for."""

    MIN_FILES = 20

    def __init__(self) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        self._bar = Progress(TextColumn("检查中"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                             console=Console(stderr=True), transient=True)
        self._task: int | None = None

    def __enter__(self) -> _Progress:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._task is not None:
            self._bar.stop()

    def update(self, done: int, total: int) -> None:
        """Called after each file: `done` of `total` files checked."""
        if total < self.MIN_FILES:
            return
        if self._task is None:
            self._bar.start()
            self._task = self._bar.add_task("lint", total=total)
        self._bar.update(self._task, completed=done)  # type: ignore[arg-type]  # rich's TaskID is an int NewType; set just above


def _progress_bar() -> _Progress:
    return _Progress()


@contextlib.contextmanager
def _nothing() -> Iterator[None]:
    yield


@main.command("config")
@_CONFIG_OPTION
@_ISOLATED_OPTION
def config_command(config_path: Path | None, isolated: bool) -> None:
    """显示生效的设置(配置文件与默认值)及每项的来源。"""
    from checker.config import describe

    click.echo(describe(_load_settings(config_path, isolated, {})), nl=False)


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
    except Exception as exc:  # noqa: BLE001 - a reader bug must still end in a message and exit 2
        click.echo(f"{path}: 读取该文件时发生内部错误({type(exc).__name__}),请将文件与此信息一并报告", err=True)
        sys.exit(EXIT_ERROR)
    ledger = Ledger.model_validate(read.ledger)
    data = {"ledger_version": 1, **ledger.model_dump(mode="json", exclude_defaults=True)}
    data.setdefault("issues", [])  # "no items read" is a reading result too (a summary notice)
    click.echo(ledger_to_yaml(data, read.source_map), nl=False)


@main.group()
def rules() -> None:
    """规则文件: 检查、列出、说明、测试、生成文档。"""


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


@rules.command("test")
@click.argument("path", required=False, type=click.Path(exists=True, path_type=Path))
@click.option("--verbose", "-v", is_flag=True, help="也列出通过的用例。")
def rules_test(path: Path | None, verbose: bool) -> None:
    """运行规则旁 tests/ 目录中的用例(默认: 内置规则)。

    退出码: 0 全部通过;1 有用例失败或用例不全;2 规则或用例文件有错。"""
    from checker import api
    from checker.dsl.testing import render, run_rule_tests

    def lint_file(ruleset: RuleSet, file: Path, display: str, as_of: dt.date | None) -> tuple[list[Finding], bool]:
        result = api.lint_file(file, ruleset, api.LintOptions(as_of=as_of), display)
        return list(result.findings), result.failed

    try:
        suite = run_rule_tests(path or builtin_rules_dir(), lint_file)
    except LedgerlintError as exc:
        _fail(exc)
    click.echo(render(suite, verbose=verbose))
    if any(r.status == "error" for r in suite.results):
        sys.exit(EXIT_ERROR)
    sys.exit(EXIT_OK if suite.ok else EXIT_FINDINGS)


def _rule_options(config_path: Path | None, isolated: bool, rules: tuple[Path, ...], no_builtin_rules: bool | None,
                  params: dict[str, object]) -> tuple[tuple[Path, ...], Settings]:
    """The rule files (checker.resources.rule_paths) and the settings `lint` would use with the same flags:
    the config file (given, found upward, or none with --isolated) under --rules / --no-builtin-rules /
    --param; its `params` and `severity` are in the settings."""
    from checker.resources import rule_paths

    cli: dict[str, object] = {"rules": rules or None, "builtin-rules": False if no_builtin_rules else None,
                              "params": params or None}
    settings = _load_settings(config_path, isolated, cli)
    try:
        return rule_paths(settings["rules"], bool(settings["builtin-rules"])), settings
    except LedgerlintError as exc:
        _fail(exc)


_NO_BUILTIN_OPTION = click.option("--no-builtin-rules", is_flag=True, default=None,
                                  help="不使用内置规则,只用 --rules 给出的规则。")


@rules.command("list")
@_CONFIG_OPTION
@_ISOLATED_OPTION
@_RULES_OPTION
@_NO_BUILTIN_OPTION
def rules_list(config_path: Path | None, isolated: bool, rules: tuple[Path, ...],
               no_builtin_rules: bool | None) -> None:
    """列出规则: id、级别、标题(与 lint 相同: 读取配置文件的 rules 与 severity)。"""
    from checker.dsl.ruleset import rule_infos  # parse only: listing needs no compiler

    paths, settings = _rule_options(config_path, isolated, rules, no_builtin_rules, {})
    severities = settings["severity"]
    try:
        infos = rule_infos(paths)  # local rules extend the built-in set
    except LedgerlintError as exc:
        _fail(exc)
    width = max((len(info.id) for info in infos), default=0)
    for info in infos:
        severity = severities.get(info.id, info.severity)  # the config's [severity], as lint reports it
        click.echo(f"{info.id:<{width}}  {severity.chinese}  {info.title}")


@rules.command("explain")
@click.argument("rule_id")
@_CONFIG_OPTION
@_ISOLATED_OPTION
@_RULES_OPTION
@_NO_BUILTIN_OPTION
@_PARAM_OPTION
def rules_explain(rule_id: str, config_path: Path | None, isolated: bool, rules: tuple[Path, ...],
                  no_builtin_rules: bool | None, params: dict[str, object]) -> None:
    """显示一条规则的说明、示例、参数(默认值与当前值)和定义位置(与 lint 相同: 读取配置文件的 rules、params 与
    severity)。"""
    import dataclasses

    from checker.config import locate_param_error
    from checker.dsl.docs import explain_text, rule_docs
    from checker.findings import ENGINE_RULES

    paths, settings = _rule_options(config_path, isolated, rules, no_builtin_rules, params)
    try:
        try:
            docs = rule_docs(paths, settings["params"])  # local rules extend the built-in set
        except ConfigError as exc:
            raise locate_param_error(settings, exc) from None
    except LedgerlintError as exc:
        _fail(exc)
    doc = next((d for d in docs if d.id == rule_id), None)
    if doc is None and rule_id in ENGINE_RULES:  # reported by ledgerlint itself (input/…, suppression/…)
        info = ENGINE_RULES[rule_id]
        severity = settings["severity"].get(rule_id, info.severity)
        click.echo(f"{rule_id}({severity.chinese}): {info.title}\n由 ledgerlint 读取文件、运行规则或应用豁免时报告,"
                   f"不来自规则文件\n\n说明:\n  {info.doc}\n")
        return
    if doc is None:
        import difflib

        near = difflib.get_close_matches(rule_id, [d.id for d in docs] + list(ENGINE_RULES), n=1)
        raise click.BadParameter(f"未知的规则 {rule_id}" + (f",是不是 {near[0]}?" if near else ""),
                                 param_hint="RULE_ID")
    if rule_id in settings["severity"]:  # the config's [severity], as lint reports it
        doc = dataclasses.replace(doc, severity=settings["severity"][rule_id].chinese)
    click.echo(explain_text(doc), nl=False)


@rules.command("doc")
@_CONFIG_OPTION
@_ISOLATED_OPTION
@_RULES_OPTION
@_NO_BUILTIN_OPTION
@click.option("--output", "-o", type=click.Path(path_type=Path), help="写入文件而不是标准输出。")
def rules_doc(config_path: Path | None, isolated: bool, rules: tuple[Path, ...], no_builtin_rules: bool | None,
              output: Path | None) -> None:
    """生成全部规则、函数和字段的 Markdown 参考文档(与 lint 相同: 读取配置文件的 rules)。"""
    from checker.config import locate_param_error
    from checker.dsl.docs import markdown, rule_docs

    paths, settings = _rule_options(config_path, isolated, rules, no_builtin_rules, {})
    try:
        try:
            text = markdown(rule_docs(paths, settings["params"]))
        except ConfigError as exc:
            raise locate_param_error(settings, exc) from None
    except LedgerlintError as exc:
        _fail(exc)
    if output is None:
        click.echo(text, nl=False)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        click.echo(f"无法写入 {output}: {write_reason(exc, output)}", err=True)
        sys.exit(EXIT_ERROR)


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


_CACHE_OFF = "缓存已关闭(LEDGERLINT_NO_CACHE)或此平台不支持安全缓存"


@main.group()
def cache() -> None:
    """规则解析缓存: 查看或清除。"""


@cache.command("info")
def cache_info() -> None:
    """显示缓存目录、条目数与大小。"""
    from checker.dsl import cache as rule_cache

    folder, entries, size = rule_cache.usage()
    if folder is None:
        click.echo(_CACHE_OFF)
        return
    click.echo(f"缓存目录: {folder}")
    click.echo(f"条目: {entries} 个,共 {size / 1024:.1f} KB(最多保留 {rule_cache.MAX_ENTRIES} 个,最久未用的先删除)")


@cache.command("clear")
def cache_clear() -> None:
    """删除全部缓存条目(下次运行时重新解析规则文件)。"""
    from checker.dsl import cache as rule_cache

    folder = rule_cache.cache_folder()
    if folder is None:
        click.echo(_CACHE_OFF)
        return
    click.echo(f"已删除 {rule_cache.clear()} 个缓存文件({folder})")


# The desk: `serve` and `desk createsupervisor|createuser`. Django loads only when one of them runs.
_DESK_HOME = click.option("--home", type=click.Path(path_type=Path), default=None, envvar="LEDGERLINT_DESK_HOME",
                          help="工作台目录:数据库、文件库和密钥(默认 ~/.ledgerlint-desk)。")
_DESK_DB = click.option("--db", envvar="LEDGERLINT_DESK_DB", metavar="URL",
                        help="数据库地址,如 postgresql://用户:密码@127.0.0.1/库名;默认使用工作台目录中的 SQLite。")


def _desk(action: Callable[[], object]) -> object:
    from checker.desk.run import DeskError

    try:
        return action()
    except DeskError as exc:
        click.echo(str(exc), err=True)
        sys.exit(EXIT_ERROR)


def _desk_home(home: Path | None) -> Path:
    from checker.desk.settings import DEFAULT_HOME

    return home or DEFAULT_HOME


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="监听地址。")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True, help="端口。")
@_DESK_HOME
@_DESK_DB
@_RULES_OPTION
@click.option("--threads", type=click.IntRange(1, 32), default=4, show_default=True, help="处理请求的线程数。")
def serve(host: str, port: int, home: Path | None, db: str | None, rules: tuple[Path, ...], threads: int) -> None:
    """启动整改检查工作台(网页):上传台账和通报,按单位查看历次报送与整改情况。"""
    from checker.desk import run

    _desk(lambda: run.serve(host, port, _desk_home(home), db, rules, threads))


@main.group()
def desk() -> None:
    """工作台账号:巡察办账号(全部单位)和被巡察单位账号(仅本单位)。"""


def _password(password_stdin: bool) -> str:
    from checker.desk import run

    _desk(run.require_extra)  # a missing extra is said before the password is asked for
    if password_stdin:
        return sys.stdin.buffer.readline().decode("utf-8", "replace").rstrip("\r\n")
    while True:  # click's own confirmation would say its mismatch in English
        first = str(click.prompt("密码", hide_input=True))
        if first == str(click.prompt("再次输入密码", hide_input=True)):
            return first
        click.echo("错误: 两次输入的密码不一致,请重新输入", err=True)


@desk.command("createsupervisor")
@click.argument("username")
@click.option("--password-stdin", is_flag=True, help="从标准输入读取密码(一行)。")
@_DESK_HOME
@_DESK_DB
def desk_createsupervisor(username: str, password_stdin: bool, home: Path | None, db: str | None) -> None:
    """创建巡察办账号(可查看全部单位)。"""
    from checker.desk import run

    password = _password(password_stdin)
    click.echo(_desk(lambda: run.create_account(username, password, None, _desk_home(home), db)))


@desk.command("createuser")
@click.argument("username")
@click.option("--unit", required=True, help="账号所属的被巡察单位(只能上传和查看本单位的报送)。")
@click.option("--password-stdin", is_flag=True, help="从标准输入读取密码(一行)。")
@_DESK_HOME
@_DESK_DB
def desk_createuser(username: str, unit: str, password_stdin: bool, home: Path | None, db: str | None) -> None:
    """创建被巡察单位账号(只能上传和查看本单位的报送)。"""
    from checker.desk import run

    password = _password(password_stdin)
    click.echo(_desk(lambda: run.create_account(username, password, unit, _desk_home(home), db)))


@desk.command("upload")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--user", "username", required=True, help="以哪个账号的名义报送。")
@click.option("--unit", default=None, help="归入的被巡察单位(默认按文件中载明的单位)。")
@_DESK_HOME
@_DESK_DB
def desk_upload(paths: tuple[Path, ...], username: str, unit: str | None, home: Path | None, db: str | None) -> None:
    """把文件或目录中的台账和通报报送到工作台(与网页上传相同)。"""
    from checker.desk import run

    click.echo(_desk(lambda: run.import_paths(paths, unit, username, _desk_home(home), db)))
