"""The DuckDB file refreshed from the previous one holds what a fresh build holds."""

from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from warehouse.duckdb_build import build_duckdb
from warehouse.schema import COMPANIES, TABLES
from warehouse.store import write_table


def company(cid: str, **kw) -> dict:
    return {"company_id": cid, "name_ko": cid, "name_en": cid, "aliases": [cid], **kw}


def _tables(db: Path) -> dict[str, list]:
    """Every table in key order (the snapshot without the view the sample lacks)."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {
            name: con.execute(f'SELECT * FROM "{name}" ORDER BY ALL').fetchall()
            for (name,) in con.execute(
                "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main'"
            ).fetchall()
        }
    finally:
        con.close()


def test_a_refresh_deletes_changes_and_adds_rows_like_a_fresh_build(tmp_path):
    data = tmp_path / "parquet"
    data.mkdir()
    db = tmp_path / "sovai.duckdb"
    write_table(COMPANIES, [company("a"), company("b"), company("c")], data)
    build_duckdb(data, db, TABLES.values())
    write_table(COMPANIES, [company("a"), company("b", name_en="B Corp"), company("d")], data)
    build_duckdb(data, db, TABLES.values(), reuse=db)
    fresh = tmp_path / "fresh.duckdb"
    build_duckdb(data, fresh, TABLES.values())
    assert _tables(db) == _tables(fresh)
    assert [r[0] for r in _tables(db)["companies"]] == ["a", "b", "d"]
    con = duckdb.connect(str(db), read_only=True)
    comment = con.execute(
        "SELECT comment FROM duckdb_columns() WHERE table_name = 'companies' "
        "AND column_name = 'company_id'"
    ).fetchone()
    con.close()
    assert comment and comment[0]  # the declarations' comments are kept
    assert not list(tmp_path.glob(".sovai.duckdb*"))


def test_a_table_whose_declaration_changed_is_loaded_whole(tmp_path):
    data = tmp_path / "parquet"
    data.mkdir()
    db = tmp_path / "sovai.duckdb"
    con = duckdb.connect(str(db))
    con.execute('CREATE TABLE companies ("company_id" VARCHAR, "old_column" INTEGER)')
    con.execute("INSERT INTO companies VALUES ('zz', 1)")
    con.execute("CREATE TABLE dropped_table (x INTEGER)")
    con.close()
    write_table(COMPANIES, [company("a")], data)
    counts = build_duckdb(data, db, TABLES.values(), reuse=db)
    assert counts == {"companies": 1}
    tables = _tables(db)
    assert set(tables) == {"companies"}  # a table no longer materialised is dropped
    assert [r[0] for r in tables["companies"]] == ["a"]


def test_a_file_that_is_not_duckdb_is_not_reused(tmp_path):
    data = tmp_path / "parquet"
    data.mkdir()
    db = tmp_path / "sovai.duckdb"
    db.write_bytes(b"not a database")
    write_table(COMPANIES, [company("a")], data)
    assert build_duckdb(data, db, TABLES.values(), reuse=db) == {"companies": 1}
    assert [r[0] for r in _tables(db)["companies"]] == ["a"]


def _free_share(db: Path) -> float:
    con = duckdb.connect(str(db), read_only=True)
    try:
        total, free = con.execute(
            "SELECT total_blocks, free_blocks FROM pragma_database_size()"
        ).fetchone()
    finally:
        con.close()
    return free / total if total else 0.0


def test_a_file_mostly_free_space_is_built_whole_not_refreshed(tmp_path):
    data = tmp_path / "parquet"
    data.mkdir()
    db = tmp_path / "sovai.duckdb"
    con = duckdb.connect(str(db))
    con.execute(
        "CREATE TABLE filler AS SELECT range AS i, repeat('x', 200) AS s FROM range(300000)"
    )
    con.execute("CHECKPOINT")
    con.execute("DROP TABLE filler")
    con.execute("CHECKPOINT")
    con.close()
    assert _free_share(db) > 0.3
    write_table(COMPANIES, [company("a")], data)
    build_duckdb(data, db, TABLES.values(), reuse=db)
    assert _free_share(db) <= 0.3
    assert [r[0] for r in _tables(db)["companies"]] == ["a"]


def test_changed_rows_spread_over_row_groups_are_refreshed_like_a_fresh_build(tmp_path):
    """The refresh reads changed rows back by row number: first, middle and last groups."""
    data = tmp_path / "parquet"
    data.mkdir()
    path = data / "companies.parquet"
    schema = COMPANIES.arrow_schema

    def write(rows: list[dict]) -> None:
        pq.write_table(pa.Table.from_pylist(rows, schema=schema), path, row_group_size=7)

    rows = [company(f"c{i:03d}") for i in range(60)]
    write(rows)
    db = tmp_path / "sovai.duckdb"
    build_duckdb(data, db, [COMPANIES])
    for i in (0, 31, 59):
        rows[i] = company(f"c{i:03d}", name_en=f"changed {i}")
    del rows[45]
    rows.insert(20, company("new-in-the-middle"))
    write(rows)
    build_duckdb(data, db, [COMPANIES], reuse=db)
    fresh = tmp_path / "fresh.duckdb"
    build_duckdb(data, fresh, [COMPANIES])
    assert _tables(db) == _tables(fresh)
    assert len(_tables(db)["companies"]) == 60


def test_stored_row_hashes_follow_the_refreshes_and_are_recomputed_when_off(tmp_path):
    """The refresh compares against the hashes it stored; if they no longer cover the table
    (a damaged or hand-edited file), it hashes the table itself and stores them again."""
    data = tmp_path / "parquet"
    data.mkdir()
    db = tmp_path / "sovai.duckdb"
    fresh = tmp_path / "fresh.duckdb"

    def hashes() -> tuple[int, int]:
        con = duckdb.connect(str(db), read_only=True)
        try:
            stored = con.execute("SELECT count(*) FROM sovai_state.row_hashes_companies")
            n = stored.fetchone()[0]
            return n, con.execute("SELECT count(*) FROM companies").fetchone()[0]
        finally:
            con.close()

    write_table(COMPANIES, [company("a"), company("b"), company("c")], data)
    build_duckdb(data, db, [COMPANIES], reuse=db)  # no previous file: a whole build
    assert hashes() == (3, 3)
    write_table(COMPANIES, [company("a", name_en="A"), company("c"), company("d")], data)
    build_duckdb(data, db, [COMPANIES], reuse=db)
    assert hashes() == (3, 3)
    con = duckdb.connect(str(db))
    con.execute("DELETE FROM sovai_state.row_hashes_companies WHERE company_id = 'c'")
    con.close()
    write_table(COMPANIES, [company("a"), company("c", name_en="C"), company("e")], data)
    build_duckdb(data, db, [COMPANIES], reuse=db)
    build_duckdb(data, fresh, [COMPANIES])
    assert _tables(db) == _tables(fresh)
    assert hashes() == (3, 3)
    con = duckdb.connect(str(fresh), read_only=True)
    schemas = {r[0] for r in con.execute("SELECT schema_name FROM duckdb_tables()").fetchall()}
    con.close()
    assert schemas == {"main"}  # a build that is not refreshed later keeps no hashes
