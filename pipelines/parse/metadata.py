"""Page metadata a publisher declares: JSON-LD, OpenGraph, microdata and plain meta tags.

Declared values beat anything read from visible text: they are what the publisher's CMS wrote,
with full timestamps and offsets. Sources disagree in predictable ways, so each field has a
fixed preference order (JSON-LD article object, then OpenGraph/article:*, then named meta
tags, then microdata). JSON-LD is often broken in practice (trailing commas, raw newlines,
several objects glued together); parsing is tolerant and a bad block is skipped, never fatal.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from typing import Any

from selectolax.lexbor import LexborHTMLParser, LexborNode

from pipelines.parse.bylines import author_names, looks_like_outlet
from pipelines.parse.dates import SEOUL, DateMatch, find_datetime

ARTICLE_TYPES = frozenset(
    {
        "newsarticle",
        "reportagenewsarticle",
        "analysisnewsarticle",
        "opinionnewsarticle",
        "reviewnewsarticle",
        "backgroundnewsarticle",
        "askpublicnewsarticle",
        "article",
        "blogposting",
        "liveblogposting",
        "socialmediaposting",
        "techarticle",
        "scholarlyarticle",
        "report",
        "satiricalarticle",
    }
)
PAGE_TYPES = frozenset({"webpage", "itempage", "collectionpage"})

_PUBLISHED_KEYS = (
    "article:published_time",
    "og:article:published_time",
    "og:published_time",
    "og:regdate",
    "published_time",
    "article:published",
    "datepublished",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "dc.date.issued",
    "dcterms.created",
    "dc.date",
    "date",
    "sailthru.date",
    "parsely-pub-date",
    "article.published",
    "nv:published_time",
    "dable:published_time",
)
_MODIFIED_KEYS = (
    "article:modified_time",
    "og:article:modified_time",
    "og:updated_time",
    "article:modified",
    "og:moddate",
    "modified_time",
    "datemodified",
    "lastmod",
    "last-modified",
    "dcterms.modified",
    "article.updated",
)
_AUTHOR_KEYS = (
    "author",
    "article:author",
    "dable:author",
    "byl",
    "byline",
    "parsely-author",
    "sailthru.author",
    "dc.creator",
    "citation_author",
    "og:article:author",
)
_PUBLISHER_KEYS = (
    "article:media_name",
    "og:site_name",
    "publisher",
    "dc.publisher",
    "application-name",
)
_PORTAL_NAME = re.compile(
    r"\s*(?:네이버|네이버\s*뉴스|naver|naver\s*news|다음|다음\s*뉴스|daum|daum\s*뉴스|daum\s*news|"
    r"네이트|네이트\s*뉴스|nate|줌|zum|msn|yahoo(?:\s*news)?|google\s*news)\s*",
    re.IGNORECASE,
)
_SECTION_KEYS = (
    "me2:category2",
    "article:section",
    "og:article:section",
    "section",
    "category",
    "news_keywords:section",
)
_WANTED_META = frozenset(
    (
        *_PUBLISHED_KEYS,
        *_MODIFIED_KEYS,
        *_AUTHOR_KEYS,
        *_PUBLISHER_KEYS,
        *_SECTION_KEYS,
        "og:type",
        "og:site_name",
        "og:title",
        "twitter:title",
        "title",
        "og:description",
        "description",
        "og:url",
        "og:locale",
        "content-language",
        "language",
        "dc.language",
        "og:article:author",
        "article:section2",
        "article:section3",
        "headline",
    )
)

_SEP = r"\s*(?:\||ㅣ|｜|::|:|-|–|—|<|>|«|»|/|·)\s*"
_TITLE_SEPARATORS = re.compile(_SEP)
_SEP_AT_END = re.compile(_SEP + r"$")
_SECTION_AT_END = re.compile(_SEP + r"([^\s|ㅣ｜:<>/·-]{1,8})\s*$")
_COMMON_SECTIONS = frozenset(
    [
        "정치",
        "경제",
        "사회",
        "국제",
        "세계",
        "문화",
        "스포츠",
        "연예",
        "IT",
        "과학",
        "IT/과학",
        "IT·과학",
        "오피니언",
        "사설",
        "칼럼",
        "산업",
        "금융",
        "증권",
        "부동산",
        "생활",
        "라이프",
        "전국",
        "지역",
        "기획",
        "테크",
        "테크놀로지",
        "엔터",
        "건강",
        "교육",
        "여성",
        "종합",
    ]
)
_PORTAL_SUFFIX = re.compile(
    r"\s*(?:\||ㅣ|｜|::|:|-|–|—|<)\s*(?:네이버\s*뉴스|네이버|다음\s*뉴스|Daum\s*뉴스|다음|"
    r"네이트\s*뉴스|네이트|ZUM\s*뉴스|줌\s*뉴스|MSN|Yahoo(?:\s*News)?)\s*$",
    re.I,
)
_QUOTE_PAIRS = {
    '"': '"',
    "'": "'",
    "“": "”",
    "‘": "’",
    "「": "」",
    "『": "』",
    "<": ">",
    "《": "》",
}
_SPACES = re.compile(r"\s+")
_DECLARING_SELECTOR = (
    'meta[content],script[type*="ld+json"],script[type*="LD+JSON"],h1,title,link[rel="canonical"]'
)
_TRAILING_COMMA = re.compile(r",\s*([}\]])")
_LANG_ALIASES = {"kr": "ko", "kor": "ko", "korean": "ko", "eng": "en", "jp": "ja", "cn": "zh"}


@dataclass(slots=True)
class PageMetadata:
    """What the page declares about itself; any field may be missing."""

    title: str | None = None
    raw_title: str | None = None
    description: str | None = None
    authors: list[str] = field(default_factory=list)
    publisher: str | None = None
    published_at: datetime | None = None
    published_has_time: bool = False
    updated_at: datetime | None = None
    canonical_url: str | None = None
    section: str | None = None
    language: str | None = None
    article_body: str | None = None  # JSON-LD articleBody, a fallback for script-rendered pages
    is_article: bool = False  # declared as an article (JSON-LD type or og:type=article)
    h1: str | None = None


def extract_metadata(tree: LexborHTMLParser, default_tz: tzinfo = SEOUL) -> PageMetadata:
    """Collect every declared field of one page; never raises on malformed markup."""
    elements = _declaring_elements(tree)
    meta = _meta_tags(elements.metas)
    ld_article, ld_page, ld_orgs = _json_ld_objects(elements.scripts)
    micro = _LazyMicrodata(tree)
    out = PageMetadata()
    out.h1 = _clean_text(elements.h1.text()) if elements.h1 is not None else None

    ld = ld_article or ld_page or {}
    out.is_article = bool(ld_article) or _first(meta, "og:type") in (
        "article",
        "news",
        "news_article",
    )

    out.publisher = _publisher(ld, ld_orgs, meta)
    site_names = {n for n in (out.publisher, _first(meta, "og:site_name")) if n}

    title_candidates = [
        _clean_text(_str(ld.get("headline"))) if ld_article else None,
        _first(meta, "og:title"),
        _first(meta, "twitter:title"),
        _first(meta, "title"),
    ]
    if not any(title_candidates):
        title_candidates.append(micro.get("headline"))
    title_candidates.append(
        _clean_text(elements.title.text()) if elements.title is not None else None
    )
    titles = [t for t in title_candidates if t]
    out.raw_title = titles[0] if titles else None
    sections = frozenset(
        _all_values(meta, ("article:section", "article:section2", "article:section3", "section"))
    )
    out.title = clean_title(titles, site_names, out.h1, sections)

    out.description = (
        _first(meta, "og:description")
        or _first(meta, "description")
        or _clean_text(_str(ld.get("description")))
    )

    out.authors = _authors(ld_article, meta, micro, site_names)

    published = _first_datetime(
        (_str(ld.get("datePublished")), *_all(meta, _PUBLISHED_KEYS)), default_tz
    ) or _first_datetime((micro.get("datePublished"),), default_tz)
    if published is not None:
        out.published_at, out.published_has_time = published.value, published.has_time
    updated = _first_datetime(
        (_str(ld.get("dateModified")), *_all(meta, _MODIFIED_KEYS)), default_tz
    ) or _first_datetime((micro.get("dateModified"),), default_tz)
    if updated is not None:
        out.updated_at = updated.value

    canonical = elements.canonical
    out.canonical_url = (
        (canonical.attributes.get("href") if canonical is not None else None)
        or _first(meta, "og:url")
        or _url_of(ld)
    )
    if out.canonical_url:
        out.canonical_url = out.canonical_url.strip() or None

    section = ld_article.get("articleSection") if ld_article else None
    if isinstance(section, list):
        section = next((s for s in section if isinstance(s, str) and s.strip()), None)
    out.section = _first(meta, *_SECTION_KEYS) or _clean_text(_str(section))

    out.language = _language(tree, meta, ld)

    body = ld_article.get("articleBody") if ld_article else None
    if isinstance(body, str) and body.strip():
        out.article_body = html.unescape(body).strip()
    return out


def _first_datetime(candidates: Iterable[str | None], default_tz: tzinfo) -> DateMatch | None:
    for raw in candidates:
        found = find_datetime(raw, default_tz) if raw else None
        if found is not None:
            return found
    return None


# --- titles ---------------------------------------------------------------------------


def clean_title(
    candidates: list[str],
    site_names: set[str] | frozenset[str] = frozenset(),
    h1: str | None = None,
    sections: frozenset[str] = frozenset(),
) -> str | None:
    """Best title without site decoration (' | 사이트', '-정치ㅣ한국일보', ' : 네이트 뉴스').

    The first candidate is the most trusted (JSON-LD headline, then og:title ...). A suffix is
    cut only when it is recognisably the site: its name, a portal name, or text the page's h1
    does not have. Wrapping quotes are removed only when another candidate lacks them.
    """
    if not candidates:
        return h1 or None
    title = _strip_site(candidates[0], site_names, h1, sections)
    others = [_strip_site(c, site_names, h1, sections) for c in candidates[1:]]
    if h1:
        others.append(h1)
    if len(title) >= 2 and _QUOTE_PAIRS.get(title[0]) == title[-1]:
        inner = title[1:-1].strip()
        if inner and any(o == inner for o in others):
            title = inner
    return title or None


def _strip_site(
    title: str, site_names: set[str] | frozenset[str], h1: str | None, sections: frozenset[str]
) -> str:
    title = _SPACES.sub(" ", title).strip()
    title = _PORTAL_SUFFIX.sub("", title)
    if h1 and len(h1) >= 8 and title != h1 and title.startswith(h1):
        rest = title[len(h1) :]
        if _TITLE_SEPARATORS.match(rest) and len(rest) <= 40:
            return h1
    for name in sorted(site_names, key=len, reverse=True):
        if len(name) < 2:
            continue
        if title.endswith(name) and len(title) > len(name):
            head = title[: -len(name)]
            sep = _SEP_AT_END.search(head)
            if sep is not None and sep.start() > 0:
                title = head[: sep.start()]
                # '… 커졌다-정치ㅣ한국일보': a section name may sit between title and site.
                section = _SECTION_AT_END.search(title)
                if (
                    section is not None
                    and section.start() > 0
                    and (section.group(1) in sections or section.group(1) in _COMMON_SECTIONS)
                ):
                    title = title[: section.start()]
                break
        if title.startswith(name):
            sep = _TITLE_SEPARATORS.match(title, len(name))
            if sep is not None and sep.end() < len(title):
                title = title[sep.end() :]
                break
    return title.strip()


# --- sources ----------------------------------------------------------------------------


@dataclass(slots=True)
class _Declaring:
    """The elements metadata comes from, found in one pass over the document."""

    metas: list[LexborNode] = field(default_factory=list)
    scripts: list[LexborNode] = field(default_factory=list)
    h1: LexborNode | None = None
    title: LexborNode | None = None
    canonical: LexborNode | None = None


def _declaring_elements(tree: LexborHTMLParser) -> _Declaring:
    found = _Declaring()
    for node in tree.css(_DECLARING_SELECTOR):
        tag = node.tag
        if tag == "meta":
            found.metas.append(node)
        elif tag == "script":
            found.scripts.append(node)
        elif tag == "h1":
            if found.h1 is None:
                found.h1 = node
        elif tag == "title":
            if found.title is None:
                found.title = node
        elif found.canonical is None:
            found.canonical = node
    return found


def _meta_tags(nodes: list[LexborNode]) -> dict[str, list[str]]:
    """name/property/itemprop/http-equiv (lower case) -> content values, in page order.

    Only keys some rule reads are kept: pages carry dozens of meta tags (viewport, app
    links, verification codes) that would only cost time to clean.
    """
    found: dict[str, list[str]] = {}
    for node in nodes:
        attrs = node.attributes
        for key_attr in ("property", "name", "itemprop", "http-equiv"):
            key = attrs.get(key_attr)
            if not key:
                continue
            key = key.strip().lower()
            if key not in _WANTED_META:
                continue
            value = _clean_text(attrs.get("content"))
            if value:
                found.setdefault(key, []).append(value)
    return found


def _first(meta: dict[str, list[str]], *keys: str) -> str | None:
    for key in keys:
        values = meta.get(key)
        if values:
            return values[0]
    return None


def _all(meta: dict[str, list[str]], keys: tuple[str, ...]) -> Iterator[str]:
    for key in keys:
        yield from meta.get(key, ())


def _all_values(meta: dict[str, list[str]], keys: tuple[str, ...]) -> list[str]:
    return [v for key in keys for v in meta.get(key, ())]


class _LazyMicrodata:
    """Microdata is the last resort for every field, so the page is only scanned if asked."""

    __slots__ = ("_tree", "_values")

    def __init__(self, tree: LexborHTMLParser) -> None:
        self._tree = tree
        self._values: dict[str, str] | None = None

    def get(self, key: str) -> str | None:
        if self._values is None:
            self._values = _microdata(self._tree)
        return self._values.get(key)


def _microdata(tree: LexborHTMLParser) -> dict[str, str]:
    """itemprop values outside <meta>: <time datetime>, author blocks, headline text."""
    found: dict[str, str] = {}
    for node in tree.css("[itemprop]:not(meta)"):
        props = (node.attributes.get("itemprop") or "").split()
        for prop in props:
            if prop in found or prop not in (
                "datePublished",
                "dateModified",
                "author",
                "headline",
                "name",
            ):
                continue
            if prop == "name":
                continue
            attrs = node.attributes
            value = attrs.get("datetime") or attrs.get("content")
            if not value:
                if prop == "author":
                    inner = node.css_first('[itemprop~="name"]')
                    value = (inner or node).text(separator=" ")
                else:
                    value = node.text(separator=" ")
            value = _clean_text(value)
            if value:
                found[prop] = value
    return found


def _json_ld_objects(
    scripts: list[LexborNode],
) -> tuple[dict[str, Any], dict[str, Any], list[dict[str, Any]]]:
    """(best article object, best page object, organisations) from all JSON-LD blocks."""
    articles: list[dict[str, Any]] = []
    pages: list[dict[str, Any]] = []
    orgs: list[dict[str, Any]] = []
    for script in scripts:
        kind = (script.attributes.get("type") or "").lower()
        if "ld+json" not in kind:
            continue
        for obj in _walk_objects(_load_json_ld(script.text())):
            types = _types(obj)
            if types & ARTICLE_TYPES:
                articles.append(obj)
            elif types & PAGE_TYPES:
                pages.append(obj)
            elif types & {"organization", "newsmediaorganization", "website"}:
                orgs.append(obj)
    article = max(articles, key=_article_rank, default={})
    page = next((p for p in pages if p.get("datePublished")), pages[0] if pages else {})
    return article, page, orgs


def _article_rank(obj: dict[str, Any]) -> tuple[int, int, int]:
    body = obj.get("articleBody")
    return (
        1 if obj.get("headline") else 0,
        1 if obj.get("datePublished") else 0,
        len(body) if isinstance(body, str) else 0,
    )


def _load_json_ld(raw: str) -> list[Any]:
    text = raw.strip()
    if text.startswith("<!--"):
        text = text[4:]
    if text.endswith("-->"):
        text = text[:-3]
    text = text.replace("/*<![CDATA[*/", "").replace("/*]]>*/", "").strip().rstrip(";")
    if not text:
        return []
    for attempt in (text, _TRAILING_COMMA.sub(r"\1", text)):
        values = _decode_all(attempt)
        if values:
            return values
    return []


def _decode_all(text: str) -> list[Any]:
    """Every JSON value in ``text`` (some sites glue several objects together)."""
    decoder = json.JSONDecoder(strict=False)
    values: list[Any] = []
    pos, end = 0, len(text)
    while pos < end:
        while pos < end and text[pos] in " \t\r\n,;":
            pos += 1
        if pos >= end:
            break
        try:
            value, pos = decoder.raw_decode(text, pos)
        except ValueError:
            return values
        values.append(value)
    return values


def _walk_objects(values: Any, depth: int = 0) -> Iterator[dict[str, Any]]:
    if depth > 6:
        return
    if isinstance(values, list):
        for item in values:
            yield from _walk_objects(item, depth + 1)
    elif isinstance(values, dict):
        yield values
        for key in ("@graph", "mainEntity", "mainEntityOfPage", "itemListElement"):
            inner = values.get(key)
            if isinstance(inner, (dict, list)):
                yield from _walk_objects(inner, depth + 1)


def _types(obj: dict[str, Any]) -> set[str]:
    raw = obj.get("@type")
    items = raw if isinstance(raw, list) else [raw]
    return {t.rsplit("/", 1)[-1].rsplit(":", 1)[-1].lower() for t in items if isinstance(t, str)}


def _str(value: Any) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, list) and value and isinstance(value[0], str):
        return value[0]
    if isinstance(value, dict):
        return _str(value.get("@value") or value.get("name"))
    return None


def _url_of(obj: dict[str, Any]) -> str | None:
    url = obj.get("url")
    if isinstance(url, str):
        return url
    page = obj.get("mainEntityOfPage")
    if isinstance(page, str):
        return page
    if isinstance(page, dict):
        return _str(page.get("@id") or page.get("url"))
    return None


def _publisher(
    ld: dict[str, Any], orgs: list[dict[str, Any]], meta: dict[str, list[str]]
) -> str | None:
    """The outlet that wrote the article; on a portal copy, the original press, not the portal.

    Portals name the press in 'og:article:author' ('전자신문 | 네이버') or
    'article:media_name', and themselves in 'og:site_name'.
    """
    publisher = ld.get("publisher")
    if isinstance(publisher, list):
        publisher = publisher[0] if publisher else None
    candidates = [_str(publisher.get("name")) if isinstance(publisher, dict) else _str(publisher)]
    portal_author = _first(meta, "og:article:author")
    if portal_author and "|" in portal_author:
        candidates.append(portal_author.split("|", 1)[0])
    candidates += [_first(meta, key) for key in _PUBLISHER_KEYS]
    if portal_author and "|" not in portal_author and looks_like_outlet(portal_author):
        candidates.append(portal_author)
    candidates += [_str(o.get("name")) for o in orgs]
    for raw in candidates:
        name = _clean_text(raw)
        if name and not name.startswith("@") and not _PORTAL_NAME.fullmatch(name):
            return name
    return None


def _authors(
    ld: dict[str, Any], meta: dict[str, list[str]], micro: _LazyMicrodata, site_names: set[str]
) -> list[str]:
    exclude = frozenset(site_names)
    raw = ld.get("author") or ld.get("creator")
    items = raw if isinstance(raw, list) else [raw] if raw else []
    names: list[str] = []
    for item in items:
        if isinstance(item, dict):
            if _types(item) & {"organization", "newsmediaorganization"}:
                continue
            value = _str(item.get("name"))
        else:
            value = _str(item)
        for name in author_names(value, exclude):
            if name not in names:
                names.append(name)
    if names:
        return names
    for key in _AUTHOR_KEYS:
        for value in meta.get(key, ()):
            if key == "og:article:author" and ("|" in value or looks_like_outlet(value)):
                continue
            for name in author_names(value, exclude):
                if name not in names:
                    names.append(name)
        if names:
            return names
    return author_names(micro.get("author"), exclude)


def _language(tree: LexborHTMLParser, meta: dict[str, list[str]], ld: dict[str, Any]) -> str | None:
    html_node = tree.root
    candidates = [
        html_node.attributes.get("lang") if html_node is not None else None,
        _str(ld.get("inLanguage")),
        _first(meta, "og:locale", "content-language", "language", "dc.language"),
    ]
    for raw in candidates:
        if not raw:
            continue
        code = raw.strip().replace("_", "-").split("-")[0].lower()
        code = _LANG_ALIASES.get(code, code)
        if len(code) == 2 and code.isalpha():
            return code
    return None


def _clean_text(value: str | None) -> str | None:
    if not value:
        return None
    if "&" in value:
        # Some CMSs escape twice ('&amp;#039;'); a second pass is harmless for clean text.
        value = html.unescape(value)
        if "&" in value:
            value = html.unescape(value)
    text = " ".join(value.split())
    return text or None
