"""Oxigraph on disk (pyoxigraph): the store for whole archives, from one paper to hundreds of thousands.

Quads go in as N-Quads text (pyoxigraph parses that far faster than it accepts Python term objects); every write is
one transaction, but ``bulk_load_nquads``, which is ingested in parts. Queries see the union of the facts and reference
graphs as their default graph, as on every store, and as a set: Oxigraph's own union is a bag (a dossier title held
by 500 paper graphs is seen 500 times) that takes in the provenance graphs too, so the store keeps the union in its
real default graph (see :func:`graph.store.union_insert`) and queries that.

>>> from rdflib import URIRef, Literal
>>> s = OxigraphStore(None)  # None: in memory, for tests and doctests
>>> s.replace_graph(URIRef("https://example.org/g"),
...                 [(URIRef("https://example.org/a"), URIRef("https://example.org/p"), Literal("x"))])
>>> s.query("SELECT ?o WHERE { ?s ?p ?o }").rows
((rdflib.term.Literal('x'),),)
>>> len(s)
1
"""

from __future__ import annotations

import concurrent.futures as cf
import os
from pathlib import Path
from typing import BinaryIO, Iterable, Iterator, Sequence

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD
from rdflib.term import Node

from graph.store import (UNION_SCRATCH, MaterialisedUnion, Quad, QueryError, QueryResult, StoreError, in_union,
                         prune_union, union_copies)

READ_THREADS = min(4, os.cpu_count() or 1)  # threads that read graphs at once (a rewrite, an export)
_XSD_STRING = str(XSD.string)
_RDF_LANG_STRING = str(RDF.langString)


def to_rdflib(term) -> Node | None:
    """Turn a pyoxigraph term into the equal rdflib term (plain literals stay plain, as rdflib makes them).

    >>> to_rdflib(ox.Literal("x", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#string")))
    rdflib.term.Literal('x')
    >>> to_rdflib(ox.NamedNode("https://example.org/a"))
    rdflib.term.URIRef('https://example.org/a')
    """
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype in (_XSD_STRING, _RDF_LANG_STRING):
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(datatype))
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.DefaultGraph):
        return None
    raise StoreError(f"Expected an IRI, literal or blank node from Oxigraph, got {type(term).__name__}")


def to_oxigraph(term: Node):
    """Turn an rdflib term into the equal pyoxigraph term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise StoreError(f"Expected an rdflib IRI, literal or blank node, got {term!r}")


def result_from_oxigraph(result) -> QueryResult:
    """Turn a pyoxigraph query result into a :class:`QueryResult`."""
    if isinstance(result, (bool, ox.QueryBoolean)):
        return QueryResult("ask", boolean=bool(result))
    if isinstance(result, ox.QuerySolutions):
        variables = tuple(v.value for v in result.variables)
        converted: dict = {}  # each distinct term is turned into rdflib once: large answers repeat their terms

        def term(value):
            if value is None:
                return None
            found = converted.get(value)
            if found is None:
                found = converted[value] = to_rdflib(value)
            return found

        rows = tuple(tuple(map(term, solution)) for solution in result)  # a solution yields its values in order
        return QueryResult("select", variables, rows)
    graph = Graph()
    for triple in result:
        graph.add((to_rdflib(triple.subject), to_rdflib(triple.predicate), to_rdflib(triple.object)))
    return QueryResult("graph", graph=graph)


class OxigraphStore(MaterialisedUnion):
    """A pyoxigraph store in a directory (created if missing), or in memory when ``path`` is None.

    ``read_only=True`` opens an existing directory without taking its lock, beside a process that writes to it.
    """

    read_threads = READ_THREADS  # pyoxigraph releases the GIL while it reads: threads may read graphs at once

    def __init__(self, path: str | Path | None, *, read_only: bool = False):
        self.path = Path(path) if path is not None else None
        try:
            if self.path is None:
                self.store = ox.Store()
            elif read_only:
                self.store = ox.Store.read_only(str(self.path))
            else:
                self.path.mkdir(parents=True, exist_ok=True)
                self.store = ox.Store(str(self.path))
        except OSError as e:
            raise StoreError(f"{path}: cannot open the Oxigraph store: {e}") from e

    # -- reading ---------------------------------------------------------------------------------------------------

    def query(self, sparql: str, *, timeout: float | None = None) -> QueryResult:
        try:
            return result_from_oxigraph(self.store.query(sparql))
        except SyntaxError as e:
            raise QueryError(f"SPARQL query failed: {e}") from e
        except OSError as e:
            raise QueryError(f"SPARQL query failed in the Oxigraph store at {self.path}: {e}") from e

    def graph_names(self) -> set[URIRef]:
        return {URIRef(g.value) for g in self.store.named_graphs() if isinstance(g, ox.NamedNode)}

    def quads(self, name: URIRef | None = None) -> Iterator[Quad]:
        graph = ox.NamedNode(str(name)) if name is not None else None
        for q in self.store.quads_for_pattern(None, None, None, graph):
            if isinstance(q.graph_name, ox.DefaultGraph):
                continue
            yield to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object), to_rdflib(q.graph_name)

    def graph_ntriples(self, name: URIRef) -> bytes:
        try:
            return self.store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(str(name)))
        except OSError as e:
            raise StoreError(f"cannot read the graph <{name}> from the Oxigraph store at {self.path}: {e}") from e

    def sidecar(self, name: str) -> Path | None:
        """Where a file of the caller's named ``name`` is kept, inside the store's directory (RocksDB leaves files
        it does not know alone); None for a store in memory."""
        return self.path / name if self.path is not None else None

    def __len__(self) -> int:
        """The number of quads in the named graphs (the union copies in the default graph not counted)."""
        solutions = self.store.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
        return int(next(iter(solutions))[0].value)

    def size_bytes(self) -> int:
        """The bytes the store takes on disk (0 in memory)."""
        if self.path is None:
            return 0
        return sum(f.stat().st_size for f in self.path.rglob("*") if f.is_file())

    # -- writing: one transaction a call, but bulk_load_nquads (ingested in parts) and optimize ------------------------

    def load_nquads(self, text: str, *, union: bool = True) -> None:
        """Add N-Quads text (quads in named graphs) and, unless ``union=False``, their union copies: one transaction."""
        if union and text:
            text += union_copies(text)
        try:
            self.store.load(text, format=ox.RdfFormat.N_QUADS)
        except SyntaxError as e:
            raise StoreError(f"Oxigraph refused N-Quads: {e}") from e

    def bulk_load_nquads(self, data: bytes | BinaryIO) -> None:
        """Add UTF-8 N-Quads (bytes, or a binary stream read to its end) the fast way, as they are: lines without a
        graph go to the default graph, and no union copies are added. For N-Quads this project wrote (the build's):
        IRIs and language tags are not checked.

        There is no transaction. Oxigraph writes the quads in parts of up to a million quads, each a set of SST files
        that RocksDB ingests into every index at once (one multi-column-family ``IngestExternalFiles``): after a crash
        some parts are in the store, each whole, and the others are not.
        """
        try:
            self.store.bulk_load(data, format=ox.RdfFormat.N_QUADS, lenient=True)
        except SyntaxError as e:
            raise StoreError(f"Oxigraph refused N-Quads: {e}") from e

    def rewrite_graphs_nquads(self, data: bytes, names: Iterable[str], *, also: Sequence[str] = ()) -> None:
        """Make the named graphs ``names`` hold exactly the quads of ``data``, keep the union in step, and run the
        update operations ``also``: one transaction that writes only what changed.

        ``data`` is UTF-8 N-Quads as :func:`graph.store.nquads` writes them: one quad a line, each in one of the
        graphs ``names``, no blank nodes. Quads are compared as lines, in the form Oxigraph writes a quad; one
        written in another form (other escapes) would be deleted and inserted again in the same transaction: still
        right, only slower. A changed paper states most of what it stated before, so this deletes and inserts a
        fraction of what dropping its graphs and loading them again would: reading a quad costs about 10 µs on a
        large store, deleting one about 15 µs.
        """
        graphs = {str(name) for name in names}
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as e:
            raise StoreError(f"Expected UTF-8 N-Quads to rewrite graphs with: {e}") from e
        new = {_quad_key(line, graphs) for line in text.split("\n") if line}
        with cf.ThreadPoolExecutor(READ_THREADS, thread_name_prefix="kamergraaf-read") as pool:
            old = {key for keys in pool.map(self._graph_keys, sorted(graphs)) for key in keys}
        removed, added = sorted(old - new), sorted(new - old)
        facts_removed = [triple for triple, graph in map(_split, removed) if in_union(graph)]
        operations = [
            *_data("DELETE DATA", removed),
            *_data("INSERT DATA", added),
            # the facts now stated go into the union; those no longer stated leave it unless another graph holds them
            *_data("INSERT DATA", triples=[triple for triple, graph in map(_split, added) if in_union(graph)]),
            *_data("INSERT DATA", [f"{triple} <{UNION_SCRATCH}>" for triple in facts_removed]),
            *(prune_union() if facts_removed else []),
            *also,
        ]
        if operations:
            self.update(" ;\n".join(operations))

    def _graph_keys(self, graph: str) -> list[str]:
        """The quads of a named graph as pyoxigraph writes them (``s p o <g>``). Dumping a graph leaves Python free,
        so several graphs are read at once: reading is most of a rewrite's time (about 10 µs a quad)."""
        text = self.graph_ntriples(URIRef(graph)).decode("utf-8")
        return [f"{line[:-2]} <{graph}>" for line in text.split("\n") if line]

    def update(self, sparql: str) -> None:
        """Run a SPARQL 1.1 update in one transaction."""
        try:
            self.store.update(sparql)
        except SyntaxError as e:
            raise StoreError(f"SPARQL update failed: {e}") from e

    def flush(self) -> None:
        if self.path is not None:
            try:
                self.store.flush()
            except RuntimeError:  # a read-only store has nothing to flush
                pass

    def optimize(self) -> None:
        """Compact the store's indexes (RocksDB compaction): after a 100,000-paper build, look-ups took a half to a
        quarter of the time (measured: 2-4.5 times as fast)."""
        if self.path is not None:
            self.store.optimize()

    def close(self) -> None:
        self.flush()
        del self.store


def _quad_key(line: str, graphs: set[str]) -> str:
    """An N-Quads line as pyoxigraph writes the quad (``str(quad)``: no final `` .``), checked to lie in ``graphs``
    and to hold no blank node. IRIs hold no space, and the graph term starts at the last `` <``."""
    if not line.endswith("> ."):
        raise StoreError(f"Expected an N-Quads line ending in ' <graph> .', got {line[:200]!r}")
    key = line[:-2]
    graph = _split(key)[1]
    if graph not in graphs:
        raise StoreError(f"Expected quads in the graphs being rewritten only, got some in <{graph}>")
    subject, _, rest = key.partition(" ")
    if subject.startswith("_:") or rest.partition(" ")[2].startswith("_:"):
        raise StoreError("Expected graphs without blank nodes: SPARQL cannot name them to delete them")
    return key


def _split(key: str) -> tuple[str, str]:
    """The ``s p o`` and the graph IRI (without brackets) of a quad written as ``s p o <g>``."""
    cut = key.rindex(" <")
    return key[:cut], key[cut + 2 : -1]


def _data(operation: str, quads: Sequence[str] = (), *, triples: Sequence[str] = ()) -> list[str]:
    """``INSERT DATA`` or ``DELETE DATA`` for quads written ``s p o <g>`` (grouped by graph) and default-graph triples
    written ``s p o``, as pyoxigraph writes them; none for none."""
    if not quads and not triples:
        return []
    by_graph: dict[str, list[str]] = {}
    for triple, graph in map(_split, quads):
        by_graph.setdefault(graph, []).append(f"{triple} .")
    blocks = [f"GRAPH <{graph}> {{\n" + "\n".join(body) + "\n}" for graph, body in by_graph.items()]
    return [f"{operation} {{\n" + "\n".join([*blocks, *(f"{triple} ." for triple in triples)]) + "\n}"]
