"""read(): dispatch by suffix and by content, and the errors every reader shares (missing file, folder,
empty or oversized file, old Office formats). Content quotes seed 000_5e4d1fbfc647a5c5.txt."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import docx
import openpyxl
import pytest

from checker.errors import InputError
from checker.load import FORMATS, FORMATS_BY_SUFFIX, read
from checker.read import read_source

LEDGER = {"unit": "樊城区司法局党组", "issues": [{"id": "1", "title": "用先进的理论武装思想不够深入细致"}]}
TEXT = "2.关于“推进“一心四区”建设不够积极主动”的问题\n整改情况:一是加强组织领导\n"


def test_every_suffix_names_a_format() -> None:
    assert set(FORMATS_BY_SUFFIX.values()) == set(FORMATS)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError) as caught:
        read(tmp_path / "没有这个文件.json", display="没有这个文件.json")
    assert caught.value.message == "文件不存在"
    assert caught.value.location.source == "没有这个文件.json"


def test_directory(tmp_path: Path) -> None:
    folder = tmp_path / "台账.json"
    folder.mkdir()
    with pytest.raises(InputError) as caught:
        read(folder)
    assert "目录" in caught.value.message
    assert caught.value.location.source == str(folder)


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads everything")
def test_unreadable_file(tmp_path: Path) -> None:
    path = tmp_path / "台账.json"
    path.write_text("{}", encoding="utf-8")
    path.chmod(0)
    with pytest.raises(InputError) as caught:
        read(path)
    assert "权限" in caught.value.message


def test_size_limit(tmp_path: Path) -> None:
    path = tmp_path / "台账.json"
    path.write_text(json.dumps(LEDGER, ensure_ascii=False), encoding="utf-8")
    size = path.stat().st_size
    assert read(path, max_bytes=size).format == "json"
    with pytest.raises(InputError) as caught:
        read(path, max_bytes=size - 1)
    assert "过大" in caught.value.message and caught.value.hint


@pytest.mark.parametrize("name", ["台账.json", "台账.yaml", "台账.csv", "通报.txt", "通报.md", "台账.xlsx"])
def test_empty_files(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"")
    with pytest.raises(InputError) as caught:
        read(path)
    assert caught.value.message == "文件为空"


def test_display_path_is_used(tmp_path: Path) -> None:
    path = tmp_path / "台账.json"
    path.write_text(json.dumps(LEDGER, ensure_ascii=False, indent=2), encoding="utf-8")
    doc = read(path, display="a/台账.json")
    assert doc.path == "a/台账.json"
    assert doc.source_map.locate("/unit").source == "a/台账.json"


def test_sniffing_unknown_suffixes(tmp_path: Path) -> None:
    json_file = tmp_path / "ledger.dat"
    json_file.write_text(json.dumps(LEDGER, ensure_ascii=False), encoding="utf-8")
    assert read(json_file).format == "json"
    bracketed = tmp_path / "notice.dat"
    bracketed.write_text("[通知]" + TEXT, encoding="utf-8")
    assert read(bracketed).format == "text"
    text_file = tmp_path / "通报"
    text_file.write_text(TEXT, encoding="gbk")
    doc = read(text_file)
    assert doc.format == "text" and doc.text == TEXT
    book = openpyxl.Workbook()
    book.active.append(["序号", "问题", "整改措施"])
    book.active.append([1, "用先进的理论武装思想不够深入细致", "修订制度"])
    book.save(tmp_path / "book.xlsx")
    (tmp_path / "book.xlsx").rename(tmp_path / "book.bin")
    assert read(tmp_path / "book.bin").format == "xlsx"
    document = docx.Document()
    document.add_paragraph(TEXT.split("\n")[0])
    document.save(tmp_path / "notice.docx")
    (tmp_path / "notice.docx").rename(tmp_path / "notice")
    assert read(tmp_path / "notice").text == TEXT.split("\n")[0]


@pytest.mark.parametrize("name, content", [
    ("台账.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600),
    ("通报.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600),
    ("通报.wps", "整改情况".encode()),
    ("unknown", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600),
])
def test_old_office_formats(tmp_path: Path, name: str, content: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(InputError) as caught:
        read(path)
    assert "旧版 Office" in caught.value.message and ".docx" in (caught.value.hint or "")


def test_an_xlsx_under_an_old_name_is_read(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    book.active.append(["序号", "问题", "整改措施", "责任领导"])
    book.active.append([1, "用先进的理论武装思想不够深入细致", "修订制度", "张某"])
    path = tmp_path / "台账.xls"
    book.save(tmp_path / "tmp.xlsx")
    (tmp_path / "tmp.xlsx").rename(path)
    assert read_source(read(path)).data["issues"][0]["owner"] == {"leader": "张某"}


def test_unknown_zip(tmp_path: Path) -> None:
    import zipfile

    path = tmp_path / "材料.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("a.txt", "整改台账")
    with pytest.raises(InputError) as caught:
        read(path)
    assert "无法识别" in caught.value.message


def test_errors_render_without_traceback(tmp_path: Path) -> None:
    path = tmp_path / "台账.json"
    path.write_bytes(b"")
    with pytest.raises(InputError) as caught:
        read(path, display="台账.json")
    assert caught.value.render() == "台账.json: 文件为空"


def test_reading_json_imports_no_office_libraries(tmp_path: Path) -> None:
    path = tmp_path / "台账.json"
    path.write_text(json.dumps(LEDGER, ensure_ascii=False), encoding="utf-8")
    code = ("import sys; from pathlib import Path; from checker.load import read; "
            f"read(Path({str(path)!r})).source_map.locate('/issues/0/title'); "
            "print(sorted(m for m in ('openpyxl', 'docx', 'yaml', 'charset_normalizer') "
            "if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                          cwd=Path(__file__).resolve().parent.parent)
    assert done.stdout.strip() == "[]"
