"""Checks shared by the build tests: what a store holds, and that its default graph is exactly the union."""

from __future__ import annotations

from pathlib import Path

from graph.build_index import INDEX_KEY
from graph.ids import Minter
from graph.pipeline import build
from graph.store import in_union, nquads
from graph.store_oxigraph import OxigraphStore


def quad_lines(store) -> set[str]:
    """The store's quads as N-Quads lines, after checking that the default graph is exactly the triples of the facts
    and reference graphs: no provenance, no bookkeeping, nothing left of a replaced or removed paper."""
    build_graph = Minter().graph("build")
    named = {(s, p, o) for s, p, o, g in store.quads() if g != build_graph and in_union(g)}
    union = {tuple(row) for row in store.query("SELECT ?s ?p ?o WHERE { ?s ?p ?o }").rows}
    assert union == named
    claims = store.query(
        "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?c a <http://www.w3.org/1999/02/22-rdf-syntax-ns#Statement> } }"
    )
    assert int(claims.rows[0][0]) > 0  # the provenance is there, by name
    # the hash of the build index, which stores on disk alone keep, covers the source files' times: not compared
    index_key = Minter().graph(INDEX_KEY)
    return {line for line in nquads(store.quads()).split("\n") if line and not line.startswith(f"<{index_key}> ")}


def fresh_quad_lines(paths: list[Path], directory: Path) -> set[str]:
    """:func:`quad_lines` of a build of ``paths`` into a new Oxigraph store in ``directory``."""
    store = OxigraphStore(directory)
    build(paths, store, minter=Minter(), jobs=1)
    return quad_lines(store)
