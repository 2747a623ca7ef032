"""A running desk for the tests: `ledgerlint serve` in a subprocess on a free port, with its own home folder
and either SQLite or a fresh PostgreSQL database (LEDGERLINT_TEST_POSTGRES; skipped locally when unset)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
POSTGRES_ENV = "LEDGERLINT_TEST_POSTGRES"
PASSWORD = "整改-secret-2024"


@dataclass(frozen=True)
class Desk:
    """A desk under test: its address and how to reach its data."""

    url: str
    home: Path
    db: str | None

    def command(self, *args: str, password: str | None = None) -> subprocess.CompletedProcess[str]:
        """Run `ledgerlint ARGS --home … [--db …]` against this desk's data."""
        extra = ["--home", str(self.home)] + (["--db", self.db] if self.db else [])
        return subprocess.run([sys.executable, "-m", "checker", *args, *extra], input=(password or "") + "\n",
                              capture_output=True, text=True, encoding="utf-8", cwd=ROOT, timeout=120)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _postgres_database() -> Iterator[str]:
    """A fresh database on the server of LEDGERLINT_TEST_POSTGRES, dropped afterwards."""
    base = os.environ.get(POSTGRES_ENV)
    if not base:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{POSTGRES_ENV} is not set; .ci/run starts PostgreSQL and sets it")
        pytest.skip(f"{POSTGRES_ENV} not set: the PostgreSQL run of the desk tests is left to CI")
    import psycopg
    from psycopg.conninfo import conninfo_to_dict, make_conninfo

    params = conninfo_to_dict(base)
    name = "ledgerlint_test_" + uuid.uuid4().hex[:10]
    admin = make_conninfo(**{**params, "dbname": "postgres"})
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    user, password = params.get("user", ""), params.get("password", "")
    auth = f"{user}:{password}@" if user else ""
    yield f"postgresql://{auth}{params.get('host', '127.0.0.1')}:{params.get('port', 5432)}/{name}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def start_desk(tmp: Path, db: str | None) -> Iterator[Desk]:
    """Start `ledgerlint serve` and wait until it answers; stop it afterwards."""
    port = _free_port()
    desk = Desk(f"http://127.0.0.1:{port}", tmp / "desk-home", db)
    log = (tmp / "serve.log").open("w")
    extra = ["--db", db] if db else []
    process = subprocess.Popen([sys.executable, "-m", "checker", "serve", "--port", str(port), "--home",
                                str(desk.home), *extra], cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(desk.url + "/login/", timeout=2).read()
                break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                if process.poll() is not None or time.monotonic() > deadline:
                    log.close()
                    raise RuntimeError("desk did not start: " + (tmp / "serve.log").read_text()) from None
                time.sleep(0.2)
        yield desk
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def desk(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Desk]:
    """A running desk with a supervisor (boss) and a unit account per test unit, on each database."""
    tmp = tmp_path_factory.mktemp(f"desk-{request.param}")
    databases = _postgres_database() if request.param == "postgresql" else iter([None])
    db = next(databases)
    try:
        served = start_desk(tmp, db)
        running = next(served)
        assert running.command("desk", "createsupervisor", "boss", "--password-stdin",
                               password=PASSWORD).returncode == 0
        for user, unit in (("pds", "中共平顶山市司法局党委"), ("fc", "樊城区司法局党组")):
            made = running.command("desk", "createuser", user, "--unit", unit, "--password-stdin", password=PASSWORD)
            assert made.returncode == 0, made.stderr
        yield running
        next(served, None)
    finally:
        next(databases, None)
