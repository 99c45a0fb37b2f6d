"""``kamergraaf extract``: one record per paper in input order, failures on stderr with exit code 1."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

import graph
from graph.cli import main

SAMPLE = Path(graph.__file__).parent / "data" / "sample"
CONTRACT_KEYS = [
    "source", "id", "dossiers", "ondernummer", "doc_type", "date", "vergaderjaar", "senders", "on_behalf_of",
    "addressee", "cited_kamerstukken", "cited_other", "organisations", "persons",
]


@pytest.mark.parametrize("fmt", ["jsonl"])
def test_folder_as_jsonl(fmt: str, capsys: pytest.CaptureFixture) -> None:
    assert main(["extract", str(SAMPLE), "--format", fmt]) == 0
    out = capsys.readouterr()
    records = [json.loads(line) for line in out.out.splitlines()]
    papers = sorted(SAMPLE.glob("*.txt"))
    assert [r["source"] for r in records] == [str(p) for p in papers]
    assert all(list(r) == CONTRACT_KEYS for r in records)
    assert "«" in out.out  # ensure_ascii=False: printed as is
    assert out.err == ""


@pytest.mark.parametrize("fmt", ["json"])
def test_files_in_given_order_as_json(fmt: str, capsys: pytest.CaptureFixture) -> None:
    files = [SAMPLE / "kst-30573-21.txt", SAMPLE / "kst-19637-2699.txt"]
    assert main(["extract", *map(str, files), "--format", fmt]) == 0
    records = json.loads(capsys.readouterr().out)
    assert [r["id"] for r in records] == ["kst-30573-21", "kst-19637-2699"]
    assert records[1]["senders"] == [{"role": "Minister van Buitenlandse Zaken", "name": "S.A. Blok"}]


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("b-no-header.txt", "Beste lezer, dit is geen Kamerstuk.\n".encode(), "no Kamerstuk header found"),
        ("c-binary.txt", b"\x00\x01\x02\x03", "binary"),
        ("d-empty.txt", b"", "empty"),
    ],
)
def test_bad_file_is_reported_and_others_printed(
    tmp_path: Path, name: str, content: bytes, reason: str, capsys: pytest.CaptureFixture
) -> None:
    shutil.copy(SAMPLE / "kst-19637-2709.txt", tmp_path / "a-good.txt")
    shutil.copy(SAMPLE / "kst-19637-2775.txt", tmp_path / "z-good.txt")
    (tmp_path / name).write_bytes(content)
    (tmp_path / "a-good.gold.json").write_text("{}", encoding="utf-8")  # not a paper: never listed
    assert main(["extract", str(tmp_path)]) == 1
    out = capsys.readouterr()
    assert [json.loads(line)["id"] for line in out.out.splitlines()] == ["kst-19637-2709", "kst-19637-2775"]
    assert str(tmp_path / name) in out.err and reason in out.err


@pytest.mark.parametrize("missing", ["no-such-file.txt"])
def test_missing_file(tmp_path: Path, missing: str, capsys: pytest.CaptureFixture) -> None:
    assert main(["extract", str(tmp_path / missing)]) == 1
    assert missing in capsys.readouterr().err
