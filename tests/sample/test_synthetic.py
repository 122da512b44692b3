"""Synthetic archives: deterministic, the right size, every page parses with its new date."""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

import duckdb
import pytest
from warcio.archiveiterator import ArchiveIterator

from pipelines.cli import main as sovai
from pipelines.config import config_path
from pipelines.parse.dispatch import parse_page
from pipelines.parse.urls import article_key
from pipelines.sample.synthetic import (
    SyntheticPage,
    generate,
    load_filler,
    load_templates,
    write_archive,
)
from pipelines.status.article_events import extract_reports, load_relevance

PAGES = 200


@pytest.fixture(scope="module")
def pages() -> list[SyntheticPage]:
    return list(generate(PAGES, seed=7))


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("a") / "synthetic.warc.gz"
    write_archive(path, PAGES, seed=7)
    return path


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_same_seed_same_bytes_other_seed_other_bytes(archive: Path, tmp_path: Path) -> None:
    again = write_archive(tmp_path / "same" / archive.name, PAGES, seed=7)
    other = write_archive(tmp_path / "other" / archive.name, PAGES, seed=8)
    assert again.sha256 == _sha256(archive)
    assert other.sha256 != again.sha256


def test_archive_holds_one_request_and_response_per_page(archive: Path) -> None:
    types: dict[str, int] = {}
    with archive.open("rb") as fh:
        for record in ArchiveIterator(fh):
            types[record.rec_type] = types.get(record.rec_type, 0) + 1
    assert types == {"warcinfo": 1, "request": PAGES, "response": PAGES}


def test_every_article_parses_with_its_shifted_date_outlet_and_filler(
    pages: list[SyntheticPage],
) -> None:
    articles = [p for p in pages if p.kind in {"article", "offtopic"}]
    assert len(articles) > 0.9 * PAGES
    for page in articles:
        parsed = parse_page(page.body, page.url, page.content_type)
        where = f"{page.template} as {page.url}"
        assert parsed.published_at == page.published_at, where
        assert parsed.updated_at == page.updated_at, where
        assert parsed.publisher == page.publisher, where
        assert page.filler and page.filler in " ".join(parsed.body_text.split()), where


def test_dates_stay_in_the_requested_days_and_move_the_printed_ones() -> None:
    templates = load_templates()
    day = list(generate(60, seed=3, start=date(2026, 3, 2), days=1, templates=templates))
    assert {p.published_at.date() for p in day if p.published_at} == {date(2026, 3, 2)}
    for page in day:
        if page.published_at:
            original = templates[page.template].anchor.isoformat()
            assert original.encode() not in page.body, page.template


def test_urls_are_unique_and_keep_their_site(pages: list[SyntheticPage]) -> None:
    templates = load_templates()
    html = [p for p in pages if p.kind != "feed"]  # a feed is polled again under its own URL
    assert len({article_key(p.url) for p in html}) == len(html)
    for p in html:
        original = templates[p.template].entry.url
        assert p.url.split("/")[2] == original.split("/")[2]
        assert p.url != original


def test_a_day_archive_never_reuses_a_base_archive_url() -> None:
    base = {p.url for p in generate(300, seed=1, start=date(2026, 2, 20), days=10)}
    day = {p.url for p in generate(300, seed=2, start=date(2026, 3, 2), days=1)}
    feeds = {p.url for p in generate(300, seed=2) if p.kind == "feed"}
    assert not (base & day) - feeds


def test_the_mix_has_offtopic_syndicated_feed_and_listing_pages(
    pages: list[SyntheticPage],
) -> None:
    kinds = {p.kind for p in pages}
    assert kinds == {"article", "offtopic", "feed", "listing"}
    assert any(p.template.startswith("yna-") for p in pages)


def test_filler_adds_no_relevance_and_no_status_event(pages: list[SyntheticPage]) -> None:
    relevance = load_relevance(config_path("programmes"), config_path("companies"))
    published = next(p.published_at for p in pages if p.published_at)
    for language, sentences in load_filler().items():
        text = "\n".join(sentences)
        assert relevance(None, text) == [], language
        rows = [
            {"article_id": p, "relevant": True, "duplicate_of": None, "body_text": text,
             "published_at": published, "fetched_at": published, "programmes": [p],
             "url": "https://example.com/a", "publisher": "x", "portal": None}
            for p in ("kr-sovereign-ai", "indiaai")
        ]  # fmt: skip
        reports = extract_reports(
            rows,
            companies_path=config_path("companies"),
            programmes_path=config_path("programmes"),
            rules_path=config_path("status_rules"),
        )
        assert reports == [], language


def test_a_synthetic_archive_ingests(archive: Path, tmp_path: Path) -> None:
    warehouse = tmp_path / "wh"
    code = sovai(["ingest", str(archive), "--warehouse", str(warehouse), "--as-of", "2026-02-25"])
    assert code in (0, 1)  # 1: a non-blocking check warned; the warehouse is still built
    con = duckdb.connect(str(warehouse / "sovai.duckdb"), read_only=True)
    try:
        raw = con.sql("select count(*) from raw_pages").fetchone()[0]
        articles, relevant, copies = con.sql(
            "select count(*), count(*) filter (relevant), count(duplicate_of) from articles"
        ).fetchone()
        failures = con.sql("select count(*) from parse_failures").fetchone()[0]
    finally:
        con.close()
    assert raw == PAGES
    assert failures == 0
    assert articles > 0.9 * PAGES
    assert 0 < relevant < articles
    assert 0 < copies < 0.2 * articles  # the wire copies fold, the variants do not
