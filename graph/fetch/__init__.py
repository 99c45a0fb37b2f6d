"""Fetch papers from the official sources: KOOP's SRU search service and the repository of official publications.

>>> from graph.fetch import fetch_dossiers, FetchReport  # doctest: +SKIP
>>> report = fetch_dossiers(["19637"], cache_dir=default_cache_dir())  # doctest: +SKIP

Library code raises or reports; only ``graph.cli.fetch`` prints.
"""

from graph.fetch.cache import Cache, CacheError, default_cache_dir
from graph.fetch.client import USER_AGENT, ClientError, FetchError, PoliteClient
from graph.fetch.dossiers import FetchFailure, FetchReport, FetchUsageError, Progress, fetch_dossiers
from graph.fetch.sru import DEFAULT_REPOSITORY_URL, DEFAULT_SRU_URL, SearchError, XmlError, normalise_dossier

__all__ = [
    "Cache", "CacheError", "ClientError", "DEFAULT_REPOSITORY_URL", "DEFAULT_SRU_URL", "FetchError", "FetchFailure",
    "FetchReport", "FetchUsageError", "PoliteClient", "Progress", "SearchError", "USER_AGENT", "XmlError",
    "default_cache_dir", "fetch_dossiers", "normalise_dossier",
]
