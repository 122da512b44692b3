"""Fixture pages with the fields a site parser must return for them.

Sample-archive sites use ``pipelines/sample/pages/<stem>.html`` with
``pipelines/sample/expected/<stem>.json`` (referenced, not copied). Fundus pages live in
``fixtures/`` as ``<name>.html.gz`` beside ``<name>.json``, whose body is given as a SHA-256
and a paragraph count (see ``fixtures/README.md``).
"""

from __future__ import annotations

import gzip
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from selectolax.lexbor import LexborHTMLParser

from pipelines.parse.article import ParsedArticle
from pipelines.parse.sites.base import SiteParser

ROOT = Path(__file__).resolve().parents[3]
SAMPLE = ROOT / "pipelines" / "sample"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
FIELDS = (
    "url",
    "canonical_url",
    "portal",
    "publisher",
    "title",
    "subtitle",
    "authors",
    "published_at",
    "updated_at",
    "section",
    "language",
)


@dataclass(frozen=True)
class FixturePage:
    name: str
    path: Path
    expected: dict[str, Any]

    def __str__(self) -> str:
        return self.name

    @property
    def html(self) -> str:
        if self.path.suffix == ".gz":
            return gzip.decompress(self.path.read_bytes()).decode("utf-8")
        return self.path.read_text(encoding="utf-8")

    @property
    def url(self) -> str:
        return self.expected["url"]


def sample_pages(site: str) -> list[FixturePage]:
    """The sample archive's pages of ``site`` (stem prefix) that have expected output."""
    pages = []
    for expected in sorted((SAMPLE / "expected").glob(f"{site}-*.json")):
        page = next(iter(sorted((SAMPLE / "pages").glob(expected.stem + ".*"))), None)
        if page is not None:
            data = json.loads(expected.read_text(encoding="utf-8"))
            pages.append(FixturePage(expected.stem, page, data))
    return pages


def fundus_pages(prefix: str) -> list[FixturePage]:
    pages = []
    for expected in sorted(FIXTURES.glob(f"{prefix}_*.json")):
        page = expected.with_name(expected.stem + ".html.gz")
        data = json.loads(expected.read_text(encoding="utf-8"))
        pages.append(FixturePage(expected.stem, page, data))
    return pages


def all_pages() -> list[FixturePage]:
    return sample_pages("*") + fundus_pages("*")


def parse(parser: SiteParser, page: FixturePage) -> ParsedArticle | None:
    return parser.parse(LexborHTMLParser(page.html), page.url)


def actual_fields(parsed: ParsedArticle) -> dict[str, Any]:
    """The compared fields of a result, in the expected JSON's form (ISO times, hashed body)."""
    data = parsed.to_json_dict()
    got = {name: data[name] for name in FIELDS}
    got["body_text"] = data["body_text"]
    got["body_sha256"] = hashlib.sha256(data["body_text"].encode("utf-8")).hexdigest()
    got["body_paragraphs"] = len(data["body_text"].split("\n")) if data["body_text"] else 0
    return got


def expected_fields(page: FixturePage) -> dict[str, Any]:
    keys = (*FIELDS, "body_text", "body_sha256", "body_paragraphs")
    return {name: page.expected[name] for name in keys if name in page.expected}


def assert_parses_as_expected(parser: SiteParser, page: FixturePage) -> None:
    """Every field at once, so a markup change shows as one diff of the fields it broke."""
    parsed = parse(parser, page)
    assert parsed is not None, f"{parser.label} did not recognise {page.name}"
    want = expected_fields(page)
    got = {name: value for name, value in actual_fields(parsed).items() if name in want}
    assert got == want
    assert parsed.parser == parser.label
    if "parser" in page.expected:  # a versioned fixture belongs to one markup version
        assert parser.label == page.expected["parser"]
