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

import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Iterable, Iterator

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from graph.fsutil import atomic_open
from graph.ids import Minter
from graph.model import KamergraafError
from graph.resources import ONTOLOGY_DIR
from graph.store import UNNAMED_GRAPH, Store
from graph.store_oxigraph import to_oxigraph

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
    """What an export wrote: the file, its format, how many triples (or quads) and which graphs went in."""

    path: Path
    format: ExportFormat
    statements: int
    graphs: tuple[str, ...]
    described: bool


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
    """
    target = Path(path)
    fmt = fmt or ExportFormat.from_path(target)
    graphs = select_graphs(store, minter=minter, provenance=provenance)
    dataset_iri = str(minter.dataset())
    quads: Iterable[tuple[Node, Node, Node, URIRef]] = _store_quads(store, graphs, skip_subject_prefix=dataset_iri)
    extra: list[tuple[Node, Node, Node, URIRef]] = []
    if describe:
        from graph.describe import describe as describe_dataset  # noqa: PLC0415 - describe imports this module

        description = describe_dataset(
            store, minter=minter, provenance=provenance, distributions=((fmt, target.name),), **description_options
        )
        dataset_graph = minter.graph("dataset")
        extra = [(s, p, o, dataset_graph) for s, p, o in description]
    canonical = canonical_quads([*quads, *extra], keep_graphs=fmt.keeps_graphs)
    data = serialise(canonical, fmt)
    with atomic_open(target, "wb") as handle:
        handle.write(data)
    names = sorted({str(g) for g in graphs} | ({str(minter.graph("dataset"))} if extra else set()))
    return ExportReport(target, fmt, len(canonical), tuple(names), describe)


def _store_quads(store: Store, graphs: list[URIRef], *, skip_subject_prefix: str) -> Iterator[tuple]:
    for name in graphs:
        for s, p, o, _ in store.quads(name):
            if isinstance(s, URIRef) and str(s).startswith(skip_subject_prefix):
                continue  # an older description of the dataset: the export writes a fresh one
            yield s, p, o, name


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


def _jsonld(quads: list[ox.Quad]) -> bytes:
    """Write JSON-LD with the published ``@context`` inline: one node object per subject, named graphs kept."""
    ctx = context()
    by_namespace = sorted(((ns, p) for p, ns in ctx.items() if isinstance(ns, str)), key=lambda x: -len(x[0]))

    def compact(iri: str) -> str:
        for ns, prefix in by_namespace:
            if iri.startswith(ns) and len(iri) > len(ns):
                return f"{prefix}:{iri[len(ns):]}"
        return iri

    def node_id(term) -> str:
        return f"_:{term.value}" if isinstance(term, ox.BlankNode) else term.value

    def value(term) -> dict:
        if isinstance(term, ox.Literal):
            if term.language:
                return {"@value": term.value, "@language": term.language}
            if term.datatype.value == "http://www.w3.org/2001/XMLSchema#string":
                return {"@value": term.value}
            return {"@value": term.value, "@type": compact(term.datatype.value)}
        return {"@id": node_id(term)}

    graphs: dict[str, dict[str, dict]] = defaultdict(dict)
    for q in quads:
        g = "" if isinstance(q.graph_name, ox.DefaultGraph) else q.graph_name.value
        node = graphs[g].setdefault(node_id(q.subject), {"@id": node_id(q.subject)})
        if q.predicate.value == _RDF_TYPE and not isinstance(q.object, ox.Literal):
            node.setdefault("@type", []).append(compact(node_id(q.object)))
        else:
            node.setdefault(compact(q.predicate.value), []).append(value(q.object))
    top: list[dict] = list(graphs.pop("", {}).values())
    for name in sorted(graphs):
        top.append({"@id": name, "@graph": list(graphs[name].values())})
    top.sort(key=lambda n: n["@id"])
    text = json.dumps({"@context": ctx, "@graph": top}, ensure_ascii=False, indent=1, sort_keys=True)
    return (text + "\n").encode("utf-8")
