"""The web application: a SPARQL 1.1 Protocol endpoint, linked-data pages for every entity, search and saved queries.

:class:`App` turns one request (method, target, headers, body) into a :class:`Response`; it knows nothing of sockets,
so ``serve --get PATH`` and the tests call it directly and :func:`graph.server.make_server` wraps it in
``http.server``. Every query goes through a :class:`~graph.server.pool.WorkerPool`, under its time and result limits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import escape
from typing import Mapping, Sequence
from urllib.parse import parse_qs, urlencode, urlsplit

from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from graph.ids import Minter
from graph.model import KamergraafError
from graph.query import (
    GRAPH_MEDIA_TYPES,
    PREFIXES,
    SELECT_MEDIA_TYPES,
    QueryRefused,
    SavedQueryError,
    query_form,
    saved_queries,
    saved_query,
    serialize_graph,
    serialize_result,
    short_term,
    sparql_literal,
)
from graph.server import pages
from graph.server.pool import NetworkUnavailable, QueryTimeout, WorkerPool
from graph.store import QueryError

MAX_BODY = 1_000_000
LOCAL_PREFIXES = ("/id/", "/graph/", "/tekst/")

SELECT_OFFERS = (
    ("application/sparql-results+json", "json"),
    ("application/json", "json"),
    ("application/sparql-results+xml", "xml"),
    ("application/xml", "xml"),
    ("text/csv", "csv"),
    ("text/tab-separated-values", "tsv"),
    ("text/xml", "xml"),
    ("text/html", "html"),
)
GRAPH_OFFERS = (
    ("text/turtle", "turtle"),
    ("application/turtle", "turtle"),
    ("application/x-turtle", "turtle"),
    ("text/n3", "turtle"),  # Turtle is N3
    ("text/rdf+n3", "turtle"),
    ("application/n3", "turtle"),
    ("application/n-triples", "nt"),
    ("application/ld+json", "jsonld"),
    ("application/x-json+ld", "jsonld"),
    ("application/rdf+xml", "xml"),
    ("text/html", "html"),
)
RESOURCE_OFFERS = (("text/html", "html"),) + tuple(o for o in GRAPH_OFFERS if o[1] != "html")

# the links from claims (in provenance graphs) that a resource page lists as incoming
_CLAIM_LINKS = f"<{RDF.subject}> <{RDF.object}>"
_SAFE_IRI = re.compile(r"^https?://[^\s<>\"{}|\\^`]+$")
LABELS = (
    "foaf:name", "skos:prefLabel", "rdfs:label", "kg:signerName", "dct:identifier", "dct:title", "eli:date_document",
)
INCOMING_HEADINGS = {
    "eli:cites": "Cited by",
    "eli:is_part_of": "Papers in this dossier",
    "kg:sender": "Papers sent in this capacity",
    "kg:signedBy": "Papers signed",
    "kg:onBehalfOf": "Papers sent on its behalf",
    "kg:onBehalfOfPerson": "Signed on behalf of this person",
    "kg:addressee": "Papers addressed to it",
    "kg:mentions": "Mentioned in",
    "kg:signer": "Signings",
    "kg:signedDocument": "Signings",
    "kg:capacity": "Signings in this capacity",
    "org:member": "Memberships",
    "kg:post": "Memberships of this office",
    "rdf:subject": "Provenance: claims about it",
    "rdf:object": "Provenance: claims pointing to it",
}


@dataclass(frozen=True)
class Response:
    """One HTTP response."""

    status: int
    content_type: str
    body: bytes
    headers: tuple[tuple[str, str], ...] = field(default=())

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")


def text_response(status: int, message: str) -> Response:
    """A plain-text response (errors for machines)."""
    return Response(status, "text/plain; charset=utf-8", (message.rstrip("\n") + "\n").encode("utf-8"))


def negotiate(accept: str | None, offers: Sequence[tuple[str, str]]) -> str | None:
    """Pick the offer the client prefers by its ``Accept`` header (q values, ``type/*``, ``*/*``); None if none fits.

    Among offers the client likes equally, the server's order wins.

    >>> negotiate("text/csv;q=0.5, application/sparql-results+json", SELECT_OFFERS)
    'json'
    >>> negotiate("text/html,application/xml;q=0.9,*/*;q=0.8", SELECT_OFFERS)
    'html'
    >>> negotiate("image/png", SELECT_OFFERS) is None
    True
    """
    if not accept or not accept.strip():
        return offers[0][1]
    ranges = []
    for part in accept.split(","):
        pieces = [p.strip() for p in part.split(";")]
        media = pieces[0].lower()
        if "/" not in media:
            continue
        q = 1.0
        for param in pieces[1:]:
            if param.lower().startswith("q="):
                try:
                    q = float(param[2:])
                except ValueError:
                    q = 0.0
        ranges.append((media, q))
    best, best_q = None, 0.0
    for media, key in offers:
        kind = media.split("/")[0]
        matches = [(3, q) for r, q in ranges if r == media]
        matches += [(2, q) for r, q in ranges if r == f"{kind}/*"]
        matches += [(1, q) for r, q in ranges if r == "*/*"]
        if not matches:
            continue
        q = max(matches)[1]
        if q > best_q:
            best, best_q = key, q
    return best


class App:
    """The Kamergraaf web application over one worker pool.

    ``minter`` gives the base IRI: a request for ``/id/kamerstuk/kst-1-2`` is about ``{base}/id/kamerstuk/kst-1-2``.
    """

    def __init__(self, pool: WorkerPool, *, minter: Minter | None = None):
        self.pool = pool
        self.minter = minter or Minter()

    # --- dispatch ------------------------------------------------------------------------------------------------

    def handle(self, method: str, target: str, headers: Mapping[str, str] | None = None, body: bytes = b"") -> Response:
        """Answer one request; never raises for a bad request (it becomes a 4xx response)."""
        head = {k.lower(): v for k, v in (headers or {}).items()}
        url = urlsplit(target)
        params = parse_qs(url.query, keep_blank_values=True)
        path = url.path or "/"
        if method not in ("GET", "HEAD", "POST"):
            return text_response(405, f"Method {method} is not allowed; use GET or POST.")
        if method == "POST" and path != "/sparql":
            return text_response(405, f"POST is only accepted at /sparql, not at {path}.")
        try:
            if path == "/sparql":
                return self.sparql(method, params, head, body)
            if path == "/":
                return self.home(_one(params, "q"))
            if path == "/queries":
                return _html(200, pages.queries_page(saved_queries().values()))
            if path.startswith("/queries/"):
                return self.saved(path[len("/queries/") :], params, head)
            if path == "/network":
                return self.network(_one(params, "iri"), params)
            if path == "/resource":
                return self.resource(_one(params, "iri"), head, _one(params, "format"))
            if path.startswith(LOCAL_PREFIXES):
                return self.resource(self.minter.base + path, head, _one(params, "format"))
        except QueryTimeout as e:
            return text_response(503, str(e))
        except QueryError as e:
            return text_response(400, str(e))
        except SavedQueryError as e:
            return text_response(404, str(e))
        except KamergraafError as e:  # the store or a worker failed: the server's fault, not the request's
            return text_response(500, f"The server could not answer: {e}")
        return _html(404, pages.error_page(404, f"Nothing here: {path}"))

    def local_path(self, iri: str) -> str | None:
        """The path on this server that serves ``iri``, or None when it lives elsewhere."""
        if not self.minter.under_base(iri):
            return None
        path = iri[len(self.minter.base) :]
        return path if path.startswith(LOCAL_PREFIXES) else None

    # --- SPARQL 1.1 Protocol -------------------------------------------------------------------------------------

    def sparql(self, method: str, params: dict, head: dict, body: bytes) -> Response:
        """The SPARQL 1.1 Protocol: query via GET, POST form or POST direct; updates refused."""
        if method == "POST":
            content_type = head.get("content-type", "").split(";")[0].strip().lower()
            if len(body) > MAX_BODY:
                return text_response(413, f"The request body is larger than {MAX_BODY} bytes.")
            if content_type == "application/x-www-form-urlencoded":
                params = {**params, **parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True)}
            elif content_type == "application/sparql-query":
                params = {**params, "query": [body.decode("utf-8", "replace")]}
            elif content_type == "application/sparql-update":
                return text_response(403, "This endpoint is read-only: SPARQL updates are refused.")
            else:
                return text_response(
                    415,
                    f"Unsupported Content-Type {content_type!r}. Choose one of: application/x-www-form-urlencoded, "
                    "application/sparql-query.",
                )
        if "update" in params:
            return text_response(403, "This endpoint is read-only: SPARQL updates are refused.")
        if "default-graph-uri" in params or "named-graph-uri" in params:
            return text_response(400, "default-graph-uri and named-graph-uri are not supported; use FROM in the query.")
        queries = params.get("query", [])
        if len(queries) != 1 or not queries[0].strip():
            if not queries and method == "GET" and negotiate(head.get("accept"), SELECT_OFFERS) == "html":
                return _html(200, pages.sparql_form(_example_query()))
            return text_response(400, "Expected exactly one non-empty 'query' parameter.")
        sparql = queries[0]
        try:
            form = query_form(sparql)
        except QueryRefused as e:
            return text_response(403, str(e))
        offers = SELECT_OFFERS if form in ("select", "ask") else GRAPH_OFFERS
        fmt = negotiate(head.get("accept"), offers)
        if fmt is None:
            choices = ", ".join(dict.fromkeys(m for m, _ in offers))
            return text_response(406, f"No acceptable format for a {form.upper()} result. Choose one of: {choices}.")
        if fmt == "html":
            try:
                answer = self.pool.query(sparql)
            except QueryError as e:
                return _html(400, pages.sparql_form(sparql, error=str(e)))
            if answer.result.kind == "graph":
                shown = f"<pre>{escape(serialize_graph(answer.result.graph, 'turtle'))}</pre>"
            else:
                shown = pages.results_table(answer.result, self.local_path)
            return _html(200, pages.sparql_form(sparql, result_html=shown + _truncated_note(answer)))
        answer = self.pool.query(sparql)
        media = (SELECT_MEDIA_TYPES if form in ("select", "ask") else GRAPH_MEDIA_TYPES)[fmt]
        text = serialize_result(answer.result, fmt)
        extra = (("Kamergraaf-Result-Truncated", str(self.pool.limit)),) if answer.truncated else ()
        return Response(200, f"{media}; charset=utf-8", text.encode("utf-8"), extra)

    # --- pages ---------------------------------------------------------------------------------------------------

    def home(self, q: str) -> Response:
        """The home page with counts and, for ``q``, search hits by name, number or dossier."""
        counts_query = _prefixes() + """
SELECT ?what (COUNT(DISTINCT ?x) AS ?n) WHERE {
  VALUES (?what ?class) { ("papers" kg:Kamerstuk) ("dossiers" kg:Dossier) ("persons" foaf:Person)
                          ("organisations" org:Organization) }
  ?x a ?class .
} GROUP BY ?what ORDER BY ?what"""
        rows = self.pool.query(counts_query).result.rows
        counts = [(str(what), int(n)) for what, n in rows]
        hits = self.search(q) if q.strip() else []
        return _html(200, pages.home_page(counts, q, hits))

    def search(self, q: str) -> list[tuple[str, str, str]]:
        """Entities whose name, label, title or identifier contains ``q`` (numbers compared without spaces)."""
        needle = q.strip().lower()
        compact = sparql_literal(re.sub(r"[^a-z0-9]", "", re.sub(r"\bnrs?\b\.?", "", needle)))
        sparql = _prefixes() + f"""
SELECT ?x (SAMPLE(?c) AS ?class) WHERE {{
  ?x foaf:name|skos:prefLabel|skos:altLabel|rdfs:label|dct:identifier|dct:title ?l .
  OPTIONAL {{ ?x a ?c FILTER(?c != eli:Work) }}
  FILTER(isIRI(?x) && (CONTAINS(LCASE(STR(?l)), {sparql_literal(needle)})
         || ({compact} != "" && CONTAINS(REPLACE(LCASE(STR(?l)), "[^a-z0-9]", ""), {compact}))))
}} GROUP BY ?x ORDER BY STRLEN(STR(?x)) ?x LIMIT 100"""
        rows = self.pool.query(sparql).result.rows
        labels = self._labels(sorted({x for x, _ in rows}))
        hits = []
        for x, cls in rows:
            label, date = labels[x]
            href = self.local_path(str(x)) or "/resource?" + urlencode({"iri": str(x)})
            kind = " ".join(t for t in (short_term(cls) if cls is not None else "", date) if t)
            hits.append((href, label, kind))
        return hits

    def saved(self, name: str, params: dict, head: dict) -> Response:
        """Run a saved query with parameters from the query string; HTML for people, SPARQL results for machines."""
        q = saved_query(name)
        values = {k: v[0] for k, v in params.items() if k in {p.name for p in q.params}}
        sparql = q.render(values)
        form = query_form(sparql)
        offers = SELECT_OFFERS[-1:] + SELECT_OFFERS[:-1] if form in ("select", "ask") else GRAPH_OFFERS
        fmt = negotiate(head.get("accept"), offers)
        answer = self.pool.query(sparql)
        if fmt == "html" or fmt is None:
            if answer.result.kind == "graph":
                shown = f"<pre>{escape(serialize_graph(answer.result.graph, 'turtle'))}</pre>"
            else:
                shown = pages.results_table(answer.result, self.local_path)
            return _html(200, pages.saved_result_page(q, values, sparql, shown + _truncated_note(answer)))
        media = (SELECT_MEDIA_TYPES if form in ("select", "ask") else GRAPH_MEDIA_TYPES)[fmt]
        return Response(200, f"{media}; charset=utf-8", serialize_result(answer.result, fmt).encode("utf-8"))

    def network(self, iri: str, params: dict) -> Response:
        """The ego network of one entity (drawn by ``graph.network``)."""
        if not _SAFE_IRI.match(iri):
            return text_response(400, "Expected an http(s) IRI in the 'iri' parameter.")
        depth_text = _one(params, "depth") or "2"
        if not depth_text.isdigit() or not 0 <= int(depth_text) <= 4:
            return text_response(400, f"Expected a depth from 0 to 4, got {depth_text!r}.")
        try:
            html = self.pool.network_html(iri, depth=int(depth_text), resource_link="/resource?iri={iri}")
        except NetworkUnavailable as e:
            return _html(404, pages.error_page(404, str(e)))
        return _html(200, html)

    def resource(self, iri: str, head: dict, fmt: str = "") -> Response:
        """An entity: HTML for browsers, Turtle / JSON-LD / N-Triples / RDF-XML for machines."""
        if not _SAFE_IRI.match(iri):
            return text_response(400, "Expected an http(s) IRI.")
        if fmt:
            aliases = {"ttl": "turtle", "json-ld": "jsonld", "json": "jsonld", "ntriples": "nt", "rdfxml": "xml"}
            fmt = aliases.get(fmt, fmt)
            if fmt not in ("html", *GRAPH_MEDIA_TYPES):
                choices = ", ".join(("html", *GRAPH_MEDIA_TYPES))
                return text_response(400, f"Unknown format {fmt!r}. Choose one of: {choices}.")
        else:
            fmt = negotiate(head.get("accept"), RESOURCE_OFFERS) or ""
            if not fmt:
                choices = ", ".join(dict.fromkeys(m for m, _ in RESOURCE_OFFERS))
                return text_response(406, f"No acceptable format. Choose one of: {choices}.")
        vary = (("Vary", "Accept"),)
        if fmt != "html":
            sparql = (
                f"CONSTRUCT {{ <{iri}> ?p ?o . ?s ?q <{iri}> }} "
                f"WHERE {{ {{ <{iri}> ?p ?o }} UNION {{ ?s ?q <{iri}> }} }}"
            )
            graph = self.pool.query(sparql).result.graph or Graph()
            if not len(graph):  # a claim or its target: they live in provenance graphs, outside the default graph
                sparql = f"CONSTRUCT {{ <{iri}> ?p ?o }} WHERE {{ GRAPH ?g {{ <{iri}> ?p ?o }} }}"
                graph = self.pool.query(sparql).result.graph or Graph()
            if not len(graph):
                return text_response(404, f"Nothing is known about <{iri}>.")
            body = serialize_graph(graph, fmt).encode("utf-8")
            return Response(200, f"{GRAPH_MEDIA_TYPES[fmt]}; charset=utf-8", body, vary)
        out_rows = self.pool.query(f"SELECT ?p ?o WHERE {{ <{iri}> ?p ?o }}").result.rows
        if not out_rows:  # a claim or its target: they live in provenance graphs, outside the default graph
            out_rows = self.pool.query(f"SELECT DISTINCT ?p ?o WHERE {{ GRAPH ?g {{ <{iri}> ?p ?o }} }}").result.rows
        in_rows = self.pool.query(
            f"SELECT DISTINCT ?s ?p WHERE {{ {{ ?s ?p <{iri}> }} UNION {{ VALUES ?p {{ {_CLAIM_LINKS} }} "
            f"GRAPH ?g {{ ?s ?p <{iri}> }} }} }}"
        ).result.rows
        if not out_rows and not in_rows:
            return _html(404, pages.error_page(404, f"Nothing is known about <{iri}>."))
        names = {URIRef(iri)} | {o for _, o in out_rows if isinstance(o, URIRef)} | {s for s, _ in in_rows}
        labels = self._labels(sorted(n for n in names if isinstance(n, URIRef)))
        html = self._resource_html(iri, out_rows, in_rows, labels)
        return Response(200, "text/html; charset=utf-8", html.encode("utf-8"), vary)

    def _labels(self, iris: list[URIRef]) -> dict[URIRef, tuple[str, str]]:
        """A readable label and a date (papers) for each IRI."""
        found: dict[URIRef, dict[str, list[str]]] = {}
        for start in range(0, len(iris), 200):
            chunk = " ".join(f"<{i}>" for i in iris[start : start + 200] if _SAFE_IRI.match(i))
            # a second VALUES for ?p would be the same query, but rdflib then scans every triple: a FILTER is fast
            sparql = _prefixes() + f"""
SELECT ?x ?p ?l WHERE {{ VALUES ?x {{ {chunk} }} ?x ?p ?l FILTER(?p IN ({', '.join(LABELS)})) }}"""
            for x, p, value in self.pool.query(sparql).result.rows:
                values = found.setdefault(x, {}).setdefault(short_term(p), [])
                lang = getattr(value, "language", None)
                values.insert(0, str(value)) if lang == "nl" else values.append(str(value))
        labels = {}
        for x in iris:
            props = {k: sorted(v) if k != "skos:prefLabel" else v for k, v in found.get(x, {}).items()}
            label = next((props[k][0] for k in ("foaf:name", "skos:prefLabel", "rdfs:label") if k in props), None)
            if label is None and "kg:signerName" in props:
                label = f"signing by {props['kg:signerName'][0]} ({x.rsplit('/', 2)[-2]})"
            if label is None:
                ident, title = props.get("dct:identifier", [None])[0], props.get("dct:title", [None])[0]
                path = self.local_path(str(x))
                shown_path = path.removeprefix("/id/").lstrip("/") if path else short_term(x)
                label = " — ".join(t for t in (ident, title) if t) or shown_path
            labels[x] = (label, props.get("eli:date_document", [""])[0])
        return labels

    def _resource_html(self, iri: str, out_rows, in_rows, labels) -> str:
        def value(term) -> str:
            if isinstance(term, URIRef) and term in labels:
                label, date = labels[term]
                shown = pages.term_html(term, self.local_path, label)
                return shown + (f' <span class="kind">{escape(date)}</span>' if date else "")
            return pages.term_html(term, self.local_path)

        def order(term) -> tuple:
            label, date = labels.get(term, (str(term), ""))
            return (date, label)

        kinds = sorted(short_term(o) for p, o in out_rows if p == RDF.type)
        facts, cites = [], []
        for p, o in sorted(out_rows, key=lambda r: (short_term(r[0]), order(r[1]))):
            if p == RDF.type:
                continue
            if short_term(p) == "eli:cites":
                cites.append(("", value(o)))
            else:
                facts.append((pages.term_html(p, self.local_path), value(o)))
        sections = [("Facts", facts), ("Cites", cites)]
        grouped: dict[str, list] = {}
        for s, p in in_rows:
            grouped.setdefault(short_term(p), []).append(s)
        for predicate in sorted(grouped, key=lambda k: (k.startswith("rdf:"), k not in INCOMING_HEADINGS, k)):
            subjects = sorted(set(grouped[predicate]), key=order)
            heading = INCOMING_HEADINGS.get(predicate, f"Linked to it by {predicate}")
            sections.append((heading, [("", value(s)) for s in subjects]))
        title = labels.get(URIRef(iri), (iri, ""))[0]
        network_src = "/network?" + urlencode({"iri": iri})
        return pages.resource_page(title, iri, kinds, sections, network_src=network_src)


def _one(params: dict, name: str) -> str:
    values = params.get(name) or [""]
    return values[0]


def _html(status: int, html: str) -> Response:
    return Response(status, "text/html; charset=utf-8", html.encode("utf-8"))


def _prefixes() -> str:
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())


def _truncated_note(answer) -> str:
    return '<p class="muted">The result was cut at the result limit.</p>' if answer.truncated else ""


def _example_query() -> str:
    return _prefixes() + """
SELECT ?paper ?date ?title WHERE {
  ?paper a kg:Kamerstuk ; eli:date_document ?date .
  OPTIONAL { ?paper dct:title ?title }
} ORDER BY DESC(?date) LIMIT 20
"""

