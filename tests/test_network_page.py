"""The network page as bytes: self-contained, deterministic, escaped; and the ``kamergraaf network`` command."""

from __future__ import annotations

import json
import re

import pytest

from graph.cli import main
from graph.network import NetworkError, network_graph, render_html, write_network
from graph.store import MemoryStore
from graph.store_oxigraph import OxigraphStore
from network_corpus import small_store

ID = "https://w3id.org/kamergraaf/id/"
HOSTILE = "Brief <script>alert(1)</script> en <img src=x onerror=alert(2)> over terugkeer"
DATA_BLOCK = re.compile(r'<script type="application/json" id="kg-data">(.*?)</script>', re.S)


def page_json(page: str) -> dict:
    blocks = DATA_BLOCK.findall(page)
    assert len(blocks) == 1
    return json.loads(blocks[0])


@pytest.fixture(scope="module")
def page() -> str:
    return render_html(small_store(), title="Netwerk <b>&")


@pytest.mark.parametrize(
    "pattern",
    [
        r"<script\b[^>]*\bsrc\s*=",  # every script is inline
        r"<link\b",  # no stylesheets or preloads from anywhere
        r"<(?:script|link|img|iframe)\b[^>]*https?://",
        r"@import",
        r"url\(\s*['\"]?https?:",
    ],
)
def test_network_page_loads_nothing_from_elsewhere(page, pattern):
    assert not re.search(pattern, page, re.I)


@pytest.mark.parametrize("needle", ["default-src 'none'", "connect-src 'none'"])
def test_network_page_forbids_network_access(page, needle):
    csp = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', page)
    assert csp and needle in csp.group(1)


@pytest.mark.parametrize("raw", ["<script>alert(1)", "<img src=x", "<b>&"])
def test_network_page_never_writes_graph_text_as_markup(page, raw):
    assert raw not in page


@pytest.mark.parametrize("title", [HOSTILE])
def test_network_page_carries_hostile_titles_as_data(page, title):
    nodes = {n["id"]: n for n in page_json(page)["nodes"]}
    assert nodes[ID + "kamerstuk/kst-19637-2700"]["name"] == title
    assert "<title>Netwerk &lt;b&gt;&amp;</title>" in page


@pytest.mark.parametrize("options", [{}, {"aggregate": True}, {"focus": ID + "persoon/sa-blok", "depth": 1}])
def test_network_page_same_graph_same_bytes(options):
    first = render_html(small_store(MemoryStore()), title="t", **options)
    second = render_html(small_store(OxigraphStore(None)), title="t", **options)
    assert first == second


@pytest.mark.parametrize("options", [{}, {"aggregate": True}])
def test_network_page_positions_are_fixed_and_physics_off(options):
    data = page_json(render_html(small_store(), title="t", **options))
    assert data["options"]["physics"] == {"enabled": False}
    positions = {(n["x"], n["y"]) for n in data["nodes"]}
    assert len(positions) == len(data["nodes"])  # every node placed, none on top of another
    assert all(isinstance(n["x"], int) and isinstance(n["y"], int) for n in data["nodes"])


@pytest.mark.parametrize(
    ("node", "size_rank"),
    [("kamerstuk/kst-19637-2699", 0)],  # the seed letter has the most links
)
def test_network_page_sizes_nodes_by_links(page, node, size_rank):
    nodes = sorted(page_json(page)["nodes"], key=lambda n: -n["size"])
    assert nodes[size_rank]["id"] == ID + node
    assert nodes[size_rank]["size"] > nodes[-1]["size"]


@pytest.mark.parametrize("options", [{"dossier": "19637"}])
def test_network_page_refuses_filters_on_built_graph(options):
    with pytest.raises(NetworkError, match="Filters apply to a store"):
        render_html(network_graph(small_store()), title="t", **options)


@pytest.mark.parametrize("options", [{"actor": "S.A. Blok"}])
def test_network_page_write_network_writes_atomically(tmp_path, options):
    target = tmp_path / "out" / "net.html"
    count = write_network(small_store(), target, title="t", **options)
    assert count == len(page_json(target.read_text(encoding="utf-8"))["nodes"]) > 0
    assert sorted(p.name for p in target.parent.iterdir()) == ["net.html"]


@pytest.fixture()
def store_dir(tmp_path):
    path = tmp_path / "store"
    store = small_store(OxigraphStore(path))
    store.close()
    return path


@pytest.mark.parametrize(
    ("args", "nodes"),
    [
        ([], 16),
        (["--dossier", "19637"], None),
        (["--aggregate"], None),
        (["--focus", ID + "persoon/a-broekers-knol", "--depth", "1"], 2),
        (["--focus", ID + "persoon/sa-blok", "--limit", "3"], 3),
        (["--actor", "S.A. Blok", "--since", "2021-01-01", "--until", "2021-12-31"], None),
    ],
)
def test_network_cli_writes_the_page(store_dir, tmp_path, capsys, args, nodes):
    out = tmp_path / "net.html"
    assert main(["network", str(store_dir), "-o", str(out), *args]) == 0
    data = page_json(out.read_text(encoding="utf-8"))
    assert f"({len(data['nodes'])} nodes)" in capsys.readouterr().err
    if nodes is not None:
        assert len(data["nodes"]) == nodes


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--focus", ID + "persoon/unlinked"], "is not a node of the network"),
        (["--dossier", "1"], "No dossier '1' in the graph"),
    ],
)
def test_network_cli_reports_bad_choices(store_dir, tmp_path, capsys, args, message):
    out = tmp_path / "net.html"
    assert main(["network", str(store_dir), "-o", str(out), *args]) == 2
    assert message in capsys.readouterr().err
    assert not out.exists()


@pytest.mark.parametrize("args", [["--since", "15-02-2021"], ["--depth", "-1"]])
def test_network_cli_rejects_malformed_options(store_dir, tmp_path, capsys, args):
    with pytest.raises(SystemExit) as exit_info:
        main(["network", str(store_dir), "-o", str(tmp_path / "x.html"), *args])
    assert exit_info.value.code == 2
    assert "expected" in capsys.readouterr().err
