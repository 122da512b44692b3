"""The whole asset graph, materialised by Dagster into a temporary warehouse, checked table by table."""

from __future__ import annotations

from pathlib import Path

import dagster as dg
import duckdb
import pyarrow.parquet as pq
import pytest

from pipelines.definitions import ALL_ASSETS, build_definitions
from pipelines.jobs import DAILY_JOB
from pipelines.resources import RegistryResource
from pipelines.sample.build_warc import build
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


CONFLICT_PAGES = Path(__file__).parent / "conflict_pages"


def run_graph(root: Path, **settings) -> WarehouseLayout:
    """Materialise the whole job into ``root``; every (blocking) asset check must pass."""
    defs = build_definitions(warehouse_root=str(root), as_of=AS_OF, **settings)
    job = defs.resolve_job_def(DAILY_JOB)
    with dg.instance_for_test() as instance:
        result = job.execute_in_process(instance=instance, partition_key=AS_OF)
    assert result.success
    checks = [
        e.event_specific_data
        for e in result.all_events
        if e.event_type_value == "ASSET_CHECK_EVALUATION"
    ]
    assert checks, "asset checks ran"
    assert all(c.passed for c in checks), [c.asset_check_key.name for c in checks if not c.passed]
    return WarehouseLayout.at(root)


@pytest.fixture(scope="module")
def sample_run(tmp_path_factory: pytest.TempPathFactory) -> WarehouseLayout:
    return run_graph(tmp_path_factory.mktemp("warehouse"))


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
        "status_conflicts",
        "curation_log",
        "candidate_companies",
        "team_status_history",
        "sovai_duckdb",
        "release",
    } <= keys


def test_release_written_by_the_graph(sample_run: WarehouseLayout):
    latest = sample_run.releases_dir / "latest"
    assert latest.is_symlink()
    assert (latest / "manifest.json").is_file()
    assert Path(latest / "SHA256SUMS").read_text().count("\n") >= 5


def test_acceptance_query_kakao_eliminated_then_refused_with_evidence(sample_run: WarehouseLayout):
    con = connect(sample_run)
    rows = con.execute(
        "select status, stage, event_date::varchar, evidence, article_id, source_count "
        "from status_events "
        "where team_id = (select company_id from companies where name_ko = '카카오') "
        "order by event_date"
    ).fetchall()
    by_status = {}
    for status, stage, day, evidence, article_id, n in rows:
        by_status.setdefault(status, []).append((stage, day, evidence, article_id, n))
    eliminated = by_status["eliminated"]
    assert [(stage, day) for stage, day, *_ in eliminated] == [
        ("presentation_review", "2025-08-04")
    ]
    refusals = [r for r in by_status["declined"] if r[1].startswith("2026-01")]
    assert refusals and all(r[0] == "additional_call" for r in refusals)
    for _stage, _day, evidence, article_id, n in eliminated + refusals:
        assert "카카오" in evidence and article_id and n >= 1


def test_new_tables_on_the_sample(sample_run: WarehouseLayout):
    con = connect(sample_run)
    assert con.execute("select count(*) from status_conflicts").fetchone()[0] == 0
    assert con.execute("select count(*) from curation_log").fetchone()[0] == 0
    # the sample names no organisation outside the registry in a participant position
    assert con.execute("select count(*) from candidate_companies").fetchone()[0] <= 2
    official = con.execute(
        "select count(*) from status_events e join articles a using (article_id) "
        "where e.official_source and a.url like '%msit.go.kr%'"
    ).fetchone()[0]
    assert official >= 5
    undated_without_reason = con.execute(
        "select count(*) from status_events where event_date_reason is null"
    ).fetchone()[0]
    assert undated_without_reason == 0


CURATION = """
[[reject]]
id = "trillion-not-yet-decided"
match = { team = "trillion-labs", status = "eliminated", stage = "additional_call" }
reason = "test: pretend the result is not confirmed yet"

[[add]]
id = "kakao-weighed-it"
team = "kakao"
status = "considering"
stage = "additional_call"
date = 2026-01-14
evidence = "Test sentence written by a curator: Kakao weighed the additional call."
reason = "test: a curated deliberation the day before the refusal"
curator = "tests"
"""


@pytest.fixture(scope="module")
def curated_run(tmp_path_factory: pytest.TempPathFactory) -> WarehouseLayout:
    root = tmp_path_factory.mktemp("curated")
    curation = root / "curation.toml"
    curation.write_text(CURATION, encoding="utf-8")
    return run_graph(root, registry=RegistryResource(curation_file=str(curation)))


def test_a_curation_file_adds_and_rejects_events_and_the_history_follows(
    curated_run: WarehouseLayout,
):
    con = connect(curated_run)
    current = dict(
        con.execute(
            "select team_id, status from team_status_current where program_id = 'kr-sovereign-ai'"
        ).fetchall()
    )
    assert current["trillion-labs"] == "applied"  # its elimination was rejected
    assert (
        con.execute(
            "select count(*) from status_events where team_id = 'trillion-labs' "
            "and status = 'eliminated'"
        ).fetchone()[0]
        == 0
    )
    rejected = con.execute(
        "select outcome, status, event_date::varchar, evidence, reason from curation_log "
        "where action = 'reject'"
    ).fetchall()
    assert len(rejected) == 1
    outcome, status, day, evidence, reason = rejected[0]
    assert (outcome, status, day) == ("applied", "eliminated", "2026-02-20")
    assert evidence and reason.startswith("test:")

    added = con.execute(
        "select curated, rule_id, curation_reason, evidence, article_id from status_events "
        "where team_id = 'kakao' and status = 'considering'"
    ).fetchall()
    assert len(added) == 1
    curated, rule_id, curation_reason, evidence, article_id = added[0]
    assert curated and rule_id == "curation" and curation_reason.startswith("test:")
    assert evidence.startswith("Test sentence") and article_id is None
    kakao = con.execute(
        "select status, valid_from::varchar, valid_to::varchar from team_status_history "
        "where team_id = 'kakao' order by seq"
    ).fetchall()
    assert ("considering", "2026-01-14", "2026-01-15") in kakao
    assert kakao[-1][0] == "declined"


@pytest.fixture(scope="module")
def conflict_run(tmp_path_factory: pytest.TempPathFactory) -> WarehouseLayout:
    root = tmp_path_factory.mktemp("conflict")
    archive = root / "conflict.warc.gz"
    build(archive, sample_dir=CONFLICT_PAGES)
    return run_graph(root, warc_paths=[str(archive)])


def test_a_synthetic_conflict_resolves_by_the_ministrys_authority(conflict_run: WarehouseLayout):
    con = connect(conflict_run)
    conflicts = con.execute(
        "select team_id, stage, winner_status, loser_status, decided_by from status_conflicts"
    ).fetchall()
    assert conflicts == [("nc-ai", "stage1", "eliminated", "advanced", "authority")]
    loser = con.execute(
        "select e.source_count, e.official_source, e.superseded_by = c.winner_event_id "
        "from status_events e join status_conflicts c on c.loser_event_id = e.event_id"
    ).fetchone()
    assert loser == (2, False, True)  # more press sources, still superseded
    current = con.execute(
        "select status from team_status_current where team_id = 'nc-ai'"
    ).fetchone()[0]
    assert current == "eliminated"
    assert (
        con.execute(
            "select count(*) from team_status_history where team_id = 'nc-ai' and status = 'advanced'"
        ).fetchone()[0]
        == 0
    )


# The programme's timeline (shared/domain), as each team's sequence of (status, from) rows.
EXPECTED_HISTORY = {
    "LG AI연구원": [
        ("applied", "2025-07-21"),
        ("shortlisted", "2025-07-25"),
        ("selected", "2025-08-04"),
        ("advanced", "2026-01-15"),
    ],
    "SK텔레콤": [
        ("applied", "2025-07-21"),
        ("shortlisted", "2025-07-25"),
        ("selected", "2025-08-04"),
        ("advanced", "2026-01-15"),
    ],
    "업스테이지": [
        ("applied", "2025-07-21"),
        ("shortlisted", "2025-07-25"),
        ("selected", "2025-08-04"),
        ("advanced", "2026-01-15"),
    ],
    "네이버클라우드": [
        ("applied", "2025-07-21"),
        ("shortlisted", "2025-07-25"),
        ("selected", "2025-08-04"),
        ("eliminated", "2026-01-15"),
        ("declined", "2026-01-15"),
    ],
    "NC AI": [
        ("applied", "2025-07-21"),
        ("shortlisted", "2025-07-25"),
        ("selected", "2025-08-04"),
        ("eliminated", "2026-01-15"),
        ("considering", "2026-01-16"),
        ("declined", "2026-01-16"),
    ],
    "모티프테크놀로지스": [
        ("applied", "2025-07-21"),
        ("shortlisted", "2025-07-25"),
        ("eliminated", "2025-08-04"),
        ("intends_to_apply", "2026-01-20"),
        ("applied", "2026-02-12"),
        ("selected", "2026-02-20"),
    ],
    "트릴리온랩스": [
        ("intends_to_apply", "2026-01-20"),
        ("applied", "2026-02-12"),
        ("eliminated", "2026-02-20"),
    ],
    "카카오": [
        ("applied", "2025-07-21"),
        ("shortlisted", "2025-07-25"),
        ("eliminated", "2025-08-04"),
        ("declined", "2026-01-15"),
    ],
    "KT": [
        ("applied", "2025-07-21"),
        ("shortlisted", "2025-07-25"),
        ("eliminated", "2025-08-04"),
        ("considering", "2026-01-16"),
        ("declined", "2026-01-23"),
    ],
    "코난테크놀로지": [
        ("applied", "2025-07-21"),
        ("shortlisted", "2025-07-25"),
        ("eliminated", "2025-08-04"),
        ("considering", "2026-01-20"),
        ("declined", "2026-01-23"),
    ],
    "KAIST": [
        ("applied", "2025-07-21"),
        ("shortlisted", "2025-07-25"),
        ("eliminated", "2025-08-04"),
        ("considering", "2026-01-20"),
        ("declined", "2026-01-23"),
    ],
    **{
        name: [("applied", "2025-07-21"), ("eliminated", "2025-07-25")]
        for name in ("루닛", "바이오넥서스", "사이오닉에이아이", "정션메드", "파이온코퍼레이션")
    },
}


def test_every_teams_history_matches_the_programme_timeline(sample_run: WarehouseLayout):
    con = connect(sample_run)
    rows = con.execute(
        "select c.name_ko, h.status, h.valid_from::varchar from team_status_history h "
        "join companies c on c.company_id = h.team_id "
        "where h.program_id = 'kr-sovereign-ai' order by c.name_ko, h.seq"
    ).fetchall()
    got: dict[str, list[tuple[str, str]]] = {}
    for name, status, since in rows:
        got.setdefault(name, []).append((status, since))
    assert got == EXPECTED_HISTORY
