"""The SHACL shapes run as SPARQL by the store (graph.shape_checks) find exactly the results pySHACL finds.

Every case is checked both ways on the same data: pySHACL over an in-memory union of the graphs, and the compiled
queries on an Oxigraph store. Each case must give pySHACL at least one result, so that agreeing means something.
"""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SH

from graph.ids import Minter
from graph.pipeline import build
from graph.resources import SAMPLE_DIR
from graph.shape_checks import UnsupportedShapes, check_store, compile_shapes
from graph.store import MemoryStore
from graph.store_oxigraph import OxigraphStore
from graph.validate import load_shapes, report_of, validate_graph, validate_store

PREFIXES = """
@prefix sh:   <http://www.w3.org/ns/shacl#> .
@prefix ex:   <https://example.org/> .
@prefix rdf:  <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd:  <http://www.w3.org/2001/XMLSchema#> .
"""

# name -> (shapes, data as TriG): each data set breaks its shapes at least once and keeps them at least once
CASES = {
    "counts": ("""
        ex:S sh:targetClass ex:C ;
            sh:property [ sh:path ex:name ; sh:minCount 1 ; sh:maxCount 1 ] ;
            sh:property [ sh:path ex:alias ; sh:minCount 2 ; sh:maxCount 3 ] .""", """
        ex:g1 { ex:a a ex:C ; ex:name "a" ; ex:alias "x", "y" .
                ex:b a ex:C ; ex:name "b1", "b2" ; ex:alias "x" .
                ex:c a ex:C ; ex:alias "1", "2", "3", "4" . }
        ex:g2 { ex:a ex:name "a" .  ex:d a ex:C ; ex:name "d" ; ex:alias "x" . }
        ex:g3 { ex:d ex:alias "x" . }"""),
    "datatypes": ("""
        ex:S sh:targetSubjectsOf ex:date ;
            sh:property [ sh:path ex:date ; sh:datatype xsd:date ] ;
            sh:property [ sh:path ex:label ; sh:datatype xsd:string ] ;
            sh:property [ sh:path ex:title ; sh:datatype rdf:langString ] ;
            sh:property [ sh:path ex:n ; sh:datatype xsd:integer ] .""", """
        ex:g1 { ex:a ex:date "2021-02-15"^^xsd:date ; ex:label "plain" ; ex:title "titel"@nl ; ex:n 5 .
                ex:b ex:date "2021-13-45"^^xsd:date ; ex:label "tagged"@nl ; ex:title "no tag" ; ex:n "five"^^xsd:integer .
                ex:c ex:date "2021-02-15" ; ex:label ex:iri ; ex:n 5.5 .
                ex:d ex:date "2021-02-30"^^xsd:date, "20210215"^^xsd:date, "2021-02-15Z"^^xsd:date ; ex:n "+7"^^xsd:integer . }"""),
    "node kinds and classes": ("""
        ex:S sh:targetClass ex:C ; sh:nodeKind sh:IRI ;
            sh:property [ sh:path ex:link ; sh:nodeKind sh:IRI ; sh:class ex:Target ] ;
            sh:property [ sh:path ex:note ; sh:nodeKind sh:Literal ] .""", """
        ex:g1 { ex:a a ex:C ; ex:link ex:t1, ex:t2, ex:t3, "text" ; ex:note "ok", ex:iri .
                _:b a ex:C ; ex:link ex:t1 .
                ex:t1 a ex:Target .  ex:t2 a ex:SubTarget . }
        ex:g2 { ex:SubTarget rdfs:subClassOf ex:MidTarget .  ex:MidTarget rdfs:subClassOf ex:Target .
                ex:t3 a ex:Other . }"""),
    "patterns, lists and languages": ("""
        ex:S sh:targetClass ex:C ;
            sh:property [ sh:path ex:code ; sh:pattern "^ab[0-9]+$" ; sh:flags "i" ] ;
            sh:property [ sh:path ex:kind ; sh:in ( "brief" "motie" ex:other ) ] ;
            sh:property [ sh:path ex:title ; sh:languageIn ( "nl" "en" ) ; sh:uniqueLang true ] .""", """
        ex:g1 { ex:a a ex:C ; ex:code "AB12", "ab", <https://example.org/ab1>, _:blank ;
                    ex:kind "brief", ex:other, "nota", "brief"@nl ;
                    ex:title "een"@nl, "twee"@nl, "one"@en-GB, "un"@fr, "plain" . }"""),
    "values and ranges": ("""
        ex:S sh:targetObjectsOf ex:has ;
            sh:property [ sh:path rdf:type ; sh:hasValue ex:Work ] ;
            sh:property [ sh:path ex:start ; sh:minInclusive 0 ; sh:maxExclusive 100 ] ;
            sh:property [ sh:path ex:end ; sh:minExclusive 0 ; sh:maxInclusive 100 ] ;
            sh:property [ sh:path ex:day ; sh:minInclusive "2020-01-01"^^xsd:date ] .
        ex:T sh:targetNode ex:a, ex:missing ; sh:hasValue ex:a .""", """
        ex:g1 { ex:x ex:has ex:a, ex:b .
                ex:a a ex:Work ; ex:start 0, -1, 100, "ten", ex:iri ; ex:end 0, 100, 100.5 ;
                    ex:day "2021-01-01"^^xsd:date, "2019-12-31"^^xsd:date, "2021-01-01" .
                ex:b a ex:Other ; ex:start 50 . }"""),
    "nested shapes": ("""
        ex:S sh:targetClass ex:Claim ;
            sh:property [ sh:path ex:target ; sh:minCount 1 ; sh:node ex:TargetShape ] ;
            sh:property [ sh:path ex:contact ; sh:or ( [ sh:path ex:mail ; sh:minCount 1 ]
                                                       [ sh:path ex:url ; sh:minCount 1 ] ) ] ;
            sh:property [ sh:path ex:title ; sh:qualifiedValueShape [ sh:languageIn ( "nl" ) ] ;
                          sh:qualifiedMinCount 1 ; sh:qualifiedMaxCount 1 ] .
        ex:TargetShape sh:class ex:Span ;
            sh:property [ sh:path ex:selector ; sh:minCount 2 ] .""", """
        ex:g1 { ex:c1 a ex:Claim ; ex:target ex:s1 ; ex:contact ex:k1 ; ex:title "a"@nl .
                ex:c2 a ex:Claim ; ex:target ex:s2, ex:s3 ; ex:contact ex:k2, ex:k3 ; ex:title "b"@en .
                ex:c3 a ex:Claim ; ex:title "c"@nl, "d"@nl .
                ex:s1 a ex:Span ; ex:selector ex:q1, ex:p1 .
                ex:s2 a ex:Span ; ex:selector ex:q2 .
                ex:s3 ex:selector ex:q3, ex:p3 .
                ex:k1 ex:mail "a@example.org" .  ex:k2 ex:url ex:page .  ex:k3 ex:phone "1" . }"""),
    "severity, messages, SPARQL": ("""
        ex:S sh:targetClass ex:Term ; sh:severity sh:Warning ;
            sh:property [ sh:path ex:start ; sh:minCount 1 ; sh:message "a term needs a start" ] ;
            sh:property [ sh:path ex:end ; sh:maxCount 1 ; sh:severity sh:Info ] ;
            sh:sparql [ a sh:SPARQLConstraint ; sh:message "ends before it starts" ;
                        sh:prefixes ex:Prefixes ;
                        sh:select "SELECT $this ?value WHERE { $this ex:start ?start ; ex:end ?value . FILTER(?value < ?start) }" ] .
        ex:Prefixes sh:declare [ sh:prefix "ex" ; sh:namespace "https://example.org/"^^xsd:anyURI ] .
        ex:Off sh:targetClass ex:Term ; sh:deactivated true ; sh:property [ sh:path ex:start ; sh:maxCount 0 ] .
        ex:Class a rdfs:Class, sh:NodeShape ; sh:property [ sh:path ex:label ; sh:minCount 1 ] .""", """
        ex:g1 { ex:t1 a ex:Term ; ex:start "2020-01-01"^^xsd:date ; ex:end "2019-01-01"^^xsd:date, "2021-01-01"^^xsd:date .
                ex:t2 a ex:Term ; ex:end "2019-01-01"^^xsd:date .
                ex:t3 a ex:Term ; ex:start "2020-01-01"^^xsd:date ; ex:end "2020-06-01"^^xsd:date .
                ex:i1 a ex:Class .  ex:i2 a ex:Class ; ex:label "i2" . }"""),
}


def _nquads(trig: str) -> str:
    """A case's data as N-Quads."""
    return "".join(f"{q} .\n" for q in ox.parse(PREFIXES + trig, format=ox.RdfFormat.TRIG))


def _oxigraph(trig: str) -> OxigraphStore:
    store = OxigraphStore(None)
    store.load_nquads(_nquads(trig))
    return store


def _pyshacl_results(union: Graph, shapes: Graph) -> set[tuple]:
    report = validate_graph(union, shapes=shapes)
    g = report.report_graph
    return {(g.value(r, SH.focusNode), g.value(r, SH.resultPath), g.value(r, SH.value),
             g.value(r, SH.sourceConstraintComponent), g.value(r, SH.resultSeverity))
            for report_node in g.subjects(RDF.type, SH.ValidationReport) for r in g.objects(report_node, SH.result)}


def _union(trig: str) -> Graph:
    """The triples of every graph of a case's data, in one rdflib graph (what pySHACL validates)."""
    return _union_of_nquads(_nquads(trig))


def _union_of_nquads(text: str) -> Graph:
    triples = "".join(f"{q.subject} {q.predicate} {q.object} .\n" for q in ox.parse(text, format=ox.RdfFormat.N_QUADS))
    return Graph().parse(data=triples, format="nt")


def _keys(results) -> set[tuple]:
    return {(r.focus, r.path, r.value, r.component, r.severity) for r in results}


def _comparable(keys: set[tuple]) -> set[tuple]:
    """Blank nodes get other labels in each store: compare them as one placeholder."""
    return {tuple("_:b" if getattr(t, "n3", None) and str(t.n3()).startswith("_:") else t for t in key)
            for key in keys}


@pytest.mark.parametrize("case", sorted(CASES))
def test_shape_checks_find_what_pyshacl_finds(case):
    shapes_ttl, trig = CASES[case]
    shapes = Graph().parse(data=PREFIXES + shapes_ttl, format="turtle")
    expected = _pyshacl_results(_union(trig), shapes)
    assert len(expected) >= 2, f"the case {case!r} must break its shapes, it gives pySHACL {expected}"
    found = check_store(_oxigraph(trig), shapes)
    assert _comparable(_keys(found)) == _comparable(expected)
    assert len(found) == len(expected)


def test_shape_checks_count_a_triple_held_by_two_graphs_once():
    shapes = Graph().parse(data=PREFIXES + CASES["counts"][0], format="turtle")
    found = {(str(r.focus), str(r.path), str(r.component).split("#")[1])
             for r in check_store(_oxigraph(CASES["counts"][1]), shapes)}
    ex = "https://example.org/"
    assert (f"{ex}a", f"{ex}name", "MaxCountConstraintComponent") not in found  # "a" in two graphs: one value
    assert (f"{ex}d", f"{ex}alias", "MinCountConstraintComponent") in found  # "x" in two graphs: one value, not two


@pytest.fixture(scope="module")
def sample_dataset():
    """The shipped sample corpus, built, as N-Quads (facts, provenance, register, gazetteer, bookkeeping)."""
    store = OxigraphStore(None)
    papers = sorted(p for p in SAMPLE_DIR.iterdir() if p.suffix in {".txt", ".xml", ".html", ".pdf"})
    assert not build(papers, store, minter=Minter(), jobs=1).failed
    return store.store.dump(format=ox.RdfFormat.N_QUADS).decode()


KG = "https://w3id.org/kamergraaf"
PAPER = f"<{KG}/id/kamerstuk/kst-19637-2699>"
# breaks of the shipped shapes, each as N-Quads lines added to the built sample
BREAKS = {
    "a second date and a bad type": f"""
        {PAPER} <http://data.europa.eu/eli/ontology#date_document> "2021-02-16"^^<http://www.w3.org/2001/XMLSchema#date> <{KG}/graph/x> .
        {PAPER} <https://w3id.org/kamergraaf/def#documentType> "fax" <{KG}/graph/x> .
        {PAPER} <http://data.europa.eu/eli/ontology#cites> <{KG}/id/nothing> <{KG}/graph/x> .""",
    "a signing without a capacity": f"""
        <{KG}/id/ondertekening/x/1> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/kamergraaf/def#Ondertekening> <{KG}/graph/x> .
        <{KG}/id/ondertekening/x/1> <https://w3id.org/kamergraaf/def#resolutionStatus> "maybe" <{KG}/graph/x> .
        <{KG}/id/ondertekening/x/1> <http://www.w3.org/ns/prov#atTime> "gisteren" <{KG}/graph/x> .""",
    "a claim whose target has one selector": f"""
        <{KG}/id/claim/x/1> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://www.w3.org/1999/02/22-rdf-syntax-ns#Statement> <{KG}/graph/provenance/x> .
        <{KG}/id/claim/x/1> <http://www.w3.org/1999/02/22-rdf-syntax-ns#subject> {PAPER} <{KG}/graph/provenance/x> .
        <{KG}/id/claim/x/1> <http://www.w3.org/ns/oa#hasTarget> <{KG}/id/span/x/1-2> <{KG}/graph/provenance/x> .
        <{KG}/id/span/x/1-2> <http://www.w3.org/ns/oa#hasSelector> <{KG}/id/span/x/1-2#position> <{KG}/graph/provenance/x> .
        <{KG}/id/span/x/1-2#position> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://www.w3.org/ns/oa#TextPositionSelector> <{KG}/graph/provenance/x> .
        <{KG}/id/span/x/1-2#position> <http://www.w3.org/ns/oa#start> "-1"^^<http://www.w3.org/2001/XMLSchema#integer> <{KG}/graph/provenance/x> .""",
    "a term that ends before it starts": f"""
        <{KG}/id/lidmaatschap/x> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://www.w3.org/ns/org#Membership> <{KG}/graph/register> .
        <{KG}/id/lidmaatschap/x> <https://w3id.org/kamergraaf/def#startDate> "2020-01-01"^^<http://www.w3.org/2001/XMLSchema#date> <{KG}/graph/register> .
        <{KG}/id/lidmaatschap/x> <https://w3id.org/kamergraaf/def#endDate> "2019-01-01"^^<http://www.w3.org/2001/XMLSchema#date> <{KG}/graph/register> .
        <{KG}/id/persoon/x> <https://w3id.org/kamergraaf/def#initials> "xyz" <{KG}/graph/register> .""",
}


@pytest.mark.slow
@pytest.mark.parametrize("name", ["none", *sorted(BREAKS)])
def test_shape_checks_find_what_pyshacl_finds_on_the_sample(sample_dataset, name):
    """The shipped shapes on the built sample, as it is and broken in several ways."""
    text = sample_dataset + "".join(f"{line.strip()}\n" for line in BREAKS.get(name, "").strip().splitlines())
    store = OxigraphStore(None)
    store.load_nquads(text)
    union = _union_of_nquads(text)
    shapes = load_shapes()
    expected = _pyshacl_results(union, shapes)
    assert (len(expected) == 0) == (name == "none"), expected
    found = check_store(store, shapes)
    assert _keys(found) == expected
    report = validate_store(store)
    assert report.conforms == (name == "none")
    assert report.violations == len(expected)


def test_shape_checks_refuse_what_they_do_not_cover():
    shapes = Graph().parse(data=PREFIXES + """
        ex:S sh:targetClass ex:C ; sh:property [ sh:path ex:a ; sh:equals ex:b ] .""", format="turtle")
    with pytest.raises(UnsupportedShapes, match="sh:equals"):
        compile_shapes(shapes)
    inverse = Graph().parse(data=PREFIXES + """
        ex:S sh:targetClass ex:C ; sh:property [ sh:path [ sh:inversePath ex:a ] ; sh:minCount 1 ] .""",
                            format="turtle")
    with pytest.raises(UnsupportedShapes, match="sh:path must be an IRI"):
        compile_shapes(inverse)


def test_validate_store_falls_back_to_pyshacl_for_shapes_not_covered():
    shapes = Graph().parse(data=PREFIXES + """
        ex:S sh:targetClass ex:C ; sh:property [ sh:path ex:a ; sh:equals ex:b ] .""", format="turtle")
    store = _oxigraph("ex:g1 { ex:x a ex:C ; ex:a 1 ; ex:b 2 . ex:y a ex:C ; ex:a 1 ; ex:b 1 . }")
    report = validate_store(store, shapes=shapes)
    assert not report.conforms and report.violations == 2  # ex:x: 1 not among ex:b, and 2 not among ex:a


def test_validate_store_reports_like_pyshacl():
    shapes_ttl, trig = CASES["severity, messages, SPARQL"]
    shapes = Graph().parse(data=PREFIXES + shapes_ttl, format="turtle")
    report = report_of(check_store(_oxigraph(trig), shapes), shapes)
    assert not report.conforms
    assert report.report_text.startswith(f"Validation Report\nConforms: False\nResults ({report.violations}):\n")
    assert "\tMessage: a term needs a start\n" in report.report_text
    assert "\tMessage: ends before it starts\n" in report.report_text
    assert "\tSource Shape: [ sh:path ex:end ] of ex:S\n" in report.report_text
    assert "\tMessage: more than 1 values\n" in report.report_text
    assert len(set(report.report_graph.objects(None, SH.result))) == report.violations


@pytest.mark.parametrize("case", sorted(CASES))
def test_shape_checks_run_on_the_in_memory_store(case):
    """rdflib's SPARQL engine gives the same results (the remote store: test_store_backends, a real server)."""
    shapes_ttl, trig = CASES[case]
    shapes = Graph().parse(data=PREFIXES + shapes_ttl, format="turtle")
    store = MemoryStore()
    store.load_nquads(_nquads(trig))
    expected = _pyshacl_results(_union(trig), shapes)
    assert _comparable(_keys(check_store(store, shapes))) == _comparable(expected)
