"""Index the HTTP responses in WARC files, and read one back by offset.

The index (url, file, offset, length, hashes) is what ``raw_pages`` stores; parsing seeks to a
record instead of holding an archive in memory, so archives of any size stream.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

MAX_PAYLOAD_BYTES = 20_000_000  # a record bigger than this is indexed but not read into memory


class ArchiveError(ValueError):
    """A file that is missing, unreadable or not a WARC archive."""


@dataclass(frozen=True, slots=True)
class ResponseRecord:
    page_id: str
    url: str
    warc_file: str
    warc_offset: int
    warc_length: int
    record_id: str
    fetched_at: datetime
    http_status: int | None
    content_type: str | None
    payload_bytes: int
    payload_sha256: str
    kind: str

    def as_row(self) -> dict[str, object]:
        return {f: getattr(self, f) for f in self.__dataclass_fields__}


def page_kind(content_type: str | None, url: str = "") -> str:
    ct = (content_type or "").split(";", 1)[0].strip().lower()
    if ct in {"text/html", "application/xhtml+xml"}:
        return "html"
    if ct.endswith(("rss+xml", "atom+xml")) or ct in {"application/xml", "text/xml"}:
        return "feed"
    if not ct and url.lower().endswith((".html", ".htm", "/")):
        return "html"
    return "other"


def _warc_date(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(UTC)


def iter_responses(path: Path) -> Iterator[ResponseRecord]:
    """Yield one ``ResponseRecord`` per HTTP response record in the file."""
    if not path.is_file():
        raise ArchiveError(f"{path}: no such file")
    try:
        with path.open("rb") as fh:
            it = ArchiveIterator(fh, arc2warc=True)
            for record in it:
                if record.rec_type != "response" or record.http_headers is None:
                    continue
                url = record.rec_headers.get_header("WARC-Target-URI") or ""
                record_id = record.rec_headers.get_header("WARC-Record-ID") or ""
                stream = record.content_stream()
                digest = hashlib.sha256()
                size = 0
                while chunk := stream.read(1 << 16):
                    digest.update(chunk)
                    size += len(chunk)
                offset = it.get_record_offset()
                length = it.get_record_length()
                status_text = record.http_headers.get_statuscode()
                content_type = record.http_headers.get_header("Content-Type")
                yield ResponseRecord(
                    page_id=hashlib.sha256(record_id.encode()).hexdigest()[:16],
                    url=url,
                    warc_file=str(path.resolve()),
                    warc_offset=offset,
                    warc_length=length,
                    record_id=record_id,
                    fetched_at=_warc_date(record.rec_headers.get_header("WARC-Date")),
                    http_status=int(status_text) if status_text and status_text.isdigit() else None,
                    content_type=content_type,
                    payload_bytes=size,
                    payload_sha256=digest.hexdigest(),
                    kind=page_kind(content_type, url),
                )
    except ArchiveLoadFailed as exc:
        raise ArchiveError(f"{path}: not a WARC archive ({exc})") from exc
    except (OSError, EOFError) as exc:
        raise ArchiveError(f"{path}: unreadable archive ({exc})") from exc


def archive_key(path: Path) -> str:
    """A WARC file's identity for reuse: its path, size and modification time.

    Archives are written once (to a temporary name, then renamed) and never appended to, so a
    file with the same key holds the same records.
    """
    st = path.stat()
    return f"{path.resolve()}|{st.st_size}|{st.st_mtime_ns}"


def index_archives(paths: Iterable[Path]) -> Iterator[ResponseRecord]:
    for path in paths:
        yield from iter_responses(Path(path))


def read_payload(warc_file: str | Path, offset: int) -> bytes:
    """The HTTP body of the record at ``offset`` (transfer and content encodings removed)."""
    with open(warc_file, "rb") as fh:
        fh.seek(offset)
        record = next(iter(ArchiveIterator(fh)))
        return record.content_stream().read(MAX_PAYLOAD_BYTES)
