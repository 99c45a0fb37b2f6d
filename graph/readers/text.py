"""Read a paper saved as plain text: either the official HTML rendering or text extracted from the PDF.

Cleaning keeps a map from every character of the reading text back to the original (``SourceDocument.offsets``):

* running page headers ("Tweede Kamer der Staten-Generaal 2", "Vergaderjaar 2020–2021",
  "Tweede Kamer, vergaderjaar 2020–2021, 19 637, nr. 2699 2"), page numbers alone on a line (2, 3, ... in order)
  and the colophon ("kst-19637-2699 ISSN 0921 - 7371 's-Gravenhage 2021") are dropped, and the blank lines a page
  break leaves amid a paragraph with them; the vergaderjaar the headers print is kept in
  ``metadata`` under ``page_header_vergaderjaar`` (with its source span as ``"start:end"`` under
  ``page_header_vergaderjaar_span``) so the extractor can still report it;
* lines a PDF wrapped are joined with a space (the wrap width is estimated from the text; unwrapped text, one
  paragraph a line as the HTML rendering gives, keeps its line ends);
* words hyphenated across line ends are joined ("gemeen-\\nschappelijk"), real hyphens stay ("EU-lidstaten");
* footnotes, whether standing amid the body at a page break (PDF) or in "X Noot" blocks at the end (HTML), are
  moved to one footnote section at the end ("1 Kamerstuk ...", one a line) and listed in ``footnotes``;
* footnote markers glued to words are removed from the body ("BNC-traject.1" -> "BNC-traject.",
  "november 20111" -> "november 2011").

>>> doc = read_text("a.txt", "19 637 Vreemdelingenbeleid\\n\\nHet gemeen-\\nschappelijk beleid.1\\n\\n1 Kamerstuk 1.".encode())
>>> doc.text
'19 637 Vreemdelingenbeleid\\n\\nHet gemeenschappelijk beleid.\\n\\n1 Kamerstuk 1.'
>>> [(f.number, doc.text[f.start:f.end]) for f in doc.footnotes]
[(1, 'Kamerstuk 1.')]
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from graph.model import Footnote, SourceDocument, SourceError

_MONTHS = "januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december"

# Running headers printed on PDF pages; the dev corpus (HTML rendering) has none.
_PAGE_HEADERS = (
    re.compile(r"^(?:Tweede|Eerste) Kamer der Staten-Generaal(?:\s+\d{1,3})?$"),
    re.compile(r"^Vergaderjaar\s+(?P<vj>\d{4}\s*[–-]\s*\d{4})$"),
    re.compile(
        r"^(?:Tweede|Eerste) Kamer, vergaderjaar\s+(?P<vj>\d{4}\s*[–-]\s*\d{4}),"
        r"\s+.*\bnr\.\s*\S+(?:\s+\d{1,3})?$"
    ),
    # the Eerste Kamer numbers its papers with letters: "Eerste Kamer, vergaderjaar 2015–2016, 34 300, C 2"
    re.compile(
        r"^Eerste Kamer, vergaderjaar\s+(?P<vj>\d{4}\s*[–-]\s*\d{4}),"
        r"\s+\d{2} \d{3}[^,]*,\s+[A-Z]{1,3}(?:\s+\d{1,3})?$"
    ),
    # the colophon at the foot of page 1 or of the last page, "kst-19637-2699 ISSN 0921 - 7371 's-Gravenhage 2021",
    # on one line or with its parts on lines of their own
    re.compile(r"^(?:(?:kst|ah|kv|h|blg)-\S+\s+)?ISSN\s+\d{4}\s*-\s*\d{3}[\dXx](?:\s+['’]s-Gravenhage\s+\d{4})?$"),
    re.compile(r"^(?:kst|ah|kv|h|blg)-[\w()]+(?:-[\w()]+)+$"),
    re.compile(r"^['’]s-Gravenhage\s+\d{4}$"),
)
_NOTE_HEADING = re.compile(r"^X\s?Noot$")
_PAGE_NUMBER = re.compile(r"^\d{1,3}$")
# a footnote line ending in one of these abbreviations goes on ("Kamerstuk 22 112, nr." / "2955.")
_ABBREVIATION_END = re.compile(r"\b(?:nrs?|jl|blz|p|pp|art|vgl|o\.a|d\.d|m\.n|e\.a|z\.g|i\.v\.m)\.$", re.IGNORECASE)
_SENTENCE_END = ".!?:;»”\"')"
_MIN_WRAPPED_LINES = 5
# a PDF sets proportional type: a line counts as wrapped where it and the next word reach this share of the width
_WRAPPED_SHARE = 0.85
_FOOTNOTE_LINE = re.compile(r"^(\d{1,3})\s+(\S.*)$")
_MOSTLY_TEXT = 0.95
_KEEP_HYPHEN_BEFORE = {"en", "of", "tot", "noch", "als"}


@dataclass
class _Line:
    start: int  # offset of the first character in the source
    text: str  # the line without its newline or trailing whitespace, leading whitespace kept

    @property
    def stripped(self) -> str:
        return self.text.strip()

    @property
    def lead(self) -> int:
        return len(self.text) - len(self.text.lstrip())


def decode(path: str, data: bytes) -> str:
    """Decode the bytes of a text file: UTF-8 (with or without BOM), else cp1252; refuse binary data.

    >>> decode("a.txt", "café".encode("cp1252"))
    'café'
    >>> decode("a.bin", b"PK\\x03\\x04\\x00\\x00")
    Traceback (most recent call last):
    graph.model.SourceError: a.bin: expected a text file, found binary data (NUL bytes)
    """
    if b"\x00" in data:
        raise SourceError(path, "expected a text file, found binary data (NUL bytes)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError as e:
            raise SourceError(path, f"expected UTF-8 or cp1252 text, cannot decode byte at {e.start}") from None
    if text:
        printable = sum(1 for c in text if c in "\t\n\r\f" or unicodedata.category(c)[0] != "C")
        if printable / len(text) < _MOSTLY_TEXT:
            raise SourceError(path, "expected a text file, found mostly control characters (binary data?)")
    return text


def _lines(text: str) -> list[_Line]:
    lines, pos = [], 0
    for raw in text.split("\n"):
        lines.append(_Line(pos, raw.rstrip()))
        pos += len(raw) + 1
    return lines


def _page_header(line: _Line) -> re.Match | None:
    for pattern in _PAGE_HEADERS:
        m = pattern.match(line.stripped)
        if m:
            return m
    return None


class _Builder:
    """Collect cleaned text one character at a time with the source offset of each."""

    def __init__(self) -> None:
        self.chars: list[str] = []
        self.offsets: list[int] = []

    def add(self, text: str, start: int) -> None:
        self.chars.extend(text)
        self.offsets.extend(range(start, start + len(text)))

    def add_synthetic(self, text: str, at: int) -> None:
        self.chars.extend(text)
        self.offsets.extend([at] * len(text))

    def __len__(self) -> int:
        return len(self.chars)

    def endswith(self, text: str) -> bool:
        return "".join(self.chars[-len(text):]) == text if len(self.chars) >= len(text) else False


@dataclass
class _Note:
    number: int
    parts: list[tuple[str, int]]  # (text, source offset) pieces of the footnote's text


def _collect_note_blocks(lines: list[_Line], dropped: set[int]) -> list[_Note]:
    """Find the HTML-rendering blocks "X Noot" / number / blank / text at the end, mark them dropped."""
    notes = []
    i = 0
    while i < len(lines):
        if not _NOTE_HEADING.match(lines[i].stripped):
            i += 1
            continue
        j = i + 1
        while j < len(lines) and not lines[j].stripped:
            j += 1
        if j >= len(lines) or not lines[j].stripped.isdigit():
            i += 1
            continue
        number = int(lines[j].stripped)
        k = j + 1
        parts: list[tuple[str, int]] = []
        while k < len(lines) and not _NOTE_HEADING.match(lines[k].stripped):
            if lines[k].stripped:
                parts.append((lines[k].stripped, lines[k].start + lines[k].lead))
            k += 1
        # blank lines that led up to the block belong to it
        b = i - 1
        while b >= 0 and not lines[b].stripped:
            dropped.add(b)
            b -= 1
        dropped.update(range(i, k))
        notes.append(_Note(number, parts))
        i = k
    return notes


def _collect_page_footnotes(source: str, lines: list[_Line], dropped: set[int], first: int) -> list[_Note]:
    """Find PDF footnotes standing amid the body: numbered sequentially from ``first``, after a blank line."""
    notes = []
    expected = first
    i = 1
    while i < len(lines):
        line = lines[i]
        m = _FOOTNOTE_LINE.match(line.stripped)
        previous_blank = not lines[i - 1].stripped or (i - 1) in dropped
        if not (m and int(m.group(1)) == expected and previous_blank and i not in dropped and line.lead == 0):
            i += 1
            continue
        if not _marker_pattern(expected).search(source[: line.start]):
            i += 1
            continue
        number_len = len(m.group(1))
        text_start = line.start + line.lead + number_len + (len(line.stripped) - number_len - len(m.group(2)))
        parts = [(m.group(2), text_start)]
        k = i + 1
        while k < len(lines):
            nxt = lines[k]
            if not nxt.stripped or nxt.lead or _page_header(nxt):
                break
            if parts[-1][0].endswith(".") and not _ABBREVIATION_END.search(parts[-1][0]):
                break
            if _FOOTNOTE_LINE.match(nxt.stripped) and int(_FOOTNOTE_LINE.match(nxt.stripped).group(1)) == expected + 1:
                break
            parts.append((nxt.stripped, nxt.start))
            k += 1
        dropped.update(range(i, k))
        # the blank line(s) before a footnote at a page break split a paragraph that goes on after it
        after = k
        while after < len(lines) and after in dropped:
            after += 1
        if after < len(lines) and lines[after].stripped[:1].islower():
            b = i - 1
            while b >= 0 and (not lines[b].stripped or b in dropped):
                dropped.add(b)
                b -= 1
        notes.append(_Note(expected, parts))
        expected += 1
        i = k
    return notes


def _drop_page_numbers(lines: list[_Line], dropped: set[int]) -> None:
    """Drop page numbers standing alone on a line next to a blank or dropped line, taken in order from 2 (or from
    the number of the running header before them)."""
    expected = 2
    for i, line in enumerate(lines):
        if i in dropped:
            numbered = re.search(r"\s(\d{1,3})$", line.stripped) if _page_header(line) else None
            if numbered:  # a running header carries the number of its page
                expected = int(numbered.group(1)) + 1
            continue
        if not _PAGE_NUMBER.match(line.stripped) or int(line.stripped) != expected:
            continue
        alone_before = i == 0 or not lines[i - 1].stripped or (i - 1) in dropped
        alone_after = i + 1 >= len(lines) or not lines[i + 1].stripped or (i + 1) in dropped
        if alone_before or alone_after:
            dropped.add(i)
            expected += 1


def _in_capitals(line: str) -> bool:
    """Whether a line is set in capitals, as headings are ("Nr. 63 MOTIE VAN HET LID ...").

    >>> _in_capitals("Nr. 63 MOTIE VAN DE LEDEN MOORLAG EN JASPER VAN DIJK"), _in_capitals("(Handelingen II")
    (True, False)
    """
    letters = [c for c in line if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) >= 0.8 * len(letters)


def _join_page_breaks(lines: list[_Line], dropped: set[int], width: int | None) -> None:
    """Drop the blank lines left around a page break (header, page number, footnotes) where the paragraph goes on.

    It goes on where the last line ends in a hyphen, or ends without closing a sentence (".", ";", ":" ...) and
    either the next line opens in lower case or the last one is full (the next word would not have fitted in the
    wrap width) and not in capitals: "Aan de Voorzitter ..." before "Den Haag, ..." or a heading such as
    "MOTIE VAN HET LID ..." is not run into the line after the break.
    """
    nonblank = [i for i, line in enumerate(lines) if i not in dropped and line.stripped]
    for a, b in zip(nonblank, nonblank[1:]):
        between = range(a + 1, b)
        if not any(j in dropped and lines[j].stripped for j in between):
            continue
        prev, nxt = lines[a].stripped, lines[b].stripped
        full = width is not None and len(prev) + 1 + len(nxt.split()[0]) > width
        goes_on = nxt[:1].islower() or full and not _in_capitals(prev)
        if prev.endswith("-") or prev[-1] not in _SENTENCE_END and goes_on:
            dropped.update(between)
        else:  # one blank line between the paragraphs
            dropped.update([j for j in between if not lines[j].stripped and j not in dropped][1:])


def _join_hyphenated(head: str, rest: str, source: str) -> bool:
    """Whether "head-" at a line end and "rest" on the next line are one word hyphenated by the PDF.

    The paper itself decides where it can: the word printed whole elsewhere joins ("Commis-"/"sie" where
    "Commissie" stands elsewhere), printed with its hyphen elsewhere keeps it. Otherwise lower-case fragments
    join ("gemeen-"/"schappelijk") but before a conjunction ("asiel-"/"en"); capitalised ones join where the cut
    looks like a syllable break (a tail of at most five letters, a head ending in a vowel, a doubled consonant, a
    head other words of the paper start with: "Commis-"/"sie", "Staatssecre-"/"taris", "Tim-"/"mermans") unless
    the head stands alone elsewhere as a name; names before a word keep it ("Dublin-"/"systeem"), and so do
    abbreviations ("BNC-"/"traject", "EU-"/"lidstaten").

    >>> _join_hyphenated("gemeen", "schappelijk", ""), _join_hyphenated("asiel", "en", "")
    (True, False)
    >>> _join_hyphenated("Commis", "sie", ""), _join_hyphenated("EU", "lidstaten", "")
    (True, False)
    >>> _join_hyphenated("Dublin", "systeem", ""), _join_hyphenated("niet", "westerse", "niet-westerse")
    (False, False)
    >>> _join_hyphenated("Staatssecre", "taris", ""), _join_hyphenated("Euro", "pa", "naar Euro gaan")
    (True, False)
    >>> _join_hyphenated("Neder", "landse", "in Nederland"), _join_hyphenated("Tim", "mermans", "")
    (True, True)
    """
    if rest in _KEEP_HYPHEN_BEFORE:
        return False
    if re.search(rf"(?<![^\W\d_]){re.escape(head + rest)}", source, re.IGNORECASE):
        return True
    if re.search(rf"(?<![^\W\d_]){re.escape(head)}-{re.escape(rest)}", source, re.IGNORECASE):
        return False
    if head.islower():
        return True
    if len(head) < 2 or not head[0].isupper() or not head[1:].islower():
        return False  # BNC-, EU-, kEUR-
    if re.search(rf"(?<![^\W\d_]){re.escape(head)}(?![^\W\d_]|-)", source):
        return False
    # a syllable cut leaves a short tail, an open syllable, a doubled consonant or a head that other words of the
    # paper start with ("Commis-sie", "Staatssecre-taris", "Tim-mermans", "Neder-landse" beside "Nederland");
    # a name ending in a consonant before a word keeps its hyphen ("Dublin-systeem")
    if len(rest) <= 5 or head[-1].lower() in "aeiouy" or head[-1].lower() == rest[0].lower():
        return True
    return bool(re.search(rf"(?<![^\W\d_]){re.escape(head)}[^\W\d_]", source, re.IGNORECASE))


def _wrap_width(kept: list[_Line]) -> int | None:
    """The width a PDF wrapped its lines at, estimated from lines followed by another; None for unwrapped text."""
    lengths = sorted(len(a.stripped) for a, b in zip(kept, kept[1:]) if a.stripped and b.stripped)
    if len(lengths) < _MIN_WRAPPED_LINES:
        return None
    width = lengths[int(len(lengths) * 0.9)]
    return width if 50 <= width <= 130 else None


def _marker_pattern(number: int) -> re.Pattern:
    n = str(number)
    return re.compile(
        rf"(?:(?<=[^\W\d_])|(?<=[.?!»”’)\],;:]))(?P<m>{n})(?=[\s.,;:)]|$)"
        rf"|\b(?:{_MONTHS}) (?:1[89]|20)\d\d(?P<y>{n})(?=[\s.,;:)]|$)",
        re.IGNORECASE,
    )


def _find_markers(body: str, notes: list[_Note]) -> list[tuple[int, int]]:
    """Locate each footnote's marker in the body, in order; return (start, end) ranges of the marker digits."""
    markers = []
    pos = 0
    for note in sorted(notes, key=lambda n: n.number):
        m = _marker_pattern(note.number).search(body, pos)
        if not m:
            continue
        group = "m" if m.group("m") else "y"
        markers.append((m.start(group), m.end(group)))
        pos = m.end()
    return markers


def read_text(path: str, data: bytes) -> SourceDocument:
    """Read a text file holding one paper; raise :class:`SourceError` for binary or undecodable data."""
    source = decode(path, data)
    lines = _lines(source)
    dropped: set[int] = set()
    metadata: dict[str, str] = {}

    for i, line in enumerate(lines):
        m = _page_header(line)
        if m:
            dropped.add(i)
            vj = m.groupdict().get("vj")
            if vj and "page_header_vergaderjaar" not in metadata:
                metadata["page_header_vergaderjaar"] = re.sub(r"\s*[–-]\s*", "-", vj)
                start = line.start + line.lead + m.start("vj")
                metadata["page_header_vergaderjaar_span"] = f"{start}:{start + len(vj)}"

    notes = _collect_note_blocks(lines, dropped)
    _drop_page_numbers(lines, dropped)
    notes += _collect_page_footnotes(source, lines, dropped, 1 + max((n.number for n in notes), default=0))
    notes.sort(key=lambda n: n.number)
    _join_page_breaks(lines, dropped, _wrap_width([line for i, line in enumerate(lines) if i not in dropped]))

    # body: kept lines, leading/trailing spaces dropped, hyphenation across line ends undone
    body = _Builder()
    kept = [line for i, line in enumerate(lines) if i not in dropped]
    while kept and not kept[0].stripped:
        kept.pop(0)
    while kept and not kept[-1].stripped:
        kept.pop()
    width = _wrap_width(kept)
    for idx, line in enumerate(kept):
        text = line.stripped
        start = line.start + line.lead
        nxt = kept[idx + 1].stripped if idx + 1 < len(kept) else ""
        next_word = re.match(r"[^\W\d_]+", nxt)
        if re.search(r"[^\W\d_]-$", text) and next_word and nxt[:1].islower():
            fragment = re.search(r"[^\W\d_]+-$", text).group(0)
            if _join_hyphenated(fragment[:-1], next_word.group(0), source):
                body.add(text[:-1], start)  # gemeen-|schappelijk
            else:
                body.add(text, start)  # BNC-|traject, Dublin-|systeem, asiel-|en
            continue
        if re.search(r"[^\W\d_]-$", text) and nxt[:1].isupper() and width and \
                len(text) + len(nxt.split()[0]) > _WRAPPED_SHARE * width:
            body.add(text, start)  # Staten-|Generaal, UNESCO-|IHE, post-|Cotonouverdrag
            continue
        body.add(text, start)
        if idx + 1 < len(kept):
            # a line the PDF wrapped (the next word would not have fitted) goes on with a space
            wrapped = width and nxt and len(text) + 1 + len(nxt.split()[0]) > _WRAPPED_SHARE * width
            body.add_synthetic(" " if wrapped else "\n", start + len(text))

    body_text = "".join(body.chars)
    markers = _find_markers(body_text, notes)
    chars, offsets = [], []
    skip = {i for s, e in markers for i in range(s, e)}
    for i, (c, o) in enumerate(zip(body.chars, body.offsets)):
        if i not in skip:
            chars.append(c)
            offsets.append(o)
    out = _Builder()
    out.chars, out.offsets = chars, offsets

    footnotes = []
    if notes:
        anchor = notes[0].parts[0][1] if notes[0].parts else len(source)
        out.add_synthetic("\n\n", anchor)
        for n, note in enumerate(notes):
            if not note.parts:
                continue
            first_at = note.parts[0][1]
            out.add_synthetic(f"{note.number} ", first_at)
            begin = len(out)
            for p, (piece, at) in enumerate(note.parts):
                if p:
                    out.add_synthetic(" " if not out.endswith("-") else "", at)
                out.add(piece, at)
            footnotes.append(Footnote(note.number, begin, len(out)))
            if n + 1 < len(notes):
                out.add_synthetic("\n", out.offsets[-1] + 1)

    end = out.offsets[-1] + 1 if out.offsets else 0
    return SourceDocument(
        path=path,
        text="".join(out.chars),
        source_text=source,
        offsets=tuple(out.offsets) + (end,),
        media_type="text/plain",
        metadata=metadata,
        footnotes=tuple(footnotes),
    )
