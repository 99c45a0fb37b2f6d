"""`kamergraaf build` and `kamergraaf validate` end to end on the shipped sample corpus, and on bad input."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic

from graph.cli import main
from graph.ids import Minter
from graph.resources import SAMPLE_DIR
from graph.store import open_store
from graph.store_oxigraph import OxigraphStore

SEED = SAMPLE_DIR / "kst-19637-2699.txt"
PAPERS = sorted(SAMPLE_DIR.glob("*.txt"))


@pytest.fixture(scope="module")
def sample_trig(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("build") / "kg.trig"
    assert main(["build", str(SAMPLE_DIR), "-o", str(out), "--jobs", "1", "-q"]) == 0
    return out


@pytest.mark.parametrize("suffix", [".ttl", ".trig", ".nq", ".nt", ".jsonld"])
def test_cli_build_writes_every_format_and_it_conforms(tmp_path, suffix):
    out = tmp_path / f"kg{suffix}"
    assert main(["build", str(SEED), "-o", str(out), "--jobs", "1", "-q"]) == 0
    assert out.stat().st_size > 0
    assert main(["validate", str(out), "-q"]) == 0


@pytest.mark.parametrize("case", ["sample corpus"])
def test_cli_build_sample_corpus_conforms(sample_trig, case, capsys):
    assert main(["validate", str(sample_trig)]) == 0
    assert "conforms" in capsys.readouterr().out


@pytest.mark.parametrize("case", ["sample corpus"])
def test_cli_build_every_sample_paper_is_in_the_graph(sample_trig, case):
    names = {str(g) for g in open_store(sample_trig).graph_names()}
    minter = Minter()
    for paper in PAPERS:
        assert str(minter.graph(paper.stem)) in names, f"{paper.name} has no facts graph"
        assert str(minter.provenance_graph(paper.stem)) in names, f"{paper.name} has no provenance graph"


@pytest.mark.parametrize("fmt", ["turtle", "trig"])
def test_cli_build_is_deterministic(tmp_path, fmt):
    suffix = {"turtle": ".ttl", "trig": ".trig"}[fmt]
    # the same papers in two folders (where they were read from never shows), built with different job counts
    first, second = tmp_path / "a" / f"kg{suffix}", tmp_path / "b" / f"kg{suffix}"  # the name is in the description
    for out, jobs in ((first, "2"), (second, "1")):
        papers = shutil.copytree(SAMPLE_DIR, out.parent / "papers")
        assert main(["build", str(papers), "-o", str(out), "--jobs", jobs, "-q"]) == 0
    assert first.read_bytes() == second.read_bytes()


@pytest.mark.parametrize("suffix", [".trig", ".ttl"])
def test_cli_build_many_papers_go_through_a_temporary_store(tmp_path, monkeypatch, suffix):
    """Above MEMORY_PAPERS, -o alone builds in an Oxigraph store beside the output: the same bytes as in memory,
    and nothing left beside the file."""
    import graph.cli.build  # noqa: PLC0415

    in_memory, on_disk = tmp_path / "memory" / f"kg{suffix}", tmp_path / "disk" / f"kg{suffix}"
    assert main(["build", str(SAMPLE_DIR), "-o", str(in_memory), "--jobs", "1", "-q"]) == 0
    opened = []
    monkeypatch.setattr(graph.cli.build, "MEMORY_PAPERS", 1)
    monkeypatch.setattr(graph.cli.build, "OxigraphStore", lambda path: opened.append(path) or OxigraphStore(path))
    assert main(["build", str(SAMPLE_DIR), "-o", str(on_disk), "--jobs", "1", "-q"]) == 0
    assert len(opened) == 1 and Path(opened[0]).parent == on_disk.parent
    assert on_disk.read_bytes() == in_memory.read_bytes()
    assert [p.name for p in on_disk.parent.iterdir()] == [on_disk.name]


def test_cli_build_removes_the_temporary_store_of_a_killed_build(tmp_path, monkeypatch, capsys):
    """A build killed with -9 leaves its temporary store (unlocked once its process is gone); the next one removes
    it, and says so."""
    import graph.cli.build  # noqa: PLC0415

    out = tmp_path / "kg.nq"
    left = tmp_path / ".kg.nq.store-killed"
    OxigraphStore(left).close()  # RocksDB's LOCK file is there, and nobody holds it
    monkeypatch.setattr(graph.cli.build, "MEMORY_PAPERS", 1)
    assert main(["build", str(SAMPLE_DIR), "-o", str(out), "--jobs", "1"]) == 0
    assert f"removed {left}, left by a build that was killed" in capsys.readouterr().err
    assert [p.name for p in tmp_path.iterdir()] == [out.name]


@pytest.mark.parametrize("papers_in_memory", [0, 1000])
def test_cli_build_output_that_cannot_be_written_is_named(tmp_path, monkeypatch, capsys, papers_in_memory):
    """Through the temporary store or in memory, an output under a file fails with its name and exit code 2."""
    import graph.cli.build  # noqa: PLC0415

    monkeypatch.setattr(graph.cli.build, "MEMORY_PAPERS", papers_in_memory)
    blocker = tmp_path / "file.txt"
    blocker.write_text("not a folder")
    target = blocker / "kg.ttl"
    assert main(["build", str(SEED), "-o", str(target), "--jobs", "1", "-q"]) == 2
    assert str(target) in capsys.readouterr().err


@pytest.mark.parametrize("fmt", ["turtle"])
def test_cli_build_round_trips(tmp_path, fmt):
    out = tmp_path / "kg.ttl"
    assert main(["build", str(SAMPLE_DIR), "-o", str(out), "--jobs", "1", "-q"]) == 0
    parsed = Graph().parse(out, format=fmt)
    again = Graph().parse(data=parsed.serialize(format=fmt), format=fmt)
    assert len(parsed) > 100
    assert isomorphic(parsed, again)


BAD_INPUTS = {
    "empty.txt": b"",
    "binary.txt": bytes(range(256)) * 8,
    "no-header.txt": "Dit is een boodschappenlijst.\n\nMelk, brood en kaas.\n".encode(),
}


@pytest.mark.parametrize("bad", sorted(BAD_INPUTS))
def test_cli_build_bad_input_is_named_and_the_rest_is_built(tmp_path, bad, capsys):
    papers = tmp_path / "papers"
    papers.mkdir()
    shutil.copy(SEED, papers / SEED.name)
    (papers / bad).write_bytes(BAD_INPUTS[bad])
    out = tmp_path / "kg.ttl"
    assert main(["build", str(papers), "-o", str(out), "--jobs", "1"]) == 1
    err = capsys.readouterr().err
    assert bad in err, err
    graph = Graph().parse(out)
    paper = Minter().kamerstuk("kst-19637-2699")
    assert (paper, URIRef("http://purl.org/dc/terms/identifier"), Literal("kst-19637-2699")) in graph


@pytest.mark.parametrize("args", [["build", "-o", "x.ttl"], ["build", "papers"], ["build", "p", "-o", "kg.xyz"]])
def test_cli_build_usage_errors_exit_2(tmp_path, monkeypatch, args, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "p").mkdir()
    assert main(args) == 2
    assert "error" in capsys.readouterr().err


@pytest.mark.parametrize("content", ["not turtle at all <<<"])
def test_cli_validate_bad_graph_exits_2(tmp_path, content, capsys):
    bad = tmp_path / "bad.ttl"
    bad.write_text(content)
    assert main(["validate", str(bad)]) == 2
    assert "bad.ttl" in capsys.readouterr().err


@pytest.mark.parametrize("case", ["signing without capacity"])
def test_cli_validate_violations_exit_1(tmp_path, case):
    bad = tmp_path / "bad.ttl"
    bad.write_text(
        "@prefix kg: <https://w3id.org/kamergraaf/def#> .\n"
        "<https://w3id.org/kamergraaf/id/ondertekening/x/1> a kg:Ondertekening .\n"
    )
    assert main(["validate", str(bad), "-q"]) == 1
