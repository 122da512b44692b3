"""Replay a WARC archive (the bundled sample or any user archive) into the crawl archive.

Replayed responses land in the same archive and state store as live ones, so the parse
step has one input whatever the pages' origin, and a URL already held is not imported
twice. ``path`` is a .warc/.warc.gz file, a directory of them, or ``"sample"``.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from ..config import SourceConfig
from ..discovery import Adapter, ArchivedResponse, SourceContext, SourceFailed

SAMPLE_DIR = Path(__file__).resolve().parents[2] / "sample"


@dataclass(frozen=True, slots=True, kw_only=True)
class WarcSource(SourceConfig):
    KIND = "warc"
    path: str

    @property
    def ident(self) -> str:
        return self.path

    def resolved(self, base_dir: Path) -> WarcSource:
        if self.path == "sample" or Path(self.path).expanduser().is_absolute():
            return self
        return dataclasses.replace(self, path=str((base_dir / self.path).resolve()))


def archive_files(path: str) -> list[Path]:
    target = SAMPLE_DIR if path == "sample" else Path(path).expanduser()
    if target.is_dir():
        return sorted(p for p in target.iterdir() if p.name.endswith((".warc.gz", ".warc")))
    if target.is_file():
        return [target]
    raise SourceFailed(f"no WARC archive at {target}")


async def discover(source: WarcSource, ctx: SourceContext) -> None:
    files = archive_files(source.path)
    if not files:
        raise SourceFailed(f"no .warc/.warc.gz files in {source.path}")
    imported = 0
    for path in files:
        try:
            with path.open("rb") as fh:
                for record in ArchiveIterator(fh):
                    if record.rec_type != "response" or record.http_headers is None:
                        continue
                    url = record.rec_headers.get_header("WARC-Target-URI") or ""
                    body = record.content_stream().read(ctx.max_body_bytes + 1)
                    if len(body) > ctx.max_body_bytes:
                        ctx.log(f"{source.name}: skipped {url}: body over max_body_bytes")
                        continue
                    status = record.http_headers.get_statuscode()
                    response = ArchivedResponse(
                        url=url,
                        warc_date=record.rec_headers.get_header("WARC-Date") or "",
                        status=int(status) if status and status.isdigit() else None,
                        http_headers=record.http_headers,
                        body=body,
                        record_id=record.rec_headers.get_header("WARC-Record-ID") or "",
                    )
                    imported += ctx.import_archived(response)
        except (ArchiveLoadFailed, OSError, EOFError) as exc:
            raise SourceFailed(f"unreadable WARC archive {path}: {exc}") from exc
    ctx.log(f"{source.name}: imported {imported} response(s) from {len(files)} file(s)")


ADAPTER = Adapter(kind=WarcSource.KIND, config_type=WarcSource, discover=discover)
