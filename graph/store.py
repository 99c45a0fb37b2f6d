"""Where the graph lives: one interface over rdflib in memory, Oxigraph on disk and any remote SPARQL 1.1 store.

Every store holds quads: each paper's facts in a named graph of its own (so a paper can be replaced), its provenance
in another, and the register and gazetteer in theirs. Queries see the union of all named graphs as the default
graph, on every store.

>>> from rdflib import URIRef, Literal
>>> s = MemoryStore()
>>> g = URIRef("https://example.org/g")
>>> s.replace_graph(g, [(URIRef("https://example.org/a"), URIRef("https://example.org/p"), Literal("x"))])
>>> s.query("SELECT ?o WHERE { ?s ?p ?o }").rows
((rdflib.term.Literal('x'),),)
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator, Literal as TypingLiteral, Protocol

from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.term import Node

from graph.model import KamergraafError

Triple = tuple[Node, Node, Node]
Quad = tuple[Node, Node, Node, URIRef]


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

    def update(self, sparql: str) -> None:
        """Run a SPARQL 1.1 update, all or nothing."""

    def load_nquads(self, text: str, *, union: bool = True) -> None:
        """Add N-Quads text (quads in named graphs), all or nothing; ``union=False`` keeps them out of the union
        default graph where the store materialises it (bookkeeping)."""

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


def union_insert(graphs: Iterable[URIRef]) -> str:
    """The update operation that copies named graphs into a store's default graph (its materialised union).

    Oxigraph's own union default graph is a bag: a triple held by 500 paper graphs (a dossier's title) is seen 500
    times, which makes counts wrong and joins explode. Stores with ``materialised_union = True`` therefore keep the
    union, as a set, in their default graph and query that; these operations keep it in step with the named graphs.
    """
    values = " ".join(f"<{g}>" for g in sorted(set(graphs)))
    return f"INSERT {{ ?s ?p ?o }} WHERE {{ VALUES ?g {{ {values} }} GRAPH ?g {{ ?s ?p ?o }} }}"


def union_delete(graphs: Iterable[URIRef]) -> str:
    """The update operation that takes named graphs out of the materialised union (run it before dropping them).

    A triple stays when a graph outside ``graphs`` also holds it.
    """
    names = sorted(set(graphs))
    values, listed = " ".join(f"<{g}>" for g in names), ", ".join(f"<{g}>" for g in names)
    return (
        f"DELETE {{ ?s ?p ?o }} WHERE {{ VALUES ?g {{ {values} }} GRAPH ?g {{ ?s ?p ?o }} "
        f"FILTER NOT EXISTS {{ GRAPH ?other {{ ?s ?p ?o }} FILTER(?other NOT IN ({listed})) }} }}"
    )


class MaterialisedUnion:
    """Graph replacement for stores that keep the union of their named graphs in the default graph (Oxigraph, remote).

    The class using it provides ``update(sparql)``, run as one transaction.
    """

    materialised_union = True

    def replace_graph(self, name: URIRef, triples: Iterable[Triple]) -> None:
        graph = f"<{name}>"
        self.update(f"{union_delete([name])} ;\nDROP SILENT GRAPH {graph} ;\n"
                    f"INSERT DATA {{ GRAPH {graph} {{\n{ntriples(triples)}}} }} ;\n{union_insert([name])}")

    def drop_graph(self, name: URIRef) -> None:
        self.update(f"{union_delete([name])} ;\nDROP SILENT GRAPH <{name}>")


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
    """rdflib's in-memory Dataset: the default for small inputs and for files read with ``open_store``."""

    update_group = 1  # rdflib's update parser recurses once per operation: send them one at a time

    def __init__(self, dataset: Dataset | None = None):
        self.dataset = dataset if dataset is not None else Dataset(default_union=True)

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
        self.dataset.remove_graph(self.dataset.graph(name))
        target = self.dataset.graph(name)
        for triple in triples:
            target.add(triple)

    def drop_graph(self, name: URIRef) -> None:
        self.dataset.remove_graph(self.dataset.graph(name))

    def graph_names(self) -> set[URIRef]:
        return {g.identifier for g in self.dataset.graphs() if isinstance(g.identifier, URIRef) and len(g)} - {
            URIRef("urn:x-rdflib:default")
        }

    def quads(self, name: URIRef | None = None) -> Iterator[Quad]:
        for s, p, o, g in self.dataset.quads((None, None, None, name)):
            yield s, p, o, g if isinstance(g, URIRef) else getattr(g, "identifier", g)

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
        graphs: dict = {}
        for s, p, o, g in quads:
            if g is None:
                raise StoreError(f"Expected quads in named graphs, got a triple in the default graph: {s} {p} {o}")
            if g not in graphs:
                graphs[g] = self.dataset.graph(g)
        self.dataset.addN((s, p, o, graphs[g]) for s, p, o, g in quads)

    def __len__(self) -> int:
        return sum(1 for _ in self.dataset.quads((None, None, None, None)))

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
