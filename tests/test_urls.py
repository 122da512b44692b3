"""URL canonical forms (one article, one key) and the redirect allow-list."""

from __future__ import annotations

import pytest

from pipelines.crawl.allow_list import HostAllowList
from pipelines.urls import BadUrl, canonical_url, host_key

NAVER = "https://n.news.naver.com/mnews/article/030/0003377123"


@pytest.mark.parametrize(
    "url",
    [
        "https://n.news.naver.com/mnews/article/030/0003377123?sid=105",
        "https://n.news.naver.com/article/030/0003377123",
        "https://m.news.naver.com/article/030/0003377123?sid=105#comment",
        "http://N.News.Naver.com/mnews/article/030/0003377123/",
        "https://news.naver.com/main/read.naver?mode=LSD&mid=sec&sid1=105&oid=030&aid=0003377123",
        "https://news.naver.com/main/read.nhn?oid=030&aid=0003377123",
        "https://m.news.naver.com/read.nhn?oid=030&aid=0003377123&sid1=105",
        "https://n.news.naver.com/mnews/hotissue/article/030/0003377123?type=series",
    ],
)
def test_naver_forms_collapse(url: str) -> None:
    assert canonical_url(url) == NAVER


def test_daum_forms_collapse() -> None:
    want = "https://v.daum.net/v/20260116072903123"
    assert canonical_url("http://v.daum.net/v/20260116072903123?f=o") == want
    assert canonical_url("https://news.v.daum.net/v/20260116072903123") == want


@pytest.mark.parametrize(
    ("url", "want"),
    [
        ("HTTP://WWW.Example.COM:80/a?b=1#frag", "http://www.example.com/a?b=1"),
        ("https://example.com:443", "https://example.com/"),
        ("https://example.com:8443/x", "https://example.com:8443/x"),
        (
            "https://zdnet.co.kr/view/?no=20260123170100&utm_source=fb&utm_medium=x&fbclid=Q&gclid=Z",
            "https://zdnet.co.kr/view/?no=20260123170100",
        ),
        ("https://e.com/p?b=2&a=1", "https://e.com/p?a=1&b=2"),
        ("https://e.com/a/./b/../c", "https://e.com/a/c"),
        ("https://e.com/%7euser/%e2%82%ac", "https://e.com/~user/%E2%82%AC"),
        # EUC-KR escapes in a query are kept as bytes, never re-encoded through UTF-8
        ("http://old.co.kr/list.asp?q=%C6%C4%BF%EE", "http://old.co.kr/list.asp?q=%C6%C4%BF%EE"),
        ("https://e.com/p?flag&x=", "https://e.com/p?flag&x="),
    ],
)
def test_generic_normalisation(url: str, want: str) -> None:
    assert canonical_url(url) == want


@pytest.mark.parametrize("url", ["ftp://e.com/x", "javascript:alert(1)", "/relative", "mailto:a@b"])
def test_non_http_urls_are_rejected(url: str) -> None:
    with pytest.raises(BadUrl):
        canonical_url(url)


def test_host_key_keeps_only_non_default_ports() -> None:
    assert host_key("https://Example.com:443/x") == "example.com"
    assert host_key("http://127.0.0.1:8080/x") == "127.0.0.1:8080"


def test_allow_list_matches_subdomains_and_ports() -> None:
    allow = HostAllowList(["www.etnews.com", "127.0.0.1:9000"], allow_linked=False)
    assert allow.allows("https://etnews.com/1")
    assert allow.allows("https://m.etnews.com/1")
    assert not allow.allows("https://notetnews.com/1")
    assert allow.allows("http://127.0.0.1:9000/x")
    assert not allow.allows("http://127.0.0.1:9001/x")
    assert not allow.add_linked("https://publisher.example/a")
    linked = HostAllowList([], allow_linked=True)
    assert linked.add_linked("https://publisher.example/a")
    assert linked.allows("https://publisher.example/b")
