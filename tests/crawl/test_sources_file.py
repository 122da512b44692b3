"""The sources file: typed dataclasses out, clear errors with line numbers for mistakes."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipelines.crawl import ConfigError, load_sources, parse_sources
from pipelines.crawl.sources.naver_search import NaverSearchSource
from pipelines.crawl.sources.rss import RssSource
from pipelines.crawl.sources.warc_replay import WarcSource

GOOD = """\
[crawl]
user_agent = "sovai/0.1 (+https://example.org/contact)"
per_host_interval_s = 1.0
max_retries = 3
timeout_s = 20
max_body_bytes = 5000000
allow_hosts = [
    "n.news.naver.com",  # portal copies
    "v.daum.net",
]

[[sources]]
kind = "rss"
url = "https://www.etnews.com/rss/ai.xml"

[[sources]]
kind = "naver_search"
query = "독자 AI 파운데이션 모델"
base_url = "https://search.naver.com"   # every adapter takes base_url

[[sources]]
kind = "warc"
path = "archives/old.warc.gz"
"""


def test_good_file_gives_typed_dataclasses(tmp_path: Path) -> None:
    path = tmp_path / "sources.toml"
    path.write_text(GOOD, encoding="utf-8")
    loaded = load_sources(path)
    assert loaded.crawl.timeout_s == 20.0 and isinstance(loaded.crawl.timeout_s, float)
    assert loaded.crawl.allow_hosts == ("n.news.naver.com", "v.daum.net")
    rss, naver, warc = loaded.sources
    assert isinstance(rss, RssSource) and rss.url.endswith("ai.xml") and rss.line == 12
    assert isinstance(naver, NaverSearchSource) and naver.query.startswith("독자")
    assert naver.line == 16 and naver.name == "naver_search:독자 AI 파운데이션 모델"
    assert isinstance(warc, WarcSource)
    assert warc.path == str(tmp_path / "archives" / "old.warc.gz")  # relative to the file


def test_default_sources_file_loads() -> None:
    loaded = load_sources()
    kinds = {type(s).KIND for s in loaded.sources}
    assert {"rss", "naver_search", "naver_api", "daum_search", "google_news", "msit"} <= kinds
    assert len({s.name for s in loaded.sources}) == len(loaded.sources)


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        (GOOD.replace('query = "독자', 'quey = "독자'), 18, ["unknown key 'quey'", "allowed"]),
        (GOOD.replace('kind = "rss"', 'kind = "atom_feed"'), 13, ["unknown kind 'atom_feed'"]),
        (GOOD.replace("max_retries = 3", "max_retries = 3\nretries = 4"), 5, ["unknown key"]),
        (GOOD.replace("timeout_s = 20", 'timeout_s = "20"'), 5, ["timeout_s must be a number"]),
        (GOOD.replace('kind = "rss"\n', ""), 12, ["missing kind"]),
        (GOOD.replace('url = "https://www.etnews.com/rss/ai.xml"\n', ""), 12, ["missing url"]),
        (GOOD + '\n[[sources]]\nkind = "naver_search"\n', 25, ["give either query or queries"]),
        (GOOD + "\n[extra]\nx = 1\n", 25, ["unknown top-level key 'extra'"]),
    ],
)
def test_errors_name_the_line(text: str, line: int, words: list[str]) -> None:
    with pytest.raises(ConfigError) as info:
        parse_sources(text, origin="sources.toml")
    message = str(info.value)
    assert message.startswith(f"sources.toml:{line}:"), message
    for word in words:
        assert word in message


def test_user_agent_needs_a_contact() -> None:
    with pytest.raises(ConfigError, match="contact"):
        parse_sources('[crawl]\nuser_agent = "python-httpx"\n', origin="s.toml")


def test_duplicate_names_are_refused() -> None:
    text = GOOD + '\n[[sources]]\nkind = "rss"\nname = "a"\nurl = "https://x/1"\n'
    text += '\n[[sources]]\nkind = "rss"\nname = "a"\nurl = "https://x/2"\n'
    with pytest.raises(ConfigError, match="used 2 times"):
        parse_sources(text)


def test_no_environment_is_read_at_load(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NAVER_CLIENT_SECRET", "must-not-appear")
    loaded = load_sources()
    assert "must-not-appear" not in repr(loaded)
