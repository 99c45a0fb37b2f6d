"""Describe the dataset for catalogues: DCAT (the mandatory properties of DCAT-AP-NL 3.0) plus VoID statistics.

The description says what the dataset is (title, description, identifier, theme, access rights), who publishes and
made it (``foaf:Agent`` s, with TOOI identifiers where they are government bodies), whom to contact, where to get
it (one ``dcat:Distribution`` per file, each with an access URL and a Creative Commons licence), and what is in it:
counts of triples, entities and links, the vocabularies used, the URI space, and linksets to TOOI and Wikidata.
Counts come from SPARQL on the store, so they work on every store; the in-memory store counts in Python, and an
export counts the quads it writes (:func:`count_keys`). Nothing in it depends on the clock.

``ontology/shapes-dcat.ttl`` holds SHACL shapes for the mandatory properties; :func:`validate_description` runs them.
"""

from __future__ import annotations

import tempfile
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Sequence

from rdflib import RDF, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, VOID

from graph.export import ExportFormat
from graph.extsort import ExternalSort
from graph.ids import ONTOLOGY_NS, Minter
from graph.model import KamergraafError
from graph.resources import ONTOLOGY_DIR
from graph.store import MemoryStore, Store

VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
SHAPES_PATH = ONTOLOGY_DIR / "shapes-dcat.ttl"

TOOI_THEME_MIGRATIE = "https://identifier.overheid.nl/tooi/def/thes/top/c_399f194b"  # migratie en integratie
ACCESS_PUBLIC = URIRef("http://publications.europa.eu/resource/authority/access-right/PUBLIC")
LANGUAGE_NL = URIRef("http://publications.europa.eu/resource/authority/language/NLD")
CC0 = "http://creativecommons.org/publicdomain/zero/1.0/"
FILE_TYPE_AUTHORITY = "http://publications.europa.eu/resource/authority/file-type/"
LINK_TARGETS = {
    "tooi": ("https://identifier.overheid.nl/tooi/", "https://identifier.overheid.nl/tooi/"),
    "wikidata": ("http://www.wikidata.org/entity/", "http://www.wikidata.org/"),
}
_FILE_TYPES = {
    ExportFormat.TURTLE: "RDF_TURTLE",
    ExportFormat.NT: "RDF_N_TRIPLES",
    ExportFormat.NQ: "RDF_N_QUADS",
    ExportFormat.TRIG: "RDF_TRIG",
    ExportFormat.JSONLD: "JSON_LD",
}
DEFAULT_TITLE = {
    "nl": "Kamergraaf: Kamerstukken over migratiebeleid als kennisgraaf",
    "en": "Kamergraaf: Dutch parliamentary papers on migration policy as a knowledge graph",
}
DEFAULT_DESCRIPTION = {
    "nl": "Kamerstukken (brieven, moties, verslagen) met hun dossiers, afzenders, ondertekeningen en verwijzingen, "
    "gelezen uit de officiële publicaties en uitgedrukt in ELI, W3C ORG, FOAF, PROV-O en TOOI.",
    "en": "Dutch parliamentary papers (letters, motions, reports) with their dossiers, senders, signings and "
    "citations, read from the official publications and expressed in ELI, W3C ORG, FOAF, PROV-O and TOOI.",
}


class DescribeError(KamergraafError):
    """The dataset could not be described with the options given."""


@dataclass(frozen=True)
class Agent:
    """A publisher or creator: an IRI (a TOOI identifier for a government body) and a name."""

    iri: str
    name: str


TWEEDE_KAMER = Agent("https://identifier.overheid.nl/tooi/id/oorg/oorg10002", "Tweede Kamer der Staten-Generaal")


def default_publisher(minter: Minter) -> Agent:
    """The Kamergraaf project itself, under the data base IRI."""
    return Agent(str(minter.organisation("kamergraaf")), "Kamergraaf")


@dataclass(frozen=True)
class Counts:
    """What the dataset holds: distinct triples, entities (IRIs under ``{base}/id/`` in subject position),
    properties, classes, links per target (``{"tooi": {predicate: n}}``), vocabularies."""

    triples: int
    entities: int
    properties: int
    classes: int
    links: dict[str, dict[str, int]]
    vocabularies: tuple[str, ...]

    @classmethod
    def empty(cls) -> "Counts":
        """The counts of an empty dataset."""
        return cls(0, 0, 0, 0, {name: {} for name in LINK_TARGETS}, ())


def _namespace(iri: str) -> str:
    return iri[: max(iri.rfind("#"), iri.rfind("/")) + 1]


def count(store: Store, *, minter: Minter, provenance: bool = False) -> Counts:
    """Count what the facts graphs (and with ``provenance`` the provenance graphs) hold.

    Stores with a SPARQL engine of their own count in three queries. rdflib's engine reads a named graph of its
    in-memory store by scanning every quad, so that store's triples are counted in Python (:func:`count_keys`; six
    minutes against a second for 1,000 papers). Statements about the dataset itself (an older description) are not
    counted.
    """
    from graph.export import select_graphs  # noqa: PLC0415 - export imports this module lazily too

    selected = select_graphs(store, minter=minter, provenance=provenance)
    if not isinstance(store, MemoryStore):
        return _count_sparql(store, selected, minter=minter)
    with ExternalSort(tempfile.gettempdir(), prefix="kamergraaf-count-") as keys:
        for name in selected:
            keys.extend(b" " + line[:-2] for line in store.graph_ntriples(name).split(b"\n") if line)
        return count_keys(keys.merged(), minter=minter)


_TARGET_PREFIXES = tuple((f"<{prefix}".encode("utf-8"), name) for name, (prefix, _) in sorted(LINK_TARGETS.items()))
_RDF_TYPE = f"<{RDF.type}>".encode("utf-8")


def count_keys(keys: Iterable[bytes], *, minter: Minter) -> Counts:
    """The :class:`Counts` of distinct triples given as sorted, unique keys: ``b" "`` and an N-Triples line without
    its final ``" ."`` (the flattened keys of :mod:`graph.export`)."""
    own = f"<{minter.dataset()}".encode("utf-8")
    entity_prefix = f"<{minter.base}/id/".encode("utf-8")
    triples, entities, subject = 0, 0, None
    by_predicate: dict[bytes, int] = defaultdict(int)
    links: dict[str, dict[str, int]] = {name: defaultdict(int) for name in LINK_TARGETS}
    classes: set[bytes] = set()
    for key in keys:
        _, s, p, o = key.split(b" ", 3)
        if s.startswith(own):
            continue
        triples += 1
        by_predicate[p] += 1
        if o[0] == 60:  # "<": an IRI
            for prefix, name in _TARGET_PREFIXES:
                if o.startswith(prefix):
                    links[name][p[1:-1].decode("utf-8")] += 1
                    break
            if p == _RDF_TYPE:
                classes.add(o)
        if s != subject:
            subject = s
            entities += s.startswith(entity_prefix)
    predicates = sorted(p[1:-1].decode("utf-8") for p in by_predicate)
    return Counts(
        triples, entities, len(predicates), len(classes), {name: dict(found) for name, found in links.items()},
        _vocabularies(predicates, (c[1:-1].decode("utf-8") for c in classes)),
    )


def _vocabularies(predicates: Iterable[str], classes: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted({_namespace(i) for i in [*predicates, *classes]} - {""}))


def _count_sparql(store: Store, selected: Sequence[URIRef], *, minter: Minter) -> Counts:
    """:func:`count` in SPARQL. The graphs are named in a ``VALUES`` block rather than filtered by name: every
    SPARQL store answers that, and it leaves the engine the choice of index."""
    if not selected:
        return Counts.empty()
    graphs = " ".join(f"<{g}>" for g in selected)
    own = f'(isIRI(?s) && STRSTARTS(STR(?s), "{minter.dataset()}"))'
    scope = f"VALUES ?g {{ {graphs} }} GRAPH ?g {{ ?s ?p ?o }} FILTER(!{own})"
    target = '""'
    for name, (prefix, _) in sorted(LINK_TARGETS.items(), reverse=True):
        target = f'IF(isIRI(?o) && STRSTARTS(STR(?o), "{prefix}"), "{name}", {target})'
    by_predicate = store.query(
        f"SELECT ?p ?t (COUNT(*) AS ?n) WHERE {{ SELECT DISTINCT ?s ?p ?o ?t WHERE {{ {scope} "
        f"BIND({target} AS ?t) }} }} GROUP BY ?p ?t ORDER BY ?p ?t"
    ).rows
    triples = sum(int(n) for _, _, n in by_predicate)
    predicates = sorted({str(p) for p, _, _ in by_predicate})
    links: dict[str, dict[str, int]] = {name: {} for name in LINK_TARGETS}
    for p, t, n in by_predicate:
        if str(t):
            links[str(t)][str(p)] = links[str(t)].get(str(p), 0) + int(n)
    rows = store.query(
        f"SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ {scope} "
        f'FILTER(isIRI(?s) && STRSTARTS(STR(?s), "{minter.base}/id/")) }}'
    ).rows
    entities = int(rows[0][0]) if rows and rows[0][0] is not None else 0
    classes = sorted(
        str(r[0])
        for r in store.query(
            f"SELECT DISTINCT ?c WHERE {{ VALUES ?g {{ {graphs} }} GRAPH ?g {{ ?s a ?c }} "
            f"FILTER(isIRI(?c) && !{own}) }}"
        ).rows
    )
    return Counts(triples, entities, len(predicates), len(classes), links, _vocabularies(predicates, classes))


def describe(
    store: Store,
    *,
    minter: Minter,
    publisher: Agent | None = None,
    creators: Sequence[Agent] = (),
    licence: str = CC0,
    title: str | None = None,
    description: str | None = None,
    contact_email: str | None = None,
    contact_url: str | None = None,
    themes: Sequence[str] = (TOOI_THEME_MIGRATIE,),
    distributions: Sequence[tuple[ExportFormat, str]] | None = None,
    download_base: str | None = None,
    sparql_endpoint: str | None = None,
    provenance: bool = False,
    counts: Counts | None = None,
) -> Graph:
    """Describe the dataset in ``store`` with DCAT and VoID; the options override the defaults.

    ``title`` and ``description`` replace the Dutch text (the English stays); ``distributions`` are (format,
    file name) pairs, by default every format as ``kamergraaf.<ext>``, downloadable under ``download_base``
    (default ``{base}/dump/``). ``creators`` defaults to the publisher. ``counts`` saves counting again what the
    caller has counted (:func:`count`).
    """
    if not licence.startswith(("http://creativecommons.org/", "https://creativecommons.org/")):
        raise DescribeError(f"Expected a Creative Commons licence IRI such as {CC0!r}, got {licence!r}")
    publisher = publisher or default_publisher(minter)
    creators = tuple(creators) or (publisher,)
    distributions = distributions or tuple((f, f"kamergraaf{f.extension}") for f in ExportFormat)
    download_base = download_base or f"{minter.base}/dump/"
    if not download_base.endswith("/"):
        download_base += "/"
    counts = counts or count(store, minter=minter, provenance=provenance)

    g = Graph()
    g.bind("dcat", DCAT)
    g.bind("dct", DCTERMS)
    g.bind("foaf", FOAF)
    g.bind("void", VOID)
    g.bind("vcard", VCARD)
    ds = minter.dataset()
    g.add((ds, RDF.type, DCAT.Dataset))
    g.add((ds, RDF.type, VOID.Dataset))
    g.add((ds, DCTERMS.title, Literal(title or DEFAULT_TITLE["nl"], lang="nl")))
    g.add((ds, DCTERMS.title, Literal(DEFAULT_TITLE["en"], lang="en")))
    g.add((ds, DCTERMS.description, Literal(description or DEFAULT_DESCRIPTION["nl"], lang="nl")))
    g.add((ds, DCTERMS.description, Literal(DEFAULT_DESCRIPTION["en"], lang="en")))
    g.add((ds, DCTERMS.identifier, Literal(str(ds))))
    g.add((ds, DCTERMS.accessRights, ACCESS_PUBLIC))
    g.add((ds, DCTERMS.language, LANGUAGE_NL))
    g.add((ds, DCTERMS.license, URIRef(licence)))
    g.add((ds, DCTERMS.conformsTo, URIRef(ONTOLOGY_NS.rstrip("#"))))
    for theme in themes:
        g.add((ds, DCAT.theme, URIRef(theme)))
    for keyword in ("Kamerstukken", "migratiebeleid", "Tweede Kamer", "linked data"):
        g.add((ds, DCAT.keyword, Literal(keyword, lang="nl")))
    for role, agents in ((DCTERMS.publisher, (publisher,)), (DCTERMS.creator, creators)):
        for agent in agents:
            iri = URIRef(agent.iri)
            g.add((ds, role, iri))
            g.add((iri, RDF.type, FOAF.Agent))
            g.add((iri, FOAF.name, Literal(agent.name)))

    contact = URIRef(f"{ds}#contactpunt")
    g.add((ds, DCAT.contactPoint, contact))
    g.add((contact, RDF.type, VCARD.Kind))
    g.add((contact, RDF.type, VCARD.Organization))
    g.add((contact, VCARD.fn, Literal(publisher.name)))
    if contact_email:
        g.add((contact, VCARD.hasEmail, URIRef(f"mailto:{contact_email.removeprefix('mailto:')}")))
    g.add((contact, VCARD.hasURL, URIRef(contact_url or minter.base)))

    for fmt, name in distributions:
        dist = URIRef(f"{ds}#distributie-{fmt.value}")
        url = URIRef(download_base + name)
        g.add((ds, DCAT.distribution, dist))
        g.add((dist, RDF.type, DCAT.Distribution))
        g.add((dist, DCTERMS.title, Literal(f"{name} ({fmt.value})")))
        g.add((dist, DCAT.accessURL, url))
        g.add((dist, DCAT.downloadURL, url))
        g.add((dist, DCTERMS.license, URIRef(licence)))
        g.add((dist, DCAT.mediaType, URIRef(f"https://www.iana.org/assignments/media-types/{fmt.media_type}")))
        g.add((dist, DCTERMS.format, URIRef(FILE_TYPE_AUTHORITY + _FILE_TYPES[fmt])))
        g.add((ds, VOID.dataDump, url))

    g.add((ds, VOID.triples, Literal(counts.triples, datatype=XSD.integer)))
    g.add((ds, VOID.entities, Literal(counts.entities, datatype=XSD.integer)))
    g.add((ds, VOID.properties, Literal(counts.properties, datatype=XSD.integer)))
    g.add((ds, VOID.classes, Literal(counts.classes, datatype=XSD.integer)))
    g.add((ds, VOID.uriSpace, Literal(f"{minter.base}/id/")))
    g.add((ds, VOID.uriRegexPattern, Literal(f"^{_regex_escape(minter.base)}/id/")))
    if sparql_endpoint:
        g.add((ds, VOID.sparqlEndpoint, URIRef(sparql_endpoint)))
    for vocabulary in counts.vocabularies:
        g.add((ds, VOID.vocabulary, URIRef(vocabulary)))
    for name, (_, target) in sorted(LINK_TARGETS.items()):
        linkset = URIRef(f"{ds}#linkset-{name}")
        by_predicate = counts.links[name]
        g.add((ds, VOID.subset, linkset))
        g.add((linkset, RDF.type, VOID.Linkset))
        g.add((linkset, VOID.subjectsTarget, ds))
        g.add((linkset, VOID.objectsTarget, URIRef(target)))
        g.add((linkset, VOID.triples, Literal(sum(by_predicate.values()), datatype=XSD.integer)))
        for predicate in sorted(by_predicate):
            g.add((linkset, VOID.linkPredicate, URIRef(predicate)))
    return g


def _regex_escape(text: str) -> str:
    return "".join("\\" + c if c in ".^$*+?()[]{}|\\" else c for c in text)


def validate_description(description: Graph, *, shapes: Path = SHAPES_PATH) -> tuple[bool, Graph, str]:
    """Check a description against the DCAT-AP-NL shapes: ``(conforms, report graph, report text)``."""
    from pyshacl import validate  # noqa: PLC0415 - slow import, needed only here

    shapes_graph = Graph().parse(shapes, format="turtle")
    conforms, report, text = validate(description, shacl_graph=shapes_graph, advanced=True)
    return bool(conforms), report, text
