"""Find an article's body in a page's DOM: text blocks scored by density, one winning subtree.

The page is cut into text blocks (runs of text inside one block-level element, split at
``<br>``). Each block gets a value: long text with few links is worth its length, link lists
and boilerplate cost theirs. Every element's score is the sum of the values beneath it; the
best-scoring element is the article container, and the body is its good blocks in order.
One traversal of the lexbor tree collects the blocks; everything after works on the few
hundred blocks and their ancestors, so a page costs a few times its parse time, no more.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from selectolax.lexbor import LexborHTMLParser, LexborNode

from pipelines.parse.bylines import is_byline_line
from pipelines.parse.furniture import (
    ALWAYS,
    HEADER_STANDFIRST,
    KEEP,
    STANDFIRST,
    attribute_key,
    class_verdict,
    marks_block,
)

# Tags whose whole subtree is never article text.
JUNK_TAGS = frozenset(
    "script style noscript template iframe svg canvas video audio object embed button select "  # noqa: SIM905
    "textarea input nav aside footer figcaption caption head dialog menu".split()
)
# Inline elements continue the text of the block around them; anything else starts a block.
INLINE_TAGS = frozenset(
    "a abbr acronym b bdi bdo big cite code data del dfn em font i ins kbd label mark q s "  # noqa: SIM905
    "samp small span strike strong sub sup time tt u var wbr nobr -text".split()
)

_RELATED_PREFIX = re.compile(
    r"\s*(?:read more|more|related|see also|also read|read also|watch|listen|click here|"
    r"recommended|관련\s*기사|관련\s*뉴스|함께\s*보면|추천)\b\s*[:：]?",
    re.IGNORECASE,
)
# Whole-line widget labels, in English and Korean.
_BOILERPLATE_LINE = re.compile(
    r"\W*(?:advertisement|advertising|advert|ads?|sponsored(?: content)?|"
    r"story continues below(?: advertisement)?|continue reading(?: below)?|read more|"
    r"share(?: this(?: article| story)?| on \w+)?|tweet|e-?mail|print|comments?|"
    r"\d+ comments?|like this|like loading|loading|this slideshow requires javascript|"
    r"click to \w+(?: \w+)?|follow us(?: on \w+)?|subscribe|sign up|see more|show more|"
    r"close|caption|expand|skip ad|scroll to continue|back to top|top|"
    r"광고|기사\s*더보기|더보기|공유(?:하기)?|댓글(?:\s*\d+)?|좋아요|구독(?:하기)?|"
    r"글씨\s*(?:크게|작게)|글자\s*크기|프린트|인쇄(?:하기)?|스크랩|닫기|기사\s*읽기\s*도구|"
    r"기사\s*프린트|이전|다음|목록|이미지\s*확대(?:보기)?|확대보기|"
    r"카카오톡|페이스북|트위터|네이버|URL\s*복사|링크\s*복사)\W*",
    re.IGNORECASE,
)
_HAS_YEAR = re.compile(r"(?:19|20)\d\d")
_DATELINE = re.compile(
    r"(?:입력|수정|등록|승인|게재|송고|업데이트|발행|published|updated|posted|modified)"
    r"\s*(?:일시?|시간)?\s*[:：|]?\s*(?:19|20)\d{2}\s*[.\-/년]",
    re.IGNORECASE,
)
# Korean press releases print subtitles as '- 부제 -' lines under the title.
_DASHED_SUBTITLE = re.compile(r"\s*[-–]\s+\S.{4,}\S\s+[-–]\s*")
_CLOCK = re.compile(r"\d{1,2}:\d{2}")
_MARKUP = re.compile(r"<(?:[a-zA-Z][\w:-]*|!--)[\s>/]")
_SENTENCE_END = re.compile(r"[.!?。！？…][\"'”’)\]]?(?:\s|$)|다\.|요\.")

LINK_HEAVY = 0.5
PROTECTED_SHARE = 0.3
PROTECTED_SHARE_ALWAYS = 0.8
TEASER_MAX = 400
TEASER_LOOKBACK = 3
TEASER_HEADLINE_MIN = 10
DEK_SCAN = 8
HEADER_SCAN = 12
BYLINE_MAX = 150
DEK_MAX = 300
PARAGRAPH_VALUE = 25
SHORT_BLOCK = 25
# A child keeps the crown if it holds this share of its parent's score: the rest is furniture.
DESCEND_SHARE = 0.85


@dataclass(slots=True)
class Block:
    """A run of text inside one block-level element, between block boundaries or ``<br>``s."""

    node: LexborNode
    tag: str
    parts: list[str]
    link_chars: int = 0
    text: str = ""
    value: float = 0.0
    chain: tuple[int, ...] = ()  # mem_ids of the owner element and all its ancestors
    teaser: bool = False

    @property
    def link_density(self) -> float:
        return min(self.link_chars, len(self.text)) / len(self.text) if self.text else 0.0


def collect_blocks(root: LexborNode) -> list[Block]:
    """Text blocks of ``root`` in document order, with their link text counted.

    Link text is found without climbing to every ancestor: the text nodes inside an ``<a>``
    are the ones that follow it in document order until its text is used up. That also
    covers teaser lists where one link wraps a headline *and* its summary paragraph.
    """
    blocks: list[Block] = []
    owner_cache: dict[int, LexborNode] = {}
    current: Block | None = None
    current_key = -1
    link_left = 0
    skip_left = 0
    for node in root.traverse(include_text=True):
        tag = node.tag
        if tag == "-text":
            text = node.text_content
            if not text:
                continue
            in_link = link_left > 0
            if in_link:
                link_left -= len(text)
            if skip_left > 0:
                skip_left -= len(text)
                continue
            if text.isspace():
                if current is not None:
                    current.parts.append(" ")
                continue
            parent = node.parent
            if parent is None:
                continue
            pid = parent.mem_id
            owner = owner_cache.get(pid)
            if owner is None:
                owner = _owner(parent)
                owner_cache[pid] = owner
            key = owner.mem_id
            if current is None or key != current_key:
                current = Block(owner, owner.tag, [])
                current_key = key
                blocks.append(current)
            current.parts.append(text)
            if in_link:
                current.link_chars += len(text.strip())
        elif skip_left > 0:
            continue
        elif tag == "a":
            if link_left <= 0:
                link_left = len(node.text(deep=True))
        elif tag in INLINE_TAGS or tag[0] == "-":
            continue
        elif tag in JUNK_TAGS:
            # Skip the subtree: its text nodes are the next ones, as many characters as
            # its text holds.
            skip_left = len(node.text(deep=True))
            current = None
            current_key = -1
        else:
            # A new block element (or <br>) starts: text after it belongs to a new block even
            # if the owner is the same element as before ('<div>a<p>b</p>c</div>' is three).
            current = None
            current_key = -1
    kept: list[Block] = []
    for block in blocks:
        block.text = " ".join("".join(block.parts).split())
        if block.text:
            kept.append(block)
    return kept


def _owner(parent: LexborNode) -> LexborNode:
    """The element a text node's block belongs to.

    That is the nearest block-level ancestor, unless an inline element on the way is marked
    as a widget or standfirst by its class ('<em class="img_desc">', '<strong
    class="summary">'): such an element makes its own block, so that furniture rules see it.
    """
    node: LexborNode | None = parent
    marker: LexborNode | None = None
    while node is not None and node.tag in INLINE_TAGS:
        if marker is None and node.tag != "a":
            attrs = node.attributes
            if "class" in attrs or "id" in attrs:
                key = attribute_key(attrs)
                if marks_block(key):
                    marker = node
        node = node.parent
    return marker or (node if node is not None else parent)


@dataclass(slots=True)
class PageTree:
    """The elements above the text blocks: enough structure to sum values per subtree."""

    nodes: dict[int, LexborNode]  # mem_id -> element
    parent_of: dict[int, int]
    deepest_first: list[int]

    def subtree_sums(self, own: dict[int, float]) -> dict[int, float]:
        """Per element, the sum of ``own`` over its subtree (one pass, children first)."""
        totals = dict(own)
        parent_of = self.parent_of
        for mid in self.deepest_first:
            value = totals.get(mid)
            if value:
                parent = parent_of.get(mid)
                if parent is not None:
                    totals[parent] = totals.get(parent, 0.0) + value
        return totals


def attach_chains(blocks: list[Block]) -> PageTree:
    """Give every block its ancestry and return the tree of all ancestors seen."""
    chains: dict[int, tuple[int, ...]] = {}
    nodes: dict[int, LexborNode] = {}
    for block in blocks:
        block.chain = _chain(block.node, chains, nodes)
    parent_of = {mid: chain[1] for mid, chain in chains.items() if len(chain) > 1}
    deepest_first = sorted(chains, key=lambda mid: len(chains[mid]), reverse=True)
    return PageTree(nodes, parent_of, deepest_first)


def _chain(
    node: LexborNode, chains: dict[int, tuple[int, ...]], nodes: dict[int, LexborNode]
) -> tuple[int, ...]:
    """mem_ids from ``node`` up to the root, memoised so each element is climbed once."""
    pending: list[LexborNode] = []
    cur: LexborNode | None = node
    tail: tuple[int, ...] = ()
    while cur is not None:
        mid = cur.mem_id
        known = chains.get(mid)
        if known is not None:
            tail = known
            break
        pending.append(cur)
        nodes[mid] = cur
        cur = cur.parent
    for item in reversed(pending):
        tail = (item.mem_id, *tail)
        chains[item.mem_id] = tail
    return chains[node.mem_id]


def furniture_elements(nodes: dict[int, LexborNode]) -> dict[int, bool]:
    """Elements that look like page furniture: mem_id -> True if never article text.

    Only elements that hold text (the blocks' ancestors) are looked at. Class words are
    matched after dropping CMS taxonomy tokens ('tag-wild', 'category-news'), which describe
    the article rather than a widget; verdicts are cached per attribute string because
    templates repeat the same classes on every page of a site.
    """
    found: dict[int, bool] = {}
    for mid, node in nodes.items():
        if not node.is_element_node:
            continue
        attrs = node.attributes
        if not attrs:
            continue
        if "hidden" in attrs or attrs.get("aria-hidden") == "true":
            found[mid] = True
            continue
        style = attrs.get("style")
        if style and "none" in style and _is_display_none(style):
            found[mid] = True
            continue
        key = attribute_key(attrs)
        if len(key) < 3:
            continue
        verdict = class_verdict(key)
        if verdict != KEEP:
            found[mid] = verdict == ALWAYS
    return found


def _is_display_none(style: str) -> bool:
    compact = style.replace(" ", "").lower()
    return "display:none" in compact or "visibility:hidden" in compact


def score_blocks(blocks: list[Block]) -> None:
    """Give each block its value: prose counts its non-link length, lists and labels cost.

    Text without a sentence ending counts half (headings, labels); reporter and date lines
    count against the header box they sit in, so that box is not taken for the body.
    """
    for block in blocks:
        length = len(block.text)
        link = min(block.link_chars, length)
        density = link / length
        if (
            density > LINK_HEAVY
            or _MARKUP.match(block.text)
            or (length < 50 and _BOILERPLATE_LINE.fullmatch(block.text))
        ):
            block.value = -1.0 * length
        elif length < BYLINE_MAX and (
            (_HAS_YEAR.search(block.text) and _DATELINE.search(block.text))
            or is_byline_line(block.text)
        ):
            # Reporter and date lines sit next to the body, not in it: weigh them against
            # the header box that holds them.
            block.value = -0.5 * length
        elif length < SHORT_BLOCK:
            block.value = -0.5 * length if density > 0 else 0.0
        else:
            value = (length - link) * 1.0
            if not _SENTENCE_END.search(block.text):
                value *= 0.5
            block.value = value


def drop_furniture(blocks: list[Block], doomed: dict[int, bool], tree: PageTree) -> list[Block]:
    """Blocks outside furniture; a furniture element holding much of the text is kept."""
    if not doomed:
        return blocks
    own: dict[int, float] = {}
    total = 0.0
    for block in blocks:
        if block.value > 0:
            total += block.value
            mid = block.chain[0]
            own[mid] = own.get(mid, 0.0) + block.value
    positive = tree.subtree_sums(own)
    excluded = {
        mid
        for mid, always in doomed.items()
        if positive.get(mid, 0.0) < total * (PROTECTED_SHARE_ALWAYS if always else PROTECTED_SHARE)
    }
    return [b for b in blocks if excluded.isdisjoint(b.chain)]


def mark_teasers(blocks: list[Block], tree: PageTree) -> None:
    """Turn teaser summaries into negatives: a short text right after its own headline link.

    In a list of teasers each item is a small element holding a link-heavy headline and a
    summary; in an article a link line and the next paragraph share a much larger parent.
    """
    own: dict[int, float] = {}
    for block in blocks:
        mid = block.chain[0]
        own[mid] = own.get(mid, 0.0) + len(block.text)
    sizes: dict[int, float] | None = None
    teasers: list[Block] = []
    for i, block in enumerate(blocks):
        if block.value <= 0 or len(block.text) > TEASER_MAX:
            continue
        span = len(block.text)
        for j in range(i - 1, max(-1, i - 1 - TEASER_LOOKBACK), -1):
            prev = blocks[j]
            span += len(prev.text)
            # A teaser headline, not a breadcrumb or a category label.
            if prev.link_density <= LINK_HEAVY or prev.link_chars < TEASER_HEADLINE_MIN:
                continue
            prev_chain = set(prev.chain)
            common = next((mid for mid in block.chain if mid in prev_chain), None)
            if common is not None:
                if sizes is None:
                    sizes = tree.subtree_sums(own)
                if sizes[common] <= 1.3 * span + 60:
                    teasers.append(block)
            break
    if len(teasers) >= 2:
        for block in teasers:
            block.value = -len(block.text)
            block.teaser = True


def best_container(blocks: list[Block], tree: PageTree) -> int | None:
    """mem_id of the element whose subtree holds the most article value.

    From the best-scoring element, walk down while one child holds nearly all of its score:
    what the parent adds beyond that child is furniture around the article.
    """
    own: dict[int, float] = {}
    for block in blocks:
        if block.value:
            mid = block.chain[0]
            own[mid] = own.get(mid, 0.0) + block.value
    if not own:
        return None
    scores = tree.subtree_sums(own)
    top = max(scores, key=scores.__getitem__)
    if scores[top] <= 0:
        return None
    children_best: dict[int, tuple[float, int]] = {}
    parent_of = tree.parent_of
    for mid, score in scores.items():
        parent = parent_of.get(mid)
        if parent is not None:
            best = children_best.get(parent)
            if best is None or score > best[0]:
                children_best[parent] = (score, mid)
    current = top
    while True:
        best = children_best.get(current)
        if best is None or best[0] < DESCEND_SHARE * scores[current]:
            break
        current = best[1]
    return current


@dataclass(slots=True)
class MainContent:
    """The article's body blocks, the standfirst (dek) above them, and every block of the page.

    ``blocks`` keeps furniture too (bylines and date lines often sit in boxes the body
    excludes); ``body_start``/``body_end`` locate the body inside it.
    """

    body: list[Block] = field(default_factory=list)
    dek: list[Block] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    body_start: int = 0
    body_end: int = 0


def main_content(tree: LexborHTMLParser, title: str | None = None) -> MainContent:
    """The article's text blocks, boilerplate removed; empty when no container stands out.

    ``title`` (from metadata) lets a headline repeated at the top of the body be dropped.
    """
    root = tree.body
    if root is None:
        return MainContent()
    all_blocks = collect_blocks(root)
    if not all_blocks:
        return MainContent()
    page_tree = attach_chains(all_blocks)
    nodes = page_tree.nodes
    score_blocks(all_blocks)
    blocks = drop_furniture(all_blocks, furniture_elements(nodes), page_tree)
    mark_teasers(blocks, page_tree)
    container = best_container(blocks, page_tree)
    if container is None:
        return MainContent(blocks=all_blocks)
    inside = [b for b in blocks if container in b.chain]
    dek = leading_dek(inside, nodes, container, title)
    if dek:
        inside = inside[len(dek) :]
    body = select_body_blocks(inside)
    result = MainContent(body, [b for b in dek if b.tag != "h1" and b.text != title], all_blocks)
    if body:
        positions = {id(b): i for i, b in enumerate(all_blocks)}
        result.body_start = positions[id(body[0])]
        result.body_end = positions[id(body[-1])] + 1
    return result


def header_dek(content: MainContent, title: str | None = None) -> list[Block]:
    """Standfirst lines printed in the article header, above the body container.

    Only the blocks just before the body are looked at, and only up to the headline, so a
    teaser 'summary' elsewhere on the page is never taken for the article's subtitle.
    """
    blocks = content.blocks
    found: list[Block] = []
    for block in reversed(blocks[max(0, content.body_start - HEADER_SCAN) : content.body_start]):
        if block.tag == "h1" or block.text == title:
            break
        if block.value < 0 or len(block.text) > DEK_MAX or _CLOCK.search(block.text):
            continue
        node = block.node
        if _has_class(node, HEADER_STANDFIRST) or _has_class(node.parent, HEADER_STANDFIRST):
            found.append(block)
        elif found:
            break
    return found[::-1]


def _has_class(node: LexborNode | None, pattern: re.Pattern[str]) -> bool:
    if node is None or not node.is_element_node:
        return False
    attrs = node.attributes
    key = attribute_key(attrs)
    return len(key) > 2 and bool(pattern.search(key))


def leading_dek(
    inside: list[Block], nodes: dict[int, LexborNode], container: int, title: str | None = None
) -> list[Block]:
    """Blocks above the first paragraph that are marked as a standfirst/subtitle.

    Only the top of the container counts: the same class words ('subhead') name section
    headings further down, which are article text. Only elements inside the container are
    looked at, since a body wrapper may itself say 'text-with-summary'.
    """
    end = 0
    found = False
    for block in inside[:DEK_SCAN]:
        if block.tag == "h1" or block.text == title:
            end += 1
            continue
        if len(block.text) <= DEK_MAX and (
            _is_dek(block, nodes, container) or _DASHED_SUBTITLE.fullmatch(block.text)
        ):
            found = True
            end += 1
            continue
        if block.value <= 0:
            end += 1
            continue
        break
    return inside[:end] if found else []


def _is_dek(block: Block, nodes: dict[int, LexborNode], container: int) -> bool:
    for mid in block.chain[:2]:
        if mid == container:
            return False
        node = nodes.get(mid)
        if node is None or not node.is_element_node:
            continue
        attrs = node.attributes
        key = attribute_key(attrs)
        if len(key) > 2 and STANDFIRST.search(key):
            return True
    return False


def select_body_blocks(inside: list[Block]) -> list[Block]:
    """Good blocks of the container, plus lone link lines between article paragraphs.

    A shop link or a cited URL between two paragraphs is part of the text; a run of links or
    a 'Read more:' line is a related-stories box.
    """
    positive = [i for i, b in enumerate(inside) if b.value > 0]
    if not positive:
        return []
    first, last = positive[0], positive[-1]
    # After the last real paragraph only text with some weight follows the article
    # ('Reporting by …'); zero-valued labels and headings there belong to widgets.
    last_paragraph = next(
        (i for i in reversed(positive) if inside[i].value >= PARAGRAPH_VALUE), last
    )
    chosen = []
    for i, block in enumerate(inside):
        if block.tag == "h1":
            continue  # the headline; the body starts below it
        if (i > last_paragraph or i < first) and block.value <= 0:
            continue
        if block.value >= 0 or (
            first < i < last
            and not block.teaser
            and inside[i - 1].value >= 0
            and inside[i + 1].value >= 0
            and not _RELATED_PREFIX.match(block.text)
        ):
            chosen.append(block)
    return chosen
