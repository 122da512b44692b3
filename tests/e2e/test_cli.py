"""The ``sovai`` verbs as a user runs them: ingest, rerun, parse, status, and bad input."""

import gzip
import json
import os
import shutil
from pathlib import Path

import duckdb
import pytest

from pipelines.cli import main
from pipelines.sample.build_warc import build
from warehouse.layout import WarehouseLayout
from warehouse.schema import TABLES
from warehouse.store import table_snapshot as table_contents

HERE = Path(__file__).parent
OUTSIDE = HERE / "outside_pages"
AS_OF = "2026-03-01"


@pytest.fixture(scope="module")
def outside_warc(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A WARC built by the test from pages that are not in the sample."""
    out = tmp_path_factory.mktemp("outside") / "outside.warc.gz"
    build(out, sample_dir=OUTSIDE)
    return out


def test_ingest_pages_outside_the_sample_produces_every_table(outside_warc, tmp_path, capsys):
    wh = tmp_path / "wh"
    assert main(["ingest", str(outside_warc), "--warehouse", str(wh), "--as-of", AS_OF]) == 0
    printed = capsys.readouterr().out
    assert "모티프테크놀로지스" in printed and "selected" in printed
    contents = table_contents(WarehouseLayout.at(wh).db_path)
    assert set(TABLES) <= set(contents)
    assert len(contents["articles"]) == 4  # the 404-style page is a row too, with no body
    current = {r[2]: r[4] for r in contents["team_status_current"]}  # name_ko -> status
    assert current["모티프테크놀로지스"] == "selected"
    assert current["트릴리온랩스"] == "eliminated"
    assert current["LG AI연구원"] == "advanced"
    assert current["KT"] == "declined"


def test_run_twice_gives_identical_tables(tmp_path, capsys):
    wh = tmp_path / "wh"
    assert main(["run", "--warehouse", str(wh), "--as-of", AS_OF, "--quiet"]) == 0
    first = table_contents(WarehouseLayout.at(wh).db_path)
    assert main(["run", "--warehouse", str(wh), "--as-of", AS_OF, "--quiet"]) == 0
    second = table_contents(WarehouseLayout.at(wh).db_path)
    assert {k: len(v) for k, v in first.items()} == {k: len(v) for k, v in second.items()}
    assert first == second
    assert main(["status", "--warehouse", str(wh)]) == 0
    assert "advanced" in capsys.readouterr().out


def test_bad_input_exits_with_one_line_and_keeps_the_warehouse(tmp_path, outside_warc, capsys):
    wh = tmp_path / "wh"
    assert main(["ingest", str(outside_warc), "--warehouse", str(wh), "--as-of", AS_OF]) == 0
    db = WarehouseLayout.at(wh).db_path
    before = db.read_bytes()
    capsys.readouterr()

    not_warc = tmp_path / "notes.warc.gz"
    not_warc.write_bytes(gzip.compress(b"just some text"))
    cases = [
        ["ingest", str(tmp_path / "missing.warc.gz"), "--warehouse", str(wh)],
        ["ingest", str(not_warc), "--warehouse", str(wh)],
        ["run", "--warehouse", str(wh), "--sources", str(tmp_path / "nope.toml")],
    ]
    for argv in cases:
        assert main(argv) == 2, argv
        err = capsys.readouterr().err.strip()
        assert err.startswith("sovai: error:") and "\n" not in err, err
    assert db.read_bytes() == before


def test_a_corrupt_warehouse_file_is_refused(tmp_path, capsys):
    layout = WarehouseLayout.at(tmp_path / "wh")
    layout.root.mkdir(parents=True)
    layout.db_path.write_bytes(b"this is not a duckdb file" * 100)
    assert main(["run", "--warehouse", str(layout.root), "--quiet"]) == 2
    assert "not a readable DuckDB database" in capsys.readouterr().err
    assert main(["status", "--warehouse", str(layout.root)]) == 2
    assert layout.db_path.read_bytes().startswith(b"this is not")


def test_a_locked_warehouse_is_refused(tmp_path, capsys):
    import fcntl

    layout = WarehouseLayout.at(tmp_path / "wh")
    layout.data_dir.mkdir(parents=True)
    with (layout.data_dir / ".lock").open("a+") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        fh.write("pid 12345")
        fh.flush()
        pid = os.fork()
        if pid == 0:  # a second process tries to run while the first holds the lock
            code = main(["run", "--warehouse", str(layout.root), "--quiet"])
            os._exit(code)
        _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 2


def test_parse_prints_one_json_object_per_page(tmp_path, capsys):
    pages = OUTSIDE / "pages"
    gz = tmp_path / "page.html.gz"
    gz.write_bytes(gzip.compress((pages / "koreatimes-2026-01-23.html").read_bytes()))
    notfound = tmp_path / "notfound.html"
    shutil.copy(pages / "notfound.html", notfound)
    assert main(["parse", str(gz), str(notfound)]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [Path(r["file"]).name for r in rows] == ["page.html.gz", "notfound.html"]
    article, empty = rows
    assert article["language"] == "en" and article["relevant"] is True
    assert article["title"] == "Three contenders pass on Korea's AI comeback round"
    assert article["published_at"].startswith("2026-01-23T18:20:00+09:00")
    assert empty["body_text"] == "" and empty["relevant"] is False
    for key in (
        "article_id",
        "url",
        "canonical_url",
        "portal",
        "publisher",
        "authors",
        "updated_at",
        "duplicate_of",
        "fetched_at",
        "content_sha256",
    ):
        assert key in article


def test_parse_with_url_picks_the_site_parser(capsys):
    from pipelines.sample import SAMPLE_DIR

    page = SAMPLE_DIR / "pages" / "naver-2026-01-15-stage1-results.html"
    expected = json.loads(
        (SAMPLE_DIR / "expected" / "naver-2026-01-15-stage1-results.json").read_text()
    )
    assert main(["parse", str(page), "--url", expected["url"]]) == 0
    row = json.loads(capsys.readouterr().out)
    assert row["parser"].startswith("naver@")
    assert row["title"] == expected["title"] and row["publisher"] == expected["publisher"]


def test_backfill_runs_a_date_range_in_one_run(tmp_path, capsys):
    import dagster as dg

    wh = tmp_path / "wh"
    assert (
        main(["backfill", "--from", "2026-02-01", "--to", "2026-02-28", "--warehouse", str(wh)])
        == 0
    )
    assert "advanced" in capsys.readouterr().out
    con = duckdb.connect(str(WarehouseLayout.at(wh).db_path), read_only=True)
    last_day = con.execute("select max(day) from team_status_daily").fetchone()[0]
    assert str(last_day) == "2026-02-28"  # the range's last day is the data date
    with dg.DagsterInstance.get() as instance:
        runs = instance.get_runs()
        assert runs[0].tags["dagster/asset_partition_range_end"] == "2026-02-28"
    assert (
        main(["backfill", "--from", "2026-03-02", "--to", "2026-03-01", "--warehouse", str(wh)])
        == 2
    )
