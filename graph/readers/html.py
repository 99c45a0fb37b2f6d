"""Read the official HTML page of a Kamerstuk (``zoek.officielebekendmakingen.nl/kst-....html``).

The paper's text is the body of the page (``div#broodtekst``; failing that the ``div.stuk`` / ``div.kamerstuk``
containers, ``main``, or ``body``), without the site's chrome: scripts, navigation, header and footer, the banner
block that precedes the first dossier heading ("Kamerstuk / Datum publicatie ...") and "Naar boven". Footnotes
(``div.voet.noot``: an "X Noot" heading, the number in ``.nootnum``, the text) go to the end as ``X Noot`` blocks;
their markers (``sup > a.nootnum``) stay glued to the word before them. The ``<meta name="OVERHEIDop.*">`` and
``DC.*`` tags of the head give the metadata.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

from graph.model import SourceDocument, SourceError
from graph.readers._layout import (
    LINE_BREAK,
    Chars,
    Layout,
    Node,
    Text,
    decode_markup,
    metadata_from_blocks,
    normalise_block,
    normalise_metadata,
)

MEDIA_TYPE = "text/html"
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
_INLINE = {
    "a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "dfn", "em", "font", "i", "kbd", "mark", "q", "s",
    "samp", "small", "span", "strong", "sub", "sup", "time", "u", "var", "ins", "del",
}
_SKIP_TAGS = {"script", "style", "noscript", "template", "svg", "nav", "form", "button", "head", "iframe", "select",
              "hr", "img"}
_CHROME = re.compile(r"(^|[-_\s])(skiplink|breadcrumb|naar-boven|menu|share|social|kopgegevens|print|header|"
                     r"footer|nav|zoek|search|cookie)([-_\s]|$)", re.IGNORECASE)
_DECLARED = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?([A-Za-z0-9._-]+)", re.IGNORECASE)
_DOSSIER_HEAD = re.compile(r"^\d{1,3} ?\d{3}\b")


class _TreeBuilder(HTMLParser):
    """Build a forgiving :class:`Node` tree of an HTML page with the source position of every character."""

    def __init__(self, source_text: str):
        super().__init__(convert_charrefs=False)
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", source_text)]
        self.root = Node("#document", {}, 0)
        self.stack = [self.root]

    def _pos(self) -> int:
        line, col = self.getpos()
        return self.line_starts[line - 1] + col

    def handle_starttag(self, tag, attrs):
        node = Node(tag, {k: v or "" for k, v in attrs}, self._pos())
        if tag == "p" and self.stack[-1].tag == "p":  # an open paragraph ends where a new one starts
            self.stack.pop()
        self.stack[-1].children.append(node)
        if tag not in _VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag, attrs):
        self.stack[-1].children.append(Node(tag, {k: v or "" for k, v in attrs}, self._pos()))

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == tag:
                del self.stack[i:]
                return

    def handle_data(self, data):
        at = self._pos()
        self.stack[-1].children.append(Text(data, list(range(at, at + len(data)))))

    def _reference(self, raw: str) -> None:
        text = html.unescape(raw)
        self.stack[-1].children.append(Text(text, [self._pos()] * len(text)))

    def handle_entityref(self, name):
        self._reference(f"&{name};")

    def handle_charref(self, name):
        self._reference(f"&#{name};")


def _is_chrome(node: Node) -> bool:
    if node.tag in _SKIP_TAGS:
        return True
    if node.attrs.get("role") in ("banner", "navigation", "contentinfo", "search"):
        return True
    names = " ".join((node.attrs.get("class", ""), node.attrs.get("id", "")))
    return bool(_CHROME.search(names)) and "broodtekst" not in names


def _is_footnote(node: Node) -> bool:
    classes = node.classes()
    return ("noot" in classes and "voet" in classes) or node.attrs.get("id", "").startswith("supernote-note")


def _content_root(root: Node) -> Node:
    """The element that holds the paper: ``#broodtekst``, else the stuk containers, else ``main`` or ``body``."""
    for node in root.iter():
        if node.attrs.get("id") == "broodtekst":
            return node
    parents = {id(child): node for node in root.iter() for child in node.elements()}
    for node in root.iter():
        if "kamerstuk" in node.classes():
            return node
    for node in root.iter():
        if "stuk" in node.classes():  # the dossier headings stand just before it, in the same parent
            return parents.get(id(node), node)
    return root.find("main") or root.find("body") or root


class _Renderer:
    def __init__(self) -> None:
        self.layout = Layout()
        self.block: Chars = []
        self.footnote_nodes: list[Node] = []

    def flush(self) -> None:
        self.layout.add_block(self.block)
        self.block = []

    def walk(self, node: Node) -> None:
        if _is_chrome(node):
            return
        if _is_footnote(node):
            self.flush()
            self.footnote_nodes.append(node)
            return
        if node.tag == "br":
            self.block.append((LINE_BREAK, node.start))
            return
        is_block = node.tag not in _INLINE
        if is_block:
            self.flush()
        for child in node.children:
            if isinstance(child, Text):
                self.block.extend(zip(child.chars, child.positions))
            else:
                self.walk(child)
        if is_block:
            self.flush()

    def footnotes(self) -> None:
        for i, node in enumerate(self.footnote_nodes, 1):
            number_node = next((n for n in node.iter() if "nootnum" in n.classes()), None)
            marker = normalise_block(number_node.chars()) if number_node is not None else []
            label = "".join(c for c, _ in marker)
            inner = _Renderer()
            for child in node.children:
                if isinstance(child, Node) and (child.tag in ("h5", "h4", "h6") or "note-close" in child.classes()):
                    continue  # the "X Noot" heading with its close link
                if isinstance(child, Node) and number_node is not None and number_node in list(child.iter()):
                    continue
                if isinstance(child, Text):
                    inner.block.extend(zip(child.chars, child.positions))
                else:
                    inner.walk(child)
            inner.flush()
            self.layout.add_footnote(int(label) if label.isdigit() else i, marker, inner.layout.blocks)


def _head_metadata(root: Node) -> dict[str, str]:
    pairs = [
        (n.attrs["name"], n.attrs.get("content", ""))
        for n in root.iter("meta")
        if n.attrs.get("name", "").startswith(("OVERHEID", "DC.", "DCTERMS."))
    ]
    out = normalise_metadata(pairs)
    canonical = next((n.attrs.get("href") for n in root.iter("link") if n.attrs.get("rel") == "canonical"), None)
    if canonical and canonical.startswith("http"):
        out["source_url"] = canonical
    return out


def read_html(path: str, data: bytes) -> SourceDocument:
    """Read an official HTML page of a Kamerstuk into a :class:`SourceDocument` without the site's chrome."""
    m = _DECLARED.search(data[:4096])
    source_text = decode_markup(path, data, m.group(1).decode("ascii") if m else None)
    builder = _TreeBuilder(source_text)
    try:
        builder.feed(source_text)
        builder.close()
    except AssertionError as e:  # HTMLParser's way of refusing some malformed markup
        raise SourceError(path, f"cannot parse the HTML: {e}") from None
    root = builder.root
    renderer = _Renderer()
    renderer.walk(_content_root(root))
    renderer.flush()
    blocks = renderer.layout.blocks
    texts = ["".join(c for c, _ in b) for b in blocks]
    first_dossier = next((i for i, t in enumerate(texts) if _DOSSIER_HEAD.match(t)), None)
    if first_dossier:  # the banner before the paper's first heading is the site's, not the paper's
        del blocks[:first_dossier], texts[:first_dossier]
    while texts and texts[-1] == "Naar boven":
        blocks.pop(), texts.pop()
    if not blocks:
        raise SourceError(path, "the page holds no paper text (expected div#broodtekst or the stuk containers)")
    renderer.footnotes()
    metadata = metadata_from_blocks(texts)
    metadata.update(_head_metadata(root))
    if "title" in metadata_from_blocks(texts):
        metadata["title"] = metadata_from_blocks(texts)["title"]
    return renderer.layout.document(path, source_text, media_type=MEDIA_TYPE, metadata=metadata)
