"""Reading KOOP's SRU answers (the recorded pages in tests/fixtures/sru) and building its queries."""

from __future__ import annotations

from datetime import date

import pytest

from graph.fetch.sru import SearchError, XmlError, build_query, mirror_url, normalise_dossier, parse_page
from replay_server import FIXTURES

REPO = "https://repository.overheid.nl/frbr/officielepublicaties/kst"


@pytest.mark.parametrize("name, total, next_position, ids", [
    ("sru-19637-page1.xml", 6, 3, ["kst-19637-2699", "blg-970562"]),
    ("sru-19637-page2.xml", 6, 5, ["kst-19637-2700", "kst-19637-2701"]),
    ("sru-19637-page3.xml", 6, None, ["kst-19637-2702", "kst-19637-2703"]),
    ("sru-empty.xml", 0, None, []),
])
def test_parse_page_reads_count_records_and_next_position(name, total, next_position, ids):
    page = parse_page((FIXTURES / name).read_bytes(), name)

    assert (page.total, page.next_position, [r.id for r in page.records]) == (total, next_position, ids)


@pytest.mark.parametrize("name, index, expected", [
    ("sru-19637-page3.xml", 1, ("kst-19637-2703", "2021-03-05", ("19637", "30573"),
                                f"{REPO}/19637/kst-19637-2703/1/xml/kst-19637-2703.xml",
                                f"{REPO}/19637/kst-19637-2703/1/metadata/metadata.xml")),
    ("sru-19637-page1.xml", 1, ("blg-970562", "2021-02-16", ("19637",), None,
                                "https://repository.overheid.nl/frbr/officielepublicaties/blg/onopgemaakt/blg-970562/1/"
                                "metadata/metadata.xml")),
])
def test_a_record_gives_id_modified_dossiers_and_manifestation_urls(name, index, expected):
    r = parse_page((FIXTURES / name).read_bytes(), name).records[index]

    assert (r.id, r.modified, r.dossiers, r.xml_url, r.metadata_url) == expected


@pytest.mark.parametrize("namespace", ["http://www.loc.gov/zing/srw/"])
def test_an_sru_1_2_answer_reads_the_same(namespace):
    data = (FIXTURES / "sru-19637-page2.xml").read_bytes()
    old = data.replace(b"http://docs.oasis-open.org/ns/search-ws/sruResponse", namespace.encode())

    assert parse_page(old, "old") == parse_page(data, "new")


@pytest.mark.parametrize("data, error, message", [
    ((FIXTURES / "sru-diagnostic.xml").read_bytes(), SearchError, "the search service reports: line 1:13 mismatched"),
    (b"<html><body>Service Unavailable</body></html>", SearchError, "expected an SRU searchRetrieveResponse, got <html>"),
    (b"<searchRetrieveResponse><numberOfRecords>many</numberOfRecords></searchRetrieveResponse>", SearchError,
     "expected numberOfRecords to be a number, got 'many'"),
    (b"<searchRetrieveResponse><numberOfRecords>1", XmlError, "malformed XML at line 1"),
    (b"  ", XmlError, "empty response"),
])
def test_a_bad_answer_raises_naming_the_url(data, error, message):
    with pytest.raises(error) as caught:
        parse_page(data, "http://sru.test/sru?query=x")

    assert str(caught.value).startswith("http://sru.test/sru?query=x: ") and message in str(caught.value)


@pytest.mark.parametrize("data", [b'<!DOCTYPE r [<!ENTITY e SYSTEM "file:///etc/passwd">]><r>&e;</r>'])
def test_external_entities_are_not_resolved(data):
    with pytest.raises(SearchError) as caught:
        parse_page(data, "u")

    assert "root" not in str(caught.value)


@pytest.mark.parametrize("dossier, since, expected", [
    ("19637", None, "(c.product-area=officielepublicaties AND w.dossiernummer==19637 AND w.publicatienaam=Kamerstuk)"),
    ("36200-VII", date(2024, 2, 1), "(c.product-area=officielepublicaties AND w.dossiernummer==36200-VII AND "
                                    "w.publicatienaam=Kamerstuk) AND dt.modified>=2024-02-01"),
])
def test_build_query(dossier, since, expected):
    assert build_query(dossier, since=since) == expected


@pytest.mark.parametrize("text, expected", [
    ("19637", "19637"), (" 19 637 ", "19637"), ("21501-20", "21501-20"), ("21 501-20", "21501-20"),
    ("36200 VII", "36200-VII"), ("36200-vii", "36200-VII"), ("33852-(R2023)", "33852-(R2023)"),
])
def test_normalise_dossier(text, expected):
    assert normalise_dossier(text) == expected


@pytest.mark.parametrize("text", ["", "abc", "1963", "196370", "19637-VII!"])
def test_normalise_dossier_refuses_what_is_no_dossier_number(text):
    with pytest.raises(ValueError, match="Expected a dossier number"):
        normalise_dossier(text)


@pytest.mark.parametrize("url, mirror, expected", [
    (f"{REPO}/19637/a.xml", "http://127.0.0.1:9/frbr/", "http://127.0.0.1:9/frbr/officielepublicaties/kst/19637/a.xml"),
    ("http://repository.overheid.nl/frbr/x.xml", "http://m/frbr", "http://m/frbr/x.xml"),
    ("https://elsewhere.example/frbr/x.xml", "http://m/frbr", "https://elsewhere.example/frbr/x.xml"),
])
def test_mirror_url(url, mirror, expected):
    assert mirror_url(url, mirror) == expected
