"""The command line's own words in Chinese: usage errors (exit code 2, as click gives them), usage lines and
help pages. click writes these in English; the commands of `checker.cli` are built on the classes here.

Usage errors keep click's exception and exit code and are only shown differently: `用法: …`, a pointer to
`--help`, and `错误: …` with click's English messages for common cases (a value not among the choices, a path
that does not exist, a number out of range, a missing value) put into Chinese.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import IO, Any

import click

# click's English phrases of usage lines and help pages, with what is shown instead.
_HELP_WORDS = (
    ("Usage:", "用法:"),
    ("[OPTIONS]", "[选项]"),
    ("COMMAND [ARGS]...", "命令 [参数]..."),
    ("Options:", "选项:"),
    ("Commands:", "命令:"),
    ("Show this message and exit.", "显示此帮助并退出。"),
    ("Show the version and exit.", "显示版本并退出。"),
    ("[default: ", "[默认: "),
    ("[required]", "[必需]"),
    ("[env var: ", "[环境变量: "),
)

# click's English messages (click.exceptions, click.types, the parser) → Chinese; the first match wins.
_MESSAGES: tuple[tuple[re.Pattern[str], str], ...] = tuple((re.compile(p), r) for p, r in (
    (r"^'?(.*?)'? is not one of (.+)\.$", r"「\1」不是可选的值(可选: \2)"),
    (r"^'?(.*?)'? is not ('[^']*')\.$", r"「\1」不是可选的值(可选: \2)"),
    (r"^'?(.*?)'? is not in the range (.+)\.$", r"「\1」不在范围 \2 内"),
    (r"^(?:File|Directory|Path) '(.*)' does not exist\.$", r"路径「\1」不存在"),
    (r"^(?:File|Path) '(.*)' is a directory\.$", r"「\1」是目录,应为文件"),
    (r"^(?:Directory|Path) '(.*)' is a file\.$", r"「\1」是文件,应为目录"),
    (r"^(?:File|Directory|Path) '(.*)' is not readable\.$", r"「\1」不可读"),
    (r"^(?:File|Directory|Path) '(.*)' is not writable\.$", r"「\1」不可写"),
    (r"^'?(.*?)'? is not a valid integer( range)?\.$", r"「\1」不是整数"),
    (r"^'?(.*?)'? is not a valid float( range)?\.$", r"「\1」不是数字"),
    (r"^'?(.*?)'? is not a valid boolean\.$", r"「\1」不是布尔值(可写 true/false)"),
    (r"^Option '(.*)' requires an argument\.$", r"选项 \1 需要一个值"),
    (r"^Option '(.*)' requires (\d+) arguments\.$", r"选项 \1 需要 \2 个值"),
    (r"^Option '(.*)' does not take a value\.$", r"选项 \1 不接受值"),
    (r"^Got unexpected extra arguments? \((.*)\)$", r"多余的参数: \1"),
    (r"^No such command '(.*)'\. Did you mean '(.*)'\?$", r"没有命令「\1」;是不是「\2」?"),
    (r"^No such command '(.*)'\.$", r"没有命令「\1」"),
    (r"^Missing command\.$", "缺少子命令"),
    (r"^Argument '(.*)' takes (\d+) values\.$", r"参数 \1 需要 \2 个值"),
))


def chinese_help(text: str) -> str:
    """A usage line or help page with click's English words replaced."""
    for english, chinese in _HELP_WORDS:
        text = text.replace(english, chinese)
    return text


def chinese_message(message: str) -> str:
    """One of click's English error messages in Chinese; other text (ours, already Chinese) unchanged."""
    for pattern, replacement in _MESSAGES:
        if pattern.match(message):
            return pattern.sub(replacement, message)
    return message


def describe_error(error: click.ClickException) -> str:
    """The `错误: …` line of a click exception."""
    if isinstance(error, click.MissingParameter):
        param = error.param
        if isinstance(param, click.Argument):
            return f"缺少参数 {param.make_metavar(error.ctx) if error.ctx else param.human_readable_name}"
        hint = param.get_error_hint(error.ctx) if param is not None and error.ctx else (error.param_hint or "")
        return f"缺少选项 {hint}".rstrip()
    if isinstance(error, click.BadParameter):
        param = error.param
        hint = (param.get_error_hint(error.ctx) if param is not None and error.ctx is not None
                else _hint_text(error.param_hint))
        # An argument (RULE_ID, PATH) is 参数; only what is written with a dash is an option.
        what = "参数" if isinstance(param, click.Argument) or (param is None and not hint.startswith("-")) else "选项"
        return f"{what} {hint} 的值无效: {chinese_message(error.message)}" if hint else chinese_message(error.message)
    if isinstance(error, click.NoSuchOption):
        close = f";是不是 {' / '.join(error.possibilities)}?" if error.possibilities else ""
        return f"没有选项 {error.option_name}{close}"
    if isinstance(error, click.FileError):
        return f"无法打开文件 {error.ui_filename}: {chinese_message(error.message)}"
    return chinese_message(error.format_message())


def _hint_text(hint: str | Sequence[str] | None) -> str:
    if hint is None:
        return ""
    return hint if isinstance(hint, str) else " / ".join(hint)


class ChineseUsageError(click.ClickException):
    """A click exception shown in Chinese: same exit code (2 for usage errors)."""

    def __init__(self, error: click.ClickException) -> None:
        super().__init__(describe_error(error))
        self.error = error
        # The wrapped error's exit code, on this instance (click 8.5 declares `exit_code` a class variable).
        object.__setattr__(self, "exit_code", error.exit_code)

    def show(self, file: IO[Any] | None = None) -> None:
        """`用法: …` and the `--help` pointer when the error is about usage, then `错误: …`, on stderr."""
        ctx = getattr(self.error, "ctx", None)
        no_args = getattr(click.exceptions, "NoArgsIsHelpError", None)  # click ≥ 8.2: a group run bare
        if no_args is not None and isinstance(self.error, no_args) and ctx is not None:
            click.echo(ctx.get_help(), file=file, err=file is None)
            return
        lines = []
        if isinstance(self.error, click.UsageError) and ctx is not None:
            lines.append(chinese_help(ctx.get_usage()))
            if ctx.command.get_help_option(ctx) is not None:
                option = ctx.help_option_names[-1] if ctx.help_option_names else "--help"
                lines.append(f"运行「{ctx.command_path} {option}」查看帮助。")
            lines.append("")
        lines.append(f"错误: {self.message}")
        click.echo("\n".join(lines), file=file, err=file is None)


class Aborted(click.ClickException):
    """Ctrl-C, or the end of input at a prompt: `已中止`, exit code 1 (click says `Aborted!`)."""

    exit_code = 1

    def __init__(self) -> None:
        super().__init__("已中止")

    def show(self, file: IO[Any] | None = None) -> None:
        """`已中止` on stderr, on a line of its own."""
        click.echo("\n已中止", file=file, err=file is None)


class ChineseCommand(click.Command):
    """A command whose usage line and help page are in Chinese."""

    def get_usage(self, ctx: click.Context) -> str:
        """click's usage line, in Chinese."""
        return chinese_help(super().get_usage(ctx))

    def get_help(self, ctx: click.Context) -> str:
        """click's help page, in Chinese."""
        return chinese_help(super().get_help(ctx))


class ChineseGroup(click.Group):
    """A command group whose usage, help and usage errors are in Chinese; its commands and sub-groups too."""

    command_class = ChineseCommand
    group_class = type  # sub-groups are ChineseGroup as well

    def get_usage(self, ctx: click.Context) -> str:
        """click's usage line, in Chinese."""
        return chinese_help(super().get_usage(ctx))

    def get_help(self, ctx: click.Context) -> str:
        """click's help page, in Chinese."""
        return chinese_help(super().get_help(ctx))

    def make_context(self, info_name: str | None, args: list[str], parent: click.Context | None = None,
                     **extra: Any) -> click.Context:  # noqa: ANN401 - click's own signature
        """click's, with usage errors (bad flags of the group itself) shown in Chinese."""
        try:
            return super().make_context(info_name, args, parent, **extra)
        except ChineseUsageError:
            raise
        except click.ClickException as error:
            raise ChineseUsageError(error) from error

    def invoke(self, ctx: click.Context) -> Any:  # noqa: ANN401 - whatever the command returns
        """click's, with usage errors of the sub-command (parsing its flags and values) shown in Chinese."""
        try:
            return super().invoke(ctx)
        except (ChineseUsageError, Aborted):
            raise
        except click.ClickException as error:
            raise ChineseUsageError(error) from error
        except (click.Abort, KeyboardInterrupt, EOFError):
            raise Aborted() from None
