"""Parsed rule files are cached on disk; a damaged or foreign cache is never trusted."""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.dsl.parse import parse_rule_file

TEXT = 'ruleset t "测试"\nrule r error "t"\n  for issue in issues\n  require issue.deadline is present\n  message "{issue.id}"\n'


@pytest.fixture()
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.delenv("LEDGERLINT_NO_CACHE", raising=False)
    return tmp_path / "ledgerlint"


def test_second_parse_comes_from_the_cache_and_is_equal(cache_home: Path) -> None:
    first = parse_rule_file(TEXT, "t.rules")
    files = list(cache_home.glob("*.ast"))
    assert len(files) == 1
    assert parse_rule_file(TEXT, "t.rules") == first


def test_damaged_cache_file_is_ignored(cache_home: Path) -> None:
    first = parse_rule_file(TEXT, "t.rules")
    for path in cache_home.glob("*.ast"):
        path.write_bytes(b"not a pickle")
    assert parse_rule_file(TEXT, "t.rules") == first


def test_world_writable_cache_folder_is_not_used(cache_home: Path) -> None:
    cache_home.mkdir(parents=True)
    cache_home.chmod(0o777)
    parse_rule_file(TEXT, "t.rules")
    assert list(cache_home.glob("*.ast")) == []
