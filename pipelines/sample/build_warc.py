"""Build the bundled sample archive ``sovai-sample.warc.gz`` from pages and manifests.

The archive stands in for a real crawl in tests and demos, so it must be byte-for-byte
reproducible: record dates come from the manifests, record ids are uuid5s of
(url, fetched_at, type) and every gzip member is written with mtime 0. Before writing, the
builder checks that each ``expected/<stem>.json`` still matches its page (every ``body_text``
paragraph and every event's evidence occurs in the text), so hand edits cannot drift apart.

Run: ``python -m pipelines.sample.build_warc [OUTPUT]``.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import io
import json
import os
import sys
import tomllib
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime
from http import HTTPStatus
from pathlib import Path
from urllib.parse import urlsplit

from selectolax.lexbor import LexborHTMLParser
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

SAMPLE_DIR = Path(__file__).resolve().parent
DEFAULT_OUTPUT = SAMPLE_DIR / "sovai-sample.warc.gz"
FETCHED_AT_FORMAT = "%Y-%m-%dT%H:%M:%SZ"
# Manifest labels -> Python codecs; EUC-KR pages are served as cp949, its superset, as browsers do.
SERVE_CODECS = {"utf-8": "utf-8", "euc-kr": "cp949"}
# Headers the builder derives itself; a manifest may not override them.
DERIVED_HEADERS = frozenset({"content-type", "content-length", "date"})
REQUEST_HEADERS = (
    ("User-Agent", "sovai/0.1 (research crawler; bundled sample archive)"),
    ("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"),
    ("Accept-Language", "ko-KR,ko;q=0.9,en;q=0.7"),
)
EXPECTED_KEYS = frozenset(
    {
        "url", "canonical_url", "portal", "publisher", "title", "subtitle", "authors",
        "published_at", "updated_at", "section", "language", "body_text", "relevant", "events",
    }
)  # fmt: skip


class SampleError(Exception):
    """A manifest, page or expected file is inconsistent; the message names the file."""


@dataclass(frozen=True, slots=True)
class ManifestEntry:
    """One recorded HTTP response, as listed in a manifest."""

    manifest: str
    file: str
    url: str
    fetched_at: str
    status: int
    content_type: str
    serve_encoding: str
    extra_headers: tuple[tuple[str, str], ...] = ()

    @property
    def stem(self) -> str:
        return Path(self.file).stem

    @property
    def fetched_dt(self) -> datetime:
        return datetime.strptime(self.fetched_at, FETCHED_AT_FORMAT).replace(tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class BuildResult:
    output: Path
    responses: int
    records: int
    sha256: str


def _entry_from_table(manifest: str, index: int, table: dict) -> ManifestEntry:
    where = f"{manifest} [[response]] #{index + 1}"
    for key in ("file", "url", "fetched_at", "status", "content_type", "serve_encoding"):
        if key not in table:
            raise SampleError(f"{where}: missing key {key!r}")
    if not isinstance(table["status"], int):
        raise SampleError(f"{where}: status must be an integer")
    try:
        datetime.strptime(table["fetched_at"], FETCHED_AT_FORMAT)
    except (TypeError, ValueError):
        raise SampleError(f"{where}: fetched_at must look like 2026-01-15T07:20:11Z") from None
    if table["serve_encoding"] not in SERVE_CODECS:
        raise SampleError(f"{where}: serve_encoding must be one of {sorted(SERVE_CODECS)}")
    extra = table.get("extra_headers", {})
    if not isinstance(extra, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in extra.items()
    ):
        raise SampleError(f"{where}: extra_headers must map header names to strings")
    clash = DERIVED_HEADERS.intersection(k.lower() for k in extra)
    if clash:
        raise SampleError(f"{where}: extra_headers may not set {sorted(clash)}")
    return ManifestEntry(
        manifest=manifest,
        file=table["file"],
        url=table["url"],
        fetched_at=table["fetched_at"],
        status=table["status"],
        content_type=table["content_type"],
        serve_encoding=table["serve_encoding"],
        extra_headers=tuple(extra.items()),
    )


def load_manifests(sample_dir: Path = SAMPLE_DIR) -> list[ManifestEntry]:
    """All entries of every ``manifest-*.toml``, manifests sorted by name, entries in order."""
    entries: list[ManifestEntry] = []
    seen: dict[tuple[str, str], str] = {}
    for path in sorted(sample_dir.glob("manifest-*.toml")):
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as exc:
            raise SampleError(f"{path.name}: {exc}") from None
        for i, table in enumerate(data.get("response", [])):
            entry = _entry_from_table(path.name, i, table)
            if not (sample_dir / "pages" / entry.file).is_file():
                raise SampleError(f"{path.name}: page file not found: pages/{entry.file}")
            key = (entry.url, entry.fetched_at)
            if key in seen:
                raise SampleError(
                    f"{path.name}: {entry.url} at {entry.fetched_at} repeats {seen[key]}"
                )
            seen[key] = path.name
            entries.append(entry)
    if not entries:
        raise SampleError(f"no manifest-*.toml entries under {sample_dir}")
    return entries


def served_body(entry: ManifestEntry, sample_dir: Path = SAMPLE_DIR) -> bytes:
    """The page bytes as the server sent them (pages are stored as UTF-8 whatever was served)."""
    text = (sample_dir / "pages" / entry.file).read_text(encoding="utf-8")
    try:
        return text.encode(SERVE_CODECS[entry.serve_encoding])
    except UnicodeEncodeError as exc:
        raise SampleError(
            f"pages/{entry.file}: cannot be served as {entry.serve_encoding}: {exc}"
        ) from None


def _normalise_space(text: str) -> str:
    return " ".join(text.split())


def _page_text(path: Path) -> str:
    """Visible text of a page with whitespace collapsed (tags dropped, entities decoded)."""
    tree = LexborHTMLParser(path.read_text(encoding="utf-8"))
    root = tree.root
    return _normalise_space(root.text(deep=True, separator="", strip=False) if root else "")


def check_expected(entries: Sequence[ManifestEntry], sample_dir: Path = SAMPLE_DIR) -> None:
    """Fail when an expected JSON no longer matches its page (the drift guard)."""
    urls_by_stem: dict[str, set[str]] = {}
    file_by_stem: dict[str, str] = {}
    for entry in entries:
        urls_by_stem.setdefault(entry.stem, set()).add(entry.url)
        file_by_stem[entry.stem] = entry.file
    for path in sorted((sample_dir / "expected").glob("*.json")):
        name = f"expected/{path.name}"
        if path.stem not in file_by_stem:
            raise SampleError(f"{name}: no manifest entry serves a page with this stem")
        try:
            expected = json.loads(path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:
            raise SampleError(f"{name}: {exc}") from None
        missing = EXPECTED_KEYS.difference(expected)
        if missing:
            raise SampleError(f"{name}: missing keys {sorted(missing)}")
        if expected["url"] not in urls_by_stem[path.stem]:
            raise SampleError(f"{name}: url {expected['url']} is not the manifest url")
        body = expected["body_text"]
        page = _page_text(sample_dir / "pages" / file_by_stem[path.stem])
        for para in body.split("\n"):
            if para.strip() and _normalise_space(para) not in page:
                raise SampleError(f"{name}: body_text paragraph not in page: {para[:60]!r}")
        for event in expected["events"]:
            if event.get("evidence", "") not in body:
                raise SampleError(f"{name}: evidence not in body_text: {event.get('evidence')!r}")


def record_id(url: str, fetched_at: str, record_type: str) -> str:
    return f"<urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'{url} {fetched_at} {record_type}')}>"


def _serialise(record) -> bytes:
    """One record as its own gzip member with mtime 0 (so two builds give the same bytes)."""
    buffer = io.BytesIO()
    WARCWriter(buffer, gzip=False).write_record(record)
    return gzip.compress(buffer.getvalue(), compresslevel=9, mtime=0)


def _warcinfo(writer: WARCWriter, filename: str, entries: Sequence[ManifestEntry]):
    latest = max(e.fetched_at for e in entries)
    manifests = sorted({e.manifest for e in entries})
    fields = (
        ("software", "sovai pipelines.sample.build_warc"),
        ("format", "WARC File Format 1.0"),
        ("description", "Bundled sample of Korean news, portal and government pages"),
        ("isPartOf", "sovai-sample"),
        ("manifests", " ".join(manifests)),
        ("responses", str(len(entries))),
    )
    payload = "".join(f"{k}: {v}\r\n" for k, v in fields).encode("utf-8")
    return writer.create_warc_record(
        "",
        "warcinfo",
        payload=io.BytesIO(payload),
        length=len(payload),
        warc_headers_dict={
            "WARC-Record-ID": record_id(filename, latest, "warcinfo"),
            "WARC-Date": latest,
            "WARC-Filename": filename,
        },
    )


def _request(writer: WARCWriter, entry: ManifestEntry, info_id: str, response_id: str):
    parts = urlsplit(entry.url)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    http = StatusAndHeaders(
        f"GET {target} HTTP/1.1", [("Host", parts.netloc), *REQUEST_HEADERS], is_http_request=True
    )
    return writer.create_warc_record(
        entry.url,
        "request",
        payload=io.BytesIO(b""),
        length=0,
        http_headers=http,
        warc_headers_dict={
            "WARC-Record-ID": record_id(entry.url, entry.fetched_at, "request"),
            "WARC-Date": entry.fetched_at,
            "WARC-Warcinfo-ID": info_id,
            "WARC-Concurrent-To": response_id,
        },
    )


def _response(
    writer: WARCWriter, entry: ManifestEntry, body: bytes, info_id: str, response_id: str
):
    headers = [
        ("Content-Type", entry.content_type),
        ("Content-Length", str(len(body))),
        ("Date", format_datetime(entry.fetched_dt, usegmt=True)),
        *entry.extra_headers,
    ]
    http = StatusAndHeaders(
        f"{entry.status} {HTTPStatus(entry.status).phrase}", headers, protocol="HTTP/1.1"
    )
    return writer.create_warc_record(
        entry.url,
        "response",
        payload=io.BytesIO(body),
        length=len(body),
        http_headers=http,
        warc_headers_dict={
            "WARC-Record-ID": response_id,
            "WARC-Date": entry.fetched_at,
            "WARC-Warcinfo-ID": info_id,
        },
    )


def build(output: Path = DEFAULT_OUTPUT, sample_dir: Path = SAMPLE_DIR) -> BuildResult:
    """Check the sample files and write the archive to ``output`` (atomically)."""
    entries = load_manifests(sample_dir)
    check_expected(entries, sample_dir)
    writer = WARCWriter(io.BytesIO(), gzip=False)  # used only as a record factory
    info = _warcinfo(writer, output.name, entries)
    info_id = info.rec_headers.get_header("WARC-Record-ID")
    members = [_serialise(info)]
    for entry in entries:
        body = served_body(entry, sample_dir)
        response_id = record_id(entry.url, entry.fetched_at, "response")
        members.append(_serialise(_request(writer, entry, info_id, response_id)))
        members.append(_serialise(_response(writer, entry, body, info_id, response_id)))
    data = b"".join(members)
    output.parent.mkdir(parents=True, exist_ok=True)
    partial = output.with_name(output.name + ".partial")
    partial.write_bytes(data)
    os.replace(partial, output)
    return BuildResult(
        output=output,
        responses=len(entries),
        records=len(members),
        sha256=hashlib.sha256(data).hexdigest(),
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m pipelines.sample.build_warc", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument(
        "output", nargs="?", type=Path, default=DEFAULT_OUTPUT, help="archive path to write"
    )
    parser.add_argument(
        "--sample-dir", type=Path, default=SAMPLE_DIR, help="folder holding pages/ and manifests"
    )
    args = parser.parse_args(argv)
    try:
        result = build(args.output, args.sample_dir)
    except SampleError as exc:
        print(f"build_warc: {exc}", file=sys.stderr)
        return 1
    print(
        f"wrote {result.output} ({result.responses} responses, {result.records} records, "
        f"sha256 {result.sha256})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
