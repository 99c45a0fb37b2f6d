"""Mentions become entities: actors resolved at the paper's date, organisations and persons linked.

:func:`resolve` is the one entry point the pipeline calls, once per paper. The register and the gazetteer are read
once per process (see :func:`graph.resolve.register.load_register`); after that a paper costs a few dict lookups.

>>> from graph.model import Extraction, Sender, Span, Valued
>>> paper = Extraction(source="x.txt", id="kst-1", doc_type="brief", date=Valued("2011-03-29", None),
...     senders=(Sender("Minister voor Immigratie en Asiel", "G. B. M. Leers", Span(0, 10)),))
>>> actor = resolve(paper).actors[0]
>>> actor.status, actor.person.key, actor.post.key
('resolved', 'gbm-leers', 'minister-voor-immigratie-en-asiel')
"""

from __future__ import annotations

import functools

from graph.ids import slug
from graph.model import (
    ActorResolution, EntityMention, Extraction, Mention, OrganisationRef, PersonRef, Resolution, SourceDocument,
)
from graph.resolve.actors import ActorResolver, PaperContext, paper_context
from graph.resolve.gazetteer import Gazetteer
from graph.resolve.names import split_name
from graph.resolve.register import load_register

__all__ = ["resolve", "resolver", "abbreviation_links"]


@functools.cache
def resolver() -> ActorResolver:
    """The process-wide resolver over the shipped register."""
    return ActorResolver(load_register())


def resolve(extraction: Extraction, *, document: SourceDocument | None = None) -> Resolution:
    """Link the actors, organisations and persons of one paper to entities at the paper's date.

    Pass the ``document`` the extraction came from to also link abbreviations the text defines but the
    extractor listed only once ("Adviesraad Internationale Vraagstukken (AIV)").
    """
    actors_resolver = resolver()
    context = paper_context(extraction)
    actors: list[ActorResolution] = []
    for sender in extraction.senders:
        actors.append(actors_resolver.resolve_signer(sender.role, sender.name, sender.span, context))
    for mention in extraction.on_behalf_of:
        actors.append(actors_resolver.resolve_office("on_behalf_of", mention.text, mention.span, context))
    if extraction.addressee is not None:
        actors.append(actors_resolver.resolve_addressee(extraction.addressee.text, extraction.addressee.span))
    entities = _organisation_entities(extraction.organisations, actors_resolver.register.gazetteer, document)
    signers = {slug(s.name): a.person for s, a in zip(extraction.senders, actors) if s.name and a.person is not None}
    entities += _person_entities(extraction.persons, signers, actors_resolver, context)
    return Resolution(actors=tuple(actors), entities=tuple(entities))


# --- organisations -------------------------------------------------------------------------------------------------


def abbreviation_links(mentions: tuple[Mention, ...], document: SourceDocument | None = None) -> dict[str, str]:
    """Pair abbreviations with the long forms the text defines them by: ``{abbreviation: long form}``.

    A definition is a long form followed by its abbreviation in brackets. Found from the mentions' spans
    (the long form ends one or two characters before the abbreviation starts) and, given the document, from the
    text right before a bracketed abbreviation.

    >>> from graph.model import Span
    >>> abbreviation_links((Mention("Adviesraad Internationale Vraagstukken", Span(10, 48)),
    ...                     Mention("AIV", Span(50, 53))))
    {'AIV': 'Adviesraad Internationale Vraagstukken'}
    """
    links: dict[str, str] = {}
    by_end = {m.span.end: m for m in mentions}
    for m in mentions:
        if not _looks_like_abbreviation(m.text):
            continue
        for gap in (2, 1):
            long_form = by_end.get(m.span.start - gap)
            if long_form is not None and long_form.text != m.text and _initials_fit(m.text, long_form.text):
                links.setdefault(m.text, long_form.text)
                break
    if document is not None:
        long_forms = [m.text for m in mentions if not _looks_like_abbreviation(m.text)]
        for m in mentions:
            if m.text in links or not _looks_like_abbreviation(m.text):
                continue
            needle = f"({m.text})"
            at = document.source_text.find(needle)
            while at >= 0 and m.text not in links:
                before = " ".join(document.source_text[max(0, at - 200) : at].split())
                for long_form in sorted(long_forms, key=len, reverse=True):
                    if before.endswith(long_form) and _initials_fit(m.text, long_form):
                        links[m.text] = long_form
                        break
                at = document.source_text.find(needle, at + 1)
    return links


def _looks_like_abbreviation(text: str) -> bool:
    return 2 <= len(text) <= 10 and " " not in text and sum(c.isupper() for c in text) >= 2


def _initials_fit(abbreviation: str, long_form: str) -> bool:
    """True where the abbreviation's letters appear in order in the long form, the first one starting a word
    (as in Schwartz & Hearst's abbreviation finder): "VWN" fits "Vluchtelingenwerk Nederland", "AIV" not "EU"."""
    letters = [c for c in abbreviation.lower() if c.isalnum()]
    text = long_form.lower()
    if not letters:
        return False
    for start in (i for i, c in enumerate(text) if c == letters[0] and (i == 0 or not text[i - 1].isalnum())):
        at = start + 1
        for letter in letters[1:]:
            at = text.find(letter, at) + 1
            if at == 0:
                break
        else:
            return True
    return False


def _organisation_entities(mentions, gazetteer: Gazetteer, document) -> list[EntityMention]:
    links = abbreviation_links(tuple(mentions), document)
    entities = []
    for mention in mentions:
        org = gazetteer.lookup(mention.text)
        ref = OrganisationRef(org.key, org.name) if org else None
        if ref is None and mention.text in links:
            long_org = gazetteer.lookup(links[mention.text])
            ref = OrganisationRef(long_org.key, long_org.name) if long_org else None
        if ref is None:
            for abbreviation, long_form in links.items():
                if long_form == mention.text and (short := gazetteer.lookup(abbreviation)):
                    ref = OrganisationRef(short.key, short.name)
                    break
        entities.append(EntityMention(mention=mention, organisation=ref))
    return entities


# --- persons -------------------------------------------------------------------------------------------------------


def _person_entities(mentions, signers: dict[str, PersonRef], actors_resolver: ActorResolver,
                     context: PaperContext) -> list[EntityMention]:
    """Persons: the signer they name, a bewindspersoon in office that day, or one local person per name."""
    entities = []
    for mention in mentions:
        person = signers.get(slug(mention.text)) or _register_person(mention.text, actors_resolver, context)
        entities.append(EntityMention(mention=mention, person=person or PersonRef(slug(mention.text), mention.text,
                                                                                  local=True)))
    return entities


def _register_person(name: str, actors_resolver: ActorResolver, context: PaperContext) -> PersonRef | None:
    people = actors_resolver.persons_for_name(name)
    if context.date is not None:
        register = actors_resolver.register
        people = [p for p in people if register.active_terms(p.key, context.date)]
    elif split_name(name)[0] is None:
        return None  # a surname alone, with no date to place it: too weak to link
    return people[0].ref if len(people) == 1 else None
