"""The generic article extractor: any site, no site-specific selectors.

Declared metadata (JSON-LD, OpenGraph, meta tags) gives title, authors and times; the DOM
heuristic in ``content`` gives the body; script data is the fallback for pages whose text
exists only for JavaScript. Byline dates are taken only when labelled (입력/수정/Published)
and printed with a time, and only near the article body first: a masthead date or the times
in a headline list are never an article's publication time.
"""

from __future__ import annotations

import re
from datetime import datetime, tzinfo
from urllib.parse import urljoin, urlsplit
from zoneinfo import ZoneInfo

from selectolax.lexbor import LexborHTMLParser

from pipelines.parse.article import ParsedArticle
from pipelines.parse.bylines import (
    author_names,
    is_byline_line,
    is_copyright_line,
    is_related_header,
)
from pipelines.parse.content import Block, MainContent, header_dek, main_content
from pipelines.parse.dates import SEOUL, LabelledDates, find_datetime, find_labelled_dates
from pipelines.parse.embedded import (
    candidate_fragments,
    embedded_dates,
    fragment_html,
    script_payloads,
)
from pipelines.parse.language import guess_language
from pipelines.parse.metadata import PageMetadata, extract_metadata

PARSER_VERSION = "2026.01"
PARSER_NAME = f"generic@{PARSER_VERSION}"

# Below this many characters the visible body is treated as missing (JS-rendered pages).
WEAK_BODY_CHARS = 300
# Below this many characters there is no article at all.
MIN_BODY_CHARS = 80
BYLINE_BLOCK_CHARS = 200
LINK_LINE_DENSITY = 0.5
DATE_WINDOW_BEFORE = 40
DATE_WINDOW_AFTER = 15
BYLINE_WINDOW_AFTER = 6
MAX_AUTHORS = 8

_FEED_START = re.compile(r"\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:rss|feed|rdf:RDF)\b", re.S)
_BYLINE_HINT = re.compile(
    r"기자|특파원|논설위원|편집위원|칼럼니스트|^\s*(?:by|written by|reporting by)\s", re.I
)
_STAMP_ATTRIBUTES = (
    "datetime",
    "data-date-time",
    "data-modify-date-time",
    "data-published-time",
    "data-modified-time",
    "data-published",
    "data-updated",
)
_STAMP_SELECTOR = ",".join(f"[{name}]" for name in _STAMP_ATTRIBUTES)
# Sites outside Korea print local times; a country-code host says which zone.
_ZONES_BY_TLD = {
    "kr": SEOUL,
    "in": ZoneInfo("Asia/Kolkata"),
    "jp": ZoneInfo("Asia/Tokyo"),
    "cn": ZoneInfo("Asia/Shanghai"),
    "tw": ZoneInfo("Asia/Taipei"),
    "sg": ZoneInfo("Asia/Singapore"),
    "uk": ZoneInfo("Europe/London"),
    "de": ZoneInfo("Europe/Berlin"),
    "fr": ZoneInfo("Europe/Paris"),
}
# Pages whose content lives in framework state; only there are script-data dates trusted.
_SCRIPT_APP_MARKERS = (
    "self.__next_f",
    "__NEXT_DATA__",
    "__NUXT__",
    "__INITIAL_STATE__",
    "__PRELOADED_STATE__",
    "__APOLLO_STATE__",
)
_PORTALS = (("news.naver.com", "naver"), ("v.daum.net", "daum"), ("news.daum.net", "daum"))


def extract(html: str, url: str | None = None) -> ParsedArticle:
    """Parse one page. A page without an article (list, error page, feed) gets an empty
    ``body_text``; odd markup never raises, missing pieces stay None."""
    article = ParsedArticle(url=url or "", parser=PARSER_NAME, portal=_portal(url))
    if not html or _FEED_START.match(html[:2000]):
        return article
    tree = LexborHTMLParser(html)
    zone = zone_for_url(url)
    meta = extract_metadata(tree, zone)
    content = main_content(tree, meta.title)
    body = _body_lines(content.body)
    payloads: list[str] | None = None
    if _length(body) < WEAK_BODY_CHARS:
        payloads = script_payloads(LexborHTMLParser(html))
        fallback = _fallback_body(meta, payloads)
        if _length(fallback) > max(_length(body), MIN_BODY_CHARS):
            body = fallback
    if _length(body) < MIN_BODY_CHARS:
        body = []

    article.title = meta.title
    dek = content.dek or (header_dek(content, meta.title) if body else [])
    article.subtitle = "\n".join(b.text for b in dek) or None
    article.publisher = meta.publisher
    article.section = meta.section
    article.canonical_url = _absolute(url, meta.canonical_url)
    article.body_text = "\n".join(body)
    article.authors = meta.authors or _byline_authors(content, meta.publisher)
    article.published_at, article.updated_at = _times(meta, content, html, payloads, tree, zone)
    article.language = guess_language(article.body_text or article.title or "", meta.language)
    return article


def _body_lines(blocks: list[Block]) -> list[str]:
    """Body paragraphs without reporter lines, copyright notices and '관련기사' headers."""
    lines: list[str] = []
    for block in blocks:
        text = block.text
        if is_byline_line(text) or is_copyright_line(text) or is_related_header(text):
            continue
        lines.append(text)
    return lines


def _length(lines: list[str]) -> int:
    return sum(len(line) for line in lines)


def _fallback_body(meta: PageMetadata, payloads: list[str]) -> list[str]:
    """The best article text from script data or JSON-LD articleBody."""
    best: list[str] = []
    for fragment in candidate_fragments(payloads):
        lines = _body_lines(main_content(LexborHTMLParser(fragment_html(fragment))).body)
        if _length(lines) > _length(best):
            best = lines
    if meta.article_body and len(meta.article_body) > _length(best):
        best = [line.strip() for line in meta.article_body.split("\n") if line.strip()]
    return best


def _byline_authors(content: MainContent, publisher: str | None) -> list[str]:
    """Reporter names printed around the body: above it, in its last lines, just below it."""
    exclude = frozenset({publisher} if publisher else ())
    blocks = content.blocks
    start = max(0, content.body_start - DATE_WINDOW_BEFORE)
    end = min(len(blocks), content.body_end + BYLINE_WINDOW_AFTER)
    names: list[str] = []
    for block in blocks[start:end]:
        text = block.text
        if len(text) <= BYLINE_BLOCK_CHARS and _BYLINE_HINT.search(text):
            for name in author_names(text, exclude, strict=True):
                if name not in names:
                    names.append(name)
        if len(names) >= MAX_AUTHORS:
            break
    return names


def _times(
    meta: PageMetadata,
    content: MainContent,
    html: str,
    payloads: list[str] | None,
    tree: LexborHTMLParser,
    zone: tzinfo,
) -> tuple[datetime | None, datetime | None]:
    """Declared times first, then labelled byline times, then times in script data.

    A byline prints minutes; a machine-readable attribute on the page ('data-date-time',
    '<time datetime>') with the same minute supplies the seconds.
    """
    published, updated = meta.published_at, meta.updated_at
    if published is None or not meta.published_has_time or updated is None:
        labelled = _labelled_near_body(content, zone, whole_page=published is None)
        if published is None or (
            not meta.published_has_time
            and labelled.published is not None
            and labelled.published.date() == published.date()
        ):
            published = labelled.published or published
        if updated is None:
            updated = labelled.updated
    if published is None and any(marker in html for marker in _SCRIPT_APP_MARKERS):
        if payloads is None:
            payloads = script_payloads(LexborHTMLParser(html))
        script_published, script_updated = embedded_dates(payloads, zone)
        published = script_published
        updated = updated or script_updated
    # Only printed (byline) times lack seconds for want of precision; declared ones are exact.
    refine_published = published is not None and published is not meta.published_at
    refine_updated = updated is not None and updated is not meta.updated_at
    if (refine_published and not published.second) or (refine_updated and not updated.second):
        stamps = _attribute_datetimes(tree, zone)
        if refine_published:
            published = _with_seconds(published, stamps)
        if refine_updated:
            updated = _with_seconds(updated, stamps)
    if updated is not None and published is not None and updated <= published:
        updated = None  # 'modified' equal to 'published' means never updated
    return published, updated


def _with_seconds(value: datetime | None, stamps: list[datetime]) -> datetime | None:
    if value is None or value.second or value.microsecond:
        return value
    for stamp in stamps:
        if stamp.replace(second=0, microsecond=0) == value:
            return stamp
    return value


def _attribute_datetimes(tree: LexborHTMLParser, zone: tzinfo) -> list[datetime]:
    """Datetimes in machine-readable attributes, used only to refine printed times."""
    found: list[datetime] = []
    for node in tree.css(_STAMP_SELECTOR):
        attrs = node.attributes
        for name in _STAMP_ATTRIBUTES:
            raw = attrs.get(name)
            if raw:
                match = find_datetime(raw, zone)
                if match is not None and match.has_time:
                    found.append(match.value)
    return found


def _labelled_near_body(content: MainContent, zone: tzinfo, *, whole_page: bool) -> LabelledDates:
    """Labelled datetimes above the body, then below it, then (if asked) anywhere."""
    blocks = content.blocks
    if not blocks:
        return LabelledDates()
    start, end = content.body_start, content.body_end
    windows = [
        blocks[max(0, start - DATE_WINDOW_BEFORE) : start + 3],
        blocks[max(start, end - 3) : end + DATE_WINDOW_AFTER],
    ]
    if whole_page:
        windows.append(blocks)
    published: datetime | None = None
    updated: datetime | None = None
    for window in windows:
        # Link lists (rankings, related stories) print other articles' times.
        text = " | ".join(
            b.text
            for b in window
            if len(b.text) <= BYLINE_BLOCK_CHARS and b.link_density <= LINK_LINE_DENSITY
        )
        found = find_labelled_dates(text, zone)
        published = published or found.published
        updated = updated or found.updated
        if published is not None:
            break
    return LabelledDates(published, updated)


def zone_for_url(url: str | None) -> tzinfo:
    """The time zone a site prints its local times in, guessed from the host's country code."""
    zone = _ZONES_BY_TLD.get(_host(url).rsplit(".", 1)[-1])
    return zone if zone is not None else SEOUL


def _portal(url: str | None) -> str | None:
    host = _host(url)
    return next((name for suffix, name in _PORTALS if host.endswith(suffix)), None)


def _host(url: str | None) -> str:
    try:
        return (urlsplit(url).hostname or "") if url else ""
    except ValueError:  # '[' in a host and other URLs urllib refuses
        return ""


def _absolute(url: str | None, link: str | None) -> str | None:
    if not link or not url:
        return link
    try:
        return urljoin(url, link)
    except ValueError:
        return link
