"""Scratch beside an output that a killed write left behind is removed; scratch a live process holds is not."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from graph.cli import main
from graph.extsort import ExternalSort
from graph.fsutil import SCRATCH_LOCK, atomic_open, remove_stale_scratch
from graph.store_oxigraph import OxigraphStore

# a child process that takes a lock the way the code under test does, says so, and holds it until told to stop
HOLD = {
    "file": "import fcntl, os, sys; fd = os.open(sys.argv[1], os.O_RDWR); fcntl.lockf(fd, fcntl.LOCK_EX)",
    "store": "import sys; from graph.store_oxigraph import OxigraphStore; s = OxigraphStore(sys.argv[1])",
}


class Holder:
    """Run a child that holds ``path`` locked until :meth:`stop`."""

    def __init__(self, kind: str, path: Path):
        self.child = subprocess.Popen([sys.executable, "-c", HOLD[kind] + "; print('held', flush=True); input()",
                                       str(path)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        assert self.child.stdout.readline().strip() == "held"

    def stop(self) -> None:
        self.child.communicate("\n", timeout=30)


def _killed_sort(beside: Path, name: str) -> Path:
    """A sort folder as a killed export leaves it: runs, and a lock file nobody holds."""
    folder = beside / name
    folder.mkdir()
    (folder / SCRATCH_LOCK).touch()
    (folder / "run-000000").write_bytes(b"<a> <b> <c> .\n")
    return folder


@pytest.mark.parametrize("kind", ["part", "sort", "count"])
def test_scratch_left_by_a_killed_write_is_removed(tmp_path, kind):
    target = tmp_path / "kg.trig"
    if kind == "part":
        left = tmp_path / ".kg.trig.x1y2.part"
        left.write_bytes(b"half")
    else:
        left = _killed_sort(tmp_path, f".kg.trig.{kind}-abc")
    others = [tmp_path / "kg.trig", tmp_path / ".kg.ttl.x1y2.part", tmp_path / ".kg.trig.notes", tmp_path / "kg.trig.part"]
    for other in others:
        other.write_text("keep")
    assert remove_stale_scratch(target) == [left]
    assert not left.exists()
    assert all(other.exists() for other in others)


def test_scratch_a_live_process_holds_is_kept(tmp_path):
    target = tmp_path / "kg.nq"
    part = tmp_path / ".kg.nq.abcd.part"
    part.write_bytes(b"being written")
    sort = _killed_sort(tmp_path, ".kg.nq.sort-live")
    store = tmp_path / ".kg.nq.store-live"
    OxigraphStore(store).close()
    holders = [Holder("file", part), Holder("file", sort / SCRATCH_LOCK), Holder("store", store)]
    try:
        assert remove_stale_scratch(target) == []
        assert part.exists() and sort.exists() and store.exists()
    finally:
        for holder in holders:
            holder.stop()
    assert sorted(remove_stale_scratch(target)) == sorted([part, sort, store])  # their processes have ended


def test_scratch_folder_without_a_lock_is_kept_while_young(tmp_path):
    young, old = tmp_path / ".kg.ttl.store-young", tmp_path / ".kg.ttl.store-old"
    young.mkdir()
    old.mkdir()
    hours_ago = time.time() - 2 * 3600
    os.utime(old, (hours_ago, hours_ago))
    assert remove_stale_scratch(tmp_path / "kg.ttl") == [old]
    assert young.exists()


def test_scratch_of_this_code_is_locked_while_in_use(tmp_path):
    """atomic_open's file and an ExternalSort's folder, seen from another process while in use, are kept."""
    target = tmp_path / "kg.nt"
    check = ("import sys; from graph.fsutil import remove_stale_scratch; "
             "print(len(remove_stale_scratch(sys.argv[1])))")
    with atomic_open(target, "wb") as handle, ExternalSort(tmp_path, run_lines=1, prefix=".kg.nt.sort-") as lines:
        handle.write(b"<a> <b> <c> .\n")
        lines.extend([b"b", b"a"])
        assert len(list(tmp_path.glob(".kg.nt.*"))) == 2  # the .part file and the runs' folder
        hours_ago = time.time() - 2 * 3600
        for scratch in tmp_path.glob(".kg.nt.*"):  # old enough that only a lock keeps them
            os.utime(scratch, (hours_ago, hours_ago))
        seen = subprocess.run([sys.executable, "-c", check, str(target)], capture_output=True, text=True, check=True)
        assert seen.stdout.strip() == "0"
        assert len(list(tmp_path.glob(".kg.nt.*"))) == 2
    assert [p.name for p in tmp_path.iterdir()] == ["kg.nt"]


def test_cli_export_removes_what_a_killed_export_left(tmp_path, capsys):
    source = tmp_path / "in.nt"
    source.write_text("<https://example.org/a> <https://example.org/p> \"x\" .\n", encoding="utf-8")
    out = tmp_path / "out" / "kg.nt"
    out.parent.mkdir()
    left = _killed_sort(out.parent, ".kg.nt.sort-killed")
    assert main(["export", str(source), "-o", str(out)]) == 0
    assert not left.exists() and out.is_file()
    assert f"removed {left}, left by an export that was killed" in capsys.readouterr().err
    assert sorted(p.name for p in out.parent.iterdir()) == ["kg.nt"]
