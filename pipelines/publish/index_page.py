"""``index.html``: the page a new user opens first, static and self-contained.

It shows every team's current status, the timeline chart, coverage per outlet, the downloads
with sizes and checksums, and queries that run unchanged from the release directory. No
script, font or stylesheet is fetched, so it works offline and from a file:// URL; every text
that goes into the page is escaped.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from .data_card import human_bytes
from .datapackage import PublishedFile
from .dataset_info import DatasetInfo
from .example_queries import ExampleQuery
from .release_summary import ReleaseSummary, TeamStatus
from .timeline_chart import FONT, status_colour, text_colour

_CSS = """
:root { --fg: #1f2933; --muted: #616e7c; --line: #e4e7eb; --panel: #f5f7fa; --head: #102a43; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--fg); background: #fff; font: 15px/1.5 FONT; }
.wrap { max-width: 1200px; margin: 0 auto; padding: 0 28px; }
header { background: var(--head); color: #fff; padding: 26px 0 22px; }
header h1 { margin: 0 0 4px; font-size: 26px; letter-spacing: -0.01em; }
header p { margin: 4px 0 0; color: #bcccdc; max-width: 900px; }
.chips { margin-top: 12px; display: flex; flex-wrap: wrap; gap: 8px; }
.chip { background: rgba(255,255,255,.12); border-radius: 14px; padding: 2px 12px;
  font-size: 13px; color: #f0f4f8; }
.chip b { font-weight: 600; }
nav { margin-top: 14px; font-size: 14px; }
nav a { color: #9fb3c8; margin-right: 16px; text-decoration: none; }
nav a:hover { color: #fff; }
main section { margin: 30px 0 10px; }
h2 { font-size: 20px; margin: 0 0 12px; padding-bottom: 6px;
  border-bottom: 2px solid var(--line); }
h3 { font-size: 15px; margin: 0 0 8px; }
.note { color: var(--muted); font-size: 13.5px; margin: 6px 0 12px; }
.grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(540px, 1fr)); gap: 28px; }
table { border-collapse: collapse; width: 100%; font-size: 14px; }
th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid var(--line);
  vertical-align: middle; }
th { font-size: 11.5px; text-transform: uppercase; letter-spacing: .04em; color: var(--muted);
  font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.out td { color: var(--muted); }
.team { font-weight: 600; white-space: nowrap; }
[lang=ko] { word-break: keep-all; }
.en { display: block; color: var(--muted); font-size: 11.5px; line-height: 1.2; }
td.date, td.badge-cell { white-space: nowrap; }
.badge { display: inline-block; min-width: 86px; text-align: center; padding: 1px 9px;
  border-radius: 11px; font-size: 12.5px; font-weight: 600; }
figure.chart { margin: 0; padding: 12px; border: 1px solid var(--line); border-radius: 8px;
  overflow-x: auto; }
figure.chart svg { display: block; width: 100%; height: auto; }
.bar { display: inline-block; height: 9px; background: #5b9bd5; border-radius: 3px;
  vertical-align: middle; }
code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "DejaVu Sans Mono",
  monospace; }
pre { background: #102a43; color: #e6edf3; padding: 12px 14px; border-radius: 6px;
  overflow-x: auto; font-size: 13px; line-height: 1.45; margin: 6px 0 18px; }
.sha { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 11.5px;
  color: var(--muted); word-break: break-all; }
a { color: #1f5fa8; }
footer { margin: 36px 0 0; padding: 18px 0 28px; border-top: 1px solid var(--line);
  color: var(--muted); font-size: 13.5px; }
footer blockquote { margin: 6px 0 12px; padding-left: 12px; border-left: 3px solid var(--line); }
""".replace("FONT", FONT)


def e(value: object) -> str:
    return escape("" if value is None else str(value), quote=True)


def _badge(status: str) -> str:
    bg = status_colour(status)
    return (
        f'<span class="badge" style="background:{e(bg)};color:{e(text_colour(bg))}">'
        f"{e(status)}</span>"
    )


def _status_table(summary: ReleaseSummary, program_id: str, rows: list[TeamStatus]) -> str:
    body = []
    for t in rows:
        english = f'<span class="en">{e(t.name_en)}</span>' if t.name_en else ""
        body.append(
            f'<tr class="{"in" if t.competing else "out"}" data-team="{e(t.team_id)}">'
            f'<td><span class="team" lang="ko">{e(t.name)}</span>{english}</td>'
            f'<td class="badge-cell">{_badge(t.status)}</td>'
            f"<td>{e(summary.stage_name(program_id, t.stage))}</td>"
            f'<td class="date">{e(t.since.isoformat())}</td>'
            f'<td class="num">{t.source_count}</td></tr>'
        )
    return (
        f"<div><h3>{e(summary.programme_title(program_id))}</h3>"
        f'<table class="status" data-program="{e(program_id)}"><thead><tr>'
        '<th>team</th><th>status</th><th>stage</th><th>since</th><th class="num">sources</th>'
        "</tr></thead><tbody>" + "".join(body) + "</tbody></table></div>"
    )


def _outlets(summary: ReleaseSummary) -> str:
    top = max((o.articles for o in summary.outlets), default=1) or 1
    rows = "".join(
        f"<tr><td>{e(o.publisher or '(not named)')}</td>"
        f'<td class="num">{o.articles}</td>'
        f'<td><span class="bar" style="width:{round(120 * o.articles / top)}px"></span></td>'
        f'<td class="num">{o.via_portal}</td><td class="num">{o.copies}</td>'
        f'<td class="date">{e(o.first or "")}</td><td class="date">{e(o.last or "")}</td></tr>'
        for o in summary.outlets
    )
    return (
        '<table class="outlets"><thead><tr><th>outlet</th><th class="num">articles</th><th></th>'
        '<th class="num">via portal</th><th class="num">copies</th><th>first</th><th>last</th>'
        "</tr></thead><tbody>" + rows + "</tbody></table>"
    )


def _downloads(files: Sequence[PublishedFile]) -> str:
    rows = "".join(
        f'<tr><td><a href="{e(f.path)}" download>{e(f.path)}</a></td>'
        f'<td class="num">{"" if f.rows is None else f.rows}</td>'
        f'<td class="num" title="{f.bytes} bytes">{e(human_bytes(f.bytes))}</td>'
        f'<td class="sha">{e(f.sha256)}</td></tr>'
        for f in files
    )
    return (
        '<table class="downloads"><thead><tr><th>file</th><th class="num">rows</th>'
        '<th class="num">size</th><th>sha256</th></tr></thead><tbody>' + rows + "</tbody></table>"
    )


def _queries(queries: Sequence[ExampleQuery]) -> str:
    out = []
    for q in queries:
        out.append(
            f"<h3>{e(q.tool)}: {e(q.title)}</h3>"
            f'<pre><code id="{e(q.key)}" class="language-{e(q.language)}">{e(q.code)}</code></pre>'
        )
    return "".join(out)


def index_page(
    info: DatasetInfo,
    *,
    release_id: str,
    pipeline_version: str,
    summary: ReleaseSummary,
    chart_svg: str,
    downloads: Sequence[PublishedFile],
    links: Sequence[str],
    queries: Sequence[ExampleQuery],
    citation: str,
) -> str:
    cov = summary.coverage
    by_programme: dict[str, list[TeamStatus]] = {}
    for t in summary.current:
        by_programme.setdefault(t.program_id, []).append(t)
    status_tables = "".join(
        _status_table(summary, pid, by_programme[pid]) for pid in summary.program_ids
    )
    docs = " · ".join(f'<a href="{e(path)}">{e(path)}</a>' for path in links)
    chips = [
        ("release", release_id),
        ("data as of", summary.data_date.isoformat()),
        ("teams", cov.teams),
        ("status events", cov.events),
        ("relevant articles", cov.relevant_articles),
        ("outlets", len(summary.outlets)),
    ]
    chip_html = "".join(f'<span class="chip">{e(k)} <b>{e(v)}</b></span>' for k, v in chips)
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{e(info.title)} · {e(release_id)}</title>
<style>{_CSS}</style>
</head>
<body>
<header><div class="wrap">
<h1>{e(info.title)}</h1>
<p>{e(info.description)}</p>
<div class="chips">{chip_html}</div>
<nav><a href="#status">Status</a><a href="#timeline">Timeline</a><a href="#outlets">Coverage</a>
<a href="#downloads">Download</a><a href="#queries">Query</a><a href="README.md">Data card</a></nav>
</div></header>
<main class="wrap">
<section id="status">
<h2>Where each team stands</h2>
<p class="note">Latest status of every team on {e(summary.data_date.isoformat())}, from news
reports and ministry announcements; <em>sources</em> counts the articles reporting the change.
Teams still competing come first.</p>
<div class="grid">{status_tables}</div>
</section>
<section id="timeline">
<h2>Timeline</h2>
<p class="note">One lane per team, coloured by status; each change is marked with its date
(month-day; hover for the full date). Thin markers are same-day steps.</p>
<figure class="chart">{chart_svg}</figure>
</section>
<section id="outlets">
<h2>Coverage by outlet</h2>
<p class="note">Relevant articles from {e(cov.first_published)} to {e(cov.last_published)}.
<em>articles</em> counts originals (of which <em>via portal</em> were read on Naver News or
Daum News); <em>copies</em> are further copies of the same stories, which point at their
original.</p>
{_outlets(summary)}
</section>
<section id="downloads">
<h2>Download</h2>
<p class="note">Parquet files (zstd, sorted by primary key) and the same tables in one DuckDB
file. Verify with <code>sha256sum -c SHA256SUMS</code>. Also: {docs}.</p>
{_downloads(downloads)}
</section>
<section id="queries">
<h2>Query the files</h2>
<p class="note">Run these from inside the downloaded release directory, unchanged. Or open the
database: <code>duckdb sovai.duckdb</code>.</p>
{_queries(queries)}
</section>
</main>
<footer><div class="wrap">
<p>Licence: <a href="{e(info.licence.path)}">{e(info.licence.title)}</a>.
{e(info.licence.note)}</p>
<p>How to cite:</p>
<blockquote>{e(citation)}</blockquote>
<p>Built by sovai {e(pipeline_version)}. Known limitations are listed in the
<a href="README.md">data card</a>.</p>
</div></footer>
</body>
</html>
"""
