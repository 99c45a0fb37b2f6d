"""A real HTTP server on 127.0.0.1 that replays recorded responses, with the faults a fetcher must survive.

Not a mock: requests go over real sockets to a ``ThreadingHTTPServer``. Each route (a path, optionally with
query parameters that must match) holds a script of replies played in order, the last one repeating::

    with ReplayServer() as server:
        server.add("/sru", Reply.status(503), Reply.file(page1), query={"startRecord": "1"})
        server.url("/sru")   # -> http://127.0.0.1:<port>/sru

Faults: ``Reply.status(429, retry_after=1)``, ``Reply.reset()`` (the connection is torn down with an RST before
any byte is sent), ``Reply.truncated(body)`` (``Content-Length`` promises more than is sent), ``Reply.stall(body)``
(half the body, then the server holds the connection until the test releases it or the server stops).
Every request is logged with its path, query, headers and arrival time (``time.monotonic``).
"""

from __future__ import annotations

import socket
import struct
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit


@dataclass(frozen=True)
class Reply:
    """One scripted answer."""

    action: str = "send"  # send | reset | truncate | stall
    code: int = 200
    body: bytes = b""
    headers: tuple[tuple[str, str], ...] = ()

    @classmethod
    def ok(cls, body: bytes, *, content_type: str = "application/xml; charset=utf-8", etag: str | None = None,
           last_modified: str | None = None) -> "Reply":
        headers = [("Content-Type", content_type)]
        if etag:
            headers.append(("ETag", etag))
        if last_modified:
            headers.append(("Last-Modified", last_modified))
        return cls("send", 200, body, tuple(headers))

    @classmethod
    def file(cls, path: Path, **kwargs) -> "Reply":
        return cls.ok(Path(path).read_bytes(), **kwargs)

    @classmethod
    def status(cls, code: int, *, retry_after: str | int | None = None, body: bytes = b"") -> "Reply":
        headers = [("Content-Type", "text/plain; charset=utf-8")]
        if retry_after is not None:
            headers.append(("Retry-After", str(retry_after)))
        return cls("send", code, body, tuple(headers))

    @classmethod
    def reset(cls) -> "Reply":
        return cls("reset")

    @classmethod
    def truncated(cls, body: bytes) -> "Reply":
        return cls("truncate", 200, body, (("Content-Type", "application/xml"),))

    @classmethod
    def stall(cls, body: bytes) -> "Reply":
        return cls("stall", 200, body, (("Content-Type", "application/xml"),))


@dataclass(frozen=True)
class Hit:
    """One request as the server saw it."""

    path: str
    query: dict
    headers: dict
    at: float


@dataclass
class _Route:
    path: str
    query: dict
    replies: list[Reply]
    served: int = 0

    def next(self) -> Reply:
        reply = self.replies[min(self.served, len(self.replies) - 1)]
        self.served += 1
        return reply


@dataclass
class ReplayServer:
    """Serve scripted replies on 127.0.0.1 (an ephemeral port) until ``stop()``."""

    routes: list[_Route] = field(default_factory=list)
    log: list[Hit] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        self.release = threading.Event()  # set to let stalled replies finish (they are cut off)
        self.stalled = threading.Event()  # set when a stalled reply has sent its first half
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, args=(0.02,), name="replay-server", daemon=True)

    # --- setup ---------------------------------------------------------------------------------------------------

    def add(self, path: str, *replies: Reply, query: dict | None = None) -> None:
        """Script the replies for ``path`` (and, if given, requests whose query includes ``query``)."""
        if not replies:
            raise ValueError("Expected at least one reply")
        with self._lock:
            self.routes.insert(0, _Route(path, dict(query or {}), list(replies)))

    def url(self, path: str = "") -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}{path}"

    def hits(self, path_prefix: str = "") -> list[Hit]:
        with self._lock:
            return [h for h in self.log if h.path.startswith(path_prefix)]

    def start(self) -> "ReplayServer":
        self._thread.start()
        return self

    def stop(self) -> None:
        self.release.set()
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> "ReplayServer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    # --- serving -------------------------------------------------------------------------------------------------

    def _match(self, path: str, query: dict) -> Reply | None:
        with self._lock:
            for route in self.routes:
                if route.path == path and all(query.get(k) == v for k, v in route.query.items()):
                    return route.next()
        return None

    def _handler_class(self):
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format, *args):  # quiet: the log list is the record
                pass

            def do_GET(self):
                parts = urlsplit(self.path)
                query = dict(parse_qsl(parts.query, keep_blank_values=True))
                with server._lock:
                    server.log.append(Hit(parts.path, query, dict(self.headers.items()), time.monotonic()))
                reply = server._match(parts.path, query)
                self.close_connection = True
                if reply is None:
                    self._send(404, b"not found\n", (("Content-Type", "text/plain"),))
                elif reply.action == "reset":
                    self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                    self.connection.close()
                elif reply.action == "truncate":
                    self._head(200, reply.headers, len(reply.body))
                    self.wfile.write(reply.body[: len(reply.body) // 2])
                    self.wfile.flush()
                elif reply.action == "stall":
                    self._head(200, reply.headers, len(reply.body))
                    self.wfile.write(reply.body[: len(reply.body) // 2])
                    self.wfile.flush()
                    server.stalled.set()
                    server.release.wait(timeout=30)
                else:
                    etag = dict(reply.headers).get("ETag")
                    if reply.code == 200 and etag and self.headers.get("If-None-Match") == etag:
                        self._send(304, b"", (("ETag", etag),))
                    else:
                        self._send(reply.code, reply.body, reply.headers)

            def _head(self, code, headers, length):
                self.send_response(code)
                for name, value in headers:
                    self.send_header(name, value)
                self.send_header("Content-Length", str(length))
                self.send_header("Connection", "close")
                self.end_headers()

            def _send(self, code, body, headers):
                self._head(code, headers, len(body))
                if body:
                    self.wfile.write(body)

        return Handler


# --- the recorded dossiers in tests/fixtures/sru -------------------------------------------------------------------

FIXTURES = Path(__file__).parent / "fixtures" / "sru"
QUERY_19637 = "(c.product-area=officielepublicaties AND w.dossiernummer==19637 AND w.publicatienaam=Kamerstuk)"
QUERY_30573 = "(c.product-area=officielepublicaties AND w.dossiernummer==30573 AND w.publicatienaam=Kamerstuk)"
PAPERS_19637 = ("kst-19637-2699", "kst-19637-2700", "kst-19637-2701", "kst-19637-2702", "kst-19637-2703")


def paper_path(doc_id: str, *, metadata: bool = False) -> str:
    """The repository path of a fixture paper's XML (or metadata.xml), as the SRU fixtures name it."""
    folder = doc_id.split("-")[1]
    base = f"/frbr/officielepublicaties/kst/{folder}/{doc_id}/1"
    return f"{base}/metadata/metadata.xml" if metadata else f"{base}/xml/{doc_id}.xml"


def serve_papers(server: ReplayServer, doc_ids=PAPERS_19637 + ("kst-19637-2704", "kst-30573-180")) -> None:
    """Serve every fixture paper's XML and metadata.xml at its repository path."""
    for doc_id in doc_ids:
        server.add(paper_path(doc_id), Reply.file(FIXTURES / f"{doc_id}.xml"))
        server.add(paper_path(doc_id, metadata=True), Reply.file(FIXTURES / f"{doc_id}.metadata.xml"))


def serve_dossier_19637(server: ReplayServer, *, page_size: int = 2) -> None:
    """Serve dossier 19637 as three SRU pages of two records (five Kamerstukken and one bijlage), and its papers."""
    for n, start in enumerate((1, 3, 5), 1):
        server.add("/sru", Reply.file(FIXTURES / f"sru-19637-page{n}.xml"),
                   query={"query": QUERY_19637, "startRecord": str(start), "maximumRecords": str(page_size)})
    serve_papers(server)
