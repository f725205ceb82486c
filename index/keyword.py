"""Keyword (BM25) search over the chunks, Chinese and English, with filters applied before ranking.

Text is tokenised by :func:`index.keyword_tokens.tokenize` (jieba words, lowercased English
words, no stopwords, negations joined to the word they negate). Tokens are computed once at
ingestion and stored with each chunk (metadata ``bm25``), so the index is rebuilt from the
collection without re-segmenting. The built index is saved and cached by
:mod:`index.keyword_cache`; any write to the collection changes its version and so invalidates it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import bm25s
import numpy as np

from index.keyword_tokens import tokenize as tokenize
from index.store import ChunkStore


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

    def value(self, row: int) -> str | None:
        """The value of one row (None when it has none)."""
        code = int(self.codes[row])
        return None if code < 0 else self.values[code]

    def isin(self, wanted: set[str]) -> np.ndarray:
        """Which rows hold one of ``wanted``."""
        table = np.zeros(len(self.values) + 1, dtype=bool)  # the extra last slot is code -1
        for code, value in enumerate(self.values):
            table[code] = value in wanted
        rows: np.ndarray = table[self.codes]
        return rows


@dataclass
class KeywordIndex:
    """A BM25 index over every chunk, plus the chunk catalog that filters before ranking.

    The catalog holds per-chunk filter columns and a copy of each chunk's vector, so a search
    restricted to some accounts can be scored exactly over just the allowed chunks (see
    :meth:`nearest`) instead of asking Chroma to filter, which is slow when few chunks qualify.
    """

    version: str
    chunk_ids: list[str]
    accounts: Column
    opportunities: Column
    kinds: Column
    dates: np.ndarray  # yyyymmdd, 0 when undated
    tokens: list[str]  # each chunk's BM25 tokens, space-joined (kept to rebuild without re-reading them)
    vectors: np.ndarray  # (chunks, dimension) float32, unit length
    retriever: bm25s.BM25 | None

    def row_values(self, row: int) -> tuple[str | None, str | None, str | None, int]:
        """(account id, opportunity id, kind, yyyymmdd) of one chunk."""
        return (
            self.accounts.value(row),
            self.opportunities.value(row),
            self.kinds.value(row),
            int(self.dates[row]),
        )

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

    def nearest(self, vector: np.ndarray, *, allowed: np.ndarray, n: int) -> list[tuple[str, float]]:
        """Top ``n`` (chunk id, cosine similarity) among ``allowed`` chunks, exactly (no approximation)."""
        rows = np.flatnonzero(allowed)
        if n <= 0 or rows.size == 0:
            return []
        query = np.asarray(vector, dtype=np.float32)
        if rows.size * 2 > len(self.chunk_ids):
            similarities = (self.vectors @ query)[rows]  # one pass beats copying most rows
        else:
            similarities = self.vectors[rows] @ query
        if rows.size > n:
            best = np.argpartition(-similarities, n - 1)[:n]
            rows, similarities = rows[best], similarities[best]
        ranked = sorted(
            zip(rows.tolist(), similarities.tolist(), strict=True), key=lambda r: (-r[1], self.chunk_ids[r[0]])
        )
        return [(self.chunk_ids[row], float(similarity)) for row, similarity in ranked]

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


def build_keyword_index(store: ChunkStore, version: str, previous: KeywordIndex | None = None) -> KeywordIndex:
    """Build the BM25 index over every chunk in ``store``.

    Chunk ids change whenever a chunk's text or metadata does (they carry the document hash), so
    rows of ``previous`` whose id is still present are reused as they are and only new chunks'
    metadata (with their stored tokens) is read from the store.
    """
    chunk_ids = sorted(store.all_chunk_ids())
    known = {} if previous is None else {cid: row for row, cid in enumerate(previous.chunk_ids)}
    fetched = store.fetch([cid for cid in chunk_ids if cid not in known])
    rows: list[tuple[str | None, str | None, str | None, int]] = []
    tokens: list[str] = []
    kept: list[str] = []
    vectors = np.zeros((len(chunk_ids), store.embedder.dimension), dtype=np.float32)
    for chunk_id in chunk_ids:
        if previous is not None and chunk_id in known:
            rows.append(previous.row_values(known[chunk_id]))
            tokens.append(previous.tokens[known[chunk_id]])
            vectors[len(kept)] = previous.vectors[known[chunk_id]]
        elif chunk_id in fetched:
            metadata, text = fetched[chunk_id].metadata, fetched[chunk_id].text
            vectors[len(kept)] = fetched[chunk_id].vector
            rows.append(
                (
                    _text(metadata.get("account_id")),
                    _text(metadata.get("opportunity_id")),
                    _text(metadata.get("kind")),
                    int(metadata.get("date_int") or 0),
                )
            )
            stored = metadata.get("bm25")
            tokens.append(str(stored) if stored is not None else " ".join(tokenize(text or "")))
        else:
            continue  # deleted between listing and reading
        kept.append(chunk_id)
    retriever = None
    if kept:
        retriever = bm25s.BM25()
        retriever.index([t.split() for t in tokens], show_progress=False)
    return KeywordIndex(
        version=version,
        chunk_ids=kept,
        accounts=Column.encode([r[0] for r in rows]),
        opportunities=Column.encode([r[1] for r in rows]),
        kinds=Column.encode([r[2] for r in rows]),
        dates=np.array([r[3] for r in rows], dtype=np.int64),
        tokens=tokens,
        vectors=vectors[: len(kept)],
        retriever=retriever,
    )


def _text(value: Any) -> str | None:
    return None if value is None or value == "" else str(value)
