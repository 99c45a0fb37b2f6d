"""Synthetic stores for the network tests, shaped as ontology/GRAPH-SHAPE.md says the mapping writes papers.

``synthetic_store(n)`` gives a store whose full network has exactly ``n`` nodes (papers, dossiers, persons, posts,
organisations in fixed proportions), every paper linked to a dossier and an actor; the same ``n`` and ``seed`` always
give the same triples.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

import pyoxigraph as ox
from rdflib import RDF, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, SKOS, XSD

from graph.ids import Minter, official_page
from graph.store import MemoryStore
from graph.store_oxigraph import to_rdflib

KG = Namespace("https://w3id.org/kamergraaf/def#")
ELI = Namespace("http://data.europa.eu/eli/ontology#")
SCHEMA = Namespace("http://schema.org/")


def paper_triples(minter: Minter, doc_id: str, *, title: str, day: date, dossiers, sender, signer, mentions, cites):
    """The facts of one paper as GRAPH-SHAPE.md draws them."""
    paper = minter.kamerstuk(doc_id)
    triples = [
        (paper, RDF.type, ELI.Work), (paper, RDF.type, KG.Kamerstuk),
        (paper, DCTERMS.identifier, Literal(doc_id)), (paper, DCTERMS.title, Literal(title)),
        (paper, KG.documentType, Literal("brief")),
        (paper, ELI.date_document, Literal(day.isoformat(), datatype=XSD.date)),
        (paper, SCHEMA.url, official_page(doc_id)),
    ]
    triples += [(paper, ELI.is_part_of, minter.dossier(d)) for d in dossiers]
    if sender is not None:
        triples.append((paper, KG.sender, minter.post(sender)))
    if signer is not None:
        triples.append((paper, KG.signedBy, minter.person(signer)))
    triples += [(paper, KG.mentions, minter.organisation(o)) for o in mentions]
    triples += [(paper, ELI.cites, minter.kamerstuk(c)) for c in cites]
    return triples


def synthetic_store(n: int, *, seed: int = 7, minter: Minter = Minter()) -> MemoryStore:
    """Build a store whose network has ``n`` nodes (``n`` >= 20)."""
    rng = random.Random(seed)
    n_dossiers, n_persons, n_posts, n_orgs = max(2, n // 30), max(2, n // 5), max(2, n // 8), max(2, n // 20)
    n_papers = n - n_dossiers - n_persons - n_posts - n_orgs
    store = MemoryStore()
    register = []
    for i in range(n_dossiers):
        d = minter.dossier(str(30000 + i))
        register += [(d, RDF.type, KG.Dossier), (d, DCTERMS.identifier, Literal(str(30000 + i))),
                     (d, DCTERMS.title, Literal(f"Dossier {i}"))]
    for i in range(n_orgs):
        o = minter.organisation(f"org-{i}")
        register += [(o, RDF.type, ORG.Organization), (o, SKOS.prefLabel, Literal(f"Organisatie {i}", lang="nl"))]
    for i in range(n_posts):
        p = minter.post(f"post-{i}")
        register += [(p, RDF.type, ORG.Post), (p, SKOS.prefLabel, Literal(f"Minister {i}", lang="nl")),
                     (p, ORG.postIn, minter.organisation(f"org-{i % n_orgs}"))]
    for i in range(n_persons):
        p = minter.person(f"persoon-{i}")
        register += [(p, RDF.type, FOAF.Person), (p, FOAF.name, Literal(f"P. Persoon{i}"))]
    store.replace_graph(minter.graph("register"), register)
    ids = [f"kst-{30000 + i % n_dossiers}-{i + 1}" for i in range(n_papers)]
    start = date(2015, 1, 1)
    for i, doc_id in enumerate(ids):
        # the first papers cover every person and post once, so that every node of the network is linked
        triples = paper_triples(
            minter, doc_id, title=f"Brief nummer {i}", day=start + timedelta(days=(i * 3) % 3000),
            dossiers=[str(30000 + i % n_dossiers)],
            sender=f"post-{i if i < n_posts else rng.randrange(n_posts)}",
            signer=f"persoon-{i if i < n_persons else rng.randrange(n_persons)}",
            mentions=[f"org-{rng.randrange(n_orgs)}"],
            cites=[ids[rng.randrange(i)]] if i else [],
        )
        store.replace_graph(minter.graph(doc_id), triples)
    return store


# Four papers in two dossiers, written as the mapping writes them (facts per paper, register and gazetteer apart).
# kst-19637-2699 is the seed letter; kst-19637-2700 has hostile markup in its title; kst-30573-1 cites a paper that
# is not in the corpus (kst-22112-2955); kst-30573-2 is undated. "Unlinked" and "Ministerie van Defensie" are in the
# register and gazetteer but in no paper, so the network leaves them out.
SMALL_TRIG = r"""
@prefix kg:   <https://w3id.org/kamergraaf/def#> .
@prefix eli:  <http://data.europa.eu/eli/ontology#> .
@prefix org:  <http://www.w3.org/ns/org#> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix dct:  <http://purl.org/dc/terms/> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix schema: <http://schema.org/> .
@prefix xsd:  <http://www.w3.org/2001/XMLSchema#> .
@prefix doc:  <https://w3id.org/kamergraaf/id/kamerstuk/> .
@prefix dos:  <https://w3id.org/kamergraaf/id/dossier/> .
@prefix pers: <https://w3id.org/kamergraaf/id/persoon/> .
@prefix post: <https://w3id.org/kamergraaf/id/post/> .
@prefix orgn: <https://w3id.org/kamergraaf/id/organisatie/> .
@prefix sign: <https://w3id.org/kamergraaf/id/ondertekening/> .

<https://w3id.org/kamergraaf/graph/kst-19637-2699> {
  doc:kst-19637-2699 a eli:Work, kg:Kamerstuk ; dct:identifier "kst-19637-2699" ; kg:documentType "brief" ;
    eli:date_document "2021-02-15"^^xsd:date ; dct:title "Brief van de Minister van Buitenlandse Zaken" ;
    eli:is_part_of dos:19637 ; eli:cites doc:kst-30573-1 ;
    kg:sender post:minister-van-buitenlandse-zaken ; kg:signedBy pers:sa-blok ;
    kg:onBehalfOf post:staatssecretaris-van-justitie-en-veiligheid ;
    kg:addressee post:voorzitter-tweede-kamer ; kg:mentions orgn:aiv ;
    kg:signing <https://w3id.org/kamergraaf/id/ondertekening/kst-19637-2699/1> ;
    schema:url <https://zoek.officielebekendmakingen.nl/kst-19637-2699.html> .
  <https://w3id.org/kamergraaf/id/ondertekening/kst-19637-2699/1> a kg:Ondertekening ;
    kg:signedDocument doc:kst-19637-2699 ; kg:signer pers:sa-blok ;
    kg:capacity post:minister-van-buitenlandse-zaken ;
    kg:onBehalfOf post:staatssecretaris-van-justitie-en-veiligheid ; prov:atTime "2021-02-15"^^xsd:date .
  dos:19637 a kg:Dossier ; dct:identifier "19637" ; dct:title "Vreemdelingenbeleid" .
}
<https://w3id.org/kamergraaf/graph/kst-19637-2700> {
  doc:kst-19637-2700 a eli:Work, kg:Kamerstuk ; dct:identifier "kst-19637-2700" ; kg:documentType "brief" ;
    eli:date_document "2021-03-01"^^xsd:date ;
    dct:title "Brief <script>alert(1)</script> en <img src=x onerror=alert(2)> over terugkeer" ;
    eli:is_part_of dos:19637 ; kg:signedBy pers:a-broekers-knol ;
    schema:url <https://zoek.officielebekendmakingen.nl/kst-19637-2700.html> .
}
<https://w3id.org/kamergraaf/graph/kst-30573-1> {
  doc:kst-30573-1 a eli:Work, kg:Kamerstuk ; dct:identifier "kst-30573-1" ; kg:documentType "brief" ;
    eli:date_document "2019-06-20"^^xsd:date ; dct:title "Brief over migratie en ontwikkeling" ;
    eli:is_part_of dos:30573 ; eli:cites doc:kst-22112-2955 ;
    kg:sender post:minister-van-buitenlandse-zaken ; kg:signedBy pers:sa-blok .
  doc:kst-22112-2955 a eli:Work, kg:Kamerstuk ; dct:identifier "kst-22112-2955" ; eli:is_part_of dos:22112 .
  dos:30573 a kg:Dossier ; dct:identifier "30573" ; dct:title "Migratie en ontwikkeling" .
}
<https://w3id.org/kamergraaf/graph/kst-30573-2> {
  doc:kst-30573-2 a eli:Work, kg:Kamerstuk ; dct:identifier "kst-30573-2" ; kg:documentType "motie" ;
    dct:title "Motie zonder datum" ; eli:is_part_of dos:30573 ;
    kg:mentions pers:kst-30573-2\/jansen ; kg:signedBy pers:kst-30573-2\/jansen .
  pers:kst-30573-2\/jansen a foaf:Person ; foaf:name "Jansen" .
}
<https://w3id.org/kamergraaf/graph/register> {
  pers:sa-blok a foaf:Person ; foaf:name "S.A. Blok" .
  pers:a-broekers-knol a foaf:Person ; foaf:name "A. Broekers-Knol" .
  pers:unlinked a foaf:Person ; foaf:name "Unlinked" .
  post:minister-van-buitenlandse-zaken a org:Post ; skos:prefLabel "Minister van Buitenlandse Zaken"@nl ;
    org:postIn orgn:ministerie-van-buitenlandse-zaken .
  post:staatssecretaris-van-justitie-en-veiligheid a org:Post ;
    skos:prefLabel "Staatssecretaris van Justitie en Veiligheid"@nl .
  post:voorzitter-tweede-kamer a org:Post ; skos:prefLabel "Voorzitter van de Tweede Kamer"@nl .
  <https://w3id.org/kamergraaf/id/lidmaatschap/sa-blok/minister-van-buitenlandse-zaken/2018-03-07> a org:Membership ;
    org:member pers:sa-blok ; kg:post post:minister-van-buitenlandse-zaken .
}
<https://w3id.org/kamergraaf/graph/gazetteer> {
  orgn:ministerie-van-buitenlandse-zaken a org:Organization ; skos:prefLabel "Ministerie van Buitenlandse Zaken"@nl .
  orgn:aiv a org:Organization ; skos:prefLabel "Adviesraad Internationale Vraagstukken"@nl ; skos:altLabel "AIV" .
  orgn:ministerie-van-defensie a org:Organization ; skos:prefLabel "Ministerie van Defensie"@nl .
}
"""


def small_quads() -> dict[URIRef, list]:
    """The triples of :data:`SMALL_TRIG` by named graph, as rdflib terms (read with Oxigraph's TriG parser)."""
    graphs: dict[URIRef, list] = {}
    for quad in ox.parse(SMALL_TRIG, format=ox.RdfFormat.TRIG):
        triple = (to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object))
        graphs.setdefault(to_rdflib(quad.graph_name), []).append(triple)
    return graphs


def small_store(store=None):
    """Load :data:`SMALL_TRIG` into ``store`` (a new :class:`MemoryStore` by default) and return it."""
    store = MemoryStore() if store is None else store
    for name, triples in small_quads().items():
        store.replace_graph(name, triples)
    return store
