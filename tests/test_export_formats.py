"""Exports are canonical (same graph, same bytes), round-trip in every format, and read the same in rdflib and
pyoxigraph; facts by default, provenance on request, the dataset description included."""

from __future__ import annotations

import io
import json
import warnings

import pyoxigraph as ox
import pytest
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic

from graph.cli import main
from graph.export import ExportError, ExportFormat, canonical_quads, context, export, serialise
from graph.ids import Minter
from graph.store import MemoryStore, StoreError

MINTER = Minter()
BASE = "https://w3id.org/kamergraaf"
PAPER_GRAPH = URIRef(f"{BASE}/graph/kst-19637-2699")
PROVENANCE_GRAPH = URIRef(f"{BASE}/graph/provenance/kst-19637-2699")
REGISTER_GRAPH = URIRef(f"{BASE}/graph/register")

# a small graph in the shape of GRAPH-SHAPE.md, with a blank node, escapes, a language tag and typed literals
TRIG = """
@prefix kg:   <https://w3id.org/kamergraaf/def#> .
@prefix eli:  <http://data.europa.eu/eli/ontology#> .
@prefix dct:  <http://purl.org/dc/terms/> .
@prefix org:  <http://www.w3.org/ns/org#> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix owl:  <http://www.w3.org/2002/07/owl#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix oa:   <http://www.w3.org/ns/oa#> .
@prefix rdf:  <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix xsd:  <http://www.w3.org/2001/XMLSchema#> .
@prefix id:   <https://w3id.org/kamergraaf/id/> .

<https://w3id.org/kamergraaf/graph/kst-19637-2699> {
  id:kamerstuk\\/kst-19637-2699 a eli:Work, kg:Kamerstuk ;
    dct:identifier "kst-19637-2699" ;
    eli:type_document <https://identifier.overheid.nl/tooi/def/thes/kern/c_49599e6c> ;
    kg:documentType "brief" ;
    eli:date_document "2021-02-15"^^xsd:date ;
    dct:title "Brief van de Minister van \\"Buitenlandse\\" Zaken\\nregel twee — één" ;
    eli:is_part_of id:dossier\\/19637 ;
    kg:sender id:post\\/minister-van-buitenlandse-zaken ;
    kg:mentions [ a foaf:Person ; foaf:name "Hbrahimgel" ] .
  id:dossier\\/19637 a kg:Dossier ; dct:identifier "19637" ; dct:title "Vreemdelingenbeleid" .
}
<https://w3id.org/kamergraaf/graph/provenance/kst-19637-2699> {
  id:claim\\/kst-19637-2699\\/1 a rdf:Statement ;
    rdf:subject id:kamerstuk\\/kst-19637-2699 ; rdf:predicate kg:sender ;
    rdf:object id:post\\/minister-van-buitenlandse-zaken ;
    kg:extractor "senders" .
}
<https://w3id.org/kamergraaf/graph/register> {
  id:persoon\\/sa-blok a foaf:Person ; foaf:name "S.A. Blok" ; kg:initials "S.A." ;
    owl:sameAs <http://www.wikidata.org/entity/Q1974766> .
  id:post\\/minister-van-buitenlandse-zaken a org:Post ;
    skos:prefLabel "Minister van Buitenlandse Zaken"@nl .
  id:organisatie\\/ministerie-van-buitenlandse-zaken a org:Organization ;
    owl:sameAs <https://identifier.overheid.nl/tooi/id/ministerie/mnre1013> .
}
"""

RDFLIB_FORMATS = {"turtle": "turtle", "nt": "nt", "nq": "nquads", "trig": "trig", "jsonld": "json-ld"}
OX_FORMATS = {"turtle": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "nq": ox.RdfFormat.N_QUADS,
              "trig": ox.RdfFormat.TRIG, "jsonld": ox.RdfFormat.JSON_LD}


def _parse(dataset: Dataset, **kwargs) -> None:
    with warnings.catch_warnings():  # rdflib 7.6 warns about its own ConjunctiveGraph when parsing into a Dataset
        warnings.simplefilter("ignore", DeprecationWarning)
        dataset.parse(**kwargs)


# the same graph with the blank node named: exports of graphs without blank nodes sort on disk, those with blank
# nodes are made in memory; every test here runs on both
TRIG_WITHOUT_BLANK_NODES = TRIG.replace(
    '[ a foaf:Person ; foaf:name "Hbrahimgel" ] .',
    'id:persoon\\/hbrahimgel .\n  id:persoon\\/hbrahimgel a foaf:Person ; foaf:name "Hbrahimgel" .')
TRIGS = {"with a blank node": TRIG, "without blank nodes": TRIG_WITHOUT_BLANK_NODES}
_current = {"trig": TRIG}


@pytest.fixture(autouse=True, params=sorted(TRIGS))
def _both_export_paths(request):
    _current["trig"] = TRIGS[request.param]
    yield
    _current["trig"] = TRIG


def _store(trig: str | None = None) -> MemoryStore:
    dataset = Dataset()
    _parse(dataset, data=trig or _current["trig"], format="trig")
    store = MemoryStore()
    store.load_nquads(dataset.serialize(format="nquads"))
    return store


def _rdflib_quads(path, fmt: ExportFormat) -> list[tuple]:
    dataset = Dataset()
    _parse(dataset, source=str(path), format=RDFLIB_FORMATS[fmt.value])
    out = []
    for s, p, o, g in dataset.quads():
        name = g if isinstance(g, URIRef) else getattr(g, "identifier", None)
        out.append((s, p, o, None if name is None or str(name).startswith("urn:x-rdflib:") else name))
    return out


def _ox_quads(path, fmt: ExportFormat) -> list[tuple]:
    """Read with pyoxigraph and turn the terms into rdflib terms (blank nodes keep pyoxigraph's own labels)."""

    def term(t):
        if isinstance(t, ox.NamedNode):
            return URIRef(t.value)
        if isinstance(t, ox.BlankNode):
            return BNode(f"ox{t.value}")
        if isinstance(t, ox.Literal):
            if t.language:
                return Literal(t.value, lang=t.language)
            if t.datatype.value == "http://www.w3.org/2001/XMLSchema#string":
                return Literal(t.value)
            return Literal(t.value, datatype=URIRef(t.datatype.value))
        return None  # the default graph

    return [(term(q.subject), term(q.predicate), term(q.object), term(q.graph_name))
            for q in ox.parse(path=str(path), format=OX_FORMATS[fmt.value])]


def _canonical(quads: list[tuple], keep_graphs: bool) -> bytes:
    """N-Quads with canonical blank-node labels: equal bytes means the same dataset."""
    return serialise(canonical_quads(quads, keep_graphs=keep_graphs), ExportFormat.NQ)


@pytest.mark.parametrize("fmt", list(ExportFormat), ids=lambda f: f.value)
def test_rdflib_and_pyoxigraph_read_the_same_statements(tmp_path, fmt):
    report = export(_store(), tmp_path / f"kg{fmt.extension}", minter=MINTER, provenance=True)
    from_rdflib = _rdflib_quads(report.path, fmt)
    from_ox = _ox_quads(report.path, fmt)
    assert len(from_rdflib) == len(from_ox) == report.statements
    assert _canonical(from_rdflib, fmt.keeps_graphs) == _canonical(from_ox, fmt.keeps_graphs)


@pytest.mark.parametrize("fmt", list(ExportFormat), ids=lambda f: f.value)
def test_export_round_trips(tmp_path, fmt):
    store = _store()
    report = export(store, tmp_path / f"kg{fmt.extension}", minter=MINTER, provenance=True, describe=False)
    expected = [(s, p, o, g) for s, p, o, g in store.quads()]
    assert _canonical(_rdflib_quads(report.path, fmt), fmt.keeps_graphs) == _canonical(expected, fmt.keeps_graphs)
    if not fmt.keeps_graphs:
        original, read = Graph(), Graph()
        for s, p, o, _ in expected:
            original.add((s, p, o))
        for s, p, o, _ in _rdflib_quads(report.path, fmt):
            read.add((s, p, o))
        assert isomorphic(original, read)


@pytest.mark.parametrize("fmt", list(ExportFormat), ids=lambda f: f.value)
def test_same_graph_gives_same_bytes(tmp_path, fmt):
    """Statements inserted in another order, with other blank-node ids, still give byte-identical files."""
    first = export(_store(), tmp_path / "a" / f"kg{fmt.extension}", minter=MINTER, provenance=True)
    fresh = _store()  # parsed again: new blank-node ids
    reversed_store = MemoryStore()
    for name in sorted(fresh.graph_names(), reverse=True):
        reversed_store.replace_graph(name, reversed([(s, p, o) for s, p, o, _ in fresh.quads(name)]))
    second = export(reversed_store, tmp_path / "b" / f"kg{fmt.extension}", minter=MINTER, provenance=True)
    assert first.path != second.path
    assert first.path.read_bytes() == second.path.read_bytes()


@pytest.mark.parametrize("fmt,provenance,present", [
    (ExportFormat.TURTLE, False, False),
    (ExportFormat.TURTLE, True, True),
    (ExportFormat.NQ, False, False),
    (ExportFormat.NQ, True, True),
])
def test_provenance_only_on_request(tmp_path, fmt, provenance, present):
    report = export(_store(), tmp_path / f"kg{fmt.extension}", minter=MINTER, provenance=provenance)
    claim = URIRef(f"{BASE}/id/claim/kst-19637-2699/1")
    assert any(s == claim for s, _, _, _ in _rdflib_quads(report.path, fmt)) is present
    assert (str(PROVENANCE_GRAPH) in report.graphs) is present


@pytest.mark.parametrize("fmt,graph_names", [
    (ExportFormat.TRIG, {PAPER_GRAPH, REGISTER_GRAPH, URIRef(f"{BASE}/graph/dataset")}),
    (ExportFormat.NQ, {PAPER_GRAPH, REGISTER_GRAPH, URIRef(f"{BASE}/graph/dataset")}),
    (ExportFormat.JSONLD, {PAPER_GRAPH, REGISTER_GRAPH, URIRef(f"{BASE}/graph/dataset")}),
    (ExportFormat.TURTLE, {None}),
    (ExportFormat.NT, {None}),
])
def test_quad_formats_keep_graph_names(tmp_path, fmt, graph_names):
    report = export(_store(), tmp_path / f"kg{fmt.extension}", minter=MINTER)
    assert {g for _, _, _, g in _rdflib_quads(report.path, fmt)} == graph_names


@pytest.mark.parametrize("describe,expected", [(True, 1), (False, 0)])
def test_description_is_part_of_the_export(tmp_path, describe, expected):
    report = export(_store(), tmp_path / "kg.ttl", minter=MINTER, describe=describe)
    g = Graph().parse(report.path, format="turtle")
    datasets = list(g.subjects(URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                               URIRef("http://www.w3.org/ns/dcat#Dataset")))
    assert len(datasets) == expected


@pytest.mark.parametrize("graph", [f"{BASE}/graph/build", str(PAPER_GRAPH)])
@pytest.mark.parametrize("stale", ["999"])
def test_older_description_is_replaced(tmp_path, stale, graph):
    store = _store()
    store.load_nquads(f'<{MINTER.dataset()}> <http://rdfs.org/ns/void#triples> "{stale}" <{graph}> .\n')
    report = export(store, tmp_path / "kg.nt", minter=MINTER)
    counts = [o for s, p, o, _ in _rdflib_quads(report.path, ExportFormat.NT)
              if p == URIRef("http://rdfs.org/ns/void#triples") and s == MINTER.dataset()]
    assert [str(c) for c in counts] == ["23"]  # 15 facts in the paper graph, 8 in the register


@pytest.mark.parametrize("fmt", [ExportFormat.TURTLE, ExportFormat.TRIG])
def test_turtle_prefixes_sorted_and_used(tmp_path, fmt):
    text = export(_store(), tmp_path / f"kg{fmt.extension}", minter=MINTER).path.read_text(encoding="utf-8")
    prefixes = [line.split()[1] for line in text.splitlines() if line.startswith("@prefix ")]
    assert prefixes == sorted(prefixes)
    assert "kg:" in prefixes and "oa:" not in prefixes  # oa is in the context but not in these facts


@pytest.mark.parametrize("fmt", [ExportFormat.JSONLD])
def test_jsonld_carries_the_published_context(tmp_path, fmt):
    data = json.loads(export(_store(), tmp_path / "kg.jsonld", minter=MINTER).path.read_text(encoding="utf-8"))
    assert data["@context"] == context()
    assert context()["kg"] == "https://w3id.org/kamergraaf/def#"


@pytest.mark.parametrize("name,message", [
    ("kg.ttl2", "Choose one of: .ttl, .nt, .nq, .trig, .jsonld"),
    ("kg", "unknown extension ''"),
])
def test_unknown_extension_lists_choices(tmp_path, name, message):
    with pytest.raises(ExportError, match=message):
        export(_store(), tmp_path / name, minter=MINTER)


@pytest.mark.parametrize("name", ["ttl2", "rdfxml"])
def test_unknown_format_name_lists_choices(name):
    with pytest.raises(ExportError, match="Choose one of: turtle, nt, nq, trig, jsonld"):
        ExportFormat.parse(name)


class _FailingStore(MemoryStore):
    """A real store whose reading breaks halfway, as a disk or network failure would."""

    def quads(self, name=None):
        yield from list(super().quads(name))[:2]
        raise StoreError("the store went away")


@pytest.mark.parametrize("fmt", [ExportFormat.TURTLE])
def test_failed_export_leaves_old_file(tmp_path, fmt):
    target = tmp_path / f"kg{fmt.extension}"
    target.write_text("old", encoding="utf-8")
    store = _FailingStore()
    store.dataset = _store().dataset
    with pytest.raises(StoreError):
        export(store, target, minter=MINTER)
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == [target.name]


# a file read without graph names (its triples in the default graph) beside named graphs, without blank nodes: the
# sorted export must list the default graph's nodes among the graphs by @id in JSON-LD (kst-1-1 falls between the
# graphs kst-1 and kst-1-2, which N-Quads order puts the other way round), and keep them apart elsewhere
UNNAMED_AND_NAMED = "".join(f"{line} .\n" for line in [
    f'<{BASE}/id/a> <http://purl.org/dc/terms/title> "in the default graph" <urn:x-kamergraaf:unnamed-graph>',
    f'<{BASE}/graph/kst-1-1> <http://purl.org/dc/terms/title> "also in it"@nl <urn:x-kamergraaf:unnamed-graph>',
    f'<{BASE}/id/kamerstuk/kst-1> <http://purl.org/dc/terms/title> "named" <{BASE}/graph/kst-1>',
    f'<{BASE}/id/kamerstuk/kst-1> <http://purl.org/dc/terms/title> "named" <{BASE}/graph/kst-1-2>',
    f'<{BASE}/id/kamerstuk/kst-1> <http://purl.org/dc/terms/date> "2021-01-01"^^<http://www.w3.org/2001/XMLSchema#date>'
    f' <{BASE}/graph/kst-1-2>',
])


@pytest.mark.parametrize("fmt", list(ExportFormat), ids=lambda f: f.value)
def test_sorted_export_keeps_the_default_graph_apart(tmp_path, fmt):
    store = MemoryStore()
    store.load_nquads(UNNAMED_AND_NAMED)
    report = export(store, tmp_path / f"kg{fmt.extension}", minter=MINTER, describe=False)
    canonical = canonical_quads(list(store.quads()), keep_graphs=fmt.keeps_graphs)
    assert report.path.read_bytes() == serialise(canonical, fmt)
    assert report.statements == len(canonical) == (4 if not fmt.keeps_graphs else 5)


@pytest.mark.parametrize("items", [
    [], [{"@id": "x", "@graph": [{"@id": "y", "p": [{"@value": "é\nz"}]}]}, {"@id": "z"}]])
def test_jsonld_written_item_by_item_is_what_json_dumps_writes(items):
    from graph.export import _write_jsonld  # noqa: PLC0415 - the writer both JSON-LD paths share

    buffer = io.BytesIO()
    _write_jsonld(buffer, iter(items))
    text = json.dumps({"@context": context(), "@graph": items}, ensure_ascii=False, indent=1, sort_keys=True)
    assert buffer.getvalue() == (text + "\n").encode("utf-8")


# IRIs, an escaped quote and "_:" inside a literal are text: they name no prefix and no blank node
TRICKY_LITERAL = "".join(f"<{BASE}/id/kamerstuk/kst-1> <http://purl.org/dc/terms/title> {title} <{BASE}/graph/kst-1> .\n"
                         for title in ['"see <http://www.w3.org/ns/oa#x> \\" <http://xmlns.com/foaf/0.1/y> _:b0"',
                                       '"titel"@nl'])


@pytest.mark.parametrize("fmt", [ExportFormat.TURTLE, ExportFormat.TRIG], ids=lambda f: f.value)
def test_sorted_export_reads_literals_as_text(tmp_path, fmt):
    store = MemoryStore()
    store.load_nquads(TRICKY_LITERAL)
    report = export(store, tmp_path / f"kg{fmt.extension}", minter=MINTER, describe=False)
    text = report.path.read_bytes()
    assert text == serialise(canonical_quads(list(store.quads()), keep_graphs=fmt.keeps_graphs), fmt)
    prefixes = [line.split()[1] for line in text.decode("utf-8").splitlines() if line.startswith("@prefix ")]
    assert prefixes == ["dct:", "rdf:", "xsd:"]


@pytest.mark.parametrize("where", ["under a file"])
def test_export_that_cannot_be_written_names_the_file(tmp_path, where, capsys):
    blocker = tmp_path / "file.txt"
    blocker.write_text("not a folder")
    target = blocker / "kg.ttl"
    with pytest.raises(ExportError, match=f"{target}: cannot write the export"):
        export(_store(), target, minter=MINTER)
    store_file = tmp_path / "kg.trig"
    export(_store(), store_file, minter=MINTER)
    assert main(["export", str(store_file), "-o", str(target)]) == 2
    assert f"{target}: cannot write the export" in capsys.readouterr().err
