"""Read the head of a paper: dossiers, ondernummer, heading, document type, and the written-questions preamble.

>>> h = parse_header("19 637 Vreemdelingenbeleid\\n\\nNr. 2699 BRIEF VAN DE MINISTER VAN BUITENLANDSE ZAKEN\\n")
>>> [(str(d.number), d.title) for d in h.dossiers], h.ondernummer.value, h.doc_type, h.title.value
([('19637', 'Vreemdelingenbeleid')], '2699', 'brief', 'BRIEF VAN DE MINISTER VAN BUITENLANDSE ZAKEN')
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from graph.extract.numbers import DOSSIER, NUMBER, SPACE, ParseError, parse_dossier

S = SPACE
_DOSSIER_LINE = re.compile(rf"^(?P<number>{DOSSIER})(?:{S}+(?P<title>\S.*))?$")
_NR_LINE = re.compile(
    rf"^(?:[Nn]r\.?{S}*(?P<nr>{NUMBER})(?:{S}+(?P<title>\S.*))?"
    rf"|(?P<nr_ek>[A-Z]{{1,2}})(?:{S}+(?P<title_ek>[A-Z][A-Z ,.'’-]+))?"  # Eerste Kamer: "D" or "D MOTIE ..."
    rf"|(?P<nr_bare>\d{{1,5}}){S}+(?P<title_bare>[A-Z]{{3,}}(?:{S}+[A-Z][A-Z,.'’-]*)+))$"  # XML: "2702 MOTIE VAN ..."
)
_QUESTIONS = re.compile(r"^Vragen\s+(?:gesteld\s+)?van\s+(?:het\s+lid|de\s+leden)\b", re.MULTILINE)
_ANSWER = re.compile(r"^Antwoord\s+van\s+(?:de\s+)?(?:minister|staatssecretaris|Minister|Staatssecretaris)\b", re.MULTILINE)
_AANHANGSEL = re.compile(r"^Aanhangsel\s+van\s+de\s+Handelingen\b", re.MULTILINE)
_HEADER_LINES = 12  # a paper's header stands within its first non-blank lines

DOC_TYPE_WORDS = (
    ("motie", r"(?:GEWIJZIGDE\s+|NADER\s+GEWIJZIGDE\s+)?MOTIE\b"),
    ("amendement", r"(?:GEWIJZIGD\s+|NADER\s+GEWIJZIGD\s+)?AMENDEMENT\b"),
    ("brief", r"BRIEF\b"),
    ("lijst_van_vragen", r"LIJST\s+VAN\s+VRAGEN\b"),
    ("besluitenlijst", r"BESLUITENLIJST\b"),
    ("verslag", r"(?:\w+\s+)?VERSLAG\b|EINDVERSLAG\b|VERSLAG\s+VAN\b"),
    ("nota", r"NOTA\b"),
)


@dataclass(frozen=True)
class Piece:
    """A value read from ``[start, end)`` of the text searched (``value`` may be normalised)."""

    value: str
    start: int
    end: int


@dataclass(frozen=True)
class HeaderDossier:
    number: object  # DossierNumber
    title: str | None
    start: int
    end: int


@dataclass(frozen=True)
class Header:
    """What the head of a paper says. ``kind`` is ``kst`` (a Kamerstuk), ``kv`` (written questions) or ``ah``
    (answers to written questions); ``body_start`` is where the running text begins."""

    kind: str
    dossiers: tuple[HeaderDossier, ...]
    ondernummer: Piece | None
    title: Piece | None
    doc_type: str
    body_start: int


def doc_type_of(title: str) -> str:
    """Name the document type a heading announces.

    >>> doc_type_of("MOTIE VAN HET LID VERHOEVEN"), doc_type_of("NOTA NAAR AANLEIDING VAN HET VERSLAG")
    ('motie', 'nota')
    >>> doc_type_of("Brief van de minister"), doc_type_of("VOORSTEL VAN WET")
    ('brief', 'other')
    """
    upper = title.upper().strip()
    for doc_type, pattern in DOC_TYPE_WORDS:
        if re.match(pattern, upper):
            return doc_type
    return "other"


def _lines(text: str, start: int = 0) -> list[tuple[int, str]]:
    out, pos = [], start
    for raw in text[start:].split("\n"):
        out.append((pos, raw))
        pos += len(raw) + 1
    return out


def parse_header(text: str) -> Header | None:
    """Read the header of a paper; None when the text has no Kamerstuk header and no questions/answers preamble."""
    lines = [(p, line) for p, line in _lines(text) if line.strip()][:_HEADER_LINES]
    dossiers: list[HeaderDossier] = []
    for idx, (pos, line) in enumerate(lines):
        stripped = line.strip()
        m_nr = _NR_LINE.match(stripped)
        if m_nr and dossiers:
            lead = len(line) - len(line.lstrip())
            g_nr = next(g for g in ("nr", "nr_ek", "nr_bare") if m_nr.group(g))
            g_title = g_nr.replace("nr", "title")
            nr = Piece(m_nr.group(g_nr), pos + lead + m_nr.start(g_nr), pos + lead + m_nr.end(g_nr))
            if m_nr.group(g_title):
                tstart = pos + lead + m_nr.start(g_title)
                tend = tstart + len(m_nr.group(g_title).strip())
                body_start = pos + len(line)
                # a heading wrapped over the next line(s) of capitals ("... EN VAN\nJUSTITIE EN VEILIGHEID")
                while True:
                    nxt_end = text.find("\n", body_start + 1)
                    nxt = text[body_start + 1: nxt_end if nxt_end != -1 else len(text)]
                    if not nxt.strip() or not nxt.strip().isupper() or body_start >= len(text):
                        break
                    tend = body_start + 1 + len(nxt.rstrip())
                    body_start = nxt_end if nxt_end != -1 else len(text)
                title = Piece(re.sub(r"\s+", " ", text[tstart:tend]), tstart, tend)
            elif idx + 1 < len(lines):
                tpos, tline = lines[idx + 1]
                tlead = len(tline) - len(tline.lstrip())
                title = Piece(tline.strip(), tpos + tlead, tpos + tlead + len(tline.strip()))
                body_start = tpos + len(tline)
            else:
                title, body_start = None, pos + len(line)
            doc_type = doc_type_of(title.value) if title else "other"
            return Header("kst", tuple(dossiers), nr, title, doc_type, body_start)
        m = _DOSSIER_LINE.match(stripped)
        if m:
            lead = len(line) - len(line.lstrip())
            try:
                number = parse_dossier(m.group("number"))
            except ParseError:
                continue
            title = m.group("title")
            end = pos + lead + len(stripped)
            if not title and idx + 1 < len(lines) and not _DOSSIER_LINE.match(lines[idx + 1][1].strip()) \
                    and not _NR_LINE.match(lines[idx + 1][1].strip()):
                title = lines[idx + 1][1].strip()  # pre-2009: number and title on separate lines
            dossiers.append(HeaderDossier(number, title.strip() if title else None, pos + lead, end))
        elif dossiers:
            # a dossier title running on over a second line
            continue
    head = text[: 4000]
    for pattern, kind, doc_type in ((_AANHANGSEL, "ah", "antwoord"), (_ANSWER, "ah", "antwoord"),
                                    (_QUESTIONS, "kv", "other")):
        m = pattern.search(head)
        if m:
            if kind == "ah" and not _ANSWER.search(text):
                continue
            start = m.start()
            line_end = text.find("\n", start)
            line_end = len(text) if line_end == -1 else line_end
            return Header(kind, (), None, None, doc_type, start if kind == "kv" else line_end)
    return None
