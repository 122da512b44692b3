"""The domain: ingest, crawl, parse, normalise, status, publish (plain Python, no Dagster)."""

from pipelines.arrow_memory import prefer_returning_allocator

prefer_returning_allocator()  # before anything imports pyarrow (see arrow_memory.py)
