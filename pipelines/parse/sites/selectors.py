"""A site parser configured by CSS selectors, so that most site modules are a page of data.

A subclass names where each field sits on its site's article page. ``title`` and ``body``
(plus any ``required`` selectors) must all match, otherwise the page is not this site's
article markup and ``parse`` returns None (the dispatcher then tries an older version of the
site, then the generic extractor). Sites that need code override one of the ``*_of`` hooks.

Value sources are strings: ``"css"`` (the element's text), ``"css@attr"`` (an attribute) or
``DECLARED`` (what the page's metadata declares, read by ``metadata.extract_metadata``).

Dates: ``dateline`` is the visible block with the labelled '입력 … 수정 …' times; it is what a
reader sees, so it decides. Pages often print minutes only, while a data attribute or meta tag
carries the same time with seconds; a ``published``/``updated`` source that agrees with the
printed time to the minute supplies the seconds. Without a dateline the sources are tried in
order. An update time that is not later than the publication time is no update.
"""

from __future__ import annotations

import re
from datetime import datetime, tzinfo
from typing import ClassVar

from selectolax.lexbor import LexborHTMLParser, LexborNode

from pipelines.parse.article import ParsedArticle
from pipelines.parse.bylines import (
    author_names,
    is_byline_line,
    is_copyright_line,
    is_related_header,
)
from pipelines.parse.dates import SEOUL, LabelledDates, find_datetime, find_labelled_dates
from pipelines.parse.language import guess_language
from pipelines.parse.metadata import PageMetadata, extract_metadata
from pipelines.parse.sites.base import SiteParser
from pipelines.parse.sites.lines import clean_text, node_text, skip_set, text_lines

DECLARED = "declared"
SECTION_META = "meta[property='article:section']@content"
CANONICAL_LINK = "link[rel='canonical']@href"

_ATTR = re.compile(r"[\w:.-]+")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_WORD = re.compile(r"\w")
_MAX_BYLINE_CHARS = 80


class PageContext:
    """Per-call lazy state: the page's declared metadata is parsed only if a field needs it."""

    __slots__ = ("_meta", "tree", "tz")

    def __init__(self, tree: LexborHTMLParser, tz: tzinfo) -> None:
        self.tree = tree
        self.tz = tz
        self._meta: PageMetadata | None = None

    @property
    def meta(self) -> PageMetadata:
        if self._meta is None:
            self._meta = extract_metadata(self.tree, self.tz)
        return self._meta


def read_source(root: LexborHTMLParser | LexborNode, source: str) -> str | None:
    """The text or attribute a ``"css"`` / ``"css@attr"`` source points at, cleaned."""
    css, attr = source, ""
    head, sep, tail = source.rpartition("@")
    if sep and _ATTR.fullmatch(tail):
        css, attr = head, tail
    node = root.css_first(css)
    if node is None:
        return None
    value = node.attributes.get(attr) if attr else node.text(separator=" ")
    return clean_text(value) or None


def is_trailer_line(line: str) -> bool:
    """Byline, e-mail, copyright or '관련기사' lines that close (or open) an article body."""
    if not _WORD.search(line):
        return True
    if is_copyright_line(line) or is_related_header(line):
        return True
    if len(line) > _MAX_BYLINE_CHARS:
        return False
    if is_byline_line(line):
        return True
    without_email = _EMAIL.sub(" ", line).strip()
    return without_email != line and (not without_email or is_byline_line(without_email))


def refine_to_seconds(primary: datetime | None, candidates: list[datetime]) -> datetime | None:
    """``primary`` (or the first candidate), with seconds from a candidate in the same minute."""
    if primary is None:
        if not candidates:
            return None
        primary = candidates[0]
    if primary.second or primary.microsecond:
        return primary
    for candidate in candidates:
        if candidate != primary and candidate.replace(second=0, microsecond=0) == primary:
            return candidate
    return primary


class SelectorParser(SiteParser):
    """Declarative site parser; see the module docstring for the source syntax."""

    # What must be on the page (``title`` is a source: "css" or "css@attr").
    title: ClassVar[str]
    body: ClassVar[str]
    required: ClassVar[tuple[str, ...]] = ()
    # Body: paragraphs inside ``body`` (None: the container's lines, split at blocks and
    # <br>), minus ``drop`` subtrees, minus trailer lines and lines ``drop_lines`` matches.
    paragraphs: ClassVar[str | None] = None
    drop: ClassVar[tuple[str, ...]] = ()
    drop_lines: ClassVar[re.Pattern[str] | None] = None
    # Fields.
    subtitle: ClassVar[str | None] = None  # its lines joined by '\n'
    authors: ClassVar[str | None] = None  # every match is a byline; None: declared authors
    signed: ClassVar[bool] = True  # False: releases with no personal byline, authors = []
    dateline: ClassVar[str | None] = None
    published: ClassVar[tuple[str, ...]] = (DECLARED,)
    updated: ClassVar[tuple[str, ...]] = (DECLARED,)
    publisher: ClassVar[str | None] = None  # a constant (the press), or
    publisher_source: ClassVar[str | None] = None  # where the page names it
    section: ClassVar[str | None] = SECTION_META
    canonical: ClassVar[str | None] = CANONICAL_LINK
    language: ClassVar[str] = "ko"  # the site's language; the body text can overrule it
    tz: ClassVar[tzinfo] = SEOUL
    portal: ClassVar[str | None] = None

    def parse(self, tree: LexborHTMLParser, url: str) -> ParsedArticle | None:
        title = self.title_of(tree)
        body_node = tree.css_first(self.body)
        if not title or body_node is None:
            return None
        if any(tree.css_first(selector) is None for selector in self.required):
            return None
        page = PageContext(tree, self.tz)
        body_text = "\n".join(self.body_lines(tree, body_node))
        published, updated = self.dates_of(tree, page)
        return ParsedArticle(
            url=url,
            canonical_url=self.value_of(tree, page, self.canonical, "canonical_url"),
            portal=self.portal,
            publisher=self.publisher_of(tree, page),
            title=title,
            subtitle=self.subtitle_of(tree),
            authors=self.authors_of(tree, page),
            published_at=published,
            updated_at=updated,
            section=self.value_of(tree, page, self.section, "section"),
            language=guess_language(body_text, self.language),
            body_text=body_text,
            parser=self.label,
        )

    # --- hooks ------------------------------------------------------------------------

    def title_of(self, tree: LexborHTMLParser) -> str | None:
        return read_source(tree, self.title)

    def subtitle_of(self, tree: LexborHTMLParser) -> str | None:
        if not self.subtitle:
            return None
        node = tree.css_first(self.subtitle)
        lines = text_lines(node) if node is not None else []
        return "\n".join(lines) or None

    def body_lines(self, tree: LexborHTMLParser, body: LexborNode) -> list[str]:
        raw = paragraph_lines(body, self.paragraphs, self.drop)
        return [line for line in raw if self.keep_line(line)]

    def keep_line(self, line: str) -> bool:
        if self.drop_lines is not None and self.drop_lines.search(line):
            return False
        return not is_trailer_line(line)

    def authors_of(self, tree: LexborHTMLParser, page: PageContext) -> list[str]:
        if not self.signed:
            return []
        names: list[str] = []
        if self.authors:
            for node in tree.css(self.authors):
                for name in author_names(node_text(node)):
                    if name not in names:
                        names.append(name)
        return names or list(page.meta.authors)

    def publisher_of(self, tree: LexborHTMLParser, page: PageContext) -> str | None:
        if self.publisher:
            return self.publisher
        return self.value_of(tree, page, self.publisher_source, "publisher")

    def dates_of(
        self, tree: LexborHTMLParser, page: PageContext
    ) -> tuple[datetime | None, datetime | None]:
        labelled = LabelledDates()
        if self.dateline:
            node = tree.css_first(self.dateline)
            if node is not None:
                labelled = find_labelled_dates(node_text(node), self.tz)
        published = refine_to_seconds(
            labelled.published, self.datetimes_of(tree, page, self.published, "published_at")
        )
        updated = refine_to_seconds(
            labelled.updated, self.datetimes_of(tree, page, self.updated, "updated_at")
        )
        if updated is not None and published is not None and updated <= published:
            updated = None
        return published, updated

    # --- sources ------------------------------------------------------------------------

    def value_of(
        self, tree: LexborHTMLParser, page: PageContext, source: str | None, field: str
    ) -> str | None:
        if not source:
            return None
        if source == DECLARED:
            value = getattr(page.meta, field, None)
            return value if isinstance(value, str) and value else None
        return read_source(tree, source)

    def datetimes_of(
        self, tree: LexborHTMLParser, page: PageContext, sources: tuple[str, ...], field: str
    ) -> list[datetime]:
        """Timed values of ``sources`` in order; a date-only value only if nothing is timed."""
        timed: list[datetime] = []
        dated: list[datetime] = []
        for source in sources:
            if source == DECLARED:
                value = getattr(page.meta, field)
                if value is not None:
                    has_time = field != "published_at" or page.meta.published_has_time
                    (timed if has_time else dated).append(value)
                continue
            raw = read_source(tree, source)
            found = find_datetime(raw, self.tz) if raw else None
            if found is not None:
                (timed if found.has_time else dated).append(found.value)
        return timed or dated[:1]


def paragraph_lines(
    body: LexborNode, paragraphs: str | None, drop: tuple[str, ...] = ()
) -> list[str]:
    """Lines of the ``paragraphs`` elements in ``body`` (None: of ``body`` itself), no ``drop``."""
    skip = skip_set(body, drop)
    if paragraphs is None:
        return text_lines(body, skip)
    return [
        line
        for node in body.css(paragraphs)
        if not _inside(node, skip, body)
        for line in text_lines(node, skip)
    ]


def _inside(node: LexborNode, skip: frozenset[int], stop: LexborNode) -> bool:
    """Whether ``node`` or an ancestor below ``stop`` is skipped."""
    if not skip:
        return False
    stop_id = stop.mem_id
    current: LexborNode | None = node
    while current is not None and current.mem_id != stop_id:
        if current.mem_id in skip:
            return True
        current = current.parent
    return False
