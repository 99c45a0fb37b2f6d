"""Every export of the shipped sample corpus validates against every shipped shape with zero violations, and
rdflib and pyoxigraph read the same number of statements from it."""

from __future__ import annotations

import warnings

import pyoxigraph as ox
import pytest
from rdflib import Dataset, Graph

from graph.export import ExportFormat, export
from graph.ids import Minter
from graph.pipeline import build
from graph.resources import SAMPLE_DIR
from graph.store_oxigraph import OxigraphStore
from graph.validate import validate_graph

RDFLIB_FORMATS = {"turtle": "turtle", "nt": "nt", "nq": "nquads", "trig": "trig", "jsonld": "json-ld"}
OX_FORMATS = {"turtle": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "nq": ox.RdfFormat.N_QUADS,
              "trig": ox.RdfFormat.TRIG, "jsonld": ox.RdfFormat.JSON_LD}
PAPER_SUFFIXES = {".txt", ".xml", ".html", ".pdf"}


@pytest.fixture(scope="module")
def sample_store(tmp_path_factory):
    papers = sorted(p for p in SAMPLE_DIR.iterdir() if p.suffix in PAPER_SUFFIXES)
    assert papers, f"no sample papers in {SAMPLE_DIR}"
    store = OxigraphStore(tmp_path_factory.mktemp("store"))
    report = build(papers, store, minter=Minter(), jobs=1)
    assert not report.failed
    yield store
    store.close()


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
