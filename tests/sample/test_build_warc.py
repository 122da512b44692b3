"""The sample archive builds reproducibly, holds every manifest response and reads back intact."""

from __future__ import annotations

import hashlib
import json
import re
from datetime import datetime
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from pipelines.sample import build_warc
from pipelines.sample.build_warc import SampleError, build, load_manifests

CANONICAL_TEAMS = {
    "LG AI연구원", "SK텔레콤", "업스테이지", "네이버클라우드", "NC AI", "모티프테크놀로지스",
    "트릴리온랩스", "카카오", "KT", "코난테크놀로지", "KAIST", "루닛", "바이오넥서스",
    "사이오닉에이아이", "정션메드", "파이온코퍼레이션",
}  # fmt: skip
STATUSES = {
    "applied", "shortlisted", "selected", "advanced", "eliminated", "considering",
    "intends_to_apply", "declined",
}  # fmt: skip
STAGES = {"call", "written_review", "presentation_review", "stage1", "additional_call", "stage2"}
PORTAL_PART = re.compile(r"^(naver|daum|yna|msit|naversearch)-")
KST_SECONDS = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+09:00$")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The real sample, built twice into two folders under the same file name."""
    root = tmp_path_factory.mktemp("warc")
    first = build(root / "a" / "sovai-sample.warc.gz")
    second = build(root / "b" / "sovai-sample.warc.gz")
    return first.output, second.output


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _responses(path: Path) -> list[tuple[dict[str, str], str, int, str, bytes]]:
    out = []
    with path.open("rb") as stream:
        for record in ArchiveIterator(stream):
            if record.rec_type != "response":
                continue
            out.append(
                (
                    dict(record.rec_headers.headers),
                    record.rec_headers.get_header("WARC-Target-URI"),
                    int(record.http_headers.get_statuscode()),
                    record.http_headers.get_header("Content-Type"),
                    record.content_stream().read(),
                )
            )
    return out


def test_two_builds_are_byte_identical(built: tuple[Path, Path]) -> None:
    first, second = built
    assert _sha256(first) == _sha256(second)


def test_archive_holds_every_manifest_response(built: tuple[Path, Path]) -> None:
    entries = load_manifests()
    responses = _responses(built[0])
    assert len(responses) >= len(entries)
    assert [r[1] for r in responses] == [e.url for e in entries]


def test_responses_read_back_as_served(built: tuple[Path, Path]) -> None:
    pages = build_warc.SAMPLE_DIR / "pages"
    for entry, (warc, url, status, content_type, payload) in zip(
        load_manifests(), _responses(built[0]), strict=True
    ):
        assert url == entry.url
        assert warc["WARC-Date"] == entry.fetched_at
        assert status == entry.status
        assert content_type == entry.content_type
        text = payload.decode(build_warc.SERVE_CODECS[entry.serve_encoding])
        assert text == (pages / entry.file).read_text(encoding="utf-8")


def test_euc_kr_pages_in_the_manifests_are_cp949_bytes(built: tuple[Path, Path]) -> None:
    served = {(e.url, e.fetched_at): e for e in load_manifests() if e.serve_encoding == "euc-kr"}
    if not served:
        pytest.skip("no EUC-KR page in the manifests yet")
    for warc, url, _, content_type, payload in _responses(built[0]):
        entry = served.get((url, warc["WARC-Date"]))
        if entry is None:
            continue
        assert content_type == entry.content_type  # no charset added when the manifest has none
        payload.decode("cp949")
        with pytest.raises(UnicodeDecodeError):
            payload.decode("utf-8")


def _tiny_sample(root: Path, *, body_text: str, content_type: str = "text/html") -> Path:
    """A one-page sample folder served as EUC-KR, for paths the real sample may not cover."""
    (root / "pages").mkdir(parents=True)
    (root / "expected").mkdir()
    (root / "pages" / "old-2026-01-16-page.html").write_text(
        '<html><head><meta charset="euc-kr"><title>옛 사이트</title></head>'
        "<body><div class=menu>뉴스 홈</div><p>카카오는 추가 공모에 나서지 않는다.</p>"
        "<p>KT는 &quot;검토 중&quot;이라고 했다.</p></body></html>",
        encoding="utf-8",
    )
    (root / "manifest-tiny.toml").write_text(
        "[[response]]\n"
        'file = "old-2026-01-16-page.html"\n'
        'url = "http://old.example.kr/news/read.php?id=1"\n'
        'fetched_at = "2026-01-16T01:00:00Z"\n'
        "status = 200\n"
        f'content_type = "{content_type}"\n'
        'serve_encoding = "euc-kr"\n',
        encoding="utf-8",
    )
    expected = {
        "url": "http://old.example.kr/news/read.php?id=1", "canonical_url": None, "portal": None,
        "publisher": "옛신문", "title": "옛 사이트", "subtitle": None, "authors": [],
        "published_at": None, "updated_at": None, "section": None, "language": "ko",
        "body_text": body_text, "relevant": True, "events": [],
    }  # fmt: skip
    (root / "expected" / "old-2026-01-16-page.json").write_text(
        json.dumps(expected, ensure_ascii=False), encoding="utf-8"
    )
    return root


def test_euc_kr_page_is_served_as_cp949_without_charset(tmp_path: Path) -> None:
    sample = _tiny_sample(
        tmp_path / "s", body_text='카카오는 추가 공모에 나서지 않는다.\nKT는 "검토 중"이라고 했다.'
    )
    result = build(tmp_path / "out.warc.gz", sample)
    [(_, _, status, content_type, payload)] = _responses(result.output)
    assert status == 200
    assert content_type == "text/html"
    assert payload == (sample / "pages" / "old-2026-01-16-page.html").read_text().encode("cp949")
    with pytest.raises(UnicodeDecodeError):
        payload.decode("utf-8")


def test_drifted_expected_file_fails_the_build_naming_the_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sample = _tiny_sample(tmp_path / "s", body_text="카카오는 추가 공모에 도전한다.")
    with pytest.raises(SampleError, match=r"old-2026-01-16-page\.json"):
        build(tmp_path / "out.warc.gz", sample)
    code = build_warc.main([str(tmp_path / "out.warc.gz"), "--sample-dir", str(sample)])
    assert code != 0
    assert "old-2026-01-16-page.json" in capsys.readouterr().err
    assert not (tmp_path / "out.warc.gz").exists()


def test_bad_manifest_entry_is_rejected(tmp_path: Path) -> None:
    sample = _tiny_sample(tmp_path / "s", body_text="")
    manifest = sample / "manifest-tiny.toml"
    manifest.write_text(manifest.read_text().replace('"euc-kr"', '"latin-1"'), encoding="utf-8")
    with pytest.raises(SampleError, match=r"manifest-tiny\.toml"):
        build(tmp_path / "out.warc.gz", sample)


@pytest.mark.parametrize(
    "path",
    sorted(
        p for p in (build_warc.SAMPLE_DIR / "expected").glob("*.json") if PORTAL_PART.match(p.name)
    ),
    ids=lambda p: p.stem,
)
def test_portal_and_government_ground_truth_is_well_formed(path: Path) -> None:
    expected = json.loads(path.read_text(encoding="utf-8"))
    assert expected["language"] in {"ko", "en"}
    for key in ("published_at", "updated_at"):
        if expected[key] is not None:
            assert KST_SECONDS.match(expected[key]), key
    if expected["published_at"] and expected["updated_at"]:
        assert expected["updated_at"] > expected["published_at"]
    if not expected["body_text"]:
        assert expected["relevant"] is False and expected["events"] == []
    for event in expected["events"]:
        assert event["team"] in CANONICAL_TEAMS
        assert event["status"] in STATUSES
        assert event["stage"] in STAGES
        datetime.strptime(event["event_date"], "%Y-%m-%d")
        assert event["event_date"] <= expected["published_at"][:10]
        assert any(event["evidence"] in para for para in expected["body_text"].split("\n"))
