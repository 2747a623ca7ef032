"""No way from a rule file to Python objects, the environment or files that are not rule files."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.cli import main
from checker.dsl.compile import format_value, object_field
from checker.dsl.ruleset import load_ruleset
from checker.errors import LedgerlintError, RuleCompileError, RuleSyntaxError
from checker.model import LedgerClaim

ROOT = Path(__file__).resolve().parent.parent
LEDGER = ROOT / "samples" / "ledgers" / "fancheng-2023.json"
SECRET = "s3cr3t-token-value-9f1c"
HEADER = 'ruleset t "测试"\n'

# The attack from the report: an element of unknown type, then a walk from a method to os.environ.
ENV_WALK = HEADER + (
    'rule leak error "t"\n'
    '  for g in [claims, []], c in g\n'
    '  require false\n'
    '  message "{c.__class__.__init__.__globals__}"\n')


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.output


def _write(tmp_path: Path, text: str, name: str = "t.rules") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github"])
def test_environment_walk_is_refused_and_nothing_leaks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                      fmt: str) -> None:
    monkeypatch.setenv("LEDGERLINT_TEST_SECRET", SECRET)
    rules = _write(tmp_path, ENV_WALK)
    code, out = run("lint", str(LEDGER), "--rules", str(rules), "--format", fmt)
    assert code == 2
    assert SECRET not in out and "__globals__" not in out.split("t.rules", 1)[0]
    assert "t.rules:3:" in out


def test_rules_check_refuses_the_environment_walk(tmp_path: Path) -> None:
    code, out = run("rules", "check", str(_write(tmp_path, ENV_WALK)))
    assert code == 2
    assert "类型应一致" in out


@pytest.mark.parametrize("body, word", [
    ('  for g in [claims, []], c in g\n  require c.total > 0\n  message "m"\n', "类型应一致"),
    ('  for c in [][0]\n  require c.total > 0\n  message "m"\n', "无法确定"),
    ('  for x in []\n  require x.title is present\n  message "m"\n', "无法确定"),
    ('  for issue in issues\n  require issue.__class__ is present\n  message "m"\n', "下划线"),
    ('  for _x in issues\n  require _x.title is present\n  message "m"\n', "下划线"),
    ('  require count(_c in claims where true) > 0\n  message "m"\n', "下划线"),
    ('  for issue in issues\n  require issue.title is present\n  message "{issue.owner}"\n', "消息中只能插入"),
    ('  for issue in issues\n  require issue.title is present\n  message "{issue}"\n', "消息中只能插入"),
    ('  for c in claims\n  require c.total > 0\n  message "{claims}"\n', "消息中只能插入"),
])
def test_untypable_fields_underscores_and_objects_in_messages_are_refused(tmp_path: Path, body: str,
                                                                          word: str) -> None:
    path = _write(tmp_path, HEADER + 'rule r error "t"\n' + body)
    with pytest.raises(RuleCompileError) as info:
        load_ruleset([path])
    assert word in info.value.message
    assert info.value.location is not None and info.value.location.line is not None


def test_mixed_lists_are_refused_and_same_family_lists_allowed(tmp_path: Path) -> None:
    bad = _write(tmp_path, HEADER + 'rule r error "t"\n  for g in [claims, issues], c in g\n  require true\n'
                 '  message "m"\n')
    with pytest.raises(RuleCompileError, match="类型应一致"):
        load_ruleset([bad])
    good = _write(tmp_path, HEADER + 'rule r error "t"\n  for issue in issues\n'
                  '  require issue.status in ["completed", "in_progress"]\n  message "{[1, 2.5]}"\n', "g.rules")
    assert len(load_ruleset([good]).rules) == 1


def test_run_time_field_access_reads_only_claim_fields() -> None:
    claim = LedgerClaim(kind="sum", text="共3个", total=3, parts=(1, 2), exhaustive=True, approx=False,
                        numerator=None, denominator=None, rate=None, unit="个", item=None, pointer="/x", start=0, end=1)
    assert object_field(claim, "total") == 3
    assert object_field(claim, "__class__") is None
    assert object_field(claim, "__init__") is None
    assert object_field(os, "environ") is None
    assert object_field(format_value, "__globals__") is None


def test_messages_render_only_values() -> None:
    assert format_value({"leader": "张某"}) == "(…)"
    assert format_value(os.environ) == "(…)"
    assert format_value(["a", 2.5, None]) == "a、2.5、(空)"


@pytest.mark.parametrize("target", ["/etc/passwd", "/proc/self/environ", "/dev/zero", "/dev/urandom"])
def test_include_of_a_system_file_is_refused_without_quoting_it(tmp_path: Path, target: str) -> None:
    if not Path(target).exists():
        pytest.skip(f"{target} does not exist here")
    path = _write(tmp_path, HEADER + f'include "{target}"\n')
    with pytest.raises(LedgerlintError) as info:
        load_ruleset([path])
    rendered = info.value.render()
    assert "t.rules:2:" in rendered
    assert "root:" not in rendered and "PATH=" not in rendered and "\x00" not in rendered


def test_include_through_a_link_named_rules_is_refused(tmp_path: Path) -> None:
    (tmp_path / "passwd.rules").symlink_to("/etc/passwd")
    path = _write(tmp_path, HEADER + 'include "passwd.rules"\n')
    with pytest.raises(RuleSyntaxError) as info:
        load_ruleset([path])
    assert ".rules" in info.value.message and "root:" not in info.value.render()


def test_include_of_a_rules_file_with_nul_bytes_or_bad_utf8(tmp_path: Path) -> None:
    """NUL characters and bytes of no known encoding are refused at the include (GBK and UTF-16 are read:
    tests/test_dsl_diagnostics.py)."""
    (tmp_path / "nul.rules").write_bytes(b'ruleset n "x"\n\x00\x00\x00')
    (tmp_path / "bad.rules").write_bytes(b'ruleset g "x"\n\x80\xff')
    for name, word in (("nul.rules", "NUL"), ("bad.rules", "编码")):
        path = _write(tmp_path, HEADER + f'include "{name}"\n')
        with pytest.raises(RuleSyntaxError) as info:
            load_ruleset([path])
        assert word in info.value.message
        assert info.value.location is not None and info.value.location.line == 2


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_include_of_a_fifo_does_not_block(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.rules")
    path = _write(tmp_path, HEADER + 'include "pipe.rules"\n')
    with pytest.raises(RuleSyntaxError, match="不是普通文件"):
        load_ruleset([path])


def test_oversized_rule_file_is_refused(tmp_path: Path) -> None:
    big = tmp_path / "big.rules"
    big.write_text(HEADER + "# x\n" * 700_000, encoding="utf-8")
    with pytest.raises(RuleSyntaxError, match="过大"):
        load_ruleset([big])


def test_syntax_error_in_a_file_that_is_not_a_rule_file_quotes_nothing(tmp_path: Path) -> None:
    other = tmp_path / "notes.txt"
    other.write_text("SECRET_KEY=abcdef\n", encoding="utf-8")
    with pytest.raises(RuleSyntaxError) as info:
        load_ruleset([other])
    assert "abcdef" not in info.value.render()
