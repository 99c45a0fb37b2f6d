"""The build's bookkeeping entries, and the build index that lets a rebuild of a store on disk skip reading them.

The store keeps one entry per source file in its ``build`` graph (see :mod:`graph.pipeline`); it is the record of
what was built. Reading 100,000 entries back, listing 200,000 graphs to find any a crash left, and hashing 100,000
files took a rebuild with 1% of its papers changed about 10 s. The build index is a copy of the entries in a file
inside an Oxigraph store's directory (:data:`INDEX_FILE`), with each source file's size and modification time when
it was hashed, so that a file that kept both is not read again (as ``git status`` does).

The store says whether the index can be trusted: it holds the SHA-256 of the index file
(``<{base}/graph/build-index> kg:contentHash``) only while the two agree. A build deletes that hash before its first
write and writes it again, after the index file, once it has ended. An index whose hash the store does not hold (a
build stopped half-way, even by ``kill -9``; another base IRI; a file changed by hand) is not used: the build reads
the entries from the store and looks for graphs a crash left, as it does on a store without an index.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS

from graph.fsutil import atomic_write_bytes
from graph.ids import Minter
from graph.store import Store, StoreError, run_updates
from graph.vocab import KG

INDEX_FILE = "kamergraaf-build-index.json"
INDEX_KEY = "build-index"  # the subject {base}/graph/build-index holds the index file's hash in the build graph
INDEX_FORMAT = 1
RACY_NS = 2_000_000_000  # a file modified within 2 s before it was hashed may change again without a new time on a
# file system with coarse times (2 s on FAT): its size and time are not kept, so it is hashed again next time

Stat = tuple[int, int]  # (size in bytes, modification time in ns) of a source file


@dataclass(frozen=True)
class Entry:
    """One source file's bookkeeping: the facts graph built from it and the hash of the file it was built from."""

    graph: URIRef  # {base}/graph/{doc_id}
    source: URIRef  # file:///...
    digest: str
    stat: Stat | None = None  # the file's size and time when ``digest`` was taken, if old enough to trust (index only)


def read_entries(store: Store, minter: Minter) -> dict[URIRef, Entry]:
    """Every bookkeeping entry in the store, by source IRI."""
    build = minter.graph("build")
    # two patterns joined by hash ({SELECT} blocks): a look-up of each entry's hash took Oxigraph 40% longer at 100k
    rows = store.query(
        f"SELECT ?g ?source ?hash WHERE {{ "
        f"{{ SELECT ?g ?source WHERE {{ GRAPH <{build}> {{ ?g <{DCTERMS.source}> ?source }} }} }} "
        f"{{ SELECT ?g ?hash WHERE {{ GRAPH <{build}> {{ ?g <{KG.contentHash}> ?hash }} }} }} }}"
    ).rows
    return {source: Entry(graph, source, str(digest)) for graph, source, digest in rows}


def stored_hash(store: Store, minter: Minter, key: str) -> str | None:
    """The hash that the bookkeeping subject ``{base}/graph/{key}`` holds in the build graph (the reference graphs',
    the build index's); None when it holds none, or more than one."""
    rows = store.query(f"SELECT ?hash WHERE {{ GRAPH <{minter.graph('build')}> {{ <{minter.graph(key)}> "
                       f"<{KG.contentHash}> ?hash }} }}").rows
    return str(rows[0][0]) if len(rows) == 1 else None


def hash_updates(minter: Minter, key: str, digest: str | None = None) -> list[str]:
    """The update operations that delete what ``{base}/graph/{key}`` holds in the build graph and, given ``digest``,
    record that as its hash."""
    build, subject = minter.graph("build"), minter.graph(key)
    operations = [f"DELETE WHERE {{ GRAPH <{build}> {{ <{subject}> ?p ?o }} }}"]
    if digest is not None:
        literal = Literal(digest).n3()
        operations.append(f"INSERT DATA {{ GRAPH <{build}> {{ <{subject}> <{KG.contentHash}> {literal} }} }}")
    return operations


class BuildIndex:
    """The build index of a store on disk: ``read`` it (None when the store does not vouch for it), ``invalidate``
    it before a build writes, ``write`` it once the build has ended."""

    def __init__(self, path: Path, store: Store, minter: Minter):
        self.path, self.store, self.minter = path, store, minter
        self.trusted: str | None = None  # the hash of the index file as read, while the store vouches for it

    @classmethod
    def of(cls, store: Store, minter: Minter) -> BuildIndex | None:
        """The index of ``store``, or None when the store has no directory of its own (in memory, remote)."""
        sidecar = getattr(store, "sidecar", None)
        path = sidecar(INDEX_FILE) if sidecar is not None else None
        return cls(path, store, minter) if path is not None else None

    def read(self) -> dict[URIRef, Entry] | None:
        """The entries of the index, by source IRI; None when there is no index or the store does not hold its hash
        (then the store's own entries are the record)."""
        vouched = stored_hash(self.store, self.minter, INDEX_KEY)
        try:
            data = self.path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as e:
            raise StoreError(f"{self.path}: cannot read the build index: {e.strerror or e}") from e
        if vouched is None or hashlib.sha256(data).hexdigest() != vouched:
            return None
        index = json.loads(data)
        if index.get("format") != INDEX_FORMAT or index.get("base") != self.minter.base:
            return None
        self.trusted = vouched
        entries = {}
        for graph, source, digest, size, mtime_ns in index["entries"]:
            stat = (size, mtime_ns) if size is not None else None
            entries[URIRef(source)] = Entry(URIRef(graph), URIRef(source), digest, stat)
        return entries

    def invalidate(self) -> None:
        """Take the index file's hash out of the store: from now on the index is not used until written again."""
        run_updates(self.store, hash_updates(self.minter, INDEX_KEY))
        self.trusted = None

    def write(self, entries: Iterable[Entry]) -> None:
        """Write the index file, then put its hash in the store (replacing any earlier one)."""
        rows = sorted([str(e.graph), str(e.source), e.digest, *(e.stat or (None, None))] for e in entries)
        data = json.dumps({"format": INDEX_FORMAT, "base": self.minter.base, "entries": rows},
                          separators=(",", ":")).encode()
        digest = hashlib.sha256(data).hexdigest()
        if digest == self.trusted:
            return  # the index read, unchanged
        try:
            atomic_write_bytes(self.path, data)
        except OSError as e:
            raise StoreError(f"{self.path}: cannot write the build index (the graph itself is complete, and the next "
                             f"build reads the store instead): {e.strerror or e}") from e
        run_updates(self.store, hash_updates(self.minter, INDEX_KEY, digest))
        self.trusted = digest
