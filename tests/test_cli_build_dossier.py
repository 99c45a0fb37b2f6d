"""`kamergraaf build --dossier` = fetch + build: the same graph as building the fetched papers from disk."""

from __future__ import annotations

import shutil

import pytest

from graph.cli import main
from replay_server import FIXTURES, PAPERS_19637, ReplayServer, serve_dossier_19637


@pytest.fixture
def server():
    with ReplayServer() as s:
        yield s


@pytest.mark.parametrize("fmt", ["nq"])
def test_cli_build_dossier_equals_build_from_disk(server, tmp_path, fmt):
    serve_dossier_19637(server)
    fetched = tmp_path / "fetched" / f"kg.{fmt}"
    code = main(["build", "--dossier", "19637", "-o", str(fetched), "--cache", str(tmp_path / "cache"),
                 "--sru-url", server.url("/sru"), "--repository-url", server.url("/frbr"), "--rate", "0",
                 "--page-size", "2", "--jobs", "1", "-q"])
    assert code == 0

    papers = tmp_path / "papers"
    papers.mkdir()
    for doc_id in PAPERS_19637:
        for suffix in (".xml", ".metadata.xml"):
            shutil.copy(FIXTURES / f"{doc_id}{suffix}", papers / f"{doc_id}{suffix}")
    from_disk = tmp_path / "disk" / f"kg.{fmt}"
    assert main(["build", str(papers), "-o", str(from_disk), "--jobs", "1", "-q"]) == 0

    assert fetched.read_bytes() == from_disk.read_bytes()
    text = fetched.read_text(encoding="utf-8")
    for doc_id in PAPERS_19637:
        assert f"/graph/{doc_id}>" in text, f"{doc_id} was not built"


@pytest.mark.parametrize("case", ["no search results served (404)"])
def test_cli_build_dossier_failed_search_exits_2(server, tmp_path, case, capsys):
    code = main(["build", "--dossier", "19637", "-o", str(tmp_path / "kg.ttl"), "--cache", str(tmp_path / "c"),
                 "--sru-url", server.url("/sru"), "--repository-url", server.url("/frbr"), "--rate", "0",
                 "--retries", "0", "-q"])
    assert code == 2
    assert "19637" in capsys.readouterr().err
    assert not (tmp_path / "kg.ttl").exists()
