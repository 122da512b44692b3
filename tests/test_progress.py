from pipelines.progress import Progress


def test_progress_reports_rate_and_time_left_at_most_every_interval():
    now = [0]
    lines: list[str] = []
    progress = Progress("parsed pages", 100, lines.append, every_s=50, clock=lambda: now[0])
    for _ in progress.track(range(100)):
        now[0] += 1  # one page a second
    assert lines == [
        "parsed pages: 50/100 (1/s, ~50 s left)",
        "parsed pages: 100/100 (1/s, ~0 s left)",
    ]
