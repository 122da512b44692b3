"""Page furniture told apart by class and id: navigation, ads, comments, captions, standfirsts.

The vocabulary is data (``pipelines/config/page_furniture.toml``); this module turns it into
fast matchers. Verdicts are cached per attribute string, because a site's templates repeat
the same classes on every page.
"""

from __future__ import annotations

import re
import tomllib

from pipelines.config import config_path

VOCABULARY_PATH = config_path("page_furniture")

KEEP, WEAK, ALWAYS = 0, 1, 2
_CACHE_SIZE = 50_000


def trie_pattern(words: list[str]) -> str:
    """One regex for many literal words, prefix-factored so a search tries few branches."""
    trie: dict[str, dict] = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def render(node: dict[str, dict]) -> str:
        branches = [re.escape(ch) + render(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return render(trie)


def _load() -> dict[str, list[str]]:
    with VOCABULARY_PATH.open("rb") as handle:
        return tomllib.load(handle)


_VOCABULARY = _load()
_WORDS = re.compile(trie_pattern(_VOCABULARY["words"]))
_TOKENS = frozenset(_VOCABULARY["tokens"])
_ALWAYS = re.compile(trie_pattern(_VOCABULARY["always"]))
_POSITIVE = re.compile(trie_pattern(_VOCABULARY["positive"]))
_TAXONOMY_PREFIXES = tuple(_VOCABULARY["taxonomy_prefixes"])
_NON_LETTERS = re.compile(r"[^a-z]+")
_CAMEL = re.compile(r"(?:Ad|Ads|Banner|Share|Sns|Nav|Menu)(?:[A-Z0-9_-]|$)")

# Standfirst (dek / subtitle) classes at the top of a body container. 'subhead' further down
# names a section heading, so callers only look at the top.
STANDFIRST = re.compile(
    r"(?:^|[\s_-])(?:dek|standfirst|sub-?head(?:line)?|sub[_-]?tit|mid_?title)"
    r"|(?:^|[\s_-])(?:art|article|news)_?sub"
    r"|(?:article|news|media_end|art|view)[_-]*summary|summary[_-]?(?:title|txt|text|box|area|view|wrap)",
    re.IGNORECASE,
)
# In the header, above the body, a 'summary' is the standfirst too.
HEADER_STANDFIRST = re.compile(
    r"sub[_-]?tit|tit(?:le)?[_-]?sub|subtitle|sub-title|sub-?head|standfirst|(?:^|[\s_-])dek"
    r"|summary|(?:article|news)_?sub",
    re.IGNORECASE,
)

_VERDICTS: dict[str, int] = {}
_MARKS: dict[str, bool] = {}


def attribute_key(attrs: dict[str, str | None]) -> str:
    """The text furniture rules match: id and class together."""
    return f"{attrs.get('id') or ''} {attrs.get('class') or ''}"


def class_verdict(key: str) -> int:
    """KEEP, WEAK (furniture unless it holds much of the text) or ALWAYS (furniture)."""
    verdict = _VERDICTS.get(key)
    if verdict is None:
        verdict = _judge(key)
        if len(_VERDICTS) > _CACHE_SIZE:
            _VERDICTS.clear()
        _VERDICTS[key] = verdict
    return verdict


def _judge(key: str) -> int:
    if "-" in key:
        key = " ".join(t for t in key.split() if not t.startswith(_TAXONOMY_PREFIXES))
    lower = key.lower()
    if (
        not _WORDS.search(lower)
        and _TOKENS.isdisjoint(_NON_LETTERS.split(lower))
        and not _CAMEL.search(key)
    ):
        return KEEP
    if _ALWAYS.search(lower):
        return ALWAYS
    return KEEP if _POSITIVE.search(lower) else WEAK


def marks_block(key: str) -> bool:
    """Whether an inline element with this class is a box of its own (caption, standfirst)."""
    marked = _MARKS.get(key)
    if marked is None:
        marked = class_verdict(key) != KEEP or bool(STANDFIRST.search(key))
        if len(_MARKS) > _CACHE_SIZE:
            _MARKS.clear()
        _MARKS[key] = marked
    return marked
