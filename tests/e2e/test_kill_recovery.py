"""SIGKILL a real `sovai run` at several points; the next run loses and duplicates nothing."""

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from pipelines.cli import main
from warehouse.layout import WarehouseLayout
from warehouse.store import table_snapshot as table_contents

AS_OF = "2026-03-01"


def _parquet(layout: WarehouseLayout, name: str) -> Path:
    return layout.parquet_path(name)


POINTS: dict[str, Callable[[WarehouseLayout], bool]] = {
    # raw_pages written, articles not yet: the parse step is running
    "parse": lambda w: _parquet(w, "raw_pages").exists() and not _parquet(w, "articles").exists(),
    # a new DuckDB file is being built beside the old one
    "warehouse write": lambda w: any(w.root.glob(".sovai.duckdb.*.tmp*")),
    # a release is being staged
    "publish": lambda w: any(w.releases_dir.glob(".staging*")),
}


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> dict:
    wh = tmp_path_factory.mktemp("reference")
    assert main(["run", "--warehouse", str(wh), "--as-of", AS_OF, "--quiet"]) == 0
    return table_contents(WarehouseLayout.at(wh).db_path)


@pytest.mark.parametrize("point", list(POINTS))
def test_killed_run_then_rerun_equals_a_clean_run(point, tmp_path, reference):
    layout = WarehouseLayout.at(tmp_path / "wh")
    argv = ["run", "--warehouse", str(layout.root), "--as-of", AS_OF, "--quiet"]
    if point != "parse":  # later points: kill a rerun over an existing warehouse
        assert main(argv) == 0
        for p in layout.parquet_dir.glob("*.parquet"):
            if point == "warehouse write":
                os.utime(p)  # nothing else changes
    proc = subprocess.Popen(
        [sys.executable, "-m", "pipelines.cli", *argv],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    reached = False
    deadline = time.monotonic() + 60
    while proc.poll() is None and time.monotonic() < deadline:
        if POINTS[point](layout):
            proc.send_signal(signal.SIGKILL)
            reached = True
            break
        time.sleep(0.002)
    proc.wait()
    if not reached:
        pytest.skip(f"the run finished before reaching the {point} point (too fast to catch)")
    if layout.db_path.exists():  # readers still see a complete warehouse
        assert table_contents(layout.db_path)
    assert main(argv) == 0
    assert table_contents(layout.db_path) == reference
    assert not list(layout.root.glob(".sovai.duckdb.*"))
    assert not list(layout.parquet_dir.glob(".*.tmp"))
