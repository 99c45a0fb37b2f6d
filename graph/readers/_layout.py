"""Shared machinery of the XML, HTML and PDF readers: text with a source position per character, laid out the way
the official HTML rendering reads as text, and the normalised metadata keys.

The layout every reader produces (the shape of ``corpus/dev/*.txt``)::

    19 637 Vreemdelingenbeleid
    <blank>
    Nr. 2699 BRIEF VAN DE MINISTER VAN BUITENLANDSE ZAKEN
    <blank>
    ... paragraphs separated by one blank line ...
    De Minister van Buitenlandse Zaken,
    S.A. Blok
    <blank><blank>
    X Noot
    1
    <blank>
    Kamerstuk 22 112, nrs. 2955 ...

A block is a list of ``(character, source position)`` pairs; :class:`Layout` joins blocks and footnotes and keeps
the map back to the source for every character it writes, separators included.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterable, Mapping, Sequence

from graph.ids import OFFICIAL_PAGE
from graph.model import Footnote, SourceDocument

Chars = list[tuple[str, int]]

LINE_BREAK = "\u2028"  # a forced line break inside a block (<br/>, the lines of a signature); becomes "\n"
_SPACE = " \t\r\n\f\v\u00a0"


@dataclass
class Text:
    """A run of character data and the source position of each of its characters."""

    chars: str
    positions: list[int]


@dataclass
class Node:
    """An element of a parsed markup file: its tag (lower case, no namespace), attributes and where it starts."""

    tag: str
    attrs: dict[str, str]
    start: int
    children: list["Node | Text"] = field(default_factory=list)

    def elements(self, tag: str | None = None) -> Iterable["Node"]:
        """Yield the element children, optionally only those named ``tag``."""
        for child in self.children:
            if isinstance(child, Node) and (tag is None or child.tag == tag):
                yield child

    def iter(self, tag: str | None = None) -> Iterable["Node"]:
        """Yield this element and every element below it, in document order."""
        if tag is None or self.tag == tag:
            yield self
        for child in self.elements():
            yield from child.iter(tag)

    def find(self, tag: str) -> "Node | None":
        """The first element named ``tag`` at or below this one."""
        return next(iter(self.iter(tag)), None)

    def chars(self) -> Chars:
        """All character data below this element, with positions."""
        out: Chars = []
        for child in self.children:
            if isinstance(child, Text):
                out.extend(zip(child.chars, child.positions))
            else:
                out.extend(child.chars())
        return out

    def text(self) -> str:
        """All character data below this element, whitespace collapsed."""
        return " ".join("".join(c for c, _ in self.chars()).split())

    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())


def normalise_block(chars: Sequence[tuple[str, int]]) -> Chars:
    """Collapse runs of white space to one space, turn forced breaks into newlines, strip both ends.

    >>> chars = list(enumerate("  a \\n b" + LINE_BREAK + " c "))
    >>> "".join(c for c, _ in normalise_block([(c, i) for i, c in chars]))
    'a b\\nc'
    """
    out: Chars = []
    pending: tuple[str, int] | None = None  # the separator to write before the next visible character
    for ch, pos in chars:
        if ch == LINE_BREAK:
            if out:
                pending = ("\n", pos)
        elif ch in _SPACE:
            if out and (pending is None or pending[0] != "\n"):
                pending = (" ", pos)
        else:
            if pending is not None:
                out.append(pending)
                pending = None
            out.append((ch, pos))
    return out


@dataclass
class Layout:
    """Collect blocks and footnotes; :meth:`document` writes them out as one text with its offsets."""

    blocks: list[Chars] = field(default_factory=list)
    notes: list[tuple[int, Chars, Chars]] = field(default_factory=list)  # number, number chars, text chars

    def add_block(self, chars: Sequence[tuple[str, int]], *, normalise: bool = True) -> None:
        block = normalise_block(chars) if normalise else list(chars)
        if block:
            self.blocks.append(block)

    def add_footnote(self, number: int, number_chars: Chars, blocks: Sequence[Chars]) -> None:
        """Add footnote ``number``; its text is ``blocks`` (already normalised) joined by blank lines."""
        body: Chars = []
        for block in blocks:
            if not block:
                continue
            if body:
                at = body[-1][1]
                body.extend([("\n", at), ("\n", at)])
            body.extend(block)
        if not number_chars:
            anchor = body[0][1] if body else 0
            number_chars = [(c, anchor) for c in str(number)]
        self.notes.append((number, number_chars, body))

    def document(
        self,
        path: str,
        source_text: str,
        *,
        media_type: str,
        metadata: Mapping[str, str],
    ) -> SourceDocument:
        """Write the blocks, then the footnotes as ``X Noot`` blocks, into a :class:`SourceDocument`."""
        chars: Chars = []
        last = max(len(source_text) - 1, 0)

        def separator(text: str) -> None:
            at = min(chars[-1][1] + 1, last) if chars else 0
            chars.extend((c, at) for c in text)

        for block in self.blocks:
            if chars:
                separator("\n\n")
            chars.extend(block)
        footnotes: list[Footnote] = []
        for i, (number, number_chars, body) in enumerate(self.notes):
            anchor = number_chars[0][1]
            if chars:
                separator("\n\n\n" if i == 0 else "\n\n")
            chars.extend((c, anchor) for c in "X Noot\n")
            chars.extend(number_chars)
            chars.extend([("\n", number_chars[-1][1]), ("\n", number_chars[-1][1])])
            start = len(chars)
            chars.extend(body)
            footnotes.append(Footnote(number=number, start=start, end=len(chars)))
        text = "".join(c for c, _ in chars)
        close = min(chars[-1][1] + 1, len(source_text)) if chars else 0
        offsets = tuple(p for _, p in chars) + (close,)
        return SourceDocument(
            path=path,
            text=text,
            source_text=source_text,
            offsets=offsets,
            media_type=media_type,
            metadata=dict(sorted(metadata.items())),
            footnotes=tuple(footnotes),
        )


# --- metadata ------------------------------------------------------------------------------------------------------

_DOSSIER_PRINTED = re.compile(r"^\s*(\d{1,3}(?:[ .\u00a0]?\d{3})?)\s*(?:[-\s]\s*(.+?))?\s*$")


def normalise_dossier(printed: str) -> str | None:
    """Normalise a dossier number as printed or as the metadata gives it, like OVERHEIDop.dossiernummer.

    >>> [normalise_dossier(s) for s in ("19 637", "21 501-20", "35300 VII", "33000-VII", "33 852 (R2023)", "x")]
    ['19637', '21501-20', '35300-VII', '33000-VII', '33852-(R2023)', None]
    """
    m = _DOSSIER_PRINTED.match(printed.replace("\u2013", "-"))
    if not m:
        return None
    number = re.sub(r"\D", "", m.group(1))
    if len(number) != 5:
        return None
    suffix = re.sub(r"\s+", "", m.group(2) or "")
    return f"{number}-{suffix}" if suffix else number


_DOC_TYPE_WORDS: tuple[tuple[str, str], ...] = (
    ("lijst van vragen", "lijst_van_vragen"),
    ("besluitenlijst", "besluitenlijst"),
    ("amendement", "amendement"),
    ("motie", "motie"),
    ("antwoord", "antwoord"),
    ("verslag", "verslag"),
    ("nota", "nota"),
    ("brief", "brief"),
)


def doc_type_of(*labels: str | None) -> str | None:
    """Name the contract's doc_type for the first label that says what the paper is.

    >>> doc_type_of("BRIEF VAN DE MINISTER VAN BUITENLANDSE ZAKEN"), doc_type_of(None, "Motie")
    ('brief', 'motie')
    >>> doc_type_of("Vreemdelingenbeleid; Brief regering; Kabinetsreactie") is None
    True
    """
    for label in labels:
        if not label:
            continue
        head = label.strip().lower()
        for word, code in _DOC_TYPE_WORDS:
            if head.startswith(word) or head.startswith(f"gewijzigde {word}"):
                return code
    return None


def _dc_title_type(title: str | None) -> str | None:
    """The kind of paper named in a DC.title ``dossier title; Brief regering; subject``."""
    if not title or ";" not in title:
        return None
    return doc_type_of(*(part.strip() for part in title.split(";")[1:]))


_DATE_KEYS = (
    "OVERHEIDop.datumBrief", "OVERHEIDop.datumIndiening", "OVERHEIDop.datumOndertekening", "OVERHEIDop.datumOntvangst",
)
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def normalise_metadata(pairs: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Turn OVERHEIDop/DC ``(name, content)`` pairs into the normalised keys plus ``meta:<name>`` raw keys.

    >>> m = normalise_metadata([("DC.identifier", "kst-19637-2699"), ("OVERHEIDop.dossiernummer", "19637"),
    ...     ("OVERHEIDop.dossiernummer", "30573"), ("OVERHEIDop.vergaderjaar", "2020-2021"),
    ...     ("DC.title", "Vreemdelingenbeleid; Brief regering; Kabinetsreactie")])
    >>> m["id"], m["dossiers"], m["doc_type"], m["vergaderjaar"], m["meta:OVERHEIDop.dossiernummer"]
    ('kst-19637-2699', '19637 30573', 'brief', '2020-2021', '19637 | 30573')
    """
    raw: dict[str, list[str]] = {}
    for name, content in pairs:
        content = " ".join((content or "").split())
        if name and content and content not in raw.setdefault(name, []):
            raw[name].append(content)
    first = {name: values[0] for name, values in raw.items()}
    out: dict[str, str] = {f"meta:{name}": " | ".join(values) for name, values in raw.items()}
    if "DC.identifier" in first:
        out["id"] = first["DC.identifier"]
    dossiers = [d for d in (normalise_dossier(v) for v in raw.get("OVERHEIDop.dossiernummer", [])) if d]
    if dossiers:
        out["dossiers"] = " ".join(dict.fromkeys(dossiers))
    if "OVERHEIDop.ondernummer" in first:
        out["ondernummer"] = first["OVERHEIDop.ondernummer"]
    doc_type = doc_type_of(*raw.get("OVERHEIDop.documenttitel", [])) or _dc_title_type(first.get("DC.title"))
    if doc_type:
        out["doc_type"] = doc_type
    for key in _DATE_KEYS:
        if _ISO_DATE.match(first.get(key, "")):
            out["date"] = first[key]
            break
    if "OVERHEIDop.vergaderjaar" in first:
        out["vergaderjaar"] = first["OVERHEIDop.vergaderjaar"].replace("\u2013", "-")
    title = first.get("DC.title", "").split(";")[-1].strip() or first.get("OVERHEIDop.documenttitel")
    if title:
        out["title"] = title
    if "id" in out and re.match(r"^[A-Za-z0-9()._-]+$", out["id"]):
        out["source_url"] = OFFICIAL_PAGE.format(id=out["id"])
    return out


def kamerstuk_id(dossiers: Sequence[str], ondernummer: str | None) -> str | None:
    """The official id of a Kamerstuk from its first dossier and its ondernummer.

    >>> kamerstuk_id(["19637", "30573"], "2699"), kamerstuk_id([], "1")
    ('kst-19637-2699', None)
    """
    if not dossiers or not ondernummer:
        return None
    return f"kst-{dossiers[0]}-{ondernummer}"


def vergaderjaar_of(text: str) -> str | None:
    """Read a vergaderjaar such as ``Vergaderjaar 2020–2021`` as ``2020-2021``.

    >>> vergaderjaar_of("Tweede Kamer, vergaderjaar 2020–2021, 19 637, nr. 2699")
    '2020-2021'
    """
    m = re.search(r"[Vv]ergaderjaar\s+(\d{4})\s*[-\u2013/]\s*(\d{4})", text)
    return f"{m.group(1)}-{m.group(2)}" if m else None


_MONTHS = {
    m: i + 1
    for i, m in enumerate(
        ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
         "november", "december")
    )
}
_DUTCH_DATE = re.compile(r"\b(\d{1,2})\s+([A-Za-z]+)\s+(\d{4})\b")


def dutch_date(text: str) -> str | None:
    """Read the first Dutch date (``15 februari 2021``) in ``text`` as ISO.

    >>> dutch_date("Den Haag, 15 februari 2021"), dutch_date("Voorgesteld 7 Februari 2013"), dutch_date("geen")
    ('2021-02-15', '2013-02-07', None)
    """
    for m in _DUTCH_DATE.finditer(text):
        month = _MONTHS.get(m.group(2).lower())
        if month and 1 <= int(m.group(1)) <= 31:
            return f"{m.group(3)}-{month:02d}-{int(m.group(1)):02d}"
    return None


def decode_markup(path: str, data: bytes, declared: str | None) -> str:
    """Decode markup bytes (BOM first, then the declared encoding, then UTF-8); newlines become ``\\n``."""
    from graph.model import SourceError

    for bom, codec in ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if data.startswith(bom):
            data, declared = data[len(bom):], codec
            break
    codec = declared or "utf-8"
    try:
        text = data.decode(codec)
    except LookupError:
        raise SourceError(path, f"unknown character encoding {codec!r} declared") from None
    except UnicodeDecodeError as e:
        raise SourceError(path, f"not valid {codec}: {e.reason}", offset=e.start) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def metadata_from_blocks(blocks: list[str]) -> dict[str, str]:
    """Read dossiers, ondernummer, title, doc_type and date from the header blocks of a paper laid out as text.

    >>> m = metadata_from_blocks(["21 501-20 Europese Raad", "Nr. 865 BRIEF VAN DE MINISTER PRESIDENT",
    ...                           "Den Haag, 21 mei 2014"])
    >>> m["dossiers"], m["ondernummer"], m["doc_type"], m["date"]
    ('21501-20', '865', 'brief', '2014-05-21')
    """
    out: dict[str, str] = {}
    dossiers = []
    for block in blocks[:8]:  # the header: dossier lines, then "Nr. ..."
        if block.startswith(("Nr", "nr")):
            m = re.match(r"^[Nn]r\.?\s*(\S+)\s*(.*)$", block, re.DOTALL)
            if m:
                out["ondernummer"] = m.group(1)
                out["title"] = " ".join(m.group(2).split())
                doc_type = doc_type_of(out["title"])
                if doc_type:
                    out["doc_type"] = doc_type
            break
        m = re.match(r"^(\d{1,3} ?\d{3}(?:-\d+| [IVXLC]+\b| \([A-Z0-9]+\))?)", block)
        if m and normalise_dossier(m.group(1)):
            dossiers.append(normalise_dossier(m.group(1)))
    if dossiers:
        out["dossiers"] = " ".join(dict.fromkeys(dossiers))
    for block in blocks[:12]:
        if block.startswith(("Den Haag", "Voorgesteld", "Ontvangen", "'s-Gravenhage")):
            date = dutch_date(block)
            if date:
                out["date"] = date
                break
    return out
