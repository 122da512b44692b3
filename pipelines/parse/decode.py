"""Turn a fetched page's bytes into text the way a browser would, tuned for Korean sites.

Korean publishers still serve EUC-KR pages, often labelled ``ks_c_5601-1987`` or
``x-windows-949``; those bytes are really Microsoft's superset (cp949, "UHC"), and decoding
them as strict EUC-KR loses the extended syllables, so every Korean label maps to cp949.
Sources are tried in order (HTTP header, ``<meta>`` in the first bytes, BOM, detector) and a
declared charset is only used if the bytes decode cleanly with it: wrong labels are common.
Decoding never raises; undecodable bytes become U+FFFD.
"""

from __future__ import annotations

import codecs
import re

UTF8 = "utf-8"
CP949 = "cp949"
WINDOWS_1252 = "cp1252"
META_SCAN_BYTES = 4096
_MAX_REPLACEMENTS = 16

# Labels (lower case) that all mean "Korean double-byte", decoded as the cp949 superset.
_KOREAN_LABELS = frozenset(
    {
        "euc-kr",
        "euc_kr",
        "euckr",
        "x-euc-kr",
        "ks_c_5601-1987",
        "ks_c_5601-1989",
        "ks_c_5601",
        "ksc5601",
        "ksc_5601",
        "ks_x_1001",
        "iso-ir-149",
        "korean",
        "csksc56011987",
        "cseuckr",
        "windows-949",
        "x-windows-949",
        "ms949",
        "cp949",
        "uhc",
    }
)
# WHATWG: these labels mean windows-1252 in practice; they are also the usual server default,
# so a ``<meta>`` declaration outranks them.
_LATIN1_LABELS = frozenset(
    {"iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1", "us-ascii", "ascii", "windows-1252"}
)

_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?\s*([\w.:+-]+)", re.IGNORECASE)
_META_CHARSET = re.compile(rb"<meta[^>]*?charset\s*=\s*[\"']?\s*([\w.:+-]+)", re.IGNORECASE)
_BOMS = (
    (codecs.BOM_UTF8, UTF8),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def normalise_label(label: str | None) -> str | None:
    """Map a charset label to a Python codec name, or None if Python does not know it."""
    if not label:
        return None
    name = label.strip().strip("\"'").lower()
    if name in _KOREAN_LABELS:
        return CP949
    if name in _LATIN1_LABELS:
        return WINDOWS_1252
    if name in {"utf8", "unicode-1-1-utf-8", "x-unicode20utf8"}:
        return UTF8
    try:
        codec = codecs.lookup(name).name
    except LookupError:
        return None
    if codec == "euc_kr":
        return CP949
    return UTF8 if codec == "utf-8" else codec


def charset_from_content_type(content_type: str | None) -> str | None:
    """The charset parameter of an HTTP Content-Type value, as a codec name."""
    if not content_type:
        return None
    match = _HEADER_CHARSET.search(content_type)
    return normalise_label(match.group(1)) if match else None


def charset_from_meta(body: bytes) -> str | None:
    """``<meta charset>`` or ``<meta http-equiv=Content-Type content=...charset=>`` near the top."""
    match = _META_CHARSET.search(body, 0, META_SCAN_BYTES)
    if not match:
        return None
    return normalise_label(match.group(1).decode("ascii", "replace"))


def charset_from_bom(body: bytes) -> str | None:
    for bom, codec in _BOMS:
        if body.startswith(bom):
            return codec
    return None


def _detect(body: bytes) -> str | None:
    """Last resort; imported lazily because most pages never need it."""
    from charset_normalizer import from_bytes

    best = from_bytes(body).best()
    return normalise_label(best.encoding) if best is not None else None


def _strict(body: bytes, codec: str) -> str | None:
    try:
        return body.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


def decode_html(body: bytes, content_type: str | None = None) -> tuple[str, str]:
    """Decode a page; returns (text, codec used). Never raises."""
    if not body:
        return "", UTF8
    header = charset_from_content_type(content_type)
    meta = charset_from_meta(body)
    if header in (WINDOWS_1252, None) and meta not in (None, WINDOWS_1252):
        declared = [meta, header]
    else:
        declared = [header, meta]
    declared.append(charset_from_bom(body))
    candidates = [c for i, c in enumerate(declared) if c and c not in declared[:i]]

    # Fast path: most pages are UTF-8, declared or not.
    if not candidates or candidates[0] == UTF8:
        text = _strict(body, UTF8)
        if text is not None:
            return text.removeprefix("\ufeff"), UTF8
    for codec in candidates:
        text = _strict(body, codec)
        if text is not None:
            return text.removeprefix("\ufeff"), codec
    if UTF8 not in candidates:
        text = _strict(body, UTF8)
        if text is not None:
            return text.removeprefix("\ufeff"), UTF8
    # A declared page with a few broken bytes (a truncated response, one bad character) is
    # still best read with its declaration; a detector would guess from the noise.
    if candidates:
        text, codec = min(
            ((body.decode(c, errors="replace"), c) for c in candidates),
            key=lambda pair: pair[0].count("\ufffd"),
        )
        if text.count("\ufffd") <= max(_MAX_REPLACEMENTS, len(body) // 1000):
            return text.removeprefix("\ufeff"), codec
    detected = _detect(body)
    if detected:
        text = _strict(body, detected)
        if text is not None:
            return text.removeprefix("\ufeff"), detected
    codec = candidates[0] if candidates else detected or UTF8
    return body.decode(codec, errors="replace").removeprefix("\ufeff"), codec
