"""index.html in a real headless browser, from a file:// URL with the network off: the status
table is rendered as text and the chart's status colours are on screen."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from selectolax.lexbor import LexborHTMLParser

from pipelines.publish.release import Release
from pipelines.publish.timeline_chart import STATUS_COLOURS

from .png_pixels import colour_pixels, read_png

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium() -> str:
    for name in ("/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    pytest.skip("no chromium (CI installs it: apt-get install -y chromium)")


@pytest.fixture(scope="module")
def rendered(published: Release, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path]:
    """The DOM after load and a 1280x2000 screenshot, from one browser run."""
    work = tmp_path_factory.mktemp("browser")
    shot = work / "index.png"
    proc = subprocess.run(
        [
            chromium(),
            *CHROMIUM_FLAGS,
            f"--user-data-dir={work / 'profile'}",
            f"--screenshot={shot}",
            "--window-size=1280,2000",
            "--dump-dom",
            published.index_path.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 0 and shot.exists(), proc.stderr[-2000:]
    return proc.stdout, shot


def test_status_table_is_rendered(published: Release, rendered: tuple[str, Path]):
    dom = LexborHTMLParser(rendered[0])
    rows = {
        (tr.attributes.get("data-team"), tr.css_first("td:nth-child(2)").text(strip=True))
        for tr in dom.css("section#status table.status tbody tr")
    }
    current = pq.read_table(published.path / "data/team_status_current.parquet").to_pylist()
    assert rows == {(t["team_id"], t["status"]) for t in current}
    text = dom.css_first("section#status").text()
    for team in current:
        assert (team["name_ko"] or team["team_id"]) in text
    chart = dom.css_first("section#timeline svg")
    assert chart is not None
    assert len(chart.css("rect")) >= len(current)


def test_screenshot_shows_the_table_and_the_chart(published: Release, rendered: tuple[str, Path]):
    pixels = read_png(rendered[1])
    assert pixels.shape[:2] == (2000, 1280)
    history = pq.read_table(published.path / "data/team_status_history.parquet")
    statuses = set(history.column("status").to_pylist())
    current = set(
        pq.read_table(published.path / "data/team_status_current.parquet")
        .column("status")
        .to_pylist()
    )
    # badges in the status table (top of the page)
    top = pixels[:900]
    for status in current:
        assert colour_pixels(top, STATUS_COLOURS[status]) > 150, f"{status} badge not on screen"
    # statuses that only a past interval has can only come from the chart's bars
    for status in statuses - current:
        assert colour_pixels(pixels, STATUS_COLOURS[status]) > 40, f"{status} not in the chart"
