"""Errors in user input (files, rules, config). Each carries a Location; bugs stay plain exceptions."""

from __future__ import annotations

import errno
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from checker.location import Location


class LedgerlintError(Exception):
    """A mistake in user input: shown as `file:line:col: message`, exit code 2, never a traceback."""

    def __init__(self, message: str, location: Location | None = None, *, hint: str | None = None,
                 context: str | None = None, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.location = location
        self.hint = hint
        self.context = context  # the source line with a caret under the spot, when known
        self.code = code  # a stable code per kind of mistake (rule files: checker.dsl.diagnostics)

    def render(self) -> str:
        """Human-readable multi-line form."""
        head = f"{self.location.short()}: {self.message}" if self.location else self.message
        if self.code:
            head += f" [{self.code}]"
        parts = [head]
        if self.context:
            parts.append(self.context)
        if self.hint:
            parts.append(f"提示: {self.hint}")
        return "\n".join(parts)


class InputError(LedgerlintError):
    """A ledger or notice that cannot be read or does not fit the ledger schema."""


class RuleSyntaxError(LedgerlintError):
    """A rule file that does not parse."""


class RuleCompileError(LedgerlintError):
    """A rule file that parses but refers to unknown fields, mismatched types, unknown severities..."""


class _Several(LedgerlintError):
    """Several mistakes reported at once (`errors`, already in the order to show them); itself stands for the
    first of them, so code that shows one error still shows something true."""

    def __init__(self, errors: list[LedgerlintError]) -> None:
        first = errors[0]
        super().__init__(first.message, first.location, hint=first.hint, context=first.context, code=first.code)
        self.errors = tuple(errors)

    def render(self) -> str:
        """Every error in its multi-line form, then how many there are."""
        return "\n\n".join(e.render() for e in self.errors) + f"\n\n共 {len(self.errors)} 处错误"


class RuleErrors(_Several, RuleSyntaxError, RuleCompileError):
    """Several mistakes in rule files: files in the order they were read, each file's errors by line and
    column (syntax and name errors come from different passes over the file)."""

    def __init__(self, errors: list[LedgerlintError]) -> None:
        files = {e.location.source if e.location else "": n for n, e in reversed(list(enumerate(errors)))}
        super().__init__(sorted(errors, key=lambda e: (files[e.location.source if e.location else ""],
                                                       (e.location.line or 0) if e.location else 0,
                                                       (e.location.column or 0) if e.location else 0)))


class ConfigError(LedgerlintError):
    """A config file or option that cannot be used."""


class ConfigErrors(_Several, ConfigError):
    """Several mistakes in the settings: by line of the config file, those of the command line after them."""

    def __init__(self, errors: list[ConfigError]) -> None:
        super().__init__(sorted(errors, key=lambda e: (e.location is None or e.location.line is None,
                                                       (e.location.line or 0) if e.location else 0)))


def together(errors: Sequence[LedgerlintError], several: Callable[[list[Any]], _Several] = ConfigErrors
             ) -> LedgerlintError:
    """The one error, or all of them as `several` (ConfigErrors, RuleErrors); `errors` is not empty."""
    return errors[0] if len(errors) == 1 else several(list(errors))


def raise_all(errors: Sequence[LedgerlintError], several: Callable[[list[Any]], _Several] = ConfigErrors) -> None:
    """Raise the errors together (see `together`); nothing when there is none."""
    if errors:
        raise together(errors, several)


_OS_REASONS = {
    errno.ENOENT: "不存在", errno.EACCES: "没有权限", errno.EPERM: "没有权限", errno.ENOSPC: "磁盘空间不足",
    errno.EROFS: "只读文件系统", errno.EISDIR: "是一个目录", errno.ENOTDIR: "路径中有一段不是目录",
    errno.ELOOP: "符号链接形成循环", errno.ENAMETOOLONG: "路径过长", errno.EIO: "读写错误",
    errno.EFBIG: "文件过大", errno.EDQUOT: "超出磁盘配额", errno.EEXIST: "已存在", errno.EBUSY: "正被占用",
    errno.ETXTBSY: "正被占用", errno.EINVAL: "该位置不接受这样的文件名或操作", errno.ENXIO: "设备不存在",
    errno.ENODEV: "设备不支持该操作", errno.EXDEV: "不能跨文件系统", errno.EMFILE: "打开的文件过多",
    errno.ENFILE: "打开的文件过多", errno.ENOMEM: "内存不足", errno.EPIPE: "管道已关闭",
    errno.EOPNOTSUPP: "文件系统不支持该操作", errno.ETIMEDOUT: "操作超时", errno.EAGAIN: "资源暂时不可用",
}


def os_reason(exc: OSError) -> str:
    """A short Chinese reason for an operating-system error (never Python's repr of it)."""
    reason = _OS_REASONS.get(exc.errno or 0)
    if reason is not None:
        return reason
    return f"系统错误 {errno.errorcode.get(exc.errno, exc.errno)}" if exc.errno else "系统错误"


def write_reason(exc: OSError, path: Path) -> str:
    """Why `path` could not be written, in Chinese. A missing file is no reason to fail a write: ENOENT
    there means the folder does not let files be created in it (/proc, a vanished mount)."""
    if exc.errno == errno.ENOENT and path.parent.is_dir():
        return f"目录 {path.parent} 中不能创建文件(系统错误 ENOENT)"
    return os_reason(exc)
