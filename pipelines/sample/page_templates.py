"""Sample pages as templates: the spots a synthetic variant re-renders, found once per page.

A page's publication and update times (from its expected JSON) are located in every printed
form it uses (visible text, meta tags, JSON-LD, data attributes, compact ids), its article number
(the longest digit run of its URL) wherever it recurs in the markup, and on portal pages its
outlet (name, and Naver's office id in URLs, scripts and widgets). The end of the last body
paragraph is a spot too, where a variant appends its filler sentences. Compiling cuts the text at
those spots once, so rendering a variant is one join.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime, parsedate_to_datetime
from pathlib import Path
from urllib.parse import urlsplit

from pipelines.clock import SEOUL as KST
from pipelines.sample.build_warc import SAMPLE_DIR, ManifestEntry, load_manifests
from pipelines.sample.printed_dates import DATE_FORMS, DateForm

FETCH_DELAY = (timedelta(minutes=1), timedelta(hours=6))  # clamp on the template's delay
ARTICLE_KINDS = frozenset({"article", "offtopic"})

# The wire story and the portal pages that carry it (one syndication group).
SYNDICATION_GROUPS: tuple[tuple[str, ...], ...] = (
    (
        "yna-2026-01-23-additional-call-opens",
        "naver-2026-01-23-yna-additional-call-opens",
        "daum-2026-01-23-yna-additional-call-opens",
    ),
)
# How a Naver office id (oid) is written around the page (URLs, scripts, widgets, logos).
NAVER_OID_FORMS = ("/{}/", "%2F{}%2F", '"{}"', "news{},", "oid={}", "logo_{}_")
_NAVER_OID = re.compile(r"/article/(\d{3})/")
_DIGIT_RUN = re.compile(r"\d+")
_RFC2822 = re.compile(r"[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} [+-]\d{4}")


@dataclass(slots=True)
class Variant:
    """What one generated page changes: its time shift, article numbers, outlet and filler."""

    shift: timedelta
    tokens: dict[str, str]
    oid: str | None
    publisher: str | None
    filler: str


Slot = Callable[[Variant], str]


@dataclass(frozen=True, slots=True)
class Compiled:
    """A text cut at the spots a variant re-renders: literal strings and slots in order."""

    parts: tuple[str | Slot, ...]

    def render(self, v: Variant) -> str:
        return "".join(p if isinstance(p, str) else p(v) for p in self.parts)


def compile_text(text: str, literals: dict[str, Slot]) -> Compiled:
    """Cut ``text`` at every occurrence of a literal (longest first, whole numbers only)."""
    if not literals:
        return Compiled((text,))
    alternatives = []
    for lit in sorted(literals, key=len, reverse=True):
        head = r"(?<!\d)" if lit[0].isdigit() else ""
        tail = r"(?!\d)" if lit[-1].isdigit() else ""
        alternatives.append(head + re.escape(lit) + tail)
    pattern = re.compile("|".join(alternatives))
    parts: list[str | Slot] = []
    pos = 0
    for m in pattern.finditer(text):
        if m.start() > pos:
            parts.append(text[pos : m.start()])
        parts.append(literals[m.group()])
        pos = m.end()
    if pos < len(text):
        parts.append(text[pos:])
    return Compiled(tuple(parts))


@dataclass(frozen=True, slots=True)
class Template:
    """One sample response, ready to render variants of."""

    stem: str
    kind: str  # 'article' | 'offtopic' | 'feed' | 'listing'
    entry: ManifestEntry
    language: str
    outlet: str | None  # the portal whose outlets a variant may take: 'naver' | 'daum' | None
    publisher: str | None
    anchor: datetime  # the original publication time (feeds: last build; listings: fetch)
    updated_delta: timedelta | None  # updated_at - published_at
    fetch_delay: timedelta
    token: str | None  # the article number in the URL
    oid: str | None  # Naver office id
    body: Compiled
    url: Compiled
    headers: tuple[tuple[str, str | Slot], ...]


def _date_slot(original: datetime, form: DateForm) -> Slot:
    return lambda v: form(original + v.shift)


def _token_slot(token: str) -> Slot:
    return lambda v: v.tokens[token]


def _oid_slot(form: str) -> Slot:
    return lambda v: form.format(v.oid)


def _publisher_slot(v: Variant) -> str:
    return v.publisher or ""


def _tail_slot(tail: str) -> Slot:
    return lambda v: f"{tail} {v.filler}" if v.filler else tail


def url_token(url: str) -> str | None:
    """The article number: the longest digit run in the URL's path and query."""
    parts = urlsplit(url)
    runs = _DIGIT_RUN.findall(parts.path + "?" + parts.query)
    return max(runs, key=len) if runs else None


def _register_dates(
    literals: dict[str, Slot], texts: Sequence[str], roles: Sequence[datetime]
) -> None:
    for when in roles:
        for form in DATE_FORMS:
            lit = form(when)
            if lit not in literals and any(lit in t for t in texts):
                literals[lit] = _date_slot(when, form)


@dataclass(frozen=True, slots=True)
class _PageFacts:
    """What a sample page is, and the times it prints."""

    kind: str
    anchor: datetime
    roles: tuple[datetime, ...]
    token: str | None


def _page_facts(entry: ManifestEntry, expected: dict, text: str) -> _PageFacts:
    fetched = entry.fetched_dt.astimezone(KST)
    if entry.content_type.split(";")[0].strip().endswith("xml"):
        stamps = dict.fromkeys(_RFC2822.findall(text))
        roles = tuple(parsedate_to_datetime(s) for s in stamps) or (fetched,)
        return _PageFacts("feed", roles[0], roles, None)
    if expected.get("published_at"):
        published = datetime.fromisoformat(expected["published_at"])
        roles = (published,)
        if expected.get("updated_at"):
            roles += (datetime.fromisoformat(expected["updated_at"]),)
        kind = "article" if expected["relevant"] else "offtopic"
        return _PageFacts(kind, published, roles, url_token(entry.url))
    # a listing (search results): it prints its fetch day and the day before
    return _PageFacts("listing", fetched, (fetched, fetched - timedelta(days=1)), None)


def _spots(
    entry: ManifestEntry, expected: dict, text: str, facts: dict[str, _PageFacts]
) -> tuple[dict[str, Slot], str | None, str | None]:
    """The literals a variant re-renders, the portal whose outlets it may take, Naver's oid."""
    fact = facts[entry.stem]
    literals: dict[str, Slot] = {}
    if fact.kind == "listing":
        literals["start=1"] = lambda v: f"start={v.tokens['start']}"
    # the article numbers of the whole syndication group (copies link to the original)
    group = next((g for g in SYNDICATION_GROUPS if entry.stem in g), (entry.stem,))
    for member in group:
        token = facts[member].token if member in facts else None
        if token:
            literals[token] = _token_slot(token)
    _register_dates(literals, (text, entry.url), fact.roles)
    publisher = expected.get("publisher")
    outlet = expected.get("portal") if len(group) == 1 and publisher else None
    oid = None
    if outlet:
        literals[publisher] = _publisher_slot
        m = _NAVER_OID.search(entry.url) if outlet == "naver" else None
        if m:
            oid = m.group(1)
            for form in NAVER_OID_FORMS:
                literals[form.format(oid)] = _oid_slot(form)
    paragraphs = [p for p in (expected.get("body_text") or "").split("\n") if p.strip()]
    if paragraphs and text.count(paragraphs[-1][-12:]) == 1:
        tail = paragraphs[-1][-12:]
        literals[tail] = _tail_slot(tail)
    return literals, outlet, oid


def _headers(entry: ManifestEntry, token: str | None) -> tuple[tuple[str, str | Slot], ...]:
    headers: list[tuple[str, str | Slot]] = []
    for name, value in entry.extra_headers:
        if name.lower() == "last-modified":
            headers.append((name, _http_date_slot(parsedate_to_datetime(value))))
        elif token and token in value:
            headers.append((name, _header_token_slot(value, token)))
        else:
            headers.append((name, value))
    return tuple(headers)


def load_templates(sample_dir: Path = SAMPLE_DIR) -> dict[str, Template]:
    """Every sample response as a template, keyed by page stem."""
    entries = load_manifests(sample_dir)
    expected = {
        path.stem: json.loads(path.read_text(encoding="utf-8"))
        for path in (sample_dir / "expected").glob("*.json")
    }
    texts = {e.stem: (sample_dir / "pages" / e.file).read_text(encoding="utf-8") for e in entries}
    facts = {e.stem: _page_facts(e, expected.get(e.stem, {}), texts[e.stem]) for e in entries}
    templates: dict[str, Template] = {}
    for e in entries:
        exp, fact = expected.get(e.stem, {}), facts[e.stem]
        literals, outlet, oid = _spots(e, exp, texts[e.stem], facts)
        article = fact.kind in ARTICLE_KINDS
        templates[e.stem] = Template(
            stem=e.stem,
            kind=fact.kind,
            entry=e,
            language=exp.get("language") or "ko",
            outlet=outlet,
            publisher=exp.get("publisher"),
            anchor=fact.anchor,
            updated_delta=fact.roles[1] - fact.roles[0]
            if article and len(fact.roles) > 1
            else None,
            fetch_delay=min(max(e.fetched_dt - fact.anchor, FETCH_DELAY[0]), FETCH_DELAY[1]),
            token=fact.token,
            oid=oid,
            body=compile_text(texts[e.stem], literals),
            url=compile_text(e.url, literals),
            headers=_headers(e, fact.token),
        )
    return templates


def _http_date_slot(original: datetime) -> Slot:
    return lambda v: format_datetime((original + v.shift).astimezone(UTC), usegmt=True)


def _header_token_slot(value: str, token: str) -> Slot:
    return lambda v: value.replace(token, v.tokens[token])
