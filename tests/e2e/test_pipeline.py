"""The whole asset graph, materialised by Dagster into a temporary warehouse, checked table by table."""

from __future__ import annotations

from pathlib import Path

import dagster as dg
import duckdb
import pyarrow.parquet as pq
import pytest

from pipelines.definitions import ALL_ASSETS, build_definitions
from pipelines.jobs import DAILY_JOB
from warehouse.layout import WarehouseLayout
from warehouse.schema import STATUSES, TABLES

AS_OF = "2026-03-01"

# What the bundled sample supports (see README and the domain timeline).
EXPECTED_CURRENT = {
    "LG AI연구원": "advanced",
    "SK텔레콤": "advanced",
    "업스테이지": "advanced",
    "네이버클라우드": "declined",
    "NC AI": "declined",
    "모티프테크놀로지스": "selected",
    "트릴리온랩스": "eliminated",
}


@pytest.fixture(scope="module")
def sample_run(tmp_path_factory: pytest.TempPathFactory) -> WarehouseLayout:
    root = tmp_path_factory.mktemp("warehouse")
    defs = build_definitions(warehouse_root=str(root), as_of=AS_OF)
    job = defs.resolve_job_def(DAILY_JOB)
    with dg.instance_for_test() as instance:
        result = job.execute_in_process(instance=instance)
    assert result.success
    checks = [
        e.event_specific_data
        for e in result.all_events
        if e.event_type_value == "ASSET_CHECK_EVALUATION"
    ]
    assert checks, "asset checks ran"
    assert all(c.passed for c in checks), [c.asset_check_key.name for c in checks if not c.passed]
    return WarehouseLayout.at(root)


def connect(layout: WarehouseLayout) -> duckdb.DuckDBPyConnection:
    return duckdb.connect(str(layout.db_path), read_only=True)


def test_every_table_is_materialised_with_its_declared_schema(sample_run: WarehouseLayout):
    for table in TABLES.values():
        data = pq.read_table(sample_run.parquet_path(table.name))
        assert data.schema.equals(table.arrow_schema), table.name
    con = connect(sample_run)
    names = {r[0] for r in con.execute("select table_name from duckdb_tables()").fetchall()}
    assert set(TABLES) <= names
    views = {r[0] for r in con.execute("select view_name from duckdb_views()").fetchall()}
    assert "team_status_current" in views


def test_current_status_matches_the_sample(sample_run: WarehouseLayout):
    con = connect(sample_run)
    rows = dict(
        con.execute(
            "select name_ko, status from team_status_current where program_id = 'kr-sovereign-ai'"
        ).fetchall()
    )
    for team, status in EXPECTED_CURRENT.items():
        assert rows.get(team) == status, (team, rows.get(team))


def test_articles_contract(sample_run: WarehouseLayout):
    con = connect(sample_run)
    n, relevant, portals, dups = con.execute(
        "select count(*), count(*) filter (relevant), "
        "list(distinct portal) filter (portal is not null), "
        "count(*) filter (duplicate_of is not null) from articles"
    ).fetchone()
    pages = con.execute("select count(*) from raw_pages where kind = 'html'").fetchone()[0]
    assert n == pages  # every parsed page appears, relevant or not
    assert 0 < relevant < n
    assert sorted(portals) == ["daum", "naver"]
    assert dups >= 2  # the two syndicated copies
    # the copies point at an original that exists and is not itself a copy
    orphans = con.execute(
        "select count(*) from articles a left join articles o on o.article_id = a.duplicate_of "
        "where a.duplicate_of is not null and (o.article_id is null or o.duplicate_of is not null)"
    ).fetchone()[0]
    assert orphans == 0
    types = dict(
        con.execute(
            "select column_name, data_type from duckdb_columns() where table_name = 'articles'"
        ).fetchall()
    )
    assert types["published_at"] == "TIMESTAMP WITH TIME ZONE"
    assert types["authors"] == "VARCHAR[]"
    bad_authors = con.execute(
        "select count(*) from articles, unnest(authors) as t(a) where a like '%기자%' "
        "or a like '%@%'"
    ).fetchone()[0]
    assert bad_authors == 0


def test_status_events_carry_evidence_and_valid_statuses(sample_run: WarehouseLayout):
    con = connect(sample_run)
    rows = con.execute("select status, evidence, source_count from status_events").fetchall()
    assert rows
    assert all(s in STATUSES and ev and n >= 1 for s, ev, n in rows)


def test_same_day_changes_are_separate_history_rows(sample_run: WarehouseLayout):
    con = connect(sample_run)
    nc = con.execute(
        "select status, valid_from::varchar, valid_to::varchar from team_status_history h "
        "join companies c on c.company_id = h.team_id where c.name_ko = 'NC AI' order by seq"
    ).fetchall()
    statuses = [s for s, _, _ in nc]
    assert statuses[-3:] == ["eliminated", "considering", "declined"]
    assert nc[-1][1] == "2026-01-16" and nc[-1][2] is None


def test_article_companies_reference_known_rows(sample_run: WarehouseLayout):
    con = connect(sample_run)
    dangling = con.execute(
        "select count(*) from article_companies ac "
        "left join articles a using (article_id) left join companies c using (company_id) "
        "where a.article_id is null or c.company_id is null"
    ).fetchone()[0]
    assert dangling == 0
    assert con.execute("select min(mentions) from article_companies").fetchone()[0] >= 1


def test_definitions_load_and_graph_is_complete():
    defs = build_definitions()
    dg.Definitions.validate_loadable(defs)
    keys = {k.to_user_string() for a in ALL_ASSETS for k in a.keys}
    assert {
        "raw_pages",
        "articles",
        "companies",
        "article_companies",
        "status_events",
        "team_status_history",
        "sovai_duckdb",
        "release",
    } <= keys


def test_release_written_by_the_graph(sample_run: WarehouseLayout):
    latest = sample_run.releases_dir / "latest"
    assert latest.is_symlink()
    assert (latest / "manifest.json").is_file()
    assert Path(latest / "SHA256SUMS").read_text().count("\n") >= 5
