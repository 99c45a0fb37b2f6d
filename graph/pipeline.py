"""The build pipeline: read -> extract -> resolve -> map in worker processes, then into the store in batches.

Each paper lives in two named graphs of its own (facts and provenance), so a changed paper is replaced and a removed
one dropped. The pipeline keeps one bookkeeping entry per source file in the ``build`` graph::

    <{base}/graph/{paper-id}> dct:source <file:///.../kst-19637-2699.txt> ; kg:contentHash "<sha256 of the file>" .

and skips files whose hash has not changed. Writes are ordered so that an interrupted build (even ``kill -9``)
resumes to the same graph as an uninterrupted one:

1. for the papers of a batch that were built before: one update deletes their bookkeeping entries and drops their
   graphs (and takes them out of the union default graph on stores that keep it themselves: Oxigraph, remote; see
   :func:`graph.store.union_insert`), all or nothing;
2. one load adds the batch's graphs, their union copies and their new bookkeeping entries, all or nothing.

A paper with an entry is thus complete; one without is rebuilt on the next run. A build also drops every paper graph
that no entry owns, in case a store without transactions kept part of a batch. Memory stays bounded: at most
``IN_FLIGHT_CHUNKS + jobs`` chunks of papers are in flight and a batch is written as soon as it holds
:data:`BATCH_QUADS` quads.
"""

from __future__ import annotations

import concurrent.futures as cf
import hashlib
import multiprocessing
import os
import re
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Literal as TypingLiteral, Sequence

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS

from graph.ids import Minter
from graph.model import KamergraafError
from graph.store import Store, nquads, nt_term, union_delete
from graph.vocab import KG

PaperStatus = TypingLiteral["built", "unchanged", "removed", "failed"]
Progress = Callable[[int, int], None]

CHUNK_PAPERS = 25  # papers per task sent to a worker
IN_FLIGHT_CHUNKS = 24  # chunks queued beyond one per worker, so workers keep going while a batch is written
BATCH_QUADS = 200_000  # quads per batch (one transaction) written to the store
REFERENCE_KEY = "reference"  # bookkeeping subject {base}/graph/reference holds the hash of the reference graphs


class BuildError(KamergraafError):
    """The build cannot go on (e.g. the store refused a write); papers that fail alone are reported, not raised."""


@dataclass(frozen=True)
class PaperOutcome:
    """What the build did with one source file."""

    path: str
    status: PaperStatus
    doc_id: str | None = None
    reason: str | None = None
    facts: int = 0
    provenance: int = 0
    unresolved: int = 0


@dataclass
class BuildReport:
    """Per source file what happened, sorted by path; counts for the summary line."""

    papers: list[PaperOutcome] = field(default_factory=list)
    reference_quads: int = 0

    def with_status(self, status: PaperStatus) -> list[PaperOutcome]:
        return [p for p in self.papers if p.status == status]

    @property
    def built(self) -> list[PaperOutcome]:
        return self.with_status("built")

    @property
    def unchanged(self) -> list[PaperOutcome]:
        return self.with_status("unchanged")

    @property
    def removed(self) -> list[PaperOutcome]:
        return self.with_status("removed")

    @property
    def failed(self) -> list[PaperOutcome]:
        return self.with_status("failed")

    @property
    def unresolved(self) -> int:
        """Actor links left unresolved or ambiguous in the papers built now."""
        return sum(p.unresolved for p in self.papers)

    @property
    def triples(self) -> int:
        """Fact and provenance triples written for the papers built now."""
        return sum(p.facts + p.provenance for p in self.papers)

    def summary(self) -> str:
        """One line for people.

        >>> BuildReport([PaperOutcome("a.txt", "built", "kst-1-1", facts=3, provenance=4)]).summary()
        '1 built, 0 unchanged, 0 removed, 0 failed; 7 triples; 0 unresolved actor links'
        """
        return (
            f"{len(self.built)} built, {len(self.unchanged)} unchanged, {len(self.removed)} removed, "
            f"{len(self.failed)} failed; {self.triples} triples; {self.unresolved} unresolved actor links"
        )


def file_hash(path: str | Path) -> str:
    """The SHA-256 of a file's bytes, hex."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def default_jobs() -> int:
    """The number of worker processes by default: the cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


# --- the work of one paper (runs in a worker process) ---------------------------------------------------------------


@dataclass(frozen=True)
class _Done:
    source: str
    digest: str
    doc_id: str
    text: str  # N-Quads of the facts and provenance graphs
    facts: int
    provenance: int
    unresolved: int


def paper_nquads(path: str, minter: Minter) -> tuple[str, str, int, int, int]:
    """Read, extract, resolve and map one paper: ``(doc_id, N-Quads, facts, provenance, unresolved links)``."""
    from graph.extract import extract  # noqa: PLC0415 - heavy imports stay out of the parent until needed
    from graph.mapping import paper_graphs  # noqa: PLC0415
    from graph.readers import read  # noqa: PLC0415
    from graph.resolve import resolve  # noqa: PLC0415

    doc = read(path)
    extraction = extract(doc)
    resolution = resolve(extraction, document=doc)
    graphs = paper_graphs(doc, extraction, resolution, minter=minter)
    facts_graph, provenance_graph = minter.graph(graphs.doc_id), minter.provenance_graph(graphs.doc_id)
    text = nquads((s, p, o, facts_graph) for s, p, o in graphs.facts) + nquads(
        (s, p, o, provenance_graph) for s, p, o in graphs.provenance
    )
    return graphs.doc_id, text, len(graphs.facts), len(graphs.provenance), len(resolution.unresolved)


def _work(chunk: list[tuple[str, str]], base: str) -> list[_Done | PaperOutcome]:
    minter = Minter(base)
    out: list[_Done | PaperOutcome] = []
    for path, digest in chunk:
        try:
            doc_id, text, facts, provenance, unresolved = paper_nquads(path, minter)
        except KamergraafError as e:
            out.append(PaperOutcome(path, "failed", reason=str(e)))
            continue
        except Exception as e:  # a bug in one extractor must not stop a build of 100,000 papers; it is reported
            where = traceback.extract_tb(e.__traceback__)[-1]
            out.append(PaperOutcome(path, "failed", reason=f"internal error {type(e).__name__}: {e} "
                                                          f"({Path(where.filename).name}:{where.lineno})"))
            continue
        out.append(_Done(path, digest, doc_id, text, facts, provenance, unresolved))
    return out


# --- bookkeeping in the build graph ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Entry:
    graph: URIRef  # {base}/graph/{doc_id}
    source: URIRef  # file:///...
    digest: str


def _source_iri(path: str) -> URIRef:
    return URIRef(Path(path).resolve().as_uri())


def _read_entries(store: Store, minter: Minter) -> dict[URIRef, _Entry]:
    build = minter.graph("build")
    rows = store.query(
        f"SELECT ?g ?source ?hash WHERE {{ GRAPH <{build}> {{ ?g <{DCTERMS.source}> ?source ; "
        f"<{KG.contentHash}> ?hash }} }}"
    ).rows
    return {URIRef(src): _Entry(URIRef(g), URIRef(src), str(h)) for g, src, h in rows}


def _union_copies(texts: Iterable[str]) -> str:
    """The triples of N-Quads written by :func:`graph.store.nquads` as default-graph lines, each once.

    Every such line ends in `` <graph> .``, and no IRI holds `` <``, so the graph term starts at the last `` <``.
    """
    copies = {line[: line.rindex(" <")] for text in texts for line in text.splitlines()}
    return "".join(f"{line} .\n" for line in sorted(copies))


def _entry_triples(entry: _Entry) -> list:
    return [(entry.graph, DCTERMS.source, entry.source), (entry.graph, KG.contentHash, Literal(entry.digest))]


def _entry_quads(entry: _Entry, build: URIRef) -> str:
    return nquads((s, p, o, build) for s, p, o in _entry_triples(entry))


def _forget(store: Store, entries: Iterable[_Entry], minter: Minter) -> list[str]:
    """The update operations that delete bookkeeping entries and drop the graphs they stand for (and take those
    graphs out of the union where the store materialises it)."""
    build = minter.graph("build")
    subjects = sorted({entry.graph for entry in entries})
    graphs: list[URIRef] = []
    for graph in subjects:
        graphs += [graph, _provenance_of(graph, minter)]
    if not subjects:
        return []
    values = " ".join(f"<{g}>" for g in subjects)
    operations = [f"DELETE {{ GRAPH <{build}> {{ ?g ?p ?o }} }} "
                  f"WHERE {{ VALUES ?g {{ {values} }} GRAPH <{build}> {{ ?g ?p ?o }} }}"]
    if getattr(store, "materialised_union", False):
        operations.append(union_delete(graphs))
    operations.extend(f"DROP SILENT GRAPH <{g}>" for g in sorted(graphs))
    return operations


def _update(store: Store, operations: list[str]) -> None:
    """Run update operations: as one request (all or nothing) where the store can, else one by one.

    rdflib's update parser recurses once per operation, so the in-memory store (which a crash empties anyway) gets
    them in groups of ``store.update_group`` operations.
    """
    group = getattr(store, "update_group", None) or len(operations) or 1
    for start in range(0, len(operations), group):
        store.update(" ;\n".join(operations[start : start + group]))


def _doc_id_of(graph: URIRef, minter: Minter) -> str:
    return str(graph)[len(str(minter.graph("x"))) - 1 :]


def _provenance_of(graph: URIRef, minter: Minter) -> URIRef:
    return minter.provenance_graph(_doc_id_of(graph, minter))


# --- reference graphs ----------------------------------------------------------------------------------------------


def _load_reference(store: Store, minter: Minter) -> int:
    """Load the register and gazetteer graphs when the store lacks them or holds an older version."""
    from graph.mapping.reference import reference_quads  # noqa: PLC0415 - needs the register files

    lines = sorted(nquads(reference_quads(minter)).splitlines(keepends=True))
    text = "".join(lines)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    key = minter.graph(REFERENCE_KEY)
    build = minter.graph("build")
    stored = store.query(
        f"SELECT ?hash WHERE {{ GRAPH <{build}> {{ <{key}> <{KG.contentHash}> ?hash }} }}"
    ).rows
    if stored and str(stored[0][0]) == digest:
        return 0
    graphs = sorted({line.rsplit(" ", 2)[-2].strip("<>") for line in lines})
    drop = [f"DELETE WHERE {{ GRAPH <{build}> {{ <{key}> ?p ?o }} }}"]
    if getattr(store, "materialised_union", False):
        drop.append(union_delete(URIRef(g) for g in graphs))
    drop += [f"DROP SILENT GRAPH <{g}>" for g in graphs]
    _update(store, drop)
    store.load_nquads(text)
    store.load_nquads(f"<{key}> <{KG.contentHash}> {nt_term(Literal(digest))} <{build}> .\n", union=False)
    return len(lines)


# --- the build ------------------------------------------------------------------------------------------------------


def build(
    paths: Sequence[str | Path],
    store: Store,
    *,
    minter: Minter,
    jobs: int | None = None,
    progress: Progress | None = None,
    force: bool = False,
    reference: bool = True,
) -> BuildReport:
    """Bring ``store`` up to date with the papers at ``paths``: build new and changed ones, drop removed ones.

    ``jobs`` worker processes extract the papers (default: one per core; 1 works in this process). ``progress`` is
    called with ``(papers done, papers to do)`` after each write. ``force`` rebuilds unchanged papers too;
    ``reference=False`` leaves the register and gazetteer graphs alone.
    """
    jobs = default_jobs() if jobs is None else max(1, jobs)
    sources = sorted({str(Path(p)) for p in paths})
    report = BuildReport()
    outcomes: dict[str, PaperOutcome] = {}
    try:
        if reference:
            report.reference_quads = _load_reference(store, minter)
        entries = _read_entries(store, minter)
        existing = store.graph_names()
    except KamergraafError as e:
        raise BuildError(f"cannot prepare the store for the build: {e}") from e

    # what changed
    todo: list[tuple[str, str]] = []
    current: set[URIRef] = set()
    for path in sources:
        iri = _source_iri(path)
        current.add(iri)
        try:
            digest = file_hash(path)
        except OSError as e:
            outcomes[path] = PaperOutcome(path, "failed", reason=f"cannot read file: {e.strerror or e}")
            continue
        entry = entries.get(iri)
        if entry is not None and entry.digest == digest and not force:
            outcomes[path] = PaperOutcome(path, "unchanged", doc_id=_doc_id_of(entry.graph, minter))
        else:
            todo.append((path, digest))

    # removed sources: their graphs go (a source that is still there but fails keeps its last good graphs)
    gone = [e for iri, e in sorted(entries.items()) if iri not in current]
    for start in range(0, len(gone), 1000):
        _update(store, _forget(store, gone[start : start + 1000], minter))
    for entry in gone:
        path = _path_of(entry.source)
        outcomes[path] = PaperOutcome(path, "removed", doc_id=_doc_id_of(entry.graph, minter))
        entries.pop(entry.source, None)

    owners = {e.graph: e.source for e in entries.values()}
    dropped = {e.graph for e in gone}
    stray = sorted(g for g in existing if _is_paper_graph(g, minter) and _facts_of(g, minter) not in owners
                   and _facts_of(g, minter) not in dropped)
    for start in range(0, len(stray), 1000):
        _update(store, [f"DROP SILENT GRAPH <{g}>" for g in stray[start : start + 1000]])
    writer = _BatchWriter(store, minter, entries, owners, outcomes)
    total = len(todo)
    for results in _run(todo, minter, jobs):
        for result in results:
            writer.add(result)
        if writer.pending_quads >= BATCH_QUADS:
            writer.flush()
            if progress:
                progress(writer.done, total)
    writer.flush()
    if progress:
        progress(writer.done, total)
    report.papers = [outcomes[p] for p in sorted(outcomes)]
    return report


_PAPER_ID = re.compile(r"^[a-z]+(?:-[A-Za-z0-9()]+)*-[A-Za-z0-9()]*\d[A-Za-z0-9()]*$")


def _is_paper_graph(graph: URIRef, minter: Minter) -> bool:
    """True for ``{base}/graph/{paper-id}`` and ``{base}/graph/provenance/{paper-id}``, not register or build."""
    prefix = str(minter.graph("x"))[:-1]
    if not str(graph).startswith(prefix):
        return False
    rest = str(graph)[len(prefix) :].removeprefix("provenance/")
    return "/" not in rest and bool(_PAPER_ID.match(rest))


def _facts_of(graph: URIRef, minter: Minter) -> URIRef:
    """The facts graph a paper graph belongs to (itself, or the one of a provenance graph)."""
    prefix = str(minter.provenance_graph("x"))[:-1]
    return minter.graph(str(graph)[len(prefix) :]) if str(graph).startswith(prefix) else graph


def _path_of(source: URIRef) -> str:
    from urllib.parse import unquote, urlparse  # noqa: PLC0415

    return unquote(urlparse(str(source)).path)


class _BatchWriter:
    """Collect finished papers and write them in transactions of about :data:`BATCH_QUADS` quads."""

    def __init__(self, store: Store, minter: Minter, entries: dict[URIRef, _Entry], owners: dict[URIRef, URIRef],
                 outcomes: dict[str, PaperOutcome]):
        self.store, self.minter, self.entries, self.owners, self.outcomes = store, minter, entries, owners, outcomes
        self.build_graph = minter.graph("build")
        self.pending: list[_Done] = []
        self.pending_quads = 0
        self.claimed: dict[URIRef, str] = {}  # graph -> path, for the papers of this batch
        self.done = 0

    def add(self, result: _Done | PaperOutcome) -> None:
        if isinstance(result, PaperOutcome):
            self.outcomes[result.path] = result
            self.done += 1
            return
        graph = self.minter.graph(result.doc_id)
        source = _source_iri(result.source)
        owner = self.owners.get(graph)
        if (owner is not None and owner != source) or graph in self.claimed:
            other = _path_of(owner) if owner is not None and owner != source else self.claimed[graph]
            self.outcomes[result.source] = PaperOutcome(
                result.source, "failed", doc_id=result.doc_id,
                reason=f"document id {result.doc_id} is already built from {other}")
            self.done += 1
            return
        self.claimed[graph] = result.source
        self.pending.append(result)
        self.pending_quads += result.text.count("\n")

    def flush(self) -> None:
        if not self.pending:
            return
        old = [self.entries[_source_iri(d.source)] for d in self.pending if _source_iri(d.source) in self.entries]
        new_entries = [_Entry(self.minter.graph(d.doc_id), _source_iri(d.source), d.digest) for d in self.pending]
        try:
            if old:
                _update(self.store, _forget(self.store, old, self.minter))
            # one transaction: the batch's graphs, their union copies and their entries, all or nothing.
            # (Oxigraph's bulk_load is faster but has no transaction: a kill -9 in it was seen to leave a graph in
            # some indexes and not in others, which no later build can clean up reliably.)
            data = "".join(d.text for d in self.pending)
            if getattr(self.store, "materialised_union", False):
                data += _union_copies(d.text for d in self.pending)
            data += "".join(_entry_quads(e, self.build_graph) for e in new_entries)
            self.store.load_nquads(data, union=False)
            flush = getattr(self.store, "flush", None)
            if flush is not None:
                flush()  # Oxigraph's write buffers otherwise grow by ~1 GB per million quads before RocksDB flushes
        except KamergraafError as e:
            raise BuildError(f"the store refused a batch of {len(self.pending)} papers: {e}") from e
        for entry in old:
            self.owners.pop(entry.graph, None)
        for d, entry in zip(self.pending, new_entries):
            self.entries[entry.source] = entry
            self.owners[entry.graph] = entry.source
            self.outcomes[d.source] = PaperOutcome(d.source, "built", d.doc_id, facts=d.facts,
                                                   provenance=d.provenance, unresolved=d.unresolved)
        self.done += len(self.pending)
        self.pending, self.pending_quads, self.claimed = [], 0, {}


def _run(todo: list[tuple[str, str]], minter: Minter, jobs: int):
    """Yield the results of the papers in chunks, from worker processes when ``jobs`` > 1."""
    chunks = [todo[i : i + CHUNK_PAPERS] for i in range(0, len(todo), CHUNK_PAPERS)]
    if jobs == 1 or len(chunks) <= 1:
        for chunk in chunks:
            yield _work(chunk, minter.base)
        return
    context = multiprocessing.get_context("forkserver")
    with cf.ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        pending: set[cf.Future] = set()
        queue = iter(chunks)
        for chunk in queue:
            pending.add(pool.submit(_work, chunk, minter.base))
            if len(pending) >= IN_FLIGHT_CHUNKS + jobs:
                break
        while pending:
            finished, pending = cf.wait(pending, return_when=cf.FIRST_COMPLETED)
            for future in finished:
                yield future.result()
                nxt = next(queue, None)
                if nxt is not None:
                    pending.add(pool.submit(_work, nxt, minter.base))
