"""Text reporter: grouping, location forms, Chinese severities, width-correct alignment, summary, colour."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace

from checker.findings import FileResult, LintResult, Severity
from checker.location import Location
from checker.report import text
from tests.test_report_common import DOCX_BROKEN, JSON_LEDGER, SEED, XLSX_LEDGER, YAML_LEDGER, sample_result

ANSI = re.compile(r"\x1b\[[0-9;]*m")


def columns(s: str) -> int:
    """Terminal width, computed independently of the reporter: CJK wide/full-width count two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


def groups(out: str) -> dict[str, list[str]]:
    """Lines of each file block, keyed by the path on its header line."""
    blocks = out.rstrip("\n").split("\n\n")
    return {block.split("\n")[0].split("  [")[0]: block.split("\n") for block in blocks[:-1]}


def test_one_block_per_file_in_order_with_header() -> None:
    result = sample_result()
    out = text.render(result)
    blocks = groups(out)
    assert list(blocks) == [f.path for f in result.files]
    for file in result.files:
        header = blocks[file.path][0]
        assert file.format in header
        if file.failed:
            assert "无法读取" in header
        else:
            assert f"{file.items} 项" in header
            assert ("台账" if file.kind == "ledger" else "通报") in header


def test_finding_lines_carry_location_severity_rule_message() -> None:
    result = sample_result()
    blocks = groups(text.render(result))
    for file in result.files:
        heads = [line for line in blocks[file.path][1:] if not line.startswith("  ")]
        assert len(heads) == len(file.findings)
        for line, finding in zip(heads, file.findings, strict=True):
            fields = re.split(r" {2,}", line)
            assert fields[1:] == [finding.severity.chinese, finding.rule, finding.message]


def test_location_forms() -> None:
    out = text.render(sample_result())
    starts = [line.split("  ")[0] for line in out.splitlines() if line and not line.startswith(" ")]
    assert f"{JSON_LEDGER}#/issues/3" in starts
    assert f"{XLSX_LEDGER}:整改台账!F7" in starts
    assert f"{XLSX_LEDGER}:长期整改事项!D4" in starts
    assert f"{SEED}:26:16" in starts
    assert DOCX_BROKEN in starts


def test_excerpt_follows_its_finding_and_nothing_more_when_line_known() -> None:
    lines = text.render(sample_result()).splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith(f"{SEED}:52:65 "))
    assert lines[at + 1] == "  > 加强思想教育,杜绝再次出现类似情况"
    assert lines[at + 2] == "  ↳ 问题 23"  # its message names the item by title only
    assert not lines[at + 3].startswith("  ")
    cell = next(i for i, line in enumerate(lines) if line.startswith(f"{XLSX_LEDGER}:整改台账!F7"))
    assert lines[cell + 1] == "  > 2023年3月10日"
    assert "/issues/5/deadline" in lines[cell + 2] and "6" in lines[cell + 2]
    assert lines[cell + 3] == f"  参见 {XLSX_LEDGER}:整改台账!B2"


def test_columns_align_by_display_width_with_chinese() -> None:
    result = sample_result()
    blocks = groups(text.render(result))
    for file in result.files:
        heads = [line for line in blocks[file.path][1:] if not line.startswith("  ")]
        if not heads:
            continue
        for field in (1, 2, 3):
            starts = set()
            for line in heads:
                parts = re.split(r"( {2,})", line)
                starts.add(columns("".join(parts[: 2 * field])))
            assert len(starts) == 1, (file.path, field, heads)
    # the xlsx block mixes sheet names of 4 and 6 Chinese characters: len()-padding would misalign it
    xlsx = [line for line in blocks[XLSX_LEDGER][1:] if not line.startswith("  ")]
    assert len({line.index("警告") if "警告" in line else line.index("错误") for line in xlsx}) == 2


def test_display_width_and_truncate() -> None:
    assert text.display_width("整改台账!F7") == 11
    assert text.display_width("e\u0301") == 1  # combining accent takes no column
    cut = text.truncate("加强思想教育,杜绝再次出现类似情况", 10)
    assert cut.endswith("…") and text.display_width(cut) <= 10


def test_long_multiline_excerpt_is_one_compact_line() -> None:
    seed = sample_result().files[-1]
    long = "一是加强制度建设,构建长效机制;\n二是加强制度执行," + "将制度落实到各项工作当中," * 10
    finding = replace(seed.findings[-1], excerpt=long)
    out = text.render(LintResult((replace(seed, findings=(finding,)),), {}))
    quoted = [line for line in out.splitlines() if line.startswith("  > ")]
    assert len(quoted) == 1 and "\n" not in quoted[0]
    assert text.display_width(quoted[0]) <= text.EXCERPT_WIDTH + 4
    assert quoted[0].startswith("  > 一是加强制度建设,构建长效机制; 二是")


def test_clean_file_says_so() -> None:
    assert groups(text.render(sample_result()))[YAML_LEDGER][1:] == ["  未发现问题"]


def test_summary_counts_and_failed_files() -> None:
    result = sample_result()
    last = text.render(result).rstrip("\n").splitlines()[-1]
    sev = [f.severity for f in result.findings()]
    expected = (f"共检查 {len(result.files)} 个文件,发现 {sev.count(Severity.ERROR)} 个错误、"
                f"{sev.count(Severity.WARNING)} 个警告、{sev.count(Severity.INFO)} 个提示,1 个文件无法读取")
    assert last == expected
    readable = LintResult(tuple(f for f in result.files if not f.failed), result.rules)
    assert "无法读取" not in text.render(readable).splitlines()[-1]


def test_empty_run() -> None:
    assert text.render(LintResult((), {})) == "共检查 0 个文件,发现 0 个错误、0 个警告、0 个提示\n"


def test_colour_only_adds_escape_codes() -> None:
    result = sample_result()
    plain = text.render(result)
    coloured = text.render(result, color=True)
    assert "\x1b[" in coloured and "\x1b[" not in plain
    assert ANSI.sub("", coloured) == plain


def test_whole_file_location_without_excerpt() -> None:
    file = FileResult("通报/樊城区司法局.md", "markdown", "notice", (), items=0)
    finding = replace(sample_result().files[0].findings[0], location=Location(file.path), item=None)
    out = text.render(LintResult((replace(file, findings=(finding,)),), {}))
    assert out.splitlines()[1].startswith("通报/樊城区司法局.md  错误  ")
    assert out.splitlines()[2] == ""


def test_the_item_is_named_under_a_finding_whose_message_does_not_name_it() -> None:
    from checker.findings import Finding, Severity
    from checker.location import Location

    def details(message: str) -> list[str]:
        finding = Finding("consistency/parts-sum", Severity.ERROR, message, Location("big.json", 1156, 38), "50",
                          "共检查经营户100户,其中合格90户,限期整改11户")
        return text._detail_lines(finding)

    assert details("「共检查经营户100户…」: 分项合计 101,超过总数 100")[1:] == ["  ↳ 问题 50"]
    assert details("问题 50 的责任人只写了「专人」")[1:] == []
