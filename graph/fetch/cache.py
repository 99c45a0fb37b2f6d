"""The local store of fetched responses: files on disk plus a JSON index of where each came from.

Layout under the cache directory::

    index.json                    url -> {path, sha256, bytes, status, fetched_at, etag, last_modified, modified}
    state.json                    per dossier: the high-water mark and the papers known to belong to it
    raw/sru/<sha256(url)>.xml     SRU result pages
    papers/<id>.xml               a paper's official XML
    papers/<id>.metadata.xml      its metadata.xml

Every file is written to a temporary file and renamed, so a file in the cache is always complete; temporary files
left by a killed run are removed when the cache is next opened. ``fetched_at`` lives only in the index, so the
files themselves are exactly what the server sent. One run at a time: the cache is locked while open.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

from graph.fetch.client import Response
from graph.fsutil import atomic_write_bytes, atomic_write_text
from graph.model import KamergraafError

try:  # POSIX advisory locks are released by the kernel when a process dies, so a killed run leaves no stale lock
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

INDEX_VERSION = 1
_ID_RE = re.compile(r"^[A-Za-z0-9()._-]+$")


class CacheError(KamergraafError):
    """The cache directory cannot be used (locked by another run, unreadable index)."""


def default_cache_dir() -> Path:
    """The cache directory: ``$KAMERGRAAF_CACHE``, else ``~/.cache/kamergraaf``."""
    env = os.environ.get("KAMERGRAAF_CACHE")
    return Path(env).expanduser() if env else Path.home() / ".cache" / "kamergraaf"


def sha256(data: bytes) -> str:
    """Hex SHA-256 of ``data``.

    >>> sha256(b"")[:12]
    'e3b0c44298fc'
    """
    return hashlib.sha256(data).hexdigest()


def _utc_now() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")


class Cache:
    """Open (and lock) a cache directory; ``close()`` saves the index and state and releases the lock.

    >>> import tempfile
    >>> with Cache(Path(tempfile.mkdtemp())) as c:
    ...     c.paper_path("kst-19637-2699").name, c.paper_path("kst-19637-2699", metadata=True).name
    ('kst-19637-2699.xml', 'kst-19637-2699.metadata.xml')
    """

    def __init__(self, root: Path, *, clock: Callable[[], str] = _utc_now):
        self.root = Path(root)
        self._clock = clock
        try:
            self.root.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise CacheError(f"{self.root}: cannot create the cache directory: {e.strerror or e}") from e
        self._lock_handle = None
        self._lock()
        self.removed_partials = self._remove_partials()
        self.index: dict[str, dict] = self._load("index.json").get("entries", {})
        self._by_path = {e.get("path"): url for url, e in sorted(self.index.items())}
        self.state: dict = self._load("state.json")
        self.state.setdefault("dossiers", {})
        self._dirty = 0

    # --- lifecycle ---------------------------------------------------------------------------------------------

    def __enter__(self) -> "Cache":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        """Save the index and state, then release the lock."""
        try:
            self.save()
        finally:
            if self._lock_handle is not None:
                self._lock_handle.close()
                self._lock_handle = None

    def _lock(self) -> None:
        handle = open(self.root / ".lock", "a+b")
        if fcntl is not None:
            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                handle.close()
                raise CacheError(f"{self.root}: the cache is in use by another kamergraaf fetch run") from None
        self._lock_handle = handle

    def _remove_partials(self) -> list[Path]:
        removed = sorted(self.root.glob(".*.part"))
        for path in removed:
            path.unlink(missing_ok=True)
        for sub in ("papers", "raw"):
            base = self.root / sub
            if base.is_dir():
                for path in sorted(base.rglob(".*.part")):
                    path.unlink(missing_ok=True)
                    removed.append(path)
        return removed

    def _load(self, name: str) -> dict:
        path = self.root / name
        if not path.exists():
            return {}
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as e:
            raise CacheError(f"{path}: cannot read the cache {name} ({e}); delete it to start afresh") from e
        if not isinstance(data, dict):
            raise CacheError(f"{path}: expected a JSON object")
        return data

    def save(self) -> None:
        """Write the index and state (sorted keys, so unchanged content gives unchanged files)."""
        index = {"version": INDEX_VERSION, "entries": self.index}
        for name, data in (("index.json", index), ("state.json", self.state)):
            atomic_write_text(self.root / name, json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n")
        self._dirty = 0

    def save_every(self, n: int) -> None:
        """Save after every ``n`` changes, so an interrupted run loses little bookkeeping."""
        self._dirty += 1
        if self._dirty >= n:
            self.save()

    # --- paths -------------------------------------------------------------------------------------------------

    def paper_path(self, doc_id: str, *, metadata: bool = False) -> Path:
        """Where a paper's XML (or its metadata.xml) lives."""
        if not _ID_RE.match(doc_id):
            raise ValueError(f"Expected a document id of letters, digits, '.', '-', '_', '(' or ')', got {doc_id!r}")
        return self.root / "papers" / (f"{doc_id}.metadata.xml" if metadata else f"{doc_id}.xml")

    def raw_path(self, url: str, *, kind: str = "sru") -> Path:
        """Where a raw response (an SRU page) for ``url`` lives."""
        return self.root / "raw" / kind / f"{sha256(url.encode('utf-8'))}.xml"

    # --- entries -----------------------------------------------------------------------------------------------

    def entry(self, url: str) -> dict | None:
        return self.index.get(url)

    def fresh(self, url: str, path: Path, *, modified: str | None) -> bool:
        """Tell whether ``path`` already holds ``url``'s body for a record last modified at ``modified``.

        A file that came from another URL (an older version of the paper) is not fresh. A complete file that no
        index entry names (a run killed before it saved the index) is adopted.
        """
        if not path.is_file():
            return False
        relative = path.relative_to(self.root).as_posix()
        entry = self.index.get(url)
        if entry is None:
            if self._by_path.get(relative) not in (None, url):
                return False
            data = path.read_bytes()
            self._put(url, {
                "path": relative, "sha256": sha256(data), "bytes": len(data), "status": 200, "fetched_at": None,
                "etag": None, "last_modified": None, "modified": modified,
            })
            return True
        if entry.get("path") != relative or self._by_path.get(relative) != url:
            return False
        return modified is None or entry.get("modified") in (None, modified)

    def _put(self, url: str, entry: dict) -> None:
        previous = self._by_path.get(entry["path"])
        if previous not in (None, url):
            del self.index[previous]  # the file now holds another URL's body (a newer version of the paper)
        self.index[url] = entry
        self._by_path[entry["path"]] = url

    def conditional_headers(self, url: str, path: Path) -> dict[str, str]:
        """``If-None-Match`` / ``If-Modified-Since`` for a URL whose body is on disk."""
        entry = self.index.get(url)
        if not entry or not path.is_file():
            return {}
        headers = {}
        if entry.get("etag"):
            headers["If-None-Match"] = entry["etag"]
        if entry.get("last_modified"):
            headers["If-Modified-Since"] = entry["last_modified"]
        return headers

    def store(self, response: Response, path: Path, *, modified: str | None = None) -> bytes:
        """Write a 200 body to ``path`` atomically (or keep the file on a 304) and index it; return the body."""
        if response.not_modified:
            data = path.read_bytes()
        else:
            data = response.content
            atomic_write_bytes(path, data)
        self._put(response.url, {
            "path": path.relative_to(self.root).as_posix(),
            "sha256": sha256(data),
            "bytes": len(data),
            "status": response.status,
            "fetched_at": self._clock(),
            "etag": response.headers.get("ETag"),
            "last_modified": response.headers.get("Last-Modified"),
            "modified": modified,
        })
        return data

    # --- dossier state -----------------------------------------------------------------------------------------

    def dossier_state(self, dossier: str) -> dict:
        return self.state["dossiers"].setdefault(dossier, {"high_water": None, "papers": []})

    def note_paper(self, dossier: str, doc_id: str) -> None:
        papers = self.dossier_state(dossier)["papers"]
        if doc_id not in papers:
            papers.append(doc_id)
            papers.sort()
