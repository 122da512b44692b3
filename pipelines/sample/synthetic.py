"""Synthetic WARC archives of any size, made from the sample's pages, for scale benchmarks.

Every sample page is a template (``page_templates``). A variant gets a generated publication
time, a new article number in its site's URL shape (unique per page), on Naver and Daum another
of the portal's outlets, and 10-14 neutral sentences of our own (``synthetic_filler.toml``)
after its last body paragraph, so variants of one page are not near-duplicates of each other
(without them, dedup folds most of an archive into a few dozen groups). The wire story and its
two portal copies stay one syndication group sharing time and filler, so dedup still has copies
to find; a fifth of the pages are off-topic, and a few are feeds and search listings. The
sample's text is otherwise kept: variants add parsing and status-extraction load, not facts.

Records stream to disk one by one (request + response, each its own gzip member with mtime 0),
so memory does not grow with the archive; the same arguments give the same bytes. Article
numbers embed the publication day, so archives of different days (a base archive and an
incremental day) never share a URL.

Run: ``python -m pipelines.sample.synthetic --pages 10000 --out /tmp/s.warc.gz
[--seed 1] [--start 2025-06-01 --days 270] [--level 1]``.
"""

from __future__ import annotations

import argparse
import base64
import gzip
import hashlib
import os
import random
import sys
import time
import tomllib
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from email.utils import format_datetime
from http import HTTPStatus
from pathlib import Path
from urllib.parse import urlsplit

from pipelines.sample.build_warc import REQUEST_HEADERS, SAMPLE_DIR, SERVE_CODECS, record_id
from pipelines.sample.page_templates import (
    ARTICLE_KINDS,
    KST,
    SYNDICATION_GROUPS,
    Template,
    Variant,
    load_templates,
)

FILLER_FILE = SAMPLE_DIR / "synthetic_filler.toml"
WARC_DATE = "%Y-%m-%dT%H:%M:%SZ"
SERIAL_EPOCH = date(2020, 1, 1)  # article numbers carry the day count since this date
DEFAULT_START = date(2025, 6, 1)
DEFAULT_DAYS = 270

# Share of the archive's pages per kind (the rest are on-topic articles).
OFFTOPIC_SHARE = 0.20
SYNDICATED_SHARE = 0.05  # pages inside wire-story groups (original + portal copies)
FEED_SHARE = 0.002
LISTING_SHARE = 0.002
FILLER_SENTENCES = (10, 14)  # how many neutral sentences a variant appends (inclusive)
PUBLISH_HOURS = (6, 24)  # generated publication times fall in [06:00, 24:00) Korea time


def load_filler(path: Path = FILLER_FILE) -> dict[str, tuple[str, ...]]:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return {lang: tuple(sentences) for lang, sentences in data.items()}


# ---------------------------------------------------------------- planning and rendering


@dataclass(frozen=True, slots=True)
class SyntheticPage:
    """One generated response, with what its parse should give back (for tests)."""

    template: str
    kind: str
    url: str
    fetched_at: datetime
    published_at: datetime | None
    updated_at: datetime | None
    publisher: str | None
    filler: str
    status: int
    content_type: str
    headers: tuple[tuple[str, str], ...]
    body: bytes


def new_token(
    token: str, anchor: datetime, when: datetime, serial_day: int, counter: int, width: int
) -> str:
    """A new article number in the old one's shape, unique per (publication day, counter).

    Numbers that start with the publication date get the new date and the counter at their end;
    other numbers get the day count and the counter at their end (longer if they must).
    """
    n = len(token)
    if token.startswith(f"{anchor:%Y%m%d}"):
        keep = token[8 : max(8, n - width)]
        return f"{when:%Y%m%d}{keep}{counter:0{width}d}"
    serial = f"{serial_day:04d}{counter:0{width}d}"
    return token[: n - len(serial)] + serial if n > len(serial) else "1" + serial


@dataclass(frozen=True, slots=True)
class _Unit:
    when: datetime  # the new publication time (Korea time)
    members: tuple[str, ...]  # template stems, one page each


def _plan_units(
    templates: dict[str, Template], pages: int, rng: random.Random, start: date, days: int
) -> list[_Unit]:
    """Which templates fill the archive, and when each unit is published (in time order)."""
    by_kind: dict[str, list[str]] = {}
    grouped = {s for g in SYNDICATION_GROUPS for s in g}
    for stem, t in sorted(templates.items()):
        if stem not in grouped:
            by_kind.setdefault(t.kind, []).append(stem)
    groups = [g for g in SYNDICATION_GROUPS if all(s in templates for s in g)]
    feeds = max(1, round(pages * FEED_SHARE)) if pages >= 10 and by_kind.get("feed") else 0
    listings = max(1, round(pages * LISTING_SHARE)) if pages >= 10 and by_kind.get("listing") else 0
    n_groups = round(pages * SYNDICATED_SHARE / 3) if groups else 0
    offtopic = round(pages * OFFTOPIC_SHARE) if by_kind.get("offtopic") else 0
    members: list[tuple[str, ...]] = []
    members += [(rng.choice(by_kind["feed"]),) for _ in range(feeds)]
    members += [(rng.choice(by_kind["listing"]),) for _ in range(listings)]
    members += [rng.choice(groups) for _ in range(n_groups)]
    members += [(rng.choice(by_kind["offtopic"]),) for _ in range(offtopic)]
    left = pages - sum(len(m) for m in members)
    while left < 0:  # tiny archives: drop units until the count fits
        left += len(members.pop())
    members += [(rng.choice(by_kind["article"]),) for _ in range(left)]
    rng.shuffle(members)
    day0 = datetime(start.year, start.month, start.day, tzinfo=KST)
    lo, hi = PUBLISH_HOURS[0] * 3600, PUBLISH_HOURS[1] * 3600
    offsets = sorted(rng.randrange(days) * 86400 + rng.randrange(lo, hi) for _ in members)
    return [
        _Unit(day0 + timedelta(seconds=off), m) for off, m in zip(offsets, members, strict=True)
    ]


def generate(
    pages: int,
    *,
    seed: int = 1,
    start: date = DEFAULT_START,
    days: int = DEFAULT_DAYS,
    templates: dict[str, Template] | None = None,
    filler: dict[str, tuple[str, ...]] | None = None,
) -> Iterator[SyntheticPage]:
    """``pages`` responses published over ``days`` days from ``start``, in time order."""
    if pages < 1 or days < 1:
        raise ValueError("pages and days must be at least 1")
    templates = templates if templates is not None else load_templates()
    filler = filler if filler is not None else load_filler()
    rng = random.Random(seed)
    units = _plan_units(templates, pages, rng, start, days)
    per_day = Counter(u.when.date() for u in units)
    width = max(5, len(str(max(per_day.values()))))
    counters: Counter[date] = Counter()
    naver_outlets = sorted(
        {(t.oid, t.publisher) for t in templates.values() if t.oid and t.publisher}
    )
    daum_outlets = sorted(
        {t.publisher for t in templates.values() if t.outlet == "daum" and t.publisher}
    )
    for unit in units:
        day = unit.when.date()
        counters[day] += 1
        counter = counters[day]
        serial_day = (day - SERIAL_EPOCH).days
        lead = templates[unit.members[0]]
        pool = filler.get(lead.language) or filler["ko"]
        k = rng.randint(*FILLER_SENTENCES)
        text = " ".join(rng.sample(pool, min(k, len(pool))))
        tokens = {"start": str(1 + 10 * counter)}
        for stem in unit.members:
            t = templates[stem]
            if t.token:
                when = unit.when.astimezone(t.anchor.tzinfo)
                tokens[t.token] = new_token(t.token, t.anchor, when, serial_day, counter, width)
        for stem in unit.members:
            t = templates[stem]
            oid, publisher = t.oid, t.publisher
            if t.oid and naver_outlets:
                oid, publisher = rng.choice(naver_outlets)
            elif t.outlet == "daum" and daum_outlets:
                publisher = rng.choice(daum_outlets)
            when = _to_precision(unit.when, t.anchor)
            v = Variant(when - t.anchor, tokens, oid, publisher, text)
            yield _render(t, v, when)


def _to_precision(when: datetime, printed: datetime) -> datetime:
    """A page that prints minutes only (its time has 0 seconds) gets a time without seconds."""
    return when.replace(second=0) if printed.second == 0 else when


def _render(t: Template, v: Variant, when: datetime) -> SyntheticPage:
    article = t.kind in ARTICLE_KINDS
    published = when.astimezone(t.anchor.tzinfo) if article else None
    updated = None
    if published and t.updated_delta:
        updated = _to_precision(published + t.updated_delta, t.anchor + t.updated_delta)
    fetched = (when + t.fetch_delay).astimezone(UTC).replace(microsecond=0)
    html = t.body.render(v)
    return SyntheticPage(
        template=t.stem,
        kind=t.kind,
        url=t.url.render(v),
        fetched_at=fetched,
        published_at=published,
        updated_at=updated,
        publisher=v.publisher if article else t.publisher,
        filler=v.filler if article else "",
        status=t.entry.status,
        content_type=t.entry.content_type,
        headers=tuple((k, val if isinstance(val, str) else val(v)) for k, val in t.headers),
        body=html.encode(SERVE_CODECS[t.entry.serve_encoding]),
    )


# ---------------------------------------------------------------- WARC output


@dataclass(frozen=True, slots=True)
class WriteResult:
    output: Path
    responses: int
    records: int
    bytes: int
    sha256: str
    seconds: float
    kinds: dict[str, int]


def _sha1(data: bytes) -> str:
    return "sha1:" + base64.b32encode(hashlib.sha1(data).digest()).decode("ascii")


def warc_record(fields: Sequence[tuple[str, str]], content_type: str, block: bytes) -> bytes:
    """One WARC/1.0 record, laid out as warcio writes it (the sample archive's layout).

    Written by hand rather than through warcio's record builder, which costs more than
    compressing the record: the generator has to write 100k pages in well under a minute.
    """
    head = "".join(f"{k}: {v}\r\n" for k, v in fields)
    return (
        (
            f"WARC/1.0\r\n{head}WARC-Block-Digest: {_sha1(block)}\r\n"
            f"Content-Type: {content_type}\r\nContent-Length: {len(block)}\r\n\r\n"
        ).encode()
        + block
        + b"\r\n\r\n"
    )


def _http_block(start_line: str, headers: Iterable[tuple[str, str]]) -> bytes:
    return (start_line + "\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers) + "\r\n").encode()


def page_records(page: SyntheticPage, info_id: str) -> tuple[bytes, bytes]:
    """The request and response records of one page."""
    fetched = page.fetched_at.strftime(WARC_DATE)
    response_id = record_id(page.url, fetched, "response")
    parts = urlsplit(page.url)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    request = warc_record(
        (
            ("WARC-Record-ID", record_id(page.url, fetched, "request")),
            ("WARC-Date", fetched),
            ("WARC-Warcinfo-ID", info_id),
            ("WARC-Concurrent-To", response_id),
            ("WARC-Type", "request"),
            ("WARC-Target-URI", page.url),
            ("WARC-Payload-Digest", _sha1(b"")),
        ),
        "application/http; msgtype=request",
        _http_block(f"GET {target} HTTP/1.1", [("Host", parts.netloc), *REQUEST_HEADERS]),
    )
    headers = [
        ("Content-Type", page.content_type),
        ("Content-Length", str(len(page.body))),
        ("Date", format_datetime(page.fetched_at, usegmt=True)),
        *page.headers,
    ]
    response = warc_record(
        (
            ("WARC-Record-ID", response_id),
            ("WARC-Date", fetched),
            ("WARC-Warcinfo-ID", info_id),
            ("WARC-Type", "response"),
            ("WARC-Target-URI", page.url),
            ("WARC-Payload-Digest", _sha1(page.body)),
        ),
        "application/http; msgtype=response",
        _http_block(f"HTTP/1.1 {page.status} {HTTPStatus(page.status).phrase}", headers)
        + page.body,
    )
    return request, response


def write_archive(
    output: Path,
    pages: int,
    *,
    seed: int = 1,
    start: date = DEFAULT_START,
    days: int = DEFAULT_DAYS,
    level: int = 1,
) -> WriteResult:
    """Generate and write the archive (to a temporary name, renamed when complete)."""
    began = time.perf_counter()
    output.parent.mkdir(parents=True, exist_ok=True)
    partial = output.with_name(output.name + ".partial")
    kinds: Counter[str] = Counter()
    when = datetime(start.year, start.month, start.day, tzinfo=UTC).strftime(WARC_DATE)
    fields = (
        ("software", "sovai pipelines.sample.synthetic"),
        ("format", "WARC File Format 1.0"),
        ("description", "Synthetic variants of the bundled sample pages, for scale benchmarks"),
        ("isPartOf", "sovai-synthetic"),
        ("responses", str(pages)),
        ("seed", str(seed)),
        ("start", start.isoformat()),
        ("days", str(days)),
    )
    info_id = record_id(output.name, when, "warcinfo")
    info = warc_record(
        (
            ("WARC-Record-ID", info_id),
            ("WARC-Date", when),
            ("WARC-Filename", output.name),
            ("WARC-Type", "warcinfo"),
        ),
        "application/warc-fields",
        "".join(f"{k}: {v}\r\n" for k, v in fields).encode("utf-8"),
    )
    digest = hashlib.sha256()
    records = size = 0

    def put(record: bytes) -> None:
        nonlocal records, size
        member = gzip.compress(record, compresslevel=level, mtime=0)
        fh.write(member)
        digest.update(member)
        records += 1
        size += len(member)

    with partial.open("wb") as fh:
        put(info)
        for page in generate(pages, seed=seed, start=start, days=days):
            for record in page_records(page, info_id):
                put(record)
            kinds[page.kind] += 1
    os.replace(partial, output)
    return WriteResult(
        output=output,
        responses=sum(kinds.values()),
        records=records,
        bytes=size,
        sha256=digest.hexdigest(),
        seconds=time.perf_counter() - began,
        kinds=dict(sorted(kinds.items())),
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m pipelines.sample.synthetic", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--pages", type=int, required=True, help="responses to generate")
    parser.add_argument("--out", type=Path, required=True, help="archive to write (.warc.gz)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--start", type=date.fromisoformat, default=DEFAULT_START, help="first day (YYYY-MM-DD)"
    )
    parser.add_argument("--days", type=int, default=DEFAULT_DAYS, help="days the pages span")
    parser.add_argument("--level", type=int, default=1, choices=range(1, 10), help="gzip level")
    args = parser.parse_args(argv)
    if args.pages < 1 or args.days < 1:
        parser.error("--pages and --days must be at least 1")
    result = write_archive(
        args.out, args.pages, seed=args.seed, start=args.start, days=args.days, level=args.level
    )
    kinds = ", ".join(f"{k} {n}" for k, n in result.kinds.items())
    print(
        f"wrote {result.output}: {result.responses} responses ({kinds}), {result.records} "
        f"records, {result.bytes / 1e6:.1f} MB in {result.seconds:.1f} s, sha256 {result.sha256}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
