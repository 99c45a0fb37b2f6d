"""Find organisations and persons named in a paper, as printed.

Heuristic and deliberately conservative: acronyms standing alone ("AIV", "UNHCR", "D66"), names of bodies built on
a head word ("Adviesraad Internationale Vraagstukken", "Europese Commissie", "Raad van State"), persons after a
cue ("het lid Omtzigt", "dhr. Van Rompuy", "Staatssecretaris Martin van Rijn") and the paper's signers.
Parts of compounds ("EU-lidstaten") and generic bodies ("kabinet", "uw Kamer") are left out; so are countries.

>>> from graph.model import SourceDocument
>>> doc = SourceDocument.plain("a.txt", "Het advies van de Adviesraad Internationale Vraagstukken (AIV) aan de EU-lidstaten.")
>>> [m.text for m in find_entities(doc, 0, ())[0]]
['Adviesraad Internationale Vraagstukken', 'AIV']
"""

from __future__ import annotations

import re
from typing import Iterable

from graph.extract import citations
from graph.model import Mention, Sender, SourceDocument, Span

_UPPER = "A-ZÀ-ÖØ-Þ"
_ACRONYM_RE = re.compile(rf"(?<![\w-])(?:[{_UPPER}]{{2,8}}\d{{0,2}}|[{_UPPER}]\d{{2}})(?:-[{_UPPER}]{{2,6}})?(?![\w-])")
_ROMAN = re.compile(r"^M{0,3}(?:C[MD]|D?C{0,3})(?:X[CL]|L?X{0,3})(?:I[XV]|V?I{0,3})$")  # "VII", not "VVD"
_NOT_ORGANISATIONS = {
    "ODA", "OS", "BNC", "BNP", "BBP", "EUR", "NB", "PS", "VSO", "AO", "WGO", "CC", "TK", "EK", "CS", "RVK", "JL",
    "NL", "USA", "VS", "UK", "II", "ECLI", "DE", "HET", "EN", "VAN", "NR", "MVT", "OK",
}
_WORD = rf"[{_UPPER}][\w'’-]*[\w'’]"
_SP = r"(?:[ \t\u00a0]|\n(?![ \t]*\n))"  # a space, or a line break inside a paragraph
_JOIN = rf"(?:(?:{_SP}+(?:van|voor|de|het|der|en|op|inzake|on|of|for|the|and))*{_SP}+)"
_ORG_HEADS = (
    r"Adviesraad|Adviescommissie|Raad|Commissie|Parlement|Inspectie|Ministerie|Afdeling|Dienst|Agentschap|Autoriteit|"
    r"Instituut|Organisatie|Vluchtelingenorganisatie|Bank|Office|Agency|Bureau|Fonds|Hof|Rechtbank|Vluchtelingenwerk|"
    r"Unie|Naties|Nations|Council|Court|Stichting|Vereniging|Centrum|Orgaan|Tribunaal|Kamer van Koophandel|"
    r"Rekenkamer|Ombudsman|Politie|Marechaussee|Koninklijke Marechaussee|Belastingdienst|Partij|Groep"
)
_ORG_RE = re.compile(rf"(?<![\w-]){_WORD}(?:{_JOIN}{_WORD})*")
_PLACE_BODY_RE = re.compile(
    rf"\b(?:gemeente|veiligheidsregio|gerechtshof|rechtbank|provincie|politie-eenheid)"
    rf"{_SP}+{_WORD}(?:{_SP}+{_WORD})*"
)
_ALIAS_RE = re.compile(r"[ \u00a0]?\((?P<alias>[A-Z][A-Za-z]{1,7})\)")
_SINGLE_HEADS = {"Adviesraad", "Rekenkamer", "Ombudsman", "Belastingdienst", "Marechaussee"}
_HEAD_RE = re.compile(rf"\b(?:{_ORG_HEADS})\b")
_SINGLE_ORGS = re.compile(
    r"^(?:Europol|Frontex|Eurojust|Interpol|Belastingdienst|Vluchtelingenwerk|"
    r"GroenLinks|PvdA|ChristenUnie|PvdD|FvD|JA21|50PLUS|Volt|BIJ1)$"  # parties printed in mixed case
)
_PERSON_CUE_RE = re.compile(
    r"(?:\b(?:het|de)\s+(?:lid|leden)|\bdhr\.|\bde\s+heer|\bmevrouw|\bmevr\.|\bmw\.|\bfamilie"
    r"|\b(?:gewijzigde\s+)?motie(?=\s+[A-Z][\w-]+(?:\s+[A-Z][\w-]+)*\s+(?:c\.s\.|\())"
    r"|\b(?:[Ss]taatssecretaris|[Mm]inister|[Cc]ommissaris|[Vv]ertegenwoordiger|[Pp]remier|[Pp]resident|[Kk]anselier))"
    r"\s+"
)
_PERSON_NAME_RE = re.compile(
    rf"(?:[{_UPPER}]\.\s?)*(?:[{_UPPER}][a-zà-ÿ'’-]+\s+)?(?:(?:[Vv]an|[Dd]e|[Dd]er|[Dd]en|[Tt]er|[Tt]en)\s+){{0,3}}"
    rf"[{_UPPER}][a-zà-ÿ'’]+(?:-[{_UPPER}][a-zà-ÿ'’]+)?"
)
_NOT_NAMES = {"Buitenlandse", "Justitie", "Algemene", "Binnenlandse", "Financiën", "Defensie", "Kamer"}


def _mention(doc: SourceDocument, start: int, end: int) -> Mention:
    inside = doc.offsets[start:end] or (doc.offsets[start],)
    return Mention(doc.text[start:end], Span(min(inside), max(inside) + 1))


def _sentence_initial(text: str, pos: int) -> bool:
    before = text[max(0, pos - 3):pos]
    return pos == 0 or bool(re.search(r"(?:[.!?:;]\s+|\n\s*)$", before)) or before.endswith("\n")


def find_organisations(doc: SourceDocument, start: int) -> list[Mention]:
    """Organisations in ``doc.text[start:]``, as printed, in order of first appearance."""
    text = doc.text
    excluded = [(f.start, f.end) for f in citations.find_handelingen(text) + citations.find_kamerstukken(text)]
    found: list[tuple[int, int]] = []
    for m in _ORG_RE.finditer(text, start):
        if any(s <= m.start() < e for s, e in excluded):
            continue
        for s_, e_ in _split_at_article(m.start(), m.group(0)):
            _consider(text, s_, e_, found)
    for m in _PLACE_BODY_RE.finditer(text, start):
        found.append((m.start(), m.end()))
    for s, e in list(found):
        alias = _ALIAS_RE.match(text, e)
        if alias:
            found.append((alias.start("alias"), alias.end("alias")))
    named = list(found)
    for m in _ACRONYM_RE.finditer(text, start):
        word = m.group(0)
        if any(s <= m.start() < e for s, e in named + excluded):
            continue
        if _ROMAN.match(word) or word.upper() in _NOT_ORGANISATIONS or word.split("-")[0] in _NOT_ORGANISATIONS:
            continue
        line_start = text.rfind("\n", 0, m.start()) + 1
        line_end = text.find("\n", m.end())
        line = text[line_start:line_end if line_end != -1 else len(text)]
        if sum(c.isupper() for c in line) > 0.6 * max(1, sum(c.isalpha() for c in line)):
            continue  # a heading in capitals
        found.append((m.start(), m.end()))
    return _unique(doc, found)


def _split_at_article(start: int, phrase: str) -> list[tuple[int, int]]:
    """Split "Europol en de Europese Commissie" into its names; "Ministerie van Veiligheid en Justitie" stays."""
    pieces, pos = [], 0
    for m in re.finditer(r"\s+en\s+(?:de|het)\s+", phrase):
        pieces.append((start + pos, start + m.start()))
        pos = m.end()
    pieces.append((start + pos, start + len(phrase)))
    return pieces


def _consider(text: str, s: int, e: int, found: list[tuple[int, int]]) -> None:
    """Keep ``text[s:e]`` as an organisation if it is built on a head word or is a known single name."""
    phrase = text[s:e]
    heads = list(_HEAD_RE.finditer(phrase))
    if heads:
        if _sentence_initial(text, s) and " " in phrase and phrase.split()[0] in {"De", "Het", "Deze", "Die", "Op", "In"}:
            s += len(phrase.split()[0]) + 1
        trimmed = re.sub(r"(?:\s+(?:van|voor|de|het|der|en|op|of|the|and))+$", "", text[s:e])
        e = s + len(trimmed)
        if len(trimmed.split()) >= 2 or trimmed in _SINGLE_HEADS or _SINGLE_ORGS.match(trimmed):
            found.append((s, e))
    else:
        for w in re.finditer(r"[\w'’-]+", phrase):
            if _SINGLE_ORGS.match(w.group(0)):
                found.append((s + w.start(), s + w.end()))


def _unique(doc: SourceDocument, ranges: Iterable[tuple[int, int]]) -> list[Mention]:
    seen: dict[str, Mention] = {}
    for s, e in sorted(ranges):
        mention = _mention(doc, s, e)
        if mention.text.strip() and mention.text not in seen:
            seen[mention.text] = mention
    return list(seen.values())


def find_persons(doc: SourceDocument, start: int, senders: Iterable[Sender]) -> list[Mention]:
    """Signers, then persons named after a cue word, as printed."""
    text = doc.text
    ranges: list[tuple[int, int]] = []
    mentions: list[Mention] = []
    for s in senders:
        if s.name and s.name_span:
            mentions.append(Mention(s.name, s.name_span))
    for cue in _PERSON_CUE_RE.finditer(text, start):
        pos = cue.end()
        while True:
            m = _PERSON_NAME_RE.match(text, pos)
            if not m or m.group(0).split()[0] in _NOT_NAMES or re.match(r"(?:van|voor)\s", text[pos:pos + 5]):
                break
            ranges.append((m.start(), m.end()))
            more = re.match(r"\s*(?:\([^()]*\)\s*)?(?:,|en)\s+", text[m.end():m.end() + 40])
            if not more or not cue.group(0).strip().endswith("leden"):
                break
            pos = m.end() + more.end()
    out = {m.text: m for m in mentions}
    for m in _unique(doc, ranges):
        out.setdefault(m.text, m)
    return list(out.values())


def find_entities(doc: SourceDocument, start: int, senders: Iterable[Sender]) -> tuple[tuple[Mention, ...], tuple[Mention, ...]]:
    """Organisations and persons named in the paper from ``start`` on."""
    persons = find_persons(doc, start, senders)
    person_texts = {p.text for p in persons}
    organisations = [o for o in find_organisations(doc, start) if o.text not in person_texts]
    return tuple(organisations), tuple(persons)
