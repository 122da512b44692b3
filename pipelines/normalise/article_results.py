"""Company mentions and candidate findings kept per article between runs.

Both depend only on the article's page (its content key) and the registry, so a daily run
computes them for new articles only; ``candidate_companies`` then tallies the cached findings
of the whole archive, which is cheap.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as ds

from pipelines.normalise.candidates import Lexicon, article_findings, tally_findings
from pipelines.status.article_events import company_registry, mention_rows

MENTION_SCHEMA = pa.schema(
    [
        pa.field("article_id", pa.string()),
        pa.field("company_id", pa.string()),
        pa.field("mentions", pa.int64()),
    ]
)
MENTION_COLUMNS = ("article_id", "title", "body_text", "relevant")

FINDING_SCHEMA = pa.schema(
    [
        pa.field("article_id", pa.string()),
        pa.field("seq", pa.int32()),
        pa.field("surface", pa.string()),
        pa.field("cue", pa.string()),
        pa.field("sentence", pa.string()),
    ]
)
FINDING_COLUMNS = ("article_id", "body_text")


def every_article() -> pc.Expression:
    """Mentions are counted in every article (an empty body has none): no body is read."""
    return pc.scalar(True)


def mention_chunk(
    companies_path: Path, articles: Sequence[Mapping[str, Any]]
) -> tuple[list[str], list[dict[str, Any]]]:
    key_of = {a["article_id"]: a["_key"] for a in articles}
    rows = mention_rows(articles, companies_path)
    for r in rows:
        r["_key"] = key_of[r["article_id"]]
    return [a["_key"] for a in articles], rows


def findings_chunk(
    companies_path: Path, articles: Sequence[Mapping[str, Any]]
) -> tuple[list[str], list[dict[str, Any]]]:
    registry, lexicon = company_registry(companies_path), Lexicon.load()
    rows: list[dict[str, Any]] = []
    for a in articles:
        for i, (surface, cue, sentence) in enumerate(
            article_findings(a["body_text"], registry, lexicon)
        ):
            rows.append(
                {
                    "_key": a["_key"],
                    "article_id": a["article_id"],
                    "seq": i,
                    "surface": surface,
                    "cue": cue,
                    "sentence": sentence,
                }
            )
    return [a["_key"] for a in articles], rows


def tally_cached_findings(found: pa.Table, articles_path: Path) -> list[dict[str, Any]]:
    """``candidate_companies`` rows from cached findings, tallied in article order."""
    by_article: dict[str, list[tuple[str, str, str]]] = {}
    for r in found.sort_by([("article_id", "ascending"), ("seq", "ascending")]).to_pylist():
        by_article.setdefault(r["article_id"], []).append((r["surface"], r["cue"], r["sentence"]))
    meta = (
        ds.dataset(articles_path, format="parquet")
        .to_table(
            columns=["article_id", "programmes", "published_at", "fetched_at"],
            filter=pc.field("article_id").isin(pa.array(sorted(by_article), pa.string())),
        )
        .sort_by("article_id")
        .to_pylist()
    )
    return tally_findings((a, by_article[a["article_id"]]) for a in meta)
