"""Time to lint and store a folder of notices through the desk, over HTTP, as a supervisor would.

Usage: python bench/desk.py [N] [--db URL]

Starts `ledgerlint serve` on a free port with a fresh home folder (SQLite unless --db), creates a
supervisor, writes N notices (the sample notices, each under its own unit name, so every one is a real
submission with its own history), then uploads them twice: as one zip, and one file per request. Prints the
wall time of each, and per notice. Needs the desk and test extras (pip install -e '.[test]').
"""

from __future__ import annotations

import argparse
import io
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.desk_server import PASSWORD, start_desk  # noqa: E402

NOTICES = sorted((ROOT / "samples" / "notices").glob("*.txt"))


def notices(n: int) -> list[tuple[str, bytes]]:
    """N notices: the samples in turn, the unit renamed so each is a distinct unit's submission."""
    out = []
    for i in range(n):
        source = NOTICES[i % len(NOTICES)].read_text(encoding="utf-8")
        text = source.replace("司法局", f"第{i + 1}司法局", 3)
        out.append((f"通报{i + 1:03d}.txt", text.encode("utf-8")))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("n", nargs="?", type=int, default=100)
    parser.add_argument("--db", default=None)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    docs = notices(args.n)
    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in docs:
            archive.writestr(name, data)
    with tempfile.TemporaryDirectory() as tmp:
        served = start_desk(Path(tmp), args.db)
        desk = next(served)
        made = desk.command("desk", "createsupervisor", "bench", "--password-stdin", password=PASSWORD)
        assert made.returncode == 0, made.stderr
        with sync_playwright() as playwright:
            api = playwright.request.new_context(base_url=desk.url)
            api.get("/login/")
            token = next(c["value"] for c in api.storage_state()["cookies"] if c["name"] == "csrftoken")
            api.post("/login/", form={"username": "bench", "password": PASSWORD, "csrfmiddlewaretoken": token},
                     headers={"Referer": desk.url + "/login/"})

            def post(files: list[tuple[str, bytes]]) -> None:
                token = next(c["value"] for c in api.storage_state()["cookies"] if c["name"] == "csrftoken")
                multipart: dict = {"csrfmiddlewaretoken": token}
                name, data = files[0]
                multipart["files"] = {"name": name, "mimeType": "application/octet-stream", "buffer": data}
                response = api.post("/upload/", multipart=multipart, headers={"Referer": desk.url + "/upload/"},
                                    timeout=600_000)
                assert response.ok, response.status

            start = time.perf_counter()
            post([("通报.zip", packed.getvalue())])
            as_zip = time.perf_counter() - start
            start = time.perf_counter()
            for doc in docs:
                post([doc])
            one_by_one = time.perf_counter() - start
            api.dispose()
        next(served, None)
    print(f"{args.n} notices as one zip: {as_zip:.2f} s ({as_zip / args.n * 1000:.0f} ms per notice)")
    print(f"{args.n} notices one request each: {one_by_one:.2f} s ({one_by_one / args.n * 1000:.0f} ms per notice)")


if __name__ == "__main__":
    main()
