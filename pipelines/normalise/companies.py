"""Company registry and a single-pass matcher for company mentions in Korean and English text.

The registry is data (``pipelines/config/companies.toml``); this module turns every alias into one
compiled regular expression built as a prefix trie, so a text is scanned once whatever the number
of aliases, and the longest alias at a position wins. Ambiguous surfaces ("LG", "네이버", "NC")
resolve by programme context, as the TOML describes.
"""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path

DEFAULT_PATH = Path(__file__).resolve().parents[1] / "config" / "companies.toml"

_LATIN = re.compile(r"[A-Za-z0-9]")
_HANGUL = re.compile(r"[가-힣]")
_SPACE = re.compile(r"\s+")
_BLOCKED = ""  # lookup target of blocker surfaces: consumed, never reported


@dataclass(frozen=True, slots=True)
class Membership:
    """A company's place in one programme team."""

    programme: str
    team: str  # the team's id is its lead company's id
    role: str  # 'lead' | 'member'
    since: date | None = None
    until: date | None = None


@dataclass(frozen=True, slots=True)
class Company:
    id: str
    name_ko: str
    name_en: str
    aliases: tuple[str, ...]
    kind: str
    parent: str | None = None
    memberships: tuple[Membership, ...] = ()


@dataclass(frozen=True, slots=True)
class Mention:
    """One company mention; ``start``/``end`` are offsets into the searched text."""

    company_id: str
    start: int
    end: int
    surface: str


@dataclass(frozen=True, slots=True)
class _Target:
    in_context: str
    otherwise: str
    exact: str | None = None  # a case-sensitive alias matches only this spelling ("Fractal")


def alias_key(surface: str) -> str:
    """The lookup key of a surface: spacing and case do not distinguish aliases."""
    return _SPACE.sub("", surface).casefold()


def alias_atoms(alias: str, case_sensitive: bool) -> tuple[str, ...]:
    """Regex atoms of one alias: flexible spacing at spaces and at Latin/Hangul seams."""
    atoms: list[str] = []
    prev = ""
    for ch in alias.strip():
        if ch.isspace():
            if atoms and atoms[-1] != r"\s*":
                atoms.append(r"\s*")
            prev = ""
            continue
        seam = prev and (
            (_LATIN.match(prev) and _HANGUL.match(ch)) or (_HANGUL.match(prev) and _LATIN.match(ch))
        )
        if seam and atoms[-1] != r"\s*":
            atoms.append(r"\s*")
        if not case_sensitive and ch.isalpha() and ch.isascii() and ch.lower() != ch.upper():
            atoms.append(f"[{ch.upper()}{ch.lower()}]")
        else:
            atoms.append(re.escape(ch))
        prev = ch
    return tuple(atoms)


def trie_regex(sequences: list[tuple[str, ...]]) -> str:
    """A regex matching any atom sequence, longest first, sharing common prefixes.

    Greedy optional groups make the engine try the longest alias first and back off to shorter
    ones when the guard after the alias fails, which is what longest-match needs.
    """
    trie: dict = {}
    for seq in sequences:
        node = trie
        for atom in seq:
            node = node.setdefault(atom, {})
        node[""] = {}

    def render(node: dict) -> str:
        ends = "" in node
        branches = [atom + render(child) for atom, child in sorted(node.items()) if atom]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if ends:
            if len(branches) == 1 and not body.startswith("(?:"):
                body = "(?:" + body + ")"
            return body + "?"
        return body

    return render(trie)


@dataclass
class CompanyRegistry:
    """All companies with a compiled mention matcher."""

    companies: dict[str, Company]
    _lookup: dict[str, _Target]
    _pattern: re.Pattern[str]
    _context: re.Pattern[str]
    _by_programme: dict[str, list[Membership]] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path | str | None = None) -> CompanyRegistry:
        """Load the registry; the default file is loaded once per process."""
        if path is None:
            return _default_registry()
        return cls.from_toml(Path(path))

    @classmethod
    def from_toml(cls, path: Path) -> CompanyRegistry:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
        return cls.from_dict(data)

    @classmethod
    def from_dict(cls, data: dict) -> CompanyRegistry:
        companies: dict[str, Company] = {}
        lookup: dict[str, _Target] = {}
        sequences: list[tuple[str, ...]] = []

        def add(surface: str, target: _Target, case_sensitive: bool) -> None:
            # every alias is compiled case-insensitively so that one trie keeps longest-match
            # ("Fractal Analytics" over "Fractal"); case-sensitive ones are checked on lookup
            key = alias_key(surface)
            if case_sensitive:
                target = _Target(target.in_context, target.otherwise, _SPACE.sub("", surface))
            if key in lookup and lookup[key] != target:
                raise ValueError(f"alias {surface!r} maps to two companies")
            lookup[key] = target
            sequences.append(alias_atoms(surface, case_sensitive=False))

        for row in data.get("company", []):
            cid = row["id"]
            if cid in companies:
                raise ValueError(f"duplicate company id {cid!r}")
            memberships = tuple(
                Membership(
                    programme=m["programme"],
                    team=m["team"],
                    role=m.get("role", "member"),
                    since=m.get("since"),
                    until=m.get("until"),
                )
                for m in row.get("memberships", [])
            )
            cs = tuple(row.get("case_sensitive", []))
            companies[cid] = Company(
                id=cid,
                name_ko=row["name_ko"],
                name_en=row["name_en"],
                aliases=tuple(row.get("aliases", [])) + cs,
                kind=row["kind"],
                parent=row.get("parent") or None,
                memberships=memberships,
            )
            target = _Target(cid, cid)
            for alias in row.get("aliases", []):
                add(alias, target, case_sensitive=False)
            for alias in cs:
                add(alias, target, case_sensitive=True)
        for row in data.get("ambiguous", []):
            target = _Target(row.get("in_context", ""), row.get("otherwise", ""))
            for surface in row["surfaces"]:
                add(surface, target, case_sensitive=False)
        for row in data.get("blocker", []):
            for surface in row["surfaces"]:
                add(surface, _Target(_BLOCKED, _BLOCKED), case_sensitive=False)
        for target in lookup.values():
            for cid in (target.in_context, target.otherwise):
                if cid and cid not in companies:
                    raise ValueError(f"ambiguity target {cid!r} is not a company")

        suffixes = sorted(set(data.get("suffixes", {}).get("particles", [])), key=len, reverse=True)
        suffix_alt = "|".join(map(re.escape, suffixes)) or "(?!)"
        pattern = (
            r"(?<![A-Za-z0-9가-힣])(?:"
            + trie_regex(sequences)
            + r")(?![A-Za-z0-9])(?:(?![가-힣])|(?=(?:"
            + suffix_alt
            + r")+(?![가-힣])))"
        )
        cues = data.get("ambiguity", {}).get("programme_context_cues", [])
        cue_seqs = [alias_atoms(c, case_sensitive=False) for c in cues]
        context = re.compile(trie_regex(cue_seqs) if cue_seqs else "(?!)")

        by_programme: dict[str, list[Membership]] = {}
        for company in companies.values():
            for m in company.memberships:
                by_programme.setdefault(m.programme, []).append(m)
        return cls(companies, lookup, re.compile(pattern), context, by_programme)

    # -- lookups ---------------------------------------------------------------------------------

    def get(self, company_id: str) -> Company:
        return self.companies[company_id]

    def __contains__(self, company_id: object) -> bool:
        return company_id in self.companies

    def resolve_alias(self, surface: str, context: bool = True) -> str | None:
        """The company a whole surface names, or None (unknown, blocked or context-only)."""
        target = self._lookup.get(alias_key(surface))
        if target is None:
            return None
        return (target.in_context if context else target.otherwise) or None

    def leads(self, programme: str) -> frozenset[str]:
        """Company ids that lead a team in ``programme``."""
        return frozenset(m.team for m in self._by_programme.get(programme, []) if m.role == "lead")

    def memberships(self, programme: str) -> list[Membership]:
        return list(self._by_programme.get(programme, []))

    # -- matching --------------------------------------------------------------------------------

    def has_programme_context(self, text: str) -> bool:
        """Whether ``text`` talks about a tracked programme (resolves ambiguous surfaces)."""
        return self._context.search(text) is not None

    def find_mentions(self, text: str, context: bool | None = None) -> list[Mention]:
        """Company mentions in ``text``, left to right, never overlapping.

        ``context``: True when the text is known to be about a programme (the caller has the
        article), False when it is not, None to decide from the text itself.
        """
        if context is None:
            context = self.has_programme_context(text)
        mentions: list[Mention] = []
        lookup = self._lookup
        for m in self._pattern.finditer(text):
            surface = m.group()
            target = lookup.get(alias_key(surface))
            if target is None or (target.exact and _SPACE.sub("", surface) != target.exact):
                continue
            cid = target.in_context if context else target.otherwise
            if cid:
                mentions.append(Mention(cid, m.start(), m.end(), surface))
        return mentions

    def count_mentions(self, body: str, context: bool | None = None) -> dict[str, int]:
        """How often each company is mentioned in ``body``."""
        return dict(Counter(m.company_id for m in self.find_mentions(body, context)))


@lru_cache(maxsize=1)
def _default_registry() -> CompanyRegistry:
    return CompanyRegistry.from_toml(DEFAULT_PATH)


def find_mentions(text: str, context: bool | None = None) -> list[Mention]:
    """Mentions found with the default registry."""
    return _default_registry().find_mentions(text, context)


def count_mentions(body: str, context: bool | None = None) -> dict[str, int]:
    """Mention counts per company id with the default registry."""
    return _default_registry().count_mentions(body, context)
