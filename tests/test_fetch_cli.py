"""``kamergraaf fetch`` end to end against the replay server: exit codes, output, a killed run resumed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from graph.cli import main
from replay_server import FIXTURES, PAPERS_19637, QUERY_19637, Reply, ReplayServer, paper_path, serve_dossier_19637

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def server():
    with ReplayServer() as s:
        yield s


def argv(server: ReplayServer, cache: Path, *extra: str) -> list[str]:
    return ["fetch", "--dossier", "19637", "--cache", str(cache), "--sru-url", server.url("/sru"),
            "--repository-url", server.url("/frbr"), "--rate", "0", "--page-size", "2", *extra]


@pytest.mark.parametrize("extra", [(), ("--progress",)])
def test_fetch_exits_0_and_lists_the_papers(server, tmp_path, capsys, extra):
    serve_dossier_19637(server)

    code = main(argv(server, tmp_path, *extra))

    out, err = capsys.readouterr()
    assert code == 0
    assert out.splitlines() == [str(tmp_path / "papers" / f"{i}.xml") for i in PAPERS_19637]
    assert "5 papers in the cache; this run fetched 5, found 0 already cached, 0 failed" in err
    if extra:
        assert "19637 [########################] 5/5  fetched 5  cached 0  failed 0" in err


@pytest.mark.parametrize("doc_id", ["kst-19637-2701"])
def test_fetch_exits_1_when_a_paper_fails_and_names_it(server, tmp_path, capsys, doc_id):
    serve_dossier_19637(server)
    server.add(paper_path(doc_id), Reply.status(410))

    code = main(argv(server, tmp_path))

    out, err = capsys.readouterr()
    assert code == 1
    assert f"failed paper {doc_id} ({server.url(paper_path(doc_id))}): HTTP 410 Gone" in err
    assert len(out.splitlines()) == 4


@pytest.mark.parametrize("dossier", ["nineteen", "1963", "19637-VII!"])
def test_fetch_exits_2_on_a_bad_dossier_number_before_any_request(server, tmp_path, capsys, dossier):
    code = main(argv(server, tmp_path, "--dossier", dossier))

    assert code == 2 and "Expected a dossier number like '19637'" in capsys.readouterr().err
    assert server.log == []


@pytest.mark.parametrize("option, value, message", [
    ("--since", "yesterday", "expected a date as YYYY-MM-DD"),
    ("--rate", "-1", "expected a number >= 0"),
    ("--timeout", "0", "expected a number > 0"),
])
def test_fetch_exits_2_on_a_bad_option(server, tmp_path, capsys, option, value, message):
    with pytest.raises(SystemExit) as exit_info:
        main(argv(server, tmp_path, option, value))

    assert exit_info.value.code == 2 and message in capsys.readouterr().err
    assert server.log == []


@pytest.mark.parametrize("reply", [Reply.status(500)])
def test_fetch_exits_2_when_the_search_fails(server, tmp_path, capsys, reply):
    server.add("/sru", reply)

    code = main(argv(server, tmp_path, "--retries", "0"))

    assert code == 2
    assert "failed search for dossier 19637" in capsys.readouterr().err


@pytest.mark.parametrize("variable", ["KAMERGRAAF_CACHE"])
def test_the_cache_directory_comes_from_the_environment(server, tmp_path, monkeypatch, capsys, variable):
    serve_dossier_19637(server)
    monkeypatch.setenv(variable, str(tmp_path / "from-env"))
    args = argv(server, tmp_path)
    i = args.index("--cache")
    del args[i:i + 2]

    assert main(args) == 0
    assert sorted(p.name for p in (tmp_path / "from-env" / "papers").glob("*.xml"))[0] == "kst-19637-2699.metadata.xml"


@pytest.mark.parametrize("stalled", ["kst-19637-2701"])
def test_a_killed_run_leaves_no_half_file_and_the_next_run_fetches_only_what_is_missing(server, tmp_path, stalled):
    serve_dossier_19637(server)
    body = (FIXTURES / f"{stalled}.xml").read_bytes()
    server.add(paper_path(stalled), Reply.stall(body), Reply.file(FIXTURES / f"{stalled}.xml"))
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.Popen([sys.executable, "-m", "graph", *argv(server, tmp_path)], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        assert server.stalled.wait(timeout=20), "the fetcher never reached the stalled paper"
    finally:
        proc.kill()  # SIGKILL: no cleanup code runs
        proc.wait(timeout=10)
    server.release.set()
    papers = tmp_path / "papers"
    assert not (papers / f"{stalled}.xml").exists()
    assert (papers / "kst-19637-2700.xml").read_bytes() == (FIXTURES / "kst-19637-2700.xml").read_bytes()
    leftover = papers / f".{stalled}.xml.k1ll3d.part"  # what a kill in the middle of a write leaves
    leftover.write_bytes(body[:100])
    before = len(server.hits("/frbr/"))

    assert main(argv(server, tmp_path)) == 0

    fetched = sorted(h.path for h in server.hits("/frbr/")[before:])
    assert fetched == sorted(paper_path(i, metadata=m) for i in PAPERS_19637[2:] for m in (False, True))
    assert (papers / f"{stalled}.xml").read_bytes() == body
    assert not leftover.exists() and list(tmp_path.rglob("*.part")) == []
    assert server.hits("/sru")[-1].query["query"] == QUERY_19637
