"""The only place that mints IRIs.

URI policy (stable across rebuilds; natural keys where official ids exist)::

    {base}/id/kamerstuk/{kst-19637-2699}        a paper (any official document id: kst-, h-tk-, ah-tk-, kv-tk-)
    {base}/id/dossier/{19637 | 21501-20}         a dossier
    {base}/id/persoon/{sa-blok}                  a bewindspersoon from the register
    {base}/id/persoon/{paper-id}/{slug}          a person named in one paper only (never merged across papers)
    {base}/id/post/{minister-van-buitenlandse-zaken}
    {base}/id/organisatie/{aiv}
    {base}/id/lidmaatschap/{person}/{post}/{start}
    {base}/id/ondertekening/{paper-id}/{n}       a signing event
    {base}/id/document/{slug}                    a cited document without an official id (advice, report)
    {base}/id/claim/{paper-id}/{n}               provenance of one extracted statement
    {base}/id/span/{paper-id}/{start}-{end}      the characters a claim was read from (#quote, #position)
    {base}/id/extractie/{paper-id}/{hash16}      the extraction activity of one paper's content
    {base}/graph/{paper-id}                      a paper's facts (named graph)
    {base}/graph/provenance/{paper-id}           a paper's claims (named graph)
    {base}/graph/register | gazetteer | build    reference data and build bookkeeping
    {base}/tekst/{paper-id}                      the paper's source text (annotation source)

The ontology's own namespace is fixed (it is the vocabulary, not data): :data:`ONTOLOGY_NS`.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass

from rdflib import URIRef

DEFAULT_BASE = "https://w3id.org/kamergraaf"
ONTOLOGY_NS = "https://w3id.org/kamergraaf/def#"
OFFICIAL_PAGE = "https://zoek.officielebekendmakingen.nl/{id}.html"


def slug(text: str) -> str:
    """Make a lower-case ASCII slug for use in an IRI path segment.

    >>> slug("Minister van Buitenlandse Zaken")
    'minister-van-buitenlandse-zaken'
    >>> slug("S.A. Blok"), slug("G. B. M. Leers"), slug("Öztürk"), slug("DT&V")
    ('sa-blok', 'gbm-leers', 'ozturk', 'dt-v')
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    ascii_text = re.sub(r"\b([a-z])\.\s*(?=[a-z]\.)", r"\1", ascii_text)  # initials: "g. b. m." -> "gbm."
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-") or "x"


_SAFE_SEGMENT = re.compile(r"^[A-Za-z0-9()._-]+$")


def _segment(value: str) -> str:
    if not _SAFE_SEGMENT.match(value):
        raise ValueError(f"Expected an IRI path segment of letters, digits, '.', '-', '_', '(' or ')', got {value!r}")
    return value


@dataclass(frozen=True)
class Minter:
    """Mint IRIs under one base. Every IRI the project writes comes from here.

    >>> Minter().kamerstuk("kst-19637-2699")
    rdflib.term.URIRef('https://w3id.org/kamergraaf/id/kamerstuk/kst-19637-2699')
    """

    base: str = DEFAULT_BASE

    def __post_init__(self) -> None:
        if not re.match(r"^https?://[^\s<>\"{}|\\^`]+$", self.base):
            raise ValueError(f"Expected an http(s) base IRI such as {DEFAULT_BASE!r}, got {self.base!r}")
        object.__setattr__(self, "base", self.base.rstrip("/"))

    def _iri(self, *segments: str) -> URIRef:
        return URIRef("/".join((self.base, *map(_segment, segments))))

    def kamerstuk(self, doc_id: str) -> URIRef:
        return self._iri("id", "kamerstuk", doc_id)

    def dossier(self, dossier: str) -> URIRef:
        return self._iri("id", "dossier", dossier)

    def person(self, key: str) -> URIRef:
        return self._iri("id", "persoon", key)

    def local_person(self, doc_id: str, name: str) -> URIRef:
        return self._iri("id", "persoon", doc_id, slug(name))

    def post(self, key: str) -> URIRef:
        return self._iri("id", "post", key)

    def organisation(self, key: str) -> URIRef:
        return self._iri("id", "organisatie", key)

    def membership(self, person_key: str, post_key: str, start: str) -> URIRef:
        return self._iri("id", "lidmaatschap", person_key, post_key, start)

    def signing(self, doc_id: str, n: int) -> URIRef:
        return self._iri("id", "ondertekening", doc_id, str(n))

    def document(self, key: str) -> URIRef:
        """A cited document without an official id, keyed by its printed name (slug plus a short hash)."""
        digest = hashlib.sha1(key.encode("utf-8")).hexdigest()[:8]
        return self._iri("id", "document", f"{slug(key)[:60].strip('-')}-{digest}")

    def claim(self, doc_id: str, n: int) -> URIRef:
        return self._iri("id", "claim", doc_id, str(n))

    def span(self, doc_id: str, start: int, end: int) -> URIRef:
        """The characters ``[start, end)`` of a paper's source text as an annotation target, shared by the claims
        read from them."""
        return self._iri("id", "span", doc_id, f"{start}-{end}")

    def source_text(self, doc_id: str) -> URIRef:
        return self._iri("tekst", doc_id)

    def graph(self, name: str) -> URIRef:
        return self._iri("graph", name)

    def provenance_graph(self, doc_id: str) -> URIRef:
        return self._iri("graph", "provenance", doc_id)

    def extraction(self, doc_id: str, content_hash: str) -> URIRef:
        """The extraction activity of one paper's content (a new hash is a new activity)."""
        return self._iri("id", "extractie", doc_id, content_hash[:16])

    def software(self) -> URIRef:
        return self._iri("id", "software", "kamergraaf")

    def dataset(self) -> URIRef:
        return self._iri("id", "dataset")

    def under_base(self, iri: str) -> bool:
        return iri.startswith(self.base + "/")


def official_page(doc_id: str) -> URIRef:
    """The paper's page on officielebekendmakingen.nl.

    >>> official_page("kst-19637-2699")
    rdflib.term.URIRef('https://zoek.officielebekendmakingen.nl/kst-19637-2699.html')
    """
    return URIRef(OFFICIAL_PAGE.format(id=_segment(doc_id)))
