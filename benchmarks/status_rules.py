"""Score the rule-based status extractor on labelled sentences (dev and held-out) and articles.

    python -m benchmarks.status_rules             # sentences: dev, dev2 and held-out
    python -m benchmarks.status_rules -v          # also list every miss and false alarm
    python -m benchmarks.status_rules --articles  # also whole sample articles with expected JSON

Matching is on sets per item. "loose" compares (team, status); "dated" adds the event date
(as precise as the extractor says: 2025-08-04, 2025-08, 2025); "strict" adds the stage too.
Precision and recall per status use the loose key.
"""

from __future__ import annotations

import argparse
import json
import sys
import tomllib
from collections import defaultdict
from datetime import date, datetime
from pathlib import Path

from pipelines.normalise.companies import CompanyRegistry
from pipelines.normalise.programmes import ProgrammeRegistry
from pipelines.normalise.relevance import RelevanceClassifier
from pipelines.status.event_dates import KST
from pipelines.status.extract import ExtractedEvent, Extractor
from pipelines.status.status_rules import STATUSES, StatusRules

ROOT = Path(__file__).resolve().parents[1]
LABELLED = ROOT / "benchmarks" / "labelled" / "sentences.toml"
EXPECTED_ARTICLES = ROOT / "pipelines" / "sample" / "expected"


def date_label(d: date | None, precision: str | None) -> str:
    """The date as precise as it is known: '2026-01-15', '2025-08', '2025-H1', '2025'."""
    if d is None:
        return ""
    if precision == "month":
        return f"{d.year:04d}-{d.month:02d}"
    if precision == "year":
        return f"{d.year:04d}"
    if precision == "half":
        return f"{d.year:04d}-H{1 if d.month <= 6 else 2}"
    if precision == "quarter":
        return f"{d.year:04d}-Q{(d.month - 1) // 3 + 1}"
    return d.isoformat()


def event_key(ev: ExtractedEvent) -> tuple[str, str, str, str]:
    return (
        ev.team_id,
        ev.status,
        ev.stage or "",
        date_label(ev.event_date, ev.event_date_precision),
    )


class Tally:
    """True/false positives and misses per status, for three key strengths."""

    def __init__(self) -> None:
        self.by_status: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
        self.levels: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
        self.items = 0

    def add(self, expected: set[tuple], predicted: set[tuple]) -> None:
        self.items += 1
        loose_e = {k[:2] for k in expected}
        loose_p = {k[:2] for k in predicted}
        for status in STATUSES:
            e = {k for k in loose_e if k[1] == status}
            p = {k for k in loose_p if k[1] == status}
            row = self.by_status[status]
            row[0] += len(e & p)
            row[1] += len(p - e)
            row[2] += len(e - p)
        for name, cut in (("loose", 2), ("dated", 3), ("strict", 4)):
            if name == "dated":
                e = {(k[0], k[1], k[3]) for k in expected}
                p = {(k[0], k[1], k[3]) for k in predicted}
            else:
                e = {k[:cut] for k in expected}
                p = {k[:cut] for k in predicted}
            row = self.levels[name]
            row[0] += len(e & p)
            row[1] += len(p - e)
            row[2] += len(e - p)

    @staticmethod
    def pr(row: list[int]) -> tuple[float, float, float]:
        tp, fp, fn = row
        p = tp / (tp + fp) if tp + fp else 1.0
        r = tp / (tp + fn) if tp + fn else 1.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return p, r, f

    def report(self, title: str) -> None:
        print(f"\n== {title}: {self.items} items")
        print(f"{'status':<18}{'tp':>5}{'fp':>5}{'fn':>5}{'prec':>8}{'recall':>8}")
        for status in STATUSES:
            row = self.by_status[status]
            if sum(row) == 0:
                continue
            p, r, _ = self.pr(row)
            print(f"{status:<18}{row[0]:>5}{row[1]:>5}{row[2]:>5}{p:>8.3f}{r:>8.3f}")
        for name in ("loose", "dated", "strict"):
            row = self.levels[name]
            p, r, f = self.pr(row)
            print(
                f"{'overall ' + name:<18}{row[0]:>5}{row[1]:>5}{row[2]:>5}{p:>8.3f}{r:>8.3f}"
                f"   F1 {f:.3f}"
            )


def _aware(value) -> datetime | date:
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=KST)
    if isinstance(value, str):
        parsed = datetime.fromisoformat(value)
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=KST)
    return value


def score_sentences(verbose: bool) -> dict[str, Tally]:
    registry = CompanyRegistry.load()
    programmes = ProgrammeRegistry.load()
    rules = StatusRules.load()
    extractors: dict[str, Extractor] = {}
    with LABELLED.open("rb") as fh:
        items = tomllib.load(fh)["sentence"]
    tallies: dict[str, Tally] = {}
    for item in items:
        programme = item.get("programme", "kr-sovereign-ai")
        ex = extractors.get(programme) or extractors.setdefault(
            programme, Extractor(registry, programmes, programme, rules)
        )
        predicted = {event_key(e) for e in ex.extract(item["text"], _aware(item["published_at"]))}
        expected = {
            (e["team"], e["status"], e.get("stage", ""), e.get("date", ""))
            for e in item.get("events", [])
        }
        tallies.setdefault(item["split"], Tally()).add(expected, predicted)
        if verbose and expected != predicted:
            print(f"\n[{item['id']}] {item['text']}")
            for k in sorted(expected - predicted):
                print(f"   missed   {k}")
            for k in sorted(predicted - expected):
                print(f"   spurious {k}")
    return tallies


def score_articles(verbose: bool) -> Tally | None:
    files = sorted(EXPECTED_ARTICLES.glob("*.json"))
    if not files:
        print("\n(no expected articles under pipelines/sample/expected/)")
        return None
    registry = CompanyRegistry.load()
    programmes = ProgrammeRegistry.load()
    rules = StatusRules.load()
    relevance = RelevanceClassifier(programmes, registry)
    extractors = {p.id: Extractor(registry, programmes, p.id, rules) for p in programmes}
    tally = Tally()
    relevance_hits = relevance_total = 0
    for path in files:
        data = json.loads(path.read_text(encoding="utf-8"))
        body = data.get("body_text") or ""
        if not body or not data.get("published_at"):
            continue
        pub = _aware(data["published_at"])
        found = relevance.relevant(data.get("title"), body)
        if "relevant" in data:
            relevance_total += 1
            relevance_hits += bool(found) == bool(data["relevant"])
        predicted: set[tuple] = set()
        for pid in found:
            predicted |= {event_key(e) for e in extractors[pid].extract(body, pub)}
        expected = set()
        for e in data.get("events", []):
            team = registry.resolve_alias(e["team"]) or e["team"]
            expected.add((team, e["status"], e.get("stage") or "", e.get("event_date") or ""))
        tally.add(expected, predicted)
        if verbose and expected != predicted:
            print(f"\n[{path.name}] relevant={found}")
            for k in sorted(expected - predicted):
                print(f"   missed   {k}")
            for k in sorted(predicted - expected):
                print(f"   spurious {k}")
    tally.report(f"articles ({EXPECTED_ARTICLES.relative_to(ROOT)})")
    if relevance_total:
        print(f"relevance agreement: {relevance_hits}/{relevance_total}")
    return tally


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", action="store_true", help="also score sample articles")
    parser.add_argument("-v", "--verbose", action="store_true", help="list every mismatch")
    args = parser.parse_args(argv)
    tallies = score_sentences(args.verbose)
    for split in ("dev", "dev2", "dev3", "heldout"):
        if split in tallies:
            tallies[split].report(f"sentences, {split}")
    if args.articles:
        score_articles(args.verbose)
    return 0


if __name__ == "__main__":
    sys.exit(main())
