"""Parse feed and sitemap XML safely (no entities, no network) and forgivingly."""

from __future__ import annotations

import re

from lxml import etree

_DECLARED = re.compile(rb"^\s*<\?xml[^>]*encoding=", re.IGNORECASE)


def parse_xml(body: bytes, header_charset: str | None = None) -> etree._Element | None:
    """The root element, or None for a body that is not XML at all.

    The XML declaration's encoding wins; without one, a charset from the HTTP header is
    used (EUC-KR read as its superset cp949), else UTF-8.
    """
    body = body.lstrip(b"\xef\xbb\xbf\r\n\t ")
    if not body.startswith(b"<"):
        return None
    encoding = None
    if header_charset and not _DECLARED.match(body[:200]):
        label = header_charset.lower()
        encoding = "cp949" if label in {"euc-kr", "euckr", "ks_c_5601-1987"} else label
    parser = etree.XMLParser(
        recover=True,
        resolve_entities=False,
        no_network=True,
        huge_tree=False,
        remove_comments=True,
        encoding=encoding,
    )
    try:
        root = etree.fromstring(body, parser=parser)
    except (etree.XMLSyntaxError, LookupError, ValueError):
        return None
    return root


def local_name(element: etree._Element) -> str:
    tag = element.tag
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1].lower()


def child_text(element: etree._Element, name: str) -> str | None:
    """Text of the first child named ``name`` in any namespace (``{*}name``)."""
    found = element.find(f"{{*}}{name}")
    if found is None or found.text is None:
        return None
    return found.text.strip() or None
