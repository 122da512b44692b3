"""Article extraction benchmark: this project's generic extractor against trafilatura.

Run from the project root::

    python -m benchmarks.extraction                 # both extractors, 181 pages + fundus-kr
    python -m benchmarks.extraction --only ours --limit 50
    python -m benchmarks.extraction --korean-fixtures   # also score pipelines/sample/expected

Speed is parse time only, single process: pages are read and gunzipped before the clock
starts, and the two extractors run page by page in turn so that load on a shared machine
hits both alike. Body scores follow the benchmark README (see ``benchmarks.scoring``).
"""

from __future__ import annotations

import argparse
import gzip
import importlib
import json
import sys
import time
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from benchmarks.scoring import CorpusScore, PageScore, score_corpus, score_page
from pipelines.parse.article import ParsedArticle
from pipelines.parse.decode import decode_html

SHARED = Path("/work/shared/benchmarks")
ARTICLE_SET = SHARED / "article-extraction"
FUNDUS_SET = SHARED / "fundus-kr"
SAMPLE_DIR = Path(__file__).resolve().parent.parent / "pipelines" / "sample"
SEOUL = ZoneInfo("Asia/Seoul")

BodyExtractor = Callable[[str], str]


@dataclass
class Run:
    name: str
    extract: BodyExtractor
    seconds: float = 0.0
    scores: list[PageScore] = field(default_factory=list)


def _ours(html: str) -> str:
    from pipelines.parse.generic import extract

    return extract(html).body_text


def _trafilatura(html: str) -> str:
    import trafilatura

    return trafilatura.extract(html) or ""


def load_article_set(limit: int | None) -> list[tuple[str, str, str]]:
    """(page id, html, gold body) for the 181 benchmark pages."""
    truth = json.loads((ARTICLE_SET / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for page_id in sorted(truth)[:limit]:
        raw = gzip.decompress((ARTICLE_SET / "html" / f"{page_id}.html.gz").read_bytes())
        pages.append((page_id, raw.decode("utf-8"), truth[page_id]["articleBody"]))
    return pages


def run_article_set(runs: list[Run], limit: int | None, per_page: bool) -> None:
    pages = load_article_set(limit)
    megabytes = sum(len(html.encode("utf-8")) for _, html, _ in pages) / 1e6
    for run in runs:  # warm-up: imports and lazy compilation are not page time
        run.extract(pages[0][1])
    for page_id, html, gold in pages:
        for run in runs:
            start = time.perf_counter()
            text = run.extract(html)
            run.seconds += time.perf_counter() - start
            run.scores.append(score_page(text, gold))
            if per_page:
                s = run.scores[-1]
                print(f"  {run.name:12s} {page_id[:10]} P {s.precision:.3f} R {s.recall:.3f}")
    print(f"\nArticle-extraction benchmark: {len(pages)} pages, {megabytes:.1f} MB of HTML")
    header = ("extractor", "F1", "precision", "recall", "pages/s", "MB/s")
    print("{:14s} {:>7s} {:>10s} {:>8s} {:>9s} {:>7s}".format(*header))
    for run in runs:
        total = score_corpus(run.scores)
        rate = len(pages) / run.seconds
        print(
            f"{run.name:14s} {total.f1:7.4f} {total.precision:10.4f} {total.recall:8.4f} "
            f"{rate:9.1f} {megabytes / run.seconds:7.1f}"
        )
    if len(runs) == 2:
        print(
            f"speed ratio {runs[0].name}/{runs[1].name}: {runs[1].seconds / runs[0].seconds:.1f}x"
        )


# --- fundus-kr --------------------------------------------------------------------------


def run_fundus(only_ours: bool) -> None:
    meta = json.loads((FUNDUS_SET / "meta.info").read_text(encoding="utf-8"))
    expected: dict[str, dict] = {}
    for publisher in ("HankookIlbo", "MBN"):
        versions = json.loads((FUNDUS_SET / f"{publisher}.json").read_text(encoding="utf-8"))
        files = sorted(f for f in meta if f.startswith(publisher))
        for file, version in zip(files, sorted(versions), strict=True):
            expected[file] = versions[version]
    extractors: list[tuple[str, Callable[[str, str], tuple[str, str | None, datetime | None]]]]
    extractors = [("generic", _fundus_ours)]
    if not only_ours:
        extractors.append(("trafilatura", _fundus_trafilatura))
    print(f"\nfundus-kr: {len(expected)} Korean pages (body = sections' paragraphs; title exact =")
    print("equal after collapsing whitespace, strict = character for character)")
    header = ("extractor", "body F1", "title exact", "(strict)", "date exact", "day right")
    print("{:14s} {:>8s} {:>12s} {:>9s} {:>11s} {:>10s}".format(*header))
    for name, fn in extractors:
        scores, titles, strict_titles, exact, days = [], 0, 0, 0, 0
        for file, want in expected.items():
            html = gzip.decompress((FUNDUS_SET / file).read_bytes()).decode("utf-8")
            body, title, published = fn(html, meta[file]["url"])
            gold_body = "\n".join(p for s in want["body"]["sections"] for p in s["paragraphs"])
            scores.append(score_page(body, gold_body))
            titles += _same_text(title, want["title"])
            strict_titles += title == want["title"]
            want_date = _as_seoul(want["publishing_date"])
            if published is not None and want_date is not None:
                exact += published == want_date
                days += published.astimezone(SEOUL).date() == want_date.date()
        total = score_corpus(scores)
        n = len(expected)
        print(
            f"{name:14s} {total.f1:8.4f} {titles:>10d}/{n} {strict_titles:>7d}/{n} "
            f"{exact:>9d}/{n} {days:>8d}/{n}"
        )


def _fundus_ours(html: str, url: str) -> tuple[str, str | None, datetime | None]:
    from pipelines.parse.generic import extract

    article = extract(html, url)
    return article.body_text, article.title, article.published_at


def _fundus_trafilatura(html: str, url: str) -> tuple[str, str | None, datetime | None]:
    import trafilatura

    doc = trafilatura.bare_extraction(html, url=url, with_metadata=True)
    if doc is None:
        return "", None, None
    date = _as_seoul(doc.date) if doc.date else None
    return doc.text or "", doc.title, date


def _as_seoul(value: str | None) -> datetime | None:
    if not value:
        return None
    parsed = datetime.fromisoformat(value)
    return parsed.replace(tzinfo=SEOUL) if parsed.tzinfo is None else parsed.astimezone(SEOUL)


def _same_text(got: str | None, want: str | None) -> bool:
    """Exact match after collapsing whitespace (NBSP and runs of spaces count as one space)."""
    if got is None or want is None:
        return got is want
    return " ".join(got.split()) == " ".join(want.split())


# --- Korean sample fixtures -------------------------------------------------------------

FIELDS = ("title", "authors", "publisher", "published_at", "updated_at")


def run_korean_fixtures(sample_dir: Path, parser: str) -> None:
    """Per-field exact accuracy and body F1 of ``parser`` on the bundled sample pages."""
    parse = _load_parser(parser)
    manifest = _sample_manifest(sample_dir)
    expected_files = sorted((sample_dir / "expected").glob("*.json"))
    hits = dict.fromkeys(FIELDS, 0)
    scores: list[PageScore] = []
    misses: list[str] = []
    seconds = 0.0
    count = 0
    for path in expected_files:
        want = json.loads(path.read_text(encoding="utf-8"))
        page = next(iter(sorted((sample_dir / "pages").glob(path.stem + ".*"))), None)
        if page is None:
            continue
        entry = manifest.get(page.name, {})
        html, _ = decode_html(page.read_bytes(), entry.get("content_type"))
        url = want.get("url") or entry.get("url") or ""
        start = time.perf_counter()
        got = parse(html, url)
        seconds += time.perf_counter() - start
        count += 1
        for name in FIELDS:
            ok = _field_equal(name, getattr(got, name), want.get(name))
            hits[name] += ok
            if not ok:
                misses.append(
                    f"  {path.stem}: {name} got {getattr(got, name)!r} want {want.get(name)!r}"
                )
        scores.append(score_page(got.body_text, want.get("body_text") or ""))
    if not count:
        print(f"\nKorean fixtures: no pages with expected output under {sample_dir}")
        return
    body = score_corpus(scores)
    print(
        f"\nKorean sample fixtures ({count} pages, parser {parser}, {count / seconds:.0f} pages/s)"
    )
    for name in FIELDS:
        print(f"  {name:13s} {hits[name]:3d}/{count}  {hits[name] / count:.1%}")
    print(
        f"  body F1       {body.f1:.4f} (precision {body.precision:.4f}, recall {body.recall:.4f})"
    )
    if misses:
        print("mismatches:")
        print("\n".join(m[:220] for m in misses))


def _load_parser(spec: str) -> Callable[[str, str], ParsedArticle]:
    module, _, attr = spec.partition(":")
    return getattr(importlib.import_module(module), attr or "extract")


def _sample_manifest(sample_dir: Path) -> dict[str, dict]:
    entries: dict[str, dict] = {}
    for path in sorted(sample_dir.glob("manifest*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        for entry in data.get("response", []):
            if "file" in entry:
                entries[entry["file"]] = entry
    return entries


def _field_equal(name: str, got: object, want: object) -> bool:
    if name in ("published_at", "updated_at"):
        got_dt = got if isinstance(got, datetime) else _as_seoul(got) if got else None
        want_dt = _as_seoul(want) if isinstance(want, str) else want
        return got_dt == want_dt
    if name == "authors":
        return list(got or []) == list(want or [])
    if isinstance(got, str) or isinstance(want, str):
        return _same_text(got, want)  # type: ignore[arg-type]
    return got == want


def _summary(total: CorpusScore) -> str:
    return f"{total.f1:.4f} (precision {total.precision:.4f}, recall {total.recall:.4f})"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--limit", type=int, default=None, help="first N benchmark pages only")
    parser.add_argument("--only", choices=("ours", "trafilatura"), default=None)
    parser.add_argument("--per-page", action="store_true", help="print every page's score")
    parser.add_argument("--skip-fundus", action="store_true")
    parser.add_argument(
        "--korean-fixtures",
        nargs="?",
        const=str(SAMPLE_DIR),
        default=None,
        metavar="SAMPLE_DIR",
        help="also score pages/ against expected/*.json (default: pipelines/sample)",
    )
    parser.add_argument(
        "--parser",
        default="pipelines.parse.generic:extract",
        help="module:function taking (html, url) for --korean-fixtures",
    )
    args = parser.parse_args(argv)

    runs = []
    if args.only in (None, "ours"):
        runs.append(Run("generic", _ours))
    if args.only in (None, "trafilatura"):
        runs.append(Run("trafilatura", _trafilatura))
    run_article_set(runs, args.limit, args.per_page)
    if not args.skip_fundus:
        run_fundus(only_ours=args.only == "ours")
    if args.korean_fixtures:
        run_korean_fixtures(Path(args.korean_fixtures), args.parser)
    return 0


if __name__ == "__main__":
    sys.exit(main())
