"""The mapping writes a paper's facts per GRAPH-SHAPE.md and one claim per statement that points at its characters."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, XSD

from graph.ids import Minter
from graph.mapping import MappingError, paper_graphs
from graph.model import (
    ActorResolution,
    Citation,
    Dossier,
    DossierNumber,
    Extraction,
    KamerstukRef,
    Mention,
    PersonRef,
    PostRef,
    Resolution,
    Sender,
    SourceDocument,
    Span,
    Valued,
)
from graph.validate import validate_graph
from graph.vocab import KG

ELI = Namespace("http://data.europa.eu/eli/ontology#")
OA = Namespace("http://www.w3.org/ns/oa#")

TEXT = (
    "19 637 Vreemdelingenbeleid\n\nNr. 2699 BRIEF VAN DE MINISTER VAN BUITENLANDSE ZAKEN\n\n"
    "Den Haag, 15 februari 2021\n\nZie Kamerstuk 22 112, nr. 2955.\n\n"
    "De Minister van Buitenlandse Zaken,\nS.A. Blok\n"
)


def _span(text: str) -> Span:
    start = TEXT.index(text)
    return Span(start, start + len(text))


def _paper() -> tuple[SourceDocument, Extraction, Resolution]:
    doc = SourceDocument.plain("kst-19637-2699.txt", TEXT)
    sender = Sender(
        role="Minister van Buitenlandse Zaken",
        name="S.A. Blok",
        span=_span("De Minister van Buitenlandse Zaken,\nS.A. Blok"),
        role_span=_span("Minister van Buitenlandse Zaken"),
        name_span=_span("S.A. Blok"),
    )
    extraction = Extraction(
        source="kst-19637-2699.txt",
        id="kst-19637-2699",
        doc_type="brief",
        dossiers=(Dossier(DossierNumber(19637), "Vreemdelingenbeleid", _span("19 637 Vreemdelingenbeleid")),),
        ondernummer=Valued("2699", _span("Nr. 2699")),
        date=Valued("2021-02-15", _span("15 februari 2021")),
        senders=(sender,),
        cited_kamerstukken=(
            Citation("22 112, nr. 2955", _span("22 112, nr. 2955"), target=KamerstukRef(DossierNumber(22112), "2955")),
        ),
        persons=(Mention("S.A. Blok", _span("S.A. Blok")),),
    )
    post = PostRef("minister-van-buitenlandse-zaken", "Minister van Buitenlandse Zaken")
    resolution = Resolution(
        actors=(
            ActorResolution(
                kind="sender", mention=sender.role, span=sender.span, status="resolved", post=post,
                person=PersonRef("sa-blok", "S.A. Blok"),
            ),
        )
    )
    return doc, extraction, resolution


@pytest.mark.parametrize("base", ["https://w3id.org/kamergraaf", "https://example.org/kg"])
def test_mapping_paper_facts_follow_the_graph_shape(base):
    doc, extraction, resolution = _paper()
    minter = Minter(base)
    graphs = paper_graphs(doc, extraction, resolution, minter=minter)
    facts = Graph()
    for triple in graphs.facts:
        facts.add(triple)
    paper = minter.kamerstuk("kst-19637-2699")
    assert (paper, RDF.type, ELI.Work) in facts
    assert (paper, ELI.date_document, Literal("2021-02-15", datatype=XSD.date)) in facts
    assert (paper, ELI.is_part_of, minter.dossier("19637")) in facts
    assert (paper, ELI.cites, minter.kamerstuk("kst-22112-2955")) in facts
    assert (paper, KG.sender, minter.post("minister-van-buitenlandse-zaken")) in facts
    assert (paper, KG.signedBy, minter.person("sa-blok")) in facts
    signing = minter.signing("kst-19637-2699", 1)
    assert (signing, KG.capacity, minter.post("minister-van-buitenlandse-zaken")) in facts
    assert (signing, KG.resolutionStatus, Literal("resolved")) in facts
    assert all(isinstance(term, (URIRef, Literal)) for triple in graphs.facts for term in triple), "no blank nodes"


@pytest.mark.parametrize("predicate", ["http://data.europa.eu/eli/ontology#cites",
                                       "http://data.europa.eu/eli/ontology#date_document"])
def test_mapping_paper_every_claim_quotes_its_source(predicate):
    doc, extraction, resolution = _paper()
    graphs = paper_graphs(doc, extraction, resolution, minter=Minter())
    prov = Graph()
    for triple in graphs.provenance:
        prov.add(triple)
    rows = list(prov.query(
        """SELECT ?exact ?start ?end WHERE {
             ?claim rdf:predicate ?p ; oa:hasTarget/oa:hasSelector ?q, ?pos .
             ?q oa:exact ?exact . ?pos oa:start ?start ; oa:end ?end . }""",
        initNs={"oa": OA, "rdf": RDF}, initBindings={"p": URIRef(predicate)},
    ))
    assert rows, f"no claim for {predicate}"
    for exact, start, end in rows:
        assert TEXT[int(start):int(end)] == str(exact)


@pytest.mark.parametrize("case", ["seedlike"])
def test_mapping_paper_graphs_conform_to_the_shapes(case):
    doc, extraction, resolution = _paper()
    graphs = paper_graphs(doc, extraction, resolution, minter=Minter())
    data = Graph()
    for triple in graphs.facts + graphs.provenance:
        data.add(triple)
    # the register holds the person's name; a paper graph alone names only local persons
    data.add((Minter().person("sa-blok"), URIRef("http://xmlns.com/foaf/0.1/name"), Literal("S.A. Blok")))
    report = validate_graph(data)
    assert report.conforms, report.report_text


@pytest.mark.parametrize("case", ["twice"])
def test_mapping_paper_is_deterministic(case):
    first = paper_graphs(*_paper(), minter=Minter())
    second = paper_graphs(*_paper(), minter=Minter())
    assert first.facts == second.facts and first.provenance == second.provenance


@pytest.mark.parametrize("case", ["no id"])
def test_mapping_paper_without_id_raises(case):
    doc, extraction, resolution = _paper()
    from dataclasses import replace

    with pytest.raises(MappingError, match="no document id"):
        paper_graphs(doc, replace(extraction, id=None), resolution, minter=Minter())
