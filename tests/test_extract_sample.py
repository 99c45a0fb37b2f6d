"""Extraction of the shipped sample papers: golden records, hand-made gold, and spans that quote the source."""

from __future__ import annotations

import doctest
import importlib
import json
import re
from pathlib import Path

import pytest

import graph
from graph.extract import extract
from graph.extract.dates import parse_dutch_date
from graph.extract.numbers import DOSSIER, parse_dossier
from graph.fsutil import atomic_write_text
from graph.readers import read

SAMPLE = Path(graph.__file__).parent / "data" / "sample"
PAPERS = sorted(SAMPLE.glob("*.txt"))
GOLDEN = Path(__file__).parent / "golden" / "extract"
CORE_FIELDS = (
    "dossiers", "ondernummer", "doc_type", "date", "vergaderjaar", "senders", "on_behalf_of", "addressee",
    "cited_kamerstukken",
)
SEED = SAMPLE / "kst-19637-2699.txt"


def _record(path: Path) -> dict:
    record = extract(read(path)).to_record()
    record["source"] = path.name  # the golden files must not depend on where the repository lives
    return record


def test_sample_is_there() -> None:
    assert len(PAPERS) >= 9 and SEED in PAPERS
    ids = [line.split("\t")[0] for line in (SAMPLE / "SOURCES.tsv").read_text(encoding="utf-8").splitlines()[1:]]
    assert sorted(ids) == sorted(p.stem for p in PAPERS)
    assert all(p.with_name(p.stem + ".gold.json").exists() for p in PAPERS)


@pytest.mark.parametrize("path", PAPERS, ids=lambda p: p.stem)
def test_golden_record(path: Path, update_golden: bool) -> None:
    record = _record(path)
    golden = GOLDEN / f"{path.stem}.json"
    text = json.dumps(record, ensure_ascii=False, indent=2) + "\n"
    if update_golden:
        atomic_write_text(golden, text)
    assert golden.exists(), f"no golden file {golden}: run pytest --update-golden"
    assert json.loads(golden.read_text(encoding="utf-8")) == record


@pytest.mark.parametrize("path", PAPERS, ids=lambda p: p.stem)
def test_core_fields_equal_hand_made_gold(path: Path) -> None:
    gold = json.loads(path.with_name(path.stem + ".gold.json").read_text(encoding="utf-8"))
    record = _record(path)
    for field in CORE_FIELDS:
        if isinstance(gold[field], list):
            key = lambda v: json.dumps(v, sort_keys=True)  # noqa: E731
            assert sorted(map(key, record[field])) == sorted(map(key, gold[field])), field
        else:
            assert record[field] == gold[field], field
    if gold.get("id"):
        assert record["id"] == gold["id"]


@pytest.mark.parametrize("path", [SEED], ids=lambda p: p.stem)
def test_seed_equals_its_gold(path: Path) -> None:
    gold = json.loads(path.with_name(path.stem + ".gold.json").read_text(encoding="utf-8"))
    record = _record(path)
    for field in gold:
        if field in ("organisations", "persons", "cited_other", "notes", "id"):
            continue
        assert record[field] == gold[field], field
    assert "AIV" in record["organisations"]
    assert "S.A. Blok" in record["persons"]
    assert any(o.startswith("advies nr. 117 «Het Europese asielbeleid") for o in record["cited_other"])


def _squash(text: str) -> str:
    """Undo what cleaning does to printed text: line-end hyphenation and line breaks."""
    return re.sub(r"\s+", " ", re.sub(r"(?<=[a-zà-ÿ])-\s*\n\s*(?=[a-zà-ÿ])", "", text)).strip()


@pytest.mark.parametrize("path", PAPERS, ids=lambda p: p.stem)
def test_spans_quote_the_printed_text(path: Path) -> None:
    doc = read(path)
    ex = extract(doc)
    q = lambda span: _squash(doc.quote(span))  # noqa: E731
    for d in ex.dossiers:
        assert str(parse_dossier(re.match(DOSSIER, q(d.span)).group(0))) == str(d.number)
    if ex.ondernummer:
        assert q(ex.ondernummer.span) == ex.ondernummer.value
    if ex.title:
        assert q(ex.title.span) == ex.title.value
    if ex.date:
        assert parse_dutch_date(q(ex.date.span)).isoformat() == ex.date.value
    if ex.vergaderjaar:
        assert q(ex.vergaderjaar.span).replace("–", "-") == ex.vergaderjaar.value
    for s in ex.senders:
        if s.name_span:
            assert q(s.name_span) == s.name
        if s.role_span:
            assert q(s.role_span).lower().replace(" ", "-") == s.role.lower().replace(" ", "-")
    mentions = [*ex.on_behalf_of, *([ex.addressee] if ex.addressee else []), *ex.organisations, *ex.persons]
    for m in mentions:
        assert q(m.span).lower() == _squash(m.text).lower()
    for c in [*ex.cited_kamerstukken, *ex.cited_other]:
        assert q(c.span) == c.text
        assert c.sentence and _squash(c.text)[:20] in _squash(c.sentence)


@pytest.mark.parametrize(
    "module",
    ["graph.extract", "graph.extract.numbers", "graph.extract.dates", "graph.extract.citations",
     "graph.extract.header", "graph.extract.actors", "graph.extract.entities", "graph.extract.accuracy",
     "graph.readers.text"],
)
def test_doctests(module: str) -> None:
    result = doctest.testmod(importlib.import_module(module), optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0 and result.failed == 0
