"""Saved queries, read-only checks and result formats: everything between a SPARQL text and the bytes a user reads.

A saved query is a file ``ontology/queries/NAME.rq`` whose header comment names it and its parameters::

    # title: Papers in a dossier
    # description: Every paper that is part of the dossier, oldest first.
    # param: dossier — the dossier number, e.g. "19637"

Parameters stand in the query text as ``{{dossier}}`` and are replaced by escaped SPARQL string literals, so a
parameter can never change the shape of the query.

>>> sparql_literal('Blok "jr."')
'"Blok \\\\"jr.\\\\""'
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping
from xml.etree import ElementTree

from pyparsing import ParseException
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.term import Node

from graph.ids import ONTOLOGY_NS
from graph.model import KamergraafError
from graph.resources import QUERIES_DIR
from graph.store import QueryError, QueryResult


PREFIXES = {
    "kg": ONTOLOGY_NS,
    "eli": "http://data.europa.eu/eli/ontology#",
    "org": "http://www.w3.org/ns/org#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "dct": "http://purl.org/dc/terms/",
    "prov": "http://www.w3.org/ns/prov#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "oa": "http://www.w3.org/ns/oa#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "time": "http://www.w3.org/2006/time#",
    "schema": "http://schema.org/",
    "rdf": str(RDF),
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": str(XSD),
}


class QueryRefused(QueryError):
    """A request that a read-only endpoint will not run: an update, ``LOAD``, ``SERVICE``."""


class SavedQueryError(KamergraafError):
    """A saved query is unknown, malformed, or was given the wrong parameters."""


# --- saved queries -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Param:
    """One parameter of a saved query: its name and what it means (with an example)."""

    name: str
    description: str

    @property
    def example(self) -> str | None:
        """The example value the description gives as ``e.g. "..."``, if any.

        >>> Param("person", 'a name, e.g. "S.A. Blok"').example
        'S.A. Blok'
        """
        m = re.search(r'e\.g\.\s*"([^"]*)"', self.description)
        return m.group(1) if m else None


@dataclass(frozen=True)
class SavedQuery:
    """A query file from ``ontology/queries``."""

    name: str
    title: str
    description: str
    params: tuple[Param, ...]
    text: str
    path: Path

    def render(self, values: Mapping[str, str]) -> str:
        """Put the values in the query text as escaped string literals; every parameter needs a value.

        >>> q = SavedQuery("x", "X", "", (Param("id", "a paper id"),), "SELECT * { ?s ?p {{id}} }", Path("x.rq"))
        >>> q.render({"id": "kst-1"})
        'SELECT * { ?s ?p "kst-1" }'
        """
        names = [p.name for p in self.params]
        unknown = sorted(set(values) - set(names))
        if unknown:
            raise SavedQueryError(
                f"Saved query {self.name!r} has no parameter {', '.join(unknown)}. "
                f"Its parameters: {', '.join(names) or '(none)'}."
            )
        missing = [n for n in names if n not in values]
        if missing:
            raise SavedQueryError(
                f"Saved query {self.name!r} needs a value for {', '.join(missing)} "
                f"(give it as --param {missing[0]}=VALUE)."
            )
        return _PLACEHOLDER.sub(lambda m: sparql_literal(values[m.group(1)]), self.text)


_PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")
_HEADER = re.compile(r"^#\s*(title|description|param)\s*:\s*(.*?)\s*$")
_PARAM = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)\s*(?:[—–:-]+\s*(.*))?$")


def parse_saved_query(path: Path) -> SavedQuery:
    """Read one ``.rq`` file with its header comment (title, description, params)."""
    text = path.read_text(encoding="utf-8")
    title, description, params = "", [], []
    for line in text.splitlines():
        if not line.startswith("#"):
            if line.strip():
                break
            continue
        m = _HEADER.match(line)
        if not m:
            continue
        key, value = m.groups()
        if key == "title":
            title = value
        elif key == "description":
            description.append(value)
        else:
            pm = _PARAM.match(value)
            if not pm:
                raise SavedQueryError(f"{path}: expected '# param: name — meaning', got {line!r}")
            params.append(Param(pm.group(1), pm.group(2) or ""))
    used = sorted(set(_PLACEHOLDER.findall(text)))
    declared = sorted(p.name for p in params)
    if used != declared:
        raise SavedQueryError(
            f"{path}: the header declares parameters {declared} but the query uses {used}; they must match."
        )
    if not title:
        raise SavedQueryError(f"{path}: expected a '# title: ...' header line")
    return SavedQuery(path.stem, title, " ".join(description), tuple(params), text, path)


def query_dir() -> Path:
    """The directory holding the saved queries (``ontology/queries`` as shipped with the package)."""
    if not QUERIES_DIR.is_dir():
        raise SavedQueryError(f"The saved-query directory {QUERIES_DIR} is missing")
    return QUERIES_DIR


def saved_queries(directory: Path | None = None) -> dict[str, SavedQuery]:
    """Read every saved query, by name, sorted by name."""
    folder = directory or query_dir()
    return {p.stem: parse_saved_query(p) for p in sorted(folder.glob("*.rq"))}


def saved_query(name: str, directory: Path | None = None) -> SavedQuery:
    """The saved query called ``name`` (the file name without ``.rq``)."""
    folder = directory or query_dir()
    path = folder / f"{name}.rq"
    if not re.match(r"^[A-Za-z0-9_-]+$", name) or not path.is_file():
        known = ", ".join(sorted(p.stem for p in folder.glob("*.rq")))
        raise SavedQueryError(f"Unknown saved query {name!r}. Choose one of: {known}")
    return parse_saved_query(path)


def sparql_literal(value: str) -> str:
    """Quote a string as a SPARQL string literal, escaping everything that could end it.

    >>> sparql_literal("a\\nb")
    '"a\\\\nb"'
    """
    escaped = (
        value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")
    )
    return f'"{escaped}"'


# --- what kind of request ------------------------------------------------------------------------------------------

QUERY_FORMS = {"SelectQuery": "select", "AskQuery": "ask", "ConstructQuery": "construct", "DescribeQuery": "describe"}


def query_form(sparql: str) -> str:
    """Check that ``sparql`` is a read-only query without ``SERVICE``; return its form.

    Raises :class:`QueryRefused` for updates (``INSERT``, ``LOAD``, ...) and ``SERVICE`` calls, and
    :class:`QueryError` for text that is not SPARQL.

    >>> query_form("ASK { ?s ?p ?o }")
    'ask'
    >>> query_form("LOAD <http://example.org/x>")
    Traceback (most recent call last):
    ...
    graph.query.QueryRefused: This endpoint is read-only: SPARQL updates (here: LOAD) are refused.
    """
    try:
        tree = parseQuery(sparql)
    except ParseException as e:
        try:
            update = parseUpdate(sparql)
        except ParseException:
            raise QueryError(f"Not a valid SPARQL query (line {e.lineno}, column {e.col}): {e.msg}") from e
        operations = sorted({op.name.upper() for op in update.get("request", [])}) or ["update"]
        raise QueryRefused(
            f"This endpoint is read-only: SPARQL updates (here: {', '.join(operations)}) are refused."
        ) from None
    if _contains(tree, "ServiceGraphPattern"):
        raise QueryRefused("SERVICE (federated queries to other endpoints) is refused by this endpoint.")
    return QUERY_FORMS[tree[1].name]


def _contains(node, name: str) -> bool:
    if isinstance(node, CompValue):
        if node.name == name:
            return True
        return any(_contains(v, name) for v in node.values())
    if isinstance(node, (list, tuple)) or hasattr(node, "asList"):
        return any(_contains(v, name) for v in node)
    return False


# --- result formats ------------------------------------------------------------------------------------------------

SELECT_MEDIA_TYPES = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
}
GRAPH_MEDIA_TYPES = {
    "turtle": "text/turtle",
    "nt": "application/n-triples",
    "jsonld": "application/ld+json",
    "xml": "application/rdf+xml",
}
CLI_FORMATS = ("table", "csv", "json", "tsv", "xml", "turtle", "nt", "jsonld")
_RDFLIB_FORMATS = {"turtle": "turtle", "nt": "nt", "jsonld": "json-ld", "xml": "xml"}


def serialize_result(result: QueryResult, fmt: str) -> str:
    """Write a query result in one of :data:`CLI_FORMATS`.

    SELECT and ASK results take ``table``, ``json``, ``xml``, ``csv``, ``tsv``; CONSTRUCT and DESCRIBE results take
    ``turtle``, ``nt``, ``jsonld``, ``xml`` (and ``table`` means Turtle).

    >>> r = QueryResult("select", ("n",), ((Literal(3),),))
    >>> print(serialize_result(r, "tsv"), end="")
    ?n
    "3"^^<http://www.w3.org/2001/XMLSchema#integer>
    """
    if result.kind == "graph":
        fmt = "turtle" if fmt == "table" else fmt
        if fmt not in GRAPH_MEDIA_TYPES:
            raise QueryError(
                f"Unknown format {fmt!r} for a CONSTRUCT/DESCRIBE result. Choose one of: {', '.join(GRAPH_MEDIA_TYPES)}"
            )
        return serialize_graph(result.graph if result.graph is not None else Graph(), fmt)
    writers = {"table": _table, "json": _json, "xml": _xml, "csv": _csv, "tsv": _tsv}
    if fmt not in writers:
        raise QueryError(
            f"Unknown format {fmt!r} for a {result.kind.upper()} result. Choose one of: {', '.join(writers)}"
        )
    return writers[fmt](result)


def serialize_graph(graph: Graph, fmt: str) -> str:
    """Write a graph as ``turtle``, ``nt``, ``jsonld`` or ``xml``, with the project's prefixes, deterministically."""
    out = Graph()
    for prefix, ns in PREFIXES.items():
        out.bind(prefix, ns)
    for triple in graph:
        out.add(triple)
    text = out.serialize(format=_RDFLIB_FORMATS[fmt])
    if fmt == "nt":
        text = "".join(sorted(f"{line}\n" for line in text.split("\n") if line))
    return text


def _json(result: QueryResult) -> str:
    if result.kind == "ask":
        return json.dumps({"head": {}, "boolean": bool(result.boolean)}, indent=2) + "\n"
    bindings = [
        {var: _json_term(term) for var, term in zip(result.variables, row) if term is not None} for row in result.rows
    ]
    return json.dumps({"head": {"vars": list(result.variables)}, "results": {"bindings": bindings}}, indent=2) + "\n"


def _json_term(term: Node) -> dict:
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    out = {"type": "literal", "value": str(term)}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype and term.datatype != XSD.string:
        out["datatype"] = str(term.datatype)
    return out


_SR = "http://www.w3.org/2005/sparql-results#"


def _xml(result: QueryResult) -> str:
    root = ElementTree.Element("sparql", xmlns=_SR)
    head = ElementTree.SubElement(root, "head")
    if result.kind == "ask":
        ElementTree.SubElement(root, "boolean").text = "true" if result.boolean else "false"
    else:
        for var in result.variables:
            ElementTree.SubElement(head, "variable", name=var)
        results = ElementTree.SubElement(root, "results")
        for row in result.rows:
            element = ElementTree.SubElement(results, "result")
            for var, term in zip(result.variables, row):
                if term is None:
                    continue
                binding = ElementTree.SubElement(element, "binding", name=var)
                if isinstance(term, URIRef):
                    ElementTree.SubElement(binding, "uri").text = str(term)
                elif isinstance(term, BNode):
                    ElementTree.SubElement(binding, "bnode").text = str(term)
                else:
                    lit = ElementTree.SubElement(binding, "literal")
                    lit.text = str(term)
                    if term.language:
                        lit.set("xml:lang", term.language)
                    elif term.datatype and term.datatype != XSD.string:
                        lit.set("datatype", str(term.datatype))
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ElementTree.tostring(root, encoding="unicode") + "\n"


def _csv(result: QueryResult) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    if result.kind == "ask":
        writer.writerows([["_askResult"], ["true" if result.boolean else "false"]])
        return buffer.getvalue()
    writer.writerow(result.variables)
    for row in result.rows:
        writer.writerow(["" if t is None else f"_:{t}" if isinstance(t, BNode) else str(t) for t in row])
    return buffer.getvalue()


def _tsv(result: QueryResult) -> str:
    if result.kind == "ask":
        return "?_askResult\n" + ("true" if result.boolean else "false") + "\n"
    lines = ["\t".join(f"?{v}" for v in result.variables)]
    lines += ["\t".join("" if t is None else nt_term(t) for t in row) for row in result.rows]
    return "\n".join(lines) + "\n"


def nt_term(term: Node) -> str:
    """Write one term in N-Triples syntax (as SPARQL TSV results and N-Triples do).

    >>> nt_term(Literal("a\\tb", lang="nl")), nt_term(URIRef("http://x/y"))
    ('"a\\\\tb"@nl', '<http://x/y>')
    """
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, BNode):
        return f"_:{term}"
    text = sparql_literal(str(term))
    if isinstance(term, Literal) and term.language:
        return f"{text}@{term.language}"
    if isinstance(term, Literal) and term.datatype and term.datatype != XSD.string:
        return f"{text}^^<{term.datatype}>"
    return text


def short_term(term: Node | None) -> str:
    """Write a term for people: IRIs with a known prefix shortened, literals as their text.

    >>> short_term(URIRef("http://purl.org/dc/terms/title")), short_term(Literal("2021-02-15", datatype=XSD.date))
    ('dct:title', '2021-02-15')
    """
    if term is None:
        return ""
    if isinstance(term, URIRef):
        for prefix, ns in PREFIXES.items():
            if term.startswith(ns) and re.match(r"^[A-Za-z_][\w.-]*$", term[len(ns) :]):
                return f"{prefix}:{term[len(ns):]}"
        return str(term)
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


def _table(result: QueryResult) -> str:
    if result.kind == "ask":
        return ("yes" if result.boolean else "no") + "\n"
    header = list(result.variables)
    cells = [[short_term(t).replace("\n", " ") for t in row] for row in result.rows]
    widths = [max([len(h)] + [len(r[i]) for r in cells]) for i, h in enumerate(header)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(header, widths)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip() for row in cells]
    lines.append(f"({len(cells)} row{'s' if len(cells) != 1 else ''})")
    return "\n".join(lines) + "\n"
