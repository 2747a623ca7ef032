"""JSON ledgers parsed into Python data and validated as such read exactly what pydantic's `validate_json` reads,
or are left to `validate_json` (checker.model._plain_record)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from pydantic import ValidationError

from checker.load.json_source import numeric_id_texts
from checker.model import Status, _plain_record, _record_adapter, parse_record
from tests.test_quick_record import LEDGER as QUICK_LEDGER
from tests.test_quick_record import _canon

# One JSON value for every field type of the models (text, dates, counts, true/false, the status and
# document-kind enums, the ledger_version literal, lists, objects), in the spellings lax mode may convert.
VALUES = [
    "1", "0", "2", "-1", "-0", "1.0", "1.5", "1.10", "3.0e0", "1e2", "1E+1", "1e20", "1e-7", "0.0", "-0.0",
    "1E400", "9223372036854775807", "9223372036854775808", "18446744073709551615", "18446744073709551616",
    "123456789012345678901", "-9223372036854775809", "1700000000", "1700000000.0", "86400", "1e11",
    "true", "false", "null", "NaN", "Infinity", "-Infinity", "[]", "{}", '["a"]', "[1]", '{"a": 1}',
    '""', '" "', '"1"', '"1.0"', '" 1 "', '"-1"', '"1e1"', '"1_000"', '"１"', '"0x1"', '"true"', '"True"', '"yes"',
    '"on"', '"off"', '"2023-01-01"', '"2023-1-1"', '"20230101"', '"2023-02-29"', '" 2023-01-01"', '"2023-01-01 "',
    '"2023-01-01T00:00:00"', '"2023-01-01T00:00:00Z"', '"2023-01-01T01:00:00"', '"1700000000"', '"0"',
    '"completed"', '"Completed"', '"completed "', '"ledger"', '"notice"', '"\\u0000"', '"\\ud800"', '"a\\u2028b"',
]
FIELDS = {  # a field of each kind, as a ledger with that field set to %s
    "ledger_version": '{"ledger_version": %s}',
    "unit": '{"unit": %s}',
    "report_date": '{"report_date": %s}',
    "inspection": '{"inspection": %s}',
    "inspection.feedback": '{"inspection": {"feedback": %s}}',
    "declared.issues": '{"declared": {"issues": %s}}',
    "contact.phone": '{"contact": {"phone": %s}}',
    "document.kind": '{"document": {"kind": %s}}',
    "document.public": '{"document": {"public": %s}}',
    "document.paragraphs": '{"document": {"paragraphs": %s}}',
    "document.paragraphs/0": '{"document": {"paragraphs": [%s]}}',
    "issues": '{"issues": %s}',
    "issues/0": '{"issues": [%s]}',
    "issue.id": '{"issues": [{"id": %s, "title": "t"}]}',
    "issue.title": '{"issues": [{"id": "1", "title": %s}]}',
    "issue.owner": '{"issues": [{"id": "1", "title": "t", "owner": %s}]}',
    "issue.owner.person": '{"issues": [{"id": "1", "title": "t", "owner": {"person": %s}}]}',
    "issue.deadline": '{"issues": [{"id": "1", "title": "t", "deadline": %s}]}',
    "issue.status": '{"issues": [{"id": "1", "title": "t", "status": %s}]}',
    "issue.measures": '{"issues": [{"id": "1", "title": "t", "measures": %s}]}',
    "measure.text": '{"issues": [{"id": "1", "title": "t", "measures": [{"text": %s}]}]}',
    "measure.date": '{"issues": [{"id": "1", "title": "t", "measures": [{"text": "m", "date": %s}]}]}',
    "issue.evidence/0": '{"issues": [{"id": "1", "title": "t", "evidence": [%s]}]}',
    "suppress.reason": '{"issues": [{"id": "1", "title": "t", "suppress": [{"rule": "r", "reason": %s}]}]}',
    "suppress.expires": '{"issues": [{"id": "1", "title": "t", "suppress": [{"rule": "r", "reason": "x", "expires": %s}]}]}',
    "issue.unknown": '{"issues": [{"id": "1", "title": "t", "unknown": %s}]}',
}
# JSON that parsers may disagree on: encodings, whitespace, escapes, number syntax, structure.
TEXTS = [
    b'\xef\xbb\xbf{"unit": "a"}', b'{"unit": "a",}', b'{"unit": "a"} x', b'{"unit": "a"}\n\n', b' \t\r\n{"unit": "a"}',
    b'\x0c{"unit": "a"}', b'\x0b{"unit": "a"}', b'\xc2\xa0{"unit": "a"}', b'{"unit": "a"}\x00', b'{"unit": "a\tb"}',
    b'{"unit": "a\nb"}', b'{"unit": "a\x00b"}', b'{"unit": "a\x1fb"}', b'{"unit": "a\x7fb"}', b'{"unit": "\\x41"}',
    b'{"unit": "\\/"}', b'{"unit": "\\u00e9\\u00E9"}', b'{"unit": "\\ud83d\\ude00"}', b'{"unit": "\\udc00"}',
    b'{"unit": "\xff"}', b'{"unit": "\xed\xa0\x80"}', b'{"unit": "\xc0\xaf"}', b'{"unit": "\xf4\x90\x80\x80"}',
    b"{'unit': 'a'}", b'{unit: "a"}', b'{"\\u0075nit": "a"}', b'/* c */{"unit": "a"}', b'{"unit": "a"}//', b"", b"   ",
    b"[]", b"null", b'"x"', b"1", b'{"unit": "a"}{"unit": "b"}', b'{"unit": "a", "unit": "b"}', b'{"unit": "a", "unit": null}',
    b'{"issues": [{"id": "1", "title": "t", "id": "2"}]}', b'{"issues": [{"id": "1", "title": "t"}], "issues": []}',
    b'{"declared": {"issues": 01}}', b'{"declared": {"issues": +1}}', b'{"declared": {"issues": 1.}}',
    b'{"declared": {"issues": .5}}', b'{"declared": {"issues": 0x1}}', b'{"declared": {"issues": 1e0}}',
    b'{"issues": [' + b"[" * 2000 + b"]" * 2000 + b"]}", b'{"unit": ' + b"[" * 200 + b"]" * 200 + b"}",
    b'{"issues": [{"id": "1"}]}', b'{"issues": [{"id": "1", "title": "t", "extra": 1}]}', b'{"extra": 1}',
]


def _json_reading(payload: bytes) -> Any:
    try:
        return _canon(_record_adapter().validate_json(payload))
    except ValidationError:
        return "invalid"


def _differences(payloads: list[bytes], read: Callable[[bytes], Any] = _plain_record,
                 expected: Callable[[bytes], Any] = _json_reading) -> list[str]:
    """Payloads `read` (default: the plain path) reads, but not as `expected` (default: validate_json) does,
    or that it rejects."""
    out = []
    for payload in payloads:
        plain = read(payload)
        if plain is not None and _canon(plain) != expected(payload):
            out.append(f"{payload[:80]!r}: {_canon(plain)} != {expected(payload)}")
    return out


@pytest.mark.parametrize("field", FIELDS)
def test_each_field_type_reads_every_spelling_as_validate_json_or_declines(field: str) -> None:
    assert _differences([(FIELDS[field] % value).encode("utf-8") for value in VALUES]) == []


def test_json_that_parsers_disagree_on_is_read_as_validate_json_reads_it_or_declined() -> None:
    assert _differences(TEXTS) == []


def test_numbers_given_for_text_and_text_pydantic_refuses_are_left_to_validate_json() -> None:
    for payload in (b'{"unit": 1.0}', b'{"contact": {"phone": 3232187}}', b'{"issues": [{"id": 2, "title": "t"}]}',
                    b'{"unit": NaN}', b'{"unit": "\\ud800"}', b'{"unit": "a"} x'):
        assert _plain_record(payload) is None, payload


# The quick reader's every-field ledger, with a count written as 1.0 (a float pydantic takes for an int).
LEDGER: dict[str, Any] = {**QUICK_LEDGER, "declared": {"issues": 2, "completed": 1.0}}


def test_a_plainly_written_ledger_takes_the_plain_path_and_reads_as_validate_json_does() -> None:
    for ledger in (LEDGER, {k: v for k, v in LEDGER.items() if k != "issues"}, {"issues": LEDGER["issues"]}, {}):
        payload = json.dumps(ledger, ensure_ascii=False).encode("utf-8")
        plain = _plain_record(payload)
        assert plain is not None
        assert _canon(plain) == _json_reading(payload)
    record = _plain_record(json.dumps(LEDGER).encode("utf-8"))
    assert record is not None
    assert record["issues"][0]["status"] is Status.completed
    assert record["declared"]["completed"] == 1 and type(record["declared"]["completed"]) is int
    assert list(record) == list(LEDGER)  # declaration order


def test_invalid_data_is_left_to_validate_json_and_its_errors() -> None:
    payload = json.dumps({"issues": [{"id": "1", "title": "t"}, {"id": "2", "titel": "t"}]}).encode("utf-8")
    assert _plain_record(payload) is None
    with pytest.raises(ValidationError) as raised:
        parse_record(payload)
    with pytest.raises(ValidationError) as expected:
        _record_adapter().validate_json(payload)
    assert raised.value.errors() == expected.value.errors()


def test_ids_written_as_numbers_with_a_fraction_keep_their_text() -> None:
    text = '{"issues": [{"id": 1.10, "title": "t"}, {"id": 1.0, "title": "t"}, {"id": "1.1", "title": "t"}]}'
    record = parse_record(text.encode("utf-8"), numeric_id_texts)
    assert [issue["id"] for issue in record["issues"]] == ["1.10", "1.0", "1.1"]
