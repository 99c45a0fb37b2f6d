"""Every export of the shipped sample corpus validates against every shipped shape with zero violations, and
rdflib and pyoxigraph read the same number of statements from it."""

from __future__ import annotations

import warnings

import pyoxigraph as ox
import pytest
from rdflib import Dataset, Graph

import graph.export
import graph.extsort
from graph.describe import describe
from graph.export import ExportFormat, _store_quads, canonical_quads, export, select_graphs, serialise
from graph.ids import Minter
from graph.pipeline import build
from graph.resources import SAMPLE_DIR
from graph.store import MemoryStore, StoreError
from graph.store_oxigraph import OxigraphStore
from graph.validate import validate_graph

RDFLIB_FORMATS = {"turtle": "turtle", "nt": "nt", "nq": "nquads", "trig": "trig", "jsonld": "json-ld"}
OX_FORMATS = {"turtle": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "nq": ox.RdfFormat.N_QUADS,
              "trig": ox.RdfFormat.TRIG, "jsonld": ox.RdfFormat.JSON_LD}
PAPER_SUFFIXES = {".txt", ".xml", ".html", ".pdf"}


def _built(store):
    papers = sorted(p for p in SAMPLE_DIR.iterdir() if p.suffix in PAPER_SUFFIXES)
    assert papers, f"no sample papers in {SAMPLE_DIR}"
    report = build(papers, store, minter=Minter(), jobs=1)
    assert not report.failed
    return store


@pytest.fixture(scope="module")
def sample_store(tmp_path_factory):
    store = _built(OxigraphStore(tmp_path_factory.mktemp("store")))
    yield store
    store.close()


@pytest.fixture(scope="module")
def sample_memory_store():
    return _built(MemoryStore())


@pytest.mark.slow
@pytest.mark.parametrize("fmt", list(ExportFormat), ids=lambda f: f.value)
def test_sample_export_validates(sample_store, tmp_path, fmt):
    """As ``build -o`` writes them: facts in Turtle/N-Triples, facts plus provenance where graphs are kept."""
    report = export(sample_store, tmp_path / f"kg{fmt.extension}", minter=Minter(), provenance=fmt.keeps_graphs)
    dataset = Dataset()
    with warnings.catch_warnings():  # rdflib's TriG and JSON-LD parsers use its deprecated ConjunctiveGraph
        warnings.simplefilter("ignore", DeprecationWarning)
        dataset.parse(str(report.path), format=RDFLIB_FORMATS[fmt.value])
    read_by_ox = list(ox.parse(path=str(report.path), format=OX_FORMATS[fmt.value]))
    quads = list(dataset.quads())
    assert len(quads) == len(read_by_ox) == report.statements
    union = Graph()
    for s, p, o, _ in quads:
        union.add((s, p, o))
    result = validate_graph(union)
    assert result.conforms and result.violations == 0, result.report_text


@pytest.mark.slow
@pytest.mark.parametrize("provenance", [False, True])
@pytest.mark.parametrize("fmt", list(ExportFormat), ids=lambda f: f.value)
@pytest.mark.parametrize("kind", ["oxigraph", "memory"])
def test_sample_export_sorted_on_disk_is_the_canonical_form(request, tmp_path, monkeypatch, kind, fmt, provenance):
    """The export sorts on disk and writes in batches; with runs and batches far smaller than the sample it still
    writes the bytes of the canonical form made in memory, with the counts the store's own SPARQL (or, in memory,
    its quads) gives, and leaves nothing else beside the file."""
    store = request.getfixturevalue("sample_store" if kind == "oxigraph" else "sample_memory_store")
    monkeypatch.setattr(graph.extsort, "RUN_LINES", 700)
    monkeypatch.setattr(graph.export, "WRITE_BATCH", 300)
    minter = Minter()
    target = tmp_path / "out" / f"kg{fmt.extension}"
    report = export(store, target, minter=minter, provenance=provenance)
    description = describe(store, minter=minter, provenance=provenance, distributions=((fmt, target.name),))
    graphs = select_graphs(store, minter=minter, provenance=provenance)
    canonical = canonical_quads(
        [*_store_quads(store, graphs, skip_subject_prefix=str(minter.dataset())),
         *((s, p, o, minter.graph("dataset")) for s, p, o in description)],
        keep_graphs=fmt.keeps_graphs)
    assert len(canonical) > 5 * 700  # several runs
    assert target.read_bytes() == serialise(canonical, fmt)
    assert report.statements == len(canonical)
    assert [p.name for p in target.parent.iterdir()] == [target.name]


class _FailingStore:
    """A store that cannot read its third graph."""

    def __init__(self, store):
        self.store = store
        self.read = 0

    def __getattr__(self, name):
        return getattr(self.store, name)

    def graph_ntriples(self, name):
        self.read += 1
        if self.read == 3:
            raise StoreError(f"cannot read <{name}>")
        return self.store.graph_ntriples(name)


@pytest.mark.parametrize("fmt", [ExportFormat.TRIG], ids=lambda f: f.value)
def test_sample_export_that_fails_leaves_nothing(sample_store, tmp_path, monkeypatch, fmt):
    monkeypatch.setattr(graph.extsort, "RUN_LINES", 10)  # runs on disk before the failure
    with pytest.raises(StoreError, match="cannot read"):
        export(_FailingStore(sample_store), tmp_path / f"kg{fmt.extension}", minter=Minter(), provenance=True)
    assert list(tmp_path.iterdir()) == []
