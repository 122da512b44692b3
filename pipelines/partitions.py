"""Daily partitions in Asia/Seoul: a partition is one day of news, crawled the next morning.

``end_offset=1`` makes today a valid partition, so ``sovai run`` can crawl the day so far; the
06:00 schedule asks for the previous day, when that day's news is complete.
"""

from __future__ import annotations

import dagster as dg

PROGRAMME_START = "2025-06-01"  # the first call for teams opened on 2025-06-20

daily_partitions = dg.DailyPartitionsDefinition(
    start_date=PROGRAMME_START, timezone="Asia/Seoul", end_offset=1
)
