from __future__ import annotations

import codecs

import pytest

from pipelines.parse.decode import (
    CP949,
    UTF8,
    charset_from_content_type,
    charset_from_meta,
    decode_html,
    normalise_label,
)

# '똠' and '펲' exist only in the cp949 extension, not in strict EUC-KR.
KOREAN = "<p>독자 AI 추가 공모 똠방각하 펲</p>"


def page(meta: str = "", body: str = KOREAN) -> str:
    return f"<html><head>{meta}<title>t</title></head><body>{body}</body></html>"


@pytest.mark.parametrize(
    ("label", "codec"),
    [
        ("EUC-KR", CP949),
        ("euc_kr", CP949),
        ("ks_c_5601-1987", CP949),
        ("KS_C_5601-1987", CP949),
        ("x-windows-949", CP949),
        ("windows-949", CP949),
        ("cp949", CP949),
        ("UTF8", UTF8),
        ("utf-8", UTF8),
        ("iso-8859-1", "cp1252"),
        ("us-ascii", "cp1252"),
        ("shift_jis", "shift_jis"),
        ("no-such-charset", None),
        ("", None),
        (None, None),
    ],
)
def test_normalise_label(label: str | None, codec: str | None) -> None:
    assert normalise_label(label) == codec


def test_content_type_parameter() -> None:
    assert charset_from_content_type('text/html; charset="ks_c_5601-1987"') == CP949
    assert charset_from_content_type("text/html") is None
    assert charset_from_content_type(None) is None


def test_meta_forms() -> None:
    assert charset_from_meta(b'<meta charset="euc-kr">') == CP949
    http_equiv = b'<meta http-equiv="Content-Type" content="text/html; charset=EUC-KR">'
    assert charset_from_meta(http_equiv) == CP949
    late = b"<html>" + b" " * 5000 + b'<meta charset="euc-kr">'
    assert charset_from_meta(late) is None


def test_utf8_fast_path_without_any_declaration() -> None:
    text, codec = decode_html(page().encode("utf-8"), None)
    assert codec == UTF8
    assert "똠방각하" in text


def test_header_euc_kr_label_decodes_cp949_extensions() -> None:
    body = page().encode(CP949)
    with pytest.raises(UnicodeDecodeError):
        body.decode("euc_kr")
    text, codec = decode_html(body, "text/html; charset=euc-kr")
    assert codec == CP949
    assert "똠방각하 펲" in text


def test_meta_http_equiv_when_header_has_no_charset() -> None:
    meta = '<meta http-equiv="Content-Type" content="text/html; charset=ks_c_5601-1987">'
    text, codec = decode_html(page(meta).encode(CP949), "text/html")
    assert codec == CP949
    assert "독자 AI" in text


def test_meta_beats_a_latin1_server_default() -> None:
    text, codec = decode_html(
        page('<meta charset="euc-kr">').encode(CP949), "text/html; charset=ISO-8859-1"
    )
    assert codec == CP949
    assert "펲" in text


def test_wrong_header_label_falls_back_to_bytes_that_decode() -> None:
    text, codec = decode_html(page().encode("utf-8"), "text/html; charset=euc-kr")
    assert codec == UTF8
    assert "똠방각하" in text


def test_bom() -> None:
    text, codec = decode_html(codecs.BOM_UTF8 + page().encode("utf-8"), None)
    assert codec == UTF8
    assert text.startswith("<html>")
    text, _ = decode_html(codecs.BOM_UTF16_LE + page().encode("utf-16-le"), None)
    assert "독자" in text


def test_undeclared_korean_legacy_page_is_detected() -> None:
    body = (
        "<p>과학기술정보통신부가 독자 인공지능 모델 추가 공모를 시작했다고 밝혔다.</p>" * 30
    ).encode(CP949)
    text, _codec = decode_html(body, None)
    assert "과학기술정보통신부" in text


def test_broken_bytes_never_raise() -> None:
    body = page().encode(CP949) + b"\xff\xfe\x81"
    text, codec = decode_html(body, "text/html; charset=euc-kr")
    assert codec == CP949
    assert "독자" in text
    text, _ = decode_html(b"\x80\x81\xff" * 50, "text/html; charset=utf-8")
    assert isinstance(text, str)


def test_empty_body() -> None:
    assert decode_html(b"", None) == ("", UTF8)
