"""The synthetic corpus of ``scripts/bench``: deterministic, shaped like the real papers, citations heavy-tailed;
and the bench itself answers with the agreed keys."""

from __future__ import annotations

import json
import re
from collections import Counter

import pytest

from graph.bench import CorpusWriter, change_papers, generate_corpus, main
from graph.extract import extract
from graph.readers import read


@pytest.mark.parametrize("n", [60])
def test_bench_corpus_is_deterministic_and_changes_on_request(n, tmp_path):
    first = generate_corpus(tmp_path / "a", n, seed=3)
    second = generate_corpus(tmp_path / "b", n, seed=3)
    assert [p.name for p in first] == [p.name for p in second]
    assert all(a.read_bytes() == b.read_bytes() for a, b in zip(first, second))
    changed = change_papers(tmp_path / "a", n, 0.05, seed=3)
    assert len(changed) == 3
    assert all(c.read_bytes() != (tmp_path / "b" / c.name).read_bytes() for c in changed)


@pytest.mark.parametrize("n", [80])
def test_bench_corpus_papers_read_like_real_ones(n, tmp_path):
    paths = generate_corpus(tmp_path, n, seed=5)
    kinds = Counter()
    for path in paths:
        extraction = extract(read(path))
        assert extraction.id == path.stem, path.read_text()
        assert extraction.date is not None and extraction.senders, path.read_text()
        kinds[extraction.doc_type] += 1
    assert kinds["brief"] > n // 3 and kinds["motie"] > n // 10
    pdf_like = [p for p in paths if re.search(r"^Tweede Kamer, vergaderjaar", p.read_text(), re.M)]
    assert pdf_like  # some papers carry running headers like PDF text


@pytest.mark.parametrize("n", [3000])
def test_bench_corpus_citations_are_heavy_tailed(n):
    writer = CorpusWriter(n, seed=2)
    cited = Counter()
    for i in range(n):
        for m in re.finditer(r"(\d\d \d\d\d(?: [A-Z0-9]+)?), nr\. (\d+)", writer.text(i)):
            cited[m.groups()] += 1
    counts = sorted(cited.values(), reverse=True)
    assert counts[0] >= 20 * counts[len(counts) // 2]  # the most cited paper dwarfs the median one


@pytest.mark.slow
@pytest.mark.parametrize("size", [40])
def test_bench_answers_with_the_agreed_keys(size, tmp_path, capsys):
    assert main(["--sizes", str(size), "--json", "--jobs", "1", "--workdir", str(tmp_path)]) == 0
    result = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    for key in ("papers", "build_s", "papers_per_s", "peak_rss_mb", "rebuild_1pct_s", "store_mb", "query_ms",
                "analytics_ms", "network_s", "baseline_build_s", "baseline_peak_rss_mb"):
        assert key in result, key
    assert result["papers"] == size and result["failed"] == 0
    assert result["rebuild_papers"] == 1
    assert {"papers-citing", "papers-by-person"} <= set(result["query_ms"])
    assert set(result["query_typical_ms"]) == set(result["query_ms"])
    assert "most-cited" in result["analytics_ms"]
    assert result["peak_rss_mb"] > 0 and result["baseline_peak_rss_mb"] > 0
    assert result["export_statements"] > result["triples"] and result["export_peak_rss_mb"] > 0
    assert result["validate_violations"] == 0 and result["validate_peak_rss_mb"] > 0  # the synthetic papers conform
