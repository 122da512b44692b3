"""A small PNG reader for browser screenshots: enough to count the pixels of a colour.

Decodes 8-bit RGB/RGBA, non-interlaced PNGs (what Chromium writes) with zlib and numpy.
"""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import numpy as np

_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _unfilter(filters: np.ndarray, rows: np.ndarray, width: int, channels: int) -> np.ndarray:
    """Undo PNG filtering one anti-diagonal of pixels at a time.

    Pixel (y, x) depends only on its left, upper and upper-left neighbours, which lie on the
    two previous anti-diagonals. Rows are skewed so that each anti-diagonal is a contiguous
    slice, and each is reconstructed in a few vectorised steps whatever the rows' filter types.
    """
    height = len(filters)
    raw = rows.reshape(height, width, channels).astype(np.int16)
    diagonals = height + width - 1
    ys, xs = np.mgrid[0:height, 0:width]
    # skewed[s, y + 1] is pixel (y, s - y); index 0 and out-of-row cells stay zero
    skewed_raw = np.zeros((diagonals, height + 1, channels), dtype=np.int16)
    skewed_raw[xs + ys, ys + 1] = raw
    out = np.zeros((diagonals + 1, height + 1, channels), dtype=np.int16)  # out[s + 1] = diag s
    kind = np.zeros(height + 1, dtype=np.int16)
    kind[1:] = filters
    masks = [(kind == k).astype(np.int16)[:, None] for k in range(5)]
    if (kind[1:] > 4).any():
        raise ValueError("bad PNG filter type")
    for s in range(diagonals):
        lo, hi = max(0, s - width + 1) + 1, min(height - 1, s) + 2  # skewed rows of diagonal s
        a = out[s, lo:hi]  # left: same row, previous diagonal
        b = out[s, lo - 1 : hi - 1]  # up: previous row, previous diagonal
        c = out[s - 1, lo - 1 : hi - 1] if s else np.zeros_like(a)  # up-left
        p = a + b - c
        pa, pb, pc = np.abs(p - a), np.abs(p - b), np.abs(p - c)
        paeth = np.where((pa <= pb) & (pa <= pc), a, np.where(pb <= pc, b, c))
        pred = (
            masks[1][lo:hi] * a
            + masks[2][lo:hi] * b
            + masks[3][lo:hi] * ((a + b) >> 1)
            + masks[4][lo:hi] * paeth
        )
        out[s + 1, lo:hi] = (skewed_raw[s, lo:hi] + pred) & 0xFF
    return out[xs + ys + 1, ys + 1].astype(np.uint8)


def read_png(path: Path) -> np.ndarray:
    """Pixels as an (height, width, 3) uint8 array (alpha dropped)."""
    data = path.read_bytes()
    if not data.startswith(_SIGNATURE):
        raise ValueError(f"{path}: not a PNG")
    pos, idat = len(_SIGNATURE), []
    width = height = channels = 0
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind = data[pos + 4 : pos + 8]
        body = data[pos + 8 : pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR":
            width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", body)
            if depth != 8 or colour not in (2, 6) or interlace:
                raise ValueError(f"{path}: unsupported PNG (depth {depth}, colour {colour})")
            channels = 3 if colour == 2 else 4
        elif kind == b"IDAT":
            idat.append(body)
        elif kind == b"IEND":
            break
    stride = width * channels
    raw = np.frombuffer(zlib.decompress(b"".join(idat)), dtype=np.uint8)
    raw = raw.reshape(height, stride + 1)
    pixels = _unfilter(raw[:, 0], raw[:, 1:], width, channels)
    return pixels[:, :, :3]


def write_png(pixels: np.ndarray, path: Path) -> None:
    """RGB pixels to a PNG (no filtering): for looking at a crop of a screenshot."""
    height, width, _ = pixels.shape
    raw = b"".join(b"\x00" + pixels[y].tobytes() for y in range(height))

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    path.write_bytes(
        _SIGNATURE
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(raw, 6))
        + chunk(b"IEND", b"")
    )


def colour_pixels(pixels: np.ndarray, hex_colour: str, tolerance: int = 6) -> int:
    """How many pixels are within ``tolerance`` of ``#rrggbb`` on every channel."""
    target = np.array([int(hex_colour[i : i + 2], 16) for i in (1, 3, 5)], dtype=np.int16)
    diff = np.abs(pixels.astype(np.int16) - target).max(axis=2)
    return int((diff <= tolerance).sum())
