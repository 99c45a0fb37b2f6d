"""Synthetic stores for the network tests, shaped as ontology/GRAPH-SHAPE.md says the mapping writes papers.

``synthetic_store(n)`` gives a store whose full network has exactly ``n`` nodes (papers, dossiers, persons, posts,
organisations in fixed proportions), every paper linked to a dossier and an actor; the same ``n`` and ``seed`` always
give the same triples.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from rdflib import RDF, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, SKOS, XSD

from graph.ids import Minter, official_page
from graph.store import MemoryStore

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
