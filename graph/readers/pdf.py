"""Read a Kamerstuk from PDF with pdfplumber, using where each character stands and how large it is.

``source_text`` is the raw text of the pages in reading order: per page, the characters grouped into lines (a line
is the characters whose heights overlap; superscript footnote markers join the line they stand on), lines joined
by ``\\n``, pages by ``\\f``. The cleaned ``text`` drops what is not the paper:

* running headers and footers: lines in the top or bottom margin that repeat across pages (digits aside), the
  Kamerstuk page header ("Tweede Kamer, vergaderjaar 2020–2021, 19 637, nr. 2699 2") and bare page numbers;
* footnotes: lines in a smaller font at the foot of a page, each opened by its number, are moved to the end as
  ``X Noot`` blocks (a footnote running on to the next page continues there);
* end-of-line hyphenation (``gemeen-`` / ``schappelijk``) is undone between lower-case letters;
* paragraphs are rebuilt from the vertical gaps between lines; a short line inside a paragraph (a signature)
  keeps its line break, other lines are joined with a space.
"""

from __future__ import annotations

import io
import re
import statistics
from collections import Counter
from dataclasses import dataclass

from graph.model import SourceDocument, SourceError
from graph.readers._layout import (
    LINE_BREAK,
    Chars,
    Layout,
    kamerstuk_id,
    metadata_from_blocks,
    normalise_block,
    normalise_dossier,
    vergaderjaar_of,
)

MEDIA_TYPE = "application/pdf"
_RUNNING_HEADER = re.compile(
    r"^(?:Tweede|Eerste) Kamer, vergaderjaar (\d{4})\s*[-\u2013]\s*(\d{4}), (.+?), nrs?\.\s*([0-9A-Z]+)(?:\s+\d+)?$"
)
_PAGE_NUMBER = re.compile(r"^(?:[Pp]agina\s+)?\d{1,3}(?:\s*(?:/|van)\s*\d{1,3})?$")
_FOOTNOTE_START = re.compile(r"^(\d{1,3})\s+\S")
# The colophon at the foot of a Kamerstuk's first page: "kst-19637-2699", "ISSN 0921 - 7371", "'s-Gravenhage 2021".
_COLOPHON = re.compile(r"^(?:(kst-[0-9A-Za-z()-]+)|ISSN\s[\d -]+|['’]s-Gravenhage \d{4})$")


@dataclass
class _Line:
    page: int
    text: str
    start: int  # where the line starts in source_text
    top: float
    bottom: float
    x0: float
    x1: float
    size: float
    page_height: float


def _page_lines(page, page_index: int) -> list[tuple[str, float, float, float, float, float]]:
    """Group the page's characters into lines: (text, top, bottom, x0, x1, size), top to bottom."""
    chars = [c for c in page.chars if c.get("text")]
    lines: list[dict] = []
    for c in sorted(chars, key=lambda c: (c["top"], c["x0"])):
        height = max(c["bottom"] - c["top"], 0.1)
        for line in reversed(lines[-3:]):
            overlap = min(c["bottom"], line["bottom"]) - max(c["top"], line["top"])
            if overlap >= 0.5 * min(height, line["bottom"] - line["top"]):
                line["chars"].append(c)
                if c["size"] >= line["size"]:
                    line["top"], line["bottom"], line["size"] = c["top"], c["bottom"], c["size"]
                break
        else:
            lines.append({"chars": [c], "top": c["top"], "bottom": c["bottom"], "size": c["size"]})
    out = []
    for line in lines:
        parts: list[str] = []
        previous = None
        for c in sorted(line["chars"], key=lambda c: c["x0"]):
            if previous is not None and c["x0"] - previous["x1"] > 0.2 * c["size"] \
                    and previous["text"] != " " and c["text"] != " ":
                parts.append(" ")
            parts.append(c["text"])
            previous = c
        text = "".join(parts).rstrip()
        if not text.strip():
            continue
        sizes = Counter(round(c["size"], 1) for c in line["chars"] if c["text"].strip())
        size = sizes.most_common(1)[0][0]
        xs = [c for c in line["chars"] if c["text"].strip()]
        out.append((text, line["top"], line["bottom"], min(c["x0"] for c in xs), max(c["x1"] for c in xs), size))
    return out


def _open(path: str, data: bytes) -> tuple[str, list[_Line], dict[str, str]]:
    import pdfplumber
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfminer.psparser import PSException
    from pdfplumber.utils.exceptions import PdfminerException

    if not data.lstrip()[:5] == b"%PDF-":
        raise SourceError(path, "not a PDF: the file does not start with %PDF-")
    pieces: list[str] = []
    lines: list[_Line] = []
    position = 0
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            info = {f"meta:pdf.{k}": " ".join(v.split()) for k, v in sorted(pdf.metadata.items())
                    if isinstance(v, str) and v.strip() and k in ("Title", "Subject", "Author", "Keywords")}
            for index, page in enumerate(pdf.pages):
                if index:
                    pieces.append("\f")
                    position += 1
                for j, (text, top, bottom, x0, x1, size) in enumerate(_page_lines(page, index)):
                    if j:
                        pieces.append("\n")
                        position += 1
                    lines.append(_Line(index, text, position, top, bottom, x0, x1, size, float(page.height)))
                    pieces.append(text)
                    position += len(text)
    except (PdfminerException, PDFSyntaxError, PSException, ValueError, KeyError, TypeError) as e:
        raise SourceError(path, f"not a readable PDF: {e or type(e).__name__}") from None
    if not lines:
        raise SourceError(path, "the PDF holds no text (a scan without a text layer?)")
    return "".join(pieces), lines, info


def _margin_lines(lines: list[_Line]) -> set[int]:
    """Indexes of running headers, footers and page numbers."""
    def in_margin(line: _Line) -> bool:
        return line.top < 0.1 * line.page_height or line.bottom > 0.93 * line.page_height

    keys: dict[str, set[int]] = {}
    for i, line in enumerate(lines):
        if in_margin(line):
            keys.setdefault(re.sub(r"\d+", "#", line.text).strip(), set()).add(line.page)
    drop = set()
    for i, line in enumerate(lines):
        if not in_margin(line):
            continue
        key = re.sub(r"\d+", "#", line.text).strip()
        if len(keys[key]) >= 2 or _RUNNING_HEADER.match(line.text) or _PAGE_NUMBER.match(line.text) \
                or _COLOPHON.match(line.text):
            drop.add(i)
    return drop


def _join(previous: _Line, line: _Line, out: Chars, right_edge: float) -> None:
    """Append the separator between two lines of one paragraph, undoing a hyphenation at the line end."""
    newline_at = previous.start + len(previous.text)
    if previous.text.endswith("\u00ad"):  # a soft hyphen: the word goes on
        out.pop()
        return
    if len(previous.text) >= 2 and previous.text.endswith("-") and previous.text[-2].isalnum() \
            and line.text[:1].isalpha():
        if previous.text[-2].islower() and line.text[0].islower():
            out.pop()  # gemeen- / schappelijk
        return  # EU- / lidstaten: keep the hyphen, no space
    short = previous.x1 < 0.75 * right_edge
    out.append((LINE_BREAK if short else " ", newline_at))


def _chars(line: _Line, skip: int = 0) -> Chars:
    return [(c, line.start + k) for k, c in enumerate(line.text) if k >= skip]


def _footnotes(lines: list[_Line], dropped: set[int], body_size: float) -> tuple[set[int], list]:
    """Set the footnotes apart: on each page, from the first small-font line low on the page that opens a footnote
    (its number, then text) or continues the last one, every small-font line to the foot of the page.

    Return the indexes of the footnote lines and the footnotes as ``(number, number chars, [text chars])``.
    """
    footnote_lines: set[int] = set()
    notes: list[tuple[int, Chars, list[Chars]]] = []
    right_edge = max(line.x1 for line in lines)
    last_line: _Line | None = None
    by_page: dict[int, list[int]] = {}
    for i, line in enumerate(lines):
        if i not in dropped:
            by_page.setdefault(line.page, []).append(i)

    def small(line: _Line) -> bool:
        return line.size < body_size * 0.92

    def opens_notes(line: _Line) -> bool:
        return small(line) and line.top > 0.4 * line.page_height and bool(notes or _FOOTNOTE_START.match(line.text))

    for _, indexes in sorted(by_page.items()):
        zone = next((k for k, i in enumerate(indexes) if opens_notes(lines[i])), None)
        if zone is None:
            continue
        for i in indexes[zone:]:
            line = lines[i]
            if not small(line):
                continue
            m = _FOOTNOTE_START.match(line.text)
            expected = notes[-1][0] + 1 if notes else None
            if m and (expected is None or int(m.group(1)) == expected):
                skip = len(m.group(0)) - 1  # the number and the spaces after it
                number_chars = [(c, line.start + k) for k, c in enumerate(m.group(1))]
                notes.append((int(m.group(1)), number_chars, [_chars(line, skip)]))
            elif notes and last_line is not None:  # the footnote goes on (also from the page before)
                body = notes[-1][2][-1]
                _join(last_line, line, body, right_edge)
                body.extend(_chars(line))
            else:
                continue
            footnote_lines.add(i)
            last_line = line
    return footnote_lines, notes


def read_pdf(path: str, data: bytes) -> SourceDocument:
    """Read a Kamerstuk PDF into a :class:`SourceDocument` laid out like the official page, footnotes at the end.

    Raise :class:`SourceError` when the data is not a readable PDF or holds no text.
    """
    source_text, lines, metadata = _open(path, data)
    sizes = Counter()
    for line in lines:
        sizes[line.size] += len(line.text)
    body_size = sizes.most_common(1)[0][0]
    dropped = _margin_lines(lines)
    header: dict[str, str] = {}  # what the running header says, for what the first page does not
    for i in sorted(dropped):
        colophon = _COLOPHON.match(lines[i].text)
        if colophon and colophon.group(1):
            metadata["id"] = colophon.group(1)
        m = _RUNNING_HEADER.match(lines[i].text)
        if m and not header:
            dossiers = [normalise_dossier(d) for d in re.split(r",\s*|\s+en\s+", m.group(3))]
            header = {"vergaderjaar": f"{m.group(1)}-{m.group(2)}", "ondernummer": m.group(4),
                      "dossiers": " ".join(d for d in dossiers if d)}

    footnote_lines, notes = _footnotes(lines, dropped, body_size)

    body_lines = [i for i in range(len(lines)) if i not in dropped and i not in footnote_lines]
    if not body_lines:
        raise SourceError(path, "the PDF holds no body text once headers, footers and footnotes are set apart")
    right_edge = max(lines[i].x1 for i in body_lines)
    steps = [lines[b].top - lines[a].top for a, b in zip(body_lines, body_lines[1:])
             if lines[a].page == lines[b].page and 0 < lines[b].top - lines[a].top < 2.5 * body_size]
    spacing = statistics.median(steps) if steps else 1.2 * body_size

    layout = Layout()
    block: Chars = []
    previous: _Line | None = None
    for i in body_lines:
        line = lines[i]
        if previous is not None:
            if line.page == previous.page:
                new_paragraph = line.top - previous.top > 1.4 * spacing
            else:  # across a page break the paragraph goes on unless the last line was short
                new_paragraph = previous.x1 < 0.85 * right_edge
            if new_paragraph:
                layout.add_block(block)
                block = []
            else:
                _join(previous, line, block, right_edge)
        block.extend(_chars(line))
        previous = line
    layout.add_block(block)
    for number, number_chars, bodies in notes:
        layout.add_footnote(number, number_chars, [normalise_block(b) for b in bodies])

    texts = ["".join(c for c, _ in b) for b in layout.blocks]
    metadata.update(metadata_from_blocks(texts))
    for key, value in header.items():
        if value:
            metadata.setdefault(key, value)
    for text in texts[:3]:
        year = vergaderjaar_of(text)
        if year:
            metadata.setdefault("vergaderjaar", year)
    identifier = kamerstuk_id(metadata.get("dossiers", "").split(), metadata.get("ondernummer"))
    if identifier:
        metadata.setdefault("id", identifier)
    return layout.document(path, source_text, media_type=MEDIA_TYPE, metadata=metadata)
