"""Extractors: a :class:`~graph.model.SourceDocument` becomes an :class:`~graph.model.Extraction` (mentions with
spans in the original source; no RDF here).

Entry points: :func:`extract` for one document, :func:`extract_paths` for files and folders.
No rule here is written for one particular paper: the patterns are those of the genre (headers, signatures,
citation forms) as listed in the corpus README.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Iterable, Iterator

from graph.extract import actors, citations, entities
from graph.extract.dates import ParseError, find_dates, parse_vergaderjaar
from graph.extract.header import Header, HeaderDossier, Piece, doc_type_of, parse_header
from graph.model import (
    Citation, Dossier, DossierNumber, Extraction, Mention, Sender, SourceDocument, SourceError, Span, Valued,
)

NO_HEADER = (
    "no Kamerstuk header found: expected a line like '19 637 Vreemdelingenbeleid' followed by "
    "'Nr. 2699 BRIEF VAN ...', or written questions ('Vragen van het lid ...') or answers ('Antwoord van ...')"
)
_OFFICIAL_ID = re.compile(r"^(?:kst-\d{5}(?:-[\w()]+)?-\w+|kv-tk-\d{4}Z\d{5}|ah-(?:tk|ek)-\d{8}-\d+|h-(?:tk|ek)-\d{8}-\d+)$")
# "Vergaderjaar 2020–2021"; the site banner glues it on: "Tweede Kamer der Staten-Generaal2015-201634300 nr. 40"
_VERGADERJAAR_RE = re.compile(r"(?:[Vv]ergaderjaar\s+|Staten-Generaal)(\d{4}\s*[–/-]\s*(?:\d{4}|\d{2}(?!\d)))")
_PLACE_DATE_RE = re.compile(r"^(?:Den Haag|'s-Gravenhage|’s-Gravenhage),?\s+", re.MULTILINE)
_VOORGESTELD_RE = re.compile(r"^(?:Voorgesteld|Ontvangen)\b.*$", re.MULTILINE)
_ONTVANGEN_RE = re.compile(r"\(ontvangen\s+", re.IGNORECASE)
INPUT_SUFFIXES = (".txt", ".xml", ".html", ".htm", ".pdf")


def _span(doc: SourceDocument, start: int, end: int) -> Span:
    """The source span of ``text[start:end]``, robust to characters moved by cleaning."""
    if end <= start:
        return doc.source_span(start, end)
    inside = doc.offsets[start:end]
    return Span(min(inside), max(inside) + 1)


def _body_end(doc: SourceDocument) -> int:
    if not doc.footnotes:
        return len(doc.text)
    first = min(doc.footnotes, key=lambda f: f.start)
    cut = doc.text.rfind("\n\n", 0, first.start)
    return cut if cut != -1 else first.start


def _house(doc: SourceDocument, header: Header) -> str:
    """"Eerste Kamer" where the paper says so (or its ondernummer is a letter), else "Tweede Kamer"."""
    head = doc.source_text[:1500]
    if "Eerste Kamer" in head and "Tweede Kamer" not in head:
        return "Eerste Kamer"
    if header.ondernummer and header.ondernummer.value.isalpha():
        return "Eerste Kamer"
    return "Tweede Kamer"


def _sentence(text: str, start: int, end: int) -> str:
    left = max(text.rfind("\n\n", 0, start), *(m.end() - 1 for m in re.finditer(r"[.!?]\s+(?=[A-Z«(])", text[:start])),
               -1)
    m = re.compile(r"[.!?](?=\s+[A-Z«(]|\s*$)|\n\n").search(text, end)
    right = m.end() if m else len(text)
    return re.sub(r"\s+", " ", text[left + 1:right]).strip()


def _date(doc: SourceDocument, header: Header, body_end: int) -> Valued | None:
    text = doc.text
    if header.doc_type in ("motie", "amendement"):
        m = _VOORGESTELD_RE.search(text, header.body_start, body_end)
        if m:
            for s, e, d in find_dates(text, m.start(), m.end()):
                return Valued(d.isoformat(), _span(doc, s, e))
    if header.kind == "ah":
        for m in _ONTVANGEN_RE.finditer(text, 0, body_end):
            for s, e, d in find_dates(text, m.end(), min(m.end() + 30, body_end)):
                return Valued(d.isoformat(), _span(doc, s, e))
        return None
    if header.kind == "kv":
        return None
    for m in _PLACE_DATE_RE.finditer(text, header.body_start, body_end):
        for s, e, d in find_dates(text, m.end(), min(m.end() + 30, body_end)):
            return Valued(d.isoformat(), _span(doc, s, e))
    return None


def _vergaderjaar(doc: SourceDocument) -> Valued | None:
    m = _VERGADERJAAR_RE.search(doc.text[:3000])
    if m:
        try:
            return Valued(parse_vergaderjaar(m.group(1)), _span(doc, m.start(1), m.end(1)))
        except ParseError:
            pass
    printed = doc.metadata.get("page_header_vergaderjaar")
    if printed:
        span = None
        where = doc.metadata.get("page_header_vergaderjaar_span", "")
        if re.fullmatch(r"\d+:\d+", where):
            a, b = map(int, where.split(":"))
            span = Span(a, b)
        return Valued(printed, span)
    return None


def _doc_id(doc: SourceDocument, header: Header, vergaderjaar: Valued | None) -> str | None:
    if header.kind == "kst" and header.dossiers and header.ondernummer:
        number = header.dossiers[0].number
        if number.toevoeging and number.toevoeging.startswith("(R"):
            number = DossierNumber(number.nummer)  # "33 852 (R2023)": the Rijkswet number is not in the id
        return f"kst-{number}-{header.ondernummer.value}"
    if header.kind == "ah" and vergaderjaar:
        # the Aanhangsel number stands alone on a line above the questions
        questions = re.search(r"^Vragen\s+van\b", doc.text, re.MULTILINE)
        m = re.search(r"^\s*(\d{1,5})\s*$", doc.text[: questions.start() if questions else 3000], re.MULTILINE)
        if m:
            chamber = "ek" if "Eerste Kamer" in doc.source_text[:1500] else "tk"
            return f"ah-{chamber}-{vergaderjaar.value.replace('-', '')}-{m.group(1)}"
    stem = Path(doc.path).stem
    return stem if _OFFICIAL_ID.match(stem) else None


def _citations(doc: SourceDocument, own_id: str | None) -> tuple[tuple[Citation, ...], tuple[Citation, ...]]:
    text = doc.text
    kst: list[Citation] = []
    other: list[Citation] = []

    def cite(found: citations.Found, **fields) -> Citation:
        sentence = _sentence(text, found.start, found.end)
        before = text[max(0, found.start - 200):found.start]
        return Citation(
            text=re.sub(r"\s+", " ", found.text), span=_span(doc, found.start, found.end), sentence=sentence,
            footnote=doc.footnote_at(found.start), relation=citations.relation_of(sentence, before, found.kind),
            **fields,
        )

    handelingen = citations.find_handelingen(text)
    for found in citations.find_kamerstukken(text):
        if any(h.start <= found.start < h.end for h in handelingen):
            continue
        for ref in found.refs:
            if ref.id != own_id:
                kst.append(cite(found, target=ref, canonical_id=ref.id))
    for found in handelingen:
        for cid in found.canonical_ids:
            other.append(cite(found, canonical_id=cid))
    for found in citations.find_other_documents(text[:_body_end(doc)]):
        other.append(cite(found))
    for note in doc.footnotes:
        note_text = text[note.start:note.end]
        inside = [c for c in kst + other if c.footnote == note.number]
        if inside or not citations.is_reference_note(note_text):
            continue
        trimmed = note_text.rstrip(" .")
        other.append(cite(citations.Found(note.start, note.start + len(trimmed), trimmed, kind="note")))
    return tuple(kst), tuple(other)


def _header_from_metadata(doc: SourceDocument) -> Header | None:
    """A header built from what a structured reader (XML, HTML) found, for text that prints none."""
    meta = doc.metadata
    if not (meta.get("dossiers") and meta.get("ondernummer")):
        return None
    try:
        numbers = [DossierNumber.parse(d) for d in meta["dossiers"].split()]
    except ValueError:
        return None
    title = meta.get("title")
    doc_type = meta.get("doc_type") or (doc_type_of(title) if title else "other")
    return Header("kst", tuple(HeaderDossier(n, None, 0, 0) for n in numbers), Piece(meta["ondernummer"], 0, 0),
                  Piece(title, 0, 0) if title else None, doc_type, 0)


def _prefer_metadata(doc: SourceDocument, key: str, found: Valued | None, warnings: list[str]) -> Valued | None:
    given = doc.metadata.get(key)
    if not given:
        return found
    if found is not None and found.value != given:
        warnings.append(f"{key}: the metadata says {given!r}, the text says {found.value!r}; kept the metadata")
    return Valued(given, found.span if found is not None and found.value == given else None, origin="metadata")


def extract(doc: SourceDocument) -> Extraction:
    """Extract everything one paper says about itself and what it cites; raise :class:`SourceError` without a header.

    >>> from graph.model import SourceDocument
    >>> text = "19 637 Vreemdelingenbeleid\\n\\nNr. 1 BRIEF VAN DE MINISTER VAN JUSTITIE\\n\\nDen Haag, 1 mei 2020\\n"
    >>> extract(SourceDocument.plain("a.txt", text)).to_record()["date"]
    '2020-05-01'
    """
    header = parse_header(doc.text) or _header_from_metadata(doc)
    if header is None:
        raise SourceError(doc.path, NO_HEADER)
    text = doc.text
    body_end = _body_end(doc)
    warnings: list[str] = []

    dossiers = tuple(Dossier(d.number, d.title, _span(doc, d.start, d.end)) for d in header.dossiers)
    ondernummer = Valued(header.ondernummer.value, _span(doc, header.ondernummer.start, header.ondernummer.end)) \
        if header.ondernummer else None
    title = Valued(header.title.value, _span(doc, header.title.start, header.title.end)) if header.title else None
    date = _date(doc, header, body_end)
    vergaderjaar = _vergaderjaar(doc)
    doc_id = _doc_id(doc, header, vergaderjaar)

    senders: list[Sender] = []
    addressee = None
    on_behalf: list[Mention] = []
    if header.kind == "kst" and header.doc_type == "motie" or header.kind == "kst" and header.doc_type == "amendement":
        role = f"lid {_house(doc, header)}"
        names = actors.find_motion_signers(text, header.body_start, body_end)
        if not names and header.doc_type == "amendement":
            names = actors.find_trailing_names(text, header.body_start, body_end)
        if not names and header.title:
            names = actors.motion_heading_names(header.title.value, header.title.start)
        for n in names:
            span = _span(doc, n.start, n.end)
            senders.append(Sender(role=role, name=n.value, span=span, name_span=span))
    elif header.kind == "kv":
        names, office = actors.find_askers(text, header.body_start, body_end)
        for n in names:
            span = _span(doc, n.start, n.end)
            senders.append(Sender(role="lid Tweede Kamer", name=n.value, span=span, name_span=span))
        if office:
            addressee = Mention(office.value, _span(doc, office.start, office.end))
    else:
        signers = actors.find_signatures(text, header.body_start, body_end)
        if header.kind == "ah":
            signers = actors.find_answerers(text, 0, body_end) or signers
        for s in signers:
            role_span = _span(doc, s.role.start, s.role.end)
            name_span = _span(doc, s.name.start, s.name.end) if s.name else None
            whole = Span(role_span.start, name_span.end) if name_span else role_span
            senders.append(Sender(s.role.value, s.name.value if s.name else None, whole, role_span, name_span))
        if not senders and header.title and header.doc_type == "brief":
            office = actors.heading_office(header.title.value, header.title.start)
            if office:
                span = _span(doc, office.start, office.end)
                senders.append(Sender(office.value, None, span, role_span=span))
        if header.kind == "kst":
            found = actors.find_addressee(text, header.body_start, min(body_end, header.body_start + 600))
            if found:
                addressee = Mention(found.value, _span(doc, found.start, found.end))
        signature_zone = min(s.role.start for s in signers) if signers else body_end
        opening_end = min(body_end, header.body_start + 2000)
        zones = [(header.body_start, opening_end)]
        if signature_zone > opening_end:
            zones.append((max(opening_end, signature_zone - 600), body_end))
        for a, b in zones:
            for f in actors.find_on_behalf_of(text, a, b):
                on_behalf.append(Mention(f.value, _span(doc, f.start, f.end)))
        if header.kind == "ah":
            names, office = actors.find_askers(text, 0, body_end)
            if office and addressee is None:
                addressee = Mention(office.value, _span(doc, office.start, office.end))

    kst, other = _citations(doc, doc_id)
    organisations, persons = entities.find_entities(doc, header.body_start, senders)

    date = _prefer_metadata(doc, "date", date, warnings)
    vergaderjaar = _prefer_metadata(doc, "vergaderjaar", vergaderjaar, warnings)
    ondernummer = _prefer_metadata(doc, "ondernummer", ondernummer, warnings)
    title = _prefer_metadata(doc, "title", title, warnings)
    doc_type = header.doc_type
    if doc.metadata.get("doc_type"):
        if doc.metadata["doc_type"] != doc_type:
            warnings.append(f"doc_type: the metadata says {doc.metadata['doc_type']!r}, the text says {doc_type!r}; "
                            f"kept the metadata")
        doc_type = doc.metadata["doc_type"]
    if doc.metadata.get("dossiers"):
        given = doc.metadata["dossiers"].split()
        printed = [str(d.number) for d in dossiers]
        if printed and printed != given:
            warnings.append(f"dossiers: the metadata says {' '.join(given)!r}, the text says {' '.join(printed)!r}; "
                            f"kept the metadata")
        if printed != given:
            by_number = {str(d.number): d for d in dossiers}
            dossiers = tuple(
                by_number.get(g) or Dossier(DossierNumber.parse(g), None, Span(0, 0)) for g in given
            )
    if doc.metadata.get("id"):
        if doc_id and doc_id != doc.metadata["id"] and header.kind == "kst":
            warnings.append(f"id: the metadata says {doc.metadata['id']!r}, the text says {doc_id!r}; kept the metadata")
        doc_id = doc.metadata["id"]

    return Extraction(
        source=doc.path, id=doc_id, doc_type=doc_type, dossiers=dossiers, ondernummer=ondernummer, date=date,
        vergaderjaar=vergaderjaar, title=title, senders=tuple(senders), on_behalf_of=tuple(on_behalf),
        addressee=addressee, cited_kamerstukken=kst, cited_other=other, organisations=organisations,
        persons=persons, warnings=tuple(warnings),
    )


def extract_paths(paths: Iterable[str | Path]) -> Iterator[tuple[str, Extraction | SourceError]]:
    """Read and extract every paper under ``paths`` (files, or folders of ``*.txt *.xml *.html *.pdf``), in order.

    Yields ``(path, extraction)`` or ``(path, error)``: one unreadable file does not stop the others.
    """
    from graph.readers import list_inputs, read

    for path in list_inputs(paths):
        try:
            yield str(path), extract(read(path))
        except SourceError as e:
            yield str(path), e
