"""A materialised sample warehouse and one release of it, shared by the publish tests."""

from __future__ import annotations

import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest

from pipelines.cli import main
from pipelines.publish.release import Release, publish
from warehouse.layout import WarehouseLayout

AS_OF = "2026-03-01"
CREATED = datetime(2026, 3, 1, 21, 0, tzinfo=UTC)


@pytest.fixture(scope="session")
def sample_warehouse(tmp_path_factory: pytest.TempPathFactory) -> WarehouseLayout:
    """The bundled sample, materialised by the daily job (which also publishes a release)."""
    root = tmp_path_factory.mktemp("publish-warehouse")
    assert main(["run", "--warehouse", str(root), "--as-of", AS_OF, "--quiet"]) == 0
    return WarehouseLayout.at(root)


@pytest.fixture(scope="session")
def published(
    sample_warehouse: WarehouseLayout, tmp_path_factory: pytest.TempPathFactory
) -> Release:
    """One release of the sample; tests read it and never change it."""
    out = tmp_path_factory.mktemp("releases")
    return publish(sample_warehouse.parquet_dir, out, pipeline_version="test", now=CREATED)


def sha256sum_check(release_dir: Path) -> subprocess.CompletedProcess[str]:
    """The real coreutils command a user runs on a download."""
    return subprocess.run(
        ["sha256sum", "--strict", "-c", "SHA256SUMS"],
        cwd=release_dir,
        capture_output=True,
        text=True,
        check=False,
    )
