"""Any SPARQL 1.1 store over HTTP: the SPARQL 1.1 Protocol for queries and updates, the Graph Store Protocol for
loading and replacing graphs.

Queries see the union of the facts and reference graphs as the default graph, as on every Kamergraaf store, and as
a set: like :class:`~graph.store_oxigraph.OxigraphStore`, this store keeps that union in the server's real default
graph (every write here updates it; see :func:`graph.store.union_insert`), so run the server *without* a
union-default-graph mode (plain ``oxigraph serve``; Fuseki without ``unionDefaultGraph``), whose bag union would count
shared triples once per paper and take the provenance graphs in. Endpoints are found from one URL:
an Oxigraph-style ``.../query`` gives ``.../update`` and ``.../store``, a Fuseki-style ``.../sparql`` gives
``.../update`` and ``.../data``, and a bare server URL gets ``/query``, ``/update`` and ``/store``.

>>> RemoteStore("http://127.0.0.1:7878/query").endpoints
('http://127.0.0.1:7878/query', 'http://127.0.0.1:7878/update', 'http://127.0.0.1:7878/store')
>>> RemoteStore("http://localhost:3030/ds/sparql").endpoints
('http://localhost:3030/ds/sparql', 'http://localhost:3030/ds/update', 'http://localhost:3030/ds/data')
"""

from __future__ import annotations

import json
from typing import BinaryIO, Iterator

import pyoxigraph as ox
import requests
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from graph.store import MaterialisedUnion, Quad, QueryError, QueryResult, StoreError, union_copies

_SIBLINGS = {"query": ("update", "store"), "sparql": ("update", "data")}


def _endpoints(url: str) -> tuple[str, str, str]:
    head, _, last = url.rstrip("/").rpartition("/")
    if last in _SIBLINGS and "://" in head:
        update, store = _SIBLINGS[last]
        return url, f"{head}/{update}", f"{head}/{store}"
    root = url.rstrip("/")
    return f"{root}/query", f"{root}/update", f"{root}/store"


def _term(binding: dict) -> Node:
    kind = binding["type"]
    if kind == "uri":
        return URIRef(binding["value"])
    if kind == "bnode":
        return BNode(binding["value"])
    if kind in ("literal", "typed-literal"):
        datatype = binding.get("datatype")
        if binding.get("xml:lang"):
            return Literal(binding["value"], lang=binding["xml:lang"])
        if datatype in (None, "http://www.w3.org/2001/XMLSchema#string"):
            return Literal(binding["value"])
        return Literal(binding["value"], datatype=URIRef(datatype))
    raise StoreError(f"Expected a uri, bnode or literal in SPARQL JSON results, got type {kind!r}")


def result_from_json(data: dict) -> QueryResult:
    """Turn SPARQL 1.1 JSON results into a :class:`QueryResult`.

    >>> result_from_json({"head": {"vars": ["x"]}, "results": {"bindings": [{"x": {"type": "literal", "value": "1"}}]}})
    QueryResult(kind='select', variables=('x',), rows=((rdflib.term.Literal('1'),),), boolean=None, graph=None)
    """
    if "boolean" in data:
        return QueryResult("ask", boolean=bool(data["boolean"]))
    variables = tuple(data["head"]["vars"])
    rows = tuple(
        tuple(_term(b[v]) if v in b else None for v in variables) for b in data["results"]["bindings"]
    )
    return QueryResult("select", variables, rows)


class RemoteStore(MaterialisedUnion):
    """A SPARQL 1.1 store at ``url``; ``update_url`` and ``store_url`` override the endpoints found from it."""

    def __init__(self, url: str, *, update_url: str | None = None, store_url: str | None = None,
                 timeout: float = 300.0):
        query, update, store = _endpoints(url)
        self.endpoints = (query, update_url or update, store_url or store)
        self.timeout = timeout
        self.session = requests.Session()

    def _send(self, method: str, url: str, what: str, **kwargs) -> requests.Response:
        kwargs.setdefault("timeout", self.timeout)
        try:
            response = self.session.request(method, url, **kwargs)
        except requests.RequestException as e:
            raise StoreError(f"{url}: cannot reach the SPARQL store to {what}: {e}") from e
        if response.status_code >= 400:
            error = QueryError if what == "query" else StoreError
            raise error(f"{url}: the store refused to {what} (HTTP {response.status_code}): {response.text[:500]}")
        return response

    # -- reading ---------------------------------------------------------------------------------------------------

    def query(self, sparql: str, *, timeout: float | None = None) -> QueryResult:
        response = self._send(
            "POST", self.endpoints[0], "query", data=sparql.encode("utf-8"),
            headers={"Content-Type": "application/sparql-query; charset=utf-8",
                     "Accept": "application/sparql-results+json, application/n-triples;q=0.9"},
            timeout=timeout or self.timeout,
        )
        content_type = response.headers.get("Content-Type", "").split(";")[0].strip()
        if content_type in ("application/sparql-results+json", "application/json"):
            return result_from_json(json.loads(response.content))
        graph = Graph()
        graph.parse(data=response.content.decode("utf-8"), format="nt")
        return QueryResult("graph", graph=graph)

    def graph_names(self) -> set[URIRef]:
        rows = self.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }").rows
        return {row[0] for row in rows if isinstance(row[0], URIRef)}

    def quads(self, name: URIRef | None = None) -> Iterator[Quad]:
        target = f"<{name}>" if name is not None else "?g"
        rows = self.query(f"SELECT ?s ?p ?o ?g WHERE {{ GRAPH {target} {{ ?s ?p ?o }} }}").rows
        for s, p, o, g in rows:
            yield s, p, o, g if name is None else name

    def graph_ntriples(self, name: URIRef) -> bytes:
        """GET the graph from the Graph Store endpoint and write it again with pyoxigraph (servers differ in how they
        escape and type literals)."""
        response = self._send("GET", self.endpoints[2], "read a graph", params={"graph": str(name)},
                              headers={"Accept": "application/n-triples"})
        try:
            triples = ox.parse(response.content, format=ox.RdfFormat.N_TRIPLES)
            return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
        except SyntaxError as e:
            raise StoreError(f"{self.endpoints[2]}: the graph <{name}> is not valid N-Triples: {e}") from e

    def __len__(self) -> int:
        rows = self.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }").rows
        return int(rows[0][0])

    # -- writing ---------------------------------------------------------------------------------------------------

    def load_nquads(self, text: str, *, union: bool = True) -> None:
        """POST N-Quads to the Graph Store endpoint with, unless ``union=False``, their union copies (one request:
        all or nothing on Oxigraph)."""
        if union and text:
            text += union_copies(text)
        self.bulk_load_nquads(text.encode("utf-8"))

    def bulk_load_nquads(self, data: bytes | BinaryIO) -> None:
        """POST UTF-8 N-Quads (bytes, or a binary stream read to its end) to the Graph Store endpoint as they are,
        without union copies (one request)."""
        body = data if isinstance(data, bytes) else data.read()
        if body:
            self._send("POST", self.endpoints[2], "load quads", data=body,
                       headers={"Content-Type": "application/n-quads"})

    def update(self, sparql: str) -> None:
        self._send("POST", self.endpoints[1], "update", data=sparql.encode("utf-8"),
                   headers={"Content-Type": "application/sparql-update; charset=utf-8"})

    def close(self) -> None:
        self.session.close()
