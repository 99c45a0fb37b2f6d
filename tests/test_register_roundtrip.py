"""The register round-trips: CSV -> Turtle -> SPARQL gives every term with its dates; shapes hold; Turtle is fresh."""

from __future__ import annotations

import csv
from collections import Counter

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import ORG, XSD

from graph.ids import DEFAULT_BASE, Minter
from graph.mapping.reference import GAZETTEER_TTL, REGISTER_TTL, reference_quads, render_reference_turtle
from graph.resolve.register import REGISTER_CSV
from graph.resources import ONTOLOGY_DIR, QUERIES_DIR
from graph.store import MemoryStore
from graph.store_oxigraph import OxigraphStore
from graph.validate import load_shapes, validate_graph
from graph.vocab import KG


def _csv_terms() -> Counter:
    with open(REGISTER_CSV, encoding="utf-8", newline="") as handle:
        return Counter(
            (r["surname"], r["post_title"], r["start_date"], r["end_date"] or None, r["cabinet"])
            for r in csv.DictReader(handle)
        )


def _store(minter: Minter, engine: str = "oxigraph"):
    store = OxigraphStore(None) if engine == "oxigraph" else MemoryStore()
    graphs: dict = {}
    for s, p, o, g in reference_quads(minter):
        graphs.setdefault(g, []).append((s, p, o))
    for g, triples in graphs.items():
        store.replace_graph(g, triples)
    return store


def _values(row) -> tuple:
    return tuple(None if v is None else str(v) for v in row)


REGISTER_TERMS = """
PREFIX kg: <https://w3id.org/kamergraaf/def#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?family ?office ?start ?end ?cabinet WHERE {
  ?m a org:Membership ; org:member ?p ; kg:post ?post ; kg:startDate ?start ; kg:cabinet ?cabinet .
  ?p foaf:familyName ?family . ?post skos:prefLabel ?office .
  OPTIONAL { ?m kg:endDate ?end }
}"""


@pytest.mark.parametrize(("base", "engine"), [(DEFAULT_BASE, "oxigraph"), ("https://example.org/kg", "oxigraph"),
                                             (DEFAULT_BASE, "rdflib")])
def test_every_csv_term_comes_back_from_sparql_with_its_dates(base, engine):
    rows = _store(Minter(base), engine).query(REGISTER_TERMS).rows
    got = Counter(_values(row) for row in rows)
    expected = _csv_terms()
    assert sum(expected.values()) == 370
    assert got == expected


@pytest.mark.parametrize("query", ["register-terms.rq"])
def test_saved_register_terms_query_lists_every_term(query):
    result = _store(Minter()).query((QUERIES_DIR / query).read_text(encoding="utf-8"))
    rows = [dict(zip(result.variables, _values(row))) for row in result.rows]
    assert len(rows) == 370
    blok = [r for r in rows if r["name"] == "S.A. Blok" and r["office"] == "Minister van Buitenlandse Zaken"]
    assert [(r["start"], r["end"], r["ministry"]) for r in blok] == [
        ("2018-03-07", "2021-05-25", "Ministerie van Buitenlandse Zaken")]


@pytest.mark.parametrize("base", ["https://example.org/kg"])
def test_reference_quads_are_rebased_into_their_named_graphs(base):
    quads = list(reference_quads(Minter(base)))
    graphs = Counter(str(g) for *_, g in quads)
    assert set(graphs) == {f"{base}/graph/register", f"{base}/graph/gazetteer"}
    iris = {str(t) for q in quads for t in q[:3] if isinstance(t, URIRef)}
    assert not any(i.startswith(DEFAULT_BASE + "/id/") for i in iris)
    assert f"{base}/id/persoon/sa-blok" in iris
    assert "https://identifier.overheid.nl/tooi/id/ministerie/mnre1058" in iris  # official ids are not rebased
    assert str(KG.startDate) in iris  # nor is the vocabulary


@pytest.mark.parametrize("path", [REGISTER_TTL, GAZETTEER_TTL])
def test_shipped_turtle_is_fresh(path):
    assert path.read_text(encoding="utf-8") == render_reference_turtle()[path], "run scripts/build-register"


def _reference_graph() -> Graph:
    graph = Graph()
    for s, p, o, _ in reference_quads(Minter()):
        graph.add((s, p, o))
    return graph


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return load_shapes([ONTOLOGY_DIR / "shapes.ttl", ONTOLOGY_DIR / "shapes-register.ttl"])


@pytest.fixture(scope="module")
def reference_graph() -> Graph:
    return _reference_graph()


@pytest.mark.parametrize("what", ["register and gazetteer"])
def test_reference_data_conforms_to_shapes(what, shapes, reference_graph):
    report = validate_graph(reference_graph, shapes=shapes)
    assert report.conforms, report.report_text


BLOK_BZ = URIRef(f"{DEFAULT_BASE}/id/lidmaatschap/sa-blok/minister-van-buitenlandse-zaken/2018-03-07")


@pytest.mark.parametrize(
    ("predicate", "replacement", "message_part"),
    [
        (KG.startDate, None, "startDate"),
        (ORG.member, None, "member"),
        (KG.post, None, "post"),
        (KG.endDate, Literal("2017-01-01", datatype=XSD.date), "ends before it starts"),
    ],
)
def test_broken_membership_violates_shapes(predicate, replacement, message_part, shapes, reference_graph):
    graph = Graph()
    # only the one membership, its interval and what it points at: fast, and the fault is the only one
    for s, p, o in reference_graph:
        if str(s).startswith(str(BLOK_BZ)) or s in (URIRef(f"{DEFAULT_BASE}/id/persoon/sa-blok"),):
            graph.add((s, p, o))
    for s, p, o in reference_graph.triples((None, None, None)):
        if str(s).endswith("/id/post/minister-van-buitenlandse-zaken") or str(s).endswith(
                "/id/organisatie/ministerie-van-buitenlandse-zaken"):
            graph.add((s, p, o))
    assert validate_graph(graph, shapes=shapes).conforms
    graph.remove((BLOK_BZ, predicate, None))
    if replacement is not None:
        graph.add((BLOK_BZ, predicate, replacement))
    report = validate_graph(graph, shapes=shapes)
    assert not report.conforms
    assert message_part in report.report_text
