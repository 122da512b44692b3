from pipelines.parse.urls import article_key


def test_naver_forms_fold_to_one_key():
    forms = [
        "https://n.news.naver.com/mnews/article/030/0003390001?sid=105",
        "https://n.news.naver.com/article/030/0003390001",
        "https://news.naver.com/main/read.naver?mode=LSD&oid=030&aid=0003390001",
        "http://m.news.naver.com/article/030/0003390001#comment",
    ]
    assert len({article_key(u) for u in forms}) == 1


def test_tracking_parameters_fragments_and_host_case_are_ignored():
    a = article_key("https://WWW.Example.com/view?no=1&utm_source=x&fbclid=y#top")
    b = article_key("http://example.com/view?no=1")
    assert a == b


def test_meaningful_query_parameters_are_kept():
    assert article_key("https://x.kr/view.php?key=1") != article_key("https://x.kr/view.php?key=2")
