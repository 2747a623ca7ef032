"""Start-up: each command imports only what it needs (import-based, no timing)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from checker.cli import FORMAT_NAMES
from checker.report import FORMATS

REPO = Path(__file__).resolve().parent.parent

# Runs the CLI in a fresh interpreter and prints the modules it imported (as JSON on the last line).
PROBE = """
import contextlib, io, json, sys
from checker.cli import main
out = io.StringIO()
with contextlib.redirect_stdout(out):
    try:
        main(sys.argv[1:], prog_name="ledgerlint")
    except SystemExit as exc:
        code = exc.code
print(json.dumps({"code": code, "out": out.getvalue(), "modules": sorted(sys.modules)}))
"""

HEAVY = ("pydantic", "pydantic_core", "lark", "checker.dsl.compile", "checker.dsl.check", "checker.model",
         "checker.api", "concurrent.futures", "multiprocessing")


def _run(*args: str, env: dict[str, str] | None = None) -> dict:
    proc = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True, cwd=REPO,
                          check=True, env=env)
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _imported(modules: list[str], name: str) -> bool:
    return any(m == name or m.startswith(name + ".") for m in modules)


def test_version_imports_neither_pydantic_nor_lark() -> None:
    probe = _run("--version")
    assert probe["code"] == 0 and "0." in probe["out"]
    assert [name for name in HEAVY if _imported(probe["modules"], name)] == []


def test_rules_list_imports_no_compiler_and_no_pydantic() -> None:
    probe = _run("rules", "list")
    assert probe["code"] == 0
    assert "consistency/parts-sum" in probe["out"] and "completeness/owner-missing" in probe["out"]
    heavy = [n for n in HEAVY if n != "lark" and _imported(probe["modules"], n)]
    assert heavy == []


def test_rules_list_matches_the_compiled_rule_set() -> None:
    from checker.dsl.ruleset import load_ruleset, rule_infos
    from checker.resources import builtin_rules_dir

    listed = rule_infos([builtin_rules_dir()])
    compiled = load_ruleset([builtin_rules_dir()])
    assert listed == [r.info for r in compiled.rules]


def test_format_names_match_the_reporters() -> None:
    assert sorted(FORMAT_NAMES) == sorted(FORMATS)


def test_rules_list_of_a_broken_file_fails(tmp_path: Path) -> None:
    rules = tmp_path / "bad.rules"
    rules.write_text('ruleset x "t"\n\nrule a fatal "标题"\n  doc """d"""\n  for issue in issues\n'
                     '  require issue.id is present\n  message "m"\n', encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "checker", "rules", "list", "--rules", str(rules)],
                          capture_output=True, text=True, cwd=REPO)
    assert proc.returncode == 2
    assert "bad.rules:3:8" in proc.stderr and "fatal" in proc.stderr and proc.stdout == ""


def test_lint_of_a_small_json_ledger_imports_no_pydantic_and_no_config_reader(tmp_path: Path) -> None:
    ledger = tmp_path / "台账.json"
    ledger.write_text(json.dumps({"issues": [{"id": "1", "title": "理论学习不够深入", "status": "completed"}]},
                                 ensure_ascii=False), encoding="utf-8")
    report = tmp_path / "report.json"
    probe = _run("lint", str(ledger), "--format", "json", "-o", str(report), "--isolated")
    assert json.loads(report.read_text(encoding="utf-8"))["files"][0]["items"] == 1
    # checker.quick_record reads it and the rules are checked against the shipped schema (checker.record).
    pydantic = ("pydantic", "pydantic_core", "annotated_types", "checker.model", "asyncio")
    assert [name for name in pydantic if _imported(probe["modules"], name)] == []
    # TOML is parsed only when there is a config file; git is asked only about the files of a folder.
    assert [name for name in ("tomllib", "tomli", "subprocess") if _imported(probe["modules"], name)] == []


def test_an_invalid_ledger_is_still_explained_by_pydantic(tmp_path: Path) -> None:
    ledger = tmp_path / "台账.json"
    ledger.write_text(json.dumps({"issues": [{"id": "1", "titel": "理论学习不够深入"}]}, ensure_ascii=False),
                      encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "checker", "lint", str(ledger), "--isolated"],
                          capture_output=True, text=True, cwd=REPO)
    assert proc.returncode == 2 and "titel" in proc.stdout + proc.stderr and "title" in proc.stdout + proc.stderr


def test_the_shipped_schema_describes_the_models_to_the_quick_reader_and_the_rule_checker() -> None:
    from checker.dsl.types import from_json_schema, from_model
    from checker.model import Ledger, _top_level_defaults
    from checker.quick_record import _shipped_defaults
    from checker.record import ledger_schema

    assert from_json_schema(ledger_schema()) == from_model(Ledger)
    assert _shipped_defaults() == _top_level_defaults()
    kind = _shipped_defaults()["document"]["kind"]  # type: ignore[index]
    assert kind is _top_level_defaults()["document"]["kind"]  # the enum member, not its text


def test_lint_of_a_json_ledger_imports_neither_yaml_nor_pathspec(tmp_path: Path) -> None:
    ledger = tmp_path / "台账.json"
    ledger.write_text(json.dumps({
        "ledger_version": 1, "unit": "某区司法局党组",
        "inspection": {"body": "区委第一巡察组", "feedback": "2023-03-16"}, "report_date": "2023-07-15",
        "issues": [{"id": "1", "title": "理论学习不够深入", "owner": {"leader": "张某"}, "deadline": "2023-06-30",
                    "status": "completed", "measures": [{"text": "共排查风险点12个,其中已整改10个、正在整改2个"}],
                    "evidence": ["会议纪要"]}]}, ensure_ascii=False), encoding="utf-8")
    report = tmp_path / "report.json"
    probe = _run("lint", str(ledger), "--format", "json", "-o", str(report), "--isolated")
    assert json.loads(report.read_text(encoding="utf-8"))["files"][0]["items"] == 1
    # YAML is read only for YAML files, pathspec only for excludes and waivers.
    assert [name for name in ("yaml", "pathspec") if _imported(probe["modules"], name)] == []


def test_a_lint_with_its_rules_in_the_parse_cache_does_not_import_lark(tmp_path: Path) -> None:
    ledger = tmp_path / "台账.json"
    ledger.write_text(json.dumps({"issues": [{"id": "1", "title": "理论学习不够深入"}]}, ensure_ascii=False),
                      encoding="utf-8")
    report = tmp_path / "report.json"
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    env.pop("LEDGERLINT_NO_CACHE", None)
    args = ("lint", str(ledger), "--format", "json", "-o", str(report), "--isolated")
    first = _run(*args, env=env)  # parses the built-in rules and caches them
    second = _run(*args, env=env)
    assert _imported(first["modules"], "lark") and not _imported(second["modules"], "lark")
    assert json.loads(report.read_text(encoding="utf-8"))["files"][0]["items"] == 1
