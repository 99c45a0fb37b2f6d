"""A real Oxigraph SPARQL server on 127.0.0.1 for the remote-store tests (the PyPI package ``oxigraph``).

Not a mock: ``oxigraph serve`` runs as a child process on a free port with its data in a
temporary directory, and is stopped when the test session ends. If the ``oxigraph`` program cannot be found the tests
that use it fail (install the ``test`` extra: ``pip install -e '.[test]'``)::

    from oxigraph_server import oxigraph_server, remote_store  # noqa: F401 - pytest fixtures

    def test_x(remote_store): ...
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from graph.store_remote import RemoteStore


def oxigraph_program() -> str:
    """The path of the ``oxigraph`` program: beside this Python (a venv) or on ``PATH``."""
    beside = Path(sys.executable).parent / "oxigraph"
    if beside.exists():
        return str(beside)
    found = shutil.which("oxigraph")
    if found is None:
        raise RuntimeError("the 'oxigraph' server program is missing: pip install oxigraph (the test extra has it)")
    return found


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class OxigraphServer:
    """One ``oxigraph serve`` process; ``url`` is its base (``/query``, ``/update``, ``/store`` below it)."""

    def __init__(self, location: Path):
        self.location = location
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None

    def start(self, timeout: float = 30.0) -> "OxigraphServer":
        self.process = subprocess.Popen(
            [oxigraph_program(), "serve", "--location", str(self.location), "--bind", f"127.0.0.1:{self.port}"],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"oxigraph serve exited with {self.process.returncode}: "
                                   f"{self.process.stderr.read().decode(errors='replace')}")
            try:
                requests.get(f"{self.url}/query", params={"query": "ASK {}"}, timeout=1).raise_for_status()
                return self
            except requests.RequestException:
                time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"oxigraph serve did not answer on {self.url} within {timeout} s")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.process is not None and self.process.stderr is not None:
            self.process.stderr.close()


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory):
    """A running Oxigraph server for the whole session."""
    server = OxigraphServer(tmp_path_factory.mktemp("oxigraph-server")).start()
    yield server
    server.stop()


@pytest.fixture
def remote_store(oxigraph_server):
    """A :class:`RemoteStore` on the session's server, emptied before the test."""
    store = RemoteStore(f"{oxigraph_server.url}/query")
    store.update("CLEAR ALL")
    yield store
    store.close()
