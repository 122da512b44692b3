import gzip
import io
from datetime import UTC, datetime

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from pipelines.ingest.warc_index import ArchiveError, iter_responses, page_kind, read_payload


def write_warc(path, pages):
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for url, ctype, body in pages:
            headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
            rec = writer.create_warc_record(
                url,
                "response",
                payload=io.BytesIO(body),
                http_headers=headers,
                warc_headers_dict={"WARC-Date": "2026-01-15T07:20:11Z"},
            )
            writer.write_record(rec)
    return path


def test_index_and_read_back_by_offset(tmp_path):
    pages = [
        ("https://a.example/1", "text/html; charset=utf-8", "<p>첫 기사</p>".encode()),
        ("https://a.example/feed", "application/rss+xml", b"<rss/>"),
        ("https://a.example/2", "text/html", "<p>둘째</p>".encode("cp949")),
    ]
    warc = write_warc(tmp_path / "a.warc.gz", pages)
    records = list(iter_responses(warc))
    assert [r.url for r in records] == [p[0] for p in pages]
    assert [r.kind for r in records] == ["html", "feed", "html"]
    assert records[0].fetched_at == datetime(2026, 1, 15, 7, 20, 11, tzinfo=UTC)
    assert len({r.page_id for r in records}) == 3
    for rec, (_, _, body) in zip(records, pages, strict=True):
        assert read_payload(rec.warc_file, rec.warc_offset) == body
        assert rec.payload_bytes == len(body)


def test_not_a_warc_is_a_clear_error(tmp_path):
    bogus = tmp_path / "x.warc.gz"
    bogus.write_bytes(gzip.compress(b"hello, not a warc"))
    with pytest.raises(ArchiveError, match="not a WARC"):
        list(iter_responses(bogus))
    with pytest.raises(ArchiveError, match="no such file"):
        list(iter_responses(tmp_path / "missing.warc"))


@pytest.mark.parametrize(
    ("ctype", "kind"),
    [
        ("text/html;charset=euc-kr", "html"),
        ("application/atom+xml", "feed"),
        ("image/png", "other"),
        (None, "other"),
    ],
)
def test_page_kind(ctype, kind):
    assert page_kind(ctype, "https://x/a.png") == kind
