"""A notice or a ledger table written in traditional characters (a Big5 text or CSV file, a Word file, a
workbook) is read in simplified characters, so the vocabulary and the rules match it, and shown as written:
every message, extracted value and excerpt keeps its traditional characters. It gets the findings its
simplified twin gets, at the same places."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from checker.api import LintOptions, lint, load_rules, read_ledger
from checker.cli import main
from checker.extract import extract_ledger
from checker.load.encoding import decode_named
from checker.read.scripts import AsWritten, as_read
from tests.docx_build import Notice

# One notice in two scripts, character for character (punctuation and digits as offices type them). Its
# defects: a 其中 list that exceeds its total, a completed item that still plans (拟于/擬於), an owner that
# names no one (相关股室/相關股室), an open item past its deadline, a rate that does not match its numbers.
SIMPLIFIED = """中共某县市场监督管理局党组关于巡察整改进展情况的通报
根据县委统一部署，2023年3月1日至4月20日，县委第三巡察组对县市场监督管理局党组进行了巡察。2023年5月10日，县委第三巡察组向县市场监督管理局党组反馈了巡察意见，指出问题3个。截至目前，已完成整改2个，正在推进1个。现将整改进展情况予以公布。
一、已完成整改事项
（一）关于“食品安全抽检覆盖面不广”的问题
责任领导：张建国；责任部门：食品安全监管股；整改时限：2023年8月31日。
整改情况：一是2023年6月12日制定《食品安全抽检工作实施方案》；二是共抽检食品120批次，其中粮食制品40批次，肉制品45批次，乳制品50批次；三是拟于9月开展节前专项检查。
（二）关于“行政执法案卷归档不规范”的问题
责任人：相关股室；整改时限：2023年7月31日。
整改情况：2023年6月20日召开党组会专题研究，修订《行政执法案卷管理办法》，对2022年以来的执法案卷逐卷评查。
二、正在推进事项
（三）关于“投诉举报处置不及时”的问题
责任领导：王丽华；责任部门：消费者权益保护股；整改时限：2023年6月30日。
整改情况：一是建立投诉举报日清月结制度；二是2023年7月组织业务培训。投诉按时办结率98%，受理投诉200件，按时办结190件。
欢迎社会各界对整改落实情况进行监督。联系电话：0000-1234567；通信地址：某县人民路1号。
中共某县市场监督管理局党组
2023年7月15日
"""

TRADITIONAL = """中共某縣市場監督管理局黨組關於巡察整改進展情況的通報
根據縣委統一部署，2023年3月1日至4月20日，縣委第三巡察組對縣市場監督管理局黨組進行了巡察。2023年5月10日，縣委第三巡察組向縣市場監督管理局黨組反饋了巡察意見，指出問題3個。截至目前，已完成整改2個，正在推進1個。現將整改進展情況予以公佈。
一、已完成整改事項
（一）關於“食品安全抽檢覆蓋面不廣”的問題
責任領導：張建國；責任部門：食品安全監管股；整改時限：2023年8月31日。
整改情況：一是2023年6月12日製定《食品安全抽檢工作實施方案》；二是共抽檢食品120批次，其中糧食製品40批次，肉製品45批次，乳製品50批次；三是擬於9月開展節前專項檢查。
（二）關於“行政執法案卷歸檔不規範”的問題
責任人：相關股室；整改時限：2023年7月31日。
整改情況：2023年6月20日召開黨組會專題研究，修訂《行政執法案卷管理辦法》，對2022年以來的執法案卷逐卷評查。
二、正在推進事項
（三）關於“投訴舉報處置不及時”的問題
責任領導：王麗華；責任部門：消費者權益保護股；整改時限：2023年6月30日。
整改情況：一是建立投訴舉報日清月結制度；二是2023年7月組織業務培訓。投訴按時辦結率98%，受理投訴200件，按時辦結190件。
歡迎社會各界對整改落實情況進行監督。聯繫電話：0000-1234567；通信地址：某縣人民路1號。
中共某縣市場監督管理局黨組
2023年7月15日
"""

EXPECTED_RULES = ["consistency/parts-sum", "wording/future-in-completed", "completeness/owner-vague",
                  "dates/overdue", "consistency/rate"]
_QUOTED = re.compile(r"「([^」]*)」")


@pytest.fixture(scope="module")
def ruleset():
    return load_rules(LintOptions())


def _big5(text: str, folder: Path, name: str) -> Path:
    path = folder / name
    path.write_bytes(text.encode("big5"))
    return path


def _docx(text: str, folder: Path, name: str, counting: str) -> Path:
    """The notice in Word: section headings numbered by Word (`counting`: chineseCounting in simplified
    documents, taiwaneseCounting in traditional ones), the contact line in the page footer."""
    doc = Notice()
    heads = doc.list_definition((counting, "%1、"))
    lines = text.strip("\n").split("\n")
    for line in lines:
        if re.match(r"[一二]、", line):
            doc.numbered(heads, line[2:])
        elif line.startswith(("欢迎", "歡迎")):
            doc.footer(line)
        else:
            doc.para(line)
    return doc.save(folder / name)


def _facts(found: list) -> list[tuple]:
    """What a finding is, apart from how its message and quotes are written."""
    return [(f.rule, f.item, f.location.line, f.location.column, f.location.end_line, f.location.end_column,
             f.location.cell) for f in found]


def _lint(path: Path, ruleset) -> list:
    return list(lint([path], ruleset=ruleset).files[0].findings)


def test_big5_file_is_read_as_big5(tmp_path: Path) -> None:
    data = TRADITIONAL.encode("big5")
    assert decode_named(data, "通報.txt") == (TRADITIONAL, "big5")


def test_traditional_notice_gets_the_findings_of_its_simplified_twin(tmp_path: Path, ruleset) -> None:
    simplified = tmp_path / "simplified.txt"
    simplified.write_text(SIMPLIFIED, encoding="utf-8")
    plain = _lint(simplified, ruleset)
    found = _lint(_big5(TRADITIONAL, tmp_path, "traditional.txt"), ruleset)
    assert [f.rule for f in plain] == EXPECTED_RULES  # the twin finds every defect
    assert _facts(found) == _facts(plain)


def test_messages_quote_the_traditional_text(tmp_path: Path, ruleset) -> None:
    found = {f.rule: f for f in _lint(_big5(TRADITIONAL, tmp_path, "traditional.txt"), ruleset)}
    assert found["consistency/parts-sum"].message == (
        "「共抽檢食品120批次，其中糧食製品40批次，肉製品45批次，乳製品50批次」: 分项合计 135,超过总数 120")
    assert found["wording/future-in-completed"].message == (
        "问题 1「食品安全抽檢覆蓋面不廣」列为已完成,但措施称「擬於」,整改尚未完成")
    assert found["completeness/owner-vague"].message == (
        "问题 2 的责任人只写了「相關股室」,未落实到具体领导、部门或人员")
    assert found["dates/overdue"].message.startswith("问题 3「投訴舉報處置不及時」尚未完成")
    assert found["consistency/rate"].message.startswith("「投訴按時辦結率98%，受理投訴200件，按時辦結190件」")
    assert found["wording/future-in-completed"].excerpt == "擬於"
    assert found["consistency/rate"].quote.text == "投訴按時辦結率98%，受理投訴200件，按時辦結190件。"


def test_every_quote_is_the_written_text_and_the_rule_words_stay_simplified(tmp_path: Path, ruleset) -> None:
    simplified = tmp_path / "simplified.txt"
    simplified.write_text(SIMPLIFIED, encoding="utf-8")
    plain = _lint(simplified, ruleset)
    found = _lint(_big5(TRADITIONAL, tmp_path, "traditional.txt"), ruleset)
    for written, twin in zip(found, plain, strict=True):
        # the rule's own words are the same; what it quotes is the document's, as written
        assert _QUOTED.sub("「」", written.message) == _QUOTED.sub("「」", twin.message)
        for quoted, twin_quoted in zip(_QUOTED.findall(written.message), _QUOTED.findall(twin.message),
                                       strict=True):
            assert quoted in TRADITIONAL and len(quoted) == len(twin_quoted)
        assert written.excerpt in TRADITIONAL
        if written.quote is not None:  # an item's owner is quoted by its heading line: no sentence of its own
            assert written.quote.text in TRADITIONAL and written.quote.text != twin.quote.text


def test_extracted_values_are_written_in_traditional_characters(tmp_path: Path) -> None:
    read = read_ledger(_big5(TRADITIONAL, tmp_path, "traditional.txt"))
    ledger = read.ledger
    assert ledger["unit"] == "中共某縣市場監督管理局黨組"
    assert ledger["inspection"]["body"] == "縣委第三巡察組"
    assert ledger["document"]["title"] == "中共某縣市場監督管理局黨組關於巡察整改進展情況的通報"
    assert ledger["document"]["reason"] == "巡察整改情况报告:标题「中共某縣市場監督管理局黨組關於巡察整改進展情況的通報」"
    assert ledger["contact"]["address"] == "某縣人民路1號"
    first, second, third = ledger["issues"]
    assert first["title"] == "食品安全抽檢覆蓋面不廣"
    assert first["section"] == "已完成整改事項"
    assert first["owner"] == {"leader": "張建國", "department": "食品安全監管股"}
    assert [m["text"] for m in first["measures"]] == [
        "2023年6月12日製定《食品安全抽檢工作實施方案》",
        "共抽檢食品120批次，其中糧食製品40批次，肉製品45批次，乳製品50批次",
        "擬於9月開展節前專項檢查"]
    assert second["owner"] == {"person": "相關股室"}
    assert third["owner"] == {"leader": "王麗華", "department": "消費者權益保護股"}
    assert third["status"] == "in_progress" and third["deadline"].isoformat() == "2023-06-30"
    assert ledger["document"]["paragraphs"][-1] == "2023年7月15日"
    assert "歡迎社會各界對整改落實情況進行監督。聯繫電話：0000-1234567；通信地址：某縣人民路1號。" in (
        ledger["document"]["paragraphs"])


def test_read_in_simplified_characters_it_is_the_simplified_twin(tmp_path: Path) -> None:
    simplified = tmp_path / "simplified.txt"
    simplified.write_text(SIMPLIFIED, encoding="utf-8")
    twin = read_ledger(simplified)
    read = read_ledger(_big5(TRADITIONAL, tmp_path, "traditional.txt"))
    reading = as_read(read.ledger, read.source_map.simplified)
    assert reading["document"].pop("reason") != twin.ledger["document"].pop("reason")  # it quotes the title
    assert reading == twin.ledger
    assert read.ledger["issues"][0]["title"] == "食品安全抽檢覆蓋面不廣"  # as_read copies, never changes


def test_a_simplified_notice_is_its_own_reading(tmp_path: Path) -> None:
    simplified = tmp_path / "simplified.txt"
    simplified.write_text(SIMPLIFIED + "乾县人民路1号\n", encoding="utf-8")
    read = read_ledger(simplified)
    assert read.source_map.simplified == {}
    assert read.ledger["issues"][0]["title"] == "食品安全抽检覆盖面不广"


def test_extract_command_prints_the_written_values(tmp_path: Path) -> None:
    path = _big5(TRADITIONAL, tmp_path, "traditional.txt")
    result = CliRunner().invoke(main, ["extract", str(path)], catch_exceptions=False)
    assert result.exit_code == 0
    assert "title: 食品安全抽檢覆蓋面不廣  # L4:7" in result.output
    assert "person: 相關股室  # L8:5" in result.output
    assert "食品安全抽检" not in result.output


def test_json_report_keeps_the_traditional_characters(tmp_path: Path) -> None:
    path = _big5(TRADITIONAL, tmp_path, "traditional.txt")
    result = CliRunner().invoke(main, ["lint", "--isolated", "--format", "json", str(path)],
                                catch_exceptions=False)
    report = json.loads(result.output)
    (file,) = report["files"]
    text = json.dumps(file, ensure_ascii=False)
    for simplified_only in ("抽检", "覆盖", "相关股室", "投诉", "办结"):
        assert simplified_only not in text
    assert "相關股室" in text


def test_word_notice_in_traditional_characters(tmp_path: Path, ruleset) -> None:
    plain = _lint(_docx(SIMPLIFIED, tmp_path, "simplified.docx", "chineseCounting"), ruleset)
    path = _docx(TRADITIONAL, tmp_path, "traditional.docx", "taiwaneseCounting")
    found = _lint(path, ruleset)
    assert [f.rule for f in plain] == EXPECTED_RULES
    assert _facts(found) == _facts(plain)
    by_rule = {f.rule: f for f in found}
    assert by_rule["completeness/owner-vague"].message == (
        "问题 2 的责任人只写了「相關股室」,未落实到具体领导、部门或人员")
    assert by_rule["consistency/parts-sum"].excerpt == "共抽檢食品120批次，其中糧食製品40批次，肉製品45批次，乳製品50批次"
    ledger = read_ledger(path).ledger
    assert [i["title"] for i in ledger["issues"]] == ["食品安全抽檢覆蓋面不廣", "行政執法案卷歸檔不規範",
                                                      "投訴舉報處置不及時"]
    assert ledger["issues"][0]["section"] == "已完成整改事項"
    assert ledger["contact"]["address"] == "某縣人民路1號"  # read from the footer


def test_written_text_for_messages() -> None:
    ledger, source_map = extract_ledger(TRADITIONAL, "traditional.txt")
    written = AsWritten(ledger, source_map.simplified)
    assert written("食品安全抽检覆盖面不广") == "食品安全抽檢覆蓋面不廣"  # a whole value
    assert written("拟于") == "擬於"  # a part of one, cut from the value holding it
    assert written("2023-06-30") == "2023-06-30"
    assert written("问题不存在于文中") == "问题不存在于文中"  # not the document's text: as it is


# A ledger table in both scripts: a completed item without evidence, a measure promising a date now past, an
# owner that names no one, a deadline no reader can date (尽快/儘快).
TABLE_SIMPLIFIED = [
    ["序号", "问题", "整改措施", "责任部门", "整改时限", "整改进展"],
    ["1", "财务报销审核不严", "2023年6月开展财务专项检查", "办公室", "2023年6月30日", "已完成"],
    ["2", "公务用车管理不规范", "拟于9月修订《公务用车管理办法》", "相关股室", "尽快", "正在推进"],
]
TABLE_TRADITIONAL = [
    ["序號", "問題", "整改措施", "責任部門", "整改時限", "整改進展"],
    ["1", "財務報銷審核不嚴", "2023年6月開展財務專項檢查", "辦公室", "2023年6月30日", "已完成"],
    ["2", "公務用車管理不規範", "擬於9月修訂《公務用車管理辦法》", "相關股室", "儘快", "正在推進"],
]
TABLE_RULES = ["completeness/evidence-missing", "dates/promise-past-due", "completeness/owner-vague",
               "input/unreadable-value"]
AS_OF = LintOptions(as_of=dt.date(2023, 10, 31))


def _csv(rows: list[list[str]], path: Path, encoding: str) -> Path:
    path.write_bytes("".join(",".join(row) + "\n" for row in rows).encode(encoding))
    return path


def _xlsx(rows: list[list[str]], path: Path) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "整改台账"
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def _lint_as_of(path: Path, ruleset) -> list:
    return list(lint([path], AS_OF, ruleset=ruleset).files[0].findings)


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_traditional_table_gets_the_findings_of_its_simplified_twin(tmp_path: Path, ruleset, kind: str) -> None:
    if kind == "csv":
        plain_path = _csv(TABLE_SIMPLIFIED, tmp_path / "simplified.csv", "utf-8")
        path = _csv(TABLE_TRADITIONAL, tmp_path / "traditional.csv", "big5")
    else:
        plain_path = _xlsx(TABLE_SIMPLIFIED, tmp_path / "simplified.xlsx")
        path = _xlsx(TABLE_TRADITIONAL, tmp_path / "traditional.xlsx")
    plain = _lint_as_of(plain_path, ruleset)
    found = _lint_as_of(path, ruleset)
    assert [f.rule for f in plain] == TABLE_RULES
    assert _facts(found) == _facts(plain)
    by_rule = {f.rule: f for f in found}
    assert by_rule["completeness/evidence-missing"].message == "问题 1「財務報銷審核不嚴」已完成,但没有佐证材料"
    assert by_rule["completeness/owner-vague"].excerpt == "相關股室"
    assert by_rule["input/unreadable-value"].message == (
        "问题 2 的整改时限无法读取: 整改时限「儘快」不是可识别的日期或时限;该值未计入检查")
    assert by_rule["input/unreadable-value"].excerpt == "儘快"
    ledger = read_ledger(path).ledger
    assert [i["title"] for i in ledger["issues"]] == ["財務報銷審核不嚴", "公務用車管理不規範"]
    assert ledger["issues"][1]["owner"] == {"department": "相關股室"}
    assert ledger["issues"][1]["measures"][0]["text"] == "擬於9月修訂《公務用車管理辦法》"
    assert [i["status"] for i in ledger["issues"]] == ["completed", "in_progress"]


def test_a_simplified_table_is_its_own_reading(tmp_path: Path) -> None:
    read = read_ledger(_csv(TABLE_SIMPLIFIED, tmp_path / "simplified.csv", "utf-8"))
    assert read.source_map.simplified == {}
    assert read.ledger["issues"][0]["title"] == "财务报销审核不严"


def test_word_notice_with_a_traditional_problem_table(tmp_path: Path, ruleset) -> None:
    """Prose and a problem table in traditional characters: the table is read as the items (not left out as
    an unreadable table, which made the notice a summary with nothing to check)."""
    def build(title: str, opening: str, rows: list[list[str]], contact: str, name: str) -> Path:
        doc = Notice()
        doc.para(title)
        doc.para(opening)
        doc.table(rows)
        doc.para(contact)
        doc.para("2023年10月31日")
        return doc.save(tmp_path / name)

    plain_path = build("中共某县司法局党组关于巡察整改进展情况的通报",
                       "2023年5月10日，县委第二巡察组向县司法局党组反馈了巡察意见，指出问题2个。现将整改进展情况予以公布。",
                       TABLE_SIMPLIFIED, "联系电话：0000-0000000", "simplified.docx")
    path = build("中共某縣司法局黨組關於巡察整改進展情況的通報",
                 "2023年5月10日，縣委第二巡察組向縣司法局黨組反饋了巡察意見，指出問題2個。現將整改進展情況予以公佈。",
                 TABLE_TRADITIONAL, "聯繫電話：0000-0000000", "traditional.docx")
    plain = _lint_as_of(plain_path, ruleset)
    found = _lint_as_of(path, ruleset)
    assert "completeness/owner-vague" in [f.rule for f in plain]
    assert _facts(found) == _facts(plain)
    assert {f.location.cell for f in found} >= {"表1!D3"}
    read = read_ledger(path)
    assert [i["title"] for i in read.ledger["issues"]] == ["財務報銷審核不嚴", "公務用車管理不規範"]
    assert read.ledger["declared"]["issues"] == 2
    assert read.ledger["unit"] == "中共某縣司法局黨組"
    owner_vague = next(f for f in found if f.rule == "completeness/owner-vague")
    assert owner_vague.message == "问题 2 的责任人只写了「相關股室」,未落实到具体领导、部门或人员"


YAML_SIMPLIFIED = """ledger_version: 1
unit: 某县司法局党组
report_date: 2023-10-31
issues:
  - id: "1"
    title: 公务用车管理不规范
    owner: {department: 相关股室}
    deadline: 2023年9月底前
    status: 已办结
    measures:
      - {text: 拟于9月修订《公务用车管理办法》}
  - id: "2"
    title: 财务报销审核不严
    owner: {department: 办公室}
    deadline: 2023年12月底前
    status: 处理中
    measures:
      - {text: 2023年6月开展财务专项检查}
"""


def test_yaml_ledger_in_traditional_characters(tmp_path: Path, ruleset) -> None:
    plain_path = tmp_path / "simplified.yaml"
    plain_path.write_text(YAML_SIMPLIFIED, encoding="utf-8")
    path = tmp_path / "traditional.yaml"
    path.write_text(opencc_s2t(YAML_SIMPLIFIED), encoding="utf-8")
    plain = _lint(plain_path, ruleset)
    found = _lint(path, ruleset)
    assert [f.rule for f in plain] == ["completeness/evidence-missing", "completeness/owner-vague",
                                       "wording/future-in-completed", "input/invalid"]
    assert _facts(found) == _facts(plain)
    by_rule = {f.rule: f for f in found}
    assert by_rule["wording/future-in-completed"].message == (
        "问题 1「公務用車管理不規範」列为已完成,但措施称「擬於」,整改尚未完成")
    assert "「處理中」" in by_rule["input/invalid"].message  # an unreadable status, quoted as written
    ledger = read_ledger(path).ledger
    assert ledger["issues"][0]["status"] == "completed"  # 已辦結
    assert ledger["issues"][0]["owner"] == {"department": "相關股室"}
    assert ledger["unit"] == "某縣司法局黨組"


def opencc_s2t(text: str) -> str:
    """The same text in traditional characters (OpenCC s2t)."""
    import opencc

    return opencc.OpenCC("s2t").convert(text)


def test_word_table_progress_column_gives_the_status_in_traditional_characters(tmp_path: Path) -> None:
    """A 整改情況 column of long progress text: its status words (已完成整改, 正在推進) give the status."""
    rows = [["序號", "問題", "整改措施", "責任部門", "整改情況"],
            ["1", "財務報銷審核不嚴", "2023年6月開展財務專項檢查", "辦公室", "已完成整改，清退不合規票據3張"],
            ["2", "公務用車管理不規範", "2023年9月修訂《公務用車管理辦法》", "辦公室", "正在推進，辦法已送審並將於年底印發"]]
    doc = Notice()
    doc.para("中共某縣司法局黨組關於巡察整改進展情況的通報")
    doc.para("2023年5月10日，縣委第二巡察組向縣司法局黨組反饋了巡察意見，指出問題2個。現將整改進展情況予以公佈。")
    doc.table(rows)
    doc.para("2023年10月31日")
    ledger = read_ledger(doc.save(tmp_path / "progress.docx")).ledger
    assert [i.get("status") for i in ledger["issues"]] == ["completed", "in_progress"]
    assert ledger["issues"][1]["progress"] == "正在推進，辦法已送審並將於年底印發"


DATA = Path(__file__).resolve().parent / "data"
_SIMPLIFIED_NOTICES = sorted(
    [*DATA.glob("variants/*.txt"), *DATA.glob("seeds/*.txt"), *DATA.glob("corpus/notices/*.txt")])


@pytest.mark.parametrize("path", _SIMPLIFIED_NOTICES, ids=lambda p: p.name)
def test_every_notice_written_in_traditional_characters_reads_as_itself(tmp_path: Path, ruleset, path: Path) -> None:
    """Each notice of the test data, rewritten in traditional characters (OpenCC s2tw, as a Taiwan editor
    would), gets its own findings at the same places, and every text a message quotes is its written text."""
    import opencc

    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        pytest.skip("not UTF-8 (the Big5 case is traditional already)")
    written = opencc.OpenCC("s2tw").convert(text)
    if written == text or len(written) != len(text):
        pytest.skip("already traditional, or not rewritten character for character")
    twin = tmp_path / path.name
    twin.write_bytes(written.encode("utf-8"))
    plain, found = _lint(path, ruleset), _lint(twin, ruleset)
    assert _facts(found) == _facts(plain)
    for finding in found:
        for quoted in _QUOTED.findall(finding.message):
            assert quoted in written, (finding.rule, quoted)
        assert finding.excerpt in written
