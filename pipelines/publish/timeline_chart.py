"""Each team's status over time as an inline SVG: one lane per team, coloured by status.

Plain SVG text, no script and no external asset, so the same chart works inside index.html
opened from a file:// URL, as a standalone ``timeline.svg`` and as a data: URI image in the
Dagster UI. Every change is marked and dated; labels that would collide move below the bar.
"""

from __future__ import annotations

import base64
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from html import escape

from warehouse.schema import STATUSES

# One colour per status (warehouse.schema.STATUSES); the index page uses the same ones.
STATUS_COLOURS: dict[str, str] = {
    "applied": "#a9c4e0",
    "shortlisted": "#5b9bd5",
    "selected": "#1f5fa8",
    "advanced": "#1a9850",
    "eliminated": "#d73027",
    "considering": "#f2a33a",
    "intends_to_apply": "#8e6bbf",
    "declined": "#6e6e6e",
}
UNKNOWN_COLOUR = "#bbbbbb"
assert set(STATUS_COLOURS) == set(STATUSES), "every status needs a colour"

FONT = (
    "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans KR', 'Apple SD Gothic Neo', "
    "'Malgun Gothic', NanumGothic, sans-serif"
)

WIDTH = 1000
LABEL_W = 196  # team names
PLOT_X0 = 206
PLOT_X1 = 884  # the current status is written right of the plot
LANE_H = 40
BAR_Y, BAR_H = 14, 12  # within a lane
ABOVE_Y, BELOW_Y = 11, 37  # baselines of date labels above and below the bar
DATE_CHAR_W = 5.6  # width of a digit at the label size, for collision tests
LEGEND_H = 34
GROUP_TITLE_H = 26
AXIS_H = 20
GROUP_GAP = 18


@dataclass(frozen=True, slots=True)
class Span:
    status: str
    start: date
    end: date | None  # None while current
    stage: str = ""


@dataclass(frozen=True, slots=True)
class Lane:
    label: str
    sublabel: str
    spans: tuple[Span, ...]


@dataclass(frozen=True, slots=True)
class LaneGroup:
    title: str
    lanes: tuple[Lane, ...]


def status_colour(status: str) -> str:
    return STATUS_COLOURS.get(status, UNKNOWN_COLOUR)


def text_colour(background: str) -> str:
    """Dark or white text, whichever reads better on ``background`` (#rrggbb)."""
    r, g, b = (int(background[i : i + 2], 16) / 255 for i in (1, 3, 5))
    luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b
    return "#1f2933" if luminance > 0.55 else "#ffffff"


def _attr(value: object) -> str:
    return escape(str(value), quote=True)


def _num(x: float) -> str:
    return f"{x:.1f}".rstrip("0").rstrip(".")


class _Scale:
    def __init__(self, start: date, end: date) -> None:
        self.start = start
        self.days = max((end - start).days, 1)

    def x(self, d: date) -> float:
        return PLOT_X0 + (d - self.start).days / self.days * (PLOT_X1 - PLOT_X0)


def _range(group: LaneGroup, end: date) -> tuple[date, date]:
    starts = [s.start for lane in group.lanes for s in lane.spans]
    first = min(starts) if starts else end
    ends = [s.end for lane in group.lanes for s in lane.spans if s.end] + [end]
    last = max(ends)
    return first.replace(day=1), last + timedelta(days=7)


def _months(start: date, end: date) -> list[date]:
    out, d = [], start
    while d <= end:
        out.append(d)
        d = date(d.year + (d.month == 12), d.month % 12 + 1, 1)
    return out


def _legend(statuses: Sequence[str]) -> list[str]:
    parts, x = [], 0.0
    for status in statuses:
        parts.append(
            f'<rect x="{_num(x)}" y="10" width="14" height="12" rx="2" '
            f'fill="{status_colour(status)}"/>'
            f'<text x="{_num(x + 19)}" y="20.5" font-size="12">{escape(status)}</text>'
        )
        x += 19 + 7.2 * len(status) + 22
    return parts


def _date_label(x: float, y: float, d: date, anchor_end: bool) -> str:
    anchor = ' text-anchor="end"' if anchor_end else ""
    return (
        f'<text x="{_num(x)}" y="{_num(y)}" font-size="9.5" fill="#3e4c59"{anchor}>'
        f"{d.strftime('%m-%d')}<title>{d.isoformat()}</title></text>"
    )


def _lane(lane: Lane, scale: _Scale, y: float, end: date) -> list[str]:
    out = [
        f'<text x="8" y="{_num(y + 18)}" font-size="13" font-weight="600">'
        f"{escape(lane.label)}</text>"
        f'<text x="8" y="{_num(y + 32)}" font-size="10.5" fill="#6b7785">'
        f"{escape(lane.sublabel)}</text>"
    ]
    labels: list[str] = []
    label_ends = {ABOVE_Y: float("-inf"), BELOW_Y: float("-inf")}
    labelled: set[date] = set()
    for span in lane.spans:
        colour = status_colour(span.status)
        x0 = scale.x(span.start)
        x1 = scale.x(span.end or end)
        until = span.end.isoformat() if span.end else "now"
        tip = f"{lane.label}: {span.status}"
        tip += f" ({span.stage})" if span.stage else ""
        tip += f", {span.start.isoformat()} to {until}"
        if span.end is not None and span.end == span.start:  # a same-day step: a marker
            out.append(
                f'<rect x="{_num(x0 - 2.5)}" y="{_num(y + BAR_Y - 3)}" width="5" '
                f'height="{BAR_H + 6}" rx="1.5" fill="{colour}" stroke="#ffffff" '
                f'stroke-width="1"><title>{escape(tip)}</title></rect>'
            )
        else:
            out.append(
                f'<rect x="{_num(x0)}" y="{_num(y + BAR_Y)}" width="{_num(max(x1 - x0, 1.5))}" '
                f'height="{BAR_H}" fill="{colour}" stroke="#ffffff" stroke-width="0.75">'
                f"<title>{escape(tip)}</title></rect>"
            )
        if span.start in labelled:
            continue
        labelled.add(span.start)
        width = DATE_CHAR_W * 5
        anchor_end = x0 + width > PLOT_X1
        left = x0 - width if anchor_end else x0
        free = [b for b in (ABOVE_Y, BELOW_Y) if left >= label_ends[b] + 3]
        if free:
            label_ends[free[0]] = left + width
            labels.append(_date_label(x0, y + free[0], span.start, anchor_end))
        else:  # a cluster of changes: set the date just right of the earlier label
            baseline = min(label_ends, key=lambda b: label_ends[b])
            shifted = label_ends[baseline] + 3
            label_ends[baseline] = shifted + width
            labels.append(_date_label(shifted, y + baseline, span.start, False))
    if lane.spans:
        last = lane.spans[-1]
        out.append(
            f'<text x="{PLOT_X1 + 8}" y="{_num(y + 24)}" font-size="12" font-weight="600" '
            f'fill="{_readable_on_white(status_colour(last.status))}">'
            f"{escape(last.status)}</text>"
        )
    return out + labels


def _readable_on_white(colour: str) -> str:
    """Light status colours are too pale for text on white; darken them for labels."""
    if text_colour(colour) == "#ffffff":
        return colour
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return "#{:02x}{:02x}{:02x}".format(*(int(c * 0.62) for c in (r, g, b)))


def _group(group: LaneGroup, top: float, end: date) -> tuple[list[str], float]:
    """A programme's lanes under its title and month axis; returns parts and height."""
    start, stop = _range(group, end)
    scale = _Scale(start, stop)
    axis_y = top + GROUP_TITLE_H
    lanes_y = axis_y + AXIS_H
    lanes_h = LANE_H * len(group.lanes)
    out = [
        f'<text x="0" y="{_num(top + 17)}" font-size="15" font-weight="700">'
        f"{escape(group.title)}</text>"
    ]
    out += [  # shading first, then the month grid, then bars and labels on top
        f'<rect x="0" y="{_num(lanes_y + i * LANE_H)}" width="{WIDTH}" height="{LANE_H}" '
        f'fill="#f4f6f9"/>'
        for i in range(0, len(group.lanes), 2)
    ]
    for month in _months(start, stop):
        x = scale.x(month)
        if x > PLOT_X1:
            break
        out.append(
            f'<line x1="{_num(x)}" y1="{_num(lanes_y)}" x2="{_num(x)}" '
            f'y2="{_num(lanes_y + lanes_h)}" stroke="#d5dce4" stroke-width="1"/>'
            f'<text x="{_num(x + 3)}" y="{_num(axis_y + 13)}" font-size="10.5" fill="#6b7785">'
            f"{month.strftime('%Y-%m')}</text>"
        )
    x_end = scale.x(end)
    out.append(
        f'<line x1="{_num(x_end)}" y1="{_num(lanes_y)}" x2="{_num(x_end)}" '
        f'y2="{_num(lanes_y + lanes_h + 4)}" stroke="#1f2933" stroke-width="1" '
        f'stroke-dasharray="3 3"/>'
        f'<text x="{_num(x_end)}" y="{_num(lanes_y + lanes_h + 15)}" font-size="10.5" '
        f'text-anchor="end" fill="#1f2933">data date {end.isoformat()}</text>'
    )
    for i, lane in enumerate(group.lanes):
        out += _lane(lane, scale, lanes_y + i * LANE_H, end)
    return out, GROUP_TITLE_H + AXIS_H + lanes_h + 16 + GROUP_GAP


def timeline_svg(groups: Sequence[LaneGroup], end: date, title: str = "Team status") -> str:
    """The whole chart as one standalone SVG document (also valid inline in HTML)."""
    seen = {s.status for g in groups for lane in g.lanes for s in lane.spans}
    statuses = [s for s in STATUSES if s in seen] + sorted(seen - set(STATUSES))
    body = _legend(statuses)
    y: float = LEGEND_H
    for group in groups:
        if not group.lanes:
            continue
        parts, height = _group(group, y, end)
        body += parts
        y += height
    if y == LEGEND_H:
        body.append('<text x="0" y="60" font-size="13">No status history yet.</text>')
        y += 40
    height = int(y)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'width="{WIDTH}" height="{height}" role="img" aria-label="{_attr(title)}" '
        f'font-family="{_attr(FONT)}" fill="#1f2933">'
        f"<title>{escape(title)}</title>" + "".join(body) + "</svg>"
    )


def data_uri(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")
