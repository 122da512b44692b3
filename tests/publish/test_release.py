"""A release: its files, checksums, manifest, data package, data card, ids and retention."""

from __future__ import annotations

import json
import os
import re
import shutil
from datetime import UTC, date, datetime
from pathlib import Path

import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

from pipelines.cli import main
from pipelines.publish.checksums import sha256_file, verify_sums
from pipelines.publish.datapackage import FIELD_TYPES
from pipelines.publish.public_tables import release_tables
from pipelines.publish.release import Release, ReleaseError, publish
from pipelines.publish.release_directory import LATEST, latest_release, releases
from warehouse.layout import WarehouseLayout
from warehouse.schema import (
    _ARROW_TYPES,
    ARTICLES,
    ARTICLES_PUBLIC,
    SNIPPET_CHARS,
    TABLES,
    TEAM_STATUS_CURRENT,
)

from .conftest import sha256sum_check

PUBLISHED = [t.name for t in release_tables(False)] + [TEAM_STATUS_CURRENT.name]
DECLARED = {t.name: t for t in [*release_tables(False), TEAM_STATUS_CURRENT]}


def _manifest(release_dir: Path) -> dict:
    return json.loads((release_dir / "manifest.json").read_text(encoding="utf-8"))


def test_sovai_publish_after_a_run_writes_a_verifiable_release(
    sample_warehouse: WarehouseLayout, tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    out = tmp_path / "releases"
    code = main(["publish", "--warehouse", str(sample_warehouse.root), "--out", str(out)])
    assert code == 0, capsys.readouterr().err
    latest = out / LATEST
    assert latest.is_symlink() and not os.readlink(latest).startswith("/")  # relocatable
    release_dir = latest.resolve()
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}-[0-9a-f]{10}", release_dir.name)
    assert release_dir.name in capsys.readouterr().out

    manifest = _manifest(release_dir)
    assert manifest["release_id"] == release_dir.name
    assert {"created_at", "pipeline_version", "data_date"} <= set(manifest)
    assert list(manifest["tables"]) == PUBLISHED
    for name, entry in manifest["tables"].items():
        path = release_dir / entry["path"]
        assert entry["bytes"] == path.stat().st_size, name
        assert entry["sha256"] == sha256_file(path), name
        assert entry["rows"] == pq.ParquetFile(path).metadata.num_rows, name
        assert [c["name"] for c in entry["schema"]] == DECLARED[name].column_names
    for rel, entry in manifest["files"].items():
        assert entry["bytes"] == (release_dir / rel).stat().st_size, rel
        assert entry["sha256"] == sha256_file(release_dir / rel), rel
    for required in ("sovai.duckdb", "datapackage.json", "README.md", "index.html"):
        assert required in manifest["files"]

    check = sha256sum_check(release_dir)
    assert check.returncode == 0, check.stdout + check.stderr
    listed = {
        line.split("  ", 1)[1] for line in (release_dir / "SHA256SUMS").read_text().splitlines()
    }
    on_disk = {p.relative_to(release_dir).as_posix() for p in release_dir.rglob("*") if p.is_file()}
    assert listed == on_disk - {"SHA256SUMS"}
    assert verify_sums(release_dir) == []


def test_the_daily_job_published_a_release(sample_warehouse: WarehouseLayout):
    latest = latest_release(sample_warehouse.releases_dir)
    assert latest is not None and latest.name.startswith("2026-03-01-")
    assert sha256sum_check(latest).returncode == 0


def test_public_tables_only_sorted_zstd_and_declared(published: Release):
    data = published.path / "data"
    assert sorted(p.stem for p in data.glob("*.parquet")) == sorted(PUBLISHED)
    for name in PUBLISHED:
        table = DECLARED[name]
        pf = pq.ParquetFile(data / f"{name}.parquet")
        assert pf.schema_arrow.equals(table.arrow_schema), name
        groups = [pf.metadata.row_group(i) for i in range(pf.metadata.num_row_groups)]
        assert all(g.column(0).compression == "ZSTD" for g in groups), name
        rows = pf.read().select(list(table.primary_key)).to_pylist()
        keys = [tuple(r[k] for k in table.primary_key) for r in rows]
        assert keys == sorted(keys), f"{name} is not sorted by {table.primary_key}"
        assert len(set(keys)) == len(keys)
    assert not (data / "raw_pages.parquet").exists()
    assert not (data / "parse_failures.parquet").exists()


def test_articles_carry_a_snippet_not_the_body(published: Release, sample_warehouse):
    released = pq.read_table(published.path / "data/articles.parquet")
    assert "body_text" not in released.schema.names
    assert released.schema.equals(ARTICLES_PUBLIC.arrow_schema)
    source = pq.read_table(
        sample_warehouse.parquet_path("articles"), columns=["article_id", "body_text"]
    )
    bodies = {r["article_id"]: r["body_text"] for r in source.to_pylist()}
    for row in released.select(["article_id", "snippet"]).to_pylist():
        body = bodies[row["article_id"]]
        assert row["snippet"] == body[:SNIPPET_CHARS]
    assert any(len(b) > SNIPPET_CHARS for b in bodies.values())


def test_full_text_only_when_asked(sample_warehouse: WarehouseLayout, tmp_path: Path):
    rel = publish(
        sample_warehouse.parquet_dir, tmp_path, pipeline_version="test", include_body=True
    )
    schema = pq.read_schema(rel.path / "data/articles.parquet")
    assert schema.equals(ARTICLES.arrow_schema)
    assert _manifest(rel.path)["article_text"] == "full"
    assert "carries a snippet" not in (rel.path / "README.md").read_text(encoding="utf-8")


def test_same_data_same_release(published: Release, sample_warehouse, tmp_path: Path):
    """Deterministic apart from created_at (and the DuckDB file's own bytes)."""
    again = publish(
        sample_warehouse.parquet_dir,
        tmp_path,
        pipeline_version="test",
        now=datetime(2027, 1, 1, tzinfo=UTC),
    )
    assert again.release_id == published.release_id
    a, b = published.path, again.path
    for rel in [f"data/{n}.parquet" for n in PUBLISHED] + ["README.md", "timeline.svg"]:
        assert (a / rel).read_bytes() == (b / rel).read_bytes(), rel
    pa_, pb_ = (json.loads((d / "datapackage.json").read_text()) for d in (a, b))
    assert pa_.pop("created") != pb_.pop("created")
    assert pa_ == pb_
    page_a, page_b = ((d / "index.html").read_text() for d in (a, b))
    for varying in ("sovai.duckdb", "datapackage.json"):  # DuckDB bytes; created_at
        page_a = page_a.replace(sha256_file(a / varying), varying)
        page_b = page_b.replace(sha256_file(b / varying), varying)
    assert page_a == page_b


def test_republishing_the_same_data_reuses_the_release(sample_warehouse, tmp_path: Path):
    first = publish(sample_warehouse.parquet_dir, tmp_path, pipeline_version="test")
    second = publish(sample_warehouse.parquet_dir, tmp_path, pipeline_version="test")
    assert second.reused and not first.reused
    assert second.release_id == first.release_id
    assert [p.name for p in releases(tmp_path)] == [first.release_id]
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".staging-")]
    (first.path / "README.md").write_text("tampered\n")  # a damaged copy is rebuilt
    third = publish(sample_warehouse.parquet_dir, tmp_path, pipeline_version="test")
    assert not third.reused and verify_sums(third.path) == []
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == [".publish.lock"]


def test_latest_moves_and_only_the_last_n_are_kept(sample_warehouse, tmp_path: Path):
    ids = []
    for day in (1, 2, 3):
        rel = publish(
            sample_warehouse.parquet_dir,
            tmp_path,
            data_date=date(2026, 3, day),
            pipeline_version="test",
            keep=2,
        )
        ids.append(rel.release_id)
        assert latest_release(tmp_path) == rel.path
    assert sorted(p.name for p in releases(tmp_path)) == sorted(ids[-2:])


def test_a_warehouse_that_breaks_its_declarations_is_not_published(
    sample_warehouse: WarehouseLayout, published: Release, tmp_path: Path
):
    parquet = tmp_path / "parquet"
    shutil.copytree(sample_warehouse.parquet_dir, parquet)
    companies = pq.read_table(parquet / "companies.parquet")
    kept = pc.not_equal(companies.column("company_id"), "lg-ai-research")  # a team lead gone
    pq.write_table(companies.filter(kept), parquet / "companies.parquet")
    out = tmp_path / "out"
    good = publish(sample_warehouse.parquet_dir, out, pipeline_version="test")
    with pytest.raises(ReleaseError, match="companies"):
        publish(parquet, out, data_date=date(2026, 3, 2), pipeline_version="test")
    assert latest_release(out) == good.path
    assert [p.name for p in releases(out)] == [good.release_id]
    assert not [p for p in out.iterdir() if p.name.startswith(".staging-")]


def test_datapackage_is_derived_from_the_declarations(published: Release):
    assert set(_ARROW_TYPES) <= set(FIELD_TYPES), "every declared type maps to a Frictionless type"
    package = json.loads((published.path / "datapackage.json").read_text(encoding="utf-8"))
    assert package["version"] == published.release_id
    assert package["licenses"] and package["resources"]
    assert [r["name"] for r in package["resources"]] == PUBLISHED
    for res in package["resources"]:
        table = DECLARED[res["name"]]
        path = published.path / res["path"]
        assert res["bytes"] == path.stat().st_size
        assert res["hash"] == f"sha256:{sha256_file(path)}"
        fields = res["schema"]["fields"]
        assert [f["name"] for f in fields] == table.column_names
        assert [f["type"] for f in fields] == [FIELD_TYPES[c.type] for c in table.columns]
        required = [f["name"] for f in fields if f.get("constraints", {}).get("required")]
        assert required == [c.name for c in table.columns if not c.nullable]
        assert res["schema"]["primaryKey"] == list(table.primary_key)
        refs = {fk["fields"][0]: fk["reference"] for fk in res["schema"].get("foreignKeys", [])}
        assert set(refs) == set(table.references)


def test_data_card_documents_every_table_from_its_declaration(published: Release):
    card = (published.path / "README.md").read_text(encoding="utf-8")
    for section in (
        "## What this is",
        "## Coverage",
        "## Sources",
        "## Tables",
        "## Licence",
        "## How to cite",
        "## Known limitations",
    ):
        assert section in card
    assert published.release_id in card
    for name in PUBLISHED:
        table = DECLARED[name]
        assert f"### `{name}`" in card
        for col in table.columns:
            assert f"| `{col.name}` | `{col.type}` |" in card, (name, col.name)
    assert "2026-03-01" in card  # the data date
    assert "과학기술정보통신부" in card  # an outlet from the sources


def test_every_public_declaration_is_published():
    public = {t.name for t in TABLES.values() if t.public}
    assert public | {TEAM_STATUS_CURRENT.name} == set(PUBLISHED)
