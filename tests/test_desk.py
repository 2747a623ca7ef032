"""The desk end to end, in headless Chromium against `ledgerlint serve` (SQLite, and PostgreSQL when
LEDGERLINT_TEST_POSTGRES is set, as .ci/run does): log in, upload a notice, see its findings, upload the fixed
version and see the finding as fixed; history and overdue per unit; a unit account sees only its own unit;
reports and files come only from the store; limits on uploads."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.desk_server import PASSWORD, Desk

ROOT = Path(__file__).resolve().parent.parent
NOTICE = ROOT / "samples" / "notices" / "pingdingshan-2024-notice.txt"
LEDGER = ROOT / "samples" / "ledgers" / "pingdingshan-2024.yaml"
FUTURE = "本年度政治轮训拟于6月至8月期间进行。"
DONE = "本年度政治轮训已于6月至8月期间完成。"


def login(browser: Any, desk: Desk, user: str) -> Any:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(desk.url + "/")
    assert "/login/" in page.url
    page.fill("input[name=username]", user)
    page.fill("input[name=password]", PASSWORD)
    page.click("button.primary")
    page.wait_for_load_state()
    assert "/login/" not in page.url, f"{user} could not log in"
    return page


def upload(page: Any, desk: Desk, name: str, data: bytes, unit: str | None = None) -> None:
    page.goto(desk.url + "/upload/")
    page.set_input_files("input[name=files]", files=[{"name": name, "mimeType": "text/plain", "buffer": data}])
    if unit is not None:
        page.fill("input[name=unit]", unit)
    page.click("button.primary")
    page.wait_for_load_state()


def count(page: Any, cls: str) -> int:
    return int(page.inner_text(f"b.{cls}"))


@pytest.fixture()
def boss(browser: Any, desk: Desk) -> Iterator[Any]:
    page = login(browser, desk, "boss")
    yield page
    page.context.close()


def test_login_upload_notice_then_fixed_version_shows_fixed(boss: Any, desk: Desk, tmp_path: Path) -> None:
    text = NOTICE.read_text(encoding="utf-8")
    assert FUTURE in text
    upload(boss, desk, "平顶山通报.txt", text.encode("utf-8"))
    assert re.search(r"/submissions/\d+/$", boss.url)
    first = boss.url
    assert "关于落实市委巡察反馈意见整改情况的通报" in boss.inner_text("h1")
    assert "中共平顶山市司法局党委" in boss.inner_text("dl.facts")
    new = count(boss, "new-count")
    assert new > 0 and count(boss, "fixed-count") == 0
    marks = boss.eval_on_selector_all("section.new mark", "els => els.map(e => e.innerText)")
    assert "拟于" in marks
    boss.screenshot(path=str(tmp_path / "first.png"))

    upload(boss, desk, "平顶山通报(修改后).txt", text.replace(FUTURE, DONE).encode("utf-8"))
    assert boss.url != first
    assert count(boss, "fixed-count") == 1 and count(boss, "new-count") == 0
    assert count(boss, "open-count") == new - 1
    fixed = boss.inner_text("section.fixed")
    assert "拟于" in fixed and "已整改" in fixed

    # the unit page: both submissions, newest first, the second one fixing one finding
    boss.click("a:has-text('中共平顶山市司法局党委')")
    rows = boss.eval_on_selector_all("table.history tbody tr", "els => els.map(e => e.innerText)")
    assert len(rows) >= 2 and "平顶山通报(修改后).txt" in rows[0] and "平顶山通报.txt" in rows[1]
    cells = boss.eval_on_selector_all("table.history tbody tr:first-child td.n", "els => els.map(e => e.innerText)")
    assert cells[4:6] == [str(new - 1), "1"]  # still open, fixed


def test_overdue_items_are_highlighted_and_the_report_is_served_from_the_store(boss: Any, desk: Desk) -> None:
    upload(boss, desk, "平顶山台账.yaml", LEDGER.read_bytes())
    assert boss.locator("article.finding.overdue").count() == 1
    report = boss.get_attribute("a:has-text('检查报告')", "href")
    response = boss.context.request.get(desk.url + report)
    assert response.status == 200
    assert "default-src 'none'" in response.headers["content-security-policy"]
    assert "整改台账与整改通报检查报告" in response.text()
    boss.goto(desk.url + "/")
    row = boss.locator("table.units tr.overdue")
    assert "平顶山市司法局党委" in row.first.inner_text()
    for bad in ("/submissions/999999/report/", "/submissions/1/file/../../secret_key", "/store/secret_key"):
        assert boss.context.request.get(desk.url + bad).status == 404


def test_a_unit_account_sees_only_its_own_unit(browser: Any, boss: Any, desk: Desk) -> None:
    upload(boss, desk, "通报.txt", NOTICE.read_bytes())
    other = boss.url
    own = login(browser, desk, "fc")
    try:
        assert "樊城区司法局党组" in own.inner_text("h1")  # a unit account lands on its own unit
        for path in ("", "report/", "file/"):
            response = own.context.request.get(other + path)
            assert response.status == 404, path
        upload(own, desk, "樊城通报.txt", (ROOT / "samples" / "notices" / "fancheng-2023-notice.txt").read_bytes())
        assert "樊城区司法局党组" in own.inner_text("dl.facts")
        mine = own.url
        assert own.context.request.get(mine + "report/").status == 200
    finally:
        own.context.close()
    pds = login(browser, desk, "pds")
    try:
        assert pds.context.request.get(mine).status == 404
    finally:
        pds.context.close()


def test_uploads_over_the_limits_are_refused_with_a_message(boss: Any, desk: Desk) -> None:
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("通报.txt", "巡察" * 5_000_000)
    upload(boss, desk, "材料.zip", bomb.getvalue())
    assert "压缩比异常" in boss.inner_text("[role=alert]")
    upload(boss, desk, "说明.exe", b"MZ")
    assert "不支持的文件类型" in boss.inner_text("[role=alert]")


def test_a_zip_of_documents_becomes_one_submission_each(boss: Any, desk: Desk) -> None:
    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("报送/平顶山通报.txt", NOTICE.read_bytes())
        archive.writestr("报送/樊城通报.txt", (ROOT / "samples" / "notices" / "fancheng-2023-notice.txt").read_bytes())
        archive.writestr("__MACOSX/._平顶山通报.txt", b"\x00")
        archive.writestr("报送/说明.pdf", b"%PDF")
    upload(boss, desk, "批量.zip", packed.getvalue(), unit="")
    boss.goto(desk.url + "/")
    units = boss.eval_on_selector_all("table.units tbody td:first-child", "els => els.map(e => e.innerText)")
    assert "区司法局党组" in units and "中共平顶山市司法局党委" in units


def test_csrf_is_enforced(desk: Desk, browser: Any) -> None:
    page = login(browser, desk, "boss")
    try:
        response = page.context.request.post(desk.url + "/upload/", multipart={
            "files": {"name": "a.txt", "mimeType": "text/plain", "buffer": b"x"}})
        assert response.status == 403
    finally:
        page.context.close()


def test_a_folder_is_submitted_from_the_command_line(boss: Any, desk: Desk, tmp_path: Path) -> None:
    folder = tmp_path / "报送"
    folder.mkdir()
    (folder / "台账.yaml").write_bytes(LEDGER.read_bytes())
    (folder / "说明.pdf").write_bytes(b"%PDF")
    done = desk.command("desk", "upload", str(folder), "--user", "boss", "--unit", "某县司法局党组")
    assert done.returncode == 0, done.stderr
    assert "已报送 1 个文件" in done.stdout and "某县司法局党组" in done.stdout
    boss.goto(desk.url + "/")
    boss.click("a:has-text('某县司法局党组')")
    assert "台账.yaml" in boss.inner_text("table.history")
    missing = desk.command("desk", "upload", str(folder), "--user", "nobody")
    assert missing.returncode == 2 and "不存在" in missing.stderr


def test_a_unit_written_with_and_without_its_party_prefix_is_one_unit(boss: Any, desk: Desk, tmp_path: Path) -> None:
    folder = tmp_path / "报送"
    folder.mkdir()
    (folder / "台账.yaml").write_bytes(LEDGER.read_bytes())
    for unit in ("某县教育局党组", "中共某县教育局党组"):
        done = desk.command("desk", "upload", str(folder), "--user", "boss", "--unit", unit)
        assert done.returncode == 0, done.stderr
    boss.goto(desk.url + "/")
    assert boss.locator("a:has-text('某县教育局党组')").count() == 1
    boss.click("a:has-text('某县教育局党组')")
    assert boss.inner_text("table.history").count("台账.yaml") == 2
