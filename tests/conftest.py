"""Test-wide setup: each test session (and xdist worker) gets its own DAGSTER_HOME."""

import os

import pytest


@pytest.fixture(autouse=True, scope="session")
def _dagster_home(tmp_path_factory: pytest.TempPathFactory) -> None:
    """The CLI keeps run history in DAGSTER_HOME; tests must never touch the project's."""
    os.environ["DAGSTER_HOME"] = str(tmp_path_factory.mktemp("dagster_home"))
