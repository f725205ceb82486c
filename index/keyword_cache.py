"""Keyword indexes kept in memory and saved under ``TILLAGE_HOME/index/bm25``, one per collection version.

Any write to the chunk store changes the collection's version, so the next :meth:`KeywordCache.get`
rebuilds (incrementally, from the previous index) and saves the result; other processes sharing the
home folder then load it instead of rebuilding. Ingestion refreshes the cache right after writing so
that queries rarely pay for a rebuild.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import threading
from pathlib import Path

import bm25s
import numpy as np

from assistant.settings import get_settings
from index.keyword import Column, KeywordIndex, build_keyword_index
from index.store import ChunkStore

_COLUMNS = ("accounts", "opportunities", "kinds")
_caches: dict[Path, KeywordCache] = {}
_caches_lock = threading.Lock()


def save_index(index: KeywordIndex, directory: Path) -> None:
    """Write ``index`` to ``directory`` atomically (built aside, then renamed into place)."""
    directory.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=directory.parent, prefix=".building-"))
    try:
        if index.retriever is not None:
            index.retriever.save(str(staging / "bm25"), show_progress=False)
        names: dict[str, object] = {"version": index.version, "chunk_ids": index.chunk_ids, "tokens": index.tokens}
        names.update({name: getattr(index, name).values for name in _COLUMNS})
        (staging / "columns.json").write_text(json.dumps(names, ensure_ascii=False), encoding="utf-8")
        arrays = {name: getattr(index, name).codes for name in _COLUMNS}
        np.savez(staging / "columns.npz", dates=index.dates, **arrays)
        np.save(staging / "vectors.npy", index.vectors)
        staging.rename(directory)
    except OSError:
        shutil.rmtree(staging, ignore_errors=True)
        if not directory.exists():  # another process saved the same version first: fine
            raise


def load_index(directory: Path) -> KeywordIndex:
    """Read an index written by :func:`save_index`."""
    names = json.loads((directory / "columns.json").read_text(encoding="utf-8"))
    with np.load(directory / "columns.npz") as arrays:
        columns = {name: Column(arrays[name], names[name]) for name in _COLUMNS}
        dates = arrays["dates"]
    bm25_dir = directory / "bm25"
    retriever = bm25s.BM25.load(str(bm25_dir), show_progress=False) if bm25_dir.exists() else None
    return KeywordIndex(
        version=names["version"],
        chunk_ids=names["chunk_ids"],
        dates=dates,
        tokens=names["tokens"],
        vectors=np.load(directory / "vectors.npy", mmap_mode="r"),  # paged in by the OS as needed
        retriever=retriever,
        **columns,
    )


class KeywordCache:
    """Keyword indexes saved under ``directory`` and kept in memory, one per collection version."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._memory: dict[str, KeywordIndex] = {}
        self._lock = threading.Lock()

    def get(self, store: ChunkStore) -> KeywordIndex:
        """The keyword index for the store's current version (from memory, disk, or built)."""
        version = store.version()
        collection = store.collection_id
        with self._lock:
            cached = self._memory.get(collection)
            if cached is not None and cached.version == version:
                return cached
            path = self.directory / f"{collection}-{version}"
            index = self._load(path)
            if index is None:
                previous = cached or self._latest_saved(collection)
                index = build_keyword_index(store, version, previous)
                save_index(index, path)
                self._prune(collection, keep=path)
            self._memory[collection] = index
            return index

    def _load(self, path: Path) -> KeywordIndex | None:
        if not (path / "columns.npz").exists():
            return None
        try:
            return load_index(path)
        except (OSError, ValueError, KeyError):
            shutil.rmtree(path, ignore_errors=True)
            return None

    def _latest_saved(self, collection: str) -> KeywordIndex | None:
        saved = sorted(self.directory.glob(f"{collection}-*"), key=lambda p: p.stat().st_mtime, reverse=True)
        return self._load(saved[0]) if saved else None

    def _prune(self, collection: str, *, keep: Path) -> None:
        for old in self.directory.glob(f"{collection}-*"):
            if old != keep:
                shutil.rmtree(old, ignore_errors=True)


def keyword_cache(home: Path | None = None) -> KeywordCache:
    """The process-wide cache for the keyword indexes under ``<home>/index/bm25`` (home: ``TILLAGE_HOME``)."""
    directory = (home or get_settings().home) / "index" / "bm25"
    with _caches_lock:
        cache = _caches.get(directory)
        if cache is None:
            cache = _caches[directory] = KeywordCache(directory)
        return cache
