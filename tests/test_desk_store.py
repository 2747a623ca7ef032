"""The desk's store and upload limits, without a server: zips bounded in members, size and expansion ratio,
names that cannot leave the store, files written whole, and an upload that fails half-way leaving no rows."""

from __future__ import annotations

import io
import random
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest

from checker.desk.store import Limits, RejectedUpload, Store, unpack

ROOT = Path(__file__).resolve().parent.parent
LIMITS = Limits(file_bytes=1_000_000, zip_members=5, zip_total_bytes=2_000_000, zip_ratio=100)


def zipped(members: dict[str, bytes]) -> io.BytesIO:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    out.seek(0)
    return out


def test_a_document_is_taken_as_it_is_without_its_folder() -> None:
    got = unpack("C:\\Users\\王某\\通报.txt", io.BytesIO("通报".encode()), LIMITS)
    assert [(d.name, d.data) for d in got] == [("通报.txt", "通报".encode())]


def test_zip_keeps_documents_and_leaves_out_hidden_and_unsupported_members() -> None:
    archive = zipped({"报送/台账.xlsx": b"PK", "报送/通报.docx": b"PK", "__MACOSX/._通报.docx": b"x",
                      "报送/.DS_Store": b"x", "报送/说明.pdf": b"%PDF", "../../etc/通报.txt": b"text"})
    names = [d.name for d in unpack("材料.zip", archive, Limits(1_000_000, 10, 2_000_000, 100))]
    assert names == ["台账.xlsx", "通报.docx"]  # hidden, unsupported and ../ members are left out


@pytest.mark.parametrize(("members", "message"), [
    ({f"{i}.txt": b"x" for i in range(6)}, "超过 5 个的上限"),
    ({"通报.txt": b"0" * 1_500_000}, "压缩比异常"),
    ({"说明.pdf": b"%PDF"}, "没有可检查的文件"),
])
def test_zip_limits(members: dict[str, bytes], message: str) -> None:
    with pytest.raises(RejectedUpload, match=message):
        unpack("材料.zip", zipped(members), LIMITS)


def test_size_is_counted_on_the_bytes_read_not_the_declared_size() -> None:
    with pytest.raises(RejectedUpload, match="超过"):
        unpack("通报.txt", io.BytesIO(b"x" * 1_000_001), LIMITS)
    random_like = random.Random(12).randbytes(1_200_000)  # incompressible: no ratio alarm, still too big
    with pytest.raises(RejectedUpload, match="超过"):
        unpack("材料.zip", zipped({"通报.txt": random_like}), LIMITS)


def test_bad_zip_and_unsupported_type_are_refused() -> None:
    with pytest.raises(RejectedUpload, match="不是有效的 zip"):
        unpack("材料.zip", io.BytesIO(b"not a zip"), LIMITS)
    with pytest.raises(RejectedUpload, match="不支持的文件类型"):
        unpack("setup.exe", io.BytesIO(b"MZ"), LIMITS)


def test_store_is_content_addressed_and_serves_only_its_own_names(tmp_path: Path) -> None:
    store = Store(tmp_path / "store")
    name, digest = store.put(b"hello", ".TXT")
    assert name == digest + ".txt" and store.put(b"hello", ".txt") == (name, digest)
    assert store.path(name).read_bytes() == b"hello"
    assert list(store.names()) == [name] and not list((tmp_path / "store").glob(".part-*"))
    (tmp_path / "secret_key").write_text("k")
    for bad in ("../secret_key", "/etc/passwd", digest[:10] + ".txt", "a" * 64 + "/../../secret_key", ""):
        with pytest.raises(KeyError):
            store.path(bad)


def test_an_upload_failing_half_way_leaves_no_rows(tmp_path: Path) -> None:
    # In a fresh process (Django is configured once per process): the second document's findings fail to
    # insert; neither submission may remain.
    script = textwrap.dedent(f"""
        from pathlib import Path
        from checker.desk.settings import configure
        configure(Path({str(tmp_path / 'home')!r}))
        from django.core.management import call_command
        call_command("migrate", verbosity=0)
        from checker.desk import intake
        from checker.desk.models import StoredFinding, Submission
        from checker.desk.store import Incoming
        notice = Path({str(ROOT / 'samples' / 'notices' / 'pingdingshan-2024-notice.txt')!r}).read_bytes()
        docs = [intake.lint_one(Incoming(n, notice), intake.ruleset()) for n in ("a.txt", "b.txt")]
        calls = []
        original = StoredFinding.objects.bulk_create
        def failing(rows, *args, **kwargs):
            calls.append(1)
            if len(calls) == 2:
                raise OSError("disk full")
            return original(rows, *args, **kwargs)
        StoredFinding.objects.bulk_create = failing
        try:
            intake.save(docs, None, None)
        except OSError:
            pass
        print(len(calls), Submission.objects.count(), StoredFinding.objects.count())
        StoredFinding.objects.bulk_create = original
        saved = intake.save(docs, None, None)
        print(len(saved), Submission.objects.count(), StoredFinding.objects.count() > 0)
    """)
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert run.returncode == 0, run.stderr
    assert run.stdout.split("\n")[:2] == ["2 0 0", "2 2 True"]
