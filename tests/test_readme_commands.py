"""Every `ledgerlint` command line in the README's code blocks runs as written: in a folder holding the files
the examples name, none ends in a traceback or a usage error."""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from checker.cli import main

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
SAMPLES = ROOT / "samples"

LOCAL_RULES = '''ruleset local "本地规则"

rule title-short info "问题标题过短"
  doc """标题不足八个字,多半没有说清问题。"""
  for issue in issues
  forbid len(issue.title) < 8
  at issue.title
  message "问题 {issue.id} 的标题「{issue.title}」过短"
'''

TITLE_CASES = """rule: local/title-short
cases:
  - name: 标题只有两个字
    ledger: |
      ledger_version: 1
      issues:
        - id: "1"
          title: 普法
    expect:
      - {item: "1", line: 4, column: 12}
  - name: 标题说清了问题
    ledger: |
      ledger_version: 1
      issues:
        - id: "1"
          title: 推进“一心四区”建设不够积极主动
    expect: []
"""


def readme_commands() -> list[str]:
    """The command lines that run ledgerlint, from sh/yaml code blocks (comments and `pip install … &&`
    prefixes dropped; a `run:` step of a workflow counts)."""
    text = README.read_text(encoding="utf-8")
    commands: list[str] = []
    for block in re.findall(r"```(?:sh|yaml)\n(.*?)```", text, re.S):
        for line in block.splitlines():
            line = re.sub(r"^\s*(-\s*)?run:\s*", "", line)
            for part in line.split("&&"):
                part = part.strip()
                if "ledgerlint" not in part or part.startswith(("pip ", "- id:", "- repo", "name:", "rev:")):
                    continue
                if not re.match(r"(cat \S+ \| )?ledgerlint\b|eval |_LEDGERLINT_COMPLETE", part):
                    continue
                commands.append(part)
    return commands


def _without_comment(command: str) -> list[str]:
    lexer = shlex.shlex(command, posix=True, punctuation_chars="|")
    lexer.whitespace_split = True
    lexer.commenters = "#"
    return list(lexer)


def _workspace(folder: Path) -> None:
    """The files the README's examples name."""
    shutil.copytree(SAMPLES, folder / "samples")
    shutil.copytree(SAMPLES / "ledgers", folder / "台账")
    shutil.copytree(SAMPLES / "notices", folder / "通报")
    notice = SAMPLES / "notices" / "fancheng-2023-notice.txt"
    shutil.copy(notice, folder / "notice.txt")
    shutil.copy(notice, folder / "通报.txt")
    shutil.copy(SAMPLES / "ledgers" / "pingdingshan-2024.xlsx", folder / "ledger.xlsx")
    shutil.copy(SAMPLES / "clean" / "fancheng-2023.yaml", folder / "ledger.yaml")
    (folder / "my.rules").write_text(LOCAL_RULES, encoding="utf-8")
    (folder / "my-rules" / "tests").mkdir(parents=True)  # a rule folder with its cases in tests/
    (folder / "my-rules" / "local.rules").write_text(LOCAL_RULES, encoding="utf-8")
    (folder / "my-rules" / "tests" / "local.title-short.yaml").write_text(TITLE_CASES, encoding="utf-8")
    document = docx.Document()
    for line in notice.read_text(encoding="utf-8").splitlines():
        document.add_paragraph(line)
    document.save(str(folder / "通报.docx"))


def test_the_readme_has_the_commands_it_should() -> None:
    commands = readme_commands()
    assert len(commands) >= 20
    assert any("--rules my.rules --param consistency.rounding=0.5" in c for c in commands)
    assert any(c.startswith("cat ") for c in commands) and any("_COMPLETE" in c for c in commands)


def test_each_readme_command_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _workspace(tmp_path)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("LEDGERLINT_DESK_HOME", str(tmp_path / "desk-home"))  # the desk's files stay here
    failures: list[str] = []
    for command in readme_commands():
        if "_LEDGERLINT_COMPLETE" in command:
            shell = re.search(r"=(\w+)_source", command).group(1)  # type: ignore[union-attr]
            result = CliRunner().invoke(main, [], prog_name="ledgerlint",
                                        env={"_LEDGERLINT_COMPLETE": f"{shell}_source"})
            if result.exit_code != 0 or "ledgerlint" not in result.output:
                failures.append(f"{command}: exit {result.exit_code}: {result.output[:200]}")
            continue
        words = _without_comment(command)
        stdin = None
        if words[0] == "cat":
            stdin, words = Path(words[1]).read_bytes(), words[3:]
        assert words[0] == "ledgerlint", command
        if words[1:2] == ["serve"]:
            words = [*words, "--help"]  # a server runs until stopped: its options are what can be checked here
        result = CliRunner().invoke(main, words[1:], input=stdin, prog_name="ledgerlint")
        error = result.exception if not isinstance(result.exception, SystemExit) else None
        usage = result.exit_code == 2 and ("用法:" in result.output or "错误:" in result.output)
        # `rules test` of the cases written here must pass; a lint may find things (exit 1)
        allowed = (0,) if words[1:3] == ["rules", "test"] else (0, 1)
        if error is not None or usage or result.exit_code not in allowed:
            failures.append(f"{command}: exit {result.exit_code} {error!r}: {result.output[-400:]}")
    assert failures == []
