"""Find citations of Kamerstukken, Handelingen and other documents in running text.

Every finder returns :class:`Found` items: character ranges in the text it was given plus what they name.

>>> [(f.text, [r.id for r in f.refs]) for f in find_kamerstukken("zie (Kamerstuk 19 637, nr. 2301).")]
[('Kamerstuk 19 637, nr. 2301', ['kst-19637-2301'])]
>>> canonical_kamerstuk_ids("Kamerstukken 19 637 en 30 573, nr. 2375")
['kst-19637-2375', 'kst-30573-2375']
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from graph.extract.dates import ParseError, parse_vergaderjaar
from graph.extract.numbers import DOSSIER, NUMBER_LIST, SPACE, parse_dossier, parse_numbers
from graph.model import KamerstukRef

S = SPACE
_NRS = rf"[Nn]rs?\.?{S}*"
_PREFIX = (
    rf"(?:(?:Kamerstuk(?:ken|nummer)?|Kamerstuknr\.)(?:\s+I{{1,2}})?(?:\s+\d{{4}}/\d{{2,4}},)?\s+"
    rf"|(?:Tweede|Eerste){S}+Kamer,{S}+(?:vergaderjaar{S}+)?\d{{4}}{S}*[–/-]{S}*\d{{2,4}},{S}+)?"
)
# "Kamerstuk 19 637, nr. 2301", "(32 317, nr. 958)", "Kamerstukken 19 637 en 30 573, nr. 2375",
# "Tweede Kamer, 2008–2009, 30 950, nr. 13", "Kamerstuknummer 28 638, nr. 57", "22 112, nrs. 2955, ... en 2964"
_KST_RE = re.compile(
    rf"{_PREFIX}(?P<dossiers>{DOSSIER}(?:(?:{S}*,{S}*|{S}+en{S}+){DOSSIER})*){S}*,{S}*{_NRS}(?P<nrs>{NUMBER_LIST})"
)
# "de motie op stuk nr. 68 (35 483)"
_STUK_RE = re.compile(rf"\b[Ss]tuk(?:ken)?{S}+{_NRS}(?P<nrs>{NUMBER_LIST}){S}*\({S}*(?P<dossiers>{DOSSIER}){S}*\)")
_HANDELINGEN_RE = re.compile(
    rf"(?P<ah>Aanhangsel{S}+(?:van{S}+de{S}+)?)?Handelingen{S}+(?P<house>I{{1,2}}),?{S}+"
    rf"(?P<year>\d{{4}}{S}*[/–-]{S}*\d{{2,4}}),{S}*{_NRS}(?P<nrs>{NUMBER_LIST})(?:,{S}*item{S}+(?P<item>\d+))?"
)
_EU_ACT_RE = re.compile(
    rf"\b(?:Verordening|Richtlijn|Besluit|Kaderbesluit|Uitvoeringsverordening|Gedelegeerde{S}+verordening)"
    rf"(?:{S}+\((?:EU|EG|EEG|EU,{S}*Euratom)\))?{S}+(?:nr\.{S}*)?\d{{1,4}}/\d{{1,4}}(?:/(?:EU|EG|EEG|JBZ))?"
)
# Treaties and EU acts named as one word: "Vluchtelingenverdrag", "VN-Kinderrechtenverdrag", "Dublinverordening"
_NAMED_ACT_RE = re.compile(
    r"(?<![\w-])(?:[A-Z][\w]*-?|[a-z]+-[A-Z][\w]*)(?:verdrag|verordening|richtlijn)(?![\w-])"
)
_TITLED_RE = re.compile(
    rf"(?:(?P<noun>\b(?:[Aa]dvies(?:{S}+nr\.{S}*\d+)?|[Nn]ota|[Rr]apport|[Nn]otitie|[Vv]erslag)){S}+)?"
    rf"(?P<title>«[^»]{{3,200}}»)"
)
_TITLE_NOUNS = re.compile(
    r"(?:advies|nota|rapport|notitie|verslag|beleidspaper|paper|agenda|strategie|plan|brief|actieplan|"
    r"visie|evaluatie|onderzoek|studie|publicatie|handreiking|rapportage)\S*\s+$",
    re.IGNORECASE,
)
_BY_BODY_RE = re.compile(
    rf"\b(?:[Rr]apport|[Aa]dvies|[Jj]aarverslag)(?:{S}+nr\.{S}*\d+)?{S}+van{S}+(?:de|het){S}+"
    rf"(?P<body>[A-Z][\w-]*(?:{S}+(?:(?:en|van|voor|de|het){S}+)*[A-Z][\w-]*)*)"
)
_NOT_CITATION_NOTE = re.compile(r"^(?:Raadpleegbaar|Gepubliceerd|Zie\s+(?:ook\s+)?www|www\.|https?://)", re.IGNORECASE)


@dataclass(frozen=True)
class Found:
    """One citation found at ``[start, end)`` of the text searched."""

    start: int
    end: int
    text: str
    refs: tuple[KamerstukRef, ...] = ()
    canonical_ids: tuple[str, ...] = ()
    kind: str = "kamerstuk"
    extras: dict = field(default_factory=dict, compare=False)


def _refs(dossiers_text: str, nrs_text: str) -> tuple[KamerstukRef, ...]:
    dossiers = [parse_dossier(d.group(0)) for d in re.finditer(DOSSIER, dossiers_text)]
    refs = [KamerstukRef(d, n) for n in parse_numbers(nrs_text) for d in dossiers]
    return tuple(dict.fromkeys(refs))


def find_kamerstukken(text: str) -> list[Found]:
    """Find every Kamerstuk citation; lists are expanded, two dossiers with one number give a ref each.

    >>> [r.id for f in find_kamerstukken("de motie op stuk nr. 68 (35 483)") for r in f.refs]
    ['kst-35483-68']
    >>> find_kamerstukken("met kenmerk 27 062-64/2010D44417 en 32 500 C/2011D20325")
    []
    """
    found: list[Found] = []
    taken: list[tuple[int, int]] = []
    for pattern in (_KST_RE, _STUK_RE):
        for m in pattern.finditer(text):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            try:
                refs = _refs(m.group("dossiers"), m.group("nrs"))
            except ParseError:
                continue
            if refs:
                taken.append((m.start(), m.end()))
                found.append(Found(m.start(), m.end(), m.group(0), refs=refs))
    return sorted(found, key=lambda f: f.start)


def canonical_kamerstuk_ids(text: str) -> list[str]:
    """The ``kst-`` ids of every Kamerstuk cited in ``text``, in order, without duplicates."""
    return list(dict.fromkeys(r.id for f in find_kamerstukken(text) for r in f.refs))


def handelingen_id(house: str, year: str, nr: str, item: str | None = None, *, aanhangsel: bool = False) -> str:
    """Build the official id of a Handelingen issue (or an Aanhangsel item).

    >>> handelingen_id("II", "2013/14", "85")
    'h-tk-20132014-85'
    >>> handelingen_id("I", "2015-2016", "1580", aanhangsel=True)
    'ah-ek-20152016-1580'
    """
    chamber = "tk" if house == "II" else "ek"
    vj = parse_vergaderjaar(year).replace("-", "")
    base = f"{'ah' if aanhangsel else 'h'}-{chamber}-{vj}-{nr}"
    return f"{base}-{item}" if item and not aanhangsel else base


def _extend_to_paren(text: str, end: int) -> int:
    """Take in the rest of a parenthesised reference ("..., nr. 85, Regeling van Werkzaamheden)")."""
    close = text.find(")", end)
    if close == -1 or close - end > 160:
        return end
    between = text[end:close]
    if "(" in between or "\n" in between or re.search(r"[.!?]\s", between):
        return end
    return close


def find_handelingen(text: str) -> list[Found]:
    """Find Handelingen (and Aanhangsel) citations; the text runs on to a closing parenthesis where there is one.

    >>> [(f.text, f.canonical_ids) for f in find_handelingen("(Handelingen II 2014/15, nrs. 28 en 29).")]
    [('Handelingen II 2014/15, nrs. 28 en 29', ('h-tk-20142015-28', 'h-tk-20142015-29'))]
    """
    found = []
    for m in _HANDELINGEN_RE.finditer(text):
        try:
            ids = tuple(
                handelingen_id(m.group("house"), m.group("year"), nr, m.group("item"), aanhangsel=bool(m.group("ah")))
                for nr in parse_numbers(m.group("nrs"))
            )
        except ParseError:
            continue
        end = _extend_to_paren(text, m.end())
        cited = text[m.start():end].rstrip(" ,;.")
        found.append(Found(m.start(), m.start() + len(cited), cited, canonical_ids=ids, kind="handelingen"))
    return found


def find_other_documents(text: str) -> list[Found]:
    """Find advice, reports and policy papers cited by title, and EU acts, as printed.

    >>> [f.text for f in find_other_documents("de kabinetsreactie op advies nr. 117 «Het Europese asielbeleid»")]
    ['advies nr. 117 «Het Europese asielbeleid»']
    >>> [f.text for f in find_other_documents("het beleidspaper «the renewed agenda» en Verordening (EU) nr. 604/2013")]
    ['«the renewed agenda»', 'Verordening (EU) nr. 604/2013']
    >>> [f.text for f in find_other_documents("het Vluchtelingenverdrag en het post-Cotonouverdrag, niet het verdrag")]
    ['Vluchtelingenverdrag', 'post-Cotonouverdrag']
    """
    found = []
    for m in _TITLED_RE.finditer(text):
        if m.group("noun"):
            kind = "advice" if m.group("noun").lower().startswith("advies") else "document"
            found.append(Found(m.start(), m.end(), m.group(0), kind=kind))
        elif _TITLE_NOUNS.search(text[max(0, m.start() - 40):m.start()]):
            found.append(Found(m.start("title"), m.end(), m.group("title"), kind="document"))
    for m in _BY_BODY_RE.finditer(text):
        if not any(f.start <= m.start() < f.end for f in found):
            found.append(Found(m.start(), m.end(), m.group(0), kind="report"))
    for m in _EU_ACT_RE.finditer(text):
        found.append(Found(m.start(), m.end(), m.group(0), kind="eu_act"))
    for m in _NAMED_ACT_RE.finditer(text):
        if not any(f.start <= m.start() < f.end for f in found):
            found.append(Found(m.start(), m.end(), m.group(0), kind="treaty"))
    return sorted(found, key=lambda f: f.start)


def is_reference_note(note_text: str) -> bool:
    """Tell whether a footnote's text cites a document (not a mere pointer to a website).

    >>> is_reference_note("Raadpleegbaar via www.tweedekamer.nl"), is_reference_note("Nos, 9 november 2022, Honderden")
    (False, True)
    """
    return bool(note_text.strip()) and not _NOT_CITATION_NOTE.match(note_text.strip())


_RELATION_CUES = (
    ("responds_to", re.compile(r"\b(?:in reactie op|naar aanleiding van|reageer|reageren|in antwoord op|"
                               r"ga ik in op|geef ik (?:hierbij )?(?:een )?reactie)", re.IGNORECASE)),
    ("implements", re.compile(r"\b(?:uitvoering (?:aan|van)|uitgevoerd|invulling (?:aan|van))", re.IGNORECASE)),
    ("encloses", re.compile(r"\b(?:bijlage|bijgevoegd|treft u (?:hierbij )?aan|doe ik u toekomen|"
                            r"bied ik u (?:hierbij )?aan)", re.IGNORECASE)),
)


def relation_of(sentence: str, before: str, kind: str) -> str | None:
    """Name what a citation does where its sentence says so; ``before`` is the text just before it.

    >>> relation_of("In reactie op de motie (Kamerstuk 1, nr. 2) bericht ik u.", "In reactie op de motie (", "kamerstuk")
    'responds_to'
    >>> relation_of("Hierbij bied ik de kabinetsreactie aan op advies nr. 117.", "kabinetsreactie aan op ", "advice")
    'reacts_to'
    >>> relation_of("Zoals gemeld (19 637, nr. 1392) is dit zo.", "Zoals gemeld (", "kamerstuk") is None
    True
    """
    low = before.lower()
    if kind == "advice" and re.search(r"(?:kabinets)?reactie\b[^.]{0,40}$|reageer|reageren", low):
        return "reacts_to"
    motie = bool(re.search(r"\bmotie\b[^.]{0,120}$", low))
    for relation, cue in _RELATION_CUES:
        if cue.search(sentence):
            if relation in ("responds_to", "implements") and kind == "kamerstuk" and not motie:
                continue
            if relation == "responds_to" and kind == "advice":
                return "reacts_to"
            return relation
    return None
