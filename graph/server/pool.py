"""Run queries in worker processes that can be stopped: the endpoint's time limit made real.

Neither rdflib nor pyoxigraph can be interrupted in the middle of a query, and a thread cannot be killed. So each
worker is a separate process (started with ``spawn``, so it never inherits the server's threads or locks) that opens
the graph once and then answers tasks over a pipe. When a task runs past the time limit the pool kills that worker
and starts a fresh one for the next request: the query really stops and its memory is given back. The price is that
a killed worker has to load the graph again.

A worker answers two kinds of task: a SPARQL query (the result is cut at the result limit) and the ego-network page
of one entity (``graph.network.render_html``), so that nothing in the server process touches the store.
"""

from __future__ import annotations

import multiprocessing
import queue
import threading
from dataclasses import dataclass
from typing import Sequence

from rdflib import Graph

from graph.model import KamergraafError
from graph.store import QueryError, QueryResult, StoreError


class QueryTimeout(QueryError):
    """A query ran past the time limit and was stopped."""


@dataclass(frozen=True)
class Answer:
    """A query result plus whether the result limit cut it short."""

    result: QueryResult
    truncated: bool = False


def open_read_only(location: str):
    """Open a location for reading: Oxigraph folders read-only (so many workers, and a running build, can share
    them), everything else through :func:`graph.store.open_store`."""
    from pathlib import Path  # noqa: PLC0415 - keep worker start-up lean

    from graph.store import open_store  # noqa: PLC0415

    if Path(location).is_dir():
        from graph.store_oxigraph import OxigraphStore  # noqa: PLC0415

        return OxigraphStore(location, read_only=True)
    return open_store(location)


def open_union(locations: Sequence[str]):
    """Open one store over several locations (files are merged graph by graph; one location is opened as is)."""
    from graph.store import MemoryStore, nquads  # noqa: PLC0415 - keep worker start-up lean

    if len(locations) == 1:
        return open_read_only(locations[0])
    union = MemoryStore()
    for location in locations:
        store = open_read_only(location)
        try:
            union.load_nquads(nquads(store.quads()))
        finally:
            store.close()
    return union


def _worker_main(conn, locations: Sequence[str], limit: int) -> None:
    """Open the graph, say ready, then answer tasks until the pipe closes."""
    import rdflib.plugins.sparql  # noqa: PLC0415

    rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS = False  # FROM <url> must never fetch from the web
    try:
        store = open_union(locations)
    except Exception as e:  # reported to the parent, which raises it
        conn.send(("fatal", type(e).__name__, str(e)))
        return
    conn.send(("ready",))
    while True:
        try:
            task = conn.recv()
        except EOFError:
            break
        try:
            conn.send(("ok", _run_task(store, task, limit)))
        except Exception as e:
            conn.send(("error", type(e).__name__, str(e)))
    store.close()


EGO_NETWORK_LIMIT = 300  # nodes in the network shown on an entity's page


def _run_task(store, task, limit: int):
    kind = task[0]
    if kind == "query":
        result = store.query(task[1])
        if result.kind == "select":
            return ("select", result.variables, result.rows[:limit], len(result.rows) > limit)
        if result.kind == "ask":
            return ("ask", result.boolean)
        triples = list(result.graph) if result.graph is not None else []
        return ("graph", triples[:limit], len(triples) > limit)
    if kind == "network":
        from graph.network.page import render_html  # noqa: PLC0415 - only workers draw networks

        iri, depth, link = task[1:]
        # an ego view around a busy node could reach most of the graph: keep the nearest nodes, drawn at once
        return ("html", render_html(store, title=f"Network around {iri}", resource_link=link, focus=iri, depth=depth,
                                    limit=EGO_NETWORK_LIMIT))
    raise ValueError(f"unknown task {kind!r}")


class NetworkUnavailable(KamergraafError):
    """The network of an entity could not be drawn (e.g. it is not a node of the network)."""


_ERRORS = {
    "QueryError": QueryError,
    "QueryRefused": QueryError,
    "StoreError": StoreError,
    "NetworkError": NetworkUnavailable,
}


class _Worker:
    def __init__(self, context, locations: Sequence[str], limit: int, load_timeout: float | None):
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_worker_main, args=(child, tuple(locations), limit), daemon=True)
        self.process.start()
        child.close()
        if not self.conn.poll(load_timeout):
            self.stop()
            raise StoreError(f"Loading {', '.join(locations)} took longer than {load_timeout} s")
        try:
            message = self.conn.recv()
        except EOFError:
            self.stop()
            raise StoreError(f"The worker loading {', '.join(locations)} died") from None
        if message[0] == "fatal":
            self.stop()
            raise _ERRORS.get(message[1], StoreError)(message[2])

    def alive(self) -> bool:
        return self.process.is_alive()

    def stop(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join()
        self.conn.close()


class WorkerPool:
    """A fixed number of worker processes over the same graph, each task under a time limit.

    ``timeout`` is seconds per task (None: no limit); ``limit`` the most rows (or triples) a result keeps.
    Requests beyond ``workers`` wait for a free worker.
    """

    def __init__(
        self,
        locations: Sequence[str],
        *,
        workers: int = 2,
        timeout: float | None = 10.0,
        limit: int = 10_000,
        load_timeout: float | None = None,
    ):
        if workers < 1:
            raise ValueError(f"Expected at least one worker, got {workers}")
        self.locations = tuple(str(x) for x in locations)
        self.timeout = timeout
        self.limit = limit
        self.load_timeout = load_timeout
        self._context = multiprocessing.get_context("spawn")
        self._idle: queue.Queue[_Worker | None] = queue.Queue()
        self._lock = threading.Lock()
        self._all: list[_Worker] = []
        first = self._start()  # fail now, not at the first request, when the graph cannot be opened
        self._idle.put(first)
        for _ in range(workers - 1):
            self._idle.put(None)  # started when first needed

    def _start(self) -> _Worker:
        worker = _Worker(self._context, self.locations, self.limit, self.load_timeout)
        with self._lock:
            self._all = [w for w in self._all if w.alive()] + [worker]
        return worker

    def _run(self, task):
        worker = self._idle.get()
        try:
            if worker is None or not worker.alive():
                worker = self._start()
            worker.conn.send(task)
            if not worker.conn.poll(self.timeout):
                worker.stop()
                worker = None
                raise QueryTimeout(f"The query ran past the time limit of {self.timeout:g} s and was stopped.")
            try:
                message = worker.conn.recv()
            except EOFError:
                worker.stop()
                worker = None
                raise QueryError("The query worker died while running the query") from None
        finally:
            self._idle.put(worker)
        if message[0] == "error":
            raise _ERRORS.get(message[1], QueryError)(message[2])
        return message[1]

    def query(self, sparql: str) -> Answer:
        """Run a query in a worker; raise :class:`QueryTimeout` when it runs past the limit."""
        payload = self._run(("query", sparql))
        if payload[0] == "select":
            return Answer(QueryResult("select", payload[1], payload[2]), payload[3])
        if payload[0] == "ask":
            return Answer(QueryResult("ask", boolean=payload[1]))
        graph = Graph()
        for triple in payload[1]:
            graph.add(triple)
        return Answer(QueryResult("graph", graph=graph), payload[2])

    def network_html(self, iri: str, *, depth: int = 2, resource_link: str | None = None) -> str:
        """The ego network of ``iri`` as an HTML page (``graph.network.render_html``).

        ``resource_link`` is a URL template with ``{iri}`` that the page's details panel links to.
        """
        return self._run(("network", iri, depth, resource_link))[1]

    def close(self) -> None:
        """Stop every worker."""
        with self._lock:
            workers, self._all = self._all, []
        for worker in workers:
            worker.stop()

    def __enter__(self) -> "WorkerPool":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
