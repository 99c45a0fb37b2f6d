"""The network page in headless Chromium: drawn with physics off, offline, escaped, filterable, fast at 2,000 nodes."""

from __future__ import annotations

import io
import json
import time

import pytest
from PIL import Image

from browser import Chromium, available
from graph.network import filter_graph, network_graph, render_html
from graph.store import MemoryStore
from network_corpus import small_store, synthetic_store

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module", autouse=True)
def chromium_installed():
    """These tests fail, never skip, without a browser: install Debian's chromium (scripts/test does, as root)."""
    assert available(), "needs /usr/bin/chromium (Debian package chromium): apt-get install chromium"

ID = "https://w3id.org/kamergraaf/id/"
HOSTILE = "Brief <script>alert(1)</script> en <img src=x onerror=alert(2)> over terugkeer"
DRAW_BUDGET_MS = 2000  # a reader must see the still network within 2 s


@pytest.fixture(scope="module")
def browser():
    with Chromium() as chromium:
        yield chromium


def open_page(browser, tmp_path, page: str, name: str = "network.html"):
    path = tmp_path / name
    path.write_text(page, encoding="utf-8")
    tab = browser.open(path.as_uri())
    tab.wait_for("window.kgNetwork && window.kgNetwork.drawnAt !== null")
    return tab


def canvas_pixels(tab) -> tuple[int, int]:
    """Screenshot the network's canvas; count the pixels that are not white, and those in the paper colour."""
    rect = tab.evaluate(
        "(() => { const r = document.querySelector('#kg-network canvas').getBoundingClientRect();"
        " return {x: r.x, y: r.y, width: r.width, height: r.height}; })()"
    )
    image = Image.open(io.BytesIO(tab.screenshot(rect))).convert("RGB")
    raw = image.tobytes()
    pixels = list(zip(raw[0::3], raw[1::3], raw[2::3]))
    inked = sum(1 for p in pixels if p != (255, 255, 255))
    papers = sum(1 for r, g, b in pixels if abs(r - 0x4E) < 8 and abs(g - 0x79) < 8 and abs(b - 0xA7) < 8)
    return inked, papers


def shown(tab) -> int:
    return tab.evaluate("kgNetwork.nodes.get({filter: n => !n.hidden}).length")


@pytest.mark.parametrize("options", [{}, {"aggregate": True}])
def test_browser_network_draws_every_node_offline(browser, tmp_path, options):
    graph = network_graph(small_store(), **options)
    tab = open_page(browser, tmp_path, render_html(graph, title="t"))
    assert tab.evaluate("kgNetwork.nodes.length") == graph.number_of_nodes()
    assert tab.evaluate("kgNetwork.edges.length") == graph.number_of_edges()
    assert tab.evaluate("kgNetwork.network.physics.options.enabled") is False
    inked, papers = canvas_pixels(tab)
    assert inked > 2000
    assert (papers > 50) == (not options.get("aggregate"))  # papers drawn, except in the actor-dossier view
    assert tab.remote_requests == [] and tab.errors == [] and tab.dialogs == []


@pytest.mark.parametrize("node", [ID + "kamerstuk/kst-19637-2700"])
def test_browser_network_hostile_title_is_text_and_runs_nothing(browser, tmp_path, node):
    tab = open_page(browser, tmp_path, render_html(small_store(), title="t", resource_link="/resource?iri={iri}"))
    x, y = tab.evaluate(
        f"(() => {{ const n = kgNetwork.network, p = n.canvasToDOM(n.getPosition({json.dumps(node)}));"
        " const r = document.querySelector('#kg-network').getBoundingClientRect();"
        " return [r.x + p.x, r.y + p.y]; })()"
    )
    tab.mouse("mouseMoved", x - 3, y - 3)
    tab.mouse("mouseMoved", x, y)
    tooltip = tab.wait_for(
        "(() => { const t = document.querySelector('div.vis-tooltip');"
        " return t && getComputedStyle(t).visibility === 'visible' && t.textContent; })()",
        timeout=5,
    )
    assert HOSTILE in tooltip
    tab.mouse("mousePressed", x, y)
    tab.mouse("mouseReleased", x, y)
    assert tab.wait_for("document.querySelector('#kg-details h2')?.textContent", timeout=5) == HOSTILE
    assert tab.evaluate("[...document.querySelectorAll('#kg-details a')].map(a => a.href)") == [
        "https://zoek.officielebekendmakingen.nl/kst-19637-2700.html",
        "file:///resource?iri=https%3A%2F%2Fw3id.org%2Fkamergraaf%2Fid%2Fkamerstuk%2Fkst-19637-2700",
    ]
    time.sleep(0.3)  # give an injected handler the chance to run
    # only the elements the page script makes itself: no <img> or <script> came out of the title
    assert tab.evaluate("document.querySelectorAll('img, #kg-details :not(h2, p, a),"
                        " div.vis-tooltip :not(div, strong, span)').length") == 0
    assert tab.dialogs == [] and tab.errors == [] and tab.remote_requests == []


@pytest.mark.parametrize(
    ("controls", "python_filter"),
    [
        ({"dossier": ID + "dossier/19637"}, {"dossier": "19637"}),
        ({"since": "2021-01-01"}, {"since": "2021-01-01"}),
        ({"until": "2020-12-31", "actor": ID + "persoon/sa-blok"}, {"until": "2020-12-31", "actor": "S.A. Blok"}),
    ],
)
def test_browser_network_filters_hide_what_python_filters_drop(browser, tmp_path, controls, python_filter):
    from datetime import date  # noqa: PLC0415

    store = small_store()
    tab = open_page(browser, tmp_path, render_html(store, title="t"))
    total = tab.evaluate("kgNetwork.nodes.length")
    assert shown(tab) == total
    for name, value in controls.items():
        tab.evaluate(
            f"(() => {{ const f = document.getElementById('kg-filters');"
            f" f.elements[{json.dumps(name)}].value = {json.dumps(value)};"
            " f.dispatchEvent(new Event('change')); })()"
        )
    options = {k: date.fromisoformat(v) if k in ("since", "until") else v for k, v in python_filter.items()}
    expected = filter_graph(network_graph(store), **options)
    assert set(tab.evaluate("kgNetwork.nodes.get({filter: n => !n.hidden}).map(n => n.id)")) == set(expected.nodes)
    assert shown(tab) < total
    assert tab.evaluate("document.getElementById('kg-status').textContent") == (
        f"{expected.number_of_nodes()} of {total} nodes shown"
    )
    tab.evaluate("document.getElementById('kg-filters').reset()")
    tab.wait_for(f"kgNetwork.nodes.get({{filter: n => !n.hidden}}).length === {total}", timeout=5)


@pytest.mark.parametrize("n", [2000])
def test_browser_network_large_page_draws_within_budget(browser, tmp_path, n):
    page = render_html(synthetic_store(n), title=f"{n} nodes")
    tab = open_page(browser, tmp_path, page, name=f"network-{n}.html")
    drawn_ms = tab.evaluate("kgNetwork.drawnAt")  # since navigation start, the page's time origin
    assert tab.evaluate("kgNetwork.nodes.length") == n
    inked, papers = canvas_pixels(tab)
    assert inked > 20000 and papers > 1000
    assert drawn_ms < DRAW_BUDGET_MS, f"{n} nodes took {drawn_ms:.0f} ms to draw"
    assert tab.remote_requests == [] and tab.errors == []


@pytest.mark.parametrize("title", ["Leeg netwerk"])
def test_browser_network_empty_graph_draws_without_errors(browser, tmp_path, title):
    tab = open_page(browser, tmp_path, render_html(MemoryStore(), title=title))
    assert tab.evaluate("[kgNetwork.nodes.length, document.getElementById('kg-status').textContent]") == [
        0, "0 of 0 nodes shown"
    ]
    assert tab.evaluate("document.title") == title
    assert tab.errors == [] and tab.remote_requests == []
