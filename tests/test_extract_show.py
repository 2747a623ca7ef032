"""`ledgerlint extract` output: YAML of the extracted ledger with source line:col comments."""

from __future__ import annotations

import re

import pytest
import yaml

from checker.extract import extract_ledger
from checker.extract.show import ledger_to_yaml
from checker.model import Ledger
from tests.seeds import seed_text as _seed


@pytest.fixture(scope="module")
def seed002_yaml() -> tuple[dict, str]:
    ledger, source_map = extract_ledger(_seed("002_9a7c4d30cb90fa07.txt"), "002.txt")
    return ledger, ledger_to_yaml(ledger, source_map)


def test_yaml_reads_back_as_the_same_ledger(seed002_yaml: tuple[dict, str]) -> None:
    ledger, text = seed002_yaml
    loaded = yaml.safe_load(text)
    assert loaded == ledger
    Ledger.model_validate(loaded)


def test_scalars_carry_their_source_position(seed002_yaml: tuple[dict, str]) -> None:
    _, text = seed002_yaml
    assert "    title: 落实第一议题制度不到位  # L9:7\n" in text
    assert "report_date: 2024-06-28  # L60:1\n" in text
    assert "  issues: 30  # L3:130\n" in text
    # derived values have no position of their own
    assert re.search(r"^  kind: notice$", text, re.MULTILINE)
    assert re.search(r"^ledger_version: 1$", text, re.MULTILINE)


def test_key_order_follows_the_model(seed002_yaml: tuple[dict, str]) -> None:
    _, text = seed002_yaml
    top = [line.split(":")[0] for line in text.splitlines() if re.match(r"^[a-z_]+:", line)]
    assert top == ["ledger_version", "unit", "inspection", "report_date", "declared", "document", "issues"]
    first_issue = text[text.index("  - id:"):text.index("    measures:")]
    keys = re.findall(r"^\s*-?\s*([a-z_]+):", first_issue, re.MULTILINE)
    assert keys == ["id", "title", "section", "status"]


def test_ids_that_look_like_numbers_stay_strings(seed002_yaml: tuple[dict, str]) -> None:
    _, text = seed002_yaml
    assert '  - id: "2.1"  # L9:1\n' in text


def test_readable_chinese_and_quoting() -> None:
    ledger = {"ledger_version": 1, "unit": "区司法局党组",
              "issues": [{"id": "1", "title": "a: b #c", "measures": [], "evidence": ["纪要"]}]}

    class NoPositions:
        def locate(self, pointer: str, start: int | None = None, end: int | None = None):  # noqa: ANN202
            from checker.location import Location
            return Location("x.txt", 3, 4, pointer=pointer)

        def excerpt(self, pointer: str, start: int | None = None, end: int | None = None) -> str:
            return ""

    text = ledger_to_yaml(ledger, NoPositions())
    assert "unit: 区司法局党组  # L3:4" in text
    assert '    title: "a: b #c"  # L3:4' in text
    assert "    measures: []" in text
    assert "      - 纪要  # L3:4" in text
    assert yaml.safe_load(text) == ledger


def test_model_dump_with_iso_date_strings_and_nulls() -> None:
    ledger, source_map = extract_ledger(_seed("000_5e4d1fbfc647a5c5.txt"), "000.txt")
    full = Ledger.model_validate(ledger).model_dump(mode="json")
    text = ledger_to_yaml(full, source_map)
    assert "  feedback: 2023-03-16  # L1:57\n" in text
    assert "report_date: null\n" in text
    assert Ledger.model_validate(yaml.safe_load(text)).model_dump(mode="json") == full
