"""Write the graph as a file for publication: canonical Turtle, N-Triples, N-Quads, TriG or JSON-LD.

"Same input, same bytes": quads are sorted in N-Triples order, blank nodes get labels computed from what they are
attached to, prefixes come from the published JSON-LD ``@context`` (``ontology/context.jsonld``), and the text is
written by pyoxigraph, never by rdflib's serialisers (13 s for 400,000 triples, minutes with blank nodes).

Facts are every named graph except the provenance graphs (``{base}/graph/provenance/...``); ``provenance=True`` adds
those. Turtle and N-Triples flatten the selected graphs into one; TriG, N-Quads and JSON-LD keep the graph names.

>>> ExportFormat.from_path("out/kamergraaf.trig"), ExportFormat.parse("jsonld").extension
(<ExportFormat.TRIG: 'trig'>, '.jsonld')

An unknown name raises :class:`ExportError` listing the choices:
``Unknown format 'ttl2'. Choose one of: turtle, nt, nq, trig, jsonld.``
"""

from __future__ import annotations

import concurrent.futures as cf
import hashlib
import heapq
import io
import itertools
import json
import re
from collections import defaultdict, deque
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Iterator

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from graph.extsort import ExternalSort
from graph.fsutil import atomic_open, remove_stale_scratch
from graph.ids import Minter
from graph.model import KamergraafError
from graph.resources import ONTOLOGY_DIR
from graph.store import UNNAMED_GRAPH, Store
from graph.store_oxigraph import to_oxigraph

if TYPE_CHECKING:
    from graph.describe import Counts

CONTEXT_PATH = ONTOLOGY_DIR / "context.jsonld"


class ExportError(KamergraafError):
    """An export was asked for in a form that cannot be written."""


class ExportFormat(Enum):
    """The RDF formats an export can be written in (the value is the name the CLI takes)."""

    TURTLE = "turtle"
    NT = "nt"
    NQ = "nq"
    TRIG = "trig"
    JSONLD = "jsonld"

    @property
    def extension(self) -> str:
        return _EXTENSIONS_BY_FORMAT[self]

    @property
    def keeps_graphs(self) -> bool:
        """Whether the format keeps graph names (otherwise the selected graphs are flattened into one)."""
        return self in (ExportFormat.NQ, ExportFormat.TRIG, ExportFormat.JSONLD)

    @property
    def media_type(self) -> str:
        return _MEDIA_TYPES[self]

    @classmethod
    def parse(cls, name: str) -> "ExportFormat":
        """The format called ``name`` (``turtle``, ``nt``, ``nq``, ``trig`` or ``jsonld``)."""
        for fmt in cls:
            if fmt.value == name.lower():
                return fmt
        raise ExportError(f"Unknown format {name!r}. Choose one of: {', '.join(f.value for f in cls)}.")

    @classmethod
    def from_path(cls, path: str | Path) -> "ExportFormat":
        """The format a file name's extension names."""
        suffix = Path(path).suffix.lower()
        for fmt, ext in _EXTENSIONS_BY_FORMAT.items():
            if ext == suffix:
                return fmt
        raise ExportError(
            f"{path}: unknown extension {suffix!r}. Choose one of: {', '.join(_EXTENSIONS_BY_FORMAT.values())} "
            "(or give the format explicitly)."
        )


_EXTENSIONS_BY_FORMAT = {
    ExportFormat.TURTLE: ".ttl",
    ExportFormat.NT: ".nt",
    ExportFormat.NQ: ".nq",
    ExportFormat.TRIG: ".trig",
    ExportFormat.JSONLD: ".jsonld",
}
_MEDIA_TYPES = {
    ExportFormat.TURTLE: "text/turtle",
    ExportFormat.NT: "application/n-triples",
    ExportFormat.NQ: "application/n-quads",
    ExportFormat.TRIG: "application/trig",
    ExportFormat.JSONLD: "application/ld+json",
}
_OX_FORMATS = {
    ExportFormat.TURTLE: ox.RdfFormat.TURTLE,
    ExportFormat.NT: ox.RdfFormat.N_TRIPLES,
    ExportFormat.NQ: ox.RdfFormat.N_QUADS,
    ExportFormat.TRIG: ox.RdfFormat.TRIG,
}


@dataclass(frozen=True)
class ExportReport:
    """What an export wrote: the file, its format, how many triples (or quads) and which graphs went in, and the
    scratch that killed exports of the file had left beside it, removed."""

    path: Path
    format: ExportFormat
    statements: int
    graphs: tuple[str, ...]
    described: bool
    removed: tuple[Path, ...] = ()


def context() -> dict:
    """The published JSON-LD ``@context`` (prefix -> namespace), read from ``ontology/context.jsonld``."""
    try:
        return json.loads(CONTEXT_PATH.read_text(encoding="utf-8"))["@context"]
    except (OSError, ValueError, KeyError) as e:
        raise ExportError(f"{CONTEXT_PATH}: expected a JSON object with an '@context' map of prefixes: {e}") from e


def select_graphs(store: Store, *, minter: Minter, provenance: bool = False) -> list[URIRef]:
    """The graph names an export includes, sorted: the facts, plus the provenance graphs when asked.

    Never the build bookkeeping (``{base}/graph/build``: where each paper was read from on this machine) nor an older
    dataset description (``{base}/graph/dataset``: the export writes a fresh one).
    """
    prefix = str(minter.provenance_graph("x"))[: -len("x")]
    internal = {minter.graph("build"), minter.graph("dataset")}
    return sorted(
        g for g in store.graph_names() if g not in internal and (provenance or not str(g).startswith(prefix))
    )


def export(
    store: Store,
    path: str | Path,
    *,
    fmt: ExportFormat | None = None,
    provenance: bool = False,
    minter: Minter,
    describe: bool = True,
    **description_options,
) -> ExportReport:
    """Write the facts (and with ``provenance`` the provenance graphs) of ``store`` to ``path``.

    The format is taken from the extension unless ``fmt`` is given. With ``describe`` (the default) the DCAT/VoID
    description of the export (:func:`graph.describe.describe`, given ``description_options``) goes in as well, in
    the graph ``{base}/graph/dataset``, replacing any older description of the dataset found in the store.

    The quads are read graph by graph and sorted on disk beside ``path`` (:class:`graph.extsort.ExternalSort`), so
    memory stays bounded whatever the store's size. Scratch that killed exports of ``path`` left there is removed
    first (:func:`graph.fsutil.remove_stale_scratch`). Graphs with blank nodes are the exception: their canonical
    labels need every quad at once, so such an export is made in memory.
    """
    target = Path(path)
    fmt = fmt or ExportFormat.from_path(target)
    graphs = select_graphs(store, minter=minter, provenance=provenance)
    dataset_graph = minter.graph("dataset")
    description = None
    if describe:
        from graph.describe import Counts, describe as describe_dataset  # noqa: PLC0415 - describe imports this

        def description(counts: Counts | None) -> list[tuple[Node, Node, Node]]:
            return list(describe_dataset(store, minter=minter, provenance=provenance, counts=counts,
                                         distributions=((fmt, target.name),), **description_options))

        description(Counts.empty())  # bad options fail now, not after the quads were sorted
    removed = tuple(remove_stale_scratch(target))
    try:
        with atomic_open(target, "wb") as handle:
            try:
                statements = _export_sorted(store, graphs, description, fmt, handle, minter=minter, beside=target)
            except _BlankNodes:
                handle.seek(0)
                handle.truncate()
                quads = _store_quads(store, graphs, skip_subject_prefix=str(minter.dataset()))
                extra = [(s, p, o, dataset_graph) for s, p, o in description(None)] if description else []
                canonical = canonical_quads([*quads, *extra], keep_graphs=fmt.keeps_graphs)
                handle.write(serialise(canonical, fmt))
                statements = len(canonical)
    except OSError as e:  # the file, or the sorted runs beside it, could not be written
        raise ExportError(f"{target}: cannot write the export: {e}") from e
    names = sorted({str(g) for g in graphs} | ({str(dataset_graph)} if describe else set()))
    return ExportReport(target, fmt, statements, tuple(names), describe, removed)


def _store_quads(store: Store, graphs: list[URIRef], *, skip_subject_prefix: str) -> Iterator[tuple]:
    for name in graphs:
        for s, p, o, _ in store.quads(name):
            if isinstance(s, URIRef) and str(s).startswith(skip_subject_prefix):
                continue  # an older description of the dataset: the export writes a fresh one
            yield s, p, o, name


# --- the sorted export ----------------------------------------------------------------------------------------------
#
# Each quad becomes a key: its graph, then its N-Triples line without the final " ." (graph first, as the canonical
# order wants). The graph part is "<iri>" in N-Quads order, "" for the default graph (and for every quad when the
# format flattens the graphs), and the bare IRI for JSON-LD, which lists graphs by IRI. The keys are sorted on disk
# and written out in one pass.

_RDF_NS = b"http://www.w3.org/1999/02/22-rdf-syntax-ns#"  # rdf:langString, the datatype of tagged literals
_XSD_NS = b"http://www.w3.org/2001/XMLSchema#"  # xsd:string, the datatype of plain literals
WRITE_BATCH = 20_000  # quads handed to pyoxigraph at a time (cut where a subject or graph ends)


class _BlankNodes(Exception):
    """The graphs hold blank nodes, whose canonical labels need every quad at once."""


def _iri_namespace(iri: bytes) -> bytes:
    """The namespace of ``<iri>`` as :func:`_used_prefixes` takes it: up to the last ``#`` or ``/``."""
    return iri[1 : max(iri.rfind(b"#"), iri.rfind(b"/")) + 1]


# the terms of N-Triples text: a literal with the character after it (@ a language tag, ^ a datatype IRI, a space
# neither), or an IRI with its namespace (up to the last # or /)
_TERMS = re.compile(rb'"(?:[^"\\]|\\.)*"(.)|<([^>]*[#/])?[^>#/]*>')


def _graph_keys(text: bytes, graph: bytes, *, skip_subject: bytes | None, namespaces: set[bytes] | None
                ) -> list[bytes]:
    """The sort keys of one graph's N-Triples ``text`` (from :meth:`Store.graph_ntriples`), each prefixed with
    ``graph``; lines whose subject starts with ``skip_subject`` are left out. With ``namespaces``, the namespaces of
    the IRIs and datatypes of the quads kept are added to it. Raises :class:`_BlankNodes` if a subject or object is a
    blank node."""
    head = graph + b" "
    if b"_:" not in text and (skip_subject is None or skip_subject not in text):  # the common case, at C speed
        lines = text.split(b"\n")
        if not lines[-1]:
            lines.pop()
        kept = text
    else:
        lines = []
        for line in text.split(b"\n"):
            if not line:
                continue
            s, _, o = line[:-2].split(b" ", 2)
            if s[0] == 95 or o[0] == 95:  # "_:"
                raise _BlankNodes
            if skip_subject is None or not s.startswith(skip_subject):
                lines.append(line)
        kept = b"\n".join(lines)
    if namespaces is not None and lines:
        if graph:
            namespaces.add(_iri_namespace(graph))
        for after, namespace in set(_TERMS.findall(kept)):
            namespaces.add(_RDF_NS if after == b"@" else _XSD_NS if after == b" " else namespace)
    return [head + line[:-2] for line in lines]


def _export_sorted(store: Store, graphs: list[URIRef], description: Callable[[Counts], list] | None,
                   fmt: ExportFormat, handle, *, minter: Minter, beside: Path) -> int:
    """Write the canonical export to ``handle`` through an external sort whose runs go in hidden folders beside
    ``beside``; return the number of statements written. ``description`` makes the description's triples from the
    counts of the quads read (:func:`graph.describe.count_keys`)."""
    namespaces: set[bytes] | None = set() if fmt in (ExportFormat.TURTLE, ExportFormat.TRIG) else None
    own = f"<{minter.dataset()}".encode("utf-8")
    # formats that keep the graphs count distinct triples in a sort of their own
    count_apart = description is not None and fmt.keeps_graphs
    with (ExternalSort(beside.parent, prefix=f".{beside.name}.sort-") as keys,
          ExternalSort(beside.parent, prefix=f".{beside.name}.count-") as triples):
        for name, text in _graph_texts(store, graphs):
            graph = _graph_part(name, fmt)
            found = _graph_keys(text, graph, skip_subject=own, namespaces=namespaces)
            keys.extend(found)
            if count_apart:
                triples.extend([key[len(graph) :] for key in found])
        if description is not None:
            from graph.describe import count_keys  # noqa: PLC0415 - describe imports this module

            counts = count_keys(triples.merged() if count_apart else keys.merged(), minter=minter)
            triples.close()
            text = ox.serialize((ox.Triple(*map(to_oxigraph, t)) for t in description(counts)),
                                format=ox.RdfFormat.N_TRIPLES)
            keys.extend(_graph_keys(text, _graph_part(minter.graph("dataset"), fmt), skip_subject=None,
                                    namespaces=namespaces))
        prefixes = {p: ns for p, ns in sorted(context().items()) if ns.encode("utf-8") in (namespaces or ())}
        counted = _Counted(keys.merged())
        if fmt is ExportFormat.JSONLD:
            _write_jsonld(handle, _jsonld_items(counted))
        elif fmt in (ExportFormat.NT, ExportFormat.NQ):
            _write_lines(handle, counted)
        else:
            _write_turtle(handle, counted, fmt, prefixes)
        return counted.n


def _graph_texts(store: Store, graphs: list[URIRef]) -> Iterator[tuple[URIRef, bytes]]:
    """Each graph's name and N-Triples, in order; read ahead in threads where the store allows it."""
    threads = getattr(store, "read_threads", 1)
    if threads <= 1:
        for name in graphs:
            yield name, store.graph_ntriples(name)
        return
    with cf.ThreadPoolExecutor(threads, thread_name_prefix="kamergraaf-export") as pool:
        ahead: deque = deque()
        for name in graphs:
            ahead.append((name, pool.submit(store.graph_ntriples, name)))
            if len(ahead) > 4 * threads:
                done, future = ahead.popleft()
                yield done, future.result()
        while ahead:
            done, future = ahead.popleft()
            yield done, future.result()


def _graph_part(name: URIRef, fmt: ExportFormat) -> bytes:
    if not fmt.keeps_graphs or name == UNNAMED_GRAPH:
        return b""
    return str(name).encode("utf-8") if fmt is ExportFormat.JSONLD else f"<{name}>".encode("utf-8")


class _Counted:
    """An iterator that counts what went through it."""

    def __init__(self, items: Iterator[bytes]):
        self.items = items
        self.n = 0

    def __iter__(self) -> Iterator[bytes]:
        for item in self.items:
            self.n += 1
            yield item


def _line(graph: bytes, triple: bytes) -> bytes:
    """The N-Triples or N-Quads line of a key split at its first space."""
    return triple + b" " + graph + b" .\n" if graph else triple + b" .\n"


def _write_lines(handle, keys: Iterable[bytes]) -> None:
    batch: list[bytes] = []
    for key in keys:
        batch.append(_line(*key.split(b" ", 1)))
        if len(batch) >= WRITE_BATCH:
            handle.write(b"".join(batch))
            batch = []
    handle.write(b"".join(batch))


def _write_turtle(handle, keys: Iterable[bytes], fmt: ExportFormat, prefixes: dict[str, str]) -> None:
    """Write Turtle or TriG with pyoxigraph, a batch at a time, each batch cut where a subject (Turtle) or a graph
    (TriG) ends so the batches join into what one call would write; the prefix header is written once, sorted."""
    if prefixes:
        handle.write(b"".join(f"@prefix {p}: <{ns}> .\n".encode("utf-8") for p, ns in prefixes.items()) + b"\n")
    ox_format = _OX_FORMATS[fmt]

    def flush(lines: list[bytes]) -> None:
        parsed = ox.parse(b"".join(lines), format=ox.RdfFormat.N_QUADS)
        items = (q.triple for q in parsed) if fmt is ExportFormat.TURTLE else parsed
        body = ox.serialize(items, format=ox_format, prefixes=prefixes)
        for _ in prefixes:  # pyoxigraph starts each call with the prefixes, one line each
            body = body[body.index(b"\n") + 1 :]
        handle.write(body)

    batch: list[bytes] = []
    cut = None
    for key in keys:
        graph, triple = key.split(b" ", 1)
        at = graph if fmt is ExportFormat.TRIG else triple[: triple.index(b" ")]  # the graph, or the subject
        if len(batch) >= WRITE_BATCH and at != cut:
            flush(batch)
            batch = []
        cut = at
        batch.append(_line(graph, triple))
    if batch:
        flush(batch)


# --- canonical form -----------------------------------------------------------------------------------------------

OxQuad = tuple[ox.NamedNode | ox.BlankNode, ox.NamedNode, object, ox.NamedNode | None]


def _ox_term(term: Node, blank: dict[str, str]):
    if isinstance(term, BNode):
        return ox.BlankNode(blank[str(term)])  # the canonical label, not the store's
    return to_oxigraph(term)


_XSD_STRING = URIRef("http://www.w3.org/2001/XMLSchema#string")
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def _n3(term: Node) -> str:
    """The N-Triples text of an IRI or literal, with ``"x"^^xsd:string`` written as ``"x"`` (they are equal)."""
    if isinstance(term, Literal) and term.datatype == _XSD_STRING:
        return Literal(str(term)).n3()
    return term.n3()


def _blank_labels(quads: list[tuple], keep_graphs: bool) -> dict[str, str]:
    """Give every blank node a label computed from the quads it appears in (two rounds of neighbour hashing).

    Isomorphic inputs get the same labels unless two blank nodes are indistinguishable by their neighbourhoods,
    in which case they are interchangeable and the sorted output is the same either way.
    """
    touching: dict[str, list[tuple]] = defaultdict(list)
    for quad in quads:
        s, _, o, _ = quad
        if type(s) is BNode:
            touching[str(s)].append(quad)
        if type(o) is BNode and o != s:
            touching[str(o)].append(quad)
    if not touching:
        return {}
    hashes = {b: "" for b in touching}
    for _ in range(2):
        new = {}
        for b, around in touching.items():
            lines = sorted(
                " ".join(
                    ("_:self" if str(t) == b else f"_:{hashes[str(t)]}") if isinstance(t, BNode) else _n3(t)
                    for t in (quad if keep_graphs and quad[3] is not None else quad[:3])
                )
                for quad in around
            )
            new[b] = hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()[:16]
        hashes = new
    labels: dict[str, str] = {}
    used: dict[str, int] = defaultdict(int)
    for b in sorted(touching, key=lambda b: hashes[b]):
        h = hashes[b]
        labels[b] = f"b{h}" if used[h] == 0 else f"b{h}x{used[h]}"
        used[h] += 1
    return labels


def canonical_quads(quads: Iterable[tuple], *, keep_graphs: bool) -> list[ox.Quad]:
    """Turn rdflib quads into pyoxigraph quads, deduplicated and sorted in N-Quads order (graph first).

    With ``keep_graphs=False`` the graphs are flattened into the default graph; the triples a store read from a file
    without graph names (:data:`graph.store.UNNAMED_GRAPH`) go back to the default graph in any case.
    """
    quads = list(quads)
    blank = _blank_labels(quads, keep_graphs)
    terms: dict[Node, tuple[object, str]] = {}  # rdflib term -> (pyoxigraph term, its N-Triples text)

    def convert(term: Node) -> tuple[object, str]:
        found = terms.get(term)
        if found is None:
            ox_term = _ox_term(term, blank)
            found = terms[term] = (ox_term, str(ox_term))
        return found

    default = ox.DefaultGraph()
    out: dict[str, ox.Quad] = {}
    for s, p, o, g in quads:
        (s2, s_text), (p2, p_text), (o2, o_text) = convert(s), convert(p), convert(o)
        if keep_graphs and g is not None and g != UNNAMED_GRAPH:
            g2, g_text = convert(g)
        else:
            g2, g_text = default, ""
        out[f"{g_text} {s_text} {p_text} {o_text}"] = ox.Quad(s2, p2, o2, g2)
    return [out[k] for k in sorted(out)]


def _used_prefixes(quads: list[ox.Quad], prefixes: dict[str, str]) -> dict[str, str]:
    iris = set()
    for q in quads:
        for t in (q.subject, q.predicate, q.object, q.graph_name):
            if isinstance(t, ox.NamedNode):
                iris.add(t.value)
            elif isinstance(t, ox.Literal):
                iris.add(t.datatype.value)
    namespaces = {iri[: max(iri.rfind("#"), iri.rfind("/")) + 1] for iri in iris}
    return {p: ns for p, ns in sorted(prefixes.items()) if ns in namespaces}


def serialise(quads: list[ox.Quad], fmt: ExportFormat) -> bytes:
    """Serialise canonical quads (from :func:`canonical_quads`) in ``fmt``; the bytes depend only on the quads."""
    if fmt is ExportFormat.JSONLD:
        return _jsonld(quads)
    if fmt is ExportFormat.NT:
        return ox.serialize((q.triple for q in quads), format=ox.RdfFormat.N_TRIPLES)
    if fmt is ExportFormat.NQ:
        return ox.serialize(quads, format=ox.RdfFormat.N_QUADS)
    prefixes = _used_prefixes(quads, context())
    items = (q.triple for q in quads) if fmt is ExportFormat.TURTLE else quads
    body = ox.serialize(items, format=_OX_FORMATS[fmt], prefixes=prefixes)
    # pyoxigraph writes the prefixes in hash order: replace its header by the same prefixes, sorted
    lines = body.split(b"\n")
    start = 0
    while start < len(lines) and lines[start].startswith(b"@prefix "):
        start += 1
    header = [f"@prefix {p}: <{ns}> .".encode("utf-8") for p, ns in sorted(prefixes.items())]
    return b"\n".join(header + ([b""] if header else []) + lines[start:])


class _JsonLdNodes:
    """Build JSON-LD node objects in the published ``@context``: one per subject, values in the order added."""

    def __init__(self):
        self.by_namespace = sorted(((ns, p) for p, ns in context().items()), key=lambda x: -len(x[0]))

    def compact(self, iri: str) -> str:
        for ns, prefix in self.by_namespace:
            if iri.startswith(ns) and len(iri) > len(ns):
                return f"{prefix}:{iri[len(ns):]}"
        return iri

    def value(self, term) -> dict:
        if isinstance(term, ox.Literal):
            if term.language:
                return {"@value": term.value, "@language": term.language}
            if term.datatype.value == "http://www.w3.org/2001/XMLSchema#string":
                return {"@value": term.value}
            return {"@value": term.value, "@type": self.compact(term.datatype.value)}
        return {"@id": _node_id(term)}

    def add(self, nodes: dict[str, dict], s, p, o) -> None:
        """Add the triple ``s p o`` (pyoxigraph terms) to ``nodes`` (node id -> node object)."""
        node = nodes.setdefault(_node_id(s), {"@id": _node_id(s)})
        if p.value == _RDF_TYPE and not isinstance(o, ox.Literal):
            node.setdefault("@type", []).append(self.compact(_node_id(o)))
        else:
            node.setdefault(self.compact(p.value), []).append(self.value(o))

    def graph_nodes(self, lines: list[bytes]) -> list[dict]:
        """The node objects of N-Triples ``lines``, in the order their subjects first appear."""
        nodes: dict[str, dict] = {}
        for t in ox.parse(b"".join(lines), format=ox.RdfFormat.N_TRIPLES):
            self.add(nodes, t.subject, t.predicate, t.object)
        return list(nodes.values())


def _node_id(term) -> str:
    return f"_:{term.value}" if isinstance(term, ox.BlankNode) else term.value


def _jsonld(quads: list[ox.Quad]) -> bytes:
    """Write JSON-LD with the published ``@context`` inline: one node object per subject, named graphs kept."""
    builder = _JsonLdNodes()
    graphs: dict[str, dict[str, dict]] = defaultdict(dict)
    for q in quads:
        g = "" if isinstance(q.graph_name, ox.DefaultGraph) else q.graph_name.value
        builder.add(graphs[g], q.subject, q.predicate, q.object)
    top: list[dict] = list(graphs.pop("", {}).values())
    for name in sorted(graphs):
        top.append({"@id": name, "@graph": list(graphs[name].values())})
    top.sort(key=lambda n: n["@id"])
    buffer = io.BytesIO()
    _write_jsonld(buffer, top)
    return buffer.getvalue()


def _jsonld_items(keys: Iterable[bytes]) -> Iterator[dict]:
    """The top-level JSON-LD objects of sorted JSON-LD keys (graph IRI first), sorted by ``@id`` as :func:`_jsonld`
    sorts them: the default graph's nodes (its keys come first; held in memory) merged with one object per graph."""
    builder = _JsonLdNodes()
    keys = iter(keys)
    default: list[bytes] = []
    first_named: list[bytes] = []
    for key in keys:
        graph, triple = key.split(b" ", 1)
        if graph:
            first_named.append(key)
            break
        default.append(triple + b" .\n")

    def named() -> Iterator[dict]:
        current, lines = None, []
        for key in itertools.chain(first_named, keys):
            graph, triple = key.split(b" ", 1)
            if graph != current:
                if lines:
                    yield {"@id": current.decode("utf-8"), "@graph": builder.graph_nodes(lines)}
                current, lines = graph, []
            lines.append(triple + b" .\n")
        if lines:
            yield {"@id": current.decode("utf-8"), "@graph": builder.graph_nodes(lines)}

    by_id = sorted(builder.graph_nodes(default), key=lambda n: n["@id"])
    return heapq.merge(by_id, named(), key=lambda n: n["@id"])


def _write_jsonld(handle, items: Iterable[dict]) -> None:
    """Write ``{"@context": ..., "@graph": [items]}`` as ``json.dumps(..., indent=1, sort_keys=True)`` would, one
    item at a time."""
    head = json.dumps({"@context": context()}, ensure_ascii=False, indent=1, sort_keys=True)
    handle.write(head[: -len("\n}")].encode("utf-8") + b',\n "@graph": [')
    separator = "\n"
    for item in items:
        text = json.dumps(item, ensure_ascii=False, indent=1, sort_keys=True)
        handle.write((separator + "  " + text.replace("\n", "\n  ")).encode("utf-8"))
        separator = ",\n"
    handle.write(b"]\n}\n" if separator == "\n" else b"\n ]\n}\n")
