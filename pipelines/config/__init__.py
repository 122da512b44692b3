"""The project's configuration files (TOML), shipped inside the package."""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def config_path(name: str) -> Path:
    """Path of a bundled configuration file, e.g. ``config_path("companies")``."""
    filename = name if name.endswith(".toml") else f"{name}.toml"
    return Path(str(resources.files(__name__).joinpath(filename)))
