"""Search over meeting notes and e-mails: dense (Chroma), keyword (BM25) or both fused by weighted RRF.

The requesting user's access rule (domain.md section 14) is applied inside both queries: the
dense query scores only the chunks of the visible accounts (exactly over the catalog's vectors, or
in Chroma by id or by a ``where`` on ``account_id $in <visible accounts>``) and the keyword query
masks the corpus to the same accounts before ranking. Nothing is filtered afterwards, so a result list is never short
because hidden chunks took its places, and hidden text never leaves the store. Documents linked
to no account are visible to admins only.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any, Literal

import numpy as np
from pydantic import BaseModel, Field
from sqlmodel import Session

from assistant.crm.access import visible_account_ids
from assistant.crm.enums import Role
from assistant.crm.models import User
from index.crosslingual import translate_terms
from index.keyword import tokenize
from index.keyword_cache import KeywordCache, keyword_cache
from index.store import ChunkStore, DenseHit

SearchMode = Literal["hybrid", "dense", "keyword"]
DenseFilter = Literal["catalog", "ids", "where"]
RRF_K = 60
# Weight of the dense ranking in the hybrid fusion (the keyword ranking weighs 1). With the bundled
# embedder (multilingual-e5-small, 4-bit) the dense ranking is much weaker than BM25 on sales notes,
# which are near-duplicates of one another, and at equal weight its noise displaced good keyword hits
# (``tillage eval retrieval``, demo world: recall@5 dense 0.70, keyword 0.84, hybrid 0.83 at weight 1
# and 0.87 at 0.3; 0.2-0.4 were equally good on both halves of the query set). It still ranks what
# BM25 cannot reach (paraphrases, other-language documents beyond the glossary). Re-measured after
# the negation tokens, signature stripping, unembedded note headers and the larger glossary: hybrid
# recall@5 0.903 / 0.910 / 0.906 / 0.899 / 0.900 / 0.891 / 0.877 at 0.1 / 0.2 / 0.3 / 0.4 / 0.5 /
# 0.7 / 1 (keyword alone 0.870, dense alone 0.756); 0.2 and 0.3 differ by about one query, so 0.3 stays.
DENSE_WEIGHT = 0.3
SNIPPET_CHARS = 240


class SearchHit(BaseModel):
    """One ranked chunk and where it comes from."""

    rank: int
    chunk_id: str
    document_id: str
    chunk_index: int
    score: float = Field(description="RRF score (hybrid), cosine similarity (dense) or BM25 score (keyword)")
    dense_rank: int | None = None
    keyword_rank: int | None = None
    account_id: str | None = None
    opportunity_id: str | None = None
    kind: str | None = None
    date: str | None = None
    author: str | None = None
    subject: str | None = None
    language: str | None = None
    snippet: str
    text: str


class SearchResult(BaseModel):
    """Ranked chunks for one query, with the mode and filters that produced them."""

    query: str
    mode: SearchMode
    k: int
    filters: dict[str, str | None]
    hits: list[SearchHit]


def _visible(session: Session, user: User) -> set[str] | None:
    """Account ids ``user`` may see; None for an admin (everything, also unlinked documents)."""
    if user.role == Role.ADMIN:
        return None
    return {str(account_id) for account_id in session.execute(visible_account_ids(user)).scalars()}


def _day(value: date | None) -> int | None:
    return None if value is None else value.year * 10000 + value.month * 100 + value.day


def dense_where(
    *,
    visible: set[str] | None,
    account: str | None,
    opportunity: str | None,
    kind: str | None,
    since: date | None,
    until: date | None,
) -> dict[str, Any] | None:
    """The Chroma ``where`` clause: visible accounts and every filter, ANDed."""
    clauses: list[dict[str, Any]] = []
    if visible is not None:
        clauses.append({"account_id": {"$in": sorted(visible)}})
    if account is not None:
        clauses.append({"account_id": account})
    if opportunity is not None:
        clauses.append({"opportunity_id": opportunity})
    if kind is not None:
        clauses.append({"kind": kind})
    if since is not None:
        clauses.append({"date_int": {"$gte": _day(since)}})
    if until is not None:
        clauses.append({"date_int": {"$lte": _day(until)}})
    if not clauses:
        return None
    return clauses[0] if len(clauses) == 1 else {"$and": clauses}


def snippet(text: str, query: str, width: int = SNIPPET_CHARS) -> str:
    """Up to ``width`` characters of ``text`` around the first query term it contains."""
    flat = re.sub(r"\s+", " ", text).strip()
    if len(flat) <= width:
        return flat
    lowered = flat.lower()
    positions = [lowered.find(term) for term in tokenize(query) if len(term) > 1]
    found = [p for p in positions if p >= 0]
    start = max(0, min(found) - width // 4) if found else 0
    start = min(start, len(flat) - width)
    piece = flat[start : start + width]
    return ("…" if start > 0 else "") + piece + ("…" if start + width < len(flat) else "")


def search(
    session: Session,
    *,
    store: ChunkStore,
    user: User,
    query: str,
    account: str | None = None,
    opportunity: str | None = None,
    kind: str | None = None,
    since: date | None = None,
    until: date | None = None,
    k: int = 10,
    mode: SearchMode = "hybrid",
    cross_lingual: bool = True,
    dense_filter: DenseFilter = "catalog",
    cache: KeywordCache | None = None,
    dense_weight: float = DENSE_WEIGHT,
) -> SearchResult:
    """The ``k`` chunks that best answer ``query`` among those ``user`` may see.

    ``account`` / ``opportunity`` are ids (resolve names first); ``kind`` is ``meeting_note`` or
    ``email``; ``since`` / ``until`` bound the document date (inclusive, UTC days; undated
    documents are excluded by either bound). ``mode`` picks dense only, keyword only or both fused
    by reciprocal rank fusion (k=60), the dense ranking weighted by ``dense_weight`` (see
    :data:`DENSE_WEIGHT`), so an evaluator can compare the three. With
    ``cross_lingual``, the query's sales terms are also searched in the other language (see
    :mod:`index.crosslingual`).

    ``dense_filter`` says how the dense search is run; each scores only the allowed chunks, none
    filters afterwards. ``catalog`` (default) scores the allowed chunks exactly with the vectors kept
    in the keyword index's catalog, also in an unrestricted search (an admin's, no filter), so the
    same query always ranks the same way; ``ids`` asks Chroma for the nearest among the allowed
    chunk ids; ``where`` gives Chroma a metadata filter (``account_id $in [...]`` and the other
    filters). With ``ids`` or ``where`` an unrestricted search uses Chroma's approximate HNSW index.
    At 100k chunks Chroma's filtered searches cost 50-300 ms while the catalog's cost a few (see
    benchmarks/bench_index.py), hence the default.
    """
    if k < 1:
        raise ValueError(f"k: must be at least 1, got {k}")
    if mode not in ("hybrid", "dense", "keyword"):
        raise ValueError(f"mode: must be hybrid, dense or keyword, got {mode!r}")
    if dense_filter not in ("catalog", "ids", "where"):
        raise ValueError(f"dense_filter: must be catalog, ids or where, got {dense_filter!r}")
    if not 0 <= dense_weight <= 1:
        raise ValueError(f"dense_weight: must be between 0 and 1, got {dense_weight}")
    filters = {
        "account": account,
        "opportunity": opportunity,
        "kind": kind,
        "since": since.isoformat() if since else None,
        "until": until.isoformat() if until else None,
    }
    result = SearchResult(query=query, mode=mode, k=k, filters=filters, hits=[])
    visible = _visible(session, user)
    if not query.strip() or (visible is not None and not visible):
        return result
    depth = max(4 * k, 40) if mode == "hybrid" else k
    translation = translate_terms(query) if cross_lingual else None
    restricted = visible is not None or any(v is not None for v in (account, opportunity, kind, since, until))
    index = None
    allowed = None
    if mode != "dense" or dense_filter == "catalog" or (restricted and dense_filter == "ids"):
        index = (cache or keyword_cache()).get(store)
        allowed = index.mask(
            visible_accounts=visible,
            account=account,
            opportunity=opportunity,
            kind=kind,
            since=_day(since),
            until=_day(until),
        )
    dense: list[tuple[str, float]] = []
    keyword: list[tuple[str, float]] = []
    if mode in ("hybrid", "dense"):
        vector = _query_vector(store, query, translation)
        if not restricted and dense_filter != "catalog":
            hits = store.dense_query(vector, n=depth)
        elif dense_filter == "where":
            where = dense_where(
                visible=visible, account=account, opportunity=opportunity, kind=kind, since=since, until=until
            )
            hits = store.dense_query(vector, n=depth, where=where)
        elif dense_filter == "ids":
            assert index is not None and allowed is not None
            hits = store.dense_query(vector, n=depth, ids=[index.chunk_ids[i] for i in np.flatnonzero(allowed)])
        else:
            assert index is not None and allowed is not None
            hits = [DenseHit(cid, similarity) for cid, similarity in index.nearest(vector, allowed=allowed, n=depth)]
        dense = [(hit.chunk_id, hit.similarity) for hit in hits]
    if index is not None and allowed is not None and mode in ("hybrid", "keyword"):
        keyword = index.search(f"{query} {translation}" if translation else query, allowed=allowed, n=depth)
    ranked = _rank(mode, dense, keyword, dense_weight)[:k]
    stored = store.get([chunk_id for chunk_id, *_ in ranked])
    for chunk_id, score, dense_rank, keyword_rank in ranked:
        if chunk_id not in stored:  # deleted between the two reads
            continue
        text, metadata = stored[chunk_id]
        result.hits.append(_hit(len(result.hits) + 1, chunk_id, score, dense_rank, keyword_rank, text, metadata, query))
    return result


def _query_vector(store: ChunkStore, query: str, translation: str | None) -> np.ndarray:
    """The query's vector, averaged with its glossary translation's so both languages rank."""
    if not translation:
        return store.embedder.embed_query(query)
    both = store.embedder.embed_queries([query, translation])
    vector: np.ndarray = both[0] + both[1]
    vector /= max(float(np.linalg.norm(vector)), 1e-12)
    return vector


def _rank(
    mode: SearchMode, dense: list[tuple[str, float]], keyword: list[tuple[str, float]], dense_weight: float
) -> list[tuple[str, float, int | None, int | None]]:
    """(chunk id, score, dense rank, keyword rank), best first; ties broken by chunk id."""
    Row = tuple[str, float, int | None, int | None]
    rows: list[Row]
    dense_ranks = {chunk_id: rank for rank, (chunk_id, _) in enumerate(dense, start=1)}
    keyword_ranks = {chunk_id: rank for rank, (chunk_id, _) in enumerate(keyword, start=1)}
    if mode == "dense":
        rows = [(cid, score, dense_ranks[cid], None) for cid, score in dense]
    elif mode == "keyword":
        rows = [(cid, score, None, keyword_ranks[cid]) for cid, score in keyword]
    else:
        fused: list[Row] = []
        for cid in set(dense_ranks) | set(keyword_ranks):
            d, kw = dense_ranks.get(cid), keyword_ranks.get(cid)
            score = (dense_weight / (RRF_K + d) if d else 0.0) + (1.0 / (RRF_K + kw) if kw else 0.0)
            fused.append((cid, score, d, kw))
        rows = fused
    return sorted(rows, key=lambda row: (-round(row[1], 12), row[0]))


def _hit(
    rank: int,
    chunk_id: str,
    score: float,
    dense_rank: int | None,
    keyword_rank: int | None,
    text: str,
    metadata: Any,
    query: str,
) -> SearchHit:
    def text_of(key: str) -> str | None:
        value = metadata.get(key)
        return None if value is None else str(value)

    return SearchHit(
        rank=rank,
        chunk_id=chunk_id,
        document_id=str(metadata["document_id"]),
        chunk_index=int(metadata.get("chunk_index", 0)),
        score=round(score, 6),
        dense_rank=dense_rank,
        keyword_rank=keyword_rank,
        account_id=text_of("account_id"),
        opportunity_id=text_of("opportunity_id"),
        kind=text_of("kind"),
        date=text_of("date"),
        author=text_of("author"),
        subject=text_of("subject"),
        language=text_of("language"),
        snippet=snippet(text, query),
        text=text,
    )
