"""Read the official XML of a Kamerstuk (officielebekendmakingen.nl / repository.overheid.nl) and its metadata.

The structure read here is KOOP's publication schema for Kamerstukken (``op-xsd``; the root ``officiele-publicatie``
holds ``metadata`` and ``kamerstuk``)::

    kamerstuk/kamerstukkop/tekstregel[@inhoud="vergaderjaar"]     Vergaderjaar 2020–2021
    kamerstuk/dossier/dossiernummer/dossiernr (+ begrotingshoofdstuk), dossier/titel
    kamerstuk/stuk/stuknr/ondernummer, stuk/titel, stuk/datumtekst/datum[@isodatum]
    stuk/algemeen/.../al, kop, tussenkop, lijst/li, ondertekening/functie + naam
    noot[@type="voet"]/noot.nr + noot.al                          a footnote where its marker stands

The text is laid out like the official HTML page read as text (see :mod:`graph.readers._layout`): the site's banner
(``kamerstukkop``) is left out of the text and goes into the metadata, footnote markers stay glued to the word
before them, and the footnotes follow the body as ``X Noot`` blocks.

The repository's separate ``metadata.xml`` (root ``metadata_gegevens`` with ``metadata`` elements on the site,
``metadata`` with ``meta`` elements in the repository) is read by :func:`read_metadata`; when ``X.xml`` has an
``X.metadata.xml`` beside it, :func:`read_xml` merges it in (the metadata file wins on the normalised keys).
"""

from __future__ import annotations

import re
import xml.parsers.expat
from pathlib import Path

from graph.model import SourceDocument, SourceError
from graph.readers._layout import (
    LINE_BREAK,
    Chars,
    Layout,
    Node,
    Text,
    decode_markup,
    doc_type_of,
    dutch_date,
    kamerstuk_id,
    normalise_block,
    normalise_dossier,
    normalise_metadata,
    vergaderjaar_of,
)

MEDIA_TYPE = "application/xml"
_METADATA_ROOTS = {"metadata_gegevens", "metadata"}
_DECLARED = re.compile(rb"^(?:\xef\xbb\xbf)?\s*<\?xml[^>]*\bencoding\s*=\s*[\"']([A-Za-z0-9._-]+)[\"']")


def parse_markup(path: str, data: bytes) -> tuple[str, Node]:
    """Parse XML into a :class:`Node` tree whose character data knows its position in the decoded text."""
    m = _DECLARED.match(data[:200])
    source_text = decode_markup(path, data, m.group(1).decode("ascii") if m else None)
    encoded = source_text.encode("utf-8")
    ascii_only = len(encoded) == len(source_text)
    byte_to_char: dict[int, int] = {}
    if not ascii_only:
        b = 0
        for i, ch in enumerate(source_text):
            byte_to_char[b] = i
            b += len(ch.encode("utf-8"))
        byte_to_char[b] = len(source_text)

    def char_at(byte_index: int) -> int:
        return byte_index if ascii_only else byte_to_char.get(byte_index, 0)

    parser = xml.parsers.expat.ParserCreate(encoding="utf-8")
    parser.buffer_text = False
    stack: list[Node] = []
    roots: list[Node] = []

    def start(name: str, attrs: dict[str, str]) -> None:
        node = Node(tag=name.rsplit(":", 1)[-1].lower(), attrs=attrs, start=char_at(parser.CurrentByteIndex))
        if stack:
            stack[-1].children.append(node)
        else:
            roots.append(node)
        stack.append(node)

    def end(name: str) -> None:
        stack.pop()

    def data_(text: str) -> None:
        if not stack:
            return
        at = char_at(parser.CurrentByteIndex)
        if source_text.startswith(text, at):
            positions = list(range(at, at + len(text)))
        else:  # an entity or character reference: every character stands for the whole reference
            positions = [at] * len(text)
        stack[-1].children.append(Text(text, positions))

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = data_
    try:
        parser.Parse(encoded, True)
    except xml.parsers.expat.ExpatError as e:
        line_start = sum(len(line) + 1 for line in source_text.split("\n")[: e.lineno - 1])
        raise SourceError(path, f"not well-formed XML: {xml.parsers.expat.ErrorString(e.code)} (line {e.lineno})",
                          offset=line_start + e.offset) from None
    if not roots:
        raise SourceError(path, "no XML element found")
    return source_text, roots[0]


# --- metadata ------------------------------------------------------------------------------------------------------


def _meta_pairs(node: Node) -> list[tuple[str, str]]:
    return [
        (el.attrs["name"], el.attrs.get("content", ""))
        for el in node.iter()
        if el.tag in ("meta", "metadata") and "name" in el.attrs
    ]


def read_metadata(path: str, data: bytes) -> dict[str, str]:
    """Read a repository ``metadata.xml`` into the normalised keys (``id``, ``dossiers``, ...) plus ``meta:*``.

    >>> m = read_metadata("m.xml", b'<metadata_gegevens><metadata name="DC.identifier" content="kst-30573-21"/>'
    ...                   b'<metadata name="OVERHEIDop.dossiernummer" content="30573"/></metadata_gegevens>')
    >>> m["id"], m["dossiers"]
    ('kst-30573-21', '30573')
    """
    _, root = parse_markup(path, data)
    if root.tag not in _METADATA_ROOTS:
        raise SourceError(path, f"expected a metadata file (root <metadata_gegevens> or <metadata>), got <{root.tag}>")
    return normalise_metadata(_meta_pairs(root))


def _sidecar(path: str) -> dict[str, str]:
    """The metadata of ``X.metadata.xml`` beside ``X.xml``, if there is one."""
    p = Path(path)
    if p.suffix.lower() != ".xml" or p.name.lower().endswith(".metadata.xml"):
        return {}
    side = p.with_name(p.name[: -len(p.suffix)] + ".metadata.xml")
    if not side.is_file():
        return {}
    return read_metadata(str(side), side.read_bytes())


def _body_metadata(root: Node) -> dict[str, str]:
    """What the paper itself says: dossiers, ondernummer, title, date, vergaderjaar, doc_type."""
    out: dict[str, str] = {}
    dossiers = []
    for dossier in root.iter("dossier"):
        number = dossier.find("dossiernummer")
        printed = " ".join(
            el.text() for el in dossier.iter() if el.tag in ("dossiernr", "dossiernr-toevoeging", "begrotingshoofdstuk")
        ) or (number.text() if number else "")
        normalised = normalise_dossier(printed)
        if normalised and normalised not in dossiers:
            dossiers.append(normalised)
    if dossiers:
        out["dossiers"] = " ".join(dossiers)
    stuk = root.find("stuk")
    if stuk is not None:
        nr = stuk.find("ondernummer") or stuk.find("stuknr")
        if nr is not None:
            m = re.search(r"([0-9]+[A-Za-z]?|[A-Z]{1,3})\s*$", nr.text())
            if m:
                out["ondernummer"] = m.group(1)
        title = next(stuk.elements("titel"), None)
        if title is not None:
            out["title"] = _text_without_notes(title)
            doc_type = doc_type_of(out["title"])
            if doc_type:
                out["doc_type"] = doc_type
    for el in root.iter():
        if el.tag in ("datumtekst", "dagtekening", "datum"):
            iso = el.attrs.get("isodatum") or next((d.attrs.get("isodatum") for d in el.iter("datum")), None)
            date = iso if iso and re.match(r"^\d{4}-\d{2}-\d{2}$", iso) else dutch_date(el.text())
            if date:
                out["date"] = date
                break
    for line in root.iter("tekstregel"):
        year = vergaderjaar_of(line.text())
        if year:
            out["vergaderjaar"] = year
            break
    identifier = kamerstuk_id(out.get("dossiers", "").split(), out.get("ondernummer"))
    if identifier:
        out["id"] = identifier
    return out


def _text_without_notes(node: Node) -> str:
    parts: list[str] = []
    for child in node.children:
        if isinstance(child, Text):
            parts.append(child.chars)
        elif child.tag != "noot":
            parts.append(_text_without_notes(child))
    return " ".join("".join(parts).split())


# --- body ----------------------------------------------------------------------------------------------------------

# Elements that flow inside a paragraph; every other element starts and ends a block of its own.
_INLINE = {
    "nadruk", "extref", "intref", "sup", "inf", "datum", "naam", "voornaam", "achternaam", "tussenvoegsel",
    "functie", "organisatie", "nootref", "dossierref", "ondernummer", "dossiernr", "dossiernummer",
    "begrotingshoofdstuk", "dossiernr-toevoeging", "term", "politiek", "plaats", "extref-groep", "intref-groep",
    "tekstcorrectie", "li.nr", "nr", "label", "u", "i", "b",
}
_SKIP = {"metadata", "meta", "kamerstukkop", "plaatje", "illustratie", "meta-data", "colspec"}
# Parents whose listed children are laid out on one line, separated by spaces ("19 637 Vreemdelingenbeleid").
_ONE_LINE = {
    "dossier": {"dossiernummer", "begrotingshoofdstuk", "titel"},
    "stuk": {"stuknr", "titel"},
    "kop": {"nr", "titel", "label"},
    "li": {"li.nr"},
}


class _Renderer:
    """Walk the kamerstuk and lay it out in blocks; footnotes are collected where their markers stand."""

    def __init__(self) -> None:
        self.layout = Layout()
        self.block: Chars = []
        self.seen_notes = 0

    def flush(self) -> None:
        self.layout.add_block(self.block)
        self.block = []

    def walk(self, node: Node, parent: str = "") -> None:
        tag = node.tag
        if tag in _SKIP:
            return
        if tag == "noot":
            self.note(node)
            return
        if tag == "br":
            self.block.append((LINE_BREAK, node.start))
            return
        one_line = tag in _ONE_LINE.get(parent, ())
        if tag == "naam" and parent == "ondertekening":
            if normalise_block(self.block):
                self.block.append((LINE_BREAK, node.start))
        is_block = tag not in _INLINE and not one_line
        if one_line and normalise_block(self.block):
            self.block.append((" ", node.start))
        if is_block:
            self.flush()
        for child in node.children:
            if isinstance(child, Text):
                self.block.extend(zip(child.chars, child.positions))
            else:
                self.walk(child, tag)
        if one_line or tag in ("voornaam", "tussenvoegsel"):
            self.block.append((" ", node.start))
        if is_block:
            self.flush()

    def note(self, node: Node) -> None:
        self.seen_notes += 1
        nr = node.find("noot.nr")
        marker = normalise_block(nr.chars()) if nr is not None else []
        label = "".join(c for c, _ in marker)
        number = int(label) if label.isdigit() else self.seen_notes
        self.block.extend(marker)
        inner = _Renderer()
        for child in node.elements():
            if child.tag != "noot.nr":
                inner.walk(child, "noot")
        inner.flush()
        self.layout.add_footnote(number, marker, inner.layout.blocks)


def read_xml(path: str, data: bytes) -> SourceDocument:
    """Read the official XML of a Kamerstuk into a :class:`SourceDocument` laid out like the official page.

    Raise :class:`SourceError` for a metadata file (read it with :func:`read_metadata`) and for XML that is not an
    ``officiele-publicatie``.
    """
    source_text, root = parse_markup(path, data)
    if root.tag in _METADATA_ROOTS:
        raise SourceError(
            path, f"this is a metadata file (root <{root.tag}>), not a paper; read it with read_metadata()"
        )
    if root.tag != "officiele-publicatie":
        raise SourceError(path, f"expected official XML with root <officiele-publicatie>, got <{root.tag}>")
    renderer = _Renderer()
    for child in root.elements():
        renderer.walk(child, root.tag)
    renderer.flush()
    if not renderer.layout.blocks:
        raise SourceError(path, "the publication holds no text")
    body = _body_metadata(root)
    metadata = dict(body)
    metadata.update(normalise_metadata(_meta_pairs(next(root.elements("metadata"), Node("metadata", {}, 0)))))
    metadata.update(_sidecar(path))
    if "title" in body:  # the paper's own heading reads better than the record's subject line
        metadata["title"] = body["title"]
    if "id" in metadata and "source_url" not in metadata:
        metadata.update({k: v for k, v in normalise_metadata([("DC.identifier", metadata["id"])]).items()
                         if k == "source_url"})
    return renderer.layout.document(path, source_text, media_type=MEDIA_TYPE, metadata=metadata)
