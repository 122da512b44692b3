"""The release's data card (``README.md``): what, coverage, sources, schema, licence, citation.

The schema section is generated from the table declarations; coverage and sources from the
published rows (``ReleaseSummary``); licence, citation and limitations from
``pipelines/config/release.toml``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from warehouse.schema import Table

from .datapackage import PublishedFile
from .dataset_info import DatasetInfo
from .example_queries import ExampleQuery
from .release_summary import ReleaseSummary

_MD_SPECIAL = re.compile(r"([\\`*_<>\[\]|])")


def md(text: object) -> str:
    """Text safe inside a Markdown paragraph or table cell."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


def human_bytes(n: int) -> str:
    size = float(n)
    for unit in ("B", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    raise AssertionError("unreachable")


def _table_rows(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    out = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    out += ["| " + " | ".join(r) + " |" for r in rows]
    return out


def schema_section(table: Table) -> list[str]:
    out = [f"### `{table.name}`", "", md(table.description), ""]
    out.append("Primary key: " + ", ".join(f"`{k}`" for k in table.primary_key) + ".")
    if table.references:
        refs = ", ".join(f"`{c}` → `{t}.{tc}`" for c, (t, tc) in table.references.items())
        out.append(f"References: {refs}.")
    out.append("")
    out += _table_rows(
        ("column", "type", "null", "description"),
        [
            (f"`{c.name}`", f"`{c.type}`", "yes" if c.nullable else "no", md(c.description))
            for c in table.columns
        ],
    )
    return [*out, ""]


def data_card(
    info: DatasetInfo,
    *,
    release_id: str,
    pipeline_version: str,
    summary: ReleaseSummary,
    tables: Sequence[tuple[Table, PublishedFile]],
    other_files: Sequence[PublishedFile],
    queries: Sequence[ExampleQuery],
    include_body: bool,
    citation: str,
) -> str:
    cov = summary.coverage
    teams_per_programme: dict[str, int] = {}
    for t in summary.current:
        teams_per_programme[t.program_id] = teams_per_programme.get(t.program_id, 0) + 1
    lines = [
        f"# {md(info.title)}",
        "",
        f"Release `{release_id}`: data as of {summary.data_date.isoformat()}, "
        f"built by sovai {md(pipeline_version)}. Open `index.html` for the status table and "
        "the timeline chart.",
        "",
        "## What this is",
        "",
        md(info.description),
        "",
        f"This release holds {cov.teams} teams in {len(teams_per_programme)} programmes, "
        f"{cov.events} status events with their evidence, extracted from "
        f"{cov.relevant_articles} relevant articles ({cov.articles} pages parsed).",
        "",
        "## Coverage",
        "",
        f"- Data date: {summary.data_date.isoformat()} (Asia/Seoul).",
        f"- Relevant articles published from {cov.first_published} to {cov.last_published} "
        "(Korea time).",
        f"- Status events dated from {cov.first_event} to {cov.last_event}.",
    ]
    for pid in summary.program_ids:
        title = md(summary.programme_title(pid))
        lines.append(f"- `{pid}`: {title}, {teams_per_programme[pid]} teams.")
    lines += [
        "",
        "## Sources",
        "",
        "News articles from the outlets below, read on the publishers' own sites or through "
        "Naver News and Daum News, and the ministries' press releases. `articles` counts "
        "relevant originals (`via portal` of them were read on a portal); `copies` are further "
        "copies of the same stories, kept but pointing at their original "
        "(`articles.duplicate_of`).",
        "",
    ]
    lines += _table_rows(
        ("outlet", "articles", "via portal", "copies", "first", "last"),
        [
            (
                md(o.publisher or "(not named)"),
                str(o.articles),
                str(o.via_portal),
                str(o.copies),
                str(o.first or ""),
                str(o.last or ""),
            )
            for o in summary.outlets
        ],
    )
    lines += ["", "## Files", ""]
    lines += _table_rows(
        ("file", "rows", "size"),
        [(f"`{f.path}`", str(f.rows), human_bytes(f.bytes)) for _, f in tables]
        + [(f"`{f.path}`", "", human_bytes(f.bytes)) for f in other_files],
    )
    lines += [
        "",
        "Every Parquet file is zstd-compressed and sorted by its primary key. `sovai.duckdb` "
        "holds the same tables (and `team_status_current` as a view) and opens in DuckDB 1.0 "
        "or later. `manifest.json` lists each file's rows, size, SHA-256 and schema; "
        "`datapackage.json` describes the release as a Frictionless Data Package. Check a "
        "download with `sha256sum -c SHA256SUMS`.",
        "",
        "## Tables",
        "",
    ]
    if not include_body:
        lines += [
            "`articles` carries a snippet of each article, not its full text, which belongs "
            "to its publisher.",
            "",
        ]
    for table, _ in tables:
        lines += schema_section(table)
    lines += ["## Querying", "", "Run these from inside the release directory.", ""]
    for q in queries:
        lines += [f"{md(q.title)} ({q.tool}):", "", f"```{q.language}", q.code.rstrip(), "```", ""]
    lines += [
        "## Licence",
        "",
        f"{md(info.licence.title)} ({info.licence.name}, <{info.licence.path}>). "
        f"{md(info.licence.note)}",
        "",
        "## How to cite",
        "",
        f"> {md(citation)}",
        "",
        "## Known limitations",
        "",
    ]
    lines += [f"- {md(item)}" for item in info.limitations]
    if not include_body:
        lines.append("- Article text is a snippet; follow `articles.url` to read an article.")
    return "\n".join(lines) + "\n"
