"""Render a paper in the HTML-rendering style as the text a PDF of it gives (pdftotext, copy-paste).

The dev corpus holds the official HTML rendering: one paragraph a line, footnotes in "X Noot" blocks at the end.
Users also hand in text extracted from the PDF of a Kamerstuk, which looks different (see the seed letter):

* page 1 opens with "Tweede Kamer der Staten-Generaal 2" / "Vergaderjaar 2020–2021" (the vergaderjaar derived
  from the paper's date: September to December open a new one);
* body lines are wrapped at about 72 characters and end in a space; long words are hyphenated across line ends
  ("gemeen-" / "schappelijk"), compounds break at their own hyphen ("EU-" / "lidstaten");
* every ~45 lines a page ends: the footnotes whose markers stand on that page are printed at its foot
  ("1 Kamerstuk 22 112, nr. 2955."), and the next page opens with a running header
  ("Tweede Kamer, vergaderjaar 2020–2021, 19 637, nr. 2699 2"), or with the page number alone where the paper has
  no dossier number;
* page 1 ends with the colophon ("kst-19637-2699 ISSN 0921 - 7371 's-Gravenhage 2021") where the id is given;
* header lines (dossier titles, the "Nr. ... BRIEF VAN ..." heading) wrap without hyphenation; short lines such as
  signatures stay as in the source; footnote markers stay glued to their words.

The rendering is deterministic (no randomness): :func:`render_pdf_text` is what ``scripts/accuracy --as-pdf-text``
feeds the readers.

>>> paper = ("19 637 Vreemdelingenbeleid\\n\\nNr. 1 BRIEF VAN DE MINISTER VAN JUSTITIE\\n\\n"
...          "Den Haag, 1 oktober 2020\\n\\nDit is de brief.1\\n\\nDe Minister van Justitie,\\nA. Jansen\\n\\n\\n"
...          "X Noot\\n1\\n\\nKamerstuk 19 637, nr. 2.")
>>> print(render_pdf_text(paper, doc_id="kst-19637-1").replace(" \\n", "|\\n"))
<BLANKLINE>
Tweede Kamer der Staten-Generaal 2
Vergaderjaar 2020–2021|
<BLANKLINE>
19 637 Vreemdelingenbeleid|
<BLANKLINE>
Nr. 1 BRIEF VAN DE MINISTER VAN JUSTITIE|
<BLANKLINE>
Den Haag, 1 oktober 2020|
<BLANKLINE>
Dit is de brief.1|
<BLANKLINE>
De Minister van Justitie,|
A. Jansen|
<BLANKLINE>
1 Kamerstuk 19 637, nr. 2.
<BLANKLINE>
kst-19637-1 ISSN 0921 - 7371 's-Gravenhage 2020
<BLANKLINE>
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from graph.extract.dates import find_dates

WIDTH = 72
FOOTNOTE_WIDTH = 95
PAGE_LINES = 45
_MIN_HYPHENATED = 8
# the next syllable opens with one consonant (or "sch", "ch") and a vowel: "gemeen-schap", "Commis-sie", "be-leid"
_SYLLABLE_ONSET = re.compile(r"(?:sch|ch|[bcdfghjklmnpqrstvwxz])[aeiouyàáâäèéêëìíîïòóôöùúûü]",
                             re.IGNORECASE)
_DIGRAPHS = {"ch", "sc", "ij", "th", "ph", "gh"}
_VOWELS = set("aeiouyàáâäèéêëìíîïòóôöùúûü")
_NOTE_BLOCK = re.compile(r"^X\s?Noot\s*\n+\s*(\d{1,3})\s*\n+(.*?)(?=\n+X\s?Noot\s*\n|\Z)", re.MULTILINE | re.DOTALL)
_DOSSIER_LINE = re.compile(r"^(\d{2} \d{3}(?:-\d{1,3}| [IVXLC]+\b| \(R\d{4}\))?)(?:\s|$)")
_NR_LINE = re.compile(r"^Nr\.\s*(\w+)\b", re.IGNORECASE)
_DATE_LINE = re.compile(r"^(?:Den Haag|'s-Gravenhage|’s-Gravenhage),?\s|^Voorgesteld\b|\(ingezonden\s", re.MULTILINE)


@dataclass
class _Page:
    lines: list[str] = field(default_factory=list)
    notes: list[int] = field(default_factory=list)
    body_lines: int = 0


def vergaderjaar_of(paper: str) -> str | None:
    """The vergaderjaar of a paper as a PDF prints it, from its date line; None without one.

    >>> vergaderjaar_of("Den Haag, 15 februari 2021"), vergaderjaar_of("Voorgesteld 17 september 2015")
    ('2020–2021', '2015–2016')
    >>> vergaderjaar_of("geen datum") is None
    True
    """
    dated = _paper_date(paper)
    if dated is None:
        return None
    first = dated.year if dated.month >= 9 else dated.year - 1
    return f"{first}–{first + 1}"


def _paper_date(paper: str) -> date | None:
    """The date of the "Den Haag, ..." / "Voorgesteld ..." / "(ingezonden ...)" line."""
    for m in _DATE_LINE.finditer(paper):
        for _, _, found in find_dates(paper, m.start(), min(len(paper), m.end() + 40)):
            return found
    return None


def _split_notes(paper: str) -> tuple[str, dict[int, str]]:
    """Cut the "X Noot" blocks off the end: the body and {number: footnote text}."""
    first = re.search(r"^X\s?Noot\s*$", paper, re.MULTILINE)
    if not first:
        return paper.rstrip(), {}
    notes = {int(m.group(1)): " ".join(m.group(2).split()) for m in _NOTE_BLOCK.finditer(paper, first.start())}
    return paper[: first.start()].rstrip(), notes


def _marker_re(number: int) -> re.Pattern:
    n = str(number)
    return re.compile(rf"(?:(?<=[^\W\d_])|(?<=[.?!»”’)\],;:])|(?<=\b(?:1[89]|20)\d\d)){n}(?=[\s.,;:)]|$)")


def _markers(body: str, notes: dict[int, str]) -> dict[int, int]:
    """The offset in ``body`` of each footnote's marker, searched in order of number."""
    found, pos = {}, 0
    for number in sorted(notes):
        m = _marker_re(number).search(body, pos)
        if m:
            found[number] = m.start()
            pos = m.end()
    return found


def _is_vowel(c: str) -> bool:
    return c.lower() in _VOWELS


def hyphenate(word: str, room: int) -> int | None:
    """Where to break ``word`` so that its first part plus a hyphen fits in ``room`` characters; None if nowhere.

    Breaks at a hyphen of the word itself, else before a consonant (or "sch", "ch") followed by a vowel, as Dutch
    syllables split; never leaves fewer than three letters on either side.

    >>> w = "gemeenschappelijk"
    >>> p = hyphenate(w, 8); w[:p] + "-", w[p:]
    ('gemeen-', 'schappelijk')
    >>> p = hyphenate("EU-lidstaten", 5); "EU-lidstaten"[:p]
    'EU-'
    >>> hyphenate("asiel", 10) is None, hyphenate("UNHCR-rapportage", 2) is None
    (True, True)
    """
    if "-" in word:
        cut = word.rfind("-", 0, room) + 1
        return cut if cut >= 2 and len(word) - cut >= 3 else None
    if len(word) < _MIN_HYPHENATED or not word.isalpha() or word.isupper():
        return None
    for p in range(min(room - 1, len(word) - 3), 2, -1):
        if _SYLLABLE_ONSET.match(word, p) and word[p - 1:p + 1].lower() not in _DIGRAPHS:
            return p
    return None


def _wrap(text: str, width: int, *, hyphenated: bool) -> list[tuple[str, int]]:
    """Wrap one paragraph: a list of ``(line, offset just after its last source character)``."""
    lines: list[tuple[str, int]] = []
    line, line_end = "", 0
    for m in re.finditer(r"\S+", text):
        word, start = m.group(0), m.start()
        while True:
            fits = len(line) + (1 if line else 0) + len(word) <= width
            if fits:
                line = f"{line} {word}" if line else word
                line_end = start + len(word)
                break
            room = width - len(line) - (1 if line else 0)
            bare = re.match(r"^[^\W\d_]+(?:-[^\W\d_]+)*", word)
            cut = hyphenate(bare.group(0), room) if hyphenated and bare and room > 3 else None
            if cut:
                head = word[:cut] if word[cut - 1] == "-" else word[:cut] + "-"
                lines.append((f"{line} {head}" if line else head, start + cut))
                word, start, line = word[cut:], start + cut, ""
                continue
            if not line:  # a word longer than the line
                line, line_end = word, start + len(word)
                break
            initial = re.search(r"(?:^| )((?:[A-Z]\.)+)$", line)  # an initial stays with the name after it
            if initial and initial.start(1) > 0:
                lines.append((line[: initial.start(1) - 1], line_end - len(initial.group(1)) - 1))
                line = initial.group(1)
                continue
            lines.append((line, line_end))
            line = ""
    if line:
        lines.append((line, line_end))
    return lines


def _running_header(vergaderjaar: str | None, dossier: str | None, nr: str | None, page: int) -> str:
    if vergaderjaar and dossier and nr:
        return f"Tweede Kamer, vergaderjaar {vergaderjaar}, {dossier}, nr. {nr} {page}"
    return str(page)


def _header(lines: list[str]) -> tuple[str | None, str | None, int]:
    """The first dossier number and the ondernummer as printed, and the index of the line after the "Nr." heading."""
    dossier = None
    for i, raw in enumerate(lines[:40]):
        if dossier is None and (m := _DOSSIER_LINE.match(raw.strip())):
            dossier = m.group(1)
        if m := _NR_LINE.match(raw.strip()):
            return dossier, m.group(1), i + 1
    return dossier, None, 0


def _body_lines(lines: list[str], markers: dict[int, int], width: int, header_end: int) -> list[tuple[str, list[int]]]:
    """Wrap the body: each line (with its trailing space, "" between paragraphs) and the footnotes marked on it."""
    rendered: list[tuple[str, list[int]]] = []
    offset = 0
    for i, raw in enumerate(lines):
        text = raw.strip()
        lead = offset + len(raw) - len(raw.lstrip())
        offset += len(raw) + 1
        if not text:
            if rendered and rendered[-1][0]:
                rendered.append(("", []))
            continue
        before = lead
        for line, end in _wrap(text, width, hyphenated=i >= header_end):  # the header zone is not hyphenated
            rendered.append((line + " ", sorted(n for n, at in markers.items() if before <= at < lead + end)))
            before = lead + end
    while rendered and not rendered[-1][0]:
        rendered.pop()
    return rendered


def render_pdf_text(paper: str, *, doc_id: str | None = None, width: int = WIDTH,
                    page_lines: int = PAGE_LINES) -> str:
    """Render a paper in the HTML-rendering style as PDF-extracted text; ``doc_id`` adds the page-1 colophon.

    >>> out = render_pdf_text("Een gemeenschappelijke zin met veel woorden erin. " * 4, width=40)
    >>> [line for line in out.splitlines() if line.endswith("- ")]
    ['met veel woorden erin. Een gemeenschap- ']
    """
    body, notes = _split_notes(paper.replace("\r\n", "\n"))
    vergaderjaar = vergaderjaar_of(body)
    source_lines = body.split("\n")
    dossier, nr, header_end = _header(source_lines)
    rendered = _body_lines(source_lines, _markers(body, notes), width, header_end)
    placed = {n for _, numbers in rendered for n in numbers}

    def note_lines(numbers: list[int]) -> list[str]:
        return [line for n in numbers for line, _ in _wrap(f"{n} {notes[n]}", FOOTNOTE_WIDTH, hyphenated=False)]

    dated = _paper_date(body)
    colophon = f"{doc_id} ISSN 0921 - 7371 's-Gravenhage {dated.year}" if doc_id and dated else None
    pages: list[_Page] = []
    first_lines = ["", "Tweede Kamer der Staten-Generaal 2"]
    first_lines += [f"Vergaderjaar {vergaderjaar} ", ""] if vergaderjaar else [""]
    page = _Page(first_lines)
    for line, numbers in rendered:
        foot = note_lines(page.notes + numbers)
        extra = (len(foot) + 1 if foot else 0) + (2 if colophon and not pages else 0)
        if page.body_lines and len(page.lines) + 1 + extra > page_lines:
            pages.append(page)
            page = _Page([_running_header(vergaderjaar, dossier, nr, len(pages) + 1), ""])
        if not line and not page.body_lines:
            continue  # a paragraph break at a page break
        page.lines.append(line)
        page.body_lines += 1
        page.notes += numbers
    page.notes += sorted(n for n in notes if n not in placed)  # notes without a marker stand on the last page
    pages.append(page)

    out: list[str] = []
    for p, page in enumerate(pages):
        out += page.lines
        if page.notes:
            out += [""] + note_lines(page.notes)
        if p == 0 and colophon:
            out += ["", colophon]
    return "\n".join(out) + "\n"
