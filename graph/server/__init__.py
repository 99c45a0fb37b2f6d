"""The SPARQL endpoint and linked-data site of a graph: ``kamergraaf serve``.

>>> from graph.server import App, WorkerPool, make_server  # doctest: +SKIP
>>> with WorkerPool(["graph.trig"]) as pool:  # doctest: +SKIP
...     print(App(pool).handle("GET", "/sparql?query=ASK{}", {"Accept": "text/csv"}).text)
"""

from __future__ import annotations

from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Callable

from graph.server.app import MAX_BODY, App, Response, negotiate
from graph.server.pool import Answer, QueryTimeout, WorkerPool

__all__ = ["App", "Answer", "QueryTimeout", "Response", "WorkerPool", "make_server", "negotiate"]


def make_server(app: App, host: str = "127.0.0.1", port: int = 8000, *, log: Callable[[str], None] | None = None):
    """Wrap the app in a threading HTTP server on ``host:port`` (port 0 picks a free one); call ``serve_forever``."""

    class Handler(BaseHTTPRequestHandler):
        server_version = "Kamergraaf"
        protocol_version = "HTTP/1.1"

        def _answer(self, method: str) -> None:
            try:
                length = int(self.headers.get("Content-Length") or 0)
            except ValueError:
                length = -1
            if not 0 <= length <= MAX_BODY:
                self.close_connection = True  # the body is not read, so the connection cannot be reused
                response = Response(413, "text/plain; charset=utf-8", b"Request body too large or of unknown length\n")
            else:
                body = self.rfile.read(length) if length else b""
                response = app.handle(method, self.path, dict(self.headers.items()), body)
            self.send_response(response.status)
            self.send_header("Content-Type", response.content_type)
            self.send_header("Content-Length", str(len(response.body)))
            self.send_header("Access-Control-Allow-Origin", "*")
            for name, value in response.headers:
                self.send_header(name, value)
            self.end_headers()
            if method != "HEAD":
                self.wfile.write(response.body)

        def do_GET(self) -> None:  # noqa: N802 - http.server's naming
            self._answer("GET")

        def do_HEAD(self) -> None:  # noqa: N802
            self._answer("HEAD")

        def do_POST(self) -> None:  # noqa: N802
            self._answer("POST")

        def log_message(self, format: str, *args) -> None:  # noqa: A002 - http.server's signature
            if log is not None:
                log(f"{self.address_string()} {format % args}")

    server = ThreadingHTTPServer((host, port), Handler)
    server.daemon_threads = True
    return server
