"""Resolve the actors of one paper (signers, "mede namens" offices, addressee) at the paper's date.

A printed office becomes a post of the register (directly, with a "– portfolio" suffix, or under another name of
the same ministry); a printed name becomes a register person, narrowed by the office's holders on that date. An
office printed without a name resolves to its holder on that date; several holders are told apart by portfolio
against the paper's subject, and where that does not settle it the link stays ``ambiguous`` with its candidates.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from graph.ids import slug
from graph.model import ActorResolution, Extraction, OrganisationRef, PersonRef, PostRef, Span
from graph.resolve.names import fold, office_key, office_portfolio, split_name
from graph.resolve.register import Membership, Person, Post, Register

_MEMBER_POSTS = {"lid-tweede-kamer": "lid-tweede-kamer", "lid-eerste-kamer": "lid-eerste-kamer",
                 "lid-van-de-tweede-kamer": "lid-tweede-kamer", "lid-van-de-eerste-kamer": "lid-eerste-kamer"}
_GOVERNMENT_HEADS = ("minister-van-", "staatssecretaris-van-")

# Words that name one policy field, so a portfolio ("asiel en migratie") meets a subject ("Vreemdelingenbeleid").
_TOPICS = {
    "migratie": ("asiel", "migratie", "immigratie", "vreemdeling", "vluchteling", "terugkeer", "naturalisatie",
                 "vergunninghouder", "integratie"),
    "toeslagen": ("toeslag", "herstel"),
    "fiscaliteit": ("fiscal", "belasting"),
    "douane": ("douane",),
    "koninkrijk": ("koninkrijk", "caribisch", "digitalisering"),
    "justitie": ("gevangen", "reclassering", "jeugdbescherming", "rechtsbescherming", "preventie"),
    "onderwijs": ("onderwijs", "school", "media"),
    "zorg": ("zorg", "sport", "jeugd", "preventie"),
}
_WORD_RE = re.compile(r"[a-z]{4,}")


@dataclass(frozen=True)
class PaperContext:
    """What the resolver knows about the paper: its date and the words of its subject."""

    date: str | None
    subject: frozenset[str]


def paper_context(extraction: Extraction) -> PaperContext:
    """Collect the paper's date and the topics of its title and dossier titles."""
    texts = [extraction.title.value if extraction.title else ""]
    texts += [d.title or "" for d in extraction.dossiers]
    return PaperContext(extraction.date.value if extraction.date else None, topics(" ".join(texts)))


def topics(text: str) -> frozenset[str]:
    """The policy fields a text speaks of.

    >>> sorted(topics("Vreemdelingenbeleid; Terugkeerbeleid"))
    ['migratie']
    """
    found = set()
    for word in _WORD_RE.findall(fold(text)):
        for topic, stems in _TOPICS.items():
            if any(stem in word for stem in stems):
                found.add(topic)
    return frozenset(found)


class ActorResolver:
    """Resolve printed offices and names against one register."""

    def __init__(self, register: Register):
        self.register = register
        self._office_cache: dict[str, tuple[Post, ...]] = {}
        self._renamed_cache: dict[str, tuple[Post, ...]] = {}
        self._post_refs: dict[str, PostRef] = {}
        self._names_cache: dict[str, tuple[Person, ...]] = {}

    # --- offices --------------------------------------------------------------------------------------------------

    def posts_for_office(self, office: str) -> tuple[Post, ...]:
        """The posts a printed office names: the exact title, the title before a portfolio, or "Minister-President".

        Falls back to :meth:`renamed_posts` where the title matches no post at all.
        """
        key = office_key(office)
        if key not in self._office_cache:
            self._office_cache[key] = self._posts_for_key(key) or self._renamed_for_key(key)
        return self._office_cache[key]

    def renamed_posts(self, office: str) -> tuple[Post, ...]:
        """The same kind of post in the same ministry under its other names ("Staatssecretaris van Justitie" for
        "... van Veiligheid en Justitie"), for letters that keep an old name or use a new one early."""
        key = office_key(office)
        if key not in self._renamed_cache:
            self._renamed_cache[key] = self._renamed_for_key(key)
        return self._renamed_cache[key]

    def _posts_for_key(self, key: str) -> tuple[Post, ...]:
        posts = self.register.posts
        if key in posts:
            return (posts[key],)
        # "Staatssecretaris van Financiën-Toeslagen" (suffix kept after a hyphen) or "Minister-President" alone.
        longer = sorted((p for k, p in posts.items() if key.startswith(k + "-")), key=lambda p: -len(p.key))
        if longer:
            return (longer[0],)
        return tuple(p for k, p in sorted(posts.items()) if k.startswith(key + "-minister-"))

    def _renamed_for_key(self, key: str) -> tuple[Post, ...]:
        for head in _GOVERNMENT_HEADS:
            if key.startswith(head):
                org = self.register.gazetteer.lookup("Ministerie van " + key[len(head):].replace("-", " "))
                if org is None:
                    return ()
                return tuple(p for k, p in sorted(self.register.posts.items())
                             if k.startswith(head) and p.organisation == org.key and k != key)
        return ()

    def holders(self, office: str, date: str) -> list[Membership]:
        """The terms covering ``date`` of the posts an office names, else of the same post under a renamed ministry."""
        for posts in (self.posts_for_office(office), self.renamed_posts(office)):
            terms = [m for post in posts for m in self.register.holders(post.key, date)]
            if terms:
                return terms
        return []

    def post_ref(self, post: Post) -> PostRef:
        ref = self._post_refs.get(post.key)
        if ref is None:
            ref = self._post_refs[post.key] = post.ref(self.register.gazetteer)
        return ref

    def unknown_post(self, office: str) -> PostRef | None:
        """A post the register does not know: keyed by its printed title, placed in a body the title names.

        None where nothing was printed.
        """
        label = " ".join(office.split()).strip(" ,.;:")
        label = re.sub(r"^(?:de|het)\s+", "", label, flags=re.IGNORECASE)
        if not label:
            return None
        label = label[:1].upper() + label[1:]
        org = None
        for m in re.finditer(r"\b(?:van|voor)\s+(?:de\s+|het\s+)?(.+)$", label):
            found = self.register.gazetteer.lookup(m.group(1)) or self.register.gazetteer.lookup(
                "Ministerie van " + m.group(1))
            if found:
                org = OrganisationRef(found.key, found.name)
                break
        return PostRef(key=slug(label), label=label, organisation=org)

    # --- persons --------------------------------------------------------------------------------------------------

    def persons_for_name(self, name: str) -> tuple[Person, ...]:
        """Register persons a printed name may mean (initials + surname, given name + surname, or surname)."""
        found = self._names_cache.get(name)
        if found is None:
            if len(self._names_cache) >= 1 << 16:
                self._names_cache.clear()  # bounded: papers name many people once
            found = self._names_cache[name] = tuple(self._persons_for_name(name))
        return found

    def _persons_for_name(self, name: str) -> list[Person]:
        initials, rest = split_name(name)
        if initials:
            return self.register.persons_named(rest, initials=initials)
        people = self.register.persons_named(rest)
        if people:
            return people
        words = rest.split(" ", 1)
        if len(words) == 2:  # "Martin van Rijn": a given name, then the surname
            return self.register.persons_named(words[1], given_name=words[0])
        return []

    def _choose(self, terms: list[Membership], context: PaperContext, office: str) -> list[Membership]:
        """Narrow several holders on one date: one person, else acting over regular, else the portfolio the office
        prints ("– Toeslagen en Douane"), else portfolio against the paper's subject."""
        if len({m.person.key for m in terms}) <= 1:
            return terms[:1]
        acting = [m for m in terms if m.acting]
        if acting and len({m.person.key for m in acting}) == 1:
            return acting[:1]
        printed = office_portfolio(office)
        if printed:
            wanted = set(_WORD_RE.findall(fold(printed)))
            scored = [(len(wanted & set(_WORD_RE.findall(fold(m.portfolio)))), m) for m in terms]
            best = max(score for score, _ in scored)
            if best:
                terms = [m for score, m in scored if score == best]
                if len({m.person.key for m in terms}) == 1:
                    return terms[:1]
        if context.subject:
            scored = [(len(topics(m.portfolio) & context.subject), m) for m in terms]
            best = max(score for score, _ in scored)
            if best:
                terms = [m for score, m in scored if score == best]
        return terms if len({m.person.key for m in terms}) > 1 else terms[:1]

    def resolve_office(self, kind, office: str, span: Span | None, context: PaperContext) -> ActorResolution:
        """Resolve an office printed without a name to its holder at the paper's date."""
        posts = self.posts_for_office(office)
        if not posts:
            return ActorResolution(kind, office, span, "unresolved", post=self.unknown_post(office))
        if context.date is None:
            return ActorResolution(kind, office, span, "unresolved", post=self.post_ref(posts[0]))
        terms = self.holders(office, context.date)
        if not terms:
            return ActorResolution(kind, office, span, "unresolved", post=self.post_ref(posts[0]))
        chosen = self._choose(terms, context, office)
        if len(chosen) == 1:
            term = chosen[0]
            return ActorResolution(kind, office, span, "resolved", post=self.post_ref(term.post),
                                   person=term.person.ref)
        candidates = tuple(sorted({m.person.ref for m in chosen}))
        return ActorResolution(kind, office, span, "ambiguous", post=self.post_ref(chosen[0].post),
                               candidates=candidates)

    def resolve_signer(self, office: str, name: str | None, span: Span | None, context: PaperContext) -> ActorResolution:
        """Resolve a signer: the printed name narrows the office's holders; a member of parliament stays local."""
        kind = "sender"
        member_post = _MEMBER_POSTS.get(office_key(office))
        if member_post:
            return self._resolve_member(office, name, span, context, self.register.posts[member_post])
        if not name:
            return self.resolve_office(kind, office, span, context)
        posts = self.posts_for_office(office)
        people = self.persons_for_name(name)
        keys = {p.key for p in people}
        date = context.date
        if date is not None:
            terms = [m for m in self.holders(office, date) if m.person.key in keys]
            if len({m.person.key for m in terms}) == 1:
                return ActorResolution(kind, office, span, "resolved", post=self.post_ref(terms[0].post),
                                       person=terms[0].person.ref)
            in_office = [p for p in people if self.register.active_terms(p.key, date)]
            if len(in_office) == 1:
                people = in_office
        post = self.post_ref(posts[0]) if posts else self.unknown_post(office)
        if len(people) == 1:
            if post is None and date is not None:  # no office printed: the one post the person held that day
                held = {m.post.key: m.post for m in self.register.active_terms(people[0].key, date)}
                post = self.post_ref(next(iter(held.values()))) if len(held) == 1 else None
            return ActorResolution(kind, office, span, "resolved", post=post, person=people[0].ref)
        local = PersonRef(key=slug(name), name=name, local=True)
        if people:
            return ActorResolution(kind, office, span, "ambiguous", post=post, person=local,
                                   candidates=tuple(sorted(p.ref for p in people)))
        return ActorResolution(kind, office, span, "unresolved", post=post, person=local)

    def _resolve_member(self, office, name, span, context, post: Post) -> ActorResolution:
        """A motion signer: a register person only where initials make the match, else a person of this paper."""
        post_ref = self.post_ref(post)
        if not name:
            return ActorResolution("sender", office, span, "unresolved", post=post_ref)
        initials, _ = split_name(name)
        people = self.persons_for_name(name) if initials else []
        if len(people) == 1:
            return ActorResolution("sender", office, span, "resolved", post=post_ref, person=people[0].ref)
        return ActorResolution("sender", office, span, "resolved", post=post_ref,
                               person=PersonRef(key=slug(name), name=name, local=True))

    def resolve_addressee(self, office: str, span: Span | None) -> ActorResolution:
        """Resolve the addressee to a post only (papers address an office, not a person)."""
        posts = self.posts_for_office(office)
        if posts:
            return ActorResolution("addressee", office, span, "resolved", post=self.post_ref(posts[0]))
        return ActorResolution("addressee", office, span, "unresolved", post=self.unknown_post(office))
