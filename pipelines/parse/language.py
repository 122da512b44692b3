"""A cheap language guess from script shares, good enough to tell Korean pages from the rest.

Declared languages are unreliable on Korean sites (``lang="en"`` templates, ``inLanguage:
"kr"``), while the script of the body text is not: Hangul share decides Korean, kana
Japanese, Han without kana Chinese. Latin text is called English only because nothing this
cheap tells the Latin-script languages apart, so a declared Latin-script language is kept.
"""

from __future__ import annotations

import re

SAMPLE_CHARS = 1500
_MIN_LETTERS = 20

_HANGUL = re.compile(r"[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]")
_KANA = re.compile(r"[\u3040-\u30ff]")
_HAN = re.compile(r"[\u4e00-\u9fff]")


def guess_language(text: str, declared: str | None = None) -> str | None:
    """ISO 639-1 code of ``text``; ``declared`` settles Latin-script text and empty samples."""
    sample = text[:SAMPLE_CHARS]
    size = len(sample)
    if size < _MIN_LETTERS:
        return declared
    non_ascii = size - len(sample.encode("ascii", "ignore"))
    if non_ascii < size * 0.1:
        # Latin script (curly quotes and accents aside): nothing cheap tells which language.
        return declared if declared and declared not in ("ko", "ja", "zh") else "en"
    hangul = _count(_HANGUL, sample)
    kana = _count(_KANA, sample)
    han = _count(_HAN, sample)
    # A Latin word has ~5 letters where a Hangul word has ~3 syllables: weigh letters down.
    latin = (size - non_ascii) / 4
    letters = hangul + kana + han + latin
    if hangul / letters >= 0.3:
        return "ko"
    if kana / letters >= 0.1:
        return "ja"
    if (han + kana) / letters >= 0.3:
        return "zh"
    if declared and declared not in ("ko", "ja", "zh"):
        return declared
    return "en"


def _count(pattern: re.Pattern[str], sample: str) -> int:
    return len(sample) - len(pattern.sub("", sample))
