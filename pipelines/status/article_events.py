"""From article rows to table rows: relevance, companies, mentions and per-article reports.

This is the seam between the warehouse's row dictionaries and the domain objects
(registries, relevance classifier, status extractor), so the assets stay thin.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

from pipelines.normalise.companies import CompanyRegistry
from pipelines.normalise.programmes import ProgrammeRegistry
from pipelines.normalise.relevance import RelevanceClassifier
from pipelines.status.authority import load_authorities, official_article
from pipelines.status.extract import Extractor
from pipelines.status.status_rules import StatusRules


@lru_cache(maxsize=4)
def company_registry(path: Path) -> CompanyRegistry:
    """The registry at ``path``, loaded once per process."""
    return CompanyRegistry.load(path)


@lru_cache(maxsize=4)
def _programmes(path: Path) -> ProgrammeRegistry:
    return ProgrammeRegistry.load(path)


@lru_cache(maxsize=4)
def _rules(path: Path) -> StatusRules:
    return StatusRules.load(path)


def load_relevance(
    programmes_path: Path, companies_path: Path
) -> Callable[[str | None, str], list[str]]:
    """A function ``(title, body) -> [programme ids]`` the article is about."""
    classifier = RelevanceClassifier(_programmes(programmes_path), company_registry(companies_path))
    return classifier.relevant


def company_rows(companies_path: Path) -> list[dict[str, Any]]:
    registry = company_registry(companies_path)
    return [
        {
            "company_id": c.id,
            "name_ko": c.name_ko or None,
            "name_en": c.name_en or None,
            "aliases": list(c.aliases),
            "parent_id": c.parent if c.parent in registry else None,
            "kind": c.kind or None,
        }
        for c in registry.companies.values()
    ]


def mention_rows(
    articles: Iterable[Mapping[str, Any]], companies_path: Path
) -> list[dict[str, Any]]:
    """Mentions in each article's body only (page chrome never reaches ``body_text``)."""
    registry = company_registry(companies_path)
    rows = []
    for a in articles:
        body = a["body_text"]
        if not body:
            continue
        context = bool(a.get("relevant")) or registry.has_programme_context(body)
        for company_id, n in sorted(registry.count_mentions(body, context).items()):
            rows.append({"article_id": a["article_id"], "company_id": company_id, "mentions": n})
    return rows


def extract_reports(
    articles: Iterable[Mapping[str, Any]],
    *,
    companies_path: Path,
    programmes_path: Path,
    rules_path: Path,
) -> list[dict[str, Any]]:
    """One report per (article, event) from relevant originals; copies add no evidence.

    Each report keeps why its date is what it is (or why it is null), the organisation whose
    spokesperson said it, and whether the article is the programme's own authority.
    """
    registry = company_registry(companies_path)
    programmes = _programmes(programmes_path)
    authorities = load_authorities(programmes_path)
    rules = _rules(rules_path)
    extractors: dict[str, Extractor] = {}
    reports: list[dict[str, Any]] = []
    for a in articles:
        if not a["relevant"] or a["duplicate_of"] or not a["body_text"]:
            continue
        published = a["published_at"] or a["fetched_at"]
        for program_id in a["programmes"]:
            if program_id not in extractors:
                extractors[program_id] = Extractor(registry, programmes, program_id, rules)
            official = official_article(authorities, program_id, a)
            for ev in extractors[program_id].extract(a["body_text"], published):
                reports.append(
                    {
                        "program_id": ev.program_id,
                        "team_id": ev.team_id,
                        "status": ev.status,
                        "stage": ev.stage,
                        "event_date": ev.event_date,
                        "event_date_precision": ev.event_date_precision,
                        "event_date_reason": ev.date_reason,
                        "evidence": ev.evidence,
                        "speaker_id": ev.speaker_company_id,
                        "rule_id": ev.rule_id,
                        "confidence": ev.confidence,
                        "article_id": a["article_id"],
                        "reported_at": published,
                        "official": official,
                    }
                )
    return reports


def stage_orders(programmes_path: Path) -> dict[str, dict[str, int]]:
    """Each programme's stage order, for ordering same-day events by lifecycle."""
    return {p.id: {s.id: s.order for s in p.stages} for p in _programmes(programmes_path)}


def programme_leads(programmes_path: Path) -> dict[str, frozenset[str]]:
    """Each programme's team ids (its leads), the only teams an event may name."""
    return {p.id: p.lead_ids for p in _programmes(programmes_path)}
