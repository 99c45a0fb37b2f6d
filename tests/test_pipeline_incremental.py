"""The build pipeline: every store gets the same graph, unchanged papers are skipped, changed ones replaced, removed
ones dropped, and a paper that cannot be read does not stop the others."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from store_checks import fresh_quad_lines, quad_lines
from oxigraph_server import oxigraph_server, remote_store  # noqa: F401 - pytest fixtures

from graph.bench import change_papers, generate_corpus
from graph.ids import Minter
from graph.pipeline import build
from graph.store import MemoryStore
from graph.store_oxigraph import OxigraphStore

N = 24
MINTER = Minter()


def _open(kind: str, tmp_path: Path, request):
    if kind == "memory":
        return MemoryStore()
    if kind == "oxigraph":
        return OxigraphStore(tmp_path / "store")
    return request.getfixturevalue("remote_store")


@pytest.fixture
def corpus(tmp_path) -> list[Path]:
    return generate_corpus(tmp_path / "corpus", N, seed=7)


def _paper_count(store) -> int:
    rows = store.query(
        "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { GRAPH ?g { ?p a <https://w3id.org/kamergraaf/def#Kamerstuk> ; "
        "<http://purl.org/dc/terms/title> ?t } }"
    ).rows
    return int(rows[0][0])


@pytest.mark.parametrize("kind", ["memory", "oxigraph", "remote"])
def test_pipeline_incremental_builds_then_skips_unchanged(kind, corpus, tmp_path, request):
    store = _open(kind, tmp_path, request)
    first = build(corpus, store, minter=MINTER, jobs=1)
    assert len(first.built) == N and not first.failed, first.failed
    assert first.triples > 20 * N
    assert all(p.doc_id and p.doc_id.startswith("kst-") for p in first.built)
    names = store.graph_names()
    for outcome in first.built:
        assert MINTER.graph(outcome.doc_id) in names
        assert MINTER.provenance_graph(outcome.doc_id) in names
    assert {MINTER.graph("register"), MINTER.graph("gazetteer"), MINTER.graph("build")} <= names
    assert _paper_count(store) == N
    before = quad_lines(store)
    second = build(corpus, store, minter=MINTER, jobs=1)
    assert len(second.unchanged) == N and not second.built and second.reference_quads == 0
    assert quad_lines(store) == before


@pytest.mark.parametrize("kind", ["memory", "oxigraph", "remote"])
def test_pipeline_incremental_replaces_changed_and_drops_removed(kind, corpus, tmp_path, request):
    store = _open(kind, tmp_path, request)
    build(corpus, store, minter=MINTER, jobs=1)
    changed = change_papers(tmp_path / "corpus", N, 0.1, seed=7)
    removed = corpus[-1]
    if removed in changed:
        removed = corpus[-2]
    removed.unlink()
    kept = [p for p in corpus if p != removed]
    report = build(kept, store, minter=MINTER, jobs=1)
    assert sorted(p.path for p in report.built) == sorted(str(p) for p in changed)
    assert [p.path for p in report.removed] == [str(removed)]
    assert len(report.unchanged) == N - 1 - len(changed)
    gone = report.removed[0].doc_id
    assert MINTER.graph(gone) not in store.graph_names()
    assert MINTER.provenance_graph(gone) not in store.graph_names()

    assert quad_lines(store) == fresh_quad_lines(kept, tmp_path / "fresh")


@pytest.mark.parametrize("jobs", [2])
def test_pipeline_incremental_workers_give_the_same_graph(jobs, corpus, tmp_path):
    alone, together = OxigraphStore(tmp_path / "one"), OxigraphStore(tmp_path / "many")
    build(corpus, alone, minter=MINTER, jobs=1)
    report = build(corpus, together, minter=MINTER, jobs=jobs)
    assert len(report.built) == N
    assert quad_lines(alone) == quad_lines(together)


@pytest.mark.parametrize("content", [b"", b"\x00\x01 not a paper"])
def test_pipeline_incremental_reports_failures_and_goes_on(content, corpus, tmp_path):
    bad = tmp_path / "corpus" / "bad.txt"
    bad.write_bytes(content)
    store = OxigraphStore(tmp_path / "store")
    report = build([*corpus, bad], store, minter=MINTER, jobs=1)
    assert len(report.built) == N
    assert [p.path for p in report.failed] == [str(bad)]
    assert report.failed[0].reason
    again = build([*corpus, bad], store, minter=MINTER, jobs=1)
    assert [p.path for p in again.failed] == [str(bad)] and len(again.unchanged) == N


@pytest.mark.parametrize("copies", [2])
def test_pipeline_incremental_refuses_a_second_file_with_the_same_id(copies, corpus, tmp_path):
    twin = tmp_path / "twin.txt"
    twin.write_bytes(corpus[0].read_bytes())
    store = OxigraphStore(tmp_path / "store")
    report = build([*corpus, twin], store, minter=MINTER, jobs=1)
    assert len(report.built) == N
    assert len(report.failed) == copies - 1
    assert "already built from" in report.failed[0].reason


@pytest.mark.parametrize("folder", ["papers met spaties", "map é#%"])
def test_pipeline_incremental_records_each_source_by_the_iri_of_its_real_path(folder, corpus, tmp_path):
    """Sources are recorded as ``Path.resolve().as_uri()`` writes them, also through a link and a relative path."""
    real = tmp_path / folder / corpus[0].name
    real.parent.mkdir()
    real.write_bytes(corpus[0].read_bytes())
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    relative = os.path.relpath(corpus[1], Path.cwd())
    store = MemoryStore()
    build([link, relative], store, minter=MINTER, jobs=1)
    build_graph = MINTER.graph("build")
    rows = store.query(
        f"SELECT ?source WHERE {{ GRAPH <{build_graph}> {{ ?g <http://purl.org/dc/terms/source> ?source }} }}").rows
    assert sorted(str(source) for source, in rows) == sorted([real.resolve().as_uri(), corpus[1].resolve().as_uri()])


@pytest.mark.parametrize("kind", ["memory", "oxigraph"])
@pytest.mark.parametrize("brk", ["\f", "\x85", "\u2028", "\x0b\x1c"], ids=["form-feed", "nel", "u2028", "vt-fs"])
def test_pipeline_incremental_keeps_line_breaks_inside_literals(kind, brk, tmp_path, request):
    """Text from PDFs can hold line breaks other than newlines (form feeds, U+2028) that N-Triples writes as they
    are: the build, its union copies and an in-place rewrite keep the literal whole."""
    from graph.resources import SAMPLE_DIR  # noqa: PLC0415

    paper = tmp_path / "kst-19637-2699.txt"
    text = (SAMPLE_DIR / paper.name).read_text(encoding="utf-8")
    paper.write_text(text.replace("Vreemdelingenbeleid", f"Vreemdelingen{brk}beleid", 1), encoding="utf-8")
    store = _open(kind, tmp_path, request)
    report = build([paper], store, minter=MINTER, jobs=1)
    assert not report.failed, report.failed
    paper.write_text(paper.read_text(encoding="utf-8").replace("15 februari 2021", "16 februari 2021"),
                     encoding="utf-8")
    report = build([paper], store, minter=MINTER, jobs=1)
    assert [p.doc_id for p in report.built] == ["kst-19637-2699"], report.failed
    titles = store.query('SELECT ?t WHERE { ?d <http://purl.org/dc/terms/identifier> "19637" ; '
                         '<http://purl.org/dc/terms/title> ?t }').rows
    assert [str(t) for t, in titles] == [f"Vreemdelingen{brk}beleid"]
    assert quad_lines(store) == fresh_quad_lines([paper], tmp_path / "fresh")
