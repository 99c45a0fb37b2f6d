"""A build killed with SIGKILL (the build and its workers, mid-way) resumes to the same graph as one never killed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from graph.bench import generate_corpus
from graph.ids import Minter
from graph.pipeline import build
from graph.store import nquads
from graph.store_oxigraph import OxigraphStore

N = 200
BATCH_QUADS = 4000  # about ten papers a batch, so the kill lands between or inside batches

CHILD = """
import sys
from pathlib import Path
import graph.pipeline as pipeline
from graph.ids import Minter
from graph.store_oxigraph import OxigraphStore
pipeline.BATCH_QUADS = int(sys.argv[3])
paths = sorted(Path(sys.argv[1]).glob("*.txt"))
report = pipeline.build(paths, OxigraphStore(sys.argv[2]), minter=Minter(), jobs=2,
                        progress=lambda done, total: print(done, total, flush=True))
print("finished", flush=True)
"""


def _lines(store) -> set[str]:
    """The named graphs' quads, and a check that the union default graph is exactly their triples (bar bookkeeping)."""
    build_graph = Minter().graph("build")
    named = {(s, p, o) for s, p, o, g in store.quads() if g != build_graph}
    union = {tuple(row) for row in store.query("SELECT ?s ?p ?o WHERE { ?s ?p ?o }").rows}
    assert named <= union
    assert union - named <= {(s, p, o) for s, p, o, g in store.quads(build_graph)}  # rdflib's union shows those
    return set(nquads(store.quads()).splitlines())


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> list[Path]:
    return generate_corpus(tmp_path_factory.mktemp("corpus"), N, seed=11)


@pytest.fixture(scope="module")
def uninterrupted(corpus, tmp_path_factory) -> set[str]:
    store = OxigraphStore(tmp_path_factory.mktemp("whole") / "store")
    report = build(corpus, store, minter=Minter(), jobs=1)
    assert len(report.built) == N
    lines = _lines(store)
    store.close()
    return lines


def _build_and_kill(corpus_dir: Path, store_dir: Path, kill_after: int) -> int:
    """Run a build in a child process group; SIGKILL the whole group once ``kill_after`` papers are written."""
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(corpus_dir), str(store_dir), str(BATCH_QUADS)],
        stdout=subprocess.PIPE, text=True, start_new_session=True,
    )
    done = 0
    try:
        for line in child.stdout:
            if line.startswith("finished"):
                break
            done = int(line.split()[0])
            if done >= kill_after:
                os.killpg(child.pid, signal.SIGKILL)
                break
    finally:
        child.stdout.close()
        child.wait(timeout=60)
    assert child.returncode == -signal.SIGKILL, "the build finished before it could be killed"
    return done


@pytest.mark.slow
@pytest.mark.parametrize("kill_after", [1, N // 2])
def test_pipeline_kill_resumes_to_the_same_graph(kill_after, corpus, uninterrupted, tmp_path):
    store_dir = tmp_path / "store"
    written = _build_and_kill(corpus[0].parent, store_dir, kill_after)
    assert written < N

    store = OxigraphStore(store_dir)
    report = build(corpus, store, minter=Minter(), jobs=2)
    assert not report.failed
    assert len(report.built) + len(report.unchanged) == N
    assert len(report.unchanged) >= written  # what was written before the kill is kept, not redone
    assert report.built  # and the rest was built now
    assert _lines(store) == uninterrupted
