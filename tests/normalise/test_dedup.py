from datetime import UTC, datetime

from pipelines.normalise.dedup import find_duplicates, simhash, title_key

BODY = (
    "과학기술정보통신부가 독자 AI 파운데이션 모델 추가 공모를 시작했다. 마감은 다음 달 12일이다. "
    "선정된 팀은 엔비디아 B200 768장을 지원받는다. KT와 코난테크놀로지, KAIST는 참여하지 않기로 했다. "
) * 3


def art(aid: str, url: str, hour: int, portal: str | None = None, **kw) -> dict:
    base = {
        "article_id": aid,
        "url": url,
        "canonical_url": None,
        "title": "독자 AI 추가 공모 시작… KT·코난·KAIST 불참",
        "body_text": BODY,
        "published_at": datetime(2026, 1, 23, hour, tzinfo=UTC),
        "fetched_at": datetime(2026, 1, 24, tzinfo=UTC),
        "portal": portal,
    }
    base.update(kw)
    return base


def test_portal_copies_point_to_the_earliest_original():
    arts = [
        art(
            "naver",
            "https://n.news.naver.com/mnews/article/001/0015000001",
            8,
            "naver",
            title="[종합] 독자 AI 추가 공모 시작… KT·코난·KAIST 불참",
        ),
        art("yna", "https://www.yna.co.kr/view/AKR20260123000100017", 8),
        art(
            "daum",
            "https://v.daum.net/v/20260123080012345",
            9,
            "daum",
            body_text=BODY + " 사진 설명이 다르다.",
        ),
    ]
    dups = find_duplicates(arts)
    assert dups == {"naver": "yna", "daum": "yna"}


def test_different_articles_are_not_linked():
    other = "카카오가 새 택시 호출 요금제를 내놨다. 이용자 반응은 엇갈렸다. " * 6
    arts = [
        art("a", "https://a.example/1", 1),
        art("b", "https://b.example/2", 2, title="카카오 택시 요금제", body_text=other),
    ]
    assert find_duplicates(arts) == {}


def test_pages_without_body_are_never_grouped():
    arts = [
        art("a", "https://a.example/1", 1, body_text=""),
        art("b", "https://b.example/1", 1, body_text=""),
    ]
    assert find_duplicates(arts) == {}


def test_title_key_drops_brackets_and_punctuation():
    assert title_key("[속보] 네이버클라우드, 탈락!") == title_key("네이버클라우드 탈락")


def test_simhash_is_stable_and_close_for_near_copies():
    a, b = simhash(BODY), simhash(BODY + " 덧붙인 한 문장.")
    assert a == simhash(BODY)
    assert (a ^ b).bit_count() <= 6


def test_precomputed_fingerprints_stand_in_for_the_bodies():
    """The warehouse dedups from each page's cached SimHash and length, without the bodies."""
    rows = [
        art("naver", "https://n.news.naver.com/mnews/article/001/0015000001", 8, "naver"),
        art("yna", "https://www.yna.co.kr/view/AKR20260123000100017", 8),
        art("daum", "https://v.daum.net/v/20260123080012345", 9, "daum"),
    ]
    narrow = [
        {
            **{k: v for k, v in r.items() if k != "body_text"},
            "simhash": simhash(r["body_text"]),
            "body_chars": len(r["body_text"]),
        }
        for r in rows
    ]
    assert find_duplicates(narrow) == find_duplicates(rows) == {"naver": "yna", "daum": "yna"}


def test_warehouse_columns_give_the_same_links_as_rows():
    """The warehouse's narrow Arrow rows (ids, title keys, SimHash) dedup as the rows do."""
    import pyarrow as pa

    from pipelines.normalise.dedup import duplicate_links, table_fingerprints

    rows = [
        art("naver", "https://n.news.naver.com/mnews/article/001/0015000001", 8, "naver"),
        art("yna", "https://www.yna.co.kr/view/AKR20260123000100017", 8),
        art("daum", "https://v.daum.net/v/20260123080012345", 9, "daum"),
        art("empty", "https://e.example/1", 7, body_text=""),
        art("other", "https://o.example/1", 1, title="다른 기사", body_text="다른 내용. " * 50),
    ]
    table = pa.Table.from_pylist(
        [
            {
                "article_id": r["article_id"],
                "title_key": title_key(r["title"]),
                "simhash": simhash(r["body_text"]) if r["body_text"] else None,
                "body_chars": len(r["body_text"]),
                "canonical_article_id": None,
                "published_at": r["published_at"],
                "portal": r["portal"],
                "fetched_at": r["fetched_at"],
            }
            for r in rows
        ]
    )
    assert duplicate_links(table_fingerprints(table)) == find_duplicates(rows)
    assert find_duplicates(rows) == {"naver": "yna", "daum": "yna"}


def test_copies_chain_through_a_group_and_oversized_buckets_are_skipped():
    """Links are transitive (a~b, b~c: one group), and a title shared by more than 500
    articles (boilerplate) links nothing by itself."""
    base = art("a", "https://a.example/1", 1)
    chain = [
        base,
        art("b", "https://b.example/1", 2, body_text=BODY + " 둘째 문장이 더해졌다."),
        art("c", "https://c.example/1", 3, body_text=BODY + " 둘째 문장이 더해졌다. 셋째도."),
    ]
    assert find_duplicates(chain) == {"b": "a", "c": "a"}
    stock = [
        art(f"s{i}", f"https://s.example/{i}", 1, title="오늘의 주요 뉴스 모음", body_text=f"{i}")
        for i in range(501)
    ]
    assert find_duplicates(stock) == {}
