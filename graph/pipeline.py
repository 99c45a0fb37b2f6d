"""The build pipeline: read -> extract -> resolve -> map in worker processes, then into the store in batches.

Each paper lives in two named graphs of its own (facts and provenance), so a changed paper is replaced and a removed
one dropped. The pipeline keeps one bookkeeping entry per source file in the ``build`` graph::

    <{base}/graph/{paper-id}> dct:source <file:///.../kst-19637-2699.txt> ; kg:contentHash "<sha256 of the file>" .

and skips files whose hash has not changed. Writes are ordered so that an interrupted build (even ``kill -9``)
resumes to the same graph as an uninterrupted one. A paper built before under the same id is, where the store can
(Oxigraph), rewritten in place: one transaction deletes the quads its graphs no longer hold, inserts the new ones,
keeps the union in step and replaces its bookkeeping entry. For the other papers of a batch:

1. for those built before (under another id, or on a store that cannot rewrite): one update deletes their
   bookkeeping entries, drops their graphs and takes their facts out of the materialised union default graph (see
   :func:`graph.store.drop_graphs`), all or nothing;
2. one load adds the batch's graphs (on Oxigraph a bulk load, which is not a transaction: a crash may leave any part
   of it, see :meth:`graph.store_oxigraph.OxigraphStore.bulk_load_nquads`);
3. once they are all in, one load adds the union copies of their facts (likewise);
4. one load adds their bookkeeping entries, all or nothing.

A paper with an entry is thus complete; one without is rebuilt on the next run, and a build first drops every paper
graph that no entry owns (left by a crash before step 4) and prunes its triples from the union: each union copy a
crash can leave stands for a triple of such a graph, as step 3 starts only after step 2 ends. Memory stays bounded:
at most ``IN_FLIGHT_CHUNKS + jobs`` chunks of papers are in flight, and a batch is handed to the writing thread as
soon as it holds :data:`BATCH_QUADS` quads (:data:`REWRITE_QUADS` of papers to rewrite), while at most one batch is
being written.

On a store on disk the entries are also kept in a build index (:mod:`graph.build_index`), which a rebuild reads
instead of the store while the store vouches for it, with the size and time of each file it hashed: a file that kept
both is not read again.
"""

from __future__ import annotations

import concurrent.futures as cf
import functools
import hashlib
import io
import multiprocessing
import os
import re
import time
import traceback
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from typing import Callable, Iterable, Iterator, Literal as TypingLiteral, Sequence

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS

from graph.build_index import RACY_NS, BuildIndex, Entry, Stat, hash_updates, read_entries, stored_hash
from graph.ids import Minter
from graph.model import KamergraafError
from graph.store import Store, drop_graphs, nquads, ntriples, run_updates
from graph.vocab import KG

PaperStatus = TypingLiteral["built", "unchanged", "removed", "failed"]
Progress = Callable[[int, int], None]

CHUNK_PAPERS = 25  # papers per task sent to a worker
IN_FLIGHT_CHUNKS = 24  # chunks queued beyond one per worker, so workers keep going while a batch is written
BATCH_QUADS = 500_000  # quads per batch written to the store (without union copies). Fewer, larger batches leave
# RocksDB less to compact (10,000 papers took 79 s in batches of 200,000, 51 s of 800,000), but two of 2,000,000 (one
# collected, one written) took 2.2 GB at 10,000 papers and were no faster
REWRITE_QUADS = 25_000  # quads per batch of papers rewritten in place: with 1,000 of 100,000 papers changed, the
# rebuild took 12.4-13.2 s in batches of this size, 13.3-13.5 s in batches of 50,000 and 14.6-15.4 s in one batch
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
    graphs_nquads: bytes  # N-Quads of the facts and provenance graphs (UTF-8)
    union_nquads: bytes  # the facts as default-graph lines: their copies in the materialised union (UTF-8)
    facts: int
    provenance: int
    unresolved: int


def paper_nquads(path: str, minter: Minter) -> tuple[str, str, str, int, int, int]:
    """Read, extract, resolve and map one paper:
    ``(doc_id, N-Quads of the facts, N-Quads of the provenance, facts, provenance, unresolved links)``."""
    from graph.extract import extract  # noqa: PLC0415 - heavy imports stay out of the parent until needed
    from graph.mapping import paper_graphs  # noqa: PLC0415
    from graph.readers import read  # noqa: PLC0415
    from graph.resolve import resolve  # noqa: PLC0415

    doc = read(path)
    extraction = extract(doc)
    resolution = resolve(extraction, document=doc)
    graphs = paper_graphs(doc, extraction, resolution, minter=minter)
    facts_graph, provenance_graph = minter.graph(graphs.doc_id), minter.provenance_graph(graphs.doc_id)
    facts = nquads((s, p, o, facts_graph) for s, p, o in graphs.facts)
    provenance = nquads((s, p, o, provenance_graph) for s, p, o in graphs.provenance)
    return graphs.doc_id, facts, provenance, len(graphs.facts), len(graphs.provenance), len(resolution.unresolved)


def _work(chunk: list[tuple[str, str]], base: str) -> list[_Done | PaperOutcome]:
    minter = Minter(base)
    out: list[_Done | PaperOutcome] = []
    for path, digest in chunk:
        try:
            doc_id, facts_text, provenance_text, facts, provenance, unresolved = paper_nquads(path, minter)
        except KamergraafError as e:
            out.append(PaperOutcome(path, "failed", reason=str(e)))
            continue
        except Exception as e:  # a bug in one extractor must not stop a build of 100,000 papers; it is reported
            where = traceback.extract_tb(e.__traceback__)[-1]
            out.append(PaperOutcome(path, "failed", reason=f"internal error {type(e).__name__}: {e} "
                                                          f"({Path(where.filename).name}:{where.lineno})"))
            continue
        out.append(_Done(path, digest, doc_id, (facts_text + provenance_text).encode(),
                         _union_lines(facts_text).encode(), facts, provenance, unresolved))
    return out


# --- bookkeeping in the build graph ---------------------------------------------------------------------------------


def _source_iri(path: str) -> URIRef:
    """The ``file:`` IRI of a source file's real path, as :meth:`pathlib.Path.as_uri` writes it (its folder resolved
    and quoted once per build: 100,000 full resolves cost seconds)."""
    if os.path.islink(path):
        return URIRef("file://" + urllib.parse.quote_from_bytes(os.fsencode(os.path.realpath(path))))
    folder, name = os.path.split(path)
    return URIRef(_folder_iri(folder or ".") + urllib.parse.quote_from_bytes(os.fsencode(name)))


@functools.lru_cache(maxsize=1024)
def _folder_iri(folder: str) -> str:
    """``file://`` and a folder's real path, quoted, ending in ``/``."""
    return "file://" + urllib.parse.quote_from_bytes(os.fsencode(os.path.realpath(folder).rstrip("/") + "/"))


def _union_lines(text: str) -> str:
    """The triples of a facts graph's N-Quads written by :func:`graph.store.nquads`, as default-graph lines.

    Every such line ends in `` <graph> .``, and no IRI holds `` <``, so the graph term starts at the last `` <``.
    Lines end at ``\n`` only: a literal may hold other line breaks (a form feed or U+2028 from a PDF's text), at
    which :meth:`str.splitlines` would cut it.
    (:func:`graph.store.union_copies` parses any N-Quads; this is the build's faster path for its own output, run in
    the workers. A triple that several papers state is written once per paper: stores keep it once.)
    """
    return "".join(f"{line[: line.rindex(' <')]} .\n" for line in text.split("\n") if line)


def _entry_triples(entry: Entry) -> list:
    return [(entry.graph, DCTERMS.source, entry.source), (entry.graph, KG.contentHash, Literal(entry.digest))]


def _entry_quads(entry: Entry, build: URIRef) -> str:
    return nquads((s, p, o, build) for s, p, o in _entry_triples(entry))


def _forget(entries: Iterable[Entry], minter: Minter) -> list[str]:
    """The update operations that delete bookkeeping entries, take the facts graphs they stand for out of the union
    and drop those graphs and their provenance graphs."""
    subjects = sorted({entry.graph for entry in entries})
    if not subjects:
        return []
    return [
        _forget_entries(entries, minter),
        *drop_graphs(subjects + [_provenance_of(graph, minter) for graph in subjects]),
    ]


def _forget_entries(entries: Iterable[Entry], minter: Minter) -> str:
    """The update operation that deletes bookkeeping entries (and nothing else)."""
    build = minter.graph("build")
    values = " ".join(f"<{g}>" for g in sorted({entry.graph for entry in entries}))
    return (f"DELETE {{ GRAPH <{build}> {{ ?g ?p ?o }} }} "
            f"WHERE {{ VALUES ?g {{ {values} }} GRAPH <{build}> {{ ?g ?p ?o }} }}")


def _insert_entries(entries: Iterable[Entry], build: URIRef) -> str:
    """The update operation that adds bookkeeping entries."""
    return f"INSERT DATA {{ GRAPH <{build}> {{\n{ntriples(t for e in entries for t in _entry_triples(e))}}} }}"


@functools.lru_cache(maxsize=16)
def _graph_prefixes(base: str) -> tuple[str, str]:
    """``({base}/graph/, {base}/graph/provenance/)``: worked out once, as a build looks at every paper's graphs."""
    minter = Minter(base)
    return str(minter.graph("x"))[:-1], str(minter.provenance_graph("x"))[:-1]


def _doc_id_of(graph: URIRef, minter: Minter) -> str:
    return str(graph)[len(_graph_prefixes(minter.base)[0]) :]


def _provenance_of(graph: URIRef, minter: Minter) -> URIRef:
    return minter.provenance_graph(_doc_id_of(graph, minter))


# --- reference graphs ----------------------------------------------------------------------------------------------


def _reference_update(store: Store, minter: Minter) -> tuple[str, str] | None:
    """The register and gazetteer graphs as N-Quads, and their hash, when the store lacks them or holds an older
    version; None when it holds these."""
    from graph.mapping.reference import reference_quads  # noqa: PLC0415 - needs the register files

    text = "".join(sorted(f"{line}\n" for line in nquads(reference_quads(minter)).split("\n") if line))
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return None if stored_hash(store, minter, REFERENCE_KEY) == digest else (text, digest)


def _load_reference(store: Store, minter: Minter, text: str, digest: str) -> int:
    """Replace the register and gazetteer graphs with the N-Quads ``text`` and record its hash; the quads loaded."""
    lines = text.split("\n")[:-1]  # each line ends in a newline
    graphs = sorted({line.rsplit(" ", 2)[-2].strip("<>") for line in lines})
    run_updates(store, [*hash_updates(minter, REFERENCE_KEY), *drop_graphs(map(URIRef, graphs))])
    store.load_nquads(text)
    run_updates(store, hash_updates(minter, REFERENCE_KEY, digest))
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
    sources = sorted({os.fspath(p) if isinstance(p, PurePath) else str(Path(p)) for p in paths})  # Paths not reparsed
    report = BuildReport()
    outcomes: dict[str, PaperOutcome] = {}
    index = BuildIndex.of(store, minter)
    try:
        reference_update = _reference_update(store, minter) if reference else None
        indexed = index.read() if index is not None else None
        entries = indexed if indexed is not None else read_entries(store, minter)
        # a store that vouches for its index was last written by a build that ended: no graph lacks its entry
        existing = store.graph_names() if indexed is None else set()
    except KamergraafError as e:
        raise BuildError(f"cannot prepare the store for the build: {e}") from e

    # what changed
    todo: list[tuple[str, str]] = []
    iri_of = {path: _source_iri(path) for path in sources}
    current = set(iri_of.values())
    checked: dict[URIRef, tuple[str, Stat | None]] = {}  # source -> its hash now, and its size and time if they vouch
    for path in sources:
        iri = iri_of[path]
        entry = entries.get(iri)
        try:
            digest, stat = _digest(path, None if force else entry)
        except OSError as e:
            outcomes[path] = PaperOutcome(path, "failed", reason=f"cannot read file: {e.strerror or e}")
            continue
        checked[iri] = (digest, stat)
        if entry is not None and entry.digest == digest and not force:
            outcomes[path] = PaperOutcome(path, "unchanged", doc_id=_doc_id_of(entry.graph, minter))
        else:
            todo.append((path, digest))

    gone = [entries[iri] for iri in sorted(iri for iri in entries if iri not in current)]
    owners = {e.graph: e.source for e in entries.values()}
    stray = sorted(g for g in existing if _is_paper_graph(g, minter) and _facts_of(g, minter) not in owners)
    if index is not None and (reference_update or gone or stray or todo):
        index.invalidate()  # before the first write: the index is not used again until this build has ended
    if reference_update:
        report.reference_quads = _load_reference(store, minter, *reference_update)

    # removed sources: their graphs go (a source that is still there but fails keeps its last good graphs)
    for start in range(0, len(gone), 1000):
        run_updates(store, _forget(gone[start : start + 1000], minter))
    for entry in gone:
        path = _path_of(entry.source)
        outcomes[path] = PaperOutcome(path, "removed", doc_id=_doc_id_of(entry.graph, minter))
        entries.pop(entry.source, None)
        owners.pop(entry.graph, None)
    # graphs without an entry, left by a build that crashed before writing it
    for start in range(0, len(stray), 1000):
        run_updates(store, drop_graphs(stray[start : start + 1000]))
    writer = _BatchWriter(store, minter, entries, owners, outcomes, iri_of)
    total = len(todo)
    try:
        for results in _run(todo, minter, jobs):
            for result in results:
                writer.add(result)
            if writer.full:
                writer.flush()
                if progress:
                    progress(writer.done, total)
        writer.flush()
    finally:
        writer.close()  # after an error too: the batch being written is finished before the store can be closed
    optimize = getattr(store, "optimize", None)
    if optimize is not None and writer.written and writer.written * 4 >= len(writer.entries):
        optimize()  # a build that wrote a quarter of the store or more compacts it: look-ups get 2-4.5 times as fast
    if index is not None:
        index.write(_with_stats(writer.entries.values(), checked))
    if progress:
        progress(writer.done, total)
    report.papers = [outcomes[p] for p in sorted(outcomes)]
    return report


def _digest(path: str, known: Entry | None) -> tuple[str, Stat | None]:
    """A file's SHA-256, and its size and time if they can vouch for that hash later: ``known``'s hash, the file
    unread, when the file still has the size and time recorded with it."""
    now = time.time_ns()
    info = os.stat(path)
    stat = (info.st_size, info.st_mtime_ns)
    if known is not None and known.stat == stat:
        return known.digest, stat
    return file_hash(path), stat if stat[1] < now - RACY_NS else None


def _with_stats(entries: Iterable[Entry], checked: dict[URIRef, tuple[str, Stat | None]]) -> Iterator[Entry]:
    """The entries with the size and time of the files this build read, where the file is the one built (a file that
    failed keeps the entry of its last good version, which its size and time do not stand for)."""
    for entry in entries:
        now = checked.get(entry.source)
        if now is None:
            yield entry  # not among this build's sources: as the index had it
        else:
            digest, stat = now
            yield Entry(entry.graph, entry.source, entry.digest, stat if digest == entry.digest else None)


_PAPER_ID = re.compile(r"^[a-z]+(?:-[A-Za-z0-9()]+)*-[A-Za-z0-9()]*\d[A-Za-z0-9()]*$")


def _is_paper_graph(graph: URIRef, minter: Minter) -> bool:
    """True for ``{base}/graph/{paper-id}`` and ``{base}/graph/provenance/{paper-id}``, not register or build."""
    prefix = _graph_prefixes(minter.base)[0]
    if not str(graph).startswith(prefix):
        return False
    rest = str(graph)[len(prefix) :].removeprefix("provenance/")
    return "/" not in rest and bool(_PAPER_ID.match(rest))


def _facts_of(graph: URIRef, minter: Minter) -> URIRef:
    """The facts graph a paper graph belongs to (itself, or the one of a provenance graph)."""
    facts, provenance = _graph_prefixes(minter.base)
    return URIRef(facts + str(graph)[len(provenance) :]) if str(graph).startswith(provenance) else graph


def _path_of(source: URIRef) -> str:
    from urllib.parse import unquote, urlparse  # noqa: PLC0415

    return unquote(urlparse(str(source)).path)


class _BatchWriter:
    """Collect finished papers and write them in batches of about :data:`BATCH_QUADS` quads.

    A batch is written by a thread of its own while the next one is collected: the store's load leaves Python free
    (Oxigraph's bulk loader and an HTTP request both release the GIL), so the workers' results keep being taken in.
    At most one batch is being written; :meth:`flush` waits for it before it hands over the next.
    """

    def __init__(self, store: Store, minter: Minter, entries: dict[URIRef, Entry], owners: dict[URIRef, URIRef],
                 outcomes: dict[str, PaperOutcome], iri_of: dict[str, URIRef]):
        self.store, self.minter, self.entries, self.owners, self.outcomes = store, minter, entries, owners, outcomes
        self.iri_of = iri_of  # source path -> its file: IRI
        self.build_graph = minter.graph("build")
        self.pending: list[_Done] = []
        self.pending_quads = 0
        self.pending_rewrite_quads = 0  # of those, the quads of papers to rewrite in place
        self.can_rewrite = hasattr(store, "rewrite_graphs_nquads")
        self.claimed: dict[URIRef, str] = {}  # graph -> path, for the papers of this batch
        self.done = 0  # papers dealt with: written or failed
        self.written = 0
        self._thread = cf.ThreadPoolExecutor(max_workers=1, thread_name_prefix="kamergraaf-writer")
        self._writing: tuple[cf.Future, list[PaperOutcome], list[Entry]] | None = None

    def add(self, result: _Done | PaperOutcome) -> None:
        if isinstance(result, PaperOutcome):
            self.outcomes[result.path] = result
            self.done += 1
            return
        graph = self.minter.graph(result.doc_id)
        source = self.iri_of[result.source]
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
        self.pending_quads += result.facts + result.provenance
        if self._rewrites(self.entries.get(source), graph):
            self.pending_rewrite_quads += result.facts + result.provenance

    def _rewrites(self, was: Entry | None, graph: URIRef) -> bool:
        """Whether a paper built before as ``was`` and now into ``graph`` is rewritten in place (else loaded)."""
        return self.can_rewrite and was is not None and was.graph == graph

    @property
    def full(self) -> bool:
        """Whether the pending papers make a batch: :data:`BATCH_QUADS` quads, or :data:`REWRITE_QUADS` of papers
        to rewrite in place (rewriting reads a paper's old quads first: smaller batches start that while the workers
        still extract the papers after them)."""
        return self.pending_quads >= BATCH_QUADS or self.pending_rewrite_quads >= REWRITE_QUADS

    def flush(self) -> None:
        """Hand the pending papers to the writing thread, once the batch before them is written."""
        if not self.pending:
            return
        batch, self.pending, self.claimed = self.pending, [], {}
        self.pending_quads = self.pending_rewrite_quads = 0
        sources = [self.iri_of[d.source] for d in batch]
        old = [self.entries.get(source) for source in sources]
        new_entries = [Entry(self.minter.graph(d.doc_id), source, d.digest) for d, source in zip(batch, sources)]
        built = [PaperOutcome(d.source, "built", d.doc_id, facts=d.facts, provenance=d.provenance,
                              unresolved=d.unresolved) for d in batch]
        # the batch's graphs are taken now, so that later papers with the same id are refused while it is written
        for entry in old:
            if entry is not None:
                self.owners.pop(entry.graph, None)
        for entry in new_entries:
            self.owners[entry.graph] = entry.source
        # a paper built before under the same id is rewritten in place where the store can (only what changed is
        # written); the others are loaded, after the graphs of their earlier builds are dropped
        work = _Work()
        for d, was, entry in zip(batch, old, new_entries):
            if self._rewrites(was, entry.graph):
                work.rewrite.append(d.graphs_nquads)
                work.rewritten.append((was, entry))
            else:
                work.graphs.append(d.graphs_nquads)
                work.union.append(d.union_nquads)
                work.entries.append(entry)
                if was is not None:
                    work.forget.append(was)
        del batch  # the text is held once, by the lists that the writing thread empties as the store reads them
        self.wait()
        self._writing = (self._thread.submit(self._write, work), built, new_entries)

    def wait(self) -> None:
        """Wait until the batch being written is in the store (or raise why it is not); count its papers built."""
        if self._writing is None:
            return
        future, built, new_entries = self._writing
        self._writing = None
        future.result()
        for outcome, entry in zip(built, new_entries):
            self.entries[entry.source] = entry
            self.outcomes[outcome.path] = outcome
        self.done += len(built)
        self.written += len(built)

    def close(self) -> None:
        """Wait for the batch being written (papers still pending are left unwritten) and stop the writing thread."""
        try:
            self.wait()
        finally:
            self._thread.shutdown(wait=True)

    def _write(self, work: _Work) -> None:
        """In the writing thread: the ordered steps of the module docstring, for one batch."""
        try:
            if work.rewritten:
                olds, news = zip(*work.rewritten)
                names = [name for old in olds for name in (old.graph, _provenance_of(old.graph, self.minter))]
                self.store.rewrite_graphs_nquads(b"".join(work.rewrite), names, also=[
                    _forget_entries(olds, self.minter), _insert_entries(news, self.build_graph)])
            if work.forget:
                run_updates(self.store, _forget(work.forget, self.minter))
            if not work.entries:
                return
            bulk_load = getattr(self.store, "bulk_load_nquads", None)
            for parts in (work.graphs, work.union):  # the graphs, then the union copies of their facts
                if bulk_load is not None:
                    bulk_load(_Parts(parts))
                else:
                    self.store.load_nquads(b"".join(parts).decode(), union=False)
            self.store.load_nquads("".join(_entry_quads(e, self.build_graph) for e in work.entries), union=False)
        except KamergraafError as e:
            papers = len(work.entries) + len(work.rewritten)
            raise BuildError(f"the store refused a batch of {papers} papers: {e}") from e


@dataclass
class _Work:
    """One batch for the writing thread: papers rewritten in place (N-Quads of their graphs; their old and new
    entries), and papers loaded (their graphs, the union copies of their facts, the entries of earlier builds to
    forget first, their new entries)."""

    rewrite: list[bytes] = field(default_factory=list)
    rewritten: list[tuple[Entry, Entry]] = field(default_factory=list)
    graphs: list[bytes] = field(default_factory=list)
    union: list[bytes] = field(default_factory=list)
    forget: list[Entry] = field(default_factory=list)
    entries: list[Entry] = field(default_factory=list)


class _Parts(io.RawIOBase):
    """Read a list of byte strings as one stream, letting go of each as soon as it is read (the list is emptied)."""

    def __init__(self, parts: list[bytes]):
        parts.reverse()
        self.parts, self.current = parts, memoryview(b"")

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        while not self.current and self.parts:
            self.current = memoryview(self.parts.pop())
        n = min(len(buffer), len(self.current))
        buffer[:n] = self.current[:n]
        self.current = self.current[n:]
        return n


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
