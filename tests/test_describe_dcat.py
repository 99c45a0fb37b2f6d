"""The dataset description meets DCAT-AP-NL 3.0 (checked by the shipped shapes), and its VoID counts are right."""

from __future__ import annotations

import warnings

import pytest
from rdflib import RDF, Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, VOID

from graph.cli import main
from graph.describe import CC0, TOOI_THEME_MIGRATIE, Agent, DescribeError, count, describe, validate_description
from graph.export import ExportFormat
from graph.ids import Minter
from graph.store import MemoryStore

MINTER = Minter()
VCARD = "http://www.w3.org/2006/vcard/ns#"

TRIG = """
@prefix kg:   <https://w3id.org/kamergraaf/def#> .
@prefix eli:  <http://data.europa.eu/eli/ontology#> .
@prefix dct:  <http://purl.org/dc/terms/> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix owl:  <http://www.w3.org/2002/07/owl#> .
@prefix rdf:  <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix id:   <https://w3id.org/kamergraaf/id/> .

<https://w3id.org/kamergraaf/graph/kst-19637-2699> {
  id:kamerstuk\\/kst-19637-2699 a kg:Kamerstuk ; dct:identifier "kst-19637-2699" ;
    eli:type_document <https://identifier.overheid.nl/tooi/def/thes/kern/c_49599e6c> ;
    eli:cites id:kamerstuk\\/kst-22112-2955 .
  id:kamerstuk\\/kst-22112-2955 a kg:Kamerstuk .
}
<https://w3id.org/kamergraaf/graph/provenance/kst-19637-2699> {
  id:claim\\/kst-19637-2699\\/1 a rdf:Statement ; kg:extractor "citations" ;
    owl:sameAs <http://www.wikidata.org/entity/Q1> .
}
<https://w3id.org/kamergraaf/graph/register> {
  id:persoon\\/sa-blok a foaf:Person ; foaf:name "S.A. Blok" ;
    owl:sameAs <http://www.wikidata.org/entity/Q1974766> .
  id:organisatie\\/ministerie-van-buitenlandse-zaken
    owl:sameAs <https://identifier.overheid.nl/tooi/id/ministerie/mnre1013> .
}
"""


def _store() -> MemoryStore:
    dataset = Dataset()
    with warnings.catch_warnings():  # rdflib 7.6 warns about its own ConjunctiveGraph when parsing TriG
        warnings.simplefilter("ignore", DeprecationWarning)
        dataset.parse(data=TRIG, format="trig")
    store = MemoryStore()
    store.load_nquads(dataset.serialize(format="nquads"))
    return store


@pytest.fixture(scope="module")
def description() -> Graph:
    return describe(_store(), minter=MINTER, contact_email="open-data@example.org")


@pytest.mark.parametrize("shapes", ["ontology/shapes-dcat.ttl"])
def test_description_conforms(description, shapes):
    conforms, _, text = validate_description(description)
    assert conforms, text


@pytest.mark.parametrize("subject,predicate", [
    ("dataset", DCTERMS.title),
    ("dataset", DCTERMS.description),
    ("dataset", DCTERMS.identifier),
    ("dataset", DCTERMS.publisher),
    ("dataset", DCTERMS.creator),
    ("dataset", DCAT.contactPoint),
    ("dataset", DCAT.theme),
    ("dataset", DCTERMS.accessRights),
    ("dataset", DCAT.distribution),
    ("dataset", VOID.triples),
    ("distribution", DCAT.accessURL),
    ("distribution", DCTERMS.license),
    ("contact", URIRef(VCARD + "fn")),
    ("agent", FOAF.name),
])
def test_shapes_catch_a_missing_mandatory_property(description, subject, predicate):
    broken = Graph()
    for triple in description:
        broken.add(triple)
    kinds = {"dataset": DCAT.Dataset, "distribution": DCAT.Distribution, "contact": URIRef(VCARD + "Kind"),
             "agent": FOAF.Agent}
    for node in list(broken.subjects(RDF.type, kinds[subject])):
        broken.remove((node, predicate, None))
    conforms, _, _ = validate_description(broken)
    assert not conforms


@pytest.mark.parametrize("licence", ["https://opensource.org/licenses/MIT"])
def test_shapes_want_a_creative_commons_licence(description, licence):
    broken = Graph()
    for s, p, o in description:
        broken.add((s, p, URIRef(licence) if p == DCTERMS.license else o))
    assert not validate_description(broken)[0]


@pytest.mark.parametrize("licence", ["https://opensource.org/licenses/MIT", "CC0"])
def test_describe_refuses_other_licences(licence):
    with pytest.raises(DescribeError, match="Creative Commons"):
        describe(_store(), minter=MINTER, licence=licence)


@pytest.mark.parametrize("provenance,triples,entities", [(False, 9, 4), (True, 12, 5)])
def test_counts_cover_facts_and_provenance_on_request(provenance, triples, entities):
    counts = count(_store(), minter=MINTER, provenance=provenance)
    assert (counts.triples, counts.entities) == (triples, entities)


@pytest.mark.parametrize("target,links", [
    ("tooi", {"http://data.europa.eu/eli/ontology#type_document": 1, "http://www.w3.org/2002/07/owl#sameAs": 1}),
    ("wikidata", {"http://www.w3.org/2002/07/owl#sameAs": 1}),
])
def test_links_are_counted_per_target(target, links):
    assert count(_store(), minter=MINTER).links[target] == links


@pytest.mark.parametrize("vocabulary", [
    "https://w3id.org/kamergraaf/def#", "http://data.europa.eu/eli/ontology#", "http://xmlns.com/foaf/0.1/"])
def test_vocabularies_used_are_listed(description, vocabulary):
    assert (MINTER.dataset(), VOID.vocabulary, URIRef(vocabulary)) in description


@pytest.mark.parametrize("name,triples", [("tooi", 2), ("wikidata", 1)])
def test_linksets(description, name, triples):
    linkset = URIRef(f"{MINTER.dataset()}#linkset-{name}")
    assert (linkset, RDF.type, VOID.Linkset) in description
    assert description.value(linkset, VOID.triples) == Literal(triples)
    assert (MINTER.dataset(), VOID.subset, linkset) in description


@pytest.mark.parametrize("base", ["https://data.example.org/kg"])
def test_uri_space_follows_the_base(base):
    g = describe(MemoryStore(), minter=Minter(base))
    assert g.value(URIRef(f"{base}/id/dataset"), VOID.uriSpace) == Literal(f"{base}/id/")


@pytest.mark.parametrize("publisher", [
    Agent("https://identifier.overheid.nl/tooi/id/ministerie/mnre1058", "Ministerie van Justitie en Veiligheid")])
def test_government_publisher_keeps_its_tooi_identifier(publisher):
    g = describe(_store(), minter=MINTER, publisher=publisher)
    assert g.value(MINTER.dataset(), DCTERMS.publisher) == URIRef(publisher.iri)
    assert g.value(MINTER.dataset(), DCTERMS.creator) == URIRef(publisher.iri)  # creators default to the publisher
    assert g.value(URIRef(publisher.iri), FOAF.name) == Literal(publisher.name)


@pytest.mark.parametrize("defaults", [{"theme": TOOI_THEME_MIGRATIE, "licence": CC0}])
def test_defaults(description, defaults):
    assert description.value(MINTER.dataset(), DCAT.theme) == URIRef(defaults["theme"])
    distributions = list(description.objects(MINTER.dataset(), DCAT.distribution))
    assert len(distributions) == len(ExportFormat)
    assert {description.value(d, DCTERMS.license) for d in distributions} == {URIRef(defaults["licence"])}


@pytest.mark.parametrize("fmt", ["turtle", "jsonld"])
def test_describe_command_writes_a_valid_description(tmp_path, fmt):
    source = tmp_path / "kg.trig"
    source.write_text(TRIG, encoding="utf-8")
    target = tmp_path / f"dataset.{'ttl' if fmt == 'turtle' else 'jsonld'}"
    with warnings.catch_warnings():  # rdflib's TriG and JSON-LD parsers use its deprecated ConjunctiveGraph
        warnings.simplefilter("ignore", DeprecationWarning)
        code = main(["describe", str(source), "-o", str(target), "--publisher",
                     "https://identifier.overheid.nl/tooi/id/ministerie/mnre1058", "--publisher-name", "JenV"])
        assert code == 0
        g = Graph().parse(target, format="turtle" if fmt == "turtle" else "json-ld")
    assert g.value(MINTER.dataset(), DCTERMS.publisher) == URIRef(
        "https://identifier.overheid.nl/tooi/id/ministerie/mnre1058")
    assert validate_description(g)[0]


@pytest.mark.parametrize("args,code", [
    (["--format", "nt"], 0),
    (["--licence", "https://opensource.org/licenses/MIT"], 2),
])
def test_export_command(tmp_path, args, code):
    source = tmp_path / "kg.trig"
    source.write_text(TRIG, encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        result = main(["export", str(source), "-o", str(tmp_path / "out.data"), *args])
    assert result == code
    assert (tmp_path / "out.data").exists() is (code == 0)
