"""Ministry of Science and ICT press releases (msit.go.kr/bbs/view.do?…, /eng/bbs/view.do?…).

Korean releases are HWP documents rendered into the board: a '보도시점' table gives the embargo
time (the publication time), the centred paragraphs repeat the title and give the sub-headlines
('- … -'), and the body is the □/○ paragraphs. English releases are plain paragraphs under an
'Embargoed until 14:00 (KST), Thursday, January 15, 2026' line. Both are published by the
ministry, with no personal byline and no canonical link.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from selectolax.lexbor import LexborHTMLParser

from pipelines.parse.dates import find_datetime
from pipelines.parse.sites.lines import node_text
from pipelines.parse.sites.selectors import PageContext, SelectorParser

MSIT = "과학기술정보통신부"
_SUBHEAD_DASHES = re.compile(r"^\s*-\s*(.*?)\s*-\s*$")
_CLOCK = re.compile(r"(?<!\d)([01]?\d|2[0-3]):([0-5]\d)(?!\d)")


class MsitParser(SelectorParser):
    name = "msit"
    version = "2025.01"
    valid_from = date(2025, 1, 1)
    hosts = ("msit.go.kr",)

    title = ".board_view .view_head h4.title"
    body = "#hwpEditorBoardContent"
    paragraphs = "p.HStyle0"
    drop = ("p[style*='center']",)
    published = ()
    updated = ()
    publisher = MSIT
    signed = False
    section = "#content h3.sub_tit"
    canonical = None

    def subtitle_of(self, tree: LexborHTMLParser) -> str | None:
        centred = tree.css("#hwpEditorBoardContent p[style*='center']")
        lines = []
        for node in centred[1:]:  # the first centred paragraph repeats the title
            text = node_text(node)
            match = _SUBHEAD_DASHES.match(text)
            if match and match.group(1):
                lines.append(match.group(1))
        return "\n".join(lines) or None

    def dates_of(
        self, tree: LexborHTMLParser, page: PageContext
    ) -> tuple[datetime | None, datetime | None]:
        for label in tree.css("table.press_head td.lbl"):
            if node_text(label) == "보도시점" and label.next is not None:
                cell = label.next
                while cell is not None and cell.tag != "td":
                    cell = cell.next
                found = find_datetime(node_text(cell), self.tz)
                if found is not None:
                    return found.value, None
        return _board_date(tree, self), None


class MsitEnglishParser(SelectorParser):
    name = "msit_en"
    version = "2025.01"
    valid_from = date(2025, 1, 1)
    hosts = ("msit.go.kr",)

    title = ".board_view .view_head h4.title"
    body = ".board_view .view_cont"
    required = ("#wrap.eng",)
    paragraphs = "p"
    drop = (".embargo", ".contact")
    published = ()
    updated = ()
    publisher = MSIT
    signed = False
    section = "#content h3.sub_tit"
    canonical = None
    language = "en"

    def dates_of(
        self, tree: LexborHTMLParser, page: PageContext
    ) -> tuple[datetime | None, datetime | None]:
        day = _board_date(tree, self)
        embargo = node_text(tree.css_first(".board_view .embargo"))
        clock = _CLOCK.search(embargo)
        embargo_day = find_datetime(embargo, self.tz)
        if embargo_day is not None:
            day = embargo_day.value
        if day is not None and clock is not None:
            day = day.replace(hour=int(clock.group(1)), minute=int(clock.group(2)))
        return day, None


def _board_date(tree: LexborHTMLParser, parser: SelectorParser) -> datetime | None:
    """The board's registration day ('등록일' / 'Date'), midnight: a date without a time."""
    for header in tree.css("table.view_info th"):
        if node_text(header) in ("등록일", "Date"):
            cell = header.next
            while cell is not None and cell.tag != "td":
                cell = cell.next
            found = find_datetime(node_text(cell), parser.tz)
            if found is not None:
                return found.value
    return None
