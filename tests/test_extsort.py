"""The external sort gives every line once, in byte order, whether the lines fit in one run or many, and leaves no
files behind."""

from __future__ import annotations

import random

import pytest

from graph.extsort import ExternalSort


def _lines(n: int, seed: int) -> list[bytes]:
    rng = random.Random(seed)
    alphabet = ["a", "b", "é", "\u2028", "\f", " ", "<", '"', "\U0001f600"]  # multi-byte and line-break-like
    return ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 6))).encode("utf-8") for _ in range(n)]


@pytest.mark.parametrize("run_lines", [1, 7, 1000])
@pytest.mark.parametrize("seed", [1, 2])
def test_extsort_gives_sorted_unique_lines(tmp_path, run_lines, seed):
    lines = _lines(500, seed)
    with ExternalSort(tmp_path, run_lines=run_lines) as sort:
        sort.extend(lines)
        merged = list(sort.merged())
    assert merged == sorted(set(lines))
    assert [m.decode("utf-8") for m in merged] == sorted({line.decode("utf-8") for line in lines})  # code points
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("run_lines", [2, 1000])
def test_extsort_merges_again_after_more_lines(tmp_path, run_lines):
    with ExternalSort(tmp_path, run_lines=run_lines) as sort:
        sort.extend([b"d", b"b", b"c"])
        assert list(sort.merged()) == [b"b", b"c", b"d"]
        sort.extend([b"a", b"c", b"e"])
        assert list(sort.merged()) == [b"a", b"b", b"c", b"d", b"e"]


@pytest.mark.parametrize("line", [b"two\nlines", b"\n"])
def test_extsort_refuses_a_newline(tmp_path, line):
    with ExternalSort(tmp_path) as sort, pytest.raises(ValueError, match="without a newline"):
        sort.extend([b"fine", line])


@pytest.mark.parametrize("run_lines", [3])
def test_extsort_removes_its_runs_on_error(tmp_path, run_lines):
    with pytest.raises(RuntimeError), ExternalSort(tmp_path, run_lines=run_lines) as sort:
        sort.extend(_lines(20, 3))
        assert len(list(tmp_path.iterdir())) == 1  # the runs' folder
        raise RuntimeError("stop")
    assert list(tmp_path.iterdir()) == []
