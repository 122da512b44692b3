"""Extract each team's status events, with evidence, from an article body.

Per sentence: find status cues (rules from ``status_rules.toml``), team mentions and date
expressions; split the sentence into clauses at connective endings ("~했지만", "~한 반면");
give each team to the status cue it is the subject (or, in English, the object) of; drop
hypotheticals, rumours, denials and negations; resolve the date and the stage of each event.

Korean word order drives the assignment: a subject precedes its predicate, so a team belongs to
the first cue after it in its clause; a cue in adnominal form ("탈락한 네이버클라우드") modifies
the team after it and describes an earlier event, which is kept only when the sentence dates it
("지난해 8월 고배를 마셨던 카카오" -> eliminated 2025-08, narrowed to the stage's decision day)
or names its stage ("1차 단계평가에서 탈락한 NC AI" -> eliminated on the stage-1 decision day).
Earlier sentences lend later ones a date anchor ("당시", "이튿날"), a stage ("이번 평가") and a
team ("회사는", "the company").
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from pipelines.normalise.companies import CompanyRegistry, Mention
from pipelines.normalise.programmes import DECISION_STATUSES, ProgrammeRegistry, Stage
from pipelines.status.event_dates import (
    ANAPHORIC,
    EventDate,
    find_event_dates,
    publication_day,
)
from pipelines.status.sentences import sentence_spans
from pipelines.status.status_rules import Cue, StatusRules


@dataclass(frozen=True, slots=True)
class ExtractedEvent:
    """One status event for one team, with the sentence that says so."""

    program_id: str
    team_id: str
    status: str
    stage: str | None
    event_date: date | None
    event_date_precision: str | None  # 'day' | 'month' | 'half' | 'quarter' | 'year' | None
    date_reason: str
    evidence: str
    rule_id: str
    confidence: float
    speaker_company_id: str | None = None

    @property
    def key(self) -> tuple:
        return (self.program_id, self.team_id, self.status, self.stage, self.event_date)


_NO_DATE = "no_date"  # the text gives no date: the stage's decision day or the publication day
_PAST_UNDATED = "past_undated"  # a look back without a date: only a named stage can date it

_JOINER = re.compile(r"\s*(?:[,·ㆍ/&]|와|과|및|그리고|이나|또는|and|or|,\s*and)?\s*,?\s*")
_ADNOMINAL_GAP = re.compile(
    r"\s*[\"'“”‘’]?\s*(?:(?:\S*(?:팀|곳|기업|컨소시엄|업체))(?:인|이자|이었던)\s+)?"
)
# "selected Motif", "selected three more start-ups, Soket AI Labs, ..." (an appositive)
_ENGLISH_OBJECT_GAP = re.compile(r"\s*(?:the\s+)?(?:(?:[\w-]+\s+){0,4}[\w-]+\s*[,:]\s*)?")
_ENGLISH_PASSIVE = re.compile(r"\b(?:was|were|been|is|are|be|not|to)\b", re.IGNORECASE)
_ENGLISH_ALONG = re.compile(
    r"\b(?:along with|together with|as well as|as did|alongside)\s*(?:the\s+)?$", re.IGNORECASE
)
_ENGLISH_REPORTING = re.compile(
    r"\b(?:said|says|announced|told|added|stated|confirmed|noted)\b", re.IGNORECASE
)
_ENGLISH_SAID = re.compile(r"\b(?:said|says|according to)\s*$", re.IGNORECASE)
_QUOTE_PAIRS = {'"': '"', "“": "”", "‘": "’", "'": "'"}
_PUNCT = "\"'“”‘’,.!?)]」』"
_QUOTES = re.compile(r"[\"'“”‘’]")
_HANGUL = re.compile(r"[가-힣]")
_OBJECT_STATUSES = frozenset({"selected", "eliminated", "advanced", "applied"})


@dataclass
class _Article:
    """What earlier sentences of an article lend to later ones."""

    pub: date
    anchor: EventDate | None = None  # the last date the text gave
    stage: str | None = None  # the last stage the text named
    team: str | None = None  # the team the text last named on its own
    prev: str = ""
    recent: str = ""  # the two sentences before this one


@dataclass
class _Group:
    """Team mentions listed together ("네이버클라우드와 NC AI")."""

    mentions: list[Mention]

    @property
    def start(self) -> int:
        return self.mentions[0].start

    @property
    def end(self) -> int:
        return self.mentions[-1].end


@dataclass
class _CueInfo:
    cue: Cue
    clause: int
    kind: str  # 'predicate' | 'retro' | 'background' | 'copula' | 'drop'
    word_end: int  # end of the word the cue ends in
    seg_start: int  # where the text that belongs to this cue starts
    groups: list[_Group] = field(default_factory=list)
    inherited: bool = False

    @property
    def is_head(self) -> bool:
        return self.kind in ("predicate", "drop", "retro")


def _quote_spans(sentence: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    i = 0
    n = len(sentence)
    while i < n:
        close = _QUOTE_PAIRS.get(sentence[i])
        if close:
            j = sentence.find(close, i + 1)
            # a straight single quote is also an apostrophe ("Kakao's"): pair it only nearby
            if j != -1 and (sentence[i] != "'" or j - i < 80):
                spans.append((i, j))
                i = j + 1
                continue
        i += 1
    return spans


def _inside(pos: int, spans: list[tuple[int, int]]) -> tuple[int, int] | None:
    for s, e in spans:
        if s < pos < e:
            return s, e
    return None


def _adnominal(word: str) -> bool:
    """Does a Korean word end in an adnominal form (탈락한, 마셨던, 본, 넘은, 하는)?

    Those end in a syllable whose final consonant is ㄴ (jongseong index 4).
    """
    if not word or word.endswith("만"):  # '살아남았지만' is a connective, not a modifier
        return False
    code = ord(word[-1]) - 0xAC00
    return 0 <= code < 11172 and code % 28 == 4


def _word_end(text: str, pos: int) -> int:
    n = len(text)
    while pos < n and not text[pos].isspace():
        pos += 1
    return pos


def _dates_between(dates: list[EventDate], start: int, end: int) -> list[EventDate]:
    return [d for d in dates if d.span and start <= d.span[0] and d.span[1] <= end]


def _usable(d: EventDate, pub: date) -> bool:
    """A date an event can have: never after the report (unresolvable ones are kept)."""
    return d.start is None or d.start <= pub


_DECLARATIONS = frozenset({"considering", "intends_to_apply", "declined"})


class _Sentence:
    """One sentence: clauses, quotes, company mentions and the team groups in it."""

    def __init__(
        self,
        text: str,
        rules: StatusRules,
        registry: CompanyRegistry,
        leads: frozenset[str],
        article: _Article,
    ) -> None:
        self.text = text
        self.rules = rules
        self.english = not _HANGUL.search(text)
        self.quotes = _quote_spans(text)
        pattern = rules.clause_en if self.english else rules.clause_ko
        bounds = [0, *(m.end() for m in pattern.finditer(text)), len(text)]
        self.clauses = [(a, b) for a, b in itertools.pairwise(bounds) if b > a]
        self.mentions = registry.find_mentions(text, context=True)
        if article.team and not any(m.company_id in leads for m in self.mentions):
            self.mentions = sorted(
                self.mentions
                + [
                    Mention(article.team, m.start(), m.end(), m.group())
                    for m in rules.team_anaphora.finditer(text)
                ],
                key=lambda m: m.start,
            )
        self.speakers = [
            m
            for m in self.mentions
            if rules.speaker_after.match(text[m.end :])
            or (self.english and _ENGLISH_SAID.search(text[max(0, m.start - 20) : m.start]))
        ]
        self.groups = self._groups([m for m in self.mentions if m.company_id in leads])
        self.cue_starts: list[int] = []  # filled by the extractor
        self.stage_cues: list = []

    def clause_of(self, pos: int) -> int:
        for i, (a, b) in enumerate(self.clauses):
            if a <= pos < b:
                return i
        return len(self.clauses) - 1

    def _in_brackets_after_lead(self, m: Mention) -> bool:
        """'SK텔레콤 컨소시엄(크래프톤·KAIST 등)': a member listed in brackets after a lead."""
        open_at = self.text.rfind("(", max(0, m.start - 40), m.start)
        if open_at == -1 or ")" in self.text[open_at : m.start]:
            return False
        return any(x.end <= open_at and open_at - x.end < 12 for x in self.mentions)

    def _groups(self, teams: list[Mention]) -> list[_Group]:
        groups: list[_Group] = []
        for m in teams:
            if self._in_brackets_after_lead(m):
                continue
            if groups:
                last = groups[-1]
                gap = self.text[last.end : m.start]
                if self.clause_of(last.end - 1) == self.clause_of(m.start) and _JOINER.fullmatch(
                    gap
                ):
                    last.mentions.append(m)
                    continue
            groups.append(_Group([m]))
        r = self.rules
        kept = []
        for g in groups:
            before = self.text[max(0, g.start - 40) : g.start]
            after = self.text[g.end : g.end + 60]
            if r.member_before.search(before) or r.contrast_before.search(before):
                continue  # a consortium member, or a point of comparison
            if r.member_after.match(after) or r.contrast_after.match(after):
                continue
            kept.append(g)
        return kept


class Extractor:
    """Extracts status events for one programme; build once, call per article."""

    def __init__(
        self,
        registry: CompanyRegistry,
        programmes: ProgrammeRegistry,
        program_id: str,
        rules: StatusRules | None = None,
    ) -> None:
        self.registry = registry
        self.programme = programmes.get(program_id)
        self.rules = rules or StatusRules.load()
        self.leads = self.programme.lead_ids & frozenset(registry.companies)

    def extract(self, body_text: str, published_at: datetime | date) -> list[ExtractedEvent]:
        """Events in one article, one per (team, status, stage, date), highest confidence kept."""
        article = _Article(publication_day(published_at))
        events: dict[tuple, ExtractedEvent] = {}
        for s, e in sentence_spans(body_text):
            for ev in self.sentence_events(body_text[s:e], article):
                old = events.get(ev.key)
                if old is None or ev.confidence > old.confidence:
                    events[ev.key] = ev
        return _drop_vaguer(list(events.values()))

    # -- one sentence ------------------------------------------------------------------------

    def sentence_events(self, text: str, article: _Article) -> list[ExtractedEvent]:
        """Events in one sentence; updates ``article`` with what later sentences may need."""
        r = self.rules
        dates = [
            d
            for d in find_event_dates(text, article.pub, article.anchor)
            if d.date is not None or d.reason not in ANAPHORIC  # "같은 날" with nothing before
        ]
        cues = r.find_cues(text)
        out: list[ExtractedEvent] = []
        sent = None
        if cues:
            sent = _Sentence(text, r, self.registry, self.leads, article)
            if sent.groups:
                out = self._events(sent, cues, dates, article)
        self._remember(text, sent, dates, article)
        return out

    def _remember(
        self, text: str, sent: _Sentence | None, dates: list[EventDate], article: _Article
    ) -> None:
        usable = [d for d in dates if d.date is not None and _usable(d, article.pub)]
        if usable:
            article.anchor = usable[-1]
        stages = sent.stage_cues if sent and sent.stage_cues else None
        if stages is None:
            stages = self.rules.find_stage_cues(text, self.programme.id)
        if stages:
            article.stage = stages[-1].stage
        mentions = sent.mentions if sent else self.registry.find_mentions(text, context=True)
        teams = {m.company_id for m in mentions if m.company_id in self.leads}
        if len(teams) == 1:
            article.team = next(iter(teams))
        elif teams:
            article.team = None
        article.recent = f"{article.prev}\n{text}"
        article.prev = text

    def _events(
        self, sent: _Sentence, cues: list[Cue], dates: list[EventDate], article: _Article
    ) -> list[ExtractedEvent]:
        r = self.rules
        context_ok = bool(r.context.search(sent.text) or r.context.search(article.prev))
        topic_ok = bool(r.topic.search(sent.text) or r.topic.search(article.recent))
        sent.cue_starts = [c.start for c in cues]
        sent.stage_cues = r.find_stage_cues(sent.text, self.programme.id)
        infos = self._classify_all(sent, cues, context_ok, topic_ok)
        self._assign(sent, infos)
        consumed = self._consumed_dates(sent, infos, dates)
        out: list[ExtractedEvent] = []
        for info in infos:
            if info.kind == "drop" or not info.groups:
                continue
            next_start = min(
                (x.cue.start for x in infos if x.cue.start > info.cue.end), default=len(sent.text)
            )
            when = self._event_date(sent, info, dates, consumed, article.pub, next_start)
            speaker = self._speaker(sent, info)
            for gi in range(len(info.groups)):
                group_when = self._group_date(info, gi, dates, consumed, article.pub) or when
                for m in info.groups[gi].mentions:
                    ev = self._event(sent, info, m.company_id, group_when, article, speaker)
                    if ev is not None:
                        out.append(ev)
        return out

    # -- cues ------------------------------------------------------------------------------

    def _classify_all(
        self, sent: _Sentence, cues: list[Cue], context_ok: bool, topic_ok: bool
    ) -> list[_CueInfo]:
        infos: list[_CueInfo] = []
        seg_by_clause: dict[int, int] = {}
        for cue in cues:
            ci = sent.clause_of(cue.start)
            seg_start = seg_by_clause.get(ci, sent.clauses[ci][0])
            kind, word_end = self._classify(
                sent, cue, sent.clauses[ci], seg_start, context_ok, topic_ok
            )
            if kind == "background":
                # a modifier's own words reach back to the previous team, not the previous cue:
                # "이번 평가에서 최하점을 받아 탈락한 NC AI와 지난해 고배를 마신 KT"
                before = [g.end for g in sent.groups if g.end <= cue.start]
                seg_start = max(sent.clauses[ci][0], before[-1] if before else 0)
            infos.append(_CueInfo(cue, ci, kind, word_end, seg_start))
            seg_by_clause[ci] = word_end
        return infos

    def _classify(
        self,
        sent: _Sentence,
        cue: Cue,
        clause: tuple[int, int],
        seg_start: int,
        context_ok: bool,
        topic_ok: bool,
    ) -> tuple[str, int]:
        """'predicate' | 'retro' | 'background' | 'copula' | 'drop', and the cue word's end.

        'retro' looks back as a predicate ("탈락한 바 있다") and needs a date or a stage.
        """
        r = self.rules
        text = sent.text
        rule = cue.rule
        word_end = _word_end(text, cue.end)
        rest = text[cue.end : word_end].rstrip(_PUNCT)
        after = text[cue.end : clause[1]][:60]
        if (rule.needs_context and not context_ok) or (rule.needs_topic and not topic_ok):
            return "drop", word_end
        if rule.requires_before and not rule.requires_before.search(text, clause[0], cue.start):
            return "drop", word_end
        if r.blocked(rule.status, text[clause[0] : clause[1]]):
            return "drop", word_end
        if rule.mood != "intent" and r.hypothetical_rest.search(rest):
            return "drop", word_end
        if r.hypothetical_after.match(after):
            return "drop", word_end
        if rule.status != "declined" and r.denial_after.search(after):
            return "drop", word_end
        if r.reported_then_denied.match(text[cue.end :]):
            return "drop", word_end
        if r.hypothetical_before.search(text[clause[0] : cue.start]):
            return "drop", word_end
        if r.negation_after.match(after) or r.negation_before.search(text[seg_start : cue.start]):
            return "drop", word_end
        raw_word = text[text.rfind(" ", 0, cue.end) + 1 : word_end]
        bare_word = _QUOTES.sub("", raw_word).rstrip(_PUNCT)  # '않겠다"는' -> '않겠다는'
        if sent.english or raw_word.endswith((".", ",", "!", "?")):
            return "predicate", word_end
        if r.quotative_word.search(bare_word):
            return "predicate", word_end
        if _adnominal(bare_word):
            following = text[word_end:]
            if r.retrospective_nouns.match(following):
                return "retro", word_end
            if r.predicate_nouns.match(following):
                return "predicate", word_end
            if r.copula_nouns.match(following):
                return "copula", word_end
            return "background", word_end
        return "predicate", word_end

    # -- who ---------------------------------------------------------------------------------

    def _assign(self, sent: _Sentence, infos: list[_CueInfo]) -> None:
        """Give every team group to the cue it is the subject (or object) of."""
        text = sent.text
        claimed: set[int] = set()
        for info in infos:
            if info.kind == "background":
                # the team right after the modifier ("탈락한 네이버클라우드는")
                nxt = next((g for g in sent.groups if g.start >= info.word_end), None)
                if nxt and _ADNOMINAL_GAP.fullmatch(text[info.word_end : nxt.start]):
                    info.groups.append(nxt)
            elif info.kind == "copula":
                # "탈락한 곳은 네이버클라우드와 NC AI다": the teams after the topic noun
                later = [x.cue.start for x in infos if x.cue.start > info.cue.end]
                limit = min([*later, sent.clauses[info.clause][1]])
                for g in sent.groups:
                    if info.word_end <= g.start < limit:
                        info.groups.append(g)
                        claimed.add(id(g))
        heads = [x for x in infos if x.is_head]
        for gi, g in enumerate(sent.groups):
            if id(g) in claimed:
                continue
            in_clause = [x for x in heads if x.clause == sent.clause_of(g.start)]
            target = (
                self._english_target(sent, gi, g, in_clause)
                if sent.english
                else self._korean_target(sent, g, in_clause)
            )
            if target is not None:
                target.groups.append(g)
        self._quote_speakers(sent, infos)
        self._inherit(sent, infos)

    @staticmethod
    def _korean_target(sent: _Sentence, g: _Group, heads: list[_CueInfo]) -> _CueInfo | None:
        target = next((x for x in heads if x.cue.start >= g.end), None)
        if target is None:
            before = [x for x in heads if x.cue.end <= g.start]
            is_speaker = any(g.start <= s.start < g.end for s in sent.speakers)
            if before and (is_speaker or not before[-1].groups):
                target = before[-1]  # '"...없다"고 카카오 관계자가 말했다'
        return target

    def _english_target(
        self, sent: _Sentence, gi: int, g: _Group, heads: list[_CueInfo]
    ) -> _CueInfo | None:
        text = sent.text
        for x in heads:  # the object of an active verb: "the ministry picked Motif"
            if (
                x.cue.end <= g.start
                and x.cue.rule.status in _OBJECT_STATUSES
                and not _ENGLISH_PASSIVE.search(x.cue.text)
                and _ENGLISH_OBJECT_GAP.fullmatch(text[x.cue.end : g.start])
            ):
                return x
        before = [x for x in heads if x.cue.end <= g.start]
        if (
            before
            and not before[-1].groups
            and self.rules.en_copula.match(text[before[-1].word_end : g.start])
        ):
            return before[-1]  # "the entities selected in this round are ..."
        nxt = next((x for x in heads if x.cue.start >= g.end), None)
        if nxt is not None:
            between = [h for h in sent.groups[gi + 1 :] if h.start < nxt.cue.start]
            return None if between else nxt  # the subject is the group nearest the verb
        if (
            before
            and (
                any(
                    g.start <= s.start < g.end for s in sent.speakers
                )  # '"...," a Kakao official said'
                or _ENGLISH_ALONG.search(text[before[-1].word_end : g.start])  # "along with SKT"
            )
        ):
            return before[-1]
        return None

    def _quote_speakers(self, sent: _Sentence, infos: list[_CueInfo]) -> None:
        """A quoted cue with no team inside the quote belongs to the team quoted."""
        team_speakers = [s for s in sent.speakers if s.company_id in self.leads]
        for info in infos:
            quote = _inside(info.cue.start, sent.quotes)
            if quote is None or info.kind == "drop":
                continue
            inside = [g for g in sent.groups if quote[0] < g.start < info.cue.start]
            if inside:
                info.groups = inside
            elif team_speakers:
                speaker = min(team_speakers, key=lambda s: abs(s.start - info.cue.start))
                info.groups = [g for g in sent.groups if g.start <= speaker.start < g.end]

    def _inherit(self, sent: _Sentence, infos: list[_CueInfo]) -> None:
        """A cue without a subject continues the previous cue's subject (same or last clause)."""
        r = self.rules
        for i, info in enumerate(infos):
            if info.groups or not info.is_head:
                continue
            prev = next((x for x in reversed(infos[:i]) if x.groups and x.is_head), None)
            if prev is not None and prev.clause >= info.clause - 1:
                groups = list(prev.groups)
                start = (
                    prev.word_end if prev.clause == info.clause else sent.clauses[info.clause][0]
                )
            elif info.clause > 0:
                # "SK텔레콤은 2위를 기록하며 무난히 통과했다": the subject of a clause with no cue
                a, b = sent.clauses[info.clause - 1]
                assigned = {id(g) for x in infos for g in x.groups}
                groups = [g for g in sent.groups if a <= g.start < b and id(g) not in assigned]
                start = sent.clauses[info.clause][0]
            else:
                continue
            head = sent.text[start : info.cue.start]
            others = [m for m in sent.mentions if start <= m.start < info.cue.start]
            if not groups or r.other_subject.search(head) or others:
                continue
            info.groups = groups
            info.inherited = True

    def _last_decision(self, pub: date) -> EventDate | None:
        """The programme's latest decision day up to ``pub``: the results a report refers to."""
        return _latest_decision(self.programme.stages, pub)

    def _speaker(self, sent: _Sentence, info: _CueInfo) -> str | None:
        quote = _inside(info.cue.start, sent.quotes)
        if quote is not None:
            outside = [s for s in sent.speakers if not (quote[0] <= s.start <= quote[1])]
            if outside:
                return min(outside, key=lambda s: abs(s.start - info.cue.start)).company_id
            return None
        for g in info.groups:
            for s in sent.speakers:
                if g.start <= s.start < g.end:
                    return s.company_id
        return None

    # -- when --------------------------------------------------------------------------------

    @staticmethod
    def _own_span(sent: _Sentence, infos: list[_CueInfo], info: _CueInfo) -> tuple[int, int]:
        """Where a cue's own words are: before it in Korean, after it in English."""
        if not sent.english:
            return info.seg_start, info.cue.start
        later = [x.cue.start for x in infos if x.cue.start > info.cue.end]
        end = min([*later, sent.clauses[info.clause][1]])
        said = _ENGLISH_REPORTING.search(sent.text, info.word_end, end)
        return info.word_end, said.start() if said else end

    def _consumed_dates(
        self, sent: _Sentence, infos: list[_CueInfo], dates: list[EventDate]
    ) -> dict[int, str]:
        """Dates that sit in one cue's own words: index -> that cue's kind."""
        consumed: dict[int, str] = {}
        for info in infos:
            start, end = self._own_span(sent, infos, info)
            for k, d in enumerate(dates):
                if d.span and start <= d.span[0] and d.span[1] <= end:
                    consumed.setdefault(k, info.kind)
        return consumed

    def _event_date(
        self,
        sent: _Sentence,
        info: _CueInfo,
        dates: list[EventDate],
        consumed: dict[int, str],
        pub: date,
        next_start: int,
    ) -> EventDate | str:
        """The cue's date from the text, else ``_NO_DATE`` or ``_PAST_UNDATED``."""

        def ok(d: EventDate) -> bool:
            # a statement ("참여할 계획이다") is dated on or before the report; a range that
            # reaches past it ("이달 중 제안서를 낼") dates the plan, not the statement
            if info.cue.rule.status in _DECLARATIONS and d.end is not None and d.end > pub:
                return False
            return _usable(d, pub)

        if sent.english:
            # "was eliminated on Thursday", "On Thursday, X was eliminated"
            limit = min(next_start, sent.clauses[info.clause][1])
            after = [d for d in _dates_between(dates, info.word_end, limit) if ok(d)]
            if after:
                return after[0]
            start = info.seg_start
            if start != sent.clauses[info.clause][0]:
                # after a previous cue, only dates of a reporting verb ("said on Tuesday that")
                said = list(_ENGLISH_REPORTING.finditer(sent.text, start, info.cue.start))
                start = said[-1].start() if said else info.cue.start
            own = [d for d in _dates_between(dates, start, info.cue.start) if ok(d)]
            if own:
                return own[-1]
        else:
            own = _dates_between(dates, info.seg_start, info.cue.start)
            own = [d for d in own if ok(d)]
            if own:
                return own[-1]
        if info.kind == "background":
            return _PAST_UNDATED
        limit = min(next_start, sent.clauses[info.clause][1])
        later = [d for d in _dates_between(dates, info.word_end, limit) if ok(d)]
        if later:
            return later[0]  # '... 불참하겠다고 15일 밝혔다'
        first_team = sent.groups[0].start if sent.groups else len(sent.text)
        earlier = [
            d
            for k, d in enumerate(dates)
            if d.span
            and d.span[1] <= info.cue.start
            and ok(d)
            and (
                k not in consumed
                # a date opening the sentence ("16일 업계에 따르면 ...") is everyone's
                or (consumed[k] != "background" and d.span[0] <= 3 and d.span[1] <= first_team)
            )
        ]
        if earlier:
            return earlier[-1]
        head = sent.text[info.seg_start : info.cue.start]
        if info.kind == "retro" or self.rules.retrospective_before.search(head):
            return _PAST_UNDATED
        return _NO_DATE

    @staticmethod
    def _group_date(
        info: _CueInfo, gi: int, dates: list[EventDate], consumed: dict[int, str], pub: date
    ) -> EventDate | None:
        """'네이버클라우드는 전날, 카카오는 이날 각각 ...': a date between a team and the next."""
        if len(info.groups) < 2:
            return None
        group = info.groups[gi]
        if group.end > info.cue.start:
            return None
        nxt = info.groups[gi + 1].start if gi + 1 < len(info.groups) else info.cue.start
        if nxt <= group.end or nxt > info.cue.start:
            nxt = info.cue.start
        own = [
            d
            for k, d in enumerate(dates)
            if d in _dates_between(dates, group.end, nxt)
            and _usable(d, pub)
            and consumed.get(k) != "background"
        ]
        return own[0] if own else None

    # -- which stage -------------------------------------------------------------------------

    def _stage(
        self,
        sent: _Sentence,
        info: _CueInfo,
        status: str,
        when: EventDate | None,
        own_only: bool,
        article: _Article,
    ) -> Stage | None:
        """The stage the text names for this cue, if it fits the status and the date."""
        p = self.programme
        grace = timedelta(days=p.grace_days)

        def fits(s: Stage | None, current_only: bool = False) -> bool:
            if s is None or not s.accepts(status):
                return False
            if when is None or when.start is None or when.end is None:
                if current_only and not own_only:
                    return s.opens <= article.pub <= s.decided_range[1] + grace
                return s.opens <= article.pub  # the stage must have begun by the report
            return s.opens <= when.end and when.start <= s.decided_range[1] + grace

        if info.cue.rule.stage and fits(s := p.stage(info.cue.rule.stage)):
            return s
        cues = sent.stage_cues
        clause = sent.clauses[info.clause]
        own_end = info.word_end
        if sent.english:  # "cleared the first-stage evaluation": English names it after the verb
            later = [c for c in sent.cue_starts if c > info.cue.end]
            own_end = min([*later, clause[1]])
        own = [c for c in cues if info.seg_start <= c.start < own_end]
        if sent.english:
            own.sort(key=lambda c: -abs(c.start - info.cue.start))
        in_clause = [c for c in cues if clause[0] <= c.start < clause[1]]

        def nearest(cands):
            return sorted(cands, key=lambda c: abs(c.start - info.cue.start))

        options = [list(reversed(own))]
        if not own_only:
            options += [nearest(in_clause), nearest(cues)]
        offset = info.cue.rule.stage_offset
        for cand in options:
            for c in cand:
                s = p.stage(c.stage)
                if offset < 0 and s is not None and info.cue.start <= c.start < info.cue.end:
                    s = p.stage(s.follows)  # "2차 평가에 진출": it passed the stage before
                    if fits(s):
                        return s
                    continue
                if fits(s, c.current_only):
                    return s
        # "이번 평가에서": the stage the article was talking about
        anaphora = self.rules.stage_anaphora.search(
            sent.text, info.seg_start if own_only else 0, info.cue.start
        )
        if anaphora and article.stage and fits(s := p.stage(article.stage)):
            return s
        return None

    # -- the event ---------------------------------------------------------------------------

    def _event(
        self,
        sent: _Sentence,
        info: _CueInfo,
        team_id: str,
        when: EventDate | str,
        article: _Article,
        speaker: str | None,
    ) -> ExtractedEvent | None:
        rule = info.cue.rule
        mods = self.rules.confidence
        confidence = rule.confidence
        status = rule.status
        text_date = when if isinstance(when, EventDate) else None
        own_only = when == _PAST_UNDATED
        stage = self._stage(sent, info, status, text_date, own_only, article)
        if when == _PAST_UNDATED:
            when = _decision_date(stage, status, article.pub) if stage else None
            if when is None:
                return None  # a look back we cannot date
        elif when == _NO_DATE:
            when = _decision_date(stage, status, article.pub) if stage else None
            if when is None and self.rules.result_announcement.search(sent.text, 0, info.cue.start):
                when = self._last_decision(article.pub)  # "결과 발표 직후 ... 밝혔다"
            if when is None:
                when = EventDate(article.pub, "day", article.pub, article.pub, "publication_date")
                confidence += mods.get("date_from_publication", 0.0)
        assert isinstance(when, EventDate)
        if stage is None and when.start is not None:
            if not self.programme.candidate_stages(status, when.start, when.end):
                return None  # no stage of the programme takes such a decision then
            stage = self.programme.infer_stage(status, when.start, when.end)
            if stage is not None:
                confidence += mods.get("stage_inferred", 0.0)
        if stage is None:
            confidence += mods.get("stage_unknown", 0.0)
        else:
            status = stage.map_status(status)
            when = _refine(when, stage, status, article.pub)
        if info.inherited:
            confidence += mods.get("inherited_subject", 0.0)
        if info.kind == "background":
            confidence += mods.get("background_with_date", 0.0)
        return ExtractedEvent(
            program_id=self.programme.id,
            team_id=team_id,
            status=status,
            stage=stage.id if stage else None,
            event_date=when.date,
            event_date_precision=when.precision,
            date_reason=when.reason,
            evidence=sent.text,
            rule_id=rule.id,
            confidence=round(max(0.0, min(1.0, confidence)), 3),
            speaker_company_id=speaker,
        )


def _span_of(ev: ExtractedEvent) -> tuple[date, date] | None:
    d = ev.event_date
    if d is None:
        return None
    p = ev.event_date_precision
    if p == "year":
        return date(d.year, 1, 1), date(d.year, 12, 31)
    if p in ("month", "quarter", "half"):
        months = {"month": 1, "quarter": 3, "half": 6}[p]
        last = date(d.year + (d.month + months - 1) // 12, (d.month + months - 1) % 12 + 1, 1)
        return d, last - timedelta(days=1)
    return d, d


def _drop_vaguer(events: list[ExtractedEvent]) -> list[ExtractedEvent]:
    """Within an article, '2025' adds nothing to '2025-04-26' for the same team and status, and
    a publication-day default adds nothing to the same event dated by the text."""
    dated = {
        (ev.team_id, ev.status, ev.stage)
        for ev in events
        if ev.event_date is not None and ev.date_reason != "publication_date"
    }
    events = [
        ev
        for ev in events
        if ev.date_reason != "publication_date" or (ev.team_id, ev.status, ev.stage) not in dated
    ]
    exact = {}
    for ev in events:
        if ev.event_date_precision == "day" and ev.event_date is not None:
            exact.setdefault((ev.team_id, ev.status), []).append(ev.event_date)
    out = []
    for ev in events:
        span = _span_of(ev)
        if ev.event_date_precision not in (None, "day") and span is not None:
            days = exact.get((ev.team_id, ev.status), [])
            if any(span[0] <= d <= span[1] for d in days):
                continue
        out.append(ev)
    return out


def _latest_decision(stages, pub: date) -> EventDate | None:
    days = [s.decided for s in stages if s.decided_precision == "day" and s.decided <= pub]
    if not days:
        return None
    d = max(days)
    return EventDate(d, "day", d, d, "result_announcement")


def _decision_date(stage: Stage, status: str, pub: date) -> EventDate | None:
    """The day a stage decided (or closed applications), if it is known and already past."""
    mapped = stage.map_status(status)
    if mapped in DECISION_STATUSES and stage.decided_precision == "day":
        d, reason = stage.decided, "stage_decision_date"
    elif mapped == "applied":
        d, reason = stage.closes, "stage_close_date"
    else:
        return None
    if d > pub:
        return None
    return EventDate(d, "day", d, d, reason)


def _refine(when: EventDate, stage: Stage, status: str, pub: date) -> EventDate:
    """'지난해 8월 탈락' is the presentation review of 2025-08-04: narrow to the stage's day."""
    if when.precision in (None, "day") or when.start is None or when.end is None:
        return when
    exact = _decision_date(stage, status, pub)
    if exact is not None and exact.date is not None and when.start <= exact.date <= when.end:
        return EventDate(
            exact.date, "day", exact.date, exact.date, f"{exact.reason}({when.reason})",
            when.span, when.text,
        )  # fmt: skip
    return when


def extract_events(
    body_text: str,
    published_at: datetime | date,
    registry: CompanyRegistry,
    programmes: ProgrammeRegistry,
    program_id: str,
    rules: StatusRules | None = None,
) -> list[ExtractedEvent]:
    """Status events for ``program_id`` teams in one article body, deduplicated.

    ``published_at`` is the article's publication time (KST); relative dates resolve against
    it and it is the event date when a sentence gives none and names no decided stage.
    """
    return Extractor(registry, programmes, program_id, rules).extract(body_text, published_at)
