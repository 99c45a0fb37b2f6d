"""Benchmarks on a synthetic corpus: ``scripts/bench --sizes 1000,10000,100000 [--json]``.

The corpus looks like the real papers: letters and motions with the headers, dates and signature blocks of
``corpus/README.md``, signers taken from the shipped register at a date inside their term, citations of earlier
papers drawn from a heavy-tailed (Zipf) popularity, and every tenth paper laid out like text extracted from a PDF
(running headers, hyphenated line ends, footnotes at the foot of the page). The same seed gives the same corpus.

Measured per size, each phase in a child process whose memory (with its workers) is sampled: a full build into an
Oxigraph store, a rebuild with 1% of the papers changed, the store's size, the median latency of each saved query
(look-ups with parameters, for the busiest values and for typical ones drawn at random; whole-graph analytics
without), the time to draw the network page, and a baseline on the
same corpus: every triple into one rdflib Graph, then Turtle.
"""

from __future__ import annotations

import argparse
import bisect
import csv
import json
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from graph.fsutil import atomic_write_text

MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
          "november", "december")
DOSSIER_TITLES = (
    "Vreemdelingenbeleid", "Migratiebeleid", "Vaststelling van de begrotingsstaten van het Ministerie van Justitie en "
    "Veiligheid", "Justitiële Jeugdinrichtingen", "Terugkeerbeleid", "Asielbeleid", "Integratiebeleid",
    "Mensenhandel", "Grensbewaking en visumbeleid", "Staat van de migratie", "Gezinshereniging",
    "Opvang van asielzoekers", "JBZ-Raad", "Raad Algemene Zaken en Raad Buitenlandse Zaken", "Nationaliteitsrecht",
)
SENTENCES = (
    "Met deze brief informeer ik uw Kamer over de stand van zaken.",
    "Het kabinet hecht groot belang aan een zorgvuldige behandeling van aanvragen.",
    "De Immigratie- en Naturalisatiedienst heeft het aantal aanvragen in het afgelopen jaar zien stijgen.",
    "In overleg met het Centraal Orgaan opvang asielzoekers wordt gezocht naar extra opvangplekken.",
    "De Adviesraad Migratie heeft hierover eerder geadviseerd.",
    "Ik zal uw Kamer voor het zomerreces nader informeren over de uitvoering.",
    "De Raad van State heeft in zijn uitspraak bevestigd dat het beleid rechtmatig is.",
    "Daarbij wordt nauw samengewerkt met de Dienst Terugkeer en Vertrek.",
    "De Europese Commissie heeft een voorstel gedaan voor een herziening van de procedures.",
    "Het ambtsbericht van de Minister van Buitenlandse Zaken geeft een beeld van de situatie in het land van herkomst.",
    "Over de voortgang wordt uw Kamer periodiek geïnformeerd.",
    "Gemeenten hebben aangegeven meer tijd nodig te hebben voor de huisvesting van vergunninghouders.",
)
MOTION_CLAUSES = (
    "constaterende dat de doorlooptijden bij de Immigratie- en Naturalisatiedienst oplopen;",
    "overwegende dat gemeenten onvoldoende woonruimte hebben voor vergunninghouders;",
    "van mening dat de opvang van alleenstaande minderjarige vreemdelingen verbetering behoeft;",
    "constaterende dat het aantal aanvragen voor gezinshereniging is gestegen;",
    "overwegende dat samenwerking met landen van herkomst noodzakelijk is voor terugkeer;",
)
MEMBERS = ("Becker", "Jasper van Dijk", "Voordewind", "Kuiken", "Azarkan", "Van Ojik", "Wilders", "Segers",
           "Groothuizen", "Van Toorenburg", "Markuszower", "Bisschop", "Koopmans", "Ceder", "Podt", "Brekelmans")


# --- the synthetic corpus ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Term:
    initials: str
    surname: str
    post: str
    start: str
    end: str


def _register_terms() -> list[_Term]:
    from graph.resolve.register import REGISTER_CSV  # noqa: PLC0415 - the shipped register

    with open(REGISTER_CSV, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    terms = []
    for row in rows:
        post = row["post_title"].split(",")[0].strip()
        if row["portfolio"] or not post.startswith(("Minister", "Staatssecretaris")):
            continue
        terms.append(_Term(row["initials"], row["surname"], post, row["start_date"], row["end_date"] or "2025-12-31"))
    return terms


def _date_in(term: _Term, rng: random.Random) -> tuple[int, int, int]:
    start = int(term.start[:4]) * 372 + int(term.start[5:7]) * 31 + int(term.start[8:10])
    end = int(term.end[:4]) * 372 + int(term.end[5:7]) * 31 + int(term.end[8:10])
    while True:
        day = rng.randint(start, max(start, end))
        y, rest = divmod(day, 372)
        m, d = divmod(rest, 31)
        if 1 <= m <= 12 and 1 <= d <= 28:
            return y, m, d


def _printed_dossier(nummer: int, toevoeging: str | None) -> str:
    text = f"{nummer // 1000} {nummer % 1000:03d}"
    if not toevoeging:
        return text
    return f"{text}-{toevoeging}" if toevoeging.isdigit() else f"{text} {toevoeging}"  # "21 501-20", "33 000 VII"


def _vergaderjaar(y: int, m: int) -> str:
    return f"{y}–{y + 1}" if m >= 9 else f"{y - 1}–{y}"


def _hyphenate(text: str, width: int, rng: random.Random) -> list[str]:
    """Break text into lines of about ``width`` characters, hyphenating long words at line ends now and then."""
    lines, line = [], ""
    for word in text.split(" "):
        if len(line) + len(word) + 1 > width:
            if len(word) > 8 and word.isalpha() and rng.random() < 0.5:
                cut = len(word) // 2
                lines.append(f"{line} {word[:cut]}-".strip())
                line = word[cut:]
                continue
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    return lines


class CorpusWriter:
    """Write synthetic papers; ``write(i)`` makes paper ``i`` of ``n`` (earlier papers are the ones it may cite)."""

    def __init__(self, n: int, *, seed: int = 1):
        self.n = n
        self.seed = seed
        self.terms = _register_terms()
        rng = random.Random(seed)
        # 1 dossier per ~40 papers, at least a few, each with a number of its own (so that no two papers share an id)
        count = max(5, n // 40)
        self.dossiers = [(30000 + nummer, rng.choice(["", "", "", "VI", "VII", "20"]))
                         for nummer in rng.sample(range(max(6000, 2 * count)), count)]
        self.dossier_titles = [rng.choice(DOSSIER_TITLES) for _ in self.dossiers]
        # heavy-tailed popularity: paper j has weight 1 / rank(j)^1.1, ranks shuffled
        ranks = list(range(1, n + 1))
        rng.shuffle(ranks)
        self.weights = [1.0 / r**1.1 for r in ranks]
        self.cumulative = []
        total = 0.0
        for w in self.weights:
            total += w
            self.cumulative.append(total)
        self.ids: list[tuple[int, int, str]] = []
        counters: dict[int, int] = {}
        for i in range(n):
            d = rng.randrange(len(self.dossiers))
            counters[d] = counters.get(d, 0) + 1
            self.ids.append((i, d, str(counters[d] + rng.choice((0, 0, 100, 1000)) )))
        # ondernummers must stay unique within a dossier
        seen: set[tuple[int, str]] = set()
        fixed = []
        for i, d, nr in self.ids:
            while (d, nr) in seen:
                nr = str(int(nr) + 1)
            seen.add((d, nr))
            fixed.append((i, d, nr))
        self.ids = fixed

    def doc_id(self, i: int) -> str:
        _, d, nr = self.ids[i]
        nummer, toevoeging = self.dossiers[d]
        return f"kst-{nummer}{'-' + toevoeging if toevoeging else ''}-{nr}"

    def _cite(self, i: int, rng: random.Random) -> str:
        if i == 0 or rng.random() < 0.1:
            nummer = 19000 + rng.randrange(16000)
            return f"{_printed_dossier(nummer, None)}, nr. {rng.randrange(1, 3000)}"
        j = bisect.bisect_left(self.cumulative, rng.random() * self.cumulative[i - 1])
        _, d, nr = self.ids[min(j, i - 1)]
        return f"{_printed_dossier(*self.dossiers[d])}, nr. {nr}"

    def text(self, i: int, *, variant: int = 0) -> str:
        rng = random.Random(self.seed * 1_000_003 + i)
        _, d, nr = self.ids[i]
        nummer, toevoeging = self.dossiers[d]
        term = rng.choice(self.terms)
        y, m, day = _date_in(term, rng)
        date = f"{day} {MONTHS[m - 1]} {y}"
        header = f"{_printed_dossier(nummer, toevoeging)} {self.dossier_titles[d]}"
        body = []
        for _ in range(rng.randint(3, 8)):
            sentence = rng.choice(SENTENCES)
            if rng.random() < 0.45:
                how = rng.choice(("(Kamerstuk {c})", "({c})", "(Kamerstukken {c})"))
                sentence = sentence[:-1] + " " + how.format(c=self._cite(i, rng)) + "."
            body.append(sentence)
        if variant:
            body.append(f"Deze tekst is {variant} keer herzien.")
        if rng.random() < 0.3:
            body_text, footnote = " ".join(body) + "1", "1\n\nGepubliceerd op www.rijksoverheid.nl"
        else:
            body_text, footnote = " ".join(body), ""
        if rng.random() < 0.7:
            post = term.post
            lines = [header, "", f"Nr. {nr} BRIEF VAN DE {post.upper()}", "",
                     "Aan de Voorzitter van de Tweede Kamer der Staten-Generaal", "", f"Den Haag, {date}", ""]
            signature = [f"De {post[0].lower()}{post[1:]},", "", f"{term.initials} {term.surname}"]
        else:
            signers = rng.sample(MEMBERS, rng.randint(1, 4))
            lines = [header, "", f"Nr. {nr} MOTIE VAN HET LID {signers[0].upper()}"
                     + (" C.S." if len(signers) > 1 else ""), "", f"Voorgesteld {date}", "", "De Kamer,", "",
                     "gehoord de beraadslaging,", ""]
            lines += [rng.choice(MOTION_CLAUSES), ""]
            signature = ["en gaat over tot de orde van de dag.", "", *signers]
        if i % 10 == 9:  # laid out like text from a PDF
            running = f"Tweede Kamer, vergaderjaar {_vergaderjaar(y, m)}, {_printed_dossier(nummer, toevoeging)}, nr. {nr} "
            wrapped = _hyphenate(body_text, 80, rng)
            half = len(wrapped) // 2
            page_break = ["", (footnote.replace("\n\n", " ") if footnote else ""), running + "1", "", running + "2", ""]
            lines += wrapped[:half] + page_break + wrapped[half:] + [""] + signature
        else:
            lines += [body_text, ""] + signature
            if footnote:
                lines += ["", "", "X Noot", footnote]
        return "\n".join(lines) + "\n"

    def write(self, directory: Path, i: int, *, variant: int = 0) -> Path:
        path = directory / f"{self.doc_id(i)}.txt"
        atomic_write_text(path, self.text(i, variant=variant))
        return path


def generate_corpus(directory: str | Path, n: int, *, seed: int = 1) -> list[Path]:
    """Write ``n`` synthetic papers into ``directory``; return their paths, sorted."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    writer = CorpusWriter(n, seed=seed)
    return sorted(writer.write(directory, i) for i in range(n))


def change_papers(directory: str | Path, n: int, fraction: float, *, seed: int = 1, variant: int = 1) -> list[Path]:
    """Rewrite a ``fraction`` of the corpus of ``n`` papers with a changed sentence; return the changed paths."""
    writer = CorpusWriter(n, seed=seed)
    rng = random.Random(seed + variant)
    chosen = sorted(rng.sample(range(n), max(1, round(n * fraction))))
    return [writer.write(Path(directory), i, variant=variant) for i in chosen]


def write_corpus(directory: str | Path, n: int, *, seed: int = 1) -> list[Path]:
    """Like :func:`generate_corpus`, but quick for large ``n``: plain writes into a scratch directory that is then
    renamed into place, so the corpus appears whole or not at all."""
    directory = Path(directory)
    scratch = directory.with_name(directory.name + ".part")
    shutil.rmtree(scratch, ignore_errors=True)
    scratch.mkdir(parents=True)
    writer = CorpusWriter(n, seed=seed)
    for i in range(n):
        (scratch / f"{writer.doc_id(i)}.txt").write_text(writer.text(i), encoding="utf-8")
    shutil.rmtree(directory, ignore_errors=True)
    scratch.rename(directory)
    return sorted(directory.glob("*.txt"))


# --- measuring -----------------------------------------------------------------------------------------------------


class PeakMemory:
    """Sample the resident memory of a process and all its children every ``interval`` s; ``peak_mb`` is the most."""

    def __init__(self, pid: int, interval: float = 0.05):
        import psutil  # noqa: PLC0415 - only the bench needs it

        self.root = psutil.Process(pid)
        self.interval = interval
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        import psutil  # noqa: PLC0415

        while not self._stop.is_set():
            try:
                procs = [self.root, *self.root.children(recursive=True)]
                total = 0
                for p in procs:
                    try:
                        total += p.memory_info().rss
                    except psutil.Error:
                        pass
                self.peak = max(self.peak, total)
            except psutil.Error:
                return
            self._stop.wait(self.interval)

    def __enter__(self) -> "PeakMemory":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()

    @property
    def peak_mb(self) -> float:
        return round(self.peak / 2**20, 1)


def _phase(args: list[str]) -> tuple[dict, float]:
    """Run ``python -m graph.bench --phase ...`` in a child; return its JSON answer and its peak memory in MB."""
    child = subprocess.Popen([sys.executable, "-m", "graph.bench", "--phase", *args], stdout=subprocess.PIPE, text=True)
    with PeakMemory(child.pid) as memory:
        out, _ = child.communicate()
    if child.returncode != 0:
        raise RuntimeError(f"bench phase {args[0]} failed with exit code {child.returncode}")
    return json.loads(out.strip().splitlines()[-1]), memory.peak_mb


def _phase_build(corpus: str, store_dir: str, jobs: int) -> dict:
    from graph.ids import Minter  # noqa: PLC0415
    from graph.pipeline import build  # noqa: PLC0415
    from graph.store_oxigraph import OxigraphStore  # noqa: PLC0415

    paths = sorted(Path(corpus).glob("*.txt"))
    store = OxigraphStore(store_dir)
    start = time.perf_counter()
    report = build(paths, store, minter=Minter(), jobs=jobs)
    store.close()
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "built": len(report.built), "unchanged": len(report.unchanged),
            "failed": len(report.failed), "triples": report.triples, "unresolved": report.unresolved}


def _phase_export(store_dir: str, target: str) -> dict:
    """Export the store as ``build -o kg.trig`` would: facts and provenance, with the description."""
    from graph.export import export  # noqa: PLC0415
    from graph.ids import Minter  # noqa: PLC0415
    from graph.store_oxigraph import OxigraphStore  # noqa: PLC0415

    store = OxigraphStore(store_dir, read_only=True)
    start = time.perf_counter()
    report = export(store, target, minter=Minter(), provenance=True)
    seconds = time.perf_counter() - start
    Path(target).unlink()
    return {"seconds": seconds, "statements": report.statements}


def _phase_validate(store_dir: str) -> dict:
    """Validate the store against the shipped shapes, as ``kamergraaf validate STORE`` does."""
    from graph.store_oxigraph import OxigraphStore  # noqa: PLC0415
    from graph.validate import validate_store  # noqa: PLC0415

    store = OxigraphStore(store_dir, read_only=True)
    start = time.perf_counter()
    report = validate_store(store)
    return {"seconds": time.perf_counter() - start, "violations": report.violations}


def _baseline_work(chunk: list[str], base: str) -> list:
    from graph.extract import extract  # noqa: PLC0415
    from graph.ids import Minter  # noqa: PLC0415
    from graph.mapping import paper_graphs  # noqa: PLC0415
    from graph.readers import read  # noqa: PLC0415
    from graph.resolve import resolve  # noqa: PLC0415

    triples = []
    for path in chunk:
        try:
            doc = read(path)
            extraction = extract(doc)
            graphs = paper_graphs(doc, extraction, resolve(extraction, document=doc), minter=Minter(base))
        except Exception:  # noqa: BLE001 - the baseline counts what it can build, like the pipeline
            continue
        triples.extend(graphs.facts)
        triples.extend(graphs.provenance)
    return triples


def _phase_baseline(corpus: str, out: str, jobs: int) -> dict:
    """Every triple into one rdflib Graph, then Turtle: the naive path, with the same worker processes."""
    import concurrent.futures as cf  # noqa: PLC0415
    import multiprocessing  # noqa: PLC0415

    from rdflib import Graph  # noqa: PLC0415

    from graph.ids import DEFAULT_BASE  # noqa: PLC0415

    paths = [str(p) for p in sorted(Path(corpus).glob("*.txt"))]
    chunks = [paths[i : i + 25] for i in range(0, len(paths), 25)]
    start = time.perf_counter()
    graph = Graph()
    with cf.ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("forkserver")) as pool:
        for triples in pool.map(_baseline_work, chunks, [DEFAULT_BASE] * len(chunks)):
            for triple in triples:
                graph.add(triple)
    graph.serialize(out, format="turtle")
    return {"seconds": time.perf_counter() - start, "triples": len(graph)}


def _median_ms(store, sparql: str, repeat: int) -> float:
    store.query(sparql)  # warm the caches once
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        store.query(sparql)
        times.append((time.perf_counter() - start) * 1000)
    return round(statistics.median(times), 2)


# the IRI starts of the vocabularies the parameter queries use: kg, eli, dct, foaf, skos
_PREFIXES = ("<https://w3id.org/kamergraaf/def#", "<http://data.europa.eu/eli/ontology#", "<http://purl.org/dc/terms/",
             "<http://xmlns.com/foaf/0.1/", "<http://www.w3.org/2004/02/skos/core#")


def _parameter_values(store) -> dict[str, str]:
    """The busiest values for saved-query parameters that the synthetic corpus holds: the most cited paper, the signer
    and the office with the most papers, the largest dossier (the worst case of each look-up)."""
    first = lambda sparql: next(iter(store.query(sparql).rows), (None,))[0]  # noqa: E731
    kg, eli, dct, foaf, skos = _PREFIXES
    cited = first(f"SELECT ?id WHERE {{ ?p {eli}cites> ?c . ?c {dct}identifier> ?id }} "
                  "GROUP BY ?id ORDER BY DESC(COUNT(?p)) ?id LIMIT 1")
    person = first(f"SELECT ?n WHERE {{ ?p {kg}signedBy> ?x . ?x {foaf}name> ?n }} GROUP BY ?n "
                   "ORDER BY DESC(COUNT(?p)) ?n LIMIT 1")
    office = first(f"SELECT ?l WHERE {{ ?p {kg}sender> ?x . ?x {skos}prefLabel> ?l }} GROUP BY ?l "
                   "ORDER BY DESC(COUNT(?p)) ?l LIMIT 1")
    dossier = first(f"SELECT ?n WHERE {{ ?p {eli}is_part_of> ?d . ?d {dct}identifier> ?n }} GROUP BY ?n "
                    "ORDER BY DESC(COUNT(?p)) ?n LIMIT 1")
    values = {"id": cited, "person": person, "office": office, "dossier": dossier}
    values = {k: str(v) for k, v in values.items() if v is not None}
    values.update({"date": "2012-06-01", "from": "2010-01-01", "to": "2012-12-31", "until": "2012-12-31"})
    return values


TYPICAL_VALUES = 15  # parameter values drawn for the typical latency of each look-up


def _parameter_samples(store, k: int, *, seed: int) -> list[dict[str, str]]:
    """``k`` sets of saved-query parameter values, each taken from a paper drawn at random (seeded): a paper it cites,
    its signer, its office, its dossier, its date and its calendar year. A value is thus as likely as the papers
    that bear it. Where :func:`_parameter_values` gives the busiest values (the worst case), these give the typical
    look-up."""
    kg, eli, dct, foaf, skos = _PREFIXES
    papers = sorted(str(row[0]) for row in store.query(f"SELECT ?p WHERE {{ ?p {eli}date_document> ?d }}").rows)
    rng = random.Random(seed)
    samples = []
    for paper in rng.sample(papers, min(k, len(papers))):
        row = store.query(
            f"SELECT (MIN(STR(?date)) AS ?day) (MIN(?cid) AS ?id) (MIN(?name) AS ?person) (MIN(?label) AS ?office) "
            f"(MIN(?number) AS ?dossier) WHERE {{ VALUES ?p {{ <{paper}> }} ?p {eli}date_document> ?date . "
            f"OPTIONAL {{ ?p {eli}cites> ?c . ?c {dct}identifier> ?cid }} "
            f"OPTIONAL {{ ?p {kg}signedBy> ?x . ?x {foaf}name> ?name }} "
            f"OPTIONAL {{ ?p {kg}sender> ?o . ?o {skos}prefLabel> ?label }} "
            f"OPTIONAL {{ ?p {eli}is_part_of> ?d . ?d {dct}identifier> ?number }} }}").rows[0]
        day, *rest = (None if value is None else str(value) for value in row)
        values = {name: value for name, value in zip(("id", "person", "office", "dossier"), rest) if value}
        if day:
            values.update({"date": day, "from": f"{day[:4]}-01-01", "to": f"{day[:4]}-12-31", "until": day})
        samples.append(values)
    return samples


def _example(description: str) -> str:
    found = re.search(r'e\.g\.\s*"([^"]*)"', description)
    return found.group(1) if found else "x"


QUERY_TIMEOUT_S = 60  # a saved query whose runs take longer on average is reported as None (not timed further)


def _phase_query(store_dir: str, sparql: str, repeat: int) -> dict:
    from graph.store_oxigraph import OxigraphStore  # noqa: PLC0415

    store = OxigraphStore(store_dir, read_only=True)
    return {"ms": _median_ms(store, sparql, repeat)}


def _phase_queries(store_dir: str, sparqls_json: str) -> dict:
    """The median over several renderings of one query (each run once to warm up, then timed once)."""
    from graph.store_oxigraph import OxigraphStore  # noqa: PLC0415

    store = OxigraphStore(store_dir, read_only=True)
    return {"ms": statistics.median(_median_ms(store, sparql, 1) for sparql in json.loads(sparqls_json))}


def measure_queries(store_dir: Path, values: dict[str, str], samples: list[dict[str, str]], *,
                    repeat: int = 5) -> tuple[dict, dict, dict]:
    """Median milliseconds of every saved query, each in a child process that is stopped once its runs (a warm-up
    and the timed ones) have taken :data:`QUERY_TIMEOUT_S` each on average: ``(look-ups with the busiest values,
    whole-graph analytics, look-ups with typical values)``; the typical figure is the median over the drawn
    ``samples`` of values."""
    from graph.query import saved_queries  # noqa: PLC0415

    def timed(phase: list[str], timeout: float) -> float | None:
        try:
            answer = subprocess.run([sys.executable, "-m", "graph.bench", "--phase", *phase],
                                    capture_output=True, text=True, timeout=timeout, check=True)
        except subprocess.TimeoutExpired:
            return None
        return json.loads(answer.stdout.strip().splitlines()[-1])["ms"]

    lookups: dict[str, float | None] = {}
    analytics: dict[str, float | None] = {}
    typical: dict[str, float | None] = {}
    for name, query in sorted(saved_queries().items()):
        render = lambda chosen: query.render(  # noqa: E731
            {p.name: chosen.get(p.name) or _example(p.description) for p in query.params})
        ms = timed(["query", str(store_dir), render(values), str(repeat)], QUERY_TIMEOUT_S * (1 + repeat))
        (lookups if query.params else analytics)[name] = ms
        if query.params and samples:
            sparqls = json.dumps([render(chosen) for chosen in samples])
            typical[name] = timed(["queries", str(store_dir), sparqls], QUERY_TIMEOUT_S * 2 * len(samples))
    return lookups, analytics, typical


def _dir_mb(path: Path) -> float:
    return round(sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 2**20, 1)


def measure(n: int, workdir: Path, *, jobs: int, baseline: bool = True, seed: int = 1) -> dict:
    """Run every measurement for a corpus of ``n`` papers under ``workdir``; return one JSON-ready dict."""
    from graph.network.page import write_network  # noqa: PLC0415
    from graph.store_oxigraph import OxigraphStore  # noqa: PLC0415

    corpus, store_dir = workdir / f"corpus-{n}", workdir / f"store-{n}"
    shutil.rmtree(store_dir, ignore_errors=True)
    write_corpus(corpus, n, seed=seed)
    built, peak = _phase(["build", str(corpus), str(store_dir), str(jobs)])
    change_papers(corpus, n, 0.01, seed=seed)
    rebuilt, rebuild_peak = _phase(["build", str(corpus), str(store_dir), str(jobs)])
    result: dict = {
        "papers": n, "jobs": jobs, "build_s": round(built["seconds"], 2),
        "papers_per_s": round(n / built["seconds"], 1), "peak_rss_mb": peak, "triples": built["triples"],
        "failed": built["failed"], "rebuild_1pct_s": round(rebuilt["seconds"], 2),
        "rebuild_papers": rebuilt["built"], "rebuild_peak_rss_mb": rebuild_peak, "store_mb": _dir_mb(store_dir),
    }
    store = OxigraphStore(store_dir)
    values = _parameter_values(store)
    samples = _parameter_samples(store, TYPICAL_VALUES, seed=seed)
    store.close()
    result["query_ms"], result["analytics_ms"], result["query_typical_ms"] = measure_queries(store_dir, values, samples)
    store = OxigraphStore(store_dir)
    start = time.perf_counter()
    nodes = write_network(store, workdir / f"network-{n}.html", dossier=values.get("dossier"))
    result["network_s"], result["network_nodes"] = round(time.perf_counter() - start, 2), nodes
    store.close()
    exported, export_peak = _phase(["export", str(store_dir), str(workdir / f"export-{n}.trig")])
    result["export_s"], result["export_peak_rss_mb"] = round(exported["seconds"], 2), export_peak
    result["export_statements"] = exported["statements"]
    validated, validate_peak = _phase(["validate", str(store_dir)])
    result["validate_s"], result["validate_peak_rss_mb"] = round(validated["seconds"], 2), validate_peak
    result["validate_violations"] = validated["violations"]
    if baseline:
        base, base_peak = _phase(["baseline", str(corpus), str(workdir / f"baseline-{n}.ttl"), str(jobs)])
        result["baseline_build_s"], result["baseline_peak_rss_mb"] = round(base["seconds"], 2), base_peak
    else:
        result["baseline_build_s"] = result["baseline_peak_rss_mb"] = None
    return result


def _ratio(ours, theirs) -> str:
    return f" ({ours / theirs:.2f}x baseline)" if ours is not None and theirs else ""


def report_text(r: dict) -> str:
    """The figures of one size for people, ours as ratios to the baseline."""
    lines = [
        f"{r['papers']} papers, {r['jobs']} jobs, {r['triples']} triples, {r['failed']} failed",
        f"  full build       {r['build_s']:8.2f} s  {r['papers_per_s']:8.1f} papers/s"
        + _ratio(r["build_s"], r["baseline_build_s"]),
        f"  peak memory      {r['peak_rss_mb']:8.1f} MB" + _ratio(r["peak_rss_mb"], r["baseline_peak_rss_mb"]),
        f"  rebuild 1%       {r['rebuild_1pct_s']:8.2f} s  ({r['rebuild_papers']} papers rebuilt)",
        f"  store on disk    {r['store_mb']:8.1f} MB",
        f"  network page     {r['network_s']:8.2f} s  ({r['network_nodes']} nodes)",
        f"  export (TriG)    {r['export_s']:8.2f} s, {r['export_peak_rss_mb']:.1f} MB "
        f"({r['export_statements']} quads: facts, provenance, description)",
        f"  validate (SHACL) {r['validate_s']:8.2f} s, {r['validate_peak_rss_mb']:.1f} MB "
        f"({r['validate_violations']} violations)",
    ]
    if r["baseline_build_s"] is not None:
        lines.append(f"  baseline         {r['baseline_build_s']:8.2f} s, {r['baseline_peak_rss_mb']:.1f} MB "
                     "(one rdflib Graph, then Turtle)")
    else:
        lines.append("  baseline         skipped (--baseline-max)")
    timeout = f"> {QUERY_TIMEOUT_S} s"
    lines.append("  look-up queries, busiest values (median ms): "
                 + ", ".join(f"{k} {timeout if v is None else v}" for k, v in r["query_ms"].items()))
    lines.append(f"  look-up queries, typical values (median over {TYPICAL_VALUES} drawn values, ms): "
                 + ", ".join(f"{k} {timeout if v is None else v}" for k, v in r["query_typical_ms"].items()))
    lines.append("  analytics (median ms):       "
                 + ", ".join(f"{k} {timeout if v is None else v}" for k, v in r["analytics_ms"].items()))
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="scripts/bench",
        description="Measure full builds, 1%% rebuilds, memory, store size, saved-query latency, the network page "
        "an export and a validation "
        "on a synthetic corpus, against a baseline (one rdflib Graph, then Turtle). "
        "Example: scripts/bench --sizes 1000,10000 --json",
    )
    parser.add_argument("--sizes", default="1000", help="comma-separated corpus sizes (default: 1000)")
    parser.add_argument("--json", action="store_true", help="print one JSON object per size")
    parser.add_argument("--jobs", type=int, default=None, help="worker processes (default: the core count)")
    parser.add_argument("--workdir", type=Path, default=None, help="where corpora and stores go (default: a temp dir)")
    parser.add_argument("--baseline-max", type=int, default=20000,
                        help="skip the baseline above this many papers: it holds every triple in memory "
                        "(default: 20000)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--phase", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.phase:
        kind, *rest = args.phase
        if kind == "build":
            print(json.dumps(_phase_build(rest[0], rest[1], int(rest[2]))))
        elif kind == "baseline":
            print(json.dumps(_phase_baseline(rest[0], rest[1], int(rest[2]))))
        elif kind == "export":
            print(json.dumps(_phase_export(rest[0], rest[1])))
        elif kind == "validate":
            print(json.dumps(_phase_validate(rest[0])))
        elif kind == "query":
            print(json.dumps(_phase_query(rest[0], rest[1], int(rest[2]))))
        elif kind == "queries":
            print(json.dumps(_phase_queries(rest[0], rest[1])))
        return 0
    from graph.pipeline import default_jobs  # noqa: PLC0415

    jobs = args.jobs or default_jobs()
    try:
        sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    except ValueError:
        parser.error(f"Expected --sizes like 1000,10000, got {args.sizes!r}")
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="kamergraaf-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    for n in sizes:
        result = measure(n, workdir, jobs=jobs, baseline=n <= args.baseline_max, seed=args.seed)
        print(json.dumps(result, sort_keys=True) if args.json else report_text(result), flush=True)
    if args.workdir is None:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
