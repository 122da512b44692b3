"""Streaming gzip/deflate decoding with a cap on the decoded size.

A compressed body is capped after decompression, so a small gzip bomb cannot blow up
memory; a stream that ends before the compressed data does is reported as truncated.
"""

from __future__ import annotations

import zlib


class BodyTooLarge(Exception):
    """The decoded body passed max_body_bytes."""


class TruncatedBody(Exception):
    """The compressed stream ended early (connection cut, or a broken server)."""


class BodyDecoder:
    """Feed raw chunks, get decoded bytes; raises as soon as the cap is passed."""

    def __init__(self, content_encoding: str | None, cap: int) -> None:
        encoding = (content_encoding or "").strip().lower()
        self.cap = cap
        self.size = 0
        self._chunks: list[bytes] = []
        if encoding in ("gzip", "x-gzip"):
            self._z: zlib._Decompress | None = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif encoding == "deflate":
            self._z = zlib.decompressobj()
        elif encoding in ("", "identity"):
            self._z = None
        else:
            raise ValueError(f"unsupported content-encoding {encoding!r}")
        self.encoding = encoding or "identity"
        self._raw_deflate_tried = False

    def feed(self, chunk: bytes) -> None:
        if self._z is None:
            self._take(chunk)
            return
        data = chunk
        while data:
            try:
                out = self._z.decompress(data, self.cap - self.size + 1)
            except zlib.error:
                if self.encoding == "deflate" and not self._raw_deflate_tried and not self.size:
                    # Some servers send raw deflate without the zlib wrapper.
                    self._raw_deflate_tried = True
                    self._z = zlib.decompressobj(-zlib.MAX_WBITS)
                    continue
                raise
            self._take(out)
            data = self._z.unconsumed_tail
            if self._z.eof:
                break

    def finish(self) -> bytes:
        if self._z is not None:
            if not self._z.eof:
                raise TruncatedBody(f"{self.encoding} body ended before its end marker")
            self._take(self._z.flush())
        return b"".join(self._chunks)

    def _take(self, data: bytes) -> None:
        if not data:
            return
        self.size += len(data)
        if self.size > self.cap:
            raise BodyTooLarge(f"body passed max_body_bytes={self.cap}")
        self._chunks.append(data)
