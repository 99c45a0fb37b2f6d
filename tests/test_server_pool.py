"""The worker pool stops a query past the time limit by killing its process, and carries on with a fresh one."""

from __future__ import annotations

import signal
import time

import pytest

from graph.server.pool import QueryTimeout, WorkerPool
from graph.store import QueryError
from query_graph import write_graph

SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }"


@pytest.mark.parametrize("timeout", [1.0])
def test_query_past_the_limit_kills_its_worker(tmp_path, timeout):
    with WorkerPool([write_graph(tmp_path)], workers=1, timeout=timeout) as pool:
        assert pool.query("ASK { ?s ?p ?o }").result.boolean is True
        (first,) = pool._all
        started = time.monotonic()
        with pytest.raises(QueryTimeout, match="time limit of 1 s"):
            pool.query(SLOW)
        assert timeout <= time.monotonic() - started < timeout + 3
        assert not first.process.is_alive()
        assert first.process.exitcode == -signal.SIGKILL
        answer = pool.query("SELECT (COUNT(*) AS ?n) WHERE { ?s a <http://xmlns.com/foaf/0.1/Person> }")
        assert int(answer.result.rows[0][0]) == 4
        (second,) = pool._all
        assert second.process.pid != first.process.pid


@pytest.mark.parametrize("limit", [5])
def test_results_keep_at_most_the_limit(tmp_path, limit):
    with WorkerPool([write_graph(tmp_path)], workers=1, timeout=20.0, limit=limit) as pool:
        answer = pool.query("SELECT * WHERE { ?s ?p ?o }")
        assert (len(answer.result.rows), answer.truncated) == (limit, True)
        small = pool.query("SELECT ?n WHERE { ?s <http://xmlns.com/foaf/0.1/name> ?n }")
        assert (len(small.result.rows), small.truncated) == (4, False)
        graph = pool.query("CONSTRUCT WHERE { ?s ?p ?o }")
        assert (len(graph.result.graph), graph.truncated) == (limit, True)


@pytest.mark.parametrize("query", ["SELECT ?x WHERE { ?x <http://x/p> ?y } ORDER BY BOUND"])
def test_query_errors_come_back_as_query_errors(tmp_path, query):
    with WorkerPool([write_graph(tmp_path)], workers=1, timeout=20.0) as pool:
        with pytest.raises(QueryError):
            pool.query(query)
        assert pool.query("ASK {}").result.boolean is True


@pytest.mark.parametrize("name", ["missing.ttl"])
def test_a_graph_that_cannot_be_loaded_fails_at_start(tmp_path, name):
    from graph.store import StoreError

    with pytest.raises(StoreError, match="no such graph file"):
        WorkerPool([str(tmp_path / name)], workers=1)
