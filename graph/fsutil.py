"""Writing files so that nothing is ever half-written: write a temporary file beside the target, then rename.

Every scratch file or folder a write makes beside its target ``FILE`` is named ``.FILE.…`` and is locked
(``fcntl``) by the process that uses it while in use; what a killed process left is found and removed by
:func:`remove_stale_scratch`.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Iterator


@contextmanager
def atomic_open(path: str | Path, mode: str = "wb", encoding: str | None = None) -> Iterator[IO]:
    """Open a temporary file beside ``path``; on success it replaces ``path``, on error it is removed.

    >>> import tempfile, os
    >>> d = tempfile.mkdtemp(); p = os.path.join(d, "x.txt")
    >>> with atomic_open(p, "w", encoding="utf-8") as f: _ = f.write("hi")
    >>> open(p).read()
    'hi'
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    fcntl.lockf(fd, fcntl.LOCK_EX)  # in use: see remove_stale_scratch
    _OURS.add(Path(tmp).resolve())
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; a written file gets the usual mode
    try:
        with os.fdopen(fd, mode, encoding=encoding) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    finally:
        _OURS.discard(Path(tmp).resolve())


def atomic_write_bytes(path: str | Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically."""
    with atomic_open(path, "wb") as handle:
        handle.write(data)


def atomic_write_text(path: str | Path, text: str) -> None:
    """Write ``text`` (UTF-8) to ``path`` atomically."""
    with atomic_open(path, "w", encoding="utf-8") as handle:
        handle.write(text)


SCRATCH_LOCK = ".lock"  # the file a scratch folder's user holds locked (an Oxigraph store has RocksDB's LOCK)
_LOCKLESS_AGE_S = 3600  # a scratch folder without a lock file is left alone for this long: it may be being made
_OURS: set[Path] = set()  # the scratch this process uses: a POSIX lock does not keep its own process out


def lock_scratch_folder(folder: Path) -> int:
    """Mark ``folder`` as in use by this process (a lock other processes see, and a note for this one) until
    :func:`unlock_scratch_folder` is given the returned descriptor."""
    fd = os.open(folder / SCRATCH_LOCK, os.O_RDWR | os.O_CREAT, 0o600)
    fcntl.lockf(fd, fcntl.LOCK_EX)
    _OURS.add(folder.resolve())
    return fd


def unlock_scratch_folder(folder: Path, fd: int) -> None:
    _OURS.discard(folder.resolve())
    os.close(fd)


@contextmanager
def scratch_folder(target: str | Path, kind: str) -> Iterator[Path]:
    """A new folder ``.{name}.{kind}-…`` beside ``target``, in use (see :func:`lock_scratch_folder`) until the end of
    the block, then removed."""
    target = Path(target)
    folder = Path(tempfile.mkdtemp(prefix=f".{target.name}.{kind}-", dir=target.parent))
    try:
        fd = lock_scratch_folder(folder)
        try:
            yield folder
        finally:
            unlock_scratch_folder(folder, fd)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def remove_stale_scratch(target: str | Path) -> list[Path]:
    """Remove what killed writes of ``target`` left beside it (``.{name}.*.part`` files, and ``.{name}.store-*``,
    ``.sort-*`` and ``.count-*`` folders) that no other process holds locked; return what was removed.

    Scratch this process uses is left alone however it is locked: a POSIX lock does not keep its own process
    out (and closing any descriptor of a file would drop the process's lock on it).
    """
    target = Path(target)
    removed = []
    try:
        entries = list(target.parent.iterdir())
    except OSError:
        return removed  # no folder yet, or not readable: nothing to clean, and the write will say why it fails
    prefix = f".{target.name}."
    for entry in sorted(entries):
        rest = entry.name[len(prefix) :] if entry.name.startswith(prefix) else None
        if rest is None or entry.resolve() in _OURS:
            continue
        try:
            if rest.endswith(".part") and entry.is_file():
                if not _locked(entry):
                    entry.unlink()
                    removed.append(entry)
            elif rest.startswith(("store-", "sort-", "count-")) and entry.is_dir() and not entry.is_symlink():
                locks = [entry / name for name in ("LOCK", SCRATCH_LOCK) if (entry / name).is_file()]
                if locks:
                    stale = not any(_locked(lock) for lock in locks)
                else:
                    stale = time.time() - entry.stat().st_mtime > _LOCKLESS_AGE_S
                if stale:
                    shutil.rmtree(entry)
                    removed.append(entry)
        except OSError:
            continue  # gone meanwhile, or not ours to remove: left as it is
    return removed


def _locked(path: Path) -> bool:
    """Whether another process holds ``path`` locked (``fcntl``, as RocksDB and :func:`atomic_open` lock)."""
    try:
        fd = os.open(path, os.O_RDWR)
    except OSError:
        return True  # cannot tell: leave it
    try:
        fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return True
    finally:
        os.close(fd)  # closing drops the lock just taken
    return False
