"""JSON ledgers decoded by msgspec (checker.quick_record.struct_ledger) read exactly what pydantic's `validate_json`
reads, top-level defaults filled in as `parse_record` fills them, or are left to pydantic."""

from __future__ import annotations

import copy
import json
import random
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from checker.model import Status, _record_adapter, _top_level_defaults
from checker.quick_record import QUICK_MAX_BYTES, struct_ledger, with_defaults
from tests.test_plain_record import FIELDS, TEXTS, VALUES
from tests.test_plain_record import _differences as plain_differences
from tests.test_quick_record import LEDGER, LEDGERS, ODD_VALUES, _canon, _places, _set, loaded_payload

REPO = Path(__file__).resolve().parent.parent


def _pydantic(payload: bytes) -> Any:
    try:
        record = _record_adapter().validate_json(payload)
    except ValidationError:
        return "invalid"
    return _canon(with_defaults(record, _top_level_defaults()))


def _differences(payloads: list[bytes]) -> list[str]:
    """Payloads msgspec reads, but not as validate_json does (or that validate_json rejects)."""
    return plain_differences(payloads, struct_ledger, _pydantic)


@pytest.mark.parametrize("field", FIELDS)
def test_each_field_type_reads_every_spelling_as_validate_json_or_declines(field: str) -> None:
    payloads = [(FIELDS[field] % value).encode("utf-8") for value in VALUES]
    assert _differences(payloads) == []
    # The plain spellings are read here, not left to pydantic: a text, an ISO date, a count, an enum word.
    if any(_pydantic(payload) != "invalid" for payload in payloads):
        assert any(struct_ledger(payload) is not None for payload in payloads), field


def test_json_that_parsers_disagree_on_is_read_as_validate_json_reads_it_or_declined() -> None:
    assert _differences(TEXTS) == []


def test_values_pydantic_converts_or_refuses_are_left_to_it() -> None:
    for payload in (b'{"declared": {"issues": 1.0}}', b'{"declared": {"issues": "1"}}', b'{"declared": {"issues": -1}}',
                    b'{"unit": 1}', b'{"issues": [{"id": 2, "title": "t"}]}', b'{"report_date": "2023-3-16"}',
                    b'{"issues": [{"id": "1", "title": "t", "status": "done"}]}', b'{"unit": "\\ud800"}',
                    b'{"issues": [{"id": "1", "title": "t", "extra": 1}]}', b'{"issues": [{"id": "1"}]}',
                    b'\xef\xbb\xbf{"unit": "a"}', b'{"unit": "\xff"}', b'{"unit": "a"} x', b"[]"):
        assert struct_ledger(payload) is None, payload


def test_a_plain_ledger_of_any_size_is_read_as_pydantic_reads_it() -> None:
    many = {**LEDGER, "issues": [dict(LEDGER["issues"][k % 2], id=str(k)) for k in range(3000)]}
    for ledger in (LEDGER, many, {"issues": LEDGER["issues"]}, {}):
        payload = json.dumps(ledger, ensure_ascii=False).encode("utf-8")
        record = struct_ledger(payload)
        assert record is not None
        assert _canon(record) == _pydantic(payload)
    assert len(json.dumps(many).encode("utf-8")) > QUICK_MAX_BYTES  # beyond the Python quick reader
    record = struct_ledger(json.dumps(LEDGER).encode("utf-8"))
    assert record is not None
    assert record["issues"][0]["status"] is Status.completed and record["document"]["kind"].value == "notice"
    assert list(record["issues"][0]) == ["id", "title", "owner", "deadline", "status", "completed_on", "measures",
                                         "evidence", "suppress"]  # declaration order, as pydantic builds it
    assert record["declared"]["long_term"] is None  # a top-level object completed with its defaults


def test_a_key_written_twice_keeps_its_last_value_as_pydantic_reads_it() -> None:
    payload = b'{"unit": "a", "unit": "b", "issues": [{"id": "1", "title": "t", "id": "2"}]}'
    record = struct_ledger(payload)
    assert record is not None and record["unit"] == "b" and record["issues"][0]["id"] == "2"
    assert _canon(record) == _pydantic(payload)


@pytest.mark.parametrize("path", LEDGERS, ids=lambda p: str(p.relative_to(REPO)))
def test_every_json_ledger_of_the_tests_and_samples(path: Path) -> None:
    payload = loaded_payload(path)
    if isinstance(payload, bytes):
        assert _differences([payload]) == []


def test_mutated_ledgers_are_read_as_pydantic_reads_them_or_left_to_it() -> None:
    rng = random.Random(20261201)
    for path in [p for p in _places(LEDGER) if p]:
        for value in ODD_VALUES:
            if isinstance(value, float) and value != value:  # NaN is no JSON
                continue
            data = copy.deepcopy(LEDGER)
            _set(data, path, value)
            assert _differences([json.dumps(data, ensure_ascii=False).encode("utf-8")]) == [], (path, value)
        data = copy.deepcopy(LEDGER)  # a key removed, and an unknown key added
        parent: Any = data
        for step in path[:-1]:
            parent = parent[step]
        if isinstance(parent, dict):
            del parent[path[-1]]
            parent["extra"] = rng.choice([v for v in ODD_VALUES if v == v])
            assert _differences([json.dumps(data, ensure_ascii=False).encode("utf-8")]) == [], path


def test_lint_of_a_large_plain_json_ledger_imports_no_pydantic(tmp_path: Path) -> None:
    issues = [{"id": str(k), "title": "理论学习不够深入", "owner": {"leader": "张某"}, "deadline": "2023-06-30",
               "status": "completed", "measures": [{"text": "修改完善学习制度", "date": "2023-03-27"}]}
              for k in range(2000)]
    ledger = tmp_path / "台账.json"
    ledger.write_text(json.dumps({"report_date": "2023-07-15", "issues": issues}, ensure_ascii=False),
                      encoding="utf-8")
    assert ledger.stat().st_size > QUICK_MAX_BYTES
    probe = ("import json, sys; from checker.cli import main\n"
             "try:\n    main()\nexcept SystemExit:\n    pass\n"
             "print(json.dumps(sorted(sys.modules)), file=sys.stderr)")
    proc = subprocess.run([sys.executable, "-c", probe, "lint", str(ledger), "--format", "json", "--isolated"],
                          capture_output=True, text=True, cwd=REPO)
    assert json.loads(proc.stdout)["files"][0]["items"] == 2000
    modules = json.loads(proc.stderr.strip().splitlines()[-1])
    assert "msgspec" in modules and "pydantic" not in modules and "checker.model" not in modules
