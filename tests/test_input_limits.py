"""Bounded inputs: non-regular files refused, zip containers checked against what they expand to, sheets
bounded by the cells that exist, streamed sheets read whole; every case a clear message, exit 2, no hang."""

from __future__ import annotations

import io
import os
import re
import zipfile
from pathlib import Path

import docx
import openpyxl
import pytest
from click.testing import CliRunner

from checker import api, load
from checker.cli import main
from checker.errors import InputError
from checker.load import limits, xlsx_source

ROOT = Path(__file__).resolve().parent.parent
CLEAN = ROOT / "samples" / "clean" / "fancheng-2023.yaml"
HEADER = ["序号", "问题", "整改措施", "责任领导", "责任部门", "责任人", "整改时限", "整改状态"]


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def _ledger_xlsx(rows: int = 3) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(HEADER)
    for i in range(1, rows + 1):
        ws.append([i, f"问题{i}落实不到位", "2023年5月召开专题会议", "张某", "办公室", "李某", "2023-06-30", "已完成"])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _rewrite(data: bytes, member: str, edit) -> bytes:
    """The zip with one member's bytes replaced by edit(old bytes)."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            dst.writestr(info.filename, edit(body) if info.filename == member else body)
    return out.getvalue()


def _refused(tmp_path: Path, name: str, data: bytes, word: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(InputError) as info:
        load.read(path, name)
    assert word in info.value.message
    code, out, _ = run("lint", str(path), str(CLEAN))
    assert code == 2 and word in out and "fancheng-2023.yaml" in out  # the batch goes on


# ---- files that are not regular files -------------------------------------------------------------------

@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_fifo_given_or_found_in_a_folder_is_refused_without_blocking(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.json")
    code, out, _ = run("lint", str(tmp_path / "pipe.json"))
    assert code == 2 and "不是普通文件" in out
    (tmp_path / "ok.yaml").write_bytes(CLEAN.read_bytes())
    code, out, _ = run("lint", str(tmp_path))
    assert code == 2 and "pipe.json" in out and "不是普通文件" in out


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero here")
def test_device_is_refused() -> None:
    code, out, _ = run("lint", "/dev/zero")
    assert code == 2 and "不是普通文件" in out


def test_symlink_loop_in_a_batch_is_one_error(tmp_path: Path) -> None:
    (tmp_path / "loop.json").symlink_to(tmp_path / "loop.json")
    code, out, err = run("lint", str(tmp_path / "loop.json"), str(CLEAN))
    assert code == 2 and "符号链接形成循环" in out and "Traceback" not in err
    assert "fancheng-2023.yaml" in out


def test_dangling_link_in_a_folder_is_reported(tmp_path: Path) -> None:
    (tmp_path / "gone.json").symlink_to(tmp_path / "nowhere.json")
    (tmp_path / "ok.yaml").write_bytes(CLEAN.read_bytes())
    code, out, _ = run("lint", str(tmp_path))
    assert code == 2 and "gone.json" in out and "文件不存在" in out


def test_input_size_limit_is_configurable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes("通报".encode() * 600_000)  # 3.6 MB
    monkeypatch.setenv("LEDGERLINT_MAX_INPUT_MB", "2")
    with pytest.raises(InputError, match="文件过大"):
        load.read(path, "big.txt")


# ---- zip containers ---------------------------------------------------------------------------------------

def test_xlsx_zip_bomb_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """One shared string of 40 MB of a single letter (the 1.5 GB bomb of the report, scaled down with the limit)."""
    bomb = _rewrite(_ledger_xlsx(), "xl/worksheets/sheet1.xml",
                    lambda old: old.replace(b"<t>", b"<t>" + b"a" * 40_000_000, 1))
    assert len(bomb) < 200_000
    _refused(tmp_path, "bomb.xlsx", bomb, "压缩比异常")


def test_expanded_size_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LEDGERLINT_MAX_EXPANDED_MB", "1")
    data = _rewrite(_ledger_xlsx(), "xl/worksheets/sheet1.xml",
                    lambda old: old.replace(b"<t>", b"<t>" + os.urandom(700_000).hex().encode(), 1))
    _refused(tmp_path, "big.xlsx", data, "解压后过大")


def test_too_many_shared_strings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LEDGERLINT_MAX_SHARED_STRINGS", "1000")
    many = b"<sst>" + b"".join(b"<si><t>x</t></si>" for _ in range(5000)) + b"</sst>"
    buf = io.BytesIO(_ledger_xlsx())
    with zipfile.ZipFile(buf, "a") as archive:
        archive.writestr("xl/sharedStrings.xml", many)
    data = buf.getvalue()
    _refused(tmp_path, "strings.xlsx", data, "共享文本过多")


def test_far_corner_cell_is_refused(tmp_path: Path) -> None:
    far = b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row></sheetData>'
    data = _rewrite(_ledger_xlsx(), "xl/worksheets/sheet1.xml", lambda old: old.replace(b"</sheetData>", far))
    _refused(tmp_path, "corner.xlsx", data, "声明的范围过大")


def test_whole_sheet_merge_is_refused(tmp_path: Path) -> None:
    merge = b'</sheetData><mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>'
    data = _rewrite(_ledger_xlsx(), "xl/worksheets/sheet1.xml", lambda old: old.replace(b"</sheetData>", merge))
    _refused(tmp_path, "merge.xlsx", data, "合并单元格覆盖范围过大")


def test_ordinary_merges_and_wide_sheets_still_load(tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(io.BytesIO(_ledger_xlsx(30)))
    ws = wb.active
    ws.merge_cells("D2:D31")
    ws.cell(1, 300, "备注")  # a wide but real column
    out = io.BytesIO()
    wb.save(out)
    path = tmp_path / "ok.xlsx"
    path.write_bytes(out.getvalue())
    assert load.read(path, "ok.xlsx").format == "xlsx"


def test_docx_with_millions_of_empty_paragraphs_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LEDGERLINT_MAX_PARAGRAPHS", "10000")
    d = docx.Document()
    d.add_paragraph("关于巡察整改情况的通报")
    buf = io.BytesIO()
    d.save(buf)
    data = _rewrite(buf.getvalue(), "word/document.xml",
                    lambda old: old.replace(b"<w:body>", b"<w:body>" + b"<w:p/><w:p></w:p>" * 20_000, 1))
    _refused(tmp_path, "many.docx", data, "段落数过多")


def test_chunked_count_does_not_miss_or_double_needles() -> None:
    text = (b"ab" * (2 * 1024 * 1024 - 1)) + b"<w:p>" + b"x" * 100 + b"<w:p>"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("word/document.xml", text)
    with zipfile.ZipFile(buf) as z:
        assert limits._count(z, "word/document.xml", (b"<w:p>", b"<w:p ")) == 2


def test_word_file_without_a_body(tmp_path: Path) -> None:
    d = docx.Document()
    buf = io.BytesIO()
    d.save(buf)
    empty = b'<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>'
    path = tmp_path / "nobody.docx"
    path.write_bytes(_rewrite(buf.getvalue(), "word/document.xml", lambda old: empty))
    code, _, err = run("extract", str(path))
    assert code == 2 and "没有正文" in err and "Traceback" not in err
    code, out, _ = run("lint", str(path))
    assert code == 2 and "没有正文" in out


# ---- streaming mode reads every row -------------------------------------------------------------------

def test_streamed_workbook_with_a_stale_dimension_reads_every_row(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    data = _rewrite(_ledger_xlsx(40), "xl/worksheets/sheet1.xml",
                    lambda old: re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:B2"/>', old))
    path = tmp_path / "stale.xlsx"
    path.write_bytes(data)
    monkeypatch.setattr(xlsx_source, "FULL_LOAD_MAX", 100)  # stream it, as a file over the limit would be
    read = api.read_ledger(path, "stale.xlsx")
    assert len(read.ledger["issues"]) == 40


# ---- a worker that dies does not cost the batch its results ------------------------------------------

_LINT_IN_WORKER = api._lint_in_worker


def _dies_on_bad(item: tuple[Path, str]):
    if item[0].name == "bad.yaml":
        os._exit(9)  # as the out-of-memory killer would
    return _LINT_IN_WORKER(item)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="the test relies on workers forked from this process")
def test_killed_worker_under_jobs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import multiprocessing

    if multiprocessing.get_start_method() != "fork":
        pytest.skip("workers are not forked here")
    for name in ("a.yaml", "bad.yaml", "c.yaml", "d.yaml"):
        (tmp_path / name).write_bytes(CLEAN.read_bytes())
    monkeypatch.setattr(api, "_lint_in_worker", _dies_on_bad)
    result = api.lint([tmp_path], api.LintOptions(jobs=2))
    by_name = {Path(f.path).name: f for f in result.files}
    assert sorted(by_name) == ["a.yaml", "bad.yaml", "c.yaml", "d.yaml"]
    assert by_name["bad.yaml"].failed and "意外终止" in by_name["bad.yaml"].findings[0].message
    assert all(not by_name[n].failed and by_name[n].items == 11 for n in ("a.yaml", "c.yaml", "d.yaml"))


# ---- prose: linear reader (tests/test_prose_linear.py), and no notice beyond a size bound ----------------

HUGE_NOTICES = {
    "notice-32mb.txt": lambda: "关于巡察整改进展情况的通报\n" + "(一)关于“学习不深入”的问题。整改措施:召开会议。\n" * 700_000,
    "line-50mb.txt": lambda: "通报" + "a" * 50_000_000,
}


@pytest.mark.parametrize("name", sorted(HUGE_NOTICES))
def test_huge_notices_are_refused_up_front(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_text(HUGE_NOTICES[name](), encoding="utf-8")
    assert path.stat().st_size > 30_000_000
    code, out, _ = run("lint", str(path), str(CLEAN))
    assert code == 2 and "通报正文过长" in out and "fancheng-2023.yaml" in out


def test_prose_limit_is_configurable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "n.txt"
    path.write_text("关于巡察整改进展情况的通报\n" + "整改工作稳步推进。\n" * 200, encoding="utf-8")
    monkeypatch.setenv("LEDGERLINT_MAX_PROSE_CHARS", "1000")
    with pytest.raises(InputError, match="通报正文过长"):
        api.read_ledger(path, "n.txt")
    monkeypatch.setenv("LEDGERLINT_MAX_PROSE_CHARS", "100000")
    assert api.read_ledger(path, "n.txt").format == "text"


def test_yaml_alias_amplification_is_bounded_and_configurable(tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    lines = ['a0: &a0 ["x","x","x","x","x","x","x","x","x","x"]']
    lines += [f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 9)]
    path = tmp_path / "laughs.yaml"
    path.write_text("\n".join(lines) + "\nissues: *a8\n", encoding="utf-8")
    monkeypatch.setenv("LEDGERLINT_MAX_YAML_NODES", "20000")
    code, out, _ = run("lint", str(path), str(CLEAN))
    assert code == 2 and "节点过多" in out and "20,000" in out and "fancheng-2023.yaml" in out
