"""The HTML pages of the server: plain, self-contained, every piece of text escaped.

No external assets: one small inline stylesheet, no scripts except the network page drawn by ``graph.network``.
Functions here only build strings; the queries behind them are in :mod:`graph.server.app`.
"""

from __future__ import annotations

from html import escape
from typing import Callable, Iterable, Sequence
from urllib.parse import quote, urlencode

from rdflib import BNode, URIRef
from rdflib.term import Node

from graph.query import SavedQuery, short_term
from graph.store import QueryResult

STYLE = """
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;color:#1d1d1f;background:#fafafa}
header{background:#154273;color:#fff;padding:.6em 1.2em}header a{color:#fff;margin-right:1.2em;text-decoration:none}
header a.brand{font-weight:700}main{max-width:70em;margin:0 auto;padding:1em 1.2em}
h1{font-size:1.5em;margin:.4em 0}h2{font-size:1.15em;margin:1.4em 0 .4em;border-bottom:1px solid #ddd}
table{border-collapse:collapse;width:100%;margin:.4em 0}td,th{text-align:left;vertical-align:top;padding:.25em .6em;
border-bottom:1px solid #eee}th{background:#f0f0f0}code,pre,textarea{font-family:ui-monospace,monospace;font-size:13px}
textarea{width:100%;height:14em}input[type=search]{width:28em;max-width:90%;padding:.3em}
.muted{color:#666}.kind{color:#666;font-size:.85em}a{color:#154273}
summary{margin:1em 0 .4em;font-weight:600;cursor:pointer}iframe{width:100%;height:34em;border:1px solid #ddd}ul.plain{list-style:none;padding-left:0}
.error{background:#fdecea;border:1px solid #f5c2c0;padding:.6em}
"""


def page(title: str, body: str) -> str:
    """Wrap a body in the site's page: header with navigation, inline style."""
    return "\n".join([
        "<!doctype html>",
        '<html lang="nl">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(title)} — Kamergraaf</title>",
        f"<style>{STYLE}</style>",
        "</head>",
        "<body>",
        '<header><a class="brand" href="/">Kamergraaf</a><a href="/sparql">SPARQL</a>'
        '<a href="/queries">Saved queries</a></header>',
        f"<main>\n<h1>{escape(title)}</h1>\n{body}\n</main>",
        "</body>",
        "</html>",
        "",
    ])


Linker = Callable[[str], str | None]


def term_html(term: Node | None, local_path: Linker, label: str | None = None) -> str:
    """A term as HTML: IRIs as links (to this server where it serves them), literals as text."""
    if term is None:
        return ""
    if isinstance(term, URIRef):
        text = label or short_term(term)
        path = local_path(str(term))
        href = path if path is not None else str(term)
        if not href.startswith(("/", "http://", "https://")):
            return f"<code>{escape(text)}</code>"
        return f'<a href="{escape(href)}">{escape(text)}</a>'
    if isinstance(term, BNode):
        return f"<code>_:{escape(str(term))}</code>"
    lang = f' <span class="kind">@{escape(term.language)}</span>' if getattr(term, "language", None) else ""
    return f"{escape(str(term))}{lang}"


def results_table(result: QueryResult, local_path: Linker) -> str:
    """A SELECT or ASK result as an HTML table."""
    if result.kind == "ask":
        return f"<p>Answer: <strong>{'yes' if result.boolean else 'no'}</strong></p>"
    head = "".join(f"<th>{escape(v)}</th>" for v in result.variables)
    rows = "\n".join(
        "<tr>" + "".join(f"<td>{term_html(t, local_path)}</td>" for t in row) + "</tr>" for row in result.rows
    )
    count = f'<p class="muted">{len(result.rows)} row{"s" if len(result.rows) != 1 else ""}</p>'
    return f"<table>\n<tr>{head}</tr>\n{rows}\n</table>\n{count}"


def home_page(counts: Sequence[tuple[str, int]], query: str, hits: Iterable[tuple[str, str, str]]) -> str:
    """The home page: what the graph holds, a search box and, after a search, its hits (href, label, kind)."""
    stats = ", ".join(f"{n} {escape(what)}" for what, n in counts)
    body = [
        f"<p>{stats}.</p>" if stats else "",
        '<form action="/" method="get"><input type="search" name="q" value="'
        + escape(query)
        + '" placeholder="Name, number or dossier: Blok, kst-19637-2699, 19637, AIV" autofocus> '
        "<button>Search</button></form>",
    ]
    if query:
        items = [
            f'<li><a href="{escape(href)}">{escape(label)}</a> <span class="kind">{escape(kind)}</span></li>'
            for href, label, kind in hits
        ]
        body.append(f"<h2>Results for “{escape(query)}”</h2>")
        body.append("<ul class=\"plain\">\n" + "\n".join(items) + "\n</ul>" if items else "<p>Nothing found.</p>")
    body.append(
        '<h2>Explore</h2><ul><li><a href="/sparql">SPARQL endpoint</a> (SPARQL 1.1 Protocol, read-only)</li>'
        '<li><a href="/queries">Saved queries</a></li></ul>'
    )
    return page("Kamergraaf", "\n".join(body))


def sparql_form(query: str, *, error: str | None = None, result_html: str = "") -> str:
    """The query form of ``/sparql`` for people, with an error or a result under it."""
    body = [
        '<form action="/sparql" method="get">',
        f'<textarea name="query" spellcheck="false">{escape(query)}</textarea>',
        "<p><button>Run</button> <span class=\"muted\">Results as HTML here; machines get JSON, XML, CSV, TSV, "
        "Turtle, N-Triples or JSON-LD by <code>Accept</code>.</span></p></form>",
    ]
    if error:
        body.append(f'<p class="error">{escape(error)}</p>')
    body.append(result_html)
    return page("SPARQL", "\n".join(body))


def queries_page(queries: Iterable[SavedQuery]) -> str:
    """The list of saved queries, each with a form for its parameters."""
    parts = []
    for q in queries:
        fields = "".join(
            f'<label>{escape(p.name)} <input name="{escape(p.name)}" title="{escape(p.description)}" '
            f'placeholder="{escape(p.description)}"></label> '
            for p in q.params
        )
        parts.append(
            f'<h2>{escape(q.title)} <span class="kind">{escape(q.name)}</span></h2>'
            f"<p>{escape(q.description)}</p>"
            f'<form action="/queries/{quote(q.name)}" method="get">{fields}<button>Run</button></form>'
        )
    return page("Saved queries", "\n".join(parts) or "<p>No saved queries.</p>")


def saved_result_page(q: SavedQuery, values: dict[str, str], sparql: str, result_html: str) -> str:
    """The result of one saved query, with a link to the same query on the SPARQL form."""
    given = ", ".join(f"{escape(k)} = “{escape(v)}”" for k, v in sorted(values.items()))
    link = "/sparql?" + urlencode({"query": sparql})
    body = (
        f"<p>{escape(q.description)}</p>"
        + (f"<p>{given}</p>" if given else "")
        + result_html
        + f'<p><a href="{escape(link)}">Open as SPARQL</a></p>'
    )
    return page(q.title, body)


def resource_page(
    title: str,
    iri: str,
    kinds: Sequence[str],
    sections: Sequence[tuple[str, Sequence[tuple[str, str]]]],
    *,
    network_src: str,
) -> str:
    """The page of one entity: its kinds, sections of (predicate html, value html) rows, its network, its data."""
    esc = escape(iri)
    body = [
        f'<p><code>{esc}</code></p>',
        f'<p class="kind">{escape(", ".join(kinds))}</p>' if kinds else "",
    ]
    for heading, rows in sections:
        if not rows:
            continue
        table = (
            "<table>\n"
            + "\n".join(f"<tr><th>{p}</th><td>{v}</td></tr>" if p else f"<tr><td>{v}</td></tr>" for p, v in rows)
            + "\n</table>"
        )
        if heading.startswith("Provenance"):  # long and for the curious: folded
            body.append(f"<details><summary>{escape(heading)} ({len(rows)})</summary>\n{table}\n</details>")
        else:
            body.append(f"<h2>{escape(heading)}</h2>\n{table}")
    body.append("<h2>Place in the network</h2>")
    body.append(
        f'<iframe src="{escape(network_src)}" title="Network around this entity" loading="lazy"></iframe>'
        f'<p><a href="{escape(network_src)}">Open the network on its own page</a></p>'
    )
    data = "/resource?" + urlencode({"iri": iri})
    body.append(
        f'<h2>Data</h2><p><a href="{escape(data)}&amp;format=turtle">Turtle</a> · '
        f'<a href="{escape(data)}&amp;format=jsonld">JSON-LD</a> · '
        f'<a href="{escape(data)}&amp;format=nt">N-Triples</a></p>'
    )
    return page(title, "\n".join(body))


def error_page(status: int, message: str) -> str:
    """A page for an error status."""
    return page(f"{status}", f'<p class="error">{escape(message)}</p>')
