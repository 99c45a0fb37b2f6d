"""The build index of an Oxigraph store: a rebuild trusts it only while the store vouches for it, and then reads
neither the store's entries nor the files that kept their size and time."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from store_checks import fresh_quad_lines, quad_lines

import graph.pipeline as pipeline
from graph.bench import change_papers, generate_corpus
from graph.build_index import INDEX_FILE, BuildIndex
from graph.ids import Minter
from graph.pipeline import BuildError, build
from graph.store import StoreError
from graph.store_oxigraph import OxigraphStore

N = 12
MINTER = Minter()


def _age(paths: list[Path], seconds: int = 60) -> None:
    """Move the files' modification times back: a file modified within 2 s of being hashed is hashed again."""
    for path in paths:
        past = path.stat().st_mtime_ns - seconds * 1_000_000_000
        os.utime(path, ns=(past, past))


@pytest.fixture
def corpus(tmp_path) -> list[Path]:
    paths = generate_corpus(tmp_path / "corpus", N, seed=5)
    _age(paths)
    return paths


@pytest.fixture
def hashed(monkeypatch) -> list[str]:
    """The files the build reads to hash them, in order."""
    read: list[str] = []
    real = pipeline.file_hash

    def counting(path):
        read.append(str(path))
        return real(path)

    monkeypatch.setattr(pipeline, "file_hash", counting)
    return read


def _refuse(*args, **kwargs):
    raise AssertionError("the build read what its index holds")


def test_pipeline_index_rebuild_reads_neither_entries_nor_unchanged_files(corpus, hashed, tmp_path, monkeypatch):
    store = OxigraphStore(tmp_path / "store")
    build(corpus, store, minter=MINTER, jobs=1)
    assert sorted(hashed) == sorted(map(str, corpus)) and (tmp_path / "store" / INDEX_FILE).is_file()
    changed = change_papers(tmp_path / "corpus", N, 0.25, seed=5)
    hashed.clear()
    monkeypatch.setattr(pipeline, "read_entries", _refuse)
    monkeypatch.setattr(OxigraphStore, "graph_names", _refuse)

    report = build(corpus, store, minter=MINTER, jobs=1)

    assert sorted(hashed) == sorted(map(str, changed))  # the others kept their size and time
    assert sorted(p.path for p in report.built) == sorted(map(str, changed))
    assert len(report.unchanged) == N - len(changed)
    monkeypatch.undo()
    assert quad_lines(store) == fresh_quad_lines(corpus, tmp_path / "fresh")


def test_pipeline_index_hashes_again_files_modified_just_before_they_were_hashed(tmp_path, hashed):
    corpus = generate_corpus(tmp_path / "corpus", N, seed=5)  # just written: their times cannot vouch yet
    store = OxigraphStore(tmp_path / "store")
    build(corpus, store, minter=MINTER, jobs=1)
    hashed.clear()
    report = build(corpus, store, minter=MINTER, jobs=1)
    assert sorted(hashed) == sorted(map(str, corpus))
    assert len(report.unchanged) == N


def test_pipeline_index_the_store_does_not_vouch_for_is_not_used(corpus, hashed, tmp_path, monkeypatch):
    store = OxigraphStore(tmp_path / "store")
    build(corpus, store, minter=MINTER, jobs=1)
    index_file = tmp_path / "store" / INDEX_FILE
    # an index without entries: were it used, the next build would take every paper for a new one
    index = json.loads(index_file.read_bytes())
    assert len(index["entries"]) == N
    index_file.write_text(json.dumps({**index, "entries": []}))
    read_entries, real_read_entries = [], pipeline.read_entries
    monkeypatch.setattr(pipeline, "read_entries", lambda *a: read_entries.append(1) or real_read_entries(*a))
    hashed.clear()
    report = build(corpus, store, minter=MINTER, jobs=1)
    assert read_entries == [1] and len(report.unchanged) == N
    assert sorted(hashed) == sorted(map(str, corpus))  # without a trusted index, every file is read
    assert BuildIndex.of(store, MINTER).read() is not None  # written again at the end



def test_pipeline_index_is_not_used_after_a_build_that_stopped(corpus, tmp_path, monkeypatch):
    store = OxigraphStore(tmp_path / "store")
    build(corpus[: N // 2], store, minter=MINTER, jobs=1)
    assert BuildIndex.of(store, MINTER).read() is not None

    def refusing(self, data):
        raise StoreError("disk full")

    monkeypatch.setattr(OxigraphStore, "bulk_load_nquads", refusing)
    with pytest.raises(BuildError, match="disk full"):
        build(corpus, store, minter=MINTER, jobs=1)
    assert BuildIndex.of(store, MINTER).read() is None
    monkeypatch.undo()
    report = build(corpus, store, minter=MINTER, jobs=1)
    assert len(report.built) == N - N // 2 and not report.failed
    assert quad_lines(store) == fresh_quad_lines(corpus, tmp_path / "fresh")


def test_pipeline_index_a_failing_file_is_tried_again(corpus, tmp_path):
    store = OxigraphStore(tmp_path / "store")
    build(corpus, store, minter=MINTER, jobs=1)
    corpus[0].write_bytes(b"\x00\x01 not a paper")
    _age(corpus[:1])
    for _ in range(2):  # its entry is still the last good version's, which its size and time do not stand for
        report = build(corpus, store, minter=MINTER, jobs=1)
        assert [p.path for p in report.failed] == [str(corpus[0])]
        assert len(report.unchanged) == N - 1
