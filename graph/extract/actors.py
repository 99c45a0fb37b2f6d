"""Find who writes a paper and to whom: signing offices and names, "mede namens" offices, addressees, motion
signers, askers of written questions and the bewindspersonen who answer them.

Offices are normalised with a capital ("minister voor Immigratie en Asiel" -> "Minister voor Immigratie en Asiel",
"MINISTER PRESIDENT" -> "Minister-President"); names are kept as printed.

>>> [(o.value, o.start) for o in find_offices("mede namens de Staatssecretaris van Justitie en\\nVeiligheid, de")]
[('Staatssecretaris van Justitie en Veiligheid', 15)]
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from graph.extract.header import Piece

W = r"[ \t\u00a0]"  # space within a line
WS = r"[ \t\u00a0\n]"  # space that may break a line
_HEAD = (
    r"(?:[Vv]ice-)?[Mm]inister(?:-|\s)[Pp]resident|[Vv]ice-[Mm]inister-[Pp]resident|[Mm]inister|[Ss]taatssecretaris"
    r"|[Vv]oorzitter|[Gg]riffier"
)
_CAP = r"(?:[A-ZÀ-ÖØ-Þ][\w'’-]*[\w'’])"
_CONNECT = rf"(?:{WS}+(?:en|van|voor|de|het|der|op|in|te){WS}+|{WS}+|,{W}*(?=[A-Z][a-zà-ÿ]{{2}}[\w-]*(?:{WS}|,|$)(?!\.)))"
_TAIL = rf"{WS}+(?:van|voor){WS}+(?:(?:de|het){WS}+)?{_CAP}(?:{_CONNECT}{_CAP})*(?:{W}+[–-]{W}+{_CAP}(?:{_CONNECT}{_CAP})*)?"
_ONE_OFFICE = rf"(?:{_HEAD})(?:{_TAIL})?"
OFFICE = rf"{_ONE_OFFICE}(?:,{W}*[Mm]inister{_TAIL})?"
_OFFICE_RE = re.compile(rf"\b{OFFICE}")
# A signer's name fills the rest of its line: initials and surname ("S.A. Blok", "G. B. M. Leers",
# "M.H.M. Faber-van de Klashorst", "E. van der Burg") or given name and surname ("Khadija Arib").
_INITIALS_NAME = r"(?:[A-ZÀ-Ý][a-z]?\.[ \u00a0]?)+[A-Za-zÀ-ÿ'’][\w'’. \u00a0-]*[\w'’]"
_FULL_NAME = r"[A-ZÀ-Ý][\w'’-]+(?:[ \u00a0][\w'’-]+){1,4}"
NAME = rf"(?:{_INITIALS_NAME}|{_FULL_NAME})"
_SIGNATURE_RE = re.compile(
    rf"^(?:De|de|DE){W}+(?P<office>{OFFICE}){W}*,{W}*(?:\n{W}*){{0,3}}(?P<name>{NAME})?{W}*$", re.MULTILINE
)
_MEDE_NAMENS_RE = re.compile(rf"\b[Mm]ede{WS}+namens{WS}+(?:de|het){WS}+")
_MORE_OFFICES_RE = re.compile(rf"^(?:,{WS}*|{WS}+en{WS}+)(?:de|het){WS}+")
_ADDRESSEE_RE = re.compile(rf"^Aan{W}+(?:de|het){W}+(?P<who>\S.*?)[ \t]*$", re.MULTILINE)
_ORDE_RE = re.compile(r"en\s+gaat\s+over\s+tot\s+de\s+orde\s+van\s+de\s+dag\.?", re.IGNORECASE)
_SIGNER_LINE = re.compile(r"^[A-ZÀ-Ý][\w'’.-]*(?:[ \u00a0][\w'’.-]+){0,4}$")
_ASKERS_RE = re.compile(
    rf"Vragen{WS}+van{WS}+(?:het{WS}+lid|de{WS}+leden){WS}+(?P<names>.+?){WS}+aan{WS}+(?:de|het){WS}+"
    rf"(?P<office>{OFFICE})",
    re.DOTALL,
)
_ANSWER_RE = re.compile(
    rf"Antwoord{WS}+van{WS}+(?:de{WS}+)?(?P<head>[Mm]inister|[Ss]taatssecretaris){WS}+(?P<name>[^()\n]+?){WS}*"
    rf"\((?P<ministry>[^()\n]+)\)"
)
_LOWER_WORDS = {"van", "voor", "en", "de", "het", "der", "op", "in", "te"}


@dataclass(frozen=True)
class Signer:
    role: Piece
    name: Piece | None


def normalise_office(text: str) -> str:
    """Write an office as the contract does: one space, the head word of each office capitalised.

    >>> normalise_office("minister voor Immigratie,\\nIntegratie en Asiel")
    'Minister voor Immigratie, Integratie en Asiel'
    >>> normalise_office("MINISTER PRESIDENT, MINISTER VAN ALGEMENE ZAKEN")
    'Minister-President, Minister van Algemene Zaken'
    """
    text = re.sub(r"\s+", " ", text.strip())
    if text.isupper():
        words = [w.lower() if w.lower() in _LOWER_WORDS else w.capitalize() for w in text.split(" ")]
        text = " ".join(words)
        text = re.sub(r"(?<=-)([a-z])", lambda m: m.group(1).upper(), text)
    text = re.sub(r"\b[Mm]inister[ -][Pp]resident\b", "Minister-President", text)
    parts = [p[:1].upper() + p[1:] for p in text.split(", ")]
    return ", ".join(parts)


def find_offices(text: str, start: int = 0, end: int | None = None) -> list[Piece]:
    """Find the offices named in ``text[start:end]`` (mixed case, as in running text)."""
    end = len(text) if end is None else end
    return [Piece(normalise_office(m.group(0)), m.start(), m.end()) for m in _OFFICE_RE.finditer(text, start, end)]


def _office_at(text: str, pos: int, end: int) -> Piece | None:
    m = re.compile(OFFICE).match(text, pos, end)
    return Piece(normalise_office(m.group(0)), m.start(), m.end()) if m else None


def find_on_behalf_of(text: str, start: int, end: int) -> list[Piece]:
    """Offices named in "mede namens de ..." (several: "mede namens de Minister van X en de Staatssecretaris van Y").

    >>> [f.value for f in find_on_behalf_of("Mede namens de Minister van Buitenlandse Zaken bericht ik u.", 0, 60)]
    ['Minister van Buitenlandse Zaken']
    """
    found: list[Piece] = []
    for m in _MEDE_NAMENS_RE.finditer(text, start, end):
        office = _office_at(text, m.end(), end)
        while office:
            found.append(office)
            more = _MORE_OFFICES_RE.match(text[office.end:end])
            office = _office_at(text, office.end + more.end(), end) if more else None
    return found


def find_signatures(text: str, start: int, end: int) -> list[Signer]:
    """Find signature lines ("De Minister van Buitenlandse Zaken,\\nS.A. Blok") in ``text[start:end]``.

    >>> s = find_signatures("De minister voor Immigratie en Asiel,\\n\\nG. B. M. Leers", 0, 53)
    >>> [(x.role.value, x.name.value) for x in s]
    [('Minister voor Immigratie en Asiel', 'G. B. M. Leers')]
    """
    signers = []
    for m in _SIGNATURE_RE.finditer(text, start, end):
        role = Piece(normalise_office(m.group("office")), m.start("office"), m.end("office"))
        name = Piece(m.group("name"), m.start("name"), m.end("name")) if m.group("name") else None
        signers.append(Signer(role, name))
    return signers


def find_addressee(text: str, start: int, end: int) -> Piece | None:
    """The addressee of a letter: the "Aan de ..." line.

    >>> find_addressee("Aan de Voorzitter van de Tweede Kamer der Staten-Generaal\\n", 0, 60).value
    'Voorzitter van de Tweede Kamer der Staten-Generaal'
    """
    m = _ADDRESSEE_RE.search(text, start, end)
    if not m:
        return None
    who = m.group("who").rstrip(",.")
    return Piece(normalise_office(who) if re.match(_HEAD, who) else who, m.start("who"), m.start("who") + len(who))


def _split_names(text: str, offset: int) -> list[Piece]:
    """Split "Van Meenen en Podt (beiden D66)" into names with their positions; parentheses dropped."""
    masked = re.sub(r"\([^()]*\)", lambda m: " " * len(m.group(0)), text)
    names = []
    for m in re.finditer(r"[^,]+", re.sub(r"\s+en\s+", lambda m: "," + " " * (len(m.group(0)) - 1), masked, flags=re.I)):
        piece = m.group(0)
        stripped = piece.strip()
        if stripped and stripped[0].isupper():
            s = m.start() + piece.index(stripped)
            names.append(Piece(stripped, offset + s, offset + s + len(stripped)))
    return names


def find_trailing_names(text: str, start: int, end: int, limit: int = 15) -> list[Piece]:
    """Names standing one a line at the very end of ``text[start:end]`` (the signers of an amendment).

    >>> t = "Toelichting\\n\\nDit is nodig.\\n\\nVan der Staaij\\n\\nBosma"
    >>> [f.value for f in find_trailing_names(t, 0, len(t))]
    ['Van der Staaij', 'Bosma']
    """
    names: list[Piece] = []
    pos = end
    for line in reversed(text[start:end].split("\n")):
        pos -= len(line) + 1
        stripped = line.strip()
        if not stripped:
            continue
        if not _SIGNER_LINE.match(stripped) or len(stripped) > 60 or stripped.endswith((".", ":", ",", ";")):
            break
        s = pos + 1 + line.index(stripped)
        names.insert(0, Piece(stripped, s, s + len(stripped)))
        if len(names) == limit:
            break
    return names


def find_motion_signers(text: str, start: int, end: int) -> list[Piece]:
    """The names under a motion: one a line after "en gaat over tot de orde van de dag."

    >>> [f.value for f in find_motion_signers("orde van de dag.\\n\\nJasper van Dijk\\n\\nKuik", 0, 40)]
    []
    >>> [f.value for f in find_motion_signers("en gaat over tot de orde van de dag.\\n\\nJasper van Dijk\\n\\nKuik", 0, 60)]
    ['Jasper van Dijk', 'Kuik']
    """
    found = None
    for found in _ORDE_RE.finditer(text, start, end):
        pass
    if not found:
        return []
    signers, pos = [], found.end()
    for line in text[pos:end].split("\n"):
        stripped = line.strip()
        if stripped and _SIGNER_LINE.match(stripped) and len(stripped) <= 60:
            s = pos + line.index(stripped)
            signers.append(Piece(stripped, s, s + len(stripped)))
        elif stripped:
            break
        pos += len(line) + 1
    return signers


def motion_heading_names(title: str, offset: int) -> list[Piece]:
    """Names in a motion heading ("MOTIE VAN DE LEDEN JASPER VAN DIJK EN KUIK"), out of capitals.

    >>> [f.value for f in motion_heading_names("MOTIE VAN HET LID GESTHUIZEN C.S.", 0)]
    ['Gesthuizen']
    >>> [f.value for f in motion_heading_names("MOTIE VAN DE LEDEN JASPER VAN DIJK EN VAN DER STAAIJ", 0)]
    ['Jasper van Dijk', 'Van der Staaij']
    """
    m = re.search(r"\bVAN\s+(?:HET\s+LID|DE\s+LEDEN)\s+(.+?)(?:\s+C\.S\.)?(?:\s+TER\s+VERVANGING\b.*)?\s*$",
                  title, re.IGNORECASE)
    if not m:
        return []
    return [Piece(_name_case(f.value), f.start, f.end) for f in _split_names(m.group(1), offset + m.start(1))]


def _name_case(name: str) -> str:
    """Write a surname printed in capitals as it is printed elsewhere: "VAN DER STAAIJ" -> "Van der Staaij"."""
    if not name.isupper():
        return name
    words = name.lower().split()
    out = [w if i and w in ("van", "de", "der", "den", "ter", "ten", "te", "in", "'t") else w.capitalize()
           for i, w in enumerate(words)]
    return re.sub(r"(?<=-)([a-zà-ÿ])", lambda m: m.group(1).upper(), " ".join(out))


def find_askers(text: str, start: int, end: int) -> tuple[list[Piece], Piece | None]:
    """Askers and addressee of written questions: "Vragen van de leden X en Y (beiden D66) aan de Minister ..."."""
    m = _ASKERS_RE.search(text, start, end)
    if not m or "\n\n" in m.group("names"):
        return [], None
    names = _split_names(m.group("names"), m.start("names"))
    office = Piece(normalise_office(m.group("office")), m.start("office"), m.end("office"))
    return names, office


def find_answerers(text: str, start: int, end: int) -> list[Signer]:
    """Bewindspersonen answering written questions: "Antwoord van minister Van der Burg (Justitie en Veiligheid)".

    >>> [(s.role.value, s.name.value) for s in find_answerers("Antwoord van minister Hoekstra (Financiën)", 0, 50)]
    [('Minister van Financiën', 'Hoekstra')]
    """
    signers = []
    for m in _ANSWER_RE.finditer(text, start, end):
        ministry = re.sub(r"\s+", " ", m.group("ministry").strip())
        role = Piece(f"{m.group('head').capitalize()} van {ministry}", m.start("head"), m.end("ministry"))
        signers.append(Signer(role, Piece(m.group("name").strip(), m.start("name"), m.end("name"))))
    return signers


def heading_office(title: str, offset: int) -> Piece | None:
    """The office a letter's heading names ("BRIEF VAN DE MINISTER VAN BUITENLANDSE ZAKEN"), normalised.

    >>> heading_office("BRIEF VAN DE MINISTER PRESIDENT, MINISTER VAN ALGEMENE ZAKEN", 0).value
    'Minister-President, Minister van Algemene Zaken'
    """
    m = re.match(r"^\S+\s+VAN\s+(?:DE|HET)\s+(.+)$", title.strip())
    if not m:
        return None
    office = re.split(r",?\s+MEDE\s+NAMENS\b|\s+INZAKE\b|\s+OVER\b", m.group(1))[0].strip()
    return Piece(normalise_office(office), offset + m.start(1), offset + m.start(1) + len(office))
