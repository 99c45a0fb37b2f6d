"""A build killed with SIGKILL (the build and its workers, mid-way) resumes to the same graph as one never killed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from store_checks import quad_lines

from graph.bench import generate_corpus
from graph.ids import Minter
from graph.pipeline import build
from graph.store_oxigraph import OxigraphStore

N = 200
BATCH_QUADS = 4000  # about ten papers a batch, so the kill lands between or inside batches

CHILD = """
import os, signal, sys, threading
from pathlib import Path
import graph.pipeline as pipeline
from graph.ids import Minter
from graph.store_oxigraph import OxigraphStore
pipeline.BATCH_QUADS = int(sys.argv[3])
if len(sys.argv) > 4:  # SIGKILL the build and its workers ``delay`` seconds into bulk load number ``n``
    n, delay = int(sys.argv[4]), float(sys.argv[5])
    bulk_load, calls = OxigraphStore.bulk_load_nquads, []
    def killing_bulk_load(self, data):
        calls.append(n)
        if len(calls) == n:
            threading.Timer(delay, os.killpg, (os.getpgid(0), signal.SIGKILL)).start()
        bulk_load(self, data)
    OxigraphStore.bulk_load_nquads = killing_bulk_load
paths = sorted(Path(sys.argv[1]).glob("*.txt"))
report = pipeline.build(paths, OxigraphStore(sys.argv[2]), minter=Minter(), jobs=2,
                        progress=lambda done, total: print(done, total, flush=True))
print("finished", flush=True)
"""


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> list[Path]:
    return generate_corpus(tmp_path_factory.mktemp("corpus"), N, seed=11)


@pytest.fixture(scope="module")
def uninterrupted(corpus, tmp_path_factory) -> set[str]:
    store = OxigraphStore(tmp_path_factory.mktemp("whole") / "store")
    report = build(corpus, store, minter=Minter(), jobs=1)
    assert len(report.built) == N
    lines = quad_lines(store)
    store.close()
    return lines


def _build_and_kill(corpus_dir: Path, store_dir: Path, kill_after: int | None, batch_quads: int = BATCH_QUADS,
                    in_bulk_load: tuple[int, float] | None = None) -> int:
    """Run a build in a child process group and SIGKILL the whole group: once ``kill_after`` papers are written, or
    from inside the child ``in_bulk_load = (n, delay)``: ``delay`` seconds into its n-th bulk load. Return the
    papers the child reported written."""
    extra = [str(v) for v in in_bulk_load] if in_bulk_load else []
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(corpus_dir), str(store_dir), str(batch_quads), *extra],
        stdout=subprocess.PIPE, text=True, start_new_session=True,
    )
    done = 0
    try:
        for line in child.stdout:
            if line.startswith("finished"):
                break
            done = int(line.split()[0])
            if kill_after is not None and done >= kill_after:
                os.killpg(child.pid, signal.SIGKILL)
                break
    finally:
        child.stdout.close()
        child.wait(timeout=60)
    assert child.returncode == -signal.SIGKILL, "the build finished before it could be killed"
    return done


def _resume(corpus: list[Path], store_dir: Path, written: int) -> set[str]:
    store = OxigraphStore(store_dir)
    report = build(corpus, store, minter=Minter(), jobs=2)
    assert not report.failed
    assert len(report.built) + len(report.unchanged) == N
    assert len(report.unchanged) >= written  # what was written before the kill is kept, not redone
    assert report.built  # and the rest was built now
    lines = quad_lines(store)
    store.close()
    return lines


@pytest.mark.slow
@pytest.mark.parametrize("kill_after", [1, N // 2])
def test_pipeline_kill_resumes_to_the_same_graph(kill_after, corpus, uninterrupted, tmp_path):
    written = _build_and_kill(corpus[0].parent, tmp_path / "store", kill_after)
    assert written < N
    assert _resume(corpus, tmp_path / "store", written) == uninterrupted


@pytest.mark.slow
@pytest.mark.parametrize("delay", [0.0, 0.05, 0.12])
@pytest.mark.parametrize("load", [2, 3], ids=["union-copies", "graphs"])
def test_pipeline_killed_inside_a_bulk_load_resumes_to_the_same_graph(load, delay, corpus, uninterrupted, tmp_path):
    """Batches of ~50 papers (four in all) are written in two bulk loads each, the graphs and then the union copies
    of their facts, each taking about a tenth of a second: the kill lands while the text is parsed, while SST files
    are written, or while RocksDB ingests them, in the union copies of the first batch (load 2) or the graphs of the
    second (load 3). Whatever part of the load is in the store, the resumed build ends with the same graph."""
    written = _build_and_kill(corpus[0].parent, tmp_path / "store", None, batch_quads=20_000,
                              in_bulk_load=(load, delay))
    assert written < N
    assert _resume(corpus, tmp_path / "store", written) == uninterrupted
