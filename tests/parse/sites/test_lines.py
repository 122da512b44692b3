"""Paragraph lines from <p> elements and from <br>-separated text alike."""

from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser

from pipelines.parse.sites.lines import clean_text, skip_set, text_lines


def _root(html: str):
    node = LexborHTMLParser(f"<html><body><div id='c'>{html}</div></body></html>").css_first("#c")
    assert node is not None
    return node


def test_br_separated_text_and_paragraphs_give_the_same_lines() -> None:
    br = _root("첫 문단이다.<br><br>둘째 <b>문단</b>이다.<br><br>")
    paragraphs = _root("<p>첫 문단이다.</p><p>둘째 <b>문단</b>이다.</p><p>&nbsp;</p>")
    assert text_lines(br) == text_lines(paragraphs) == ["첫 문단이다.", "둘째 문단이다."]


def test_skipped_subtrees_scripts_and_comments_leave_no_text() -> None:
    root = _root(
        "앞 문장.<div class='photo'><img alt='x'><em>사진 설명</em></div>"
        "<!-- 광고 --><script>var ad = 1;</script>뒤 문장."
    )
    assert text_lines(root, skip_set(root, (".photo",))) == ["앞 문장.", "뒤 문장."]


def test_inline_whitespace_collapses_to_single_spaces() -> None:
    assert text_lines(_root("  한\u00a0칸   띄운\n문장  ")) == ["한 칸 띄운 문장"]
    assert clean_text(None) == ""
