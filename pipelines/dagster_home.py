"""A project-local DAGSTER_HOME, so run history, schedules and sensor cursors persist.

Without one, Dagster keeps its state in a temporary directory that vanishes with the process.
"""

from __future__ import annotations

import os
from pathlib import Path

DEFAULT_HOME = Path(".dagster_home")  # beside the warehouse, git-ignored

DAGSTER_YAML = """\
# Written by sovai (pipelines/dagster_home.py). Local instance for runs, schedules, backfills.
telemetry:
  enabled: false
concurrency:
  runs:
    max_concurrent_runs: 1   # one writer per warehouse: runs queue, never interleave
# No op-pool limits here: a run killed with SIGKILL would keep its pool slot and block the
# next run. One crawl per archive and one writer per warehouse are enforced by file locks.
"""


def ensure_home(home: Path | None = None) -> Path:
    """The DAGSTER_HOME to use (``$DAGSTER_HOME`` or ``./.dagster_home``), with a dagster.yaml."""
    path = Path(home or os.environ.get("DAGSTER_HOME") or DEFAULT_HOME).resolve()
    path.mkdir(parents=True, exist_ok=True)
    config = path / "dagster.yaml"
    if not config.exists():
        tmp = config.with_suffix(".yaml.tmp")
        tmp.write_text(DAGSTER_YAML, encoding="utf-8")
        os.replace(tmp, config)
    return path
