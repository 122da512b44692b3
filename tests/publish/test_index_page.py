"""index.html and the chart as text: everything escaped, nothing fetched, the SVG well-formed."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import date

import pyarrow.parquet as pq

from pipelines.publish.dataset_info import load_dataset_info
from pipelines.publish.example_queries import example_queries
from pipelines.publish.index_page import index_page
from pipelines.publish.release import Release
from pipelines.publish.release_summary import (
    Coverage,
    Interval,
    OutletCoverage,
    ProgrammeNames,
    ReleaseSummary,
    TeamStatus,
)
from pipelines.publish.timeline_chart import Lane, LaneGroup, Span, timeline_svg

HOSTILE = "<script>alert(\"x\")</script> & 'quoted'"


def hostile_summary() -> ReleaseSummary:
    team = TeamStatus(
        "prog", "evil", HOSTILE, HOSTILE, "declined", "stage<1>", date(2026, 1, 5), 2, False
    )
    return ReleaseSummary(
        data_date=date(2026, 3, 1),
        coverage=Coverage(date(2025, 7, 1), date(2026, 2, 1), date(2025, 7, 1), None, 3, 2, 2, 1),
        current=[team],
        history=[
            Interval("prog", "evil", "applied", None, date(2025, 7, 1), date(2026, 1, 5)),
            Interval("prog", "evil", "declined", "stage<1>", date(2026, 1, 5), None),
        ],
        outlets=[OutletCoverage(HOSTILE, 2, 1, 0, date(2025, 7, 1), date(2026, 2, 1))],
        programmes={"prog": ProgrammeNames(HOSTILE, "", {"stage<1>": HOSTILE})},
    )


def test_every_text_is_escaped():
    summary = hostile_summary()
    chart = timeline_svg(
        [
            LaneGroup(
                HOSTILE,
                (Lane(HOSTILE, HOSTILE, (Span("applied", date(2025, 7, 1), None, HOSTILE),)),),
            )
        ],
        date(2026, 3, 1),
        title=HOSTILE,
    )
    page = index_page(
        load_dataset_info(),
        release_id="2026-03-01-0123456789",
        pipeline_version=HOSTILE,
        summary=summary,
        chart_svg=chart,
        downloads=[],
        links=["README.md"],
        queries=example_queries("it's"),
        citation=HOSTILE,
    )
    assert "<script" not in page and "<script" not in chart
    assert "&lt;script&gt;" in page
    ET.fromstring(chart)  # well-formed XML: every text and attribute escaped
    assert "WHERE h.team_id = 'it''s'" in page.replace("&#x27;", "'")


def test_page_fetches_nothing(published: Release):
    page = published.index_path.read_text(encoding="utf-8")
    assert not re.search(r"<(script|link|img|iframe)\b", page)
    assert " src=" not in page and "url(" not in page and "@import" not in page
    # only navigation links leave the release: relative hrefs and the licence
    external = re.findall(r'href="(https?://[^"]+)"', page)
    assert external == [load_dataset_info().licence.path]
    ET.fromstring(published.chart_path.read_text(encoding="utf-8"))


def test_chart_has_one_lane_per_team_and_dates_every_change(published: Release):
    svg = ET.fromstring(published.chart_path.read_text(encoding="utf-8"))
    ns = {"s": "http://www.w3.org/2000/svg"}
    tips = [t.text or "" for t in svg.iterfind(".//s:rect/s:title", ns)]
    history = pq.read_table(published.path / "data/team_status_history.parquet").to_pylist()
    assert len(tips) == len(history)  # one bar or marker per interval
    dated = {t.text for t in svg.iterfind(".//s:text/s:title", ns)}
    for h in history:  # every change is dated on its lane
        assert h["valid_from"].isoformat() in dated
