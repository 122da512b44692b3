"""Per-site parsers, newest markup version first within each site."""

from __future__ import annotations

from pipelines.parse.sites.ajunews import AjunewsParser
from pipelines.parse.sites.asiae import AsiaeParser
from pipelines.parse.sites.asiatoday import AsiatodayParser
from pipelines.parse.sites.base import SiteParser
from pipelines.parse.sites.daum import DaumParser
from pipelines.parse.sites.dt import DtParser
from pipelines.parse.sites.economidaily import EconomidailyParser
from pipelines.parse.sites.etnews import EtnewsFeedParser, EtnewsParser
from pipelines.parse.sites.fnnews import FnnewsParser
from pipelines.parse.sites.hankookilbo import (
    HankookIlboClassicParser,
    HankookIlboFlightParser,
    HankookIlboNextParser,
)
from pipelines.parse.sites.joongang import JoongangParser
from pipelines.parse.sites.koreaherald import KoreaheraldParser
from pipelines.parse.sites.livemint import LivemintParser
from pipelines.parse.sites.mk import MkParser
from pipelines.parse.sites.msit import MsitEnglishParser, MsitParser
from pipelines.parse.sites.naver import NaverParser
from pipelines.parse.sites.naversearch import NaverSearchParser
from pipelines.parse.sites.newstomato import NewstomatoParser
from pipelines.parse.sites.pib import PibParser
from pipelines.parse.sites.sbsbiz import SbsbizParser
from pipelines.parse.sites.thehindu import ThehinduParser
from pipelines.parse.sites.yna import YnaParser
from pipelines.parse.sites.zdnet import ZdnetParser

SITE_PARSERS: list[SiteParser] = [
    # Portals and wire
    NaverParser(),
    NaverSearchParser(),
    DaumParser(),
    YnaParser(),
    # Korean publishers
    AjunewsParser(),
    AsiaeParser(),
    AsiatodayParser(),
    DtParser(),
    EconomidailyParser(),
    EtnewsParser(),
    EtnewsFeedParser(),
    FnnewsParser(),
    HankookIlboNextParser(),
    HankookIlboFlightParser(),
    HankookIlboClassicParser(),
    MkParser(),
    NewstomatoParser(),
    SbsbizParser(),
    ZdnetParser(),
    # English-language outlets
    JoongangParser(),
    KoreaheraldParser(),
    LivemintParser(),
    ThehinduParser(),
    # Government
    MsitParser(),
    MsitEnglishParser(),
    PibParser(),
]


def parsers_for(url: str) -> list[SiteParser]:
    """Candidate parsers for a URL, newest markup version first."""
    found = [p for p in SITE_PARSERS if p.matches(url)]
    return sorted(found, key=lambda p: p.valid_from, reverse=True)
