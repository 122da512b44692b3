"""Keep feed items about the topic: substring match ignoring case and spacing.

Korean reporting spaces compounds freely ("파운데이션 모델" / "파운데이션모델"), so both the
keywords and the text are compared with all whitespace removed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_WS = re.compile(r"\s+")


def _squash(text: str) -> str:
    return _WS.sub("", text).casefold()


class KeywordFilter:
    def __init__(self, keywords: Iterable[str]) -> None:
        self.keywords = tuple(k for k in (_squash(k) for k in keywords) if k)

    def matches(self, *texts: str | None) -> bool:
        """True when no keywords are configured, or any keyword occurs in any text."""
        if not self.keywords:
            return True
        joined = _squash(" ".join(t for t in texts if t))
        return any(k in joined for k in self.keywords)
