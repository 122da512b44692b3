"""Press Information Bureau, India (pib.gov.in/PressReleasePage.aspx?PRID=…).

Releases have no byline and no canonical link; the text is justified paragraphs, while
centred ones carry the photo, its caption and the '***' end mark, and the last line is the
desk's initials ('MSZ/ISA').
"""

from __future__ import annotations

import re
from datetime import date

from pipelines.parse.sites.livemint import IST
from pipelines.parse.sites.selectors import SelectorParser


class PibParser(SelectorParser):
    name = "pib"
    version = "2025.01"
    valid_from = date(2025, 1, 1)
    hosts = ("pib.gov.in",)

    title = ".innner-page-main-about-us-content-right-part > h2"
    body = "#PdfDiv"
    paragraphs = "p"
    drop = ("p[style*='center']",)
    drop_lines = re.compile(r"^[A-Z]{2,5}(?:/[A-Z]{2,5})+$")
    subtitle = ".innner-page-main-about-us-content-right-part > h3"
    dateline = ".ReleaseDateSubHeaddateTime"
    published = ()
    updated = ()
    publisher = "Press Information Bureau"
    section = None
    language = "en"
    tz = IST
    signed = False  # signed by the bureau's regional desk ('by PIB Delhi'), not by people
