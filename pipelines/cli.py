"""The ``sovai`` command line: a thin layer over the same Dagster definitions.

Dagster is imported only by the verbs that run the graph, so ``sovai parse`` and
``sovai status`` start fast.
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import gzip
import hashlib
import json
import logging
import os
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from warehouse.layout import WarehouseLayout


class CliError(Exception):
    """A problem with the user's input: reported in one line, exit status 2."""


# ---------------------------------------------------------------- warehouse guards


@contextlib.contextmanager
def warehouse_lock(layout: WarehouseLayout) -> Iterator[None]:
    """One writer per warehouse: a second run fails fast instead of interleaving writes."""
    layout.data_dir.mkdir(parents=True, exist_ok=True)
    lock_path = layout.data_dir / ".lock"
    with lock_path.open("a+") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            fh.seek(0)
            holder = fh.read().strip() or "another process"
            raise CliError(
                f"warehouse {layout.root} is locked by a running job ({holder})"
            ) from None
        fh.seek(0)
        fh.truncate()
        fh.write(f"pid {os.getpid()}")
        fh.flush()
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def check_existing_db(layout: WarehouseLayout) -> None:
    """Refuse to replace a file at the warehouse path that is not a readable DuckDB database."""
    import duckdb

    if not layout.db_path.exists():
        return
    try:
        duckdb.connect(str(layout.db_path), read_only=True).close()
    except duckdb.IOException as exc:
        if "lock" in str(exc).lower():
            return  # a reader holds it: the run builds a new file and swaps it in
        raise CliError(f"{layout.db_path} is not a readable DuckDB database: {exc}") from None
    except duckdb.Error as exc:
        raise CliError(f"{layout.db_path} is not a readable DuckDB database: {exc}") from None


def check_warc_files(paths: Sequence[str]) -> list[str]:
    """Each file exists and starts like a WARC record (plain or gzip), before anything runs."""
    checked = []
    for p in paths:
        path = Path(p)
        if not path.is_file():
            raise CliError(f"{p}: no such file")
        with path.open("rb") as fh:
            head = fh.read(2)
            fh.seek(0)
            try:
                first = gzip.GzipFile(fileobj=fh).read(8) if head == b"\x1f\x8b" else fh.read(8)
            except (OSError, EOFError) as exc:
                raise CliError(f"{p}: not a WARC archive (bad gzip: {exc})") from None
        if not first.startswith(b"WARC/"):
            raise CliError(f"{p}: not a WARC archive (no WARC/1.x header)")
        checked.append(str(path.resolve()))
    return checked


def check_sources_file(path: str) -> None:
    """The sources file parses (unknown keys and kinds are named with their line)."""
    from pipelines.crawl import ConfigError, load_sources

    if not Path(path).is_file():
        raise CliError(f"{path}: no such sources file")
    try:
        load_sources(Path(path))
    except ConfigError as exc:
        raise CliError(str(exc).replace("\n", " ")) from None


# ---------------------------------------------------------------- running the graph


def run_pipeline(
    layout: WarehouseLayout,
    *,
    warc_paths: Sequence[str] = (),
    sources_file: str | None = None,
    as_of: str | None = None,
    backfill: tuple[str, str] | None = None,
    log_level: str = "WARNING",
) -> list[tuple[bool, str]]:
    """Run the daily job; raise on failure, return the failed non-blocking checks.

    An ad hoc run is the partition of its data date (today in Seoul by default) and crawls
    whatever is new; a backfill is one run over a range of daily partitions, with searches
    and feeds bounded to those days.
    """
    import dagster as dg

    from assets.crawl import WINDOW_TAG
    from pipelines.clock import data_date
    from pipelines.dagster_home import ensure_home
    from pipelines.definitions import build_definitions
    from pipelines.jobs import DAILY_JOB

    check_existing_db(layout)
    os.environ["DAGSTER_HOME"] = str(ensure_home())
    with warehouse_lock(layout):
        defs = build_definitions(
            warehouse_root=str(layout.root),
            warc_paths=warc_paths,
            sources_file=sources_file,
            as_of=as_of,
        )
        job = defs.resolve_job_def(DAILY_JOB)
        run_config = {"loggers": {"console": {"config": {"log_level": log_level}}}}
        if backfill:
            tags = {
                "dagster/asset_partition_range_start": backfill[0],
                "dagster/asset_partition_range_end": backfill[1],
                WINDOW_TAG: "partition",
            }
            partition_key = None
        else:
            tags = {WINDOW_TAG: "none"}
            partition_key = data_date(as_of).isoformat()
        with dg.DagsterInstance.get() as instance:
            result = job.execute_in_process(
                instance=instance,
                raise_on_error=False,
                run_config=run_config,
                partition_key=partition_key,
                tags=tags,
            )
        if not result.success:
            raise RuntimeError(_failure_summary(result))
        return _failed_checks(result)


def _failed_checks(result: Any) -> list[tuple[bool, str]]:
    """(is_error, message) for each failed non-blocking check; WARN checks are not errors."""
    import dagster as dg

    failed = []
    for e in result.all_events:
        data = e.event_specific_data
        if e.event_type_value != "ASSET_CHECK_EVALUATION" or data.passed:
            continue
        message = f"check {data.asset_check_key.name} failed"
        if data.description:
            message += f": {data.description}"
        failed.append((data.severity == dg.AssetCheckSeverity.ERROR, message))
    return failed


def _failure_summary(result: Any) -> str:
    reasons = []
    for event in result.all_events:
        if event.event_type_value == "STEP_FAILURE":
            err = event.event_specific_data.error
            reasons.append(f"step {event.step_key} failed: {err.message.strip().splitlines()[0]}")
        elif event.event_type_value == "ASSET_CHECK_EVALUATION":
            data = event.event_specific_data
            if not data.passed:
                reasons.append(f"check {data.asset_check_key.name} failed")
    return "; ".join(reasons) or "the run failed"


# ---------------------------------------------------------------- status and parse output


def current_status(db_path: Path) -> list[tuple[Any, ...]]:
    import duckdb

    if not db_path.exists():
        raise CliError(f"{db_path}: no warehouse yet (run `sovai run` first)")
    try:
        con = duckdb.connect(str(db_path), read_only=True)
    except duckdb.Error as exc:
        raise CliError(f"{db_path}: cannot open the warehouse: {exc}") from None
    try:
        return con.execute(
            "SELECT program_id, name_ko, team_id, status, stage, since, source_count "
            "FROM team_status_current ORDER BY program_id, competing DESC, since DESC, name_ko"
        ).fetchall()
    except duckdb.Error as exc:
        raise CliError(f"{db_path}: no status table in the warehouse: {exc}") from None
    finally:
        con.close()


def format_status(rows: list[tuple[Any, ...]]) -> str:
    header = ("program", "team", "team_id", "status", "stage", "since", "sources")
    cells = [header] + [tuple("" if v is None else str(v) for v in r) for r in rows]

    def width(s: str) -> int:  # Hangul takes two terminal columns
        return sum(2 if "\u1100" <= ch <= "\ud7a3" or "\u3130" <= ch <= "\u318f" else 1 for ch in s)

    widths = [max(width(row[i]) for row in cells) for i in range(len(header))]
    lines = []
    for n, row in enumerate(cells):
        lines.append(
            "  ".join(v + " " * (widths[i] - width(v)) for i, v in enumerate(row)).rstrip()
        )
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def parse_files(files: Sequence[str], url: str | None) -> Iterator[dict[str, Any]]:
    from pipelines.config import config_path
    from pipelines.parse.archive_pages import article_id_for
    from pipelines.parse.dispatch import parse_page
    from pipelines.status.article_events import load_relevance

    relevance = load_relevance(config_path("programmes"), config_path("companies"))
    for f in files:
        path = Path(f)
        if not path.is_file():
            raise CliError(f"{f}: no such file")
        raw = path.read_bytes()
        if path.suffix == ".gz":
            try:
                raw = gzip.decompress(raw)
            except (OSError, EOFError) as exc:
                raise CliError(f"{f}: not a gzip file ({exc})") from None
        page_url = url or path.resolve().as_uri()
        art = parse_page(raw, page_url, None)
        programmes = relevance(art.title, art.body_text) if art.body_text else []
        row = art.to_json_dict()
        row.update(
            article_id=article_id_for(page_url),
            relevant=bool(programmes),
            programmes=programmes,
            duplicate_of=None,
            fetched_at=None,
            content_sha256=hashlib.sha256(raw).hexdigest(),
            file=str(path),
        )
        yield row


# ---------------------------------------------------------------- argument parsing


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="sovai", description=__doc__.splitlines()[0])
    sub = p.add_subparsers(dest="verb", required=True)

    def warehouse_arg(sp: argparse.ArgumentParser) -> None:
        sp.add_argument(
            "--warehouse", default=None, help="warehouse directory (default ./warehouse)"
        )

    r = sub.add_parser("run", help="materialise everything (default: the bundled sample archive)")
    warehouse_arg(r)
    r.add_argument("--sources", help="sources file (TOML) to crawl live instead of the sample")
    r.add_argument("--as-of", help="data date YYYY-MM-DD (default: today in Asia/Seoul)")
    r.add_argument("--quiet", action="store_true", help="do not print the status table")
    r.add_argument("-v", "--verbose", action="store_true", help="show Dagster's step log")

    i = sub.add_parser("ingest", help="run the whole pipeline over WARC files (no network)")
    i.add_argument("files", nargs="+", metavar="FILE.warc[.gz]")
    warehouse_arg(i)
    i.add_argument("--as-of", help="data date YYYY-MM-DD (default: today in Asia/Seoul)")
    i.add_argument("-v", "--verbose", action="store_true", help="show Dagster's step log")

    b = sub.add_parser("backfill", help="crawl and rebuild a range of days in one run")
    b.add_argument("--from", dest="start", required=True, help="first day YYYY-MM-DD")
    b.add_argument("--to", dest="end", required=True, help="last day YYYY-MM-DD (inclusive)")
    b.add_argument("--sources", help="sources file (TOML) to crawl")
    warehouse_arg(b)
    b.add_argument("-v", "--verbose", action="store_true", help="show Dagster's step log")

    sub.add_parser("ui", help="open the Dagster UI and daemon on 127.0.0.1 (dagster dev)")

    pa = sub.add_parser("parse", help="parse pages; one JSON object per line")
    pa.add_argument("files", nargs="+", metavar="FILE.html[.gz]")
    pa.add_argument("--url", help="the URL the page was fetched from (chooses the site parser)")

    s = sub.add_parser("status", help="print the current status of every team")
    warehouse_arg(s)

    pu = sub.add_parser("publish", help="write a release of the warehouse")
    warehouse_arg(pu)
    pu.add_argument("--out", required=True, help="directory that holds the releases")
    pu.add_argument("--keep", type=int, default=5, help="how many releases to keep")
    pu.add_argument(
        "--include-body",
        action="store_true",
        help="publish full article text (it belongs to its publishers)",
    )
    pu.add_argument("--as-of", help="data date YYYY-MM-DD (default: today in Asia/Seoul)")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    layout = WarehouseLayout.at(getattr(args, "warehouse", None))
    try:
        if args.verb in ("run", "ingest"):
            warcs = check_warc_files(args.files) if args.verb == "ingest" else []
            sources = getattr(args, "sources", None)
            if sources:
                check_sources_file(sources)
            warnings = run_pipeline(
                layout,
                warc_paths=warcs,
                sources_file=sources,
                as_of=args.as_of,
                log_level="DEBUG" if args.verbose else "WARNING",
            )
            if not getattr(args, "quiet", False):
                print(format_status(current_status(layout.db_path)))
            return _report_checks(warnings)
        elif args.verb == "backfill":
            start, end = _day(args.start), _day(args.end)
            if start > end:
                raise CliError(f"--from {start} is after --to {end}")
            if args.sources:
                check_sources_file(args.sources)
            warnings = run_pipeline(
                layout,
                sources_file=args.sources,
                backfill=(start, end),
                log_level="DEBUG" if args.verbose else "WARNING",
            )
            print(format_status(current_status(layout.db_path)))
            return _report_checks(warnings)
        elif args.verb == "ui":
            return open_ui()
        elif args.verb == "status":
            print(format_status(current_status(layout.db_path)))
        elif args.verb == "parse":
            for row in parse_files(args.files, args.url):
                sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
        elif args.verb == "publish":
            rel = publish_warehouse(
                layout, Path(args.out), args.keep, args.include_body, args.as_of
            )
            print(f"release {rel.release_id} written to {rel.path}")
    except CliError as exc:
        print(f"sovai: error: {exc}", file=sys.stderr)
        return 2
    except RuntimeError as exc:
        print(f"sovai: error: {exc}", file=sys.stderr)
        return 1
    return 0


def _report_checks(failed: list[tuple[bool, str]]) -> int:
    """Print failed checks; exit 1 when one of them is an error (a source down, say)."""
    for is_error, message in failed:
        print(f"sovai: {'error' if is_error else 'warning'}: {message}", file=sys.stderr)
    return 1 if any(is_error for is_error, _ in failed) else 0


def _day(text: str) -> str:
    from datetime import date

    try:
        return date.fromisoformat(text).isoformat()
    except ValueError:
        raise CliError(f"{text!r} is not a date (YYYY-MM-DD)") from None


def open_ui() -> int:
    """``dagster dev`` with the project's DAGSTER_HOME, bound to 127.0.0.1 only."""
    import subprocess

    from pipelines.dagster_home import ensure_home

    env = {**os.environ, "DAGSTER_HOME": str(ensure_home())}
    cmd = [sys.executable, "-m", "dagster", "dev", "-h", "127.0.0.1", "-m", "pipelines.definitions"]
    return subprocess.call(cmd, env=env)


def publish_warehouse(
    layout: WarehouseLayout, out: Path, keep: int, include_body: bool, as_of: str | None
) -> Any:
    from pipelines.clock import data_date
    from pipelines.publish.release import pipeline_version, publish

    if not layout.parquet_path("team_status_history").exists():
        raise CliError(f"{layout.root}: no materialised warehouse (run `sovai run` first)")
    with warehouse_lock(layout):
        return publish(
            layout.parquet_dir,
            out,
            # without --as-of the release takes its date from the data (team_status_daily)
            data_date=data_date(as_of) if as_of else None,
            pipeline_version=pipeline_version(),
            keep=keep,
            include_body=include_body,
        )


def entry() -> None:
    """The ``sovai`` command: ``main``, then exit without the interpreter's teardown.

    Every file, database and pool is closed by then; tearing down the loaded libraries'
    objects would only add most of a second to each run (0.7 s measured after a daily run).
    """
    code = main()
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


if __name__ == "__main__":
    entry()
