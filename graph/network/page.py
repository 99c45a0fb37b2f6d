"""Draw a network as one self-contained HTML page: positions computed here, physics off, every asset inline.

vis-network comes from the pyvis package's own bundled copy; the page template, script and style are ours because
pyvis's template links Bootstrap and other files from a CDN and renders tooltips as HTML. The page loads nothing
from the network (a Content-Security-Policy forbids it) and puts every text from the graph in through
``textContent``: the graph data travels as JSON in a ``<script type="application/json">`` block with ``<``, ``>``
and ``&`` escaped, so no title can close the block.
"""

from __future__ import annotations

import functools
import html
import importlib.util
import json
import math
from importlib import resources
from pathlib import Path

import networkx as nx

from graph.fsutil import atomic_write_text
from graph.network.build import KINDS, NetworkError, network_graph
from graph.store import Store

VIS_NETWORK = "lib/vis-9.1.2/vis-network.min.js"
LAYOUT_SEED = 20210215
LABEL_LIMIT = 40

# colour, border and vis shape per node kind; shapes that draw the label beneath them keep big graphs readable
KIND_STYLE: dict[str, dict[str, str]] = {
    "document": {"label": "paper", "color": "#4e79a7", "border": "#2b4a6f", "shape": "square", "glyph": "\u25a0"},
    "dossier": {"label": "dossier", "color": "#f28e2b", "border": "#a85d12", "shape": "diamond", "glyph": "\u25c6"},
    "person": {"label": "person", "color": "#e15759", "border": "#9c2d2f", "shape": "dot", "glyph": "\u25cf"},
    "post": {"label": "post", "color": "#76b7b2", "border": "#3f7d78", "shape": "triangle", "glyph": "\u25b2"},
    "organisation": {"label": "organisation", "color": "#59a14f", "border": "#2f6b27", "shape": "hexagon",
                     "glyph": "\u2b22"},
}

VIS_OPTIONS = {
    "physics": {"enabled": False},
    "layout": {"improvedLayout": False},
    "interaction": {"hover": True, "tooltipDelay": 150, "hideEdgesOnDrag": True},
    "edges": {"smooth": False, "color": {"color": "#b9b9b9", "highlight": "#444", "hover": "#777"}},
    "nodes": {"font": {"size": 12, "face": "system-ui, sans-serif"}},
}

CSP = ("default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; "
       "font-src 'none'; connect-src 'none'; base-uri 'none'; form-action 'none'")


def _asset(name: str) -> str:
    return resources.files("graph.network").joinpath("assets", name).read_text(encoding="utf-8")


@functools.cache
def vis_network_js() -> str:
    """Return pyvis's bundled vis-network script (standalone build, with vis.DataSet), read once.

    The file is found without importing pyvis, which would pull in IPython and Jinja for nothing.
    """
    spec = importlib.util.find_spec("pyvis")
    locations = list(spec.submodule_search_locations or []) if spec else []
    for location in locations:
        path = Path(location, VIS_NETWORK)
        if path.is_file():
            return path.read_text(encoding="utf-8")
    raise NetworkError(f"Expected vis-network at pyvis/{VIS_NETWORK} (pyvis 0.3.2); looked in {locations}")


def _component_layout(component: nx.Graph) -> dict[str, tuple[float, float]]:
    """Lay out one connected component around (0, 0), spaced so that labels have room."""
    n = component.number_of_nodes()
    if n == 1:
        return {next(iter(component)): (0.0, 0.0)}
    # networkx's layout costs ~0.2 s an iteration at 2,000 nodes here; past 1,000 nodes fewer iterations still untangle
    iterations = 50 if n <= 1000 else 30
    positions = nx.spring_layout(component, seed=LAYOUT_SEED, iterations=iterations, scale=40 + 55 * math.sqrt(n))
    return {node: (float(x), float(y)) for node, (x, y) in positions.items()}


def layout(graph: nx.Graph) -> dict[str, tuple[int, int]]:
    """Compute fixed positions (pixels, rounded): a seeded force layout per connected component, packed in rows.

    Laying out components apart keeps a few stray nodes from pushing the main network into a corner: the largest
    component comes first, the smaller ones and single nodes follow in rows beneath it.

    >>> g = nx.Graph([("a", "b"), ("c", "d")])
    >>> layout(g) == layout(g), len(set(layout(g).values()))
    (True, 4)
    """
    components = []
    for nodes in nx.connected_components(graph):
        component = nx.Graph()
        component.add_nodes_from(sorted(nodes))
        component.add_edges_from(sorted(tuple(sorted(e)) for e in graph.subgraph(nodes).edges))
        components.append(component)
    components.sort(key=lambda c: (-c.number_of_nodes(), min(c.nodes)))
    placed = [_component_layout(c) for c in components]
    gap = 80.0
    widths = [max(x for x, _ in p.values()) - min(x for x, _ in p.values()) + gap for p in placed]
    row_width = max([widths[0] if widths else 0.0, math.sqrt(sum(w * w for w in widths))])
    positions: dict[str, tuple[int, int]] = {}
    cursor_x = cursor_y = row_height = 0.0
    for component in placed:
        xs = [x for x, _ in component.values()]
        ys = [y for _, y in component.values()]
        width, height = max(xs) - min(xs) + gap, max(ys) - min(ys) + gap
        if cursor_x > 0 and cursor_x + width > row_width:
            cursor_x, cursor_y, row_height = 0.0, cursor_y + row_height, 0.0
        for node, (x, y) in component.items():
            positions[node] = (round(cursor_x + x - min(xs)), round(cursor_y + y - min(ys)))
        cursor_x += width
        row_height = max(row_height, height)
    return positions


def _short(text: str) -> str:
    return text if len(text) <= LABEL_LIMIT else text[: LABEL_LIMIT - 1].rstrip() + "\u2026"


def page_data(graph: nx.Graph, *, resource_link: str | None = None) -> dict:
    """Turn a network graph into the JSON the page script draws: nodes with positions and sizes, edges, styles."""
    positions = layout(graph)
    strength = {n: sum(d.get("weight", 1) for _, _, d in graph.edges(n, data=True)) for n in graph}
    top = max(strength.values(), default=0) or 1
    nodes = []
    for node in sorted(graph.nodes):
        data = graph.nodes[node]
        if data.get("kind") not in KINDS:
            raise NetworkError(f"Node {node!r} has kind {data.get('kind')!r}; expected one of {', '.join(KINDS)}")
        x, y = positions[node]
        entry = {
            "id": node, "kind": data["kind"], "label": _short(data["label"]), "name": data["title"],
            "date": data.get("date"), "url": data.get("url"), "docType": data.get("doc_type"),
            "x": x, "y": y, "size": round(8 + 22 * math.sqrt(strength[node] / top), 1),
        }
        if "papers" in data:
            entry["papers"] = data["papers"]
        nodes.append(entry)
    edges = []
    for i, (a, b) in enumerate(sorted(tuple(sorted(e)) for e in graph.edges)):
        attrs = graph.edges[a, b]
        weight = attrs.get("weight", 1)
        title = f"{attrs.get('relation', '')} ({weight})" if weight != 1 else attrs.get("relation", "")
        edges.append({"id": i, "from": a, "to": b, "width": round(1 + math.log2(weight), 2), "title": title})
    return {
        "nodes": nodes,
        "edges": edges,
        "kinds": {k: {key: KIND_STYLE[k][key] for key in ("label", "color", "border", "shape")} for k in KINDS},
        "focus": graph.graph.get("focus"),
        "truncated": graph.graph.get("truncated"),
        "resourceLink": resource_link,
        "options": VIS_OPTIONS,
    }


def _script_json(value: dict) -> str:
    """Serialise ``value`` for a ``<script type="application/json">`` block: sorted, and unable to close it.

    >>> _script_json({"t": "</script><b>&"})
    '{"t":"\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e\\\\u0026"}'
    """
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _legend() -> str:
    items = "".join(
        f'<li data-kind="{k}"><span class="kg-swatch" style="color:{KIND_STYLE[k]["color"]}">'
        f'{KIND_STYLE[k]["glyph"]}</span>{KIND_STYLE[k]["label"]}</li>'
        for k in KINDS
    )
    return f'<ul class="kg-legend" aria-label="Legend">{items}</ul>'


FILTERS = """<form id="kg-filters" class="kg-filters">
<label>Dossier <select name="dossier"><option value="">all</option></select></label>
<span id="kg-period"><label>From <input type="date" name="since"></label>
<label>to <input type="date" name="until"></label></span>
<label>Actor <select name="actor"><option value="">all</option></select></label>
<button type="reset">Show all</button>
<span id="kg-status" class="kg-status" role="status"></span>
</form>"""


def render_graph(graph: nx.Graph, *, title: str, resource_link: str | None = None) -> str:
    """Render an already built network graph as a whole self-contained HTML page."""
    data = page_data(graph, resource_link=resource_link)
    return "\n".join([
        "<!DOCTYPE html>",
        '<html lang="nl">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{html.escape(title)}</title>",
        f"<style>\n{_asset('network.css')}</style>",
        "</head>",
        f'<body data-nodes="{len(data["nodes"])}" data-edges="{len(data["edges"])}">',
        f"<header><h1>{html.escape(title)}</h1>{_legend()}{FILTERS}</header>",
        '<main><div id="kg-network"></div><aside id="kg-details" aria-live="polite" hidden></aside></main>',
        f'<script type="application/json" id="kg-data">{_script_json(data)}</script>',
        f"<script>\n{vis_network_js()}\n</script>",
        f"<script>\n{_asset('network.js')}</script>",
        "</body>",
        "</html>",
        "",
    ])


def render_html(
    store_or_graph: Store | nx.Graph,
    *,
    title: str,
    resource_link: str | None = None,
    **options,
) -> str:
    """Build the network of a store (``options`` as for :func:`network_graph`) or take a built one, as a page.

    ``resource_link`` is a URL template with ``{iri}`` (URL-encoded node IRI) that the details panel links to, e.g.
    ``"/resource?iri={iri}"`` on the server.
    """
    if isinstance(store_or_graph, nx.Graph):
        if options:
            raise NetworkError(f"Filters apply to a store, not to a built graph; got {', '.join(sorted(options))}")
        graph = store_or_graph
    else:
        graph = network_graph(store_or_graph, **options)
    return render_graph(graph, title=title, resource_link=resource_link)


def write_network(store: Store, path: str | Path, *, title: str = "Kamergraaf network", **options) -> int:
    """Write the network page of ``store`` to ``path`` atomically; return the number of nodes drawn."""
    graph = network_graph(store, **{k: v for k, v in options.items() if k != "resource_link"})
    atomic_write_text(path, render_graph(graph, title=title, resource_link=options.get("resource_link")))
    return graph.number_of_nodes()
