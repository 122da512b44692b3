from pipelines.config import config_path
from pipelines.status.authority import authorities_from_dict, load_authorities, official_article

AUTHORITIES = authorities_from_dict(
    {
        "programme": [
            {
                "id": "kr",
                "authorities": {"hosts": ["msit.go.kr"], "publishers": ["과학기술정보통신부"]},
            },
            {"id": "none"},
        ]
    }
)


def test_the_ministry_host_or_publisher_is_official():
    ministry = {"url": "https://www.msit.go.kr/bbs/view.do?nttSeqNo=1", "publisher": None}
    portal_copy = {"url": "https://n.news.naver.com/a/1", "publisher": "과학기술정보통신부"}
    canonical = {"url": "https://m.example.org/x", "canonical_url": "https://msit.go.kr/x"}
    press = {"url": "https://www.etnews.com/1", "publisher": "전자신문"}
    lookalike = {"url": "https://notmsit.go.kr.example.com/1", "publisher": "msit fan club"}
    assert official_article(AUTHORITIES, "kr", ministry)
    assert official_article(AUTHORITIES, "kr", portal_copy)
    assert official_article(AUTHORITIES, "kr", canonical)
    assert not official_article(AUTHORITIES, "kr", press)
    assert not official_article(AUTHORITIES, "kr", lookalike)
    assert not official_article(AUTHORITIES, "none", ministry)
    assert not official_article(AUTHORITIES, "unknown-programme", ministry)


def test_every_programme_names_its_authorities():
    loaded = load_authorities(config_path("programmes"))
    assert loaded["kr-sovereign-ai"].hosts and loaded["indiaai"].hosts
    assert "과학기술정보통신부" in loaded["kr-sovereign-ai"].publishers
