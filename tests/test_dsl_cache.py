"""Parsed rule files are cached on disk as plain data; a damaged, foreign, swapped or planted entry is never
trusted and never runs code (policy: checker/dsl/cache.py)."""

from __future__ import annotations

import json
import os
import pickle
import shutil
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from checker.dsl import cache
from checker.dsl.parse import _builder_fingerprint, _parse_rule_file, parse_rule_file

TEXT = 'ruleset t "测试"\nrule r error "t"\n  for issue in issues\n  require issue.deadline is present\n  message "{issue.id}"\n'
OTHER = 'ruleset t "测试"\nrule r error "t"\n  for issue in issues\n  require issue.id is missing\n  message "被篡改"\n'
NOBODY = 65534


@pytest.fixture()
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.delenv("LEDGERLINT_NO_CACHE", raising=False)
    return tmp_path / "ledgerlint"


@pytest.fixture()
def request_cleanup() -> Iterator[list[Path]]:
    folders: list[Path] = []
    yield folders
    for folder in folders:
        shutil.rmtree(folder, ignore_errors=True)


def _entry(cache_home: Path) -> Path:
    return cache_home / cache.entry_name(TEXT, "t.rules", _builder_fingerprint())


class _Planted:
    """A pickle payload that would leave a marker file if it were ever unpickled."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.system, (f"touch {self.marker}",))


def test_second_parse_comes_from_the_cache_and_is_equal(cache_home: Path) -> None:
    first = parse_rule_file(TEXT, "t.rules")
    files = list(cache_home.glob("*.json"))
    assert len(files) == 1
    doc = json.loads(files[0].read_text(encoding="utf-8"))
    assert doc["format"] == "ledgerlint-ast" and doc["ast"]["_"] == "RuleFile"
    assert stat.S_IMODE(files[0].stat().st_mode) == 0o600
    assert cache.load(TEXT, "t.rules", _builder_fingerprint()) == first
    assert parse_rule_file(TEXT, "t.rules") == first


def test_damaged_cache_file_is_ignored_and_rebuilt(cache_home: Path) -> None:
    first = parse_rule_file(TEXT, "t.rules")
    _entry(cache_home).write_bytes(b"not json at all \xff")
    assert parse_rule_file(TEXT, "t.rules") == first
    assert json.loads(_entry(cache_home).read_text(encoding="utf-8"))["format"] == "ledgerlint-ast"


def test_truncated_entry_is_a_miss(cache_home: Path) -> None:
    first = parse_rule_file(TEXT, "t.rules")
    raw = _entry(cache_home).read_bytes()
    _entry(cache_home).write_bytes(raw[: len(raw) // 2])
    assert parse_rule_file(TEXT, "t.rules") == first


def test_a_pickle_in_the_cache_never_runs(cache_home: Path, tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    parse_rule_file(TEXT, "t.rules")
    _entry(cache_home).write_bytes(pickle.dumps(_Planted(marker)))
    result = parse_rule_file(TEXT, "t.rules")
    assert not marker.exists()
    assert result.rules[0].name == "r"


def test_an_entry_describing_other_rules_is_not_used(cache_home: Path) -> None:
    """An entry edited to drop or rename the text's rules is a miss, not a smaller rule set."""
    parse_rule_file(TEXT, "t.rules")
    doc = json.loads(_entry(cache_home).read_text(encoding="utf-8"))
    doc["ast"]["rules"] = []
    _entry(cache_home).write_text(json.dumps(doc), encoding="utf-8")
    assert len(parse_rule_file(TEXT, "t.rules").rules) == 1
    doc["ast"]["rules"] = [dict(json.loads(cache.encode(_parse_rule_file(TEXT, "t.rules"), _builder_fingerprint()))
                                ["ast"]["rules"][0], name="s")]
    _entry(cache_home).write_text(json.dumps(doc), encoding="utf-8")
    assert cache.load(TEXT, "t.rules", _builder_fingerprint()) is None


def test_unknown_node_types_and_fields_are_refused(cache_home: Path) -> None:
    parse_rule_file(TEXT, "t.rules")
    doc = json.loads(_entry(cache_home).read_text(encoding="utf-8"))
    check = doc["ast"]["rules"][0]["clauses"][0]["check"]
    check["_"] = "os.system"
    _entry(cache_home).write_text(json.dumps(doc), encoding="utf-8")
    assert cache.load(TEXT, "t.rules", _builder_fingerprint()) is None
    check["_"] = "Test"
    check["__class__"] = "x"
    _entry(cache_home).write_text(json.dumps(doc), encoding="utf-8")
    assert cache.load(TEXT, "t.rules", _builder_fingerprint()) is None


def test_world_writable_cache_folder_is_not_used(cache_home: Path) -> None:
    cache_home.mkdir(parents=True)
    cache_home.chmod(0o777)
    parse_rule_file(TEXT, "t.rules")
    assert list(cache_home.iterdir()) == []


def test_symlinked_cache_folder_is_not_used(cache_home: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir(mode=0o700)
    cache_home.symlink_to(elsewhere)
    parse_rule_file(TEXT, "t.rules")
    assert list(elsewhere.iterdir()) == []


def test_symlinked_entry_is_ignored(cache_home: Path, tmp_path: Path) -> None:
    parse_rule_file(TEXT, "t.rules")
    planted = tmp_path / "planted.json"
    planted.write_bytes(_entry(cache_home).read_bytes())
    _entry(cache_home).unlink()
    _entry(cache_home).symlink_to(planted)
    assert cache.load(TEXT, "t.rules", _builder_fingerprint()) is None
    parse_rule_file(TEXT, "t.rules")  # rebuilt: the link is replaced by a file of our own
    assert not _entry(cache_home).is_symlink()


def test_group_writable_entry_is_ignored(cache_home: Path) -> None:
    parse_rule_file(TEXT, "t.rules")
    _entry(cache_home).chmod(0o666)
    assert cache.load(TEXT, "t.rules", _builder_fingerprint()) is None


@pytest.mark.skipif(not hasattr(os, "getuid") or os.getuid() != 0, reason="needs root to give a file away")
def test_entry_owned_by_another_user_is_ignored(cache_home: Path) -> None:
    parse_rule_file(TEXT, "t.rules")
    os.chown(_entry(cache_home), NOBODY, NOBODY)
    assert cache.load(TEXT, "t.rules", _builder_fingerprint()) is None


def test_entry_swapped_between_folder_check_and_load_is_not_trusted(
        cache_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The race of the old cache: the folder passes its check, then the entry is swapped before it is read.
    Both swaps (a symlink to a planted pickle, a planted file) are caught on the open file itself."""
    marker = tmp_path / "ran"
    parse_rule_file(TEXT, "t.rules")
    planted = tmp_path / "planted"
    planted.write_bytes(pickle.dumps(_Planted(marker)))
    real_open_folder = cache._open_folder

    def swap_after_check(folder: Path, create: bool) -> int | None:
        fd = real_open_folder(folder, create)
        entry = _entry(cache_home)
        if not create and entry.exists():
            entry.unlink()
            entry.symlink_to(planted)
        return fd

    monkeypatch.setattr(cache, "_open_folder", swap_after_check)
    assert parse_rule_file(TEXT, "t.rules").rules[0].name == "r"
    assert not marker.exists()


@pytest.mark.skipif(not hasattr(os, "fork") or not hasattr(os, "getuid") or os.getuid() != 0,
                    reason="needs root to act as a second local user")
def test_cache_planted_by_another_local_user_in_a_shared_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                request_cleanup: list[Path]) -> None:
    """XDG_CACHE_HOME in a shared sticky folder: a second user creates the cache folder first and plants a
    pickle under every plausible name. Nothing of theirs is read or run and nothing of ours is written there."""
    shared = Path(tempfile.mkdtemp(prefix="ledgerlint-shared-"))  # reachable by the other user, unlike tmp_path
    shared.chmod(0o1777)
    request_cleanup.append(shared)
    marker = tmp_path / "ran"
    name = cache.entry_name(TEXT, "t.rules", _builder_fingerprint())
    payload = pickle.dumps(_Planted(marker))
    pid = os.fork()
    if pid == 0:  # the other user
        try:
            os.setgid(NOBODY)
            os.setuid(NOBODY)
            folder = shared / "ledgerlint"
            folder.mkdir(mode=0o755)
            (folder / name).write_bytes(payload)
            (folder / name.replace(".json", ".ast")).write_bytes(payload)
        finally:
            os._exit(0)
    os.waitpid(pid, 0)
    monkeypatch.setenv("XDG_CACHE_HOME", str(shared))
    monkeypatch.delenv("LEDGERLINT_NO_CACHE", raising=False)
    assert parse_rule_file(TEXT, "t.rules").rules[0].name == "r"
    assert not marker.exists()
    assert sorted(p.name for p in (shared / "ledgerlint").iterdir()) == sorted([name, name.replace(".json", ".ast")])


def test_writes_leave_no_temporary_files(cache_home: Path) -> None:
    for i in range(3):
        parse_rule_file(TEXT + f"# {i}\n", "t.rules")
    assert all(p.suffix == ".json" and not p.name.startswith(".") for p in cache_home.iterdir())


def test_no_cache_when_turned_off(cache_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LEDGERLINT_NO_CACHE", "1")
    parse_rule_file(TEXT, "t.rules")
    assert not cache_home.exists()


def _variant(n: int) -> str:
    """A different rule text per n: every edit of a rule file is a new entry."""
    return TEXT.replace('message "{issue.id}"', f'message "{{issue.id}} 第{n}版"')


def _age(path: Path, seconds: float) -> None:
    then = path.stat().st_mtime - seconds
    os.utime(path, (then, then))


def test_the_cache_keeps_the_most_recently_used_entries(cache_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cache, "MAX_ENTRIES", 3)
    fingerprint = _builder_fingerprint()
    names = []
    for n in range(3):
        parse_rule_file(_variant(n), "t.rules")
        names.append(cache.entry_name(_variant(n), "t.rules", fingerprint))
        _age(cache_home / names[-1], 10_000 - n)  # version 0 is the oldest
    # Version 0 is used again (a hit marks it), so version 1 is now the least recently used.
    assert cache.load(_variant(0), "t.rules", fingerprint) is not None
    parse_rule_file(_variant(3), "t.rules")  # a fourth entry: one must go
    left = sorted(p.name for p in cache_home.glob("*.json"))
    assert left == sorted([names[0], names[2], cache.entry_name(_variant(3), "t.rules", fingerprint)])


def test_pruning_removes_only_files_the_cache_wrote(cache_home: Path, monkeypatch: pytest.MonkeyPatch,
                                                    tmp_path: Path) -> None:
    monkeypatch.setattr(cache, "MAX_ENTRIES", 1)
    parse_rule_file(TEXT, "t.rules")
    entry = _entry(cache_home)
    stale_tmp = cache_home / f".{entry.name}.123.{'a' * 12}.tmp"
    fresh_tmp = cache_home / f".{entry.name}.124.{'b' * 12}.tmp"
    for tmp in (stale_tmp, fresh_tmp):
        tmp.write_bytes(b"{}")
    _age(stale_tmp, 7200)
    notes = cache_home / "notes.json"  # not an entry's name
    notes.write_text("{}", encoding="utf-8")
    outside = tmp_path / "outside.json"
    outside.write_text("{}", encoding="utf-8")
    link = cache_home / ("0" * 32 + ".json")  # an entry's name, but a link: never followed, never removed
    link.symlink_to(outside)
    _age(entry, 5000)
    parse_rule_file(OTHER, "t.rules")  # a second entry, over the cap of one: the older goes
    assert not entry.exists() and not stale_tmp.exists()
    assert fresh_tmp.exists() and notes.exists() and link.is_symlink() and outside.exists()
    assert (cache_home / cache.entry_name(OTHER, "t.rules", _builder_fingerprint())).exists()


def test_cache_info_and_clear_commands(cache_home: Path) -> None:
    from click.testing import CliRunner

    from checker.cli import main

    parse_rule_file(TEXT, "t.rules")
    parse_rule_file(OTHER, "t.rules")
    runner = CliRunner()
    info = runner.invoke(main, ["cache", "info"])
    assert info.exit_code == 0 and f"缓存目录: {cache_home}" in info.output and "条目: 2 个" in info.output
    cleared = runner.invoke(main, ["cache", "clear"])
    assert cleared.exit_code == 0 and "已删除 2 个缓存文件" in cleared.output
    assert list(cache_home.glob("*.json")) == []
    assert parse_rule_file(TEXT, "t.rules") is not None  # and the cache fills again


def test_cache_commands_say_when_caching_is_off(monkeypatch: pytest.MonkeyPatch) -> None:
    from click.testing import CliRunner

    from checker.cli import main

    monkeypatch.setenv("LEDGERLINT_NO_CACHE", "1")
    for command in ("info", "clear"):
        result = CliRunner().invoke(main, ["cache", command])
        assert result.exit_code == 0 and "缓存已关闭" in result.output
