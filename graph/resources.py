"""Where the shipped files are: the ontology, shapes, saved queries and reference data.

``graph/ontology`` is a link to the repository's ``ontology/`` folder, so the installed package carries the same
files as the checkout.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
ONTOLOGY_DIR = PACKAGE_DIR / "ontology"
DATA_DIR = PACKAGE_DIR / "data"
SAMPLE_DIR = DATA_DIR / "sample"
QUERIES_DIR = ONTOLOGY_DIR / "queries"
CHECKS_DIR = ONTOLOGY_DIR / "checks"


def shape_files() -> list[Path]:
    """Every SHACL shapes file the graph is validated against (``shapes*.ttl``, sorted)."""
    return sorted(ONTOLOGY_DIR.glob("shapes*.ttl"))
