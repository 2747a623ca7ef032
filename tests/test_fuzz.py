"""Property tests: any rule file, any text and any input file gives findings or a located error — never an
exception, never a hang. Bounded for CI (LEDGERLINT_FUZZ_EXAMPLES examples per property, default 40);
a longer local run: `LEDGERLINT_FUZZ_EXAMPLES=2000 python -m pytest tests/test_fuzz.py`. Inputs that once
crashed are kept in tests/data/fuzz/ and replayed by test_crash_corpus."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker import api
from checker.dsl.ruleset import load_ruleset
from checker.engine import evaluate
from checker.enrich import ledger_claims
from checker.errors import LedgerlintError
from checker.text.claims import find_claims
from checker.text.dates import find_dates, infer_year, parse_date, parse_date_span
from checker.text.numerals import cn_to_number, find_numbers, parse_number

ROOT = Path(__file__).resolve().parent.parent
CRASHES = Path(__file__).resolve().parent / "data" / "fuzz"
LEDGER = ROOT / "samples" / "ledgers" / "fancheng-2023.json"
EXAMPLES = int(os.environ.get("LEDGERLINT_FUZZ_EXAMPLES", "40"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize="LEDGERLINT_FUZZ_EXAMPLES" not in os.environ,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                       HealthCheck.data_too_large])
INTERNAL = "内部错误"

# ---- rule files -------------------------------------------------------------------------------------------

NAMES = ["issues", "claims", "as_of", "issue", "issue.title", "issue.owner.leader", "issue.deadline",
         "issue.measures", "m.text", "m.date", "c.total", "c.parts", "declared.issues", "report_date",
         "inspection.feedback", "x", "_x", "issue.__class__", "[]", "[claims, []]"]
LITERALS = ['"文本"', '"(未闭合"', 'r"\\d+"', "0", "1", "2.5", "2023-02-30", "2023-03-16", "30d", "999999999999d",
            "true", "false", '"\\x"', '"\\N{BULLET}"', "9" * 30]
OPS = ["+", "-", "*", "/", "%", "==", "!=", "<", ">=", "and", "or", "implies", "in", "not in", "contains",
       "matches"]


def _expr(depth: int) -> st.SearchStrategy[str]:
    leaf = st.sampled_from(NAMES + LITERALS)
    if depth <= 0:
        return leaf
    sub = _expr(depth - 1)
    return st.one_of(
        leaf,
        st.tuples(sub, st.sampled_from(OPS), sub).map(lambda t: f"{t[0]} {t[1]} {t[2]}"),
        sub.map(lambda e: f"not {e}"),
        sub.map(lambda e: f"({e})"),
        sub.map(lambda e: f"{e} is missing"),
        st.tuples(st.sampled_from(["count", "sum", "len", "date", "first_match", "percent", "days", "round"]),
                  st.lists(sub, max_size=3)).map(lambda t: f"{t[0]}({', '.join(t[1])})"),
        st.tuples(st.sampled_from(["count", "any", "all", "sum", "max"]), sub, sub).map(
            lambda t: f"{t[0]}(i in issues where {t[1]}: {t[2]})"),
    )


def _rule(expr: str, message_hole: str, head: str) -> str:
    return (f'ruleset f "模糊"\n{head}\nrule r error "模糊测试"\n  for issue in issues\n'
            f'  require {expr}\n  message "问题 {{{message_hole}}}"\n')


RULE_FILES = st.one_of(
    st.tuples(_expr(3), st.sampled_from(NAMES + LITERALS),
              st.sampled_from(["", 'param p = 1', 'include "/etc/passwd"', 'include "x.rules"', "# 注释"])).map(
        lambda t: _rule(*t)),
    st.text(max_size=400),
    st.text(alphabet='rule ruleset for in require forbid message "{}()[]\\.:,=<>!-+*/% \n\tissueabc一二0123d',
            max_size=300),
)


@pytest.fixture(scope="module")
def ledger() -> dict:
    record = api.read_ledger(LEDGER).ledger
    return record


@FUZZ
@given(text=RULE_FILES)
def test_any_rule_file_loads_or_gives_a_located_error(tmp_path_factory: pytest.TempPathFactory, text: str) -> None:
    folder = tmp_path_factory.mktemp("rules")
    path = folder / "f.rules"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    try:
        load_ruleset([path])
    except LedgerlintError as exc:
        assert exc.message and "Traceback" not in exc.render()
        assert "root:" not in exc.render()  # nothing of /etc/passwd is ever quoted


@FUZZ
@given(expr=_expr(3), hole=st.sampled_from(NAMES + LITERALS))
def test_any_rule_that_loads_runs_without_an_exception(tmp_path_factory: pytest.TempPathFactory, ledger: dict,
                                                        expr: str, hole: str) -> None:
    path = tmp_path_factory.mktemp("rules") / "f.rules"
    path.write_text(_rule(expr, hole, ""), encoding="utf-8")
    try:
        ruleset = load_ruleset([path])
    except LedgerlintError:
        return
    found = evaluate(ruleset, ledger, ledger_claims(ledger), as_of=dt.date(2023, 7, 15))  # never raises
    for finding in found:
        assert "environ" not in finding.message and "<" not in finding.message.split("问题", 1)[-1][:1]


# ---- text readers -----------------------------------------------------------------------------------------

CHINESE_NUMBERISH = st.text(alphabet="零一二三四五六七八九十百千万亿两〇壹贰叁点.%％余近约个项条共其中已完成0123456789年月日至-—号第",
                            max_size=80)


@FUZZ
@given(text=st.one_of(st.text(max_size=200), CHINESE_NUMBERISH))
def test_numeral_date_and_claim_readers_never_raise(text: str) -> None:
    cn_to_number(text)
    parse_number(text)
    find_numbers(text)
    find_dates(text)
    find_dates(text, default_year=2023)
    infer_year(text)
    parse_date(text)
    parse_date_span(text)
    find_claims(text)


# ---- loaders ---------------------------------------------------------------------------------------------

SUFFIXES = [".json", ".yaml", ".csv", ".xlsx", ".docx", ".txt", ".md", ".tsv", ""]


def _mutations() -> st.SearchStrategy[bytes]:
    seeds = [LEDGER.read_bytes()[:2000], (ROOT / "samples" / "clean" / "fancheng-2023.yaml").read_bytes()[:2000],
             (ROOT / "samples" / "ledgers" / "fancheng-2023.csv").read_bytes()[:2000],
             (ROOT / "samples" / "notices" / "fancheng-2023-notice.txt").read_bytes()[:3000]]

    def mutate(seed: bytes, cut: int, insert: bytes) -> bytes:
        cut = cut % (len(seed) + 1)
        return seed[:cut] + insert + seed[cut + len(insert):]
    return st.one_of(
        st.binary(max_size=600),
        st.tuples(st.sampled_from(seeds), st.integers(0, 4000), st.binary(max_size=40)).map(lambda t: mutate(*t)),
        st.sampled_from(seeds).map(lambda s: s[: len(s) // 2]),
        st.text(max_size=300).map(lambda s: s.encode("utf-8", "surrogatepass")),
    )


@FUZZ
@given(data=_mutations(), suffix=st.sampled_from(SUFFIXES))
def test_any_input_file_gives_findings_or_a_located_error(tmp_path_factory: pytest.TempPathFactory, data: bytes,
                                                           suffix: str) -> None:
    path = tmp_path_factory.mktemp("in") / f"input{suffix}"
    path.write_bytes(data)
    ruleset = _builtin_rules()
    result = api.lint_file(path, ruleset, api.LintOptions(), path.name)
    for finding in result.findings:
        assert INTERNAL not in finding.message, finding.message


_RULES: list[object] = []


def _builtin_rules():  # noqa: ANN202 - a RuleSet, compiled once per test session
    if not _RULES:
        _RULES.append(api.load_rules(api.LintOptions()))
    return _RULES[0]


# ---- crashes found, replayed ------------------------------------------------------------------------------

@pytest.mark.parametrize("case", sorted(p.name for p in CRASHES.iterdir() if p.suffix == ".json"))
def test_crash_corpus(tmp_path: Path, case: str) -> None:
    """Each file is {"kind": "input"|"rule", "suffix": ..., "text" or "hex": ...}: once a crash, now handled."""
    spec = json.loads((CRASHES / case).read_text(encoding="utf-8"))
    data = bytes.fromhex(spec["hex"]) if "hex" in spec else spec["text"].encode("utf-8")
    if spec["kind"] == "rule":
        path = tmp_path / "f.rules"
        path.write_bytes(data)
        try:
            load_ruleset([path])
        except LedgerlintError:
            pass
        return
    path = tmp_path / f"input{spec.get('suffix', '')}"
    path.write_bytes(data)
    result = api.lint_file(path, _builtin_rules(), api.LintOptions(), path.name)
    assert all(INTERNAL not in f.message for f in result.findings)
