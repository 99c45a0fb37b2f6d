"""The register and the gazetteer as RDF: generated from the curated CSVs, shipped as Turtle, loaded into every graph.

``scripts/build-register`` writes ``ontology/data/register.ttl`` and ``ontology/data/gazetteer.ttl`` with
:func:`write_reference_turtle`; :func:`reference_quads` reads those files (once per process) and puts them in the
``register`` and ``gazetteer`` named graphs, rebased when the data base IRI is not the default one.

>>> from graph.ids import Minter
>>> quads = list(reference_quads(Minter("https://example.org/kg")))
>>> sorted({str(g) for *_, g in quads})
['https://example.org/kg/graph/gazetteer', 'https://example.org/kg/graph/register']
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Iterator

from rdflib import RDF, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, OWL, SKOS, TIME
from rdflib.term import Node

from graph import resources
from graph.fsutil import atomic_write_text
from graph.ids import DEFAULT_BASE, Minter, slug
from graph.resolve.gazetteer import Gazetteer, ReferenceDataError, load_gazetteer
from graph.resolve.register import Register, load_register
from graph.vocab import KG

WIKIDATA = Namespace("http://www.wikidata.org/entity/")
REFERENCE_DIR = resources.ONTOLOGY_DIR / "data"
REGISTER_TTL = REFERENCE_DIR / "register.ttl"
GAZETTEER_TTL = REFERENCE_DIR / "gazetteer.ttl"

Quad = tuple[Node, Node, Node, URIRef]


def _bind(graph: Graph, minter: Minter) -> Graph:
    for prefix, ns in (("kg", str(KG._NS)), ("org", str(ORG)), ("foaf", str(FOAF)), ("skos", str(SKOS)),
                       ("owl", str(OWL)), ("time", str(TIME)), ("dct", str(DCTERMS)), ("xsd", str(XSD)),
                       ("wd", str(WIKIDATA)), ("persoon", f"{minter.base}/id/persoon/"),
                       ("post", f"{minter.base}/id/post/"), ("organisatie", f"{minter.base}/id/organisatie/")):
        graph.bind(prefix, ns, override=True, replace=True)
    return graph


def register_graph(register: Register | None = None, minter: Minter = Minter()) -> Graph:
    """Build the register graph: persons, posts (in their ministries) and memberships with their intervals."""
    register = register or load_register()
    g = _bind(Graph(), minter)
    for person in register.persons.values():
        iri = minter.person(person.key)
        g.add((iri, RDF.type, FOAF.Person))
        g.add((iri, FOAF.name, Literal(person.name)))
        g.add((iri, KG.initials, Literal(person.initials)))
        g.add((iri, FOAF.familyName, Literal(person.surname)))
        if person.given_name:
            g.add((iri, FOAF.givenName, Literal(person.given_name)))
        for party in person.parties:
            g.add((iri, KG.party, Literal(party)))
        if person.wikidata:
            g.add((iri, OWL.sameAs, WIKIDATA[person.wikidata]))
    for post in register.posts.values():
        iri = minter.post(post.key)
        g.add((iri, RDF.type, ORG.Post))
        g.add((iri, SKOS.prefLabel, Literal(post.label, lang="nl")))
        g.add((iri, ORG.postIn, minter.organisation(post.organisation)))
    for m in register.memberships:
        iri = minter.membership(m.person.key, m.post.key, m.start)
        interval = URIRef(f"{iri}#interval")
        g.add((iri, RDF.type, ORG.Membership))
        g.add((iri, ORG.member, minter.person(m.person.key)))
        g.add((iri, KG.post, minter.post(m.post.key)))
        g.add((iri, ORG.organization, minter.organisation(m.post.organisation)))
        g.add((iri, ORG.memberDuring, interval))
        g.add((iri, KG.startDate, Literal(m.start, datatype=XSD.date)))
        g.add((iri, KG.cabinet, Literal(m.cabinet)))
        g.add((iri, KG.acting, Literal(m.acting)))
        g.add((iri, DCTERMS.source, Literal(m.source)))
        if m.portfolio:
            g.add((iri, KG.portfolio, Literal(m.portfolio)))
        g.add((interval, RDF.type, TIME.Interval))
        for end, relation, value in (("start", TIME.hasBeginning, m.start), ("end", TIME.hasEnd, m.end)):
            if value is None:
                continue
            instant = URIRef(f"{iri}#{end}")
            g.add((interval, relation, instant))
            g.add((instant, RDF.type, TIME.Instant))
            g.add((instant, TIME.inXSDDate, Literal(value, datatype=XSD.date)))
        if m.end is not None:
            g.add((iri, KG.endDate, Literal(m.end, datatype=XSD.date)))
    return g


def gazetteer_graph(gazetteer: Gazetteer | None = None, minter: Minter = Minter()) -> Graph:
    """Build the gazetteer graph: organisations with names, abbreviations, former names and official ids."""
    gazetteer = gazetteer or load_gazetteer()
    g = _bind(Graph(), minter)
    for org in gazetteer.organisations.values():
        iri = minter.organisation(org.key)
        g.add((iri, RDF.type, ORG.Organization))
        g.add((iri, SKOS.prefLabel, Literal(org.name, lang="nl")))
        g.add((iri, DCTERMS.type, Literal(org.kind)))
        for abbreviation in org.abbreviations:
            g.add((iri, SKOS.altLabel, Literal(abbreviation)))
        for name in org.alt_names:
            g.add((iri, SKOS.altLabel, Literal(name, lang="nl")))
        for former in org.former_names:
            node = URIRef(f"{iri}#naam-{slug(former.name)}")
            g.add((iri, KG.formerName, node))
            g.add((iri, SKOS.hiddenLabel, Literal(former.name, lang="nl")))
            g.add((node, RDF.type, KG.FormerName))
            g.add((node, SKOS.prefLabel, Literal(former.name, lang="nl")))
            if former.start:
                g.add((node, KG.validFrom, Literal(former.start, datatype=XSD.date)))
            if former.end:
                g.add((node, KG.validUntil, Literal(former.end, datatype=XSD.date)))
        if org.part_of:
            g.add((iri, ORG.subOrganizationOf, minter.organisation(org.part_of)))
        if org.tooi_uri:
            g.add((iri, OWL.sameAs, URIRef(org.tooi_uri)))
            g.add((iri, DCTERMS.identifier, Literal(org.tooi_uri.rsplit("/", 1)[-1])))
    return g


def render_reference_turtle() -> dict[Path, str]:
    """Render the Turtle text of the register and the gazetteer from the shipped CSVs (default base)."""
    header = "# generated by scripts/build-register from graph/data/reference/{}; do not edit.\n"
    return {
        REGISTER_TTL: header.format("bewindspersonen.csv") + register_graph().serialize(format="turtle"),
        GAZETTEER_TTL: header.format("organisations.csv") + gazetteer_graph().serialize(format="turtle"),
    }


def write_reference_turtle() -> list[Path]:
    """Regenerate ``ontology/data/register.ttl`` and ``gazetteer.ttl``; return the paths written."""
    written = []
    for path, text in render_reference_turtle().items():
        atomic_write_text(path, text)
        written.append(path)
    return written


@functools.cache
def _shipped(path: Path) -> tuple[tuple[Node, Node, Node], ...]:
    try:
        graph = Graph().parse(path, format="turtle")
    except FileNotFoundError:
        raise ReferenceDataError(f"{path} is missing; run scripts/build-register to generate it") from None
    return tuple(sorted(graph))


def _rebase(term: Node, old: str, new: str) -> Node:
    if isinstance(term, URIRef) and term.startswith(old):
        return URIRef(new + term[len(old):])
    return term


def reference_quads(minter: Minter) -> Iterator[Quad]:
    """Yield the register and gazetteer as quads in ``minter.graph("register")`` and ``minter.graph("gazetteer")``.

    Only data IRIs (``{base}/id/...``) are rebased: the vocabulary shares the default base's host and path.
    """
    old, new = DEFAULT_BASE.rstrip("/") + "/id/", minter.base + "/id/"
    for name, path in (("register", REGISTER_TTL), ("gazetteer", GAZETTEER_TTL)):
        graph_iri = minter.graph(name)
        for s, p, o in _shipped(path):
            if old == new:
                yield s, p, o, graph_iri
            else:
                yield _rebase(s, old, new), p, _rebase(o, old, new), graph_iri
