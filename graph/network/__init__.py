"""The interactive network of papers, dossiers and actors: built from the store with networkx, drawn with vis-network.

>>> from graph.store import MemoryStore
>>> network_graph(MemoryStore()).number_of_nodes()
0
"""

from graph.network.build import (
    ACTOR_KINDS,
    KINDS,
    NetworkError,
    aggregate_graph,
    filter_graph,
    full_graph,
    network_graph,
)
from graph.network.page import layout, page_data, render_graph, render_html, write_network

__all__ = [
    "ACTOR_KINDS", "KINDS", "NetworkError", "aggregate_graph", "filter_graph", "full_graph", "layout", "network_graph",
    "page_data", "render_graph", "render_html", "write_network",
]
