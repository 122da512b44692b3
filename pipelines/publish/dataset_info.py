"""What a release says about itself (title, licence, citation, limitations), kept as data.

The text lives in ``pipelines/config/release.toml`` so that a licence or a citation changes
without touching code; the data card, ``datapackage.json`` and ``index.html`` all read it here.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from pipelines.config import config_path


@dataclass(frozen=True, slots=True)
class Licence:
    name: str  # an SPDX identifier
    title: str
    path: str  # URL of the licence text
    note: str


@dataclass(frozen=True, slots=True)
class DatasetInfo:
    name: str
    title: str
    description: str
    homepage: str
    keywords: tuple[str, ...]
    licence: Licence
    citation_author: str
    citation_template: str
    limitations: tuple[str, ...]

    def citation(self, release_id: str, data_date: date) -> str:
        text = self.citation_template.format(
            author=self.citation_author,
            year=data_date.year,
            title=self.title,
            release_id=release_id,
            data_date=data_date.isoformat(),
            homepage=self.homepage,
        )
        return " ".join(text.split())


def default_path() -> Path:
    return config_path("release")


def load_dataset_info(path: Path | None = None) -> DatasetInfo:
    with (path or default_path()).open("rb") as fh:
        data = tomllib.load(fh)
    lic = data["licence"]
    return DatasetInfo(
        name=data["name"],
        title=data["title"],
        description=" ".join(data["description"].split()),
        homepage=data.get("homepage", ""),
        keywords=tuple(data.get("keywords", ())),
        licence=Licence(lic["name"], lic["title"], lic["path"], " ".join(lic["note"].split())),
        citation_author=data["citation"]["author"],
        citation_template=data["citation"]["text"],
        limitations=tuple(data.get("limitations", {}).get("items", ())),
    )
