"""Each sample paper's facts, as canonical Turtle, equal the golden file (rewritten only with --update-golden)."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.export import ExportFormat, canonical_quads, serialise
from graph.extract import extract
from graph.ids import Minter
from graph.mapping import paper_graphs
from graph.readers import read
from graph.resolve import resolve
from graph.resources import SAMPLE_DIR

GOLDEN = Path(__file__).parent / "golden" / "turtle"
PAPERS = sorted(SAMPLE_DIR.glob("*.txt"))


def facts_turtle(path: Path) -> str:
    doc = read(path)
    extraction = extract(doc)
    graphs = paper_graphs(doc, extraction, resolve(extraction, document=doc), minter=Minter())
    quads = canonical_quads(((s, p, o, None) for s, p, o in graphs.facts), keep_graphs=False)
    return serialise(quads, ExportFormat.TURTLE).decode("utf-8")


@pytest.mark.parametrize("paper", PAPERS, ids=[p.stem for p in PAPERS])
def test_mapping_golden_turtle_of_each_sample_paper(paper, update_golden):
    golden = GOLDEN / f"{paper.stem}.ttl"
    turtle = facts_turtle(paper)
    if update_golden:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(turtle, encoding="utf-8")
    assert golden.exists(), f"no golden file {golden.name}: run scripts/test --update-golden and read the diff"
    assert turtle == golden.read_text(encoding="utf-8")


@pytest.mark.parametrize("paper", PAPERS[:1], ids=[p.stem for p in PAPERS[:1]])
def test_mapping_golden_turtle_is_byte_identical_twice(paper):
    assert facts_turtle(paper) == facts_turtle(paper)
