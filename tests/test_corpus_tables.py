"""The corpus of office-made tables and YAML ledgers (tests/data/corpus/tables and /yaml, copied from the
shared corpus; the two workbooks are rebuilt here with openpyxl): each case is one kind of real input,
checked against its expectations and, below, by the values it must be read as."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import openpyxl
import pytest

from checker.api import LintOptions, lint, read_ledger
from checker.findings import Severity
from tests.corpus_expect import CORPUS, problems

CSV_AND_YAML = [
    "tables/combined-owner-header.csv",
    "tables/deadline-words.csv",
    "tables/header-synonyms.csv",
    "tables/no-report-date.csv",
    "tables/review-date-column.csv",
    "tables/status-words.csv",
    "yaml/comma-in-flow-mapping.yaml",
    "yaml/implicit-typing-ids.yaml",
]
WORKBOOKS = ["tables/formulas-without-values.xlsx", "tables/title-row-as-of-date.xlsx"]
D = dt.date


def formulas_without_values(path: Path) -> None:
    """A workbook written by a program and never opened in Excel: formulas carry no saved result."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "台账"
    sheet.append(["序号", "问题", "整改措施", "责任部门", "整改时限", "完成时间", "整改状态"])
    sheet.append([1, "理论学习不深入", "修订《中心组学习制度》", "办公室", dt.datetime(2023, 6, 30),
                  dt.datetime(2023, 5, 10), '=IF(F2<>"","已完成","正在推进")'])
    sheet.append([2, "财务报销审核不严", "开展专项检查,清退不合规票据3张", "财务股", dt.datetime(2023, 5, 31), None,
                  '=IF(F3<>"","已完成","正在推进")'])
    sheet.append([3, "公务用车管理不规范", "修订《公务用车管理办法》", "办公室", "=E2", dt.datetime(2023, 6, 1),
                  '=IF(F4<>"","已完成","正在推进")'])
    book.save(path)


def title_row_as_of_date(path: Path) -> None:
    """A title row above the header that says which date the ledger speaks for."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "整改台账"
    sheet.append(["某局巡察整改台账(截至2024年5月20日)"])
    sheet.append(["序号", "问题", "整改措施", "责任领导", "责任部门", "责任人", "整改时限", "整改状态"])
    sheet.append(["1", "财务制度不健全", "2023年5月印发《财务管理办法》", "张某", "办公室", "李某", "2023-06-30",
                  "正在推进"])
    book.save(path)


BUILDERS = {"tables/formulas-without-values.xlsx": formulas_without_values,
            "tables/title-row-as-of-date.xlsx": title_row_as_of_date}


def case_path(name: str, tmp_path: Path) -> Path:
    """The case file: copied data, or a workbook built next to a copy of its expectations."""
    if name not in BUILDERS:
        return CORPUS / name
    path = tmp_path / Path(name).name
    BUILDERS[name](path)
    shutil.copy(CORPUS / (name + ".expect.yaml"), tmp_path)
    return path


@pytest.mark.parametrize("name", CSV_AND_YAML + WORKBOOKS)
def test_case_meets_its_expectations(name: str, tmp_path: Path) -> None:
    assert problems(case_path(name, tmp_path)) == []


def test_the_whole_folders_are_covered() -> None:
    for folder in ("tables", "yaml"):
        cases = sorted(f"{folder}/{p.name[:-len('.expect.yaml')]}"
                       for p in (CORPUS / folder).glob("*.expect.yaml"))
        assert cases == sorted(n for n in CSV_AND_YAML + WORKBOOKS if n.startswith(folder + "/"))


def findings(path: Path, as_of: dt.date | None = None) -> list[tuple[str, str | None]]:
    result = lint([path], LintOptions(as_of=as_of))
    return sorted((f.rule, f.item) for file in result.files for f in file.findings)


def issues(path: Path) -> list[dict]:
    return read_ledger(path).ledger["issues"]


def test_combined_owner_column_is_split() -> None:
    path = CORPUS / "tables/combined-owner-header.csv"
    assert issues(path)[0]["owner"] == {"department": "办公室", "person": "张某"}
    assert not [rule for rule, _ in findings(path) if rule.startswith(("completeness/owner", "input/"))]


def test_deadline_words_and_periods() -> None:
    path = CORPUS / "tables/deadline-words.csv"
    read = issues(path)
    assert [issue.get("deadline") for issue in read] == [D(2023, 6, 30), None, D(2023, 6, 30), D(2023, 6, 30)]
    found = findings(path, as_of=D(2024, 1, 1))
    assert ("completeness/owner-missing", "3") in found
    assert ("dates/overdue", "3") in found and ("dates/overdue", "4") in found
    assert ("completeness/deadline-missing", "2") not in found  # 立行立改 is a deadline
    assert not [rule for rule, _ in found if rule.startswith("input/")]


def test_header_synonyms() -> None:
    path = CORPUS / "tables/header-synonyms.csv"
    [issue] = issues(path)
    assert issue["owner"] == {"department": "办公室"} and issue["deadline"] == D(2024, 6, 30)


def test_no_report_date_checks_against_today() -> None:
    path = CORPUS / "tables/no-report-date.csv"
    result = lint([path], LintOptions())
    [file] = result.files
    assert ("dates/overdue", "1") in [(f.rule, f.item) for f in file.findings]
    [note] = [f for f in file.findings if f.rule == "dates/as-of"]
    assert dt.date.today().isoformat() in note.message
    assert file.meta is not None and file.meta.as_of == dt.date.today()


def test_review_date_column() -> None:
    path = CORPUS / "tables/review-date-column.csv"
    [issue] = issues(path)
    assert issue["status"].value == "long_term" and issue["review_date"] == D(2024, 12, 31)
    assert ("completeness/deadline-missing", "1") not in findings(path)


def test_status_words() -> None:
    path = CORPUS / "tables/status-words.csv"
    assert [issue["status"].value for issue in issues(path)] == ["in_progress", "completed"]


def test_formula_cells_are_unknown_not_missing(tmp_path: Path) -> None:
    path = tmp_path / "台账.xlsx"
    formulas_without_values(path)
    [file] = lint([path], LintOptions()).files
    [note] = [f for f in file.findings if f.rule.startswith("input/")]
    assert note.rule == "input/formula-without-value" and "公式" in note.message
    assert all(ref in note.message for ref in ("台账!G2", "台账!G3", "台账!E4", "台账!G4"))
    # item 2 has a deadline long past and no completion date, but its status is a formula: not called overdue
    assert [f.rule for f in file.findings if not f.rule.startswith("input/")] == ["dates/as-of"]
    read = issues(path)
    assert "status" not in read[0] and "deadline" not in read[2] and read[2]["completed_on"] == D(2023, 6, 1)
    assert [issue["unknown"] for issue in read] == [["status"], ["status"], ["deadline", "status"]]


def test_title_row_gives_the_report_date(tmp_path: Path) -> None:
    path = tmp_path / "台账.xlsx"
    title_row_as_of_date(path)
    assert read_ledger(path).ledger["report_date"] == D(2024, 5, 20)
    assert ("dates/overdue", "1") in findings(path)


def test_yaml_ids_are_the_text_written() -> None:
    path = CORPUS / "yaml/implicit-typing-ids.yaml"
    assert [issue["id"] for issue in issues(path)] == ["1.1", "1.10", "010", "011"]
    found = findings(path)
    assert ("dates/completed-after-deadline", "010") in found
    assert sorted(item for rule, item in found if rule == "input/typed-id") == ["010", "011", "1.10"]


def test_yaml_comma_in_flow_mapping_is_explained_and_the_rest_checked() -> None:
    path = CORPUS / "yaml/comma-in-flow-mapping.yaml"
    [file] = lint([path], LintOptions()).files
    [error] = [f for f in file.findings if f.rule == "input/flow-comma"]
    assert "引号" in error.message and (error.location.line, error.location.column) == (12, 25)
    assert error.severity == Severity.ERROR
    assert ("dates/overdue", "1") in [(f.rule, f.item) for f in file.findings]
    # Read whole and checked, not an unreadable file; the guess it took still makes the run exit 2.
    assert not file.failed and file.checked and file.kind == "ledger" and file.guessed
    assert issues_of_text(path)[0]["measures"][0]["text"] == "召开党组会专题研究, 明确分工"


def issues_of_text(path: Path) -> list[dict]:
    from checker.load import read
    from checker.read import read_source

    data = read_source(read(path)).data
    assert data is not None
    return data["issues"]


def test_yaml_duplicate_ids_are_an_error(tmp_path: Path) -> None:
    path = tmp_path / "台账.yaml"
    path.write_text(
        'ledger_version: 1\nreport_date: 2023-07-15\nissues:\n'
        '  - {id: "1.1", title: 理论学习流于形式, status: completed}\n'
        '  - {id: "1.1", title: 财务报销审核不严, status: completed}\n', encoding="utf-8")
    [file] = lint([path], LintOptions()).files
    [dup] = [f for f in file.findings if f.rule == "input/duplicate-id"]
    assert dup.location.line == 5 and "第 4 行" in dup.message


def test_yaml_unclosed_bracket_says_where_it_began(tmp_path: Path) -> None:
    path = tmp_path / "台账.yaml"
    path.write_text("ledger_version: 1\nissues:\n  - {id: '1', title: 理论学习流于形式\n  - id: '2'\n",
                    encoding="utf-8")
    [file] = lint([path], LintOptions()).files
    [error] = file.findings
    assert error.rule == "input/invalid" and "第 3 行第 5 列的“{”没有闭合" in error.message


def test_yaml_comma_is_explained_when_the_ledger_has_other_errors_too(tmp_path: Path) -> None:
    path = tmp_path / "ledger.yaml"
    path.write_text("ledger_version: 1\nunit: 某区司法局\nreport_date: 2024-05-01\nissues:\n"
                    "  - id: \"1\"\n    title: 制度落实不到位\n    deadline: 2024-06-30\n    measures:\n"
                    "      - {text: 召开党组会专题研究, 明确分工, when: 2024-03-01}\n", encoding="utf-8")
    [file] = lint([path], LintOptions()).files
    assert file.failed  # the unknown field `when`: the ledger does not validate
    found = [(f.rule, f.location.line, f.location.column) for f in file.findings]
    assert ("input/flow-comma", 9, 25) in found
    assert [f.message for f in file.findings if f.rule == "input/invalid"] == ["未知的字段 'when'"]
