"""Close the ``*.warc.gz.open`` files a killed run left behind.

Everything up to the last complete response is kept; a torn gzip member or a request whose
response never got written is cut off. The kept responses are handed back so the state
store can learn about them: a record that reached the archive is never fetched again.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator

from .warc_writer import OPEN_SUFFIX


@dataclass(frozen=True, slots=True)
class RecoveredResponse:
    url: str
    status: int | None
    content_type: str | None
    etag: str | None
    last_modified: str | None
    sha256: str
    size: int
    role: str
    source: str
    fetched_at: datetime
    warc_file: str


def recover_open_files(archive_dir: Path) -> Iterator[RecoveredResponse]:
    """Repair and rename every leftover open file; yield the responses they hold."""
    for path in sorted(Path(archive_dir).glob(f"*.warc.gz{OPEN_SUFFIX}")):
        final = path.with_name(path.name.removesuffix(OPEN_SUFFIX))
        responses, good_end = _scan(path, str(final))
        if good_end == 0:
            path.unlink()
            continue
        with open(path, "r+b") as fh:
            fh.truncate(good_end)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(path, final)
        yield from responses


def _scan(path: Path, final_name: str) -> tuple[list[RecoveredResponse], int]:
    responses: list[RecoveredResponse] = []
    good_end = 0
    with open(path, "rb") as fh:
        it = ArchiveIterator(fh, check_digests=False)
        try:
            for record in it:
                kind = record.rec_type
                payload = record.content_stream().read() if kind == "response" else b""
                offset = it.get_record_offset()
                end = offset + it.get_record_length()
                if kind != "request":
                    good_end = end
                if kind != "response" or record.http_headers is None:
                    continue
                responses.append(_response(record, payload, final_name))
        except Exception:
            pass
    return responses, good_end


def _response(record: object, payload: bytes, final_name: str) -> RecoveredResponse:
    rec = record.rec_headers  # type: ignore[attr-defined]
    http = record.http_headers  # type: ignore[attr-defined]
    status = http.get_statuscode()
    date = rec.get_header("WARC-Date") or ""
    return RecoveredResponse(
        url=rec.get_header("WARC-Target-URI") or "",
        status=int(status) if status and status.isdigit() else None,
        content_type=http.get_header("Content-Type"),
        etag=http.get_header("ETag"),
        last_modified=http.get_header("Last-Modified"),
        sha256=hashlib.sha256(payload).hexdigest(),
        size=len(payload),
        role=rec.get_header("WARC-Sovai-Role") or "",
        source=rec.get_header("WARC-Sovai-Source") or "",
        fetched_at=datetime.fromisoformat(date.replace("Z", "+00:00")).astimezone(UTC)
        if date
        else datetime.now(UTC),
        warc_file=final_name,
    )
