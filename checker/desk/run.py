"""What `ledgerlint serve` and `ledgerlint desk …` do, without the command line (checker/cli.py holds the
flags): set Django up with its database schema current, serve the desk, create accounts."""

from __future__ import annotations

import sys
from pathlib import Path

from checker.desk.settings import MAX_UPLOAD_BYTES

EXTRA_MISSING = "工作台需要额外的依赖,请先运行: pip install 'ledgerlint[desk]'"


class DeskError(Exception):
    """A desk command that cannot go on; the message is Chinese and says what to do."""


def require_extra() -> None:
    """Raise DeskError when the desk's dependencies (the `desk` extra) are not installed: said before a
    command asks for anything, such as a password."""
    from importlib.util import find_spec

    if any(find_spec(name) is None for name in ("django", "dj_database_url")):
        raise DeskError(EXTRA_MISSING)


def setup(home: Path, db: str | None, rules: tuple[Path, ...] = ()) -> None:
    """Configure Django and bring the database schema up to date (migrations are idempotent)."""
    try:
        from checker.desk.settings import configure

        configure(home, db, rules)
        from django.core.management import call_command

        call_command("migrate", interactive=False, verbosity=0)
    except ImportError:
        raise DeskError(EXTRA_MISSING) from None
    except Exception as exc:  # noqa: BLE001 - a database that cannot be reached: say so, no traceback
        raise DeskError(f"无法打开数据库: {exc}") from None


def serve(host: str, port: int, home: Path, db: str | None, rules: tuple[Path, ...], threads: int) -> None:
    """Migrate, compile the rules, and serve the desk until interrupted."""
    setup(home, db, rules)
    from checker.desk import intake

    try:
        intake.ruleset()  # a rule file that cannot be used stops the start, not the first upload
    except Exception as exc:  # noqa: BLE001
        raise DeskError(f"规则无法使用: {exc}") from None
    from django.contrib.auth import get_user_model
    from waitress import serve as waitress_serve

    from checker.desk.wsgi import application

    if not get_user_model().objects.exists():
        sys.stderr.write("还没有账号: 请先运行 ledgerlint desk createsupervisor 用户名\n")
    sys.stderr.write(f"整改检查工作台: http://{host}:{port}/ (数据目录 {home};按 Ctrl+C 停止)\n")
    sys.stderr.flush()
    # the multipart framing around the files gets a megabyte on top of the upload limit
    waitress_serve(application, host=host, port=port, threads=threads, ident="ledgerlint",
                   max_request_body_size=MAX_UPLOAD_BYTES + (1 << 20), _quiet=True)


def create_account(username: str, password: str, unit: str | None, home: Path, db: str | None) -> str:
    """Create a supervisor (`unit` None) or a unit account; the password is hashed by Django. Returns what
    was created, in Chinese."""
    if len(password) < 8:
        raise DeskError("密码至少 8 个字符")
    setup(home, db)
    from django.contrib.auth import get_user_model
    from django.db import transaction

    from checker.desk.intake import unit_named
    from checker.desk.models import SUPERVISOR, UNIT, Account

    users = get_user_model()
    if users.objects.filter(username=username).exists():
        raise DeskError(f"账号「{username}」已存在")
    with transaction.atomic():
        user = users.objects.create_user(username=username, password=password)
        if unit is None:
            Account.objects.create(user=user, role=SUPERVISOR)
        else:
            owned = unit_named(" ".join(unit.split()))
            Account.objects.create(user=user, role=UNIT, unit=owned)
    return f"已创建巡察办账号: {username}" if unit is None else f"已创建「{unit}」的单位账号: {username}"


def import_paths(paths: tuple[Path, ...], unit: str | None, username: str, home: Path, db: str | None) -> str:
    """Lint and store the documents below `paths` (files or folders) as one upload by account `username`,
    like an upload through the web page; returns a Chinese summary."""
    from checker.api import discover
    from checker.desk.settings import MAX_FILE_BYTES
    from checker.desk.store import Incoming, RejectedUpload, read_bounded

    setup(home, db)
    from django.contrib.auth import get_user_model

    from checker.desk import intake

    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise DeskError(f"账号「{username}」不存在")
    documents = []
    for path, _shown in discover(paths):
        try:
            with path.open("rb") as stream:
                documents.append(Incoming(path.name, read_bounded(stream, MAX_FILE_BYTES, str(path))))
        except (OSError, RejectedUpload) as exc:
            raise DeskError(f"无法读取「{path}」: {exc}") from None
    if not documents:
        raise DeskError("没有找到可检查的文件")
    rules = intake.ruleset()
    saved = intake.save([intake.lint_one(d, rules) for d in documents], user, unit)
    units = sorted({str(s.unit.name) for s in saved})
    return f"已报送 {len(saved)} 个文件,涉及 {len(units)} 个单位: {'、'.join(units)}"
