"""Frozen dataclasses that cross module borders.

Data flows one way: a reader turns a file into a :class:`SourceDocument`, the extractors turn that into an
:class:`Extraction` (mentions with spans, no RDF), the resolvers add :class:`Resolution` s (entities), and
``mapping`` turns both into triples. Nothing here imports rdflib.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import Literal, Mapping

DocType = Literal[
    "brief", "motie", "amendement", "verslag", "nota", "antwoord", "lijst_van_vragen", "besluitenlijst", "other"
]
DOC_TYPES: tuple[str, ...] = DocType.__args__  # type: ignore[attr-defined]


class KamergraafError(Exception):
    """Base of every error the library raises on purpose."""


class SourceError(KamergraafError):
    """A file could not be read or does not look like a parliamentary paper.

    Carries the path and, where known, the character offset where reading went wrong.
    """

    def __init__(self, path: str, reason: str, *, offset: int | None = None):
        self.path = path
        self.reason = reason
        self.offset = offset
        where = f"{path}" if offset is None else f"{path} (at character {offset})"
        super().__init__(f"{where}: {reason}")


@dataclass(frozen=True, order=True)
class Span:
    """A half-open character range ``[start, end)`` in the *original* source text of a paper."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"Span needs 0 <= start <= end, got {self.start}..{self.end}")


@dataclass(frozen=True)
class Footnote:
    """A footnote as the reader found it: its number and the span of its text in ``SourceDocument.text``."""

    number: int
    start: int
    end: int


@dataclass(frozen=True)
class SourceDocument:
    """A paper as text, whatever format it came in, with a map back to the original.

    ``text`` is the cleaned reading text (running headers dropped, hyphenation undone, footnotes moved to the end);
    ``offsets[i]`` is the position in ``source_text`` of ``text[i]`` (one extra entry closes the last character), so
    every span found in ``text`` can be reported in the original file.

    >>> doc = SourceDocument.plain("a.txt", "Nr. 5")
    >>> doc.source_span(4, 5)
    Span(start=4, end=5)
    """

    path: str
    text: str
    source_text: str
    offsets: tuple[int, ...]
    media_type: str = "text/plain"
    metadata: Mapping[str, str] = field(default_factory=dict)
    footnotes: tuple[Footnote, ...] = ()

    def __post_init__(self) -> None:
        if len(self.offsets) != len(self.text) + 1:
            raise ValueError(
                f"{self.path}: offsets must have len(text) + 1 = {len(self.text) + 1} entries, got {len(self.offsets)}"
            )

    @classmethod
    def plain(cls, path: str, text: str, *, media_type: str = "text/plain") -> "SourceDocument":
        """Wrap text that needs no cleaning: the map is the identity."""
        return cls(path=path, text=text, source_text=text, offsets=tuple(range(len(text) + 1)), media_type=media_type)

    def source_span(self, start: int, end: int) -> Span:
        """Map a ``[start, end)`` range of ``text`` to the original source."""
        if end <= start:
            return Span(self.offsets[start], self.offsets[start])
        return Span(self.offsets[start], self.offsets[end - 1] + 1)

    def quote(self, span: Span) -> str:
        """The original characters of a source span."""
        return self.source_text[span.start : span.end]

    def footnote_at(self, position: int) -> int | None:
        """The number of the footnote whose text contains ``position`` of ``text``, if any."""
        starts = [f.start for f in self.footnotes]
        i = bisect.bisect_right(starts, position) - 1
        if i >= 0 and self.footnotes[i].start <= position < self.footnotes[i].end:
            return self.footnotes[i].number
        return None


_DOSSIER_RE = re.compile(r"^(\d{5})(?:-(.+))?$")


@dataclass(frozen=True, order=True)
class DossierNumber:
    """A Kamerstuk dossier number, normalised as OVERHEIDop.dossiernummer does.

    >>> str(DossierNumber(21501, "20")), str(DossierNumber(33000, "VII")), str(DossierNumber(19637))
    ('21501-20', '33000-VII', '19637')
    >>> DossierNumber.parse("33852-(R2023)")
    DossierNumber(nummer=33852, toevoeging='(R2023)')
    """

    nummer: int
    toevoeging: str | None = None

    def __str__(self) -> str:
        return f"{self.nummer}-{self.toevoeging}" if self.toevoeging else str(self.nummer)

    @classmethod
    def parse(cls, normalised: str) -> "DossierNumber":
        """Parse the normalised form (``"21501-20"``); printed forms go through ``extract.numbers``."""
        m = _DOSSIER_RE.match(normalised)
        if not m:
            raise ValueError(f"Expected a normalised dossier number like '19637' or '21501-20', got {normalised!r}")
        return cls(int(m.group(1)), m.group(2))


@dataclass(frozen=True, order=True)
class KamerstukRef:
    """A reference to one Kamerstuk: dossier plus ondernummer.

    >>> KamerstukRef(DossierNumber(21501, "20"), "865").id
    'kst-21501-20-865'
    """

    dossier: DossierNumber
    nr: str

    @property
    def id(self) -> str:
        return f"kst-{self.dossier}-{self.nr}"


@dataclass(frozen=True)
class Dossier:
    """A dossier as named in a paper's header, with its title where printed."""

    number: DossierNumber
    title: str | None
    span: Span


@dataclass(frozen=True)
class Sender:
    """A signing office and the name printed under it (``name`` is None where only the office is printed)."""

    role: str
    name: str | None
    span: Span
    role_span: Span | None = None
    name_span: Span | None = None


@dataclass(frozen=True)
class Mention:
    """A named thing as printed (organisation, person, office, other citation) with where it stands."""

    text: str
    span: Span


@dataclass(frozen=True)
class Citation:
    """A reference to another paper.

    ``target`` is set for Kamerstukken; ``canonical_id`` for anything with an official id (``kst-...``,
    ``h-tk-...``, ``ah-tk-...``). ``relation`` is what the text says the citation does (e.g. ``responds_to``,
    ``reacts_to``, ``encloses``), or None for a mere mention.
    """

    text: str
    span: Span
    target: KamerstukRef | None = None
    canonical_id: str | None = None
    sentence: str | None = None
    footnote: int | None = None
    relation: str | None = None


@dataclass(frozen=True)
class Valued:
    """A scalar field (ondernummer, date, ...) with the span it was read from; ``origin`` names the source."""

    value: str
    span: Span | None
    origin: str = "text"


@dataclass(frozen=True)
class Extraction:
    """Everything the extractors found in one paper. ``to_record()`` is the contract's JSON record."""

    source: str
    id: str | None
    doc_type: str
    dossiers: tuple[Dossier, ...] = ()
    ondernummer: Valued | None = None
    date: Valued | None = None
    vergaderjaar: Valued | None = None
    title: Valued | None = None
    senders: tuple[Sender, ...] = ()
    on_behalf_of: tuple[Mention, ...] = ()
    addressee: Mention | None = None
    cited_kamerstukken: tuple[Citation, ...] = ()
    cited_other: tuple[Citation, ...] = ()
    organisations: tuple[Mention, ...] = ()
    persons: tuple[Mention, ...] = ()
    warnings: tuple[str, ...] = ()

    def to_record(self) -> dict:
        """The JSON record of ``contracts/extraction-record.md``: keys in contract order, lists without duplicates."""

        def unique(values):
            seen: dict = {}
            for v in values:
                key = v if isinstance(v, str) else tuple(sorted(v.items()))
                seen.setdefault(key, v)
            return list(seen.values())

        kst = []
        for c in self.cited_kamerstukken:
            if c.target is not None:
                kst.append({"dossier": str(c.target.dossier), "nr": c.target.nr})
        return {
            "source": self.source,
            "id": self.id,
            "dossiers": unique(str(d.number) for d in self.dossiers),
            "ondernummer": self.ondernummer.value if self.ondernummer else None,
            "doc_type": self.doc_type,
            "date": self.date.value if self.date else None,
            "vergaderjaar": self.vergaderjaar.value if self.vergaderjaar else None,
            "senders": unique({"role": s.role, "name": s.name} for s in self.senders),
            "on_behalf_of": unique(m.text for m in self.on_behalf_of),
            "addressee": self.addressee.text if self.addressee else None,
            "cited_kamerstukken": unique(kst),
            "cited_other": unique(c.text for c in self.cited_other),
            "organisations": unique(m.text for m in self.organisations),
            "persons": unique(m.text for m in self.persons),
        }


# --- resolution: mentions become entities -------------------------------------------------------------------------

ResolutionStatus = Literal["resolved", "ambiguous", "unresolved"]


@dataclass(frozen=True, order=True)
class PersonRef:
    """A person entity. ``key`` is a register key (stable across papers) or, for persons outside the register,
    a key local to one paper (``local=True``: never merged across papers)."""

    key: str
    name: str
    local: bool = False


@dataclass(frozen=True, order=True)
class OrganisationRef:
    """An organisation from the gazetteer (``key`` is its stable slug)."""

    key: str
    name: str


@dataclass(frozen=True, order=True)
class PostRef:
    """An office (``org:Post``): ``key`` is its slug, ``organisation`` the body it belongs to."""

    key: str
    label: str
    organisation: OrganisationRef | None = None


@dataclass(frozen=True)
class ActorResolution:
    """How one printed actor (a signer, or an office named without a name) resolved at the paper's date.

    ``kind`` says what the mention was: ``sender`` (signed the paper), ``on_behalf_of`` (mede namens),
    ``addressee``. ``candidates`` holds the people it could be when ``status`` is ``ambiguous``.
    """

    kind: Literal["sender", "on_behalf_of", "addressee"]
    mention: str
    span: Span | None
    status: ResolutionStatus
    post: PostRef | None = None
    person: PersonRef | None = None
    candidates: tuple[PersonRef, ...] = ()


@dataclass(frozen=True)
class EntityMention:
    """An organisation or person named in the text, linked to an entity where one is known."""

    mention: Mention
    organisation: OrganisationRef | None = None
    person: PersonRef | None = None


@dataclass(frozen=True)
class Resolution:
    """Everything the resolvers linked for one paper."""

    actors: tuple[ActorResolution, ...] = ()
    entities: tuple[EntityMention, ...] = ()

    @property
    def unresolved(self) -> tuple[ActorResolution, ...]:
        return tuple(a for a in self.actors if a.status != "resolved")
