"""The ontology documents every term: each check in ontology/checks/ returns zero rows, and each can fail."""

from __future__ import annotations

import re

import pyoxigraph as ox
import pytest
from rdflib import Graph, URIRef

from graph.resources import CHECKS_DIR, ONTOLOGY_DIR

ONTOLOGY = ONTOLOGY_DIR / "kamergraaf.ttl"
CHECKS = sorted(CHECKS_DIR.glob("*-violation.rq"))

PREFIXES = """
@prefix kg:   <https://w3id.org/kamergraaf/def#> .
@prefix owl:  <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd:  <http://www.w3.org/2001/XMLSchema#> .
@prefix eli:  <http://data.europa.eu/eli/ontology#> .
@prefix tooi: <https://identifier.overheid.nl/tooi/def/thes/kern/> .
"""

# a property documented as every check wants it; the broken examples below each spoil one thing
GOOD_PROPERTY = """
kg:fine a owl:DatatypeProperty ; rdfs:isDefinedBy <https://w3id.org/kamergraaf/def> ;
    rdfs:label "goed"@nl , "fine"@en ; rdfs:comment "Goed."@nl , "Fine."@en ;
    rdfs:domain eli:Work ; rdfs:range xsd:string .
"""

BROKEN = {
    "term-without-label-violation.rq": GOOD_PROPERTY.replace(', "fine"@en', ""),
    "term-without-definition-violation.rq": GOOD_PROPERTY.replace('"Goed."@nl , ', ""),
    "property-without-domain-violation.rq": GOOD_PROPERTY.replace("rdfs:domain eli:Work ;", ""),
    "property-without-range-violation.rq": GOOD_PROPERTY.replace("; rdfs:range xsd:string", ""),
    "undeclared-term-violation.rq": GOOD_PROPERTY + "kg:other_term rdfs:subPropertyOf kg:fien .",
    "term-not-defined-by-violation.rq": GOOD_PROPERTY.replace(
        "rdfs:isDefinedBy <https://w3id.org/kamergraaf/def> ;", ""),
    "duplicate-label-violation.rq": GOOD_PROPERTY + GOOD_PROPERTY.replace("kg:fine", "kg:twin"),
    "document-type-without-tooi-violation.rq": """
kg:motie a skos:Concept ; skos:notation "motie"^^kg:documentTypeCode .""",
    "document-type-code-violation.rq": """
kg:motie a skos:Concept ; skos:notation "motie"^^kg:documentTypeCode .
kg:motie2 a skos:Concept ; skos:notation "motie"^^kg:documentTypeCode .""",
}


def _rows(graph: Graph, check) -> list:
    return list(graph.query(check.read_text(encoding="utf-8")))


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ONTOLOGY, format="turtle")


@pytest.mark.parametrize("check", CHECKS, ids=lambda p: p.name)
def test_ontology_passes_check(ontology, check):
    assert _rows(ontology, check) == []


@pytest.mark.parametrize("check", CHECKS, ids=lambda p: p.name)
def test_check_finds_its_violation(check):
    assert check.name in BROKEN, f"add a broken example for {check.name} to BROKEN"
    broken = Graph().parse(data=PREFIXES + BROKEN[check.name], format="turtle")
    assert len(_rows(broken, check)) >= 1


@pytest.mark.parametrize("check", CHECKS, ids=lambda p: p.name)
def test_check_is_documented(check):
    text = check.read_text(encoding="utf-8")
    assert re.search(r"^# title: \S", text, re.M) and re.search(r"^# description: \S", text, re.M)


@pytest.mark.parametrize("check", CHECKS, ids=lambda p: p.name)
def test_oxigraph_agrees_on_check(ontology, check):
    store = ox.Store()
    store.load(path=str(ONTOLOGY), format=ox.RdfFormat.TURTLE)
    assert list(store.query(check.read_text(encoding="utf-8"))) == []


@pytest.mark.parametrize("shape_doc", [ONTOLOGY_DIR / "GRAPH-SHAPE.md"])
def test_graph_shape_uses_only_defined_terms(ontology, shape_doc):
    used = set(re.findall(r"\bkg:([A-Za-z_]+)\b", shape_doc.read_text(encoding="utf-8")))
    namespace = "https://w3id.org/kamergraaf/def#"
    defined = {str(s)[len(namespace):] for s in ontology.subjects() if str(s).startswith(namespace)}
    assert used - defined == set()


@pytest.mark.parametrize("alignment", [
    ("https://w3id.org/kamergraaf/def#Kamerstuk", "http://www.w3.org/2000/01/rdf-schema#subClassOf",
     "http://data.europa.eu/eli/ontology#Work"),
    ("https://w3id.org/kamergraaf/def#Ondertekening", "http://www.w3.org/2000/01/rdf-schema#subClassOf",
     "http://data.europa.eu/eli/eli-draft-legislation-ontology#Activity"),
    ("https://w3id.org/kamergraaf/def#respondsTo", "http://www.w3.org/2000/01/rdf-schema#subPropertyOf",
     "http://data.europa.eu/eli/ontology#cites"),
    ("https://w3id.org/kamergraaf/def#motie", "http://www.w3.org/2004/02/skos/core#broadMatch",
     "https://identifier.overheid.nl/tooi/def/thes/kern/c_056a75e1"),
])
def test_ontology_is_aligned(ontology, alignment):
    assert tuple(map(URIRef, alignment)) in ontology
