"""The releases directory: one publisher at a time, staged builds, an atomic ``latest``.

A release is built in a hidden staging directory, fsynced and renamed to its id; ``latest`` is
a relative symlink replaced by a rename. A reader following ``latest`` sees the previous
complete release or the new complete one, never a half-written one, whenever the publisher
dies. Leftovers of a dead publisher are hidden and are removed by the next one.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

LATEST = "latest"
LOCK_NAME = ".publish.lock"
STAGING_PREFIX = ".staging-"
_TMP_PREFIXES = (STAGING_PREFIX, ".latest-", ".trash-")
RELEASE_ID = re.compile(r"^\d{4}-\d{2}-\d{2}-[0-9a-f]{10}$")


class PublishLockedError(RuntimeError):
    """Another process is publishing into the same directory."""


@contextlib.contextmanager
def publish_lock(out_dir: Path) -> Iterator[None]:
    out_dir.mkdir(parents=True, exist_ok=True)
    with (out_dir / LOCK_NAME).open("a+") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise PublishLockedError(f"{out_dir}: another publish is running") from None
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_tree(root: Path) -> None:
    for path in sorted(root.rglob("*")):
        if path.is_file():
            with path.open("rb") as fh:
                os.fsync(fh.fileno())
    for d in sorted((p for p in root.rglob("*") if p.is_dir()), reverse=True):
        fsync_dir(d)
    fsync_dir(root)


def remove_leftovers(out_dir: Path) -> list[str]:
    """Delete staging directories and temporary links of publishers that died.

    Only called under the publish lock, so nothing listed here belongs to a live publisher.
    """
    removed = []
    for path in out_dir.iterdir():
        if not path.name.startswith(_TMP_PREFIXES):
            continue
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
        removed.append(path.name)
    return sorted(removed)


def new_staging(out_dir: Path) -> Path:
    staging = out_dir / f"{STAGING_PREFIX}{os.getpid()}-{uuid.uuid4().hex[:8]}"
    staging.mkdir()
    return staging


def install(staging: Path, out_dir: Path, release_id: str) -> Path:
    """Rename a complete staging directory to its release id (replacing a broken copy)."""
    final = out_dir / release_id
    if final.exists():
        trash = out_dir / f".trash-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        os.replace(final, trash)
        os.replace(staging, final)
        shutil.rmtree(trash, ignore_errors=True)
    else:
        os.replace(staging, final)
    fsync_dir(out_dir)
    return final


def point_latest(out_dir: Path, release_id: str) -> None:
    """Move ``latest`` to ``release_id`` with one rename (a relative link: the tree can move)."""
    tmp = out_dir / f".latest-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    tmp.symlink_to(release_id, target_is_directory=True)
    os.replace(tmp, out_dir / LATEST)
    os.utime(out_dir / release_id)  # newest first when pruning
    fsync_dir(out_dir)


def latest_release(out_dir: Path) -> Path | None:
    link = out_dir / LATEST
    if not link.is_symlink():
        return None
    target = out_dir / os.readlink(link)
    return target if target.is_dir() else None


def releases(out_dir: Path) -> list[Path]:
    """Complete releases, newest first (by when they were last made ``latest``)."""
    found = [
        p
        for p in out_dir.iterdir()
        if RELEASE_ID.match(p.name) and p.is_dir() and not p.is_symlink()
    ]
    return sorted(found, key=lambda p: (p.stat().st_mtime_ns, p.name), reverse=True)


def prune(out_dir: Path, keep: int) -> list[str]:
    """Keep the ``keep`` newest releases (at least one, always the one ``latest`` names)."""
    current = latest_release(out_dir)
    removed = []
    for old in releases(out_dir)[max(keep, 1) :]:
        if current is not None and old.name == current.name:
            continue
        shutil.rmtree(old, ignore_errors=True)
        removed.append(old.name)
    return removed
