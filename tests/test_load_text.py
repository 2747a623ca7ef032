"""Plain text and Markdown notices (checker.load.text_source) and the decoding they rely on
(checker.load.encoding). Text quotes seed 000_5e4d1fbfc647a5c5.txt and 004_72a50137dd0ecd39.txt."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from checker.errors import InputError
from checker.load import WholeFileMap, read
from checker.load.encoding import decode, decode_named
from tests.seeds import SEEDS

NOTICE = (SEEDS / "000_5e4d1fbfc647a5c5.txt").read_text(encoding="utf-8")
GLOSSED = (SEEDS / "004_72a50137dd0ecd39.txt").read_text(encoding="utf-8")


def write(tmp_path: Path, data: bytes, name: str = "通报.txt") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_text_is_kept_as_written(tmp_path: Path) -> None:
    doc = read(write(tmp_path, NOTICE.encode("utf-8")))
    assert doc.format == "text" and doc.text == NOTICE
    assert doc.data is None and doc.json_bytes is None


def test_markdown(tmp_path: Path) -> None:
    text = "# 区司法局党组关于巡察整改进展情况的通报\n\n" + NOTICE
    doc = read(write(tmp_path, text.encode("utf-8"), "通报.md"))
    assert doc.format == "markdown" and doc.text == text


def test_crlf_and_traditional_text_unchanged(tmp_path: Path) -> None:
    text = GLOSSED[:400].replace("\n", "\r\n")
    doc = read(write(tmp_path, codecs.BOM_UTF8 + text.encode("utf-8")))
    assert doc.text == text  # BOM removed, nothing else normalised


def test_whole_file_map(tmp_path: Path) -> None:
    doc = read(write(tmp_path, NOTICE.encode("utf-8")), display="通报.txt")
    assert isinstance(doc.source_map, WholeFileMap)
    loc = doc.source_map.locate("/issues/3/title")
    assert (loc.source, loc.line, loc.pointer) == ("通报.txt", None, "/issues/3/title")
    assert doc.source_map.excerpt("/issues/3/title") == ""


@pytest.mark.parametrize("encoding, name", [
    ("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"), ("utf-16", "utf-16"), ("utf-16-be", None),
    ("gbk", "gb18030"), ("gb2312", "gb18030"), ("gb18030", "gb18030"),
])
def test_decode(encoding: str, name: str | None) -> None:
    text = NOTICE[:600]
    data = text.encode(encoding)
    if encoding == "utf-16-be":
        data = codecs.BOM_UTF16_BE + data
        name = "utf-16"
    assert decode_named(data, "x.txt") == (text, name)


def test_gb18030_only_characters() -> None:
    text = "䶮 樊城区司法局"  # U+4DAE: in GB18030, not in GBK
    assert decode(text.encode("gb18030"), "x.txt") == text


def test_utf8_needs_no_detection(monkeypatch: pytest.MonkeyPatch) -> None:
    import charset_normalizer

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("detection ran on valid UTF-8")

    monkeypatch.setattr(charset_normalizer, "from_bytes", refuse)
    assert decode(NOTICE.encode("utf-8"), "x.txt") == NOTICE


def test_detection_for_bomless_utf16() -> None:
    text = NOTICE[:300]
    assert decode(text.encode("utf-16-le"), "x.txt") == text


def test_binary_content_is_refused(tmp_path: Path) -> None:
    data = NOTICE[:100].encode("utf-8") + b"\n\n\x00\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20
    with pytest.raises(InputError) as caught:
        read(write(tmp_path, data))
    assert "编码" in caught.value.message
    assert caught.value.location.line == 3  # where the first undecodable byte is


def test_broken_utf8_after_a_bom(tmp_path: Path) -> None:
    data = codecs.BOM_UTF8 + "第一行\n第二行".encode() + b"\xff\xfe\xfd"
    with pytest.raises(InputError) as caught:
        read(write(tmp_path, data))
    assert "BOM" in caught.value.message and caught.value.location.line == 2


@pytest.mark.parametrize("content", [
    b"", b"\n\n  \t", codecs.BOM_UTF8, codecs.BOM_UTF16_LE + " \n".encode("utf-16-le")])
def test_empty_text(tmp_path: Path, content: bytes) -> None:
    with pytest.raises(InputError) as caught:
        read(write(tmp_path, content))
    assert caught.value.message == "文件为空"


def test_big5_is_told_from_gbk(tmp_path) -> None:
    from checker.load.encoding import decode_named

    text = "中共某縣司法局黨組關於巡察整改進展情況的通報\n根據縣委統一部署,縣委第二巡察組對縣司法局黨組進行了巡察。"
    assert decode_named(text.encode("big5"), "通报.txt") == (text, "big5")
    simplified = "中共某县司法局党组关于巡察整改进展情况的通报\n根据县委统一部署,县委第二巡察组进行了巡察。"
    assert decode_named(simplified.encode("gbk"), "通报.txt") == (simplified, "gb18030")
