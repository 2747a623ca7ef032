"""The quick record reader builds exactly the record pydantic builds, or leaves the ledger to pydantic."""

from __future__ import annotations

import copy
import datetime as dt
import json
import random
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from checker import load
from checker.model import Status, _record_adapter, parse_record
from checker.quick_record import QUICK_MAX_BYTES, quick_record

REPO = Path(__file__).resolve().parent.parent
LEDGERS = sorted(
    p for folder in (REPO / "samples", REPO / "tests" / "data") for p in folder.rglob("*")
    if p.suffix in (".json", ".yaml", ".yml") and p.is_file())

LEDGER: dict[str, Any] = {
    "ledger_version": 1, "unit": "某区司法局党组",
    "inspection": {"body": "区委第一巡察组", "start": "2022-11-02", "end": "2023-01-06", "feedback": "2023-03-16"},
    "report_date": "2023-07-15", "declared": {"issues": 2, "completed": 1},
    "contact": {"phone": "0710-3232187", "email": None},
    "document": {"kind": "notice", "public": True, "paragraphs": ["共反馈问题2个,已完成1个"]},
    "issues": [
        {"title": "理论学习不够深入", "id": "1", "owner": {"person": "李某", "leader": "张某"}, "deadline": "2023-06-30",
         "status": "completed", "completed_on": "2023-05-10",
         "measures": [{"text": "修改完善学习制度", "date": "2023-03-27"}, {"text": "开展专题培训", "due": "2023-12-31"}],
         "evidence": ["党组会议纪要"],
         "suppress": [{"rule": "completeness/evidence-missing", "reason": "材料另行报送", "expires": "2024-03-31"}]},
        {"id": "2", "title": "台账管理不规范", "status": "long_term", "review_date": "2024-01-31", "unknown": ["deadline"]},
    ],
}


def _canon(value: Any) -> Any:
    """Value, type and key order, so that Status.completed and "completed", or 1 and 1.0, differ."""
    if isinstance(value, dict):
        return ("dict", [(k, _canon(v)) for k, v in value.items()])
    if isinstance(value, list):
        return ("list", [_canon(v) for v in value])
    return (type(value).__name__, value.isoformat() if isinstance(value, dt.date) else value)


def _pydantic(payload: bytes | dict[str, Any]) -> Any:
    adapter = _record_adapter()
    try:
        record = adapter.validate_json(payload) if isinstance(payload, bytes) else adapter.validate_python(payload)
    except ValidationError:
        return "invalid"
    return _canon(record)


def _agrees(payload: bytes | dict[str, Any]) -> bool:
    """The quick reader declined, or read what pydantic reads (and pydantic accepts it)."""
    quick = quick_record(payload)
    return quick is None or _canon(quick) == _pydantic(payload)


def test_a_plain_ledger_is_read_quickly_and_as_pydantic_reads_it() -> None:
    for payload in (json.dumps(LEDGER, ensure_ascii=False).encode("utf-8"), copy.deepcopy(LEDGER)):
        quick = quick_record(payload)
        assert quick is not None
        assert _canon(quick) == _pydantic(payload)
        assert quick["issues"][0]["status"] is Status.completed
        assert list(quick["issues"][0]) == ["id", "title", "owner", "deadline", "status", "completed_on", "measures",
                                            "evidence", "suppress"]  # declaration order, as pydantic builds it
        assert quick["inspection"]["feedback"] == dt.date(2023, 3, 16)


def loaded_payload(path: Path) -> Any:
    """What a ledger file gives the record readers (JSON bytes, or parsed data), or None if it cannot be read:
    unreadable files and non-ledgers are other tests' business."""
    try:
        doc = load.read(path, str(path))
    except Exception:  # noqa: BLE001
        return None
    return doc.json_bytes if doc.json_bytes is not None else doc.data


@pytest.mark.parametrize("path", LEDGERS, ids=lambda p: str(p.relative_to(REPO)))
def test_every_ledger_of_the_tests_and_samples(path: Path) -> None:
    payload = loaded_payload(path)
    if isinstance(payload, bytes | dict):
        assert _agrees(payload)


# Values of every kind in the places of values: what pydantic converts, rejects or reads otherwise.
ODD_VALUES: list[Any] = [
    None, "", " ", 0, 1, -1, 2, 1.0, 1.5, True, False, [], {}, ["x"], {"text": "x"}, "2023-02-30", "2023-3-16",
    "2023-03-16T00:00:00", "20230316", "2023-03-16 ", "２０２３-03-16", 1678924800, "completed", "notice",
    "in_progress", "abc", 2**70, "1", float("nan"),
]


def _places(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [path]
    if isinstance(value, dict):
        for k, v in value.items():
            out += _places(v, (*path, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            out += _places(v, (*path, i))
    return out


def _set(data: Any, path: tuple[Any, ...], value: Any) -> None:
    for step in path[:-1]:
        data = data[step]
    data[path[-1]] = value


def test_mutated_ledgers_are_read_as_pydantic_reads_them_or_left_to_it() -> None:
    rng = random.Random(20240520)
    places = [p for p in _places(LEDGER) if p]
    for path in places:
        for value in ODD_VALUES:
            data = copy.deepcopy(LEDGER)
            _set(data, path, value)
            assert _agrees(data), (path, value)
            if not (isinstance(value, float) and value != value):  # NaN is no JSON
                assert _agrees(json.dumps(data, ensure_ascii=False).encode("utf-8")), (path, value)
        data = copy.deepcopy(LEDGER)  # a key removed, and an unknown key added
        parent: Any = data
        for step in path[:-1]:
            parent = parent[step]
        if isinstance(parent, dict):
            del parent[path[-1]]
            assert _agrees(data), path
            parent["extra"] = rng.choice(ODD_VALUES)
            assert _agrees(data), path


def test_json_the_quick_reader_leaves_to_pydantic() -> None:
    plain = json.dumps(LEDGER, ensure_ascii=False)
    for payload in (
        plain.replace('"unit": "某区司法局党组"', '"unit": "a", "unit": "b"').encode("utf-8"),  # a repeated key
        plain.replace("某区司法局党组", "\\ud800").encode("utf-8"),  # a lone surrogate
        "\ufeff".encode() + plain.encode("utf-8"),  # a byte order mark
        plain.encode("utf-16"),
        plain[:-1].encode("utf-8"),  # cut short
        b"[]",
        json.dumps({**LEDGER, "issues": [LEDGER["issues"][1]] * (QUICK_MAX_BYTES // 50)}).encode("utf-8"),
    ):
        assert quick_record(payload) is None


def test_parse_record_fills_the_top_level_defaults_on_the_quick_path() -> None:
    record = parse_record(json.dumps({"issues": [{"id": "1", "title": "t"}]}).encode("utf-8"))
    assert record["document"]["kind"].value == "ledger" and record["declared"]["issues"] is None
    assert record["issues"] == [{"id": "1", "title": "t"}]
