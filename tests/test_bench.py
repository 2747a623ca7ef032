"""The benchmark's inputs are what they claim to be: claim density, validity, determinism, and a hand-written
loop that finds what the rules find (so the ratio to it compares the same work)."""

from __future__ import annotations

import collections
import json
import sys
from pathlib import Path

import pytest

from checker import api
from checker.enrich import ledger_claims, text_fields

BENCH = Path(__file__).resolve().parent.parent / "bench"
sys.path.insert(0, str(BENCH))

import generate  # noqa: E402
import handloop  # noqa: E402
import notices  # noqa: E402


@pytest.fixture(scope="module")
def heavy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("bench") / "heavy.json"
    generate.write_ledger(300, path, claims=True)
    return path


def _claims_and_texts(path: Path) -> tuple[list, int]:
    read = api.read_ledger(path)
    return ledger_claims(read.ledger), sum(1 for _ in text_fields(read.ledger))


def test_claim_heavy_ledger_has_a_claim_per_six_texts(heavy: Path) -> None:
    claims, texts = _claims_and_texts(heavy)
    assert len(claims) * 6 >= texts
    kinds = collections.Counter(c.kind for c in claims)
    assert kinds["sum"] > 0 and kinds["rate"] > 0


def test_claim_heavy_items_each_carry_claims(heavy: Path) -> None:
    claims, _ = _claims_and_texts(heavy)
    data = json.loads(heavy.read_text(encoding="utf-8"))
    with_measures = {i["id"] for i in data["issues"] if i["measures"]}
    assert with_measures <= {c.item for c in claims}


def test_claim_free_ledger_has_no_claim(tmp_path: Path) -> None:
    path = tmp_path / "free.json"
    generate.write_ledger(200, path, claims=False)
    claims, texts = _claims_and_texts(path)
    assert texts > 1000 and claims == []


def test_generator_is_deterministic(tmp_path: Path) -> None:
    a, b, c = tmp_path / "a.json", tmp_path / "b.json", tmp_path / "c.json"
    generate.write_ledger(50, a)
    generate.write_ledger(50, b)
    generate.write_ledger(50, c, seed=7)
    assert a.read_bytes() == b.read_bytes() != c.read_bytes()


def test_hand_loop_finds_what_the_rules_find(heavy: Path) -> None:
    by_rule = collections.Counter(f.rule.split("/", 1)[1] for f in api.lint([heavy]).findings())
    hand = handloop.check(json.loads(heavy.read_text(encoding="utf-8")))
    assert hand["parts-sum"] > 0 and hand["rate"] > 0  # the claim defects are there to be found
    assert dict(hand) == {rule: n for rule, n in by_rule.items() if rule in hand}
    assert sum(hand.values()) == sum(by_rule.values())


def test_notice_folder_cycles_the_repository_notices(tmp_path: Path) -> None:
    pool = notices.source_notices(corpus=None)
    written = notices.write_notices(len(pool) + 3, tmp_path / "n", corpus=None)
    assert len(written) == len(pool) + 3
    assert written[len(pool)].read_bytes() == pool[0].read_bytes()
    assert {p.suffix for p in pool} <= {".txt", ".md", ".docx"}
    assert len(api.lint([tmp_path / "n"]).files) == len(pool) + 3


def test_rules_load_benchmark_loads_every_built_in_rule(capsys: pytest.CaptureFixture[str]) -> None:
    import rules_load

    assert rules_load.main(["--repeat", "1", "--json"]) == 0
    figures = json.loads(capsys.readouterr().out)
    assert figures["rules"] == len(api.load_rules(api.LintOptions()).rules)
    assert 0 < figures["compile_ms"] < figures["warm_ms"]
