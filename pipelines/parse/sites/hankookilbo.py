"""한국일보 (hankookilbo.com): three markups seen side by side, newest tried first.

- classic (``/News/Read/A…``, seen 2025-05): server-rendered ``h1.title`` and
  ``p.editor-p`` paragraphs; JSON-LD has the times with seconds.
- Next.js, text in flight data only (``/news/article/A…``, seen 2026-01): the visible DOM
  is empty, the article sits in a ``"detail"`` object (title, subTitle, deployDt,
  reDeployDt, byLines, contentHtml → a text row holding the same ``p.editor-p`` HTML).
  Times are minutes only; nothing on the page has the seconds.
- Next.js, server-rendered (seen 2026-07): ``#article-view-content`` holds the HTML, the
  headline has no semantic class (taken from ``meta[name=headline]``), times and authors are
  declared in JSON-LD.

In every version sub-headings (``h3.editor-tit``), photo boxes, pull quotes and the
reporter box are not body text; the sub-headline box (``h2.sub-tit-ll``) is the subtitle.
"""

from __future__ import annotations

from datetime import date, datetime

from selectolax.lexbor import LexborHTMLParser

from pipelines.parse.article import ParsedArticle
from pipelines.parse.bylines import author_names
from pipelines.parse.dates import SEOUL, find_datetime
from pipelines.parse.language import guess_language
from pipelines.parse.sites.base import SiteParser
from pipelines.parse.sites.lines import clean_text, text_lines
from pipelines.parse.sites.nextjs import flight_data, flight_object, flight_text
from pipelines.parse.sites.selectors import (
    DECLARED,
    SECTION_META,
    SelectorParser,
    is_trailer_line,
    paragraph_lines,
    read_source,
)

PUBLISHER = "한국일보"
HOSTS = ("hankookilbo.com",)
PARAGRAPHS = "p.editor-p"


class HankookIlboNextParser(SelectorParser):
    """Next.js, server-rendered article HTML (2026-07 on)."""

    name = "hankookilbo"
    version = "2026.07"
    valid_from = date(2026, 7, 1)
    hosts = HOSTS

    title = "meta[name='headline']@content"
    body = "#article-view-content"
    paragraphs = PARAGRAPHS
    subtitle = "#article-view-content h2.sub-tit-ll"
    published = (DECLARED,)
    updated = (DECLARED,)
    publisher = PUBLISHER
    section = SECTION_META


class HankookIlboFlightParser(SiteParser):
    """Next.js, article only in flight data (2026-01 on)."""

    name = "hankookilbo"
    version = "2026.01"
    valid_from = date(2026, 1, 1)
    hosts = HOSTS

    def parse(self, tree: LexborHTMLParser, url: str) -> ParsedArticle | None:
        data = flight_data(tree)
        detail = flight_object(data, "detail") if data else None
        if not detail or not detail.get("articleId"):
            return None
        content = flight_text(data, detail.get("contentHtml")) or ""
        fragment = LexborHTMLParser(f"<html><body>{content}</body></html>")
        body_lines = [
            line for line in paragraph_lines(fragment.body, PARAGRAPHS) if not is_trailer_line(line)
        ]
        body_text = "\n".join(body_lines)
        published = _minute_time(detail.get("deployDt"))
        updated = _minute_time(detail.get("reDeployDt"))
        if updated is not None and (published is None or updated <= published):
            updated = None
        return ParsedArticle(
            url=url,
            canonical_url=read_source(tree, "link[rel='canonical']@href"),
            publisher=PUBLISHER,
            title=clean_text(detail.get("title")) or None,
            subtitle=_subtitle(detail.get("subTitle")),
            authors=_bylines(detail),
            published_at=published,
            updated_at=updated,
            section=clean_text(detail.get("sectionName")) or None,
            language=guess_language(body_text, "ko"),
            body_text=body_text,
            parser=self.label,
        )


class HankookIlboClassicParser(SelectorParser):
    """Server-rendered classic markup."""

    name = "hankookilbo"
    version = "2020.01"
    valid_from = date(2020, 1, 1)
    hosts = HOSTS

    title = ".end-top h1.title"
    body = ".end-body .col-main[itemprop='articleBody']"
    paragraphs = PARAGRAPHS
    subtitle = ".end-body h2.sub-tit-ll"
    authors = ".end-body .writer .name"
    dateline = ".end-top .info .wrt-text"
    published = (DECLARED,)
    updated = (DECLARED,)
    publisher = PUBLISHER
    section = SECTION_META


def _minute_time(value: object) -> datetime | None:
    if not isinstance(value, str):
        return None
    found = find_datetime(value, SEOUL)
    return found.value if found is not None and found.has_time else None


def _subtitle(value: object) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return None
    fragment = LexborHTMLParser(f"<html><body><div>{value}</div></body></html>")
    return "\n".join(text_lines(fragment.body)) or None


def _bylines(detail: dict) -> list[str]:
    names: list[str] = []
    for byline in detail.get("byLines") or ():
        if isinstance(byline, dict):
            raw = byline.get("writerName") or byline.get("manualWriterName")
            for name in author_names(raw if isinstance(raw, str) else None):
                if name not in names:
                    names.append(name)
    if not names:
        display = detail.get("writerDisplay")
        names = author_names(display if isinstance(display, str) else None)
    return names
