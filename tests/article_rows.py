"""A minimal valid ``articles`` row for tests that write the table themselves."""

from datetime import UTC, datetime

from warehouse.schema import ARTICLES


def article_row(aid: str, **kw) -> dict:
    """Every declared column (None unless required), then ``kw`` on top."""
    row = {c: None for c in ARTICLES.column_names}
    row.update(
        article_id=aid,
        page_id=f"p{aid}",
        url=f"https://example.kr/{aid}",
        authors=[],
        body_text="본문",
        relevant=True,
        programmes=[],
        fetched_at=datetime(2026, 1, 1, tzinfo=UTC),
        content_sha256="0" * 64,
        parser="test",
    )
    return {**row, **kw}
