"""Where the graph lives: one interface over rdflib in memory, Oxigraph on disk and any remote SPARQL 1.1 store.

Every store holds quads: each paper's facts in a named graph of its own (so a paper can be replaced), its provenance
in another, and the register and gazetteer in theirs. Queries see the union of the facts and reference graphs as
the default graph, on every store; provenance graphs (``{base}/graph/provenance/{paper}``) stay out of it and are
queried by name (``GRAPH ?g { ?claim rdf:subject ?s }``), so the default graph is the knowledge graph alone and a
build writes each claim once instead of twice.

>>> from rdflib import URIRef, Literal
>>> s = MemoryStore()
>>> g = URIRef("https://example.org/g")
>>> s.replace_graph(g, [(URIRef("https://example.org/a"), URIRef("https://example.org/p"), Literal("x"))])
>>> s.query("SELECT ?o WHERE { ?s ?p ?o }").rows
((rdflib.term.Literal('x'),),)
"""

from __future__ import annotations

import logging
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator, Literal as TypingLiteral, Protocol, Sequence

from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.term import Node

from graph.model import KamergraafError

Triple = tuple[Node, Node, Node]
Quad = tuple[Node, Node, Node, URIRef]


class _IllTypedLiteralNoise(logging.Filter):
    """Drop rdflib's warning, with a traceback, for each ill-typed literal it makes ("2021-13-45"^^xsd:date). The
    literal is kept as written (``Literal.ill_typed``) and SHACL validation reports it; the traceback on stderr is
    noise, and holds the frames that made the literal (a query's results, in a reader thread) while the record is
    kept."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("Failed to convert Literal lexical form to value")


logging.getLogger("rdflib.term").addFilter(_IllTypedLiteralNoise())


class StoreError(KamergraafError):
    """A store could not be opened, read or written."""


class QueryError(KamergraafError):
    """A SPARQL query was malformed, refused or ran past its limits."""


@dataclass(frozen=True)
class QueryResult:
    """The answer to one SPARQL query, whatever store gave it.

    ``kind`` is ``select`` (``variables`` and ``rows`` of rdflib terms, None where unbound), ``ask`` (``boolean``) or
    ``graph`` (CONSTRUCT/DESCRIBE: ``graph``).
    """

    kind: TypingLiteral["select", "ask", "graph"]
    variables: tuple[str, ...] = ()
    rows: tuple[tuple[Node | None, ...], ...] = ()
    boolean: bool | None = None
    graph: Graph | None = field(default=None, compare=False)


class Store(Protocol):
    """What every store offers. Graph names are IRIs; triples and quads are rdflib terms."""

    def query(self, sparql: str, *, timeout: float | None = None) -> QueryResult: ...

    def replace_graph(self, name: URIRef, triples: Iterable[Triple]) -> None: ...

    def drop_graph(self, name: URIRef) -> None: ...

    def graph_names(self) -> set[URIRef]: ...

    def quads(self, name: URIRef | None = None) -> Iterator[Quad]: ...

    def graph_ntriples(self, name: URIRef) -> bytes:
        """The triples of the named graph ``name`` as N-Triples, one per line, written by pyoxigraph (so the same
        triples give the same lines on every store; blank node labels excepted)."""

    def update(self, sparql: str) -> None:
        """Run a SPARQL 1.1 update, all or nothing."""

    def load_nquads(self, text: str, *, union: bool = True) -> None:
        """Add N-Quads text, all or nothing, with copies in the default graph of the quads of graphs that belong to
        the union (:func:`in_union`); ``union=False`` adds no copies (bookkeeping, or a caller that writes the copies
        itself: lines without a graph name go to the default graph)."""

    def __len__(self) -> int:
        """The number of quads in the named graphs."""

    def close(self) -> None: ...


_NT_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


def nt_term(term: Node) -> str:
    """Write one rdflib term as N-Triples / N-Quads write it.

    >>> from rdflib import Literal
    >>> print(nt_term(Literal('a "b"\\nc', lang="nl")), nt_term(Literal(5)))
    "a \\"b\\"\\nc"@nl "5"^^<http://www.w3.org/2001/XMLSchema#integer>
    """
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, Literal):
        text = '"' + str(term).translate(_NT_ESCAPES) + '"'
        if term.language:
            return f"{text}@{term.language}"
        if term.datatype is not None:
            return f"{text}^^<{term.datatype}>"
        return text
    if isinstance(term, BNode):
        return f"_:{term}"
    raise StoreError(f"Expected an IRI, literal or blank node, got {term!r}")


def ntriples(triples: Iterable[Triple]) -> str:
    """Write triples as N-Triples text (one line each, in the order given)."""
    return "".join(f"{nt_term(s)} {nt_term(p)} {nt_term(o)} .\n" for s, p, o in triples)


def nquads(quads: Iterable[Quad]) -> str:
    """Write quads as N-Quads text (one line each, in the order given)."""
    return "".join(f"{nt_term(s)} {nt_term(p)} {nt_term(o)} <{g}> .\n" for s, p, o, g in quads)


PROVENANCE_GRAPHS = "/graph/provenance/"  # the path segment of every provenance graph's IRI (see graph.ids)


def in_union(graph: str) -> bool:
    """Whether a named graph's triples belong to the default graph that queries see: all but provenance graphs.

    >>> in_union("https://w3id.org/kamergraaf/graph/kst-19637-2699")
    True
    >>> in_union("https://w3id.org/kamergraaf/graph/provenance/kst-19637-2699")
    False
    """
    return PROVENANCE_GRAPHS not in graph


def union_insert(graphs: Iterable[URIRef]) -> str:
    """The update operation that copies named graphs into a store's default graph (its materialised union).

    Every store keeps the union, as a set, in its real default graph and queries that. Oxigraph's own union default
    graph is a bag: a triple held by 500 paper graphs (a dossier's title) is seen 500 times, which makes counts wrong
    and joins explode; rdflib's takes in every graph, provenance too. These operations keep the materialised union in
    step with the named graphs; graphs outside the union (:func:`in_union`) must not be given.
    """
    values = " ".join(f"<{g}>" for g in sorted(set(graphs)))
    return f"INSERT {{ ?s ?p ?o }} WHERE {{ VALUES ?g {{ {values} }} GRAPH ?g {{ ?s ?p ?o }} }}"


# a scratch graph that lives only inside one update: the triples of the graphs being dropped, to prune the union
UNION_SCRATCH = URIRef("urn:x-kamergraaf:union-scratch")


def drop_graphs(graphs: Iterable[URIRef]) -> list[str]:
    """The update operations that drop named graphs and take their triples out of the materialised union; run them
    as one update.

    A triple stays in the union while a graph that is not dropped holds it. The dropped graphs' triples are set
    aside in a scratch graph first, so that each is checked once against the graphs that remain (one index look-up
    that stops at the first holder) instead of against the list of graphs being dropped.
    """
    names = sorted(set(graphs))
    operations = [f"DROP SILENT GRAPH <{g}>" for g in names]
    members = [g for g in names if in_union(g)]
    if not members:
        return operations
    return [
        *(f"INSERT {{ GRAPH <{UNION_SCRATCH}> {{ ?s ?p ?o }} }} WHERE {{ GRAPH <{g}> {{ ?s ?p ?o }} }}"
          for g in members),
        *operations,
        *prune_union(),
    ]


def prune_union() -> list[str]:
    """The update operations that take the triples set aside in :data:`UNION_SCRATCH` out of the union, but those
    that a named graph still holds, and drop the scratch graph: the last step of taking triples out of graphs."""
    scratch = f"<{UNION_SCRATCH}>"
    return [
        f"DELETE {{ ?s ?p ?o }} WHERE {{ GRAPH {scratch} {{ ?s ?p ?o }} "
        f"FILTER NOT EXISTS {{ GRAPH ?other {{ ?s ?p ?o }} FILTER(?other != {scratch}) }} }}",
        f"DROP SILENT GRAPH {scratch}",
    ]


class MaterialisedUnion:
    """Graph replacement in SPARQL for stores that keep the union in their default graph (Oxigraph, remote; the
    in-memory store does the same in Python).

    The class using it provides ``update(sparql)``, run as one transaction.
    """

    def replace_graph(self, name: URIRef, triples: Iterable[Triple]) -> None:
        operations = [*drop_graphs([name]), f"INSERT DATA {{ GRAPH <{name}> {{\n{ntriples(triples)}}} }}"]
        if in_union(name):
            operations.append(union_insert([name]))
        run_updates(self, operations)

    def drop_graph(self, name: URIRef) -> None:
        run_updates(self, drop_graphs([name]))


def run_updates(store: Store, operations: Sequence[str]) -> None:
    """Run update operations: as one request (all or nothing) where the store can, else in groups.

    rdflib's update parser recurses once per operation, so the in-memory store (which a crash empties anyway) gets
    them in groups of ``store.update_group`` operations.
    """
    group = getattr(store, "update_group", None) or len(operations) or 1
    for start in range(0, len(operations), group):
        store.update(" ;\n".join(operations[start : start + group]))


def union_copies(text: str) -> str:
    """The default-graph lines (N-Triples) that materialise the union for N-Quads ``text``: the triple of each quad in
    a graph of the union (:func:`in_union`)."""
    import pyoxigraph  # noqa: PLC0415 - a fast N-Quads parser that also checks the text

    try:
        quads = pyoxigraph.parse(text, format=pyoxigraph.RdfFormat.N_QUADS)
        return "".join(f"{q.subject} {q.predicate} {q.object} .\n" for q in quads
                       if not isinstance(q.graph_name, pyoxigraph.DefaultGraph) and in_union(q.graph_name.value))
    except SyntaxError as e:
        raise StoreError(f"not valid N-Quads: {e}") from e


def result_from_rdflib(result) -> QueryResult:
    """Turn an rdflib query result into a :class:`QueryResult`."""
    if result.type == "SELECT":
        variables = tuple(str(v) for v in result.vars)
        return QueryResult("select", variables, tuple(tuple(row) for row in result))
    if result.type == "ASK":
        return QueryResult("ask", boolean=bool(result.askAnswer))
    graph = Graph()
    for triple in result.graph if result.graph is not None else result:
        graph.add(triple)
    return QueryResult("graph", graph=graph)


class MemoryStore:
    """rdflib's in-memory Dataset: the default for small inputs.

    Like the other stores it keeps the union of the facts and reference graphs, as a set, in its default graph:
    rdflib's own union default graph would take the provenance graphs in too.
    """

    update_group = 1  # rdflib's update parser recurses once per operation: send them one at a time

    def __init__(self):
        self.dataset = Dataset(default_union=False)

    def query(self, sparql: str, *, timeout: float | None = None) -> QueryResult:
        try:
            with warnings.catch_warnings():
                # rdflib 7.6's own SPARQL engine calls its deprecated Dataset.default_context; not our call to fix
                warnings.filterwarnings("ignore", message="Dataset.default_context is deprecated",
                                        category=DeprecationWarning)
                return result_from_rdflib(self.dataset.query(sparql))
        except Exception as e:  # rdflib raises pyparsing and other errors for bad queries
            raise QueryError(f"SPARQL query failed: {e}") from e

    def replace_graph(self, name: URIRef, triples: Iterable[Triple]) -> None:
        self.drop_graph(name)
        target = self.dataset.graph(name)
        triples = list(triples)
        for triple in triples:
            target.add(triple)
        if in_union(name):
            for triple in triples:
                self.dataset.default_graph.add(triple)

    def drop_graph(self, name: URIRef) -> None:
        """Drop a named graph and take its triples out of the union unless another graph of the union holds them
        (what :func:`drop_graphs` does in SPARQL, which rdflib evaluates slowly)."""
        graph = self.dataset.graph(name)
        triples = list(graph)
        self.dataset.remove_graph(graph)
        if not in_union(name):
            return
        default = self.dataset.default_graph
        for triple in triples:
            held = any(
                context.identifier != DATASET_DEFAULT_GRAPH_ID and in_union(context.identifier)
                for context in self.dataset.contexts(triple)
            )
            if not held:
                default.remove(triple)

    def graph_names(self) -> set[URIRef]:
        return {g.identifier for g in self.dataset.graphs() if isinstance(g.identifier, URIRef) and len(g)} - {
            DATASET_DEFAULT_GRAPH_ID
        }

    def quads(self, name: URIRef | None = None) -> Iterator[Quad]:
        if name is not None:
            # Dataset.quads with a graph name yields each matching triple once for every graph that holds it
            for s, p, o in self.dataset.get_context(name):
                yield s, p, o, name
            return
        for s, p, o, g in self.dataset.quads((None, None, None, None)):
            g = g if isinstance(g, URIRef) else getattr(g, "identifier", g)
            if g != DATASET_DEFAULT_GRAPH_ID:
                yield s, p, o, g

    def graph_ntriples(self, name: URIRef) -> bytes:
        import pyoxigraph  # noqa: PLC0415 - as in load_nquads

        from graph.store_oxigraph import to_oxigraph  # noqa: PLC0415 - store_oxigraph imports this module

        triples = (pyoxigraph.Triple(*map(to_oxigraph, (s, p, o))) for s, p, o, _ in self.quads(name))
        return pyoxigraph.serialize(triples, format=pyoxigraph.RdfFormat.N_TRIPLES)

    def update(self, sparql: str) -> None:
        try:
            with warnings.catch_warnings():
                warnings.filterwarnings("ignore", message="Dataset.default_context is deprecated",
                                        category=DeprecationWarning)
                self.dataset.update(sparql)
        except Exception as e:  # rdflib raises pyparsing and other errors for bad updates
            raise StoreError(f"SPARQL update failed: {e}") from e

    def load_nquads(self, text: str, *, union: bool = True) -> None:
        if not text:
            return
        import pyoxigraph  # noqa: PLC0415 - rdflib's own N-Quads parser is slower and warns on Dataset

        from graph.store_oxigraph import to_rdflib  # noqa: PLC0415

        try:
            quads = [
                (to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object), to_rdflib(q.graph_name))
                for q in pyoxigraph.parse(text, format=pyoxigraph.RdfFormat.N_QUADS)
            ]
        except SyntaxError as e:
            raise StoreError(f"not valid N-Quads: {e}") from e
        default = self.dataset.default_graph
        graphs: dict = {None: default}
        for _, _, _, g in quads:
            if g not in graphs:
                graphs[g] = self.dataset.graph(g)
        self.dataset.addN((s, p, o, graphs[g]) for s, p, o, g in quads)
        if union:
            self.dataset.addN((s, p, o, default) for s, p, o, g in quads if g is not None and in_union(g))

    def __len__(self) -> int:
        return sum(1 for _ in self.quads())

    def close(self) -> None:
        pass


FILE_FORMATS = {".ttl": "turtle", ".nt": "nt", ".nq": "nquads", ".trig": "trig", ".jsonld": "json-ld"}

# The triples of a file that has no graph names (Turtle, N-Triples) live in this named graph of the store, so that
# every store keeps quads in named graphs; exports write it back as the default graph.
UNNAMED_GRAPH = URIRef("urn:x-kamergraaf:unnamed-graph")


def open_store(location: str | Path) -> Store:
    """Open the graph at ``location``: an RDF file (read into an in-memory Oxigraph store), an Oxigraph directory,
    or an http(s) SPARQL endpoint."""
    text = str(location)
    if text.startswith(("http://", "https://")):
        from graph.store_remote import RemoteStore  # noqa: PLC0415 - optional backend

        return RemoteStore(text)
    path = Path(location)
    if path.is_dir():
        from graph.store_oxigraph import OxigraphStore  # noqa: PLC0415 - optional backend

        return OxigraphStore(path)
    if path.suffix.lower() not in FILE_FORMATS:
        raise StoreError(
            f"{path}: unknown graph file type {path.suffix!r}. Choose one of: {', '.join(sorted(FILE_FORMATS))}, "
            "an Oxigraph store directory, or an http(s) SPARQL endpoint."
        )
    if not path.is_file():
        raise StoreError(f"{path}: no such graph file")
    return _read_file(path)


def _read_file(path: Path) -> Store:
    import pyoxigraph as ox  # noqa: PLC0415

    from graph.store_oxigraph import OxigraphStore  # noqa: PLC0415

    unnamed = ox.NamedNode(str(UNNAMED_GRAPH))
    lines = []
    try:
        with path.open("rb") as handle:
            for q in ox.parse(handle, format=ox.RdfFormat.from_extension(path.suffix.lstrip(".").lower())):
                graph = unnamed if isinstance(q.graph_name, ox.DefaultGraph) else q.graph_name
                lines.append(f"{q.subject} {q.predicate} {q.object} {graph} .\n")
    except SyntaxError as e:
        raise StoreError(f"{path}: not valid {FILE_FORMATS[path.suffix.lower()]}: {e}") from e
    except OSError as e:
        raise StoreError(f"{path}: cannot read the graph file: {e.strerror or e}") from e
    store = OxigraphStore(None)
    store.load_nquads("".join(lines))
    return store
