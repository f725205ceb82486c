"""Keyword (BM25) search over the chunks, Chinese and English, with filters applied before ranking.

Text is tokenised with jieba (search mode, so long Chinese words also yield their parts) and
English words are lowercased with a light plural fold; a short stopword list drops the words
that carry no topic. Tokens are computed once at ingestion and stored with each chunk (metadata
``bm25``), so the index is rebuilt from the collection without re-segmenting. The built index is
saved under ``TILLAGE_HOME/index/bm25/<collection id>-<version>`` and kept in memory; any write to
the collection changes the version and so invalidates it.
"""

from __future__ import annotations

import json
import logging
import re
import shutil
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import bm25s
import jieba
import numpy as np

from index.store import ChunkStore

_WORD = re.compile(r"[0-9a-z\u3400-\u9fff\uf900-\ufaff]", re.IGNORECASE)
_STOPWORD_TEXT = """
a an and are as at be been being but by can could did do does for from had has have he her his i if in into is it
its me my no not of on or our she so that the their them they this to us was we were what when which who will with
would you your about also than then there these those just more very
的 了 是 在 和 与 及 或 我 你 他 她 它 我们 你们 他们 她们 这 那 这个 那个 就 也 都 而 并 对 把 被 吗 呢 吧 啊
一个 有 没有 还 又 很 会 要 说 让 给 从 到 以及 但 但是 因为 所以 如果 已经 可以 什么 怎么 哪些
"""
STOPWORDS = frozenset(_STOPWORD_TEXT.split())
_jieba_lock = threading.Lock()
_jieba_ready = False


def _ensure_jieba() -> None:
    global _jieba_ready
    with _jieba_lock:
        if not _jieba_ready:
            jieba.setLogLevel(logging.WARNING)
            jieba.initialize()
            _jieba_ready = True


def _fold(token: str) -> str:
    if not token.isascii() or len(token) <= 3 or not token.isalpha():
        return token
    if token.endswith("ies") and len(token) > 4:
        return token[:-3] + "y"
    if token.endswith("s") and not token.endswith(("ss", "us", "is")):
        return token[:-1]
    return token


def tokenize(text: str) -> list[str]:
    """BM25 tokens of ``text``: jieba words (search mode) and lowercased English words, no stopwords."""
    _ensure_jieba()
    tokens = []
    for raw in jieba.cut_for_search(text):
        token = raw.strip().lower()
        if token and _WORD.search(token) and token not in STOPWORDS:
            tokens.append(_fold(token))
    return tokens


@dataclass
class Column:
    """A string column as integer codes into ``values`` (code -1: no value), for fast vectorised filters."""

    codes: np.ndarray
    values: list[str]

    @classmethod
    def encode(cls, raw: list[str | None]) -> Column:
        """Codes for ``raw`` (None or empty means no value)."""
        index: dict[str, int] = {}
        codes = np.fromiter(
            (-1 if not value else index.setdefault(value, len(index)) for value in raw), dtype=np.int32, count=len(raw)
        )
        return cls(codes, list(index))

    def isin(self, wanted: set[str]) -> np.ndarray:
        """Which rows hold one of ``wanted``."""
        table = np.zeros(len(self.values) + 1, dtype=bool)  # the extra last slot is code -1
        for code, value in enumerate(self.values):
            table[code] = value in wanted
        rows: np.ndarray = table[self.codes]
        return rows


@dataclass
class KeywordIndex:
    """A BM25 index over every chunk, plus per-chunk columns used to filter before ranking."""

    version: str
    chunk_ids: list[str]
    accounts: Column
    opportunities: Column
    kinds: Column
    dates: np.ndarray  # yyyymmdd, 0 when undated
    retriever: bm25s.BM25 | None

    def mask(
        self,
        *,
        visible_accounts: set[str] | None,
        account: str | None = None,
        opportunity: str | None = None,
        kind: str | None = None,
        since: int | None = None,
        until: int | None = None,
    ) -> np.ndarray:
        """Which chunks may be returned: visible to the user (None = all) and matching every filter."""
        keep = np.ones(len(self.chunk_ids), dtype=bool)
        if visible_accounts is not None:
            keep &= self.accounts.isin(visible_accounts)
        if account is not None:
            keep &= self.accounts.isin({account})
        if opportunity is not None:
            keep &= self.opportunities.isin({opportunity})
        if kind is not None:
            keep &= self.kinds.isin({kind})
        if since is not None:
            keep &= self.dates >= since
        if until is not None:
            keep &= (self.dates <= until) & (self.dates > 0)
        return keep

    def search(self, query: str, *, allowed: np.ndarray, n: int) -> list[tuple[str, float]]:
        """Top ``n`` (chunk id, BM25 score) among ``allowed`` chunks with a positive score."""
        if self.retriever is None or n <= 0 or not allowed.any():
            return []
        ids = self.retriever.get_tokens_ids(tokenize(query))
        if not ids:
            return []
        # The mask enters the scoring itself, so a chunk outside it can never be ranked.
        scores = self.retriever.get_scores(ids, weight_mask=allowed.astype(np.float32))
        candidates = np.flatnonzero(scores > 0)
        if candidates.size > n:
            candidates = candidates[np.argpartition(-scores[candidates], n - 1)[:n]]
        ranked = sorted(candidates.tolist(), key=lambda i: (-float(scores[i]), self.chunk_ids[i]))
        return [(self.chunk_ids[i], float(scores[i])) for i in ranked]


def build_keyword_index(store: ChunkStore, version: str) -> KeywordIndex:
    """Build the BM25 index from the chunks' stored tokens (tokenising any chunk that has none)."""
    chunk_ids: list[str] = []
    columns: dict[str, list[Any]] = {"account_id": [], "opportunity_id": [], "kind": [], "date_int": []}
    corpus: list[list[str]] = []
    for ids, metadatas, texts in store.iter_chunks(include_documents=True):
        for position, (chunk_id, metadata) in enumerate(zip(ids, metadatas, strict=True)):
            chunk_ids.append(chunk_id)
            for key, values in columns.items():
                values.append(metadata.get(key))
            stored = metadata.get("bm25")
            corpus.append(str(stored).split() if stored is not None else tokenize(texts[position]))
    retriever = None
    if chunk_ids:
        retriever = bm25s.BM25()
        retriever.index(corpus, show_progress=False)
    return KeywordIndex(
        version=version,
        chunk_ids=chunk_ids,
        accounts=Column.encode(columns["account_id"]),
        opportunities=Column.encode(columns["opportunity_id"]),
        kinds=Column.encode(columns["kind"]),
        dates=np.array([d or 0 for d in columns["date_int"]], dtype=np.int64),
        retriever=retriever,
    )


_COLUMNS = ("accounts", "opportunities", "kinds")


def _save(index: KeywordIndex, directory: Path) -> None:
    directory.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=directory.parent, prefix=".building-"))
    try:
        if index.retriever is not None:
            index.retriever.save(str(staging / "bm25"), show_progress=False)
        names = {"version": index.version, "chunk_ids": index.chunk_ids}
        names.update({name: getattr(index, name).values for name in _COLUMNS})
        (staging / "columns.json").write_text(json.dumps(names, ensure_ascii=False), encoding="utf-8")
        arrays = {name: getattr(index, name).codes for name in _COLUMNS}
        np.savez(staging / "columns.npz", dates=index.dates, **arrays)
        staging.rename(directory)
    except OSError:
        shutil.rmtree(staging, ignore_errors=True)
        if not directory.exists():
            raise


def _load(directory: Path) -> KeywordIndex:
    names = json.loads((directory / "columns.json").read_text(encoding="utf-8"))
    with np.load(directory / "columns.npz") as arrays:
        columns = {name: Column(arrays[name], names[name]) for name in _COLUMNS}
        dates = arrays["dates"]
    bm25_dir = directory / "bm25"
    retriever = bm25s.BM25.load(str(bm25_dir), show_progress=False) if bm25_dir.exists() else None
    return KeywordIndex(
        version=names["version"], chunk_ids=names["chunk_ids"], dates=dates, retriever=retriever, **columns
    )


class KeywordCache:
    """Keyword indexes saved under ``directory`` and kept in memory, one per collection version."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._memory: dict[str, KeywordIndex] = {}
        self._lock = threading.Lock()

    def get(self, store: ChunkStore) -> KeywordIndex:
        """The keyword index for the store's current version (loaded or built as needed)."""
        version = store.version()
        key = f"{store.collection_id}-{version}"
        with self._lock:
            cached = self._memory.get(store.collection_id)
            if cached is not None and cached.version == version:
                return cached
            path = self.directory / key
            index = None
            if (path / "columns.npz").exists():
                try:
                    index = _load(path)
                except (OSError, ValueError, KeyError):
                    shutil.rmtree(path, ignore_errors=True)
            if index is None:
                index = build_keyword_index(store, version)
                _save(index, path)
                self._prune(store.collection_id, keep=path)
            self._memory[store.collection_id] = index
            return index

    def _prune(self, collection_id: str, *, keep: Path) -> None:
        for old in self.directory.glob(f"{collection_id}-*"):
            if old != keep:
                shutil.rmtree(old, ignore_errors=True)
