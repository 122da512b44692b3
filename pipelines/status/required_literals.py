"""Literal text a regular expression cannot match without: a cheap pre-filter for many rules.

Most sentences contain no status phrase, yet scanning one with every rule costs a full regex pass
per rule. If every match of a pattern must contain one of a few literal strings, a sentence that
contains none of them cannot match, and a substring test (``in``) is much cheaper than a scan.
The analysis is conservative: whatever it cannot prove (case-insensitive parts, character
classes, optional parts, lookarounds) contributes no requirement, so a filter never drops a
sentence the pattern would match.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

try:  # Python 3.11+
    from re import _constants as _c
    from re import _parser as _p
except ImportError:  # pragma: no cover - older interpreters
    import sre_constants as _c  # type: ignore[no-redef]
    import sre_parse as _p  # type: ignore[no-redef]

_REPEATS = {_c.MAX_REPEAT, _c.MIN_REPEAT}
if hasattr(_c, "POSSESSIVE_REPEAT"):
    _REPEATS.add(_c.POSSESSIVE_REPEAT)


Literal = tuple[str, bool]  # (text, matched case-insensitively)


def _best(candidates: list[frozenset[Literal]]) -> frozenset[Literal] | None:
    """The most selective requirement: the one whose shortest literal is longest."""
    if not candidates:
        return None
    return max(candidates, key=lambda s: (min(len(x[0]) for x in s), -len(s)))


def _required(items, icase: bool) -> frozenset[Literal] | None:
    candidates: list[frozenset[Literal]] = []
    run: list[str] = []

    def flush() -> None:
        if run:
            candidates.append(frozenset({("".join(run), icase)}))
            run.clear()

    for op, av in items:
        if op is _c.LITERAL:
            run.append(chr(av))
            continue
        flush()
        found: frozenset[Literal] | None = None
        if op is _c.SUBPATTERN:
            _group, add_flags, del_flags, sub = av
            ic = (icase or bool(add_flags & _c.SRE_FLAG_IGNORECASE)) and not (
                del_flags & _c.SRE_FLAG_IGNORECASE
            )
            found = _required(sub, ic)
        elif op is _c.BRANCH:
            branches = [_required(b, icase) for b in av[1]]
            if all(b is not None for b in branches):
                found = frozenset().union(*branches)  # type: ignore[arg-type]
        elif op in _REPEATS:
            low, _high, sub = av
            if low >= 1:
                found = _required(sub, icase)
        elif getattr(_c, "ATOMIC_GROUP", None) is not None and op is _c.ATOMIC_GROUP:
            found = _required(av, icase)
        if found:
            candidates.append(found)
    flush()
    return _best(candidates)


def required_literals(pattern: re.Pattern[str]) -> frozenset[Literal] | None:
    """(text, case-insensitive) pairs one of which every match contains; None if unprovable."""
    try:
        parsed = _p.parse(pattern.pattern, pattern.flags)
    except re.error:  # pragma: no cover - the pattern compiled, so it parses
        return None
    found = _required(parsed, bool(pattern.flags & re.IGNORECASE))
    if found is None or any(not text for text, _ in found):
        return None
    return found


# the only characters beyond ASCII that case-insensitive matching pairs with ASCII letters
_FOLDS_TO_ASCII = re.compile("[\u0130\u0131\u017f\u212a]")


@dataclass(frozen=True, slots=True)
class LiteralKeys:
    """The one- or two-character starts of a pattern's required literals.

    Two characters are already selective in Korean prose, and a set intersection tests all of
    a rule's literals at C speed; the rule's own scan then confirms.
    """

    exact: frozenset[str]
    folded: frozenset[str]  # of case-insensitive (ASCII) literals, lower-cased
    exact_literals: tuple[str, ...] = ()  # the whole literals, to confirm a gram hit cheaply
    folded_literals: tuple[str, ...] = ()

    def present(self, text: str) -> bool:
        """Whether one of the literals occurs in ``text`` (a substring test, before a scan)."""
        if any(lit in text for lit in self.exact_literals):
            return True
        if not self.folded_literals:
            return False
        if _FOLDS_TO_ASCII.search(text) is not None:
            return True  # a fold this test does not model: let the pattern decide
        low = text.lower()
        return any(lit in low for lit in self.folded_literals)


def literal_keys(pattern: re.Pattern[str]) -> LiteralKeys | None:
    """Keys for a pre-filter, or None when no required literal can be proven."""
    found = required_literals(pattern)
    if found is None:
        return None
    folded = [text.lower() for text, icase in found if icase]
    if not all(x.isascii() for x in folded):
        return None
    exact = frozenset(text[:2] for text, icase in found if not icase)
    return LiteralKeys(
        exact,
        frozenset(x[:2] for x in folded),
        tuple(sorted(text for text, icase in found if not icase)),
        tuple(sorted(folded)),
    )


def text_grams(text: str) -> set[str]:
    """Every one- and two-character substring of ``text``."""
    grams = set(text)
    grams.update(map(str.__add__, text, text[1:]))
    return grams


class LiteralIndex:
    """Which of many patterns a text may match, from its grams, as a bit mask of positions.

    One set intersection per text and a lookup per shared gram replace a test per pattern.
    """

    def __init__(self, keys: list[LiteralKeys | None]) -> None:
        self.always = 0  # patterns with no provable literal: always scanned
        self.any_folded = 0  # patterns with case-insensitive keys
        self.exact: dict[str, int] = {}
        self.folded: dict[str, int] = {}
        for i, k in enumerate(keys):
            bit = 1 << i
            if k is None:
                self.always |= bit
                continue
            for g in k.exact:
                self.exact[g] = self.exact.get(g, 0) | bit
            for g in k.folded:
                self.folded[g] = self.folded.get(g, 0) | bit
            if k.folded:
                self.any_folded |= bit
        self.exact_keys = frozenset(self.exact)
        self.folded_keys = frozenset(self.folded)

    def candidates(self, grams: set[str], low_grams: set[str] | None) -> int:
        """Bit i is set unless pattern i cannot match the text."""
        mask = self.always
        exact = self.exact
        for g in self.exact_keys.intersection(grams):
            mask |= exact[g]
        if low_grams is None:
            return mask | self.any_folded
        folded = self.folded
        for g in self.folded_keys.intersection(low_grams):
            mask |= folded[g]
        return mask


def folded_grams(text: str, grams: set[str]) -> set[str] | None:
    """The grams of ``text.lower()`` for case-insensitive keys (None: use no filter)."""
    if _FOLDS_TO_ASCII.search(text) is not None:
        return None
    low = text.lower()
    return grams if low == text else text_grams(low)
