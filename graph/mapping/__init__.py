"""The only place that writes domain triples: one paper's extraction and resolution become two named graphs.

``facts`` follow ``ontology/GRAPH-SHAPE.md``; ``provenance`` holds one claim (``rdf:Statement``) per extracted
statement with a W3C Web Annotation target pointing at the characters it came from. Register and gazetteer triples
are written by :mod:`graph.mapping.reference`.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from rdflib import RDF, RDFS, XSD, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, PROV, SKOS
from rdflib.term import Node

from graph import __version__
from graph.ids import Minter, official_page, slug
from graph.model import (
    ActorResolution,
    Citation,
    Extraction,
    KamergraafError,
    OrganisationRef,
    PersonRef,
    PostRef,
    Resolution,
    SourceDocument,
    Span,
)
from graph.vocab import DOCUMENT_TYPES, KG

ELI = Namespace("http://data.europa.eu/eli/ontology#")
OA = Namespace("http://www.w3.org/ns/oa#")
SCHEMA = Namespace("http://schema.org/")

Triple = tuple[Node, Node, Node]

CITATION_RELATIONS: dict[str, URIRef] = {
    "responds_to": KG.respondsTo,
    "reacts_to": KG.reactsTo,
    "encloses": KG.encloses,
    "implements": KG.implements,
}

QUOTE_CONTEXT = 32  # characters of prefix and suffix in a TextQuoteSelector


class MappingError(KamergraafError):
    """An extraction cannot be written as triples (e.g. it has no document id)."""


@dataclass
class PaperGraphs:
    """The two named graphs of one paper."""

    doc_id: str
    content_hash: str
    facts: list[Triple] = field(default_factory=list)
    provenance: list[Triple] = field(default_factory=list)


def content_hash(doc: SourceDocument) -> str:
    """The SHA-256 of the paper's source text, hex."""
    return hashlib.sha256(doc.source_text.encode("utf-8")).hexdigest()


class _Writer:
    """Collects fact triples and, for those read from the text, a claim each."""

    def __init__(self, doc: SourceDocument, doc_id: str, minter: Minter, out: PaperGraphs):
        self.doc, self.doc_id, self.minter, self.out = doc, doc_id, minter, out
        self.activity = minter.extraction(doc_id, out.content_hash)
        self.text_iri = minter.source_text(doc_id)
        self._seen: set[Triple] = set()
        self._claimed: set[tuple[Triple, Span]] = set()
        self._targets: dict[Span, URIRef] = {}

    def fact(self, s: Node, p: Node, o: Node, *, span: Span | None = None, extractor: str = "", origin: str = "text"):
        triple = (s, p, o)
        if triple not in self._seen:
            self._seen.add(triple)
            self.out.facts.append(triple)
        if span is not None and extractor and (triple, span) not in self._claimed:
            self._claimed.add((triple, span))
            self._claim(triple, span, extractor, origin)

    def _claim(self, triple: Triple, span: Span, extractor: str, origin: str) -> None:
        claim = self.minter.claim(self.doc_id, len(self._claimed))
        self.out.provenance.extend(
            [
                (claim, RDF.type, RDF.Statement),
                (claim, RDF.subject, triple[0]),
                (claim, RDF.predicate, triple[1]),
                (claim, RDF.object, triple[2]),
                (claim, PROV.wasGeneratedBy, self.activity),
                (claim, KG.extractor, Literal(extractor)),
                (claim, KG.valueOrigin, Literal(origin)),
                (claim, OA.hasTarget, self._target(span)),
            ]
        )

    def _target(self, span: Span) -> URIRef:
        """The annotation target of a span, written once however many claims were read from it."""
        target = self._targets.get(span)
        if target is not None:
            return target
        target = self._targets[span] = self.minter.span(self.doc_id, span.start, span.end)
        quote, position = URIRef(f"{target}#quote"), URIRef(f"{target}#position")
        source = self.doc.source_text
        self.out.provenance.extend(
            [
                (target, RDF.type, OA.SpecificResource),
                (target, OA.hasSource, self.text_iri),
                (target, OA.hasSelector, quote),
                (target, OA.hasSelector, position),
                (quote, RDF.type, OA.TextQuoteSelector),
                (quote, OA.exact, Literal(source[span.start : span.end])),
                (quote, OA.prefix, Literal(source[max(0, span.start - QUOTE_CONTEXT) : span.start])),
                (quote, OA.suffix, Literal(source[span.end : span.end + QUOTE_CONTEXT])),
                (position, RDF.type, OA.TextPositionSelector),
                (position, OA.start, Literal(span.start)),
                (position, OA.end, Literal(span.end)),
            ]
        )
        return target


def paper_graphs(doc: SourceDocument, extraction: Extraction, resolution: Resolution, *, minter: Minter) -> PaperGraphs:
    """Write one paper's facts and their provenance as triples.

    Raises :class:`MappingError` when the extraction has no document id to mint the paper's IRI from.
    """
    if not extraction.id:
        raise MappingError(f"{extraction.source}: no document id was found, so the paper cannot be given an IRI")
    doc_id = extraction.id
    out = PaperGraphs(doc_id=doc_id, content_hash=content_hash(doc))
    w = _Writer(doc, doc_id, minter, out)
    paper = minter.kamerstuk(doc_id)

    _write_document(w, paper, extraction)
    _write_actors(w, paper, extraction, resolution)
    _write_citations(w, paper, extraction)
    _write_entities(w, paper, resolution)
    _write_activity(w, paper)
    return out


def _write_document(w: _Writer, paper: URIRef, ex: Extraction) -> None:
    w.fact(paper, RDF.type, ELI.Work)
    w.fact(paper, RDF.type, KG.Kamervraag if ex.id.startswith("kv-") else KG.Kamerstuk)
    w.fact(paper, DCTERMS.identifier, Literal(ex.id))
    w.fact(paper, KG.documentType, Literal(ex.doc_type))
    w.fact(paper, ELI.type_document, DOCUMENT_TYPES.get(ex.doc_type, KG.other))
    w.fact(paper, SCHEMA.url, official_page(ex.id))
    w.fact(paper, KG.sourceText, w.text_iri)
    for value, predicate, datatype in (
        (ex.ondernummer, KG.ondernummer, None),
        (ex.date, ELI.date_document, XSD.date),
        (ex.vergaderjaar, KG.vergaderjaar, None),
        (ex.title, DCTERMS.title, None),
    ):
        if value is not None:
            w.fact(paper, predicate, Literal(value.value, datatype=datatype), span=value.span, extractor="header",
                   origin=value.origin)
    for dossier in ex.dossiers:
        iri = w.minter.dossier(str(dossier.number))
        w.fact(paper, ELI.is_part_of, iri, span=dossier.span, extractor="header")
        w.fact(iri, RDF.type, KG.Dossier)
        w.fact(iri, DCTERMS.identifier, Literal(str(dossier.number)))
        if dossier.title:
            w.fact(iri, DCTERMS.title, Literal(dossier.title), span=dossier.span, extractor="header")


def _post(w: _Writer, post: PostRef) -> URIRef:
    iri = w.minter.post(post.key)
    w.fact(iri, RDF.type, ORG.Post)
    w.fact(iri, SKOS.prefLabel, Literal(post.label, lang="nl"))
    if post.organisation is not None:
        w.fact(iri, ORG.postIn, _organisation(w, post.organisation))
    return iri


def _organisation(w: _Writer, organisation: OrganisationRef) -> URIRef:
    iri = w.minter.organisation(organisation.key)
    w.fact(iri, RDF.type, ORG.Organization)
    w.fact(iri, SKOS.prefLabel, Literal(organisation.name, lang="nl"))
    return iri


def _person(w: _Writer, person: PersonRef) -> URIRef:
    if person.local:
        iri = w.minter.local_person(w.doc_id, person.name)
        w.fact(iri, RDF.type, FOAF.Person)
        w.fact(iri, FOAF.name, Literal(person.name))
        return iri
    iri = w.minter.person(person.key)
    w.fact(iri, RDF.type, FOAF.Person)
    return iri


def _post_of(actor: ActorResolution | None, printed: str) -> PostRef:
    """The actor's post, or one named after the printed office where the resolver knew none."""
    if actor is not None and actor.post is not None:
        return actor.post
    return PostRef(key=slug(printed), label=printed)


def _actor_for(resolution: Resolution, kind: str, span: Span | None, text: str) -> ActorResolution | None:
    for actor in resolution.actors:
        if actor.kind == kind and (actor.span == span if span is not None else actor.mention == text):
            return actor
    for actor in resolution.actors:
        if actor.kind == kind and actor.mention == text:
            return actor
    return None


def _write_actors(w: _Writer, paper: URIRef, ex: Extraction, resolution: Resolution) -> None:
    behalf = []
    for mention in ex.on_behalf_of:
        actor = _actor_for(resolution, "on_behalf_of", mention.span, mention.text)
        post = _post(w, _post_of(actor, mention.text))
        w.fact(paper, KG.onBehalfOf, post, span=mention.span, extractor="senders")
        behalf.append((post, actor, mention))
    if ex.addressee is not None:
        actor = _actor_for(resolution, "addressee", ex.addressee.span, ex.addressee.text)
        w.fact(paper, KG.addressee, _post(w, _post_of(actor, ex.addressee.text)), span=ex.addressee.span,
               extractor="senders")
    for n, sender in enumerate(ex.senders, start=1):
        actor = _actor_for(resolution, "sender", sender.span, sender.role)
        post = _post(w, _post_of(actor, sender.role))
        signing = w.minter.signing(w.doc_id, n)
        role_span = sender.role_span or sender.span
        name_span = sender.name_span or sender.span
        w.fact(paper, KG.sender, post, span=role_span, extractor="senders")
        w.fact(paper, KG.signing, signing)
        w.fact(signing, RDF.type, KG.Ondertekening)
        w.fact(signing, KG.signedDocument, paper)
        w.fact(signing, KG.capacity, post, span=role_span, extractor="senders")
        w.fact(signing, KG.resolutionStatus, Literal(actor.status if actor else "unresolved"))
        if ex.date is not None:
            w.fact(signing, PROV.atTime, Literal(ex.date.value, datatype=XSD.date))
        if sender.name:
            w.fact(signing, KG.signerName, Literal(sender.name), span=name_span, extractor="senders")
        person = actor.person if actor is not None else None
        if person is None and sender.name and actor is None:
            person = PersonRef(key=slug(sender.name), name=sender.name, local=True)
        if person is not None and (actor is None or actor.status == "resolved"):
            person_iri = _person(w, person)
            w.fact(signing, KG.signer, person_iri, span=name_span, extractor="senders")
            w.fact(paper, KG.signedBy, person_iri, span=name_span, extractor="senders")
        for candidate in actor.candidates if actor is not None else ():
            w.fact(signing, KG.candidate, _person(w, candidate))
        if n == 1:
            for post_iri, behalf_actor, mention in behalf:
                w.fact(signing, KG.onBehalfOf, post_iri, span=mention.span, extractor="senders")
                if behalf_actor is not None and behalf_actor.status == "resolved" and behalf_actor.person:
                    w.fact(signing, KG.onBehalfOfPerson, _person(w, behalf_actor.person))


def _cited_paper(w: _Writer, citation: Citation) -> URIRef:
    target = citation.target
    assert target is not None
    iri = w.minter.kamerstuk(target.id)
    dossier = w.minter.dossier(str(target.dossier))
    w.fact(iri, RDF.type, ELI.Work)
    w.fact(iri, RDF.type, KG.Kamerstuk)
    w.fact(iri, DCTERMS.identifier, Literal(target.id))
    w.fact(iri, KG.ondernummer, Literal(target.nr))
    w.fact(iri, ELI.is_part_of, dossier)
    w.fact(iri, SCHEMA.url, official_page(target.id))
    w.fact(dossier, RDF.type, KG.Dossier)
    w.fact(dossier, DCTERMS.identifier, Literal(str(target.dossier)))
    return iri


def _cited_other(w: _Writer, citation: Citation) -> URIRef:
    if citation.canonical_id:
        iri = w.minter.kamerstuk(citation.canonical_id)
        w.fact(iri, RDF.type, ELI.Work)
        w.fact(iri, DCTERMS.identifier, Literal(citation.canonical_id))
        w.fact(iri, RDFS.label, Literal(citation.text))
        return iri
    iri = w.minter.document(citation.text)
    w.fact(iri, RDF.type, ELI.Work)
    w.fact(iri, RDF.type, KG.OtherDocument)
    w.fact(iri, RDFS.label, Literal(citation.text))
    return iri


def _write_citations(w: _Writer, paper: URIRef, ex: Extraction) -> None:
    for citation in ex.cited_kamerstukken:
        if citation.target is None:
            continue
        _cite(w, paper, _cited_paper(w, citation), citation)
    for citation in ex.cited_other:
        _cite(w, paper, _cited_other(w, citation), citation)


def _cite(w: _Writer, paper: URIRef, target: URIRef, citation: Citation) -> None:
    w.fact(paper, ELI.cites, target, span=citation.span, extractor="citations")
    relation = CITATION_RELATIONS.get(citation.relation or "")
    if relation is not None:
        w.fact(paper, relation, target, span=citation.span, extractor="citations")


def _write_entities(w: _Writer, paper: URIRef, resolution: Resolution) -> None:
    for entity in resolution.entities:
        if entity.organisation is not None:
            iri = _organisation(w, entity.organisation)
        elif entity.person is not None:
            iri = _person(w, entity.person)
        else:
            continue
        w.fact(paper, KG.mentions, iri, span=entity.mention.span, extractor="entities")


def _write_activity(w: _Writer, paper: URIRef) -> None:
    prov = w.out.provenance
    software = w.minter.software()
    prov.extend(
        [
            (w.activity, RDF.type, KG.Extractie),
            (w.activity, RDF.type, PROV.Activity),
            (w.activity, PROV.used, w.text_iri),
            (w.activity, PROV.wasAssociatedWith, software),
            (w.activity, KG.contentHash, Literal(w.out.content_hash)),
            (w.text_iri, RDF.type, PROV.Entity),
            (w.text_iri, DCTERMS.format, Literal(w.doc.media_type)),
            (w.text_iri, KG.contentHash, Literal(w.out.content_hash)),
            (w.text_iri, PROV.wasDerivedFrom, official_page(w.doc_id)),
            (paper, PROV.wasGeneratedBy, w.activity),
            (software, RDF.type, PROV.SoftwareAgent),
            (software, RDFS.label, Literal(f"Kamergraaf {__version__}")),
        ]
    )
