"""Read the network out of a store: papers, dossiers and actors as a networkx graph, filtered and aggregated.

Every node is keyed by its IRI and carries ``kind`` (one of :data:`KINDS`), ``label`` (short, shown on the drawing),
``title`` (long, shown in the tooltip), ``date`` (ISO, papers only), ``url`` (the official page, papers only) and,
for papers, ``dossiers`` (the IRIs of their dossiers). Edges carry ``relation`` (the predicate's local name) and
``weight`` (how many papers an aggregated edge stands for; 1 otherwise).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date

import networkx as nx

from graph.model import KamergraafError
from graph.store import Store

KINDS: tuple[str, ...] = ("document", "dossier", "person", "post", "organisation")
ACTOR_KINDS: tuple[str, ...] = ("person", "post", "organisation")

PREFIXES = """\
PREFIX kg: <https://w3id.org/kamergraaf/def#>
PREFIX eli: <http://data.europa.eu/eli/ontology#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX schema: <http://schema.org/>
"""

TYPED_NODES = PREFIXES + """\
SELECT DISTINCT ?node ?kind WHERE {
  VALUES (?class ?kind) {
    (eli:Work "document") (kg:Kamerstuk "document") (kg:Kamervraag "document") (kg:OtherDocument "document")
    (kg:Dossier "dossier") (foaf:Person "person") (org:Post "post") (org:Organization "organisation")
  }
  ?node a ?class .
  FILTER(isIRI(?node))
}"""

NODE_PROPERTIES = PREFIXES + """\
SELECT DISTINCT ?node ?property ?value WHERE {
  VALUES ?property {
    dct:title dct:identifier rdfs:label foaf:name skos:prefLabel eli:date_document schema:url kg:documentType
  }
  ?node ?property ?value .
  FILTER(isIRI(?node))
}"""

# (predicate, kind of subject, kind of object or None where the object's own type decides)
RELATIONS: dict[str, tuple[str, str, str | None]] = {
    "http://data.europa.eu/eli/ontology#is_part_of": ("is_part_of", "document", "dossier"),
    "http://data.europa.eu/eli/ontology#cites": ("cites", "document", "document"),
    "https://w3id.org/kamergraaf/def#sender": ("sender", "document", "post"),
    "https://w3id.org/kamergraaf/def#signedBy": ("signedBy", "document", "person"),
    "https://w3id.org/kamergraaf/def#onBehalfOf": ("onBehalfOf", "document", "post"),
    "https://w3id.org/kamergraaf/def#addressee": ("addressee", "document", "post"),
    "https://w3id.org/kamergraaf/def#mentions": ("mentions", "document", None),
    "http://www.w3.org/ns/org#postIn": ("postIn", "post", "organisation"),
}

EDGES = PREFIXES + """\
SELECT DISTINCT ?subject ?predicate ?object WHERE {
  VALUES ?predicate { %s }
  ?subject ?predicate ?object .
  FILTER(isIRI(?subject) && isIRI(?object))
}""" % " ".join(f"<{p}>" for p in RELATIONS)

MEMBERSHIPS = PREFIXES + """\
SELECT DISTINCT ?person ?post WHERE {
  ?membership org:member ?person ; kg:post ?post .
  FILTER(isIRI(?person) && isIRI(?post))
}"""


class NetworkError(KamergraafError):
    """A network could not be built as asked (an unknown focus, dossier or actor, or a malformed store)."""


def _local_name(iri: str) -> str:
    return iri.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def _pick(values: set[str]) -> str | None:
    """Choose one of several values deterministically (the shortest, then the first in code-point order)."""
    return min(values, key=lambda v: (len(v), v)) if values else None


def _select(store: Store, sparql: str) -> list[tuple[str | None, ...]]:
    result = store.query(sparql)
    if result.kind != "select":
        raise NetworkError(f"Expected SELECT rows from the store, got a {result.kind} result")
    return [tuple(None if term is None else str(term) for term in row) for row in result.rows]


def full_graph(store: Store) -> nx.Graph:
    """Read every paper, dossier and actor linked to a paper from ``store`` into an undirected graph.

    Register and gazetteer entries that no paper links to are left out; memberships join a person to a post only
    where both are already in the graph.
    """
    kinds: dict[str, str] = {}
    for node, kind in _select(store, TYPED_NODES):
        # a node typed twice (say eli:Work and foaf:Person by mistake) keeps the first kind in KINDS order
        if node not in kinds or KINDS.index(kind) < KINDS.index(kinds[node]):
            kinds[node] = kind

    edges: list[tuple[str, str, str]] = []
    for subject, predicate, obj in _select(store, EDGES):
        relation, subject_kind, object_kind = RELATIONS[predicate]
        if kinds.get(subject) != subject_kind:
            continue  # e.g. kg:onBehalfOf on a signing event: the paper carries its own copy
        if obj not in kinds and object_kind is not None:
            kinds[obj] = object_kind  # linked but not typed in this store (a cited paper, a dossier without data)
        if obj in kinds:
            edges.append((subject, obj, relation))

    linked = {n for n, kind in kinds.items() if kind == "document"}
    linked |= {n for s, o, _ in edges for n in (s, o) if kinds[s] == "document"}
    properties: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for node, prop, value in _select(store, NODE_PROPERTIES):
        properties[node][_local_name(prop)].add(value)

    graph = nx.Graph()
    posts_and_orgs = [(s, o, r) for s, o, r in edges if r == "postIn" and s in linked]
    linked |= {o for _, o, _ in posts_and_orgs}
    for node in sorted(linked):
        graph.add_node(node, **_attributes(node, kinds[node], properties.get(node, {})))
    for subject, obj, relation in sorted(edges):
        if subject in linked and obj in linked and subject != obj:
            if graph.has_edge(subject, obj):  # signed and mentioned, say: one line, both relations named
                relation = ", ".join(sorted({*graph.edges[subject, obj]["relation"].split(", "), relation}))
            graph.add_edge(subject, obj, relation=relation, weight=1)
    for person, post in sorted(_select(store, MEMBERSHIPS)):
        if graph.has_node(person) and graph.has_node(post) and not graph.has_edge(person, post):
            graph.add_edge(person, post, relation="holds", weight=1)
    for node, data in graph.nodes(data=True):
        if data["kind"] == "document":
            data["dossiers"] = sorted(n for n in graph[node] if graph.nodes[n]["kind"] == "dossier")
    return graph


def _attributes(node: str, kind: str, props: dict[str, set[str]]) -> dict:
    identifier = _pick(props.get("identifier", set()))
    name = _pick(props.get("name", set()) | props.get("prefLabel", set()) | props.get("label", set()))
    title = _pick(props.get("title", set()))
    if kind == "document":
        label = identifier or name or _local_name(node)
    elif kind == "dossier":
        label = identifier or _local_name(node)
    else:
        label = name or title or _local_name(node)
    dates = sorted(props.get("date_document", set()))
    return {
        "kind": kind,
        "label": label,
        "title": title or name or label,
        "date": dates[0] if dates else None,
        "url": _pick({u for u in props.get("url", set()) if u.startswith(("https://", "http://"))}),
        "doc_type": _pick(props.get("documentType", set())),
    }


def _matching(graph: nx.Graph, wanted: str, kinds: tuple[str, ...], what: str) -> set[str]:
    """Nodes of ``kinds`` whose IRI, label or (dossiers) number is ``wanted``, case-insensitively."""
    needle = wanted.strip().casefold()
    found = {
        n
        for n, d in graph.nodes(data=True)
        if d["kind"] in kinds and needle in (n.casefold(), d["label"].casefold(), d["title"].casefold())
    }
    if not found:
        known = sorted(d["label"] for _, d in graph.nodes(data=True) if d["kind"] in kinds)
        shown = ", ".join(known[:10]) + (", ..." if len(known) > 10 else "")
        raise NetworkError(f"No {what} {wanted!r} in the graph. Choose one of: {shown or '(none)'}")
    return found


def filter_graph(
    graph: nx.Graph,
    *,
    dossier: str | None = None,
    since: date | None = None,
    until: date | None = None,
    actor: str | None = None,
) -> nx.Graph:
    """Keep the papers that pass every filter, with all their neighbours; with no filter, return ``graph`` as is.

    ``dossier`` is a dossier IRI or number (``"19637"``, ``"21501-20"``); ``actor`` a person, post or organisation
    IRI or name (``"S.A. Blok"``); a paper without a date fails a period filter.
    """
    if dossier is None and since is None and until is None and actor is None:
        return graph
    papers = {n for n, d in graph.nodes(data=True) if d["kind"] == "document"}
    if dossier is not None:
        dossiers = _matching(graph, dossier, ("dossier",), "dossier")
        papers = {p for p in papers if dossiers & set(graph[p])}
    if since is not None or until is not None:
        low, high = (since or date.min).isoformat(), (until or date.max).isoformat()
        papers = {p for p in papers if graph.nodes[p]["date"] and low <= graph.nodes[p]["date"][:10] <= high}
    if actor is not None:
        actors = _matching(graph, actor, ACTOR_KINDS, "actor")
        papers = {p for p in papers if actors & set(graph[p])}
    keep = set(papers)
    for paper in papers:
        keep.update(graph[paper])
    return graph.subgraph(sorted(keep)).copy()


def aggregate_graph(graph: nx.Graph) -> nx.Graph:
    """Fold papers away: link each actor to each dossier by the number of papers that join them.

    Dossier nodes get ``papers`` (how many papers of the dossier are in ``graph``); an edge's ``weight`` is the
    number of papers in that dossier the actor signed, sent, received, was named in or acted on behalf of.
    """
    weights: Counter[tuple[str, str]] = Counter()
    papers_per_dossier: Counter[str] = Counter()
    for paper, data in graph.nodes(data=True):
        if data["kind"] != "document":
            continue
        dossiers = [n for n in graph[paper] if graph.nodes[n]["kind"] == "dossier"]
        actors = [n for n in graph[paper] if graph.nodes[n]["kind"] in ACTOR_KINDS]
        for dossier in dossiers:
            papers_per_dossier[dossier] += 1
            for actor in actors:
                weights[(actor, dossier)] += 1
    folded = nx.Graph()
    for node in sorted(papers_per_dossier.keys() | {a for a, _ in weights}):
        data = dict(graph.nodes[node])
        if data["kind"] == "dossier":
            data["papers"] = papers_per_dossier[node]
        folded.add_node(node, **data)
    for (actor, dossier), weight in sorted(weights.items()):
        folded.add_edge(actor, dossier, relation="papers", weight=weight)
    return folded


def network_graph(
    store: Store,
    *,
    focus: str | None = None,
    depth: int = 2,
    dossier: str | None = None,
    since: date | None = None,
    until: date | None = None,
    actor: str | None = None,
    aggregate: bool = False,
    limit: int | None = None,
) -> nx.Graph:
    """Build the network of ``store``: filter papers, fold them to actor–dossier links if asked, then cut an ego view.

    ``focus`` is a node IRI; the ego view holds every node within ``depth`` steps of it, or, where that is more than
    ``limit`` nodes, the ``limit`` nearest (the most linked first among equally near; ``graph.graph["truncated"]``
    then holds how many there were).
    """
    if depth < 0:
        raise NetworkError(f"Expected a depth of 0 or more, got {depth}")
    if limit is not None and limit < 1:
        raise NetworkError(f"Expected a limit of 1 or more nodes, got {limit}")
    graph = filter_graph(full_graph(store), dossier=dossier, since=since, until=until, actor=actor)
    if aggregate:
        graph = aggregate_graph(graph)
    if focus is not None:
        if focus not in graph:
            view = "aggregated network" if aggregate else "network"
            raise NetworkError(f"Focus {focus!r} is not a node of the {view} (after any filters)")
        distance = nx.single_source_shortest_path_length(graph, focus, cutoff=depth)
        keep = sorted(distance, key=lambda n: (distance[n], -graph.degree(n), n))
        truncated = len(keep) if limit is not None and len(keep) > limit else None
        graph = graph.subgraph(sorted(keep[:limit])).copy()
        graph.graph.update(focus=focus, truncated=truncated)
    return graph
