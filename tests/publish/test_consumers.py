"""The tools people use open a release as downloaded: DuckDB (local and over HTTP), pandas,
pyarrow, polars, and the page's own queries, unchanged, from the release directory."""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import shutil
import struct
import threading
from collections.abc import Iterator
from functools import partial
from html import unescape
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import duckdb
import pandas as pd
import polars as pl
import pyarrow.parquet as pq
import pytest

from pipelines.publish.release import Release
from pipelines.status.vocabulary import STATUSES

OFFLINE = {"autoinstall_known_extensions": "false", "autoload_known_extensions": "false"}


def _manifest(release: Release) -> dict:
    return json.loads((release.path / "manifest.json").read_text(encoding="utf-8"))


# ------------------------------------------------------------------------- over HTTP


class RangeRequestHandler(SimpleHTTPRequestHandler):
    """A static file server that answers byte ranges, as any real static host does."""

    def log_message(self, format: str, *args: object) -> None:
        pass

    def send_head(self):  # type: ignore[override]
        spec = self.headers.get("Range")
        path = Path(self.translate_path(self.path))
        match = re.fullmatch(r"bytes=(\d+)-(\d*)", spec or "")
        if not match or not path.is_file():
            return super().send_head()
        size = path.stat().st_size
        start = int(match.group(1))
        end = min(int(match.group(2)) if match.group(2) else size - 1, size - 1)
        if start >= size:
            self.send_error(416)
            return None
        fh = path.open("rb")
        fh.seek(start)
        self.send_response(206)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Range", f"bytes {start}-{end}/{size}")
        self.send_header("Content-Length", str(end - start + 1))
        self.send_header("Accept-Ranges", "bytes")
        self.end_headers()
        return io.BytesIO(fh.read(end - start + 1))


@contextlib.contextmanager
def serve(directory: Path) -> Iterator[str]:
    server = ThreadingHTTPServer(
        ("127.0.0.1", 0), partial(RangeRequestHandler, directory=str(directory))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def httpfs_extension() -> Path:
    try:
        import duckdb_extension_httpfs
    except ImportError:
        pytest.skip("duckdb-extension-httpfs is not installed (pip install -e '.[dev]')")
    root = Path(duckdb_extension_httpfs.__file__).parent
    found = sorted(root.glob(f"extensions/v{duckdb.__version__}/httpfs.duckdb_extension"))
    if not found:
        pytest.skip(f"no httpfs extension for DuckDB {duckdb.__version__} in {root}")
    return found[0]


def test_duckdb_reads_the_release_over_http(published: Release, tmp_path: Path):
    extension = httpfs_extension()
    manifest = _manifest(published)
    con = duckdb.connect(config={**OFFLINE, "extension_directory": str(tmp_path / "ext")})
    con.execute(f"INSTALL '{extension}'")
    con.execute("LOAD httpfs")
    with serve(published.path.parent) as base:
        url = f"{base}/latest"  # through the symlink, as a reader following latest would
        for name, entry in manifest["tables"].items():
            rows = con.execute(
                "SELECT count(*) FROM read_parquet(?)", [f"{url}/{entry['path']}"]
            ).fetchone()
            assert rows == (entry["rows"],), name
        remote = con.execute(
            "SELECT team_id, status, since FROM read_parquet(?) ORDER BY ALL",
            [f"{url}/data/team_status_current.parquet"],
        ).fetchall()
    local = duckdb.connect(config=OFFLINE).execute(
        "SELECT team_id, status, since FROM read_parquet(?) ORDER BY ALL",
        [str(published.path / "data/team_status_current.parquet")],
    )
    assert remote == local.fetchall() and remote


# ------------------------------------------------------------------------- dataframes


def test_pandas_and_pyarrow_read_every_file(published: Release):
    for name, entry in _manifest(published)["tables"].items():
        path = published.path / entry["path"]
        frame = pd.read_parquet(path)
        assert len(frame) == entry["rows"], name
        assert list(frame.columns) == [c["name"] for c in entry["schema"]], name
        assert pq.read_table(path).num_rows == entry["rows"]
    current = pd.read_parquet(published.path / "data/team_status_current.parquet")
    assert set(current["status"]) <= set(STATUSES)


def test_polars_reads_every_file(published: Release):
    for name, entry in _manifest(published)["tables"].items():
        frame = pl.read_parquet(published.path / entry["path"])
        assert frame.height == entry["rows"], name
        assert frame.columns == [c["name"] for c in entry["schema"]], name


# ------------------------------------------------------------------------- the DuckDB file


def test_release_database_opens_on_its_own_anywhere(
    published: Release, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    alone = tmp_path / "elsewhere" / "copy.duckdb"
    alone.parent.mkdir()
    shutil.copy(published.path / "sovai.duckdb", alone)
    monkeypatch.chdir(tmp_path)  # neither the release dir nor the warehouse
    manifest = _manifest(published)
    for db in (alone, published.path / "sovai.duckdb"):
        con = duckdb.connect(str(db), read_only=True, config=OFFLINE)
        for name, entry in manifest["tables"].items():
            assert con.execute(f'SELECT count(*) FROM "{name}"').fetchone() == (entry["rows"],)
        views = con.execute(
            "SELECT view_name, sql FROM duckdb_views() WHERE NOT internal"
        ).fetchall()
        assert [v for v, _ in views] == ["team_status_current"]
        assert all("parquet" not in sql.lower() and "/" not in sql for _, sql in views)
        undocumented = con.execute(
            "SELECT table_name, column_name FROM duckdb_columns() "
            "WHERE comment IS NULL AND NOT internal"
        ).fetchall()
        assert undocumented == []
        con.close()


def test_release_database_uses_the_duckdb_1_0_storage_format(published: Release):
    """Storage version 64 is what DuckDB 1.0 writes; every 1.x and 2.x client opens it."""
    header = (published.path / "sovai.duckdb").read_bytes()[:20]
    assert header[8:12] == b"DUCK"
    assert struct.unpack("<Q", header[12:20]) == (64,)
    con = duckdb.connect(str(published.path / "sovai.duckdb"), read_only=True, config=OFFLINE)
    tags = con.execute(
        "SELECT tags FROM duckdb_databases() WHERE NOT internal AND type = 'duckdb'"
    ).fetchone()
    con.close()
    assert tags is not None and tags[0].get("storage_version") == "v1.0.0+"


# ------------------------------------------------------------------------- the page's queries


def page_queries(index_html: str) -> dict[str, str]:
    """The exact code blocks a reader copies from the page."""
    blocks = re.findall(
        r'<code id="(query-[\w-]+)" class="language-\w+">(.*?)</code>', index_html, re.S
    )
    return {key: unescape(code) for key, code in blocks}


def test_the_page_queries_run_unchanged_in_the_release_dir(
    published: Release, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
):
    queries = page_queries((published.path / "index.html").read_text(encoding="utf-8"))
    assert {"query-duckdb-current", "query-pandas", "query-polars"} <= set(queries)
    monkeypatch.chdir(published.path)
    for key, code in queries.items():
        if key.startswith("query-duckdb"):
            rows = duckdb.connect(config=OFFLINE).execute(code).fetchall()
            assert rows, key
        else:
            exec(compile(code, key, "exec"), {})
            assert capsys.readouterr().out.strip(), key
    current = duckdb.connect(config=OFFLINE).execute(queries["query-duckdb-current"]).fetchall()
    assert len(current) == _manifest(published)["tables"]["team_status_current"]["rows"]


def test_release_is_relocatable(published: Release, tmp_path: Path, monkeypatch):
    """A downloaded copy of the directory works wherever it lands."""
    copy = tmp_path / "download"
    shutil.copytree(published.path, copy)
    monkeypatch.chdir(copy)
    queries = page_queries((copy / "index.html").read_text(encoding="utf-8"))
    rows = duckdb.connect(config=OFFLINE).execute(queries["query-duckdb-history"]).fetchall()
    assert rows and all(r[4] for r in rows)  # every change comes with its evidence
    assert os.path.exists("sovai.duckdb")
