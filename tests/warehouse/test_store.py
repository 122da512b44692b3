from datetime import UTC, date, datetime

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from tests.article_rows import article_row
from warehouse.duckdb_build import build_duckdb
from warehouse.schema import ARTICLES, COMPANIES, STATUS_EVENT_SOURCES, TABLES, TEAM_STATUS_HISTORY
from warehouse.store import (
    file_missing_references,
    file_schema_problems,
    in_key_order,
    missing_references,
    schema_problems,
    to_arrow,
    write_table,
)


def company(cid: str, **kw) -> dict:
    return {"company_id": cid, "name_ko": cid, "name_en": cid, "aliases": [cid], **kw}


def test_write_table_sorts_by_key_and_keeps_declared_types(tmp_path):
    data = write_table(COMPANIES, [company("b"), company("a")], tmp_path)
    assert data.column("company_id").to_pylist() == ["a", "b"]
    on_disk = pq.read_table(tmp_path / "companies.parquet")
    assert on_disk.schema.equals(COMPANIES.arrow_schema)
    assert not list(tmp_path.glob(".*tmp"))  # no temporary file left behind


def test_schema_problems_find_nulls_and_duplicate_keys():
    data = to_arrow(COMPANIES, [company("a"), company("a"), {"company_id": "c", "aliases": None}])
    problems = schema_problems(COMPANIES, data)
    assert any("duplicate" in p for p in problems)
    assert any("aliases" in p and "null" in p for p in problems)


def test_missing_references_lists_dangling_values():
    a = to_arrow(COMPANIES, [company("a")])
    b = to_arrow(COMPANIES, [company("x", parent_id="a"), company("y", parent_id="zz")])
    assert missing_references(b, "parent_id", a, "company_id") == ["zz"]


def test_every_declared_table_has_a_valid_ddl_and_key(tmp_path):
    con = duckdb.connect()
    for table in TABLES.values():
        con.execute(table.ddl())
        assert set(table.primary_key) <= set(table.column_names)


def test_build_duckdb_is_atomic_and_types_timestamps_as_timestamptz(tmp_path):
    write_table(COMPANIES, [company("lg-ai-research")], tmp_path)
    write_table(
        TEAM_STATUS_HISTORY,
        [
            {
                "program_id": "p",
                "team_id": "lg-ai-research",
                "seq": 1,
                "status": "advanced",
                "stage": "stage1",
                "valid_from": date(2026, 1, 15),
                "valid_to": None,
                "source_count": 2,
                "event_id": "e",
            }
        ],
        tmp_path,
    )
    db = tmp_path / "sovai.duckdb"
    counts = build_duckdb(tmp_path, db)
    assert counts == {"companies": 1, "team_status_history": 1}
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("select status from team_status_current").fetchall() == [("advanced",)]
    comment = con.execute(
        "select comment from duckdb_columns() where table_name='companies' "
        "and column_name='company_id'"
    ).fetchone()
    assert comment and "Stable" in comment[0]
    con.close()
    assert not list(tmp_path.glob(".sovai.duckdb*"))


def test_a_reader_holding_the_old_file_does_not_block_a_rebuild(tmp_path):
    write_table(COMPANIES, [company("a")], tmp_path)
    db = tmp_path / "sovai.duckdb"
    build_duckdb(tmp_path, db)
    reader = duckdb.connect(str(db), read_only=True)
    write_table(COMPANIES, [company("a"), company("b")], tmp_path)
    build_duckdb(tmp_path, db)  # must not raise although a reader holds the old file
    assert reader.execute("select count(*) from companies").fetchone() == (1,)
    reader.close()
    fresh = duckdb.connect(str(db), read_only=True)
    assert fresh.execute("select count(*) from companies").fetchone() == (2,)


@pytest.mark.parametrize("ts", [datetime(2026, 1, 15, 6, 3, 51, tzinfo=UTC)])
def test_timestamps_round_trip_in_utc(tmp_path, ts):
    write_table(
        STATUS_EVENT_SOURCES,
        [
            {
                "event_id": "e",
                "article_id": "a",
                "evidence": "x",
                "rule_id": "r",
                "confidence": 1.0,
                "reported_at": ts,
            }
        ],
        tmp_path,
    )
    db = tmp_path / "x.duckdb"
    build_duckdb(tmp_path, db)
    con = duckdb.connect(str(db), read_only=True)
    con.execute("SET TimeZone='Asia/Seoul'")
    (value,) = con.execute("select reported_at from status_event_sources").fetchone()
    assert value == ts and value.utcoffset().total_seconds() == 9 * 3600


def _article(aid: str, **kw) -> dict:
    return article_row(aid, **{"authors": ["기자"], "body_text": "본문 " * 50, **kw})


def _nullable(table) -> pa.Schema:
    """The declared schema with every column nullable: a file that can hold the nulls."""
    return pa.schema([f.with_nullable(True) for f in table.arrow_schema])


@pytest.mark.parametrize("statistics", [True, False])
def test_file_schema_problems_agree_with_schema_problems(tmp_path, statistics):
    rows = [
        _article("a"),
        _article("a", duplicate_of="b"),
        _article("c", body_text=None, authors=None, parser=None),
    ]
    path = tmp_path / "articles.parquet"
    pq.write_table(
        pa.Table.from_pylist(rows, schema=_nullable(ARTICLES)),
        path,
        row_group_size=2,
        write_statistics=statistics,
    )
    problems = file_schema_problems(ARTICLES, path)
    assert problems == schema_problems(ARTICLES, pq.read_table(path))
    assert "column body_text: 1 nulls in a NOT NULL column" in problems
    assert "column authors: 1 nulls in a NOT NULL column" in problems
    assert any("duplicate" in p for p in problems)


def test_file_schema_problems_report_other_columns_and_types(tmp_path):
    path = tmp_path / "companies.parquet"
    pq.write_table(pa.table({"company_id": ["a"]}), path)
    assert file_schema_problems(COMPANIES, path) == [
        f"columns ['company_id'] != declared {COMPANIES.column_names}"
    ]
    data = to_arrow(COMPANIES, [company("a")])
    pq.write_table(data.set_column(5, "kind", pa.array([1], pa.int64())), path)
    assert file_schema_problems(COMPANIES, path) == ["column kind: type int64 != declared string"]


def test_checking_articles_never_reads_the_bodies(tmp_path, monkeypatch):
    write_table(ARTICLES, [_article("a"), _article("b", duplicate_of="zz")], tmp_path)
    read: list = []
    file_read, table_read = pq.ParquetFile.read, pq.read_table

    def spy_file(self, columns=None, *args, **kwargs):
        read.append(columns)
        return file_read(self, columns, *args, **kwargs)

    def spy_table(source, *args, columns=None, **kwargs):
        read.append(columns)
        return table_read(source, *args, columns=columns, **kwargs)

    monkeypatch.setattr(pq.ParquetFile, "read", spy_file)
    monkeypatch.setattr(pq, "read_table", spy_table)
    assert file_schema_problems(ARTICLES, tmp_path / "articles.parquet") == []
    assert file_missing_references(ARTICLES, tmp_path) == {"duplicate_of": ["zz"]}
    assert read and all(cols is not None and "body_text" not in cols for cols in read)


def test_file_missing_references_reads_each_target_and_skips_unlisted(tmp_path):
    write_table(COMPANIES, [company("a")], tmp_path)
    write_table(
        STATUS_EVENT_SOURCES,
        [
            {
                "event_id": "e",
                "article_id": "x",
                "evidence": "s",
                "speaker_id": "zz",
                "rule_id": "r",
                "confidence": 1.0,
            }
        ],
        tmp_path,
    )
    assert file_missing_references(STATUS_EVENT_SOURCES, tmp_path, {"companies"}) == {
        "speaker_id": ["zz"]
    }
    with pytest.raises(FileNotFoundError, match="status_events"):
        file_missing_references(STATUS_EVENT_SOURCES, tmp_path)


def test_build_duckdb_spills_beside_the_file_and_cleans_up(tmp_path):
    write_table(COMPANIES, [company("a")], tmp_path)
    db = tmp_path / "db" / "sovai.duckdb"
    stale = db.parent / ".sovai.duckdb.spill.1"
    stale.mkdir(parents=True)
    (stale / "x.block").write_bytes(b"x")
    build_duckdb(tmp_path, db, memory_limit="64MB")
    assert sorted(p.name for p in db.parent.iterdir()) == ["sovai.duckdb"]


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        (["x", "x", "y"], [1, 2, 0], True),  # ties on the first key decided by the second
        (["x", "x", "y"], [2, 1, 0], False),
        (["x", "y", "x"], [0, 0, 0], False),
        (["x", "x"], [1, 1], True),  # equal rows are in order (a stable sort keeps them)
        (["b", "a"], [0, 1], False),
        (["a", None], [0, 1], False),  # null keys: never claimed in order
        (["a"], [5], True),
    ],
)
def test_in_key_order_compares_each_row_with_the_next(a, b, expected):
    data = pa.table({"a": pa.array(a, pa.string()), "b": pa.array(b, pa.int64())})
    assert in_key_order(data, ["a", "b"]) is expected
    if None not in a:
        assert expected is (data.sort_by([("a", "ascending"), ("b", "ascending")]) == data)


def test_strict_key_order_also_means_no_duplicate_keys():
    data = pa.table({"a": ["x", "x", "y"], "b": [1, 1, 0]})
    assert in_key_order(data, ["a", "b"]) and not in_key_order(data, ["a", "b"], strict=True)
    assert in_key_order(data.slice(1), ["a", "b"], strict=True)
    assert schema_problems(COMPANIES, to_arrow(COMPANIES, [company("a"), company("a")]))
