"""The visible text of a DOM subtree as lines, one per paragraph as a reader sees them.

Korean sites print paragraphs two ways: as ``<p>`` elements, or as text runs separated by
``<br><br>`` inside one container (with photo boxes and ad slots in between). Treating block
elements and ``<br>`` as line ends and inline elements as part of the line reads both the
same. Nodes are skipped by identity (``mem_id``) instead of being removed, so the shared tree
stays intact for the next parser the dispatcher tries.
"""

from __future__ import annotations

from collections.abc import Iterable

from selectolax.lexbor import LexborHTMLParser, LexborNode

BLOCK_TAGS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "dd",
        "details",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "ul",
    ]
)
SKIP_TAGS = frozenset(
    [
        "-comment",
        "audio",
        "button",
        "canvas",
        "embed",
        "iframe",
        "input",
        "noscript",
        "object",
        "script",
        "select",
        "style",
        "svg",
        "template",
        "textarea",
        "video",
    ]
)


def clean_text(value: str | None) -> str:
    """Whitespace runs (NBSP included) as one space, ends trimmed."""
    return " ".join(value.split()) if value else ""


def node_text(node: LexborNode | None) -> str:
    """One node's text on one line."""
    return clean_text(node.text(separator=" ")) if node is not None else ""


def skip_set(root: LexborNode | LexborHTMLParser, selectors: Iterable[str]) -> frozenset[int]:
    """Identities of the nodes under ``root`` that match any selector."""
    return frozenset(node.mem_id for selector in selectors for node in root.css(selector))


def text_lines(node: LexborNode, skip: frozenset[int] = frozenset()) -> list[str]:
    """Non-empty lines of ``node``'s text; subtrees whose root is in ``skip`` are left out."""
    lines: list[str] = []
    current: list[str] = []
    _walk(node, skip, lines, current)
    _flush(lines, current)
    return lines


def _walk(node: LexborNode, skip: frozenset[int], lines: list[str], current: list[str]) -> None:
    for child in node.iter(include_text=True):
        tag = child.tag
        if tag == "-text":
            text = child.text_content
            if text:
                current.append(text)
            continue
        if tag in SKIP_TAGS or child.mem_id in skip:
            if tag in BLOCK_TAGS:  # a dropped photo box still separates the text around it
                _flush(lines, current)
            continue
        if tag == "br":
            _flush(lines, current)
        elif tag in BLOCK_TAGS:
            _flush(lines, current)
            _walk(child, skip, lines, current)
            _flush(lines, current)
        else:
            _walk(child, skip, lines, current)


def _flush(lines: list[str], current: list[str]) -> None:
    if current:
        line = clean_text("".join(current))
        current.clear()
        if line:
            lines.append(line)
