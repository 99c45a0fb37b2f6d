"""Sort and deduplicate more lines than fit in memory: sorted runs written to disk, then merged.

Lines are bytes without a newline, compared byte by byte (for UTF-8 text that is code point order, the order of
``sorted`` on the decoded strings). Runs go to a private folder, locked while in use, that
:meth:`ExternalSort.close` removes (one a killed process left: :func:`graph.fsutil.remove_stale_scratch`).

>>> import tempfile
>>> with ExternalSort(tempfile.gettempdir(), run_lines=2) as lines:
...     lines.extend([b"c", b"a", b"b", b"a", b"d"])
...     list(lines.merged())
[b'a', b'b', b'c', b'd']
"""

from __future__ import annotations

import heapq
import shutil
import tempfile
from pathlib import Path
from typing import BinaryIO, Iterable, Iterator

from graph.fsutil import lock_scratch_folder, unlock_scratch_folder

RUN_LINES = 500_000  # lines sorted in memory at once: about 150 MB of N-Quads keys


class ExternalSort:
    """Collect lines with :meth:`extend`, then read them back sorted and unique with :meth:`merged`.

    While fewer than ``run_lines`` (default :data:`RUN_LINES`) lines have been added nothing touches the disk;
    beyond that every ``run_lines`` lines are sorted and written as a run in a new folder under ``directory``, named
    with ``prefix``.
    """

    def __init__(self, directory: str | Path, *, run_lines: int | None = None, prefix: str = ".sort-"):
        run_lines = RUN_LINES if run_lines is None else run_lines
        if run_lines < 1:
            raise ValueError(f"Expected at least one line per run, got run_lines={run_lines}")
        self.directory = Path(directory)
        self.run_lines = run_lines
        self.prefix = prefix
        self._lines: list[bytes] = []
        self._runs: list[Path] = []
        self._folder: Path | None = None
        self._lock = -1  # the descriptor that holds the folder locked while it exists

    def extend(self, lines: Iterable[bytes]) -> None:
        """Add ``lines`` (a run may then hold up to ``len(lines) - 1`` lines more than ``run_lines``)."""
        lines = list(lines)
        for line in lines:
            if b"\n" in line:
                raise ValueError(f"Expected a line without a newline, got {line[:80]!r}")
        self._lines.extend(lines)
        if len(self._lines) >= self.run_lines:
            self._spill()

    def _spill(self) -> None:
        if self._folder is None:
            self._folder = Path(tempfile.mkdtemp(prefix=self.prefix, dir=self.directory))
            self._lock = lock_scratch_folder(self._folder)
        run = self._folder / f"run-{len(self._runs):06d}"
        with open(run, "wb") as handle:
            handle.writelines(line + b"\n" for line in _unique(sorted(self._lines)))
        self._runs.append(run)
        self._lines = []

    def merged(self) -> Iterator[bytes]:
        """Every line added so far, once, in sorted order. More lines may be added after it is read to its end,
        and then merged again."""
        if not self._runs:
            self._lines.sort()
            yield from _unique(self._lines)
            return
        if self._lines:
            self._spill()
        handles = [open(run, "rb") for run in self._runs]
        try:
            yield from _unique(heapq.merge(*(_run_lines(h) for h in handles)))
        finally:
            for handle in handles:
                handle.close()

    def close(self) -> None:
        """Remove the runs written so far."""
        if self._folder is not None:
            shutil.rmtree(self._folder, ignore_errors=True)
            unlock_scratch_folder(self._folder, self._lock)
            self._folder = None
        self._runs = []
        self._lines = []

    def __enter__(self) -> "ExternalSort":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _run_lines(handle: BinaryIO) -> Iterator[bytes]:
    for line in handle:
        yield line[:-1]


def _unique(lines: Iterable[bytes]) -> Iterator[bytes]:
    previous = None
    for line in lines:
        if line != previous:
            yield line
            previous = line
