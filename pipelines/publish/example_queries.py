"""Copy-paste queries shown on the index page and in the data card.

Each runs unchanged from inside a downloaded release directory: paths are relative to it
(``data/<table>.parquet``). The tests run the exact text the page shows.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from warehouse.store import sql_literal


@dataclass(frozen=True, slots=True)
class ExampleQuery:
    key: str  # html id on the index page
    tool: str  # DuckDB, pandas, polars
    language: str  # sql or python
    title: str
    code: str


def example_queries(example_team_id: str | None) -> list[ExampleQuery]:
    team = sql_literal(example_team_id or "")
    team_py = json.dumps(example_team_id or "")
    return [
        ExampleQuery(
            "query-duckdb-current",
            "DuckDB",
            "sql",
            "Where each team stands now",
            "SELECT program_id, name_ko, name_en, status, stage, since, source_count\n"
            "FROM 'data/team_status_current.parquet'\n"
            "ORDER BY program_id, competing DESC, since DESC, name_ko;\n",
        ),
        ExampleQuery(
            "query-duckdb-history",
            "DuckDB",
            "sql",
            "One team's history, each change with the sentence that reports it",
            "SELECT h.valid_from, h.valid_to, h.status, h.stage, e.evidence, a.publisher, a.url\n"
            "FROM 'data/team_status_history.parquet' AS h\n"
            "JOIN 'data/status_events.parquet' AS e ON e.event_id = h.event_id\n"
            "JOIN 'data/articles.parquet' AS a ON a.article_id = e.article_id\n"
            f"WHERE h.team_id = {team}\n"
            "ORDER BY h.seq;\n",
        ),
        ExampleQuery(
            "query-duckdb-outlets",
            "DuckDB",
            "sql",
            "Which outlets covered the programmes",
            "SELECT publisher, count(*) AS articles,\n"
            "       min(published_at)::DATE AS first, max(published_at)::DATE AS last\n"
            "FROM 'data/articles.parquet'\n"
            "WHERE relevant AND duplicate_of IS NULL\n"
            "GROUP BY publisher\n"
            "ORDER BY articles DESC;\n",
        ),
        ExampleQuery(
            "query-pandas",
            "pandas",
            "python",
            "Current status, and one team's changes with their evidence",
            "import pandas as pd\n"
            "\n"
            'current = pd.read_parquet("data/team_status_current.parquet")\n'
            'print(current[["program_id", "name_ko", "status", "stage", "since"]]'
            ".to_string(index=False))\n"
            "\n"
            'history = pd.read_parquet("data/team_status_history.parquet")\n'
            'events = pd.read_parquet("data/status_events.parquet")\n'
            f'team = history[history["team_id"] == {team_py}].merge(\n'
            '    events[["event_id", "evidence"]], on="event_id"\n'
            ")\n"
            'print(team[["valid_from", "status", "evidence"]].to_string(index=False))\n',
        ),
        ExampleQuery(
            "query-polars",
            "polars",
            "python",
            "How many status changes each team went through",
            "import polars as pl\n"
            "\n"
            'history = pl.read_parquet("data/team_status_history.parquet")\n'
            'companies = pl.read_parquet("data/companies.parquet")\n'
            "changes = (\n"
            '    history.join(companies, left_on="team_id", right_on="company_id")\n'
            '    .group_by("program_id", "name_ko")\n'
            '    .agg(pl.len().alias("changes"), pl.col("valid_from").max().alias("last_change"))\n'
            '    .sort(["changes", "name_ko"], descending=[True, False])\n'
            ")\n"
            "print(changes)\n",
        ),
    ]
