"""SHA-256 of release files, and the ``SHA256SUMS`` file that ``sha256sum -c`` verifies."""

from __future__ import annotations

import hashlib
from pathlib import Path

SUMS_NAME = "SHA256SUMS"
_CHUNK = 1 << 20


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def release_files(root: Path) -> list[str]:
    """Every file of a release, relative and sorted, except the sums file itself."""
    return sorted(
        p.relative_to(root).as_posix()
        for p in root.rglob("*")
        if p.is_file() and p.name != SUMS_NAME
    )


def write_sums(root: Path) -> Path:
    """``<hex>  <path>`` lines in GNU coreutils format (two spaces: text mode)."""
    lines = [f"{sha256_file(root / rel)}  {rel}" for rel in release_files(root)]
    path = root / SUMS_NAME
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def verify_sums(root: Path) -> list[str]:
    """Problems with a release against its ``SHA256SUMS``: missing, changed or unlisted files."""
    sums = root / SUMS_NAME
    if not sums.is_file():
        return [f"{SUMS_NAME} is missing"]
    problems = []
    listed = set()
    for line in sums.read_text(encoding="utf-8").splitlines():
        digest, _, rel = line.partition("  ")
        listed.add(rel)
        path = root / rel
        if not path.is_file():
            problems.append(f"{rel}: missing")
        elif sha256_file(path) != digest:
            problems.append(f"{rel}: checksum differs")
    problems += [f"{rel}: not listed" for rel in release_files(root) if rel not in listed]
    return problems
