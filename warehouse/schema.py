"""Every table's schema, declared once.

This one declaration drives the Parquet (Arrow) types, the DuckDB DDL, the data dictionary
published with each release and the blocking schema checks on every asset (the PUDL way).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

import pyarrow as pa

from pipelines.status.vocabulary import COMPETING_STATUSES, STATUSES

# DuckDB type name -> Arrow type. Timestamps are stored in UTC and read as TIMESTAMPTZ.
_ARROW_TYPES: dict[str, pa.DataType] = {
    "VARCHAR": pa.string(),
    "VARCHAR[]": pa.list_(pa.string()),
    "TIMESTAMPTZ": pa.timestamp("us", tz="UTC"),
    "DATE": pa.date32(),
    "BOOLEAN": pa.bool_(),
    "INTEGER": pa.int32(),
    "BIGINT": pa.int64(),
    "DOUBLE": pa.float64(),
}


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    type: str  # a DuckDB type name, a key of _ARROW_TYPES
    description: str
    nullable: bool = True

    @property
    def arrow_type(self) -> pa.DataType:
        return _ARROW_TYPES[self.type]


@dataclass(frozen=True, slots=True)
class Table:
    name: str
    description: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...]
    public: bool = True  # published in releases
    references: dict[str, tuple[str, str]] = field(default_factory=dict)  # col -> (table, col)

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    @property
    def arrow_schema(self) -> pa.Schema:
        return pa.schema(
            [pa.field(c.name, c.arrow_type, nullable=c.nullable) for c in self.columns]
        )

    def column(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(f"{self.name} has no column {name!r}")

    def ddl(self) -> str:
        cols = ",\n  ".join(
            f'"{c.name}" {c.type}{"" if c.nullable else " NOT NULL"}' for c in self.columns
        )
        return f'CREATE TABLE "{self.name}" (\n  {cols}\n)'


def _c(name: str, type_: str, description: str, nullable: bool = True) -> Column:
    return Column(name, type_, description, nullable)


RAW_PAGES = Table(
    "raw_pages",
    "One row per archived HTTP response: where it sits in which WARC file, so parsing reads "
    "from the archive and never re-crawls.",
    (
        _c("page_id", "VARCHAR", "Stable id of the response (hash of WARC record id).", False),
        _c("url", "VARCHAR", "Target URI of the response.", False),
        _c("warc_file", "VARCHAR", "Path of the WARC file holding the record.", False),
        _c("warc_offset", "BIGINT", "Byte offset of the record in the WARC file.", False),
        _c("warc_length", "BIGINT", "Byte length of the (compressed) record.", False),
        _c("record_id", "VARCHAR", "WARC-Record-ID.", False),
        _c("fetched_at", "TIMESTAMPTZ", "When the response was fetched (WARC-Date).", False),
        _c("http_status", "INTEGER", "HTTP status code."),
        _c("content_type", "VARCHAR", "Content-Type header as served."),
        _c("payload_bytes", "BIGINT", "Size of the HTTP body in bytes."),
        _c("payload_sha256", "VARCHAR", "SHA-256 of the HTTP body.", False),
        _c("kind", "VARCHAR", "'html', 'feed' or 'other' from the content type.", False),
    ),
    primary_key=("page_id",),
    public=False,
)

ARTICLES = Table(
    "articles",
    "Every parsed HTML page, relevant or not, with its extracted fields.",
    (
        _c("article_id", "VARCHAR", "Stable id: hash of the normalised URL.", False),
        _c("page_id", "VARCHAR", "The raw_pages row this was parsed from.", False),
        _c("url", "VARCHAR", "URL the page was fetched from.", False),
        _c("canonical_url", "VARCHAR", "rel=canonical / og:url of the page, if any."),
        _c("portal", "VARCHAR", "'naver' or 'daum' for portal copies, else null."),
        _c("publisher", "VARCHAR", "The original press, also for portal copies."),
        _c("title", "VARCHAR", "Headline."),
        _c("subtitle", "VARCHAR", "Sub-headline or summary line, if printed."),
        _c("authors", "VARCHAR[]", "Reporter names, without '기자' or e-mail.", False),
        _c("published_at", "TIMESTAMPTZ", "First publication time (printed in Asia/Seoul)."),
        _c("updated_at", "TIMESTAMPTZ", "Last modification time, if printed."),
        _c("section", "VARCHAR", "Section of the outlet, if printed."),
        _c("language", "VARCHAR", "ISO 639-1 language of the body."),
        _c("body_text", "VARCHAR", "Article body: paragraphs joined by newlines.", False),
        _c("relevant", "BOOLEAN", "About a tracked programme.", False),
        _c("programmes", "VARCHAR[]", "Ids of the programmes the article is about.", False),
        _c("duplicate_of", "VARCHAR", "article_id of the original for syndicated copies."),
        _c("fetched_at", "TIMESTAMPTZ", "When the page was fetched.", False),
        _c("content_sha256", "VARCHAR", "SHA-256 of the HTTP body.", False),
        _c("parser", "VARCHAR", "Parser and version that produced the row.", False),
    ),
    primary_key=("article_id",),
    references={"duplicate_of": ("articles", "article_id")},
)

PARSE_FAILURES = Table(
    "parse_failures",
    "Pages that could not be read or parsed, with the reason; the run goes on without them.",
    (
        _c("page_id", "VARCHAR", "The raw_pages row.", False),
        _c("url", "VARCHAR", "Page URL.", False),
        _c("stage", "VARCHAR", "Where it failed: read, decode, parse.", False),
        _c("error", "VARCHAR", "Error type and message.", False),
    ),
    primary_key=("page_id",),
    public=False,
)

COMPANIES = Table(
    "companies",
    "Companies and institutions tracked, from the company registry.",
    (
        _c("company_id", "VARCHAR", "Stable ascii id.", False),
        _c("name_ko", "VARCHAR", "Korean name."),
        _c("name_en", "VARCHAR", "English name."),
        _c("aliases", "VARCHAR[]", "Every alias seen in reporting.", False),
        _c("parent_id", "VARCHAR", "company_id of the parent company, if tracked."),
        _c("kind", "VARCHAR", "big_tech, telecom, startup, research_institute, university, ..."),
    ),
    primary_key=("company_id",),
)

ARTICLE_COMPANIES = Table(
    "article_companies",
    "How often each company is mentioned in each article's body (never in page chrome).",
    (
        _c("article_id", "VARCHAR", "The article.", False),
        _c("company_id", "VARCHAR", "The company.", False),
        _c("mentions", "INTEGER", "Mentions in the body text.", False),
    ),
    primary_key=("article_id", "company_id"),
    references={
        "article_id": ("articles", "article_id"),
        "company_id": ("companies", "company_id"),
    },
)

STATUS_EVENTS = Table(
    "status_events",
    "Each team's status changes, merged over every article that reports them, with evidence.",
    (
        _c("event_id", "VARCHAR", "Stable id of the merged event.", False),
        _c("program_id", "VARCHAR", "Programme id.", False),
        _c("team_id", "VARCHAR", "company_id of the team's lead company.", False),
        _c("status", "VARCHAR", "One of: " + ", ".join(STATUSES) + ".", False),
        _c("stage", "VARCHAR", "Programme stage the event belongs to."),
        _c(
            "event_date",
            "DATE",
            "When it happened (not when it was reported); null when the "
            "text's date cannot be resolved (never guessed).",
        ),
        _c("event_date_precision", "VARCHAR", "day, month, quarter, half or year."),
        _c(
            "event_date_reason",
            "VARCHAR",
            "How the date was found (the date expression, "
            "'stage_decision_date', 'publication_date', 'curation', ...) or, for a null date, "
            "why it could not be resolved.",
        ),
        _c(
            "article_id",
            "VARCHAR",
            "The earliest article reporting it (null for a curated "
            "event that cites no archived article).",
        ),
        _c(
            "evidence",
            "VARCHAR",
            "The supporting sentence from that article (the curator's words for a curated event).",
            False,
        ),
        _c(
            "speaker_id",
            "VARCHAR",
            "company_id of the organisation whose spokesperson said it, "
            "when the evidence is a quote.",
        ),
        _c("rule_id", "VARCHAR", "The rule that fired (or 'curation').", False),
        _c(
            "confidence",
            "DOUBLE",
            "0..1, from the rule and the number of sources (1 when curated).",
            False,
        ),
        _c("source_count", "INTEGER", "Distinct articles reporting the event.", False),
        _c(
            "official_source",
            "BOOLEAN",
            "At least one source is the programme's own authority "
            "(the ministry's release; programmes.toml authorities).",
            False,
        ),
        _c("first_reported_at", "TIMESTAMPTZ", "Publication time of the earliest report."),
        _c("last_reported_at", "TIMESTAMPTZ", "Publication time of the latest report."),
        _c("curated", "BOOLEAN", "Added or corrected by a person (curation file).", False),
        _c("curation_reason", "VARCHAR", "The curator's reason, for curated events."),
        _c(
            "superseded_by",
            "VARCHAR",
            "event_id of the event that won a conflict with this "
            "one (see status_conflicts); superseded events are not in the history.",
        ),
    ),
    primary_key=("event_id",),
    references={
        "team_id": ("companies", "company_id"),
        "article_id": ("articles", "article_id"),
        "speaker_id": ("companies", "company_id"),
        "superseded_by": ("status_events", "event_id"),
    },
)

STATUS_EVENT_SOURCES = Table(
    "status_event_sources",
    "Every article supporting each status event, with its own evidence sentence.",
    (
        _c("event_id", "VARCHAR", "The merged event.", False),
        _c("article_id", "VARCHAR", "A supporting article.", False),
        _c("evidence", "VARCHAR", "The sentence in that article.", False),
        _c(
            "event_date_reason",
            "VARCHAR",
            "How this article's sentence dates the event (or why it cannot).",
        ),
        _c("speaker_id", "VARCHAR", "company_id of the organisation quoted, if a quote."),
        _c("rule_id", "VARCHAR", "The rule that fired (or 'curation').", False),
        _c("confidence", "DOUBLE", "The rule's confidence for this sentence.", False),
        _c("reported_at", "TIMESTAMPTZ", "Publication time of the article."),
    ),
    primary_key=("event_id", "article_id"),
    references={
        "event_id": ("status_events", "event_id"),
        "article_id": ("articles", "article_id"),
        "speaker_id": ("companies", "company_id"),
    },
)

STATUS_CONFLICTS = Table(
    "status_conflicts",
    "Every pair of events that cannot both be true (a pass and a failure of one stage; an "
    "intention or application and a refusal on one day), with the winner and why. The loser "
    "stays in status_events (superseded_by) and leaves the history.",
    (
        _c("program_id", "VARCHAR", "Programme id.", False),
        _c("team_id", "VARCHAR", "company_id of the team's lead company.", False),
        _c("stage", "VARCHAR", "The stage both events belong to.", False),
        _c("winner_event_id", "VARCHAR", "The event kept in the history.", False),
        _c("loser_event_id", "VARCHAR", "The event superseded by the winner.", False),
        _c("winner_status", "VARCHAR", "Status of the winner.", False),
        _c("loser_status", "VARCHAR", "Status of the loser.", False),
        _c("winner_date", "DATE", "Event date of the winner."),
        _c("loser_date", "DATE", "Event date of the loser."),
        _c(
            "decided_by",
            "VARCHAR",
            "The first criterion that separated them: curation, "
            "event_date, lifecycle_order, authority, source_count, confidence, tie_break.",
            False,
        ),
        _c("reason", "VARCHAR", "The decision in words.", False),
    ),
    primary_key=("loser_event_id", "winner_event_id"),
    references={
        "team_id": ("companies", "company_id"),
        "winner_event_id": ("status_events", "event_id"),
        "loser_event_id": ("status_events", "event_id"),
    },
)

CURATION_LOG = Table(
    "curation_log",
    "What each curation-file entry did: the events it added, corrected or rejected (a rejected "
    "event leaves status_events and is kept only here), or that it matched nothing.",
    (
        _c("entry_id", "VARCHAR", "The entry's id in the curation file.", False),
        _c("seq", "INTEGER", "Which of the events the entry matched (1..n).", False),
        _c("action", "VARCHAR", "add, correct or reject.", False),
        _c("outcome", "VARCHAR", "'applied', or 'unmatched' when no event matched.", False),
        _c("event_id", "VARCHAR", "The added, corrected (new id) or rejected event."),
        _c(
            "matched_event_id",
            "VARCHAR",
            "The extracted event the entry matched (its id before a correction).",
        ),
        _c("program_id", "VARCHAR", "Programme id of that event."),
        _c("team_id", "VARCHAR", "Team of that event."),
        _c("status", "VARCHAR", "Status of that event."),
        _c("stage", "VARCHAR", "Stage of that event."),
        _c("event_date", "DATE", "Event date of that event."),
        _c("evidence", "VARCHAR", "Its evidence (for a rejection: the sentence rejected)."),
        _c("reason", "VARCHAR", "The curator's reason.", False),
        _c("curator", "VARCHAR", "Who made the entry, if given."),
        _c("source_url", "VARCHAR", "Where the curator read it, if given."),
    ),
    primary_key=("entry_id", "seq"),
    references={"team_id": ("companies", "company_id")},
)

CANDIDATE_COMPANIES = Table(
    "candidate_companies",
    "Organisations the company registry does not know, named where a programme participant's "
    "name stands (a new consortium lead, say): for a person to review and add to the registry.",
    (
        _c("program_id", "VARCHAR", "Programme of the articles it appears in.", False),
        _c("surface", "VARCHAR", "The name as first written.", False),
        _c(
            "cue",
            "VARCHAR",
            "The position it was found in of the earliest report (e.g. "
            "ko-lead, ko-applicants, en-led).",
            False,
        ),
        _c("mentions", "INTEGER", "Times seen in such a position.", False),
        _c("article_count", "INTEGER", "Distinct articles.", False),
        _c("first_article_id", "VARCHAR", "The earliest article naming it.", False),
        _c("first_seen_at", "TIMESTAMPTZ", "Publication time of that article."),
        _c("example", "VARCHAR", "The sentence in that article.", False),
    ),
    primary_key=("program_id", "surface"),
    public=False,
    references={"first_article_id": ("articles", "article_id")},
)

TEAM_STATUS_HISTORY = Table(
    "team_status_history",
    "Each team's status over time as contiguous intervals [valid_from, valid_to).",
    (
        _c("program_id", "VARCHAR", "Programme id.", False),
        _c("team_id", "VARCHAR", "company_id of the team's lead company.", False),
        _c("seq", "INTEGER", "Order of the interval within the team's history.", False),
        _c("status", "VARCHAR", "Status during the interval.", False),
        _c("stage", "VARCHAR", "Stage of the event that started the interval."),
        _c("valid_from", "DATE", "First day of the status.", False),
        _c("valid_to", "DATE", "Day the next status started; null while current."),
        _c("source_count", "INTEGER", "Articles supporting the event that started it.", False),
        _c("event_id", "VARCHAR", "The status_events row that started the interval.", False),
    ),
    primary_key=("program_id", "team_id", "seq"),
    references={"team_id": ("companies", "company_id")},
)

TEAM_STATUS_DAILY = Table(
    "team_status_daily",
    "One row per team per day from its first event to the data date, for charts and as-of joins.",
    (
        _c("program_id", "VARCHAR", "Programme id.", False),
        _c("team_id", "VARCHAR", "company_id of the team's lead company.", False),
        _c("day", "DATE", "The day.", False),
        _c("status", "VARCHAR", "Status at the end of that day.", False),
        _c("stage", "VARCHAR", "Stage of that status."),
    ),
    primary_key=("program_id", "team_id", "day"),
    references={"team_id": ("companies", "company_id")},
)

CRAWL_LOG = Table(
    "crawl_log",
    "Every request the live crawler made (and every URL it refused before any request), "
    "over all runs: for audit and for finding failing sources.",
    (
        _c("seq", "BIGINT", "Order of the attempt over all runs.", False),
        _c("run_id", "VARCHAR", "The crawl run.", False),
        _c("url", "VARCHAR", "Requested URL.", False),
        _c("host", "VARCHAR", "Host of the URL.", False),
        _c("source", "VARCHAR", "The configured source that led to the URL.", False),
        _c("role", "VARCHAR", "robots, listing, article, redirect ...", False),
        _c("attempt", "INTEGER", "1-based attempt per URL; 0 = refused before any request.", False),
        _c("status_code", "INTEGER", "HTTP status, if a response came."),
        _c("error", "VARCHAR", "Why the attempt failed or was skipped; null when used."),
        _c("bytes", "BIGINT", "Body bytes received.", False),
        _c("elapsed_ms", "BIGINT", "Time the attempt took.", False),
        _c("content_type", "VARCHAR", "Content-Type of the response."),
        _c("fetched_at", "TIMESTAMPTZ", "When the attempt was made.", False),
    ),
    primary_key=("seq",),
    public=False,
)


def _column(table: Table, source: str, **changes: object) -> Column:
    return dataclasses.replace(table.column(source), **changes)


# The view ``team_status_current`` (warehouse/views.sql), declared from the columns it selects.
TEAM_STATUS_CURRENT = Table(
    "team_status_current",
    "One row per team: its latest status, since when, and whether it is still competing "
    "(the warehouse view team_status_current, materialised).",
    (
        _column(TEAM_STATUS_HISTORY, "program_id"),
        _column(TEAM_STATUS_HISTORY, "team_id"),
        _column(COMPANIES, "name_ko", description="Korean name of the team's lead company."),
        _column(COMPANIES, "name_en", description="English name of the team's lead company."),
        _column(TEAM_STATUS_HISTORY, "status", description="Current status."),
        _column(TEAM_STATUS_HISTORY, "stage", description="Stage of the event that set it."),
        _column(
            TEAM_STATUS_HISTORY,
            "valid_from",
            name="since",
            description="First day of the current status.",
        ),
        _column(TEAM_STATUS_HISTORY, "source_count"),
        Column(
            "competing",
            "BOOLEAN",
            "Still in the programme: the status is " + ", ".join(COMPETING_STATUSES) + ".",
            nullable=False,
        ),
    ),
    primary_key=("program_id", "team_id"),
    references={"team_id": ("companies", "company_id")},
)


SNIPPET_CHARS = 200

# What a release publishes of an article: metadata and a snippet; the full text belongs to
# its publisher and is included only when asked for explicitly.
ARTICLES_PUBLIC = Table(
    "articles",
    ARTICLES.description + " Published with a snippet instead of the full body.",
    (
        *tuple(c for c in ARTICLES.columns if c.name != "body_text"),
        Column("snippet", "VARCHAR", f"First {SNIPPET_CHARS} characters of the body."),
    ),
    primary_key=ARTICLES.primary_key,
    references=ARTICLES.references,
)

TABLES: dict[str, Table] = {
    t.name: t
    for t in (
        RAW_PAGES,
        PARSE_FAILURES,
        ARTICLES,
        COMPANIES,
        ARTICLE_COMPANIES,
        STATUS_EVENTS,
        STATUS_EVENT_SOURCES,
        STATUS_CONFLICTS,
        CURATION_LOG,
        CANDIDATE_COMPANIES,
        TEAM_STATUS_HISTORY,
        TEAM_STATUS_DAILY,
        CRAWL_LOG,
    )
}
