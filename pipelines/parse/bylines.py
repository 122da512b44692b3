"""Reporter bylines and the boilerplate lines around an article body.

Korean bylines print a name followed by a title ('홍길동 기자', '김민수 특파원'), often with an
e-mail and a wire prefix ('(세종=연합뉴스) 홍길동 기자'); the dataset wants the names only.
The line patterns here decide which body lines are not article text (bylines, copyright
notices, '관련기사' headers) so every parser drops the same things.
"""

from __future__ import annotations

import re

_TITLES = (
    r"(?:(?:수석|선임|전문|객원|인턴|수습|취재|사진|영상|온라인|디지털|편집|전임|책임)\s*)?"
    r"(?:기자|특파원|논설위원|논설실장|편집위원|칼럼니스트|통신원|에디터|앵커|리포터|PD|피디)"
)
_HANGUL_NAME = r"[가-힣]{2,4}"
# '홍길동 기자', '홍길동·김철수 기자', '홍길동 선임기자' (names right before a reporter title).
# Spans printed without spaces run names, titles and labels together
# ('홍길동 기자김철수 기자입력 2026…').
_AFTER_TITLE = (
    r"(?:(?![가-힣])|(?=입력|수정|등록|승인|송고|기사|발행|업데이트"
    r"|[가-힣]{2,4}\s*(?:기자|특파원)))"
)
_BEFORE_NAME = r"(?:(?<![가-힣])|(?<=기자)|(?<=특파원)|(?<=위원))"
_KOREAN_BYLINE = re.compile(
    rf"{_BEFORE_NAME}({_HANGUL_NAME}(?:\s*[·,/]\s*{_HANGUL_NAME})*)\s*{_TITLES}{_AFTER_TITLE}"
)
_HANGUL = re.compile(r"[가-힣]")
_ENGLISH_ROLE = re.compile(
    r"(?:staff|senior|chief|contributing|special|guest|political|business)?\s*"
    r"(?:writer|reporter|editor|correspondent|contributor|columnist|journalist)s?$",
    re.IGNORECASE,
)
_NAME_SEPARATOR = re.compile(r"\s*[·,/]\s*")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_URL = re.compile(r"https?://\S+|www\.\S+")
_WIRE_PREFIX = re.compile(r"^\s*[\[(【<]?[^=\])】>]{1,20}=[^\])】>]{1,20}[\])】>]?\s*")
_ENGLISH_BY = re.compile(r"^\s*(?:by|written by|posted by|reporting by|story by)[:\s]+", re.I)
_SPLIT = re.compile(r"\s*(?:,|;|/|·|&|\band\b|\b및\b|\|)\s*", re.I)
_OTHERS = re.compile(r"\s*(?:외\s*\d+\s*명|등)\s*$")
_TITLE_WORDS = re.compile(rf"\s*{_TITLES}\s*$")
_NOT_A_NAME = re.compile(r"\d|@|https?:|www\.|\.com|\.kr|\.net")
# Outlet names end like this; a person's name does not.
_OUTLET = re.compile(
    r"(?:뉴스|일보|신문|경제|방송|미디어|타임스|타임즈|투데이|데일리|저널|포스트|비즈|닷컴|"
    r"뉴시스|통신|TV|tv|News|news|Times|Post|Daily|Journal|Media|Press|Herald|\d)\s*$"
    r"|^(?:Reuters|AP|AFP|Bloomberg|Associated Press|Staff|Editorial Board|Yonhap)$"
)

_BYLINE_LINE = re.compile(
    rf"^\s*[\[(]?\s*(?:[^=\s]{{1,12}}=[^)\]\s]{{1,12}}[)\]]?\s*)?"
    rf"(?:{_HANGUL_NAME}(?:\s*[·,]\s*{_HANGUL_NAME})*)\s*{_TITLES}"
    r"(?:\s*[\[(<]?\s*[\w.+-]+@[\w-]+(?:\.[\w-]+)+\s*[\])>]?)?\s*$"
)
_BYLINE_CUE = re.compile(rf"@|{_TITLES}")
_EMAIL_LINE = re.compile(r"^\s*[\[(<]?\s*[\w.+-]+@[\w-]+(?:\.[\w-]+)+\s*[\])>]?\s*$")
_COPYRIGHT = re.compile(
    r"ⓒ|©|\(c\)\s*\d{4}|무단\s*전재|무단\s*복제|재배포\s*금지|all rights reserved|저작권자|"
    r"copyright\s*(?:©|\(c\)|\d{4})",
    re.I,
)
_RELATED_HEADER = re.compile(
    r"^\s*[\[<【]?\s*(?:관련\s*기사|관련\s*뉴스|함께\s*본\s*기사|추천\s*기사|많이\s*본\s*뉴스|"
    r"이\s*시각\s*주요\s*뉴스|주요\s*뉴스|인기\s*기사|related (?:articles|stories|coverage)|"
    r"read more|more from|recommended)\s*[\]>】]?\s*:?\s*$",
    re.I,
)


def author_names(
    raw: str | None, exclude: set[str] | frozenset[str] = frozenset(), *, strict: bool = False
) -> list[str]:
    """Names only, from a byline or an author field; outlet names and e-mails are dropped.

    ``strict`` is for visible page text: Korean text then needs a reporter title ('기자') next
    to the name, since any short Hangul word would otherwise pass for one.
    """
    if not raw:
        return []
    text = _URL.sub(" ", _EMAIL.sub(" ", raw))
    text = _WIRE_PREFIX.sub("", text)
    korean = _KOREAN_BYLINE.findall(text)
    if korean:
        # The pattern has already separated names from titles.
        parts = [p for group in korean for p in _NAME_SEPARATOR.split(group)]
    elif strict and _HANGUL.search(text):
        return []
    else:
        text = _ENGLISH_BY.sub("", text)
        parts = [
            _TITLE_WORDS.sub("", _OTHERS.sub("", p)) for p in _SPLIT.split(_OTHERS.sub("", text))
        ]
    names: list[str] = []
    for part in parts:
        name = " ".join(part.strip(" \t\n-–—:()[]<>\"'").split())
        if (
            not name
            or len(name) > 40
            or len(name.split()) > 5
            or _NOT_A_NAME.search(name)
            or _OUTLET.search(name)
            or _ENGLISH_ROLE.match(name)
            or name in exclude
            or name in names
        ):
            continue
        names.append(name)
    return names


def is_byline_line(text: str) -> bool:
    """A line that only names reporters ('홍길동 기자 hong@x.co.kr', '(서울=뉴스1) 김민수 기자')."""
    if len(text) > 80 or not _BYLINE_CUE.search(text):
        return False
    return bool(_BYLINE_LINE.match(text) or _EMAIL_LINE.match(text))


def is_copyright_line(text: str) -> bool:
    return len(text) < 200 and bool(_COPYRIGHT.search(text))


def is_related_header(text: str) -> bool:
    return len(text) < 40 and bool(_RELATED_HEADER.match(text))


def looks_like_outlet(name: str) -> bool:
    return bool(_OUTLET.search(name))
