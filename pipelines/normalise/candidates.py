"""Organisations the registry does not know, found where a programme participant's name stands.

A new consortium lead first appears in the news before anyone adds it to ``companies.toml``.
Rather than drop it silently, we look in relevant articles for names in participant positions
and list them for a person to review (``candidate_companies``):

- ``ko-consortium``   "누리랩스 컨소시엄"            (the name must look like an organisation)
- ``ko-lead``         "누리랩스가 주관하는 / 이끄는", "누리랩스 주관 컨소시엄"
- ``ko-applicants``   "A, B 등 3곳이 제안서를 냈다"  (a list closed by a count, about applying)
- ``ko-elite-team``   "추가 정예팀에 누리랩스가 선정"
- ``en-led``          "Nuri Labs-led consortium", "a consortium led by Nuri Labs"
- ``en-consortium``   "the Nuri Labs consortium"
- ``en-appositive``   "Nuri Labs, a start-up, applied"

A name is never a candidate when a registry mention covers it (known companies, their aliases
and blocked look-alikes), when it is a generic word (``candidates.toml``), a count ("15개") or a
Korean verb form ("참여한"). One finding per name and programme: how often, in how many
articles, the first article and an example sentence.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from pipelines.normalise.companies import CompanyRegistry, alias_key
from pipelines.status.sentences import split_sentences

DEFAULT_PATH = Path(__file__).resolve().parents[1] / "config" / "candidates.toml"

_KO = r"[가-힣A-Za-z0-9&]"
_KO_NAME = rf"(?<![가-힣A-Za-z0-9&]){_KO}{{2,30}}"
_EN_WORD = r"[A-Z][A-Za-z0-9&.\-]*"
_EN_NAME = rf"\b{_EN_WORD}(?:\s+{_EN_WORD}){{0,3}}"
_COUNT = r"(?:\d+|[한두세네]|다섯|여섯|일곱|여덟|아홉|열)"

# Positions that name a participant; a name is looked for in the strong ones first.
_STRONG_CUES: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "ko-lead",
        re.compile(
            rf"(?P<name>{_KO_NAME}?)(?:이|가|을|를)?\s*(?:주관|이끄|주도)"
            r"(?:하는|한|하고|했|해|할|하며|하던|는|던)"
            rf"|(?P<name2>{_KO_NAME})\s주관(?:\s*컨소시엄|으로|의|\s*하에)"
        ),
    ),
    (
        "ko-elite-team",
        re.compile(
            r"정예팀(?:에|으로|으로는)\s+(?:(?:최종|새로|추가로|새롭게)\s+)?"
            rf"(?P<name>{_KO_NAME}?)(?:\s?컨소시엄)?(?:이|가|을|를|도)\s"
            r"(?:[^\s.]+\s+){0,2}?(?:최종\s*)?(?:선정|선발|뽑|합류|포함|확정|낙점)"
        ),
    ),
    (
        "en-led",
        re.compile(
            rf"(?P<name>{_EN_NAME})-led\s+(?:consortium|team|group)"
            rf"|(?:consortium|team|group)\s+led\s+by\s+(?:the\s+)?(?P<name2>{_EN_NAME})"
        ),
    ),
    (
        "en-appositive",
        re.compile(
            rf"(?P<name>{_EN_NAME}),\s+an?\s+(?:[\w-]+\s+){{0,3}}?"
            r"(?:start-?up|company|firm|developer|lab|institute|university)\b[^.;]{0,80}?"
            r"\b(?:applied|submitted|bid|entered|joined|was selected|was picked|put)\b"
        ),
    ),
)
# Weak positions: "X 컨소시엄" is also "참여한 컨소시엄", so X must look like an organisation.
_WEAK_CUES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("ko-consortium", re.compile(rf"(?P<name>{_KO_NAME})\s?컨소시엄")),
    ("en-consortium", re.compile(rf"(?P<name>{_EN_NAME})\s+consortium\b")),
)
# "A 컨소시엄과 B 컨소시엄 등 2곳이": a list closed by a count
_APPLICANTS = re.compile(rf"\s*등\s*{_COUNT}\s*(?:곳|개\s*(?:컨소시엄|팀|기업|사)|개사|팀)")
_APPLYING = re.compile(r"제안서|신청서|지원서|사업계획서|응모|신청|지원|참여|출사표|도전장|접수")
_LIST_SPLIT = re.compile(r"\s*(?:,|·|및)\s*|(?<=[가-힣A-Za-z0-9])(?:와|과)\s+")
# clause-final verb endings: a word before a comma that ends in one closes a clause, not a name
_CONNECTIVES = ("며", "고", "서", "지만", "는데", "다", "면", "니", "나", "어", "아", "해")
_COUNT_WORD = re.compile(r"^\d+\s*(?:개|곳|팀|개사|개팀)?$")
_SPACE = re.compile(r"\s+")
_HANGUL = re.compile(r"[가-힣]")


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Generic words and Korean forms that are not names (``candidates.toml``)."""

    stopwords: frozenset[str]
    adnominal_endings: tuple[str, ...]
    particles: tuple[str, ...]
    name_endings: tuple[str, ...]

    @classmethod
    def load(cls, path: Path | str | None = None) -> Lexicon:
        return _lexicon(Path(path) if path else DEFAULT_PATH)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Lexicon:
        words = [*data.get("stopwords_ko", []), *data.get("stopwords_en", [])]
        return cls(
            stopwords=frozenset(alias_key(w) for w in words),
            adnominal_endings=tuple(data.get("adnominal_endings", [])),
            particles=tuple(sorted(data.get("particles", []), key=len, reverse=True)),
            name_endings=tuple(data.get("name_endings", [])),
        )

    def clean(self, surface: str) -> str | None:
        """The name in a surface, or None when it is not one."""
        name = _SPACE.sub(" ", surface).strip(" ,.'\"“”‘’()")
        words = name.split(" ")
        while words and alias_key(words[0]) in self.stopwords:
            words = words[1:]  # "The Nuri Labs" -> "Nuri Labs"
        name = " ".join(words)
        if _HANGUL.search(name) and not name.endswith(self.name_endings):
            for p in self.particles:
                if name.endswith(p) and len(name) - len(p) >= 2:
                    name = name[: -len(p)]
                    break
        if len(name) < 2 or alias_key(name) in self.stopwords or _COUNT_WORD.match(name):
            return None
        verb_form = name.endswith(self.adnominal_endings) and not name.endswith(self.name_endings)
        return None if verb_form and _HANGUL.search(name[-1]) else name

    def organisation_like(self, name: str) -> bool:
        """For the weak "X 컨소시엄" position: a Latin name or an organisation's ending."""
        return not _HANGUL.search(name) or name.endswith(self.name_endings)


@lru_cache(maxsize=4)
def _lexicon(path: Path) -> Lexicon:
    with path.open("rb") as fh:
        return Lexicon.from_dict(tomllib.load(fh))


@dataclass(frozen=True, slots=True)
class Finding:
    surface: str
    cue: str
    start: int
    end: int


def find_candidates(
    sentence: str, registry: CompanyRegistry, lexicon: Lexicon | None = None
) -> list[Finding]:
    """Unknown names in participant positions in one sentence."""
    lexicon = lexicon or Lexicon.load()
    known = [(m.start, m.end) for m in registry.find_mentions(sentence, context=True)]
    found: list[Finding] = []
    for cue, start, end in _positions(sentence):  # stronger cues first
        if any(s < end and start < e for s, e in known):
            continue
        if any(f.start < end and start < f.end for f in found):
            continue  # "Nuri Labs-led consortium" is one finding, not two
        name = lexicon.clean(sentence[start:end])
        if name is None or registry.resolve_alias(name) is not None:
            continue
        if cue == "ko-consortium" and not lexicon.organisation_like(name):
            continue
        found.append(Finding(name, cue, start, end))
    return sorted(found, key=lambda f: f.start)


def _positions(sentence: str) -> Iterator[tuple[str, int, int]]:
    yield from _cue_positions(sentence, _STRONG_CUES)
    if _APPLYING.search(sentence):
        for m in _APPLICANTS.finditer(sentence):
            yield from _list_items(sentence, m.start())
    yield from _cue_positions(sentence, _WEAK_CUES)


def _cue_positions(
    sentence: str, cues: tuple[tuple[str, re.Pattern[str]], ...]
) -> Iterator[tuple[str, int, int]]:
    for cue, pattern in cues:
        for m in pattern.finditer(sentence):
            for group in ("name", "name2"):
                if group in pattern.groupindex and m.group(group):
                    yield cue, m.start(group), m.end(group)


def _list_items(sentence: str, end: int) -> Iterator[tuple[str, int, int]]:
    """The names listed right before "등 N곳": items back to the one that opens the list."""
    start = max(0, end - 160)
    prefix = sentence[start:end]
    bounds = [0, *(x for m in _LIST_SPLIT.finditer(prefix) for x in (m.start(), m.end()))]
    bounds.append(len(prefix))
    items = [(bounds[i], bounds[i + 1]) for i in range(0, len(bounds) - 1, 2)]
    for a, b in reversed(items):
        text = prefix[a:b].rstrip()
        if text.endswith("컨소시엄"):
            text = text[: -len("컨소시엄")].rstrip()
        words = text.split()
        if not words:
            break
        last = words[-1]
        if len(words) > 1 and last.endswith(_CONNECTIVES):
            break  # a clause ends here ("...진행됐으며, A와 B 등 2곳"): no name
        s = start + a + text.rfind(last)
        yield "ko-applicants", s, s + len(last)
        if len(words) > 1:
            break  # this item opens the list ("추가 공모에 A")


@dataclass
class _Tally:
    surface: str
    cue: str
    mentions: int = 0
    articles: set[str] = field(default_factory=set)
    first: tuple[datetime | None, str] | None = None
    example: str = ""


def article_findings(
    body: str, registry: CompanyRegistry, lexicon: Lexicon | None = None
) -> list[tuple[str, str, str]]:
    """``(surface, cue, sentence)`` of each finding in one body, in reading order."""
    lexicon = lexicon or Lexicon.load()
    return [
        (f.surface, f.cue, sentence.strip())
        for sentence in split_sentences(body)
        for f in find_candidates(sentence, registry, lexicon)
    ]


def tally_findings(
    found: Iterable[tuple[Mapping[str, Any], Iterable[tuple[str, str, str]]]],
) -> list[dict[str, Any]]:
    """``candidate_companies`` rows from each article's findings (articles in id order)."""
    tallies: dict[tuple[str, str], _Tally] = {}
    for a, findings in found:
        when = a.get("published_at") or a.get("fetched_at")
        order = (when if isinstance(when, datetime) else None, a["article_id"])
        for surface, cue, sentence in findings:
            for program_id in a.get("programmes") or []:
                key = (program_id, alias_key(surface))
                t = tallies.setdefault(key, _Tally(surface, cue))
                t.mentions += 1
                t.articles.add(a["article_id"])
                if t.first is None or _earlier(order, t.first):
                    t.first, t.example, t.cue = order, sentence, cue
    return [
        {
            "program_id": program_id,
            "surface": t.surface,
            "cue": t.cue,
            "mentions": t.mentions,
            "article_count": len(t.articles),
            "first_article_id": t.first[1] if t.first else None,
            "first_seen_at": t.first[0] if t.first else None,
            "example": t.example,
        }
        for (program_id, _), t in sorted(tallies.items())
    ]


def candidate_source(article: Mapping[str, Any]) -> bool:
    """Only relevant originals with a body are searched (copies would count twice)."""
    return bool(
        article.get("relevant") and not article.get("duplicate_of") and article.get("body_text")
    )


def candidate_rows(
    articles: Iterable[Mapping[str, Any]],
    registry: CompanyRegistry,
    lexicon: Lexicon | None = None,
) -> list[dict[str, Any]]:
    """``candidate_companies`` rows from relevant original articles."""
    lexicon = lexicon or Lexicon.load()
    return tally_findings(
        (a, article_findings(a["body_text"], registry, lexicon))
        for a in articles
        if candidate_source(a)
    )


def _earlier(a: tuple[datetime | None, str], b: tuple[datetime | None, str]) -> bool:
    """Publication order, undated last, then article id (stable across runs)."""

    def key(x: tuple[datetime | None, str]) -> tuple[bool, float, str]:
        return (x[0] is None, x[0].timestamp() if x[0] else 0.0, x[1])

    return key(a) < key(b)
