"""SIGKILL a publish at every step, and at random moments: ``latest`` always names a complete
release that ``sha256sum -c`` accepts, and the next publish succeeds and clears the debris."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

from pipelines.publish.release import STEPS, publish
from pipelines.publish.release_directory import LATEST, STAGING_PREFIX, latest_release
from warehouse.layout import WarehouseLayout

from .conftest import sha256sum_check

# Imports, says "ready", waits for a line on stdin, then publishes, printing each step; it
# waits after the step named in argv[4] so the parent can kill it right there.
PUBLISHER = """
import sys, time
from datetime import date
from pathlib import Path
from pipelines.publish.release import publish

def pause(step):
    print(step, flush=True)
    if step == sys.argv[4]:
        time.sleep(60)

print("ready", flush=True)
sys.stdin.readline()
publish(Path(sys.argv[1]), Path(sys.argv[2]), data_date=date.fromisoformat(sys.argv[3]),
        pipeline_version="test", on_step=pause)
print("done", flush=True)
"""

ROOT = Path(__file__).resolve().parents[2]
NEW_DAY = "2026-03-01"
# Half-written staging, complete staging, installed but not latest, latest moved but not pruned.
KILL_AFTER = ("tables", "checksums", "installed", "latest")


class Publisher:
    """A publish in a child process, started ahead of time so its imports overlap."""

    def __init__(self, layout: WarehouseLayout, out: Path, wait_at: str = "") -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-c", PUBLISHER, str(layout.parquet_dir), str(out), NEW_DAY, wait_at],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    def line(self) -> str:
        assert self.proc.stdout is not None
        text = self.proc.stdout.readline().strip()
        assert text, f"publisher ended early: {self.proc.stderr.read()[-2000:]}"  # type: ignore[union-attr]
        return text

    def go(self) -> None:
        assert self.line() == "ready"
        assert self.proc.stdin is not None
        self.proc.stdin.write("go\n")
        self.proc.stdin.flush()

    def kill(self) -> None:
        self.proc.send_signal(signal.SIGKILL)
        self.proc.communicate(timeout=10)


def assert_latest_is_complete(out: Path) -> Path:
    link = out / LATEST
    assert link.is_symlink()
    current = latest_release(out)
    assert current is not None, f"latest -> {os.readlink(link)} is not a release"
    check = sha256sum_check(current)
    assert check.returncode == 0, check.stdout + check.stderr
    return current


def assert_next_publish_cleans_up(layout: WarehouseLayout, out: Path) -> None:
    rel = publish(
        layout.parquet_dir, out, data_date=date.fromisoformat(NEW_DAY), pipeline_version="test"
    )
    assert assert_latest_is_complete(out) == rel.path
    assert not [p for p in out.iterdir() if p.name.startswith((STAGING_PREFIX, ".latest-"))]


def test_killed_at_every_step_latest_stays_complete(
    sample_warehouse: WarehouseLayout, tmp_path: Path
):
    out = tmp_path / "releases"
    previous = publish(
        sample_warehouse.parquet_dir, out, data_date=date(2026, 2, 28), pipeline_version="test"
    )
    assert set(KILL_AFTER) <= set(STEPS)
    upcoming = Publisher(sample_warehouse, out, wait_at=KILL_AFTER[0])
    for i, step in enumerate(KILL_AFTER):
        after = KILL_AFTER[(i + 1) % len(KILL_AFTER)]
        current, upcoming = upcoming, Publisher(sample_warehouse, out, after)
        current.go()
        while current.line() != step:
            pass
        current.kill()
        latest = assert_latest_is_complete(out)
        if STEPS.index(step) < STEPS.index("latest"):
            assert latest == previous.path, f"latest moved before the release was complete ({step})"
        else:
            assert latest.name.startswith(NEW_DAY)
    upcoming.kill()
    assert [p for p in out.iterdir() if p.name.startswith(STAGING_PREFIX)], "debris expected"
    assert_next_publish_cleans_up(sample_warehouse, out)
    assert previous.path.is_dir()  # still within the retention


def test_killed_at_random_moments_latest_stays_complete(
    sample_warehouse: WarehouseLayout, tmp_path: Path
):
    out = tmp_path / "releases"
    publish(sample_warehouse.parquet_dir, out, data_date=date(2026, 2, 28), pipeline_version="test")
    rng = random.Random(20260301)
    upcoming = Publisher(sample_warehouse, out)
    for _ in range(2):
        current, upcoming = upcoming, Publisher(sample_warehouse, out)
        current.go()
        time.sleep(rng.uniform(0.0, 0.5))  # a build takes about half a second
        current.kill()
        assert_latest_is_complete(out)
    upcoming.kill()
    assert_next_publish_cleans_up(sample_warehouse, out)
