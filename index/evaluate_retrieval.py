"""Retrieval evaluation: labelled queries searched in each mode, scored with recall@5, MRR@10 and nDCG@10.

A query (a line of ``evals/retrieval/queries.jsonl``) names the asking user, the text, an optional
account filter and the documents that answer it. Each query is searched as that user, so the access
rule applies exactly as in production, in each mode (dense only, keyword only, hybrid); the ranked
chunks become a ranking of distinct documents (a document ranks where its best chunk does).

Metrics, per query, averaged over queries (relevance is binary):

- recall@5: relevant documents in the top 5 over ``min(5, relevant)``, so a query with more
  relevant documents than places can still score 1 (BEIR's capped recall);
- MRR@10: 1 / rank of the first relevant document in the top 10, else 0;
- nDCG@10: DCG of the top 10 (gain 1 / log2(rank + 1)) over the DCG of an ideal top 10.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select
from sqlmodel import Session, col

from assistant.crm.access import UnknownUserError, get_user
from assistant.crm.models import Document
from index.jsonl import load_jsonl
from index.keyword_cache import KeywordCache
from index.retrieval import SearchHit, SearchMode, search
from index.store import ChunkStore

MODES: tuple[SearchMode, ...] = ("dense", "keyword", "hybrid")
RECALL_AT = 5
RANK_AT = 10
CHUNKS_PER_QUERY = 50  # chunks asked for, enough for 10 distinct documents
_DIGITS = 4


class RetrievalQuery(BaseModel):
    """One labelled query (a line of the JSONL set)."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(min_length=1)
    user: str = Field(
        min_length=1, description="E-mail of the asking user; every relevant document is visible to them."
    )
    query: str = Field(min_length=1)
    account: str | None = Field(default=None, description="Account id filter, as the agent passes it.")
    relevant: list[str] = Field(min_length=1, description="Ids of the documents that answer the query.")
    language: Literal["zh", "en", "mixed"]
    kind: str = Field(min_length=1, description="topic, paraphrase, entity, account, cross_lingual ...")


def load_queries(path: Path, *, limit: int | None = None) -> list[RetrievalQuery]:
    """The queries of a JSONL file (the first ``limit`` when given); errors name the line and the field."""
    queries = load_jsonl(path, RetrievalQuery, check=_relevant_listed_once)
    return queries[:limit] if limit is not None else queries


def _relevant_listed_once(query: RetrievalQuery) -> str | None:
    return "relevant: a document is listed twice" if len(set(query.relevant)) != len(query.relevant) else None


def _check(relevant: Iterable[str], k: int) -> set[str]:
    wanted = set(relevant)
    if not wanted:
        raise ValueError("relevant: a query needs at least one relevant document")
    if k < 1:
        raise ValueError(f"k: must be at least 1, got {k}")
    return wanted


def recall_at_k(ranked: Sequence[str], relevant: Iterable[str], k: int = RECALL_AT) -> float:
    """Relevant documents among the first ``k`` over ``min(k, number relevant)``."""
    wanted = _check(relevant, k)
    return len(wanted.intersection(ranked[:k])) / min(k, len(wanted))


def reciprocal_rank(ranked: Sequence[str], relevant: Iterable[str], k: int = RANK_AT) -> float:
    """1 / rank of the first relevant document within the first ``k``, else 0."""
    wanted = _check(relevant, k)
    return next((1.0 / rank for rank, doc in enumerate(ranked[:k], start=1) if doc in wanted), 0.0)


def ndcg_at_k(ranked: Sequence[str], relevant: Iterable[str], k: int = RANK_AT) -> float:
    """Normalised discounted cumulative gain of the first ``k`` (binary relevance)."""
    wanted = _check(relevant, k)
    dcg = sum(1.0 / math.log2(rank + 1) for rank, doc in enumerate(ranked[:k], start=1) if doc in wanted)
    ideal = sum(1.0 / math.log2(rank + 1) for rank in range(1, min(k, len(wanted)) + 1))
    return dcg / ideal


def document_ranking(hits: Iterable[SearchHit]) -> list[str]:
    """Distinct document ids in the order of their best chunk."""
    return list(dict.fromkeys(hit.document_id for hit in hits))


class Scores(BaseModel):
    """Mean metrics over a group of queries."""

    queries: int
    recall_at_5: float
    mrr_at_10: float
    ndcg_at_10: float


class ModeResult(BaseModel):
    """One query searched in one mode."""

    recall_at_5: float
    mrr_at_10: float
    ndcg_at_10: float
    first_relevant: int | None = Field(description="Rank of the first relevant document in the top 10.")
    top: list[str] = Field(description="The top 10 document ids.")


class QueryResult(BaseModel):
    """One query in every mode."""

    id: str
    language: str
    kind: str
    relevant: int
    modes: dict[str, ModeResult]


class RetrievalReport(BaseModel):
    """Scores per mode, per language and per kind (group -> mode -> scores), and per query."""

    queries: int
    modes: dict[str, Scores]
    by_language: dict[str, dict[str, Scores]]
    by_kind: dict[str, dict[str, Scores]]
    results: list[QueryResult]


def score(ranked: Sequence[str], relevant: Sequence[str]) -> ModeResult:
    """The metrics of one ranking."""
    wanted = set(relevant)
    first = next((rank for rank, doc in enumerate(ranked[:RANK_AT], start=1) if doc in wanted), None)
    return ModeResult(
        recall_at_5=round(recall_at_k(ranked, relevant, RECALL_AT), _DIGITS),
        mrr_at_10=round(reciprocal_rank(ranked, relevant, RANK_AT), _DIGITS),
        ndcg_at_10=round(ndcg_at_k(ranked, relevant, RANK_AT), _DIGITS),
        first_relevant=first,
        top=list(ranked[:RANK_AT]),
    )


def mean_scores(results: Sequence[ModeResult]) -> Scores:
    """Mean of each metric (0 for no results)."""
    n = len(results)

    def mean(values: Iterable[float]) -> float:
        return round(math.fsum(values) / n, _DIGITS) if n else 0.0

    return Scores(
        queries=n,
        recall_at_5=mean(r.recall_at_5 for r in results),
        mrr_at_10=mean(r.mrr_at_10 for r in results),
        ndcg_at_10=mean(r.ndcg_at_10 for r in results),
    )


def _missing_documents(session: Session, queries: Sequence[RetrievalQuery]) -> list[str]:
    wanted = sorted({doc for q in queries for doc in q.relevant})
    found: set[str] = set()
    for start in range(0, len(wanted), 500):
        batch = wanted[start : start + 500]
        found.update(
            str(i) for i in session.execute(select(col(Document.id)).where(col(Document.id).in_(batch))).scalars()
        )
    return [doc for doc in wanted if doc not in found]


def evaluate_retrieval(
    session_factory: Callable[[], AbstractContextManager[Session]],
    *,
    store: ChunkStore,
    queries: Sequence[RetrievalQuery],
    modes: Sequence[SearchMode] = MODES,
    cache: KeywordCache | None = None,
) -> RetrievalReport:
    """Search every query as its user in every mode and score the rankings (see the module doc).

    Raises ValueError when a query's user does not exist or a relevant document is not in the
    database (the set was made for another world).
    """
    if not queries:
        raise ValueError("queries: there is no query to evaluate")
    results: list[QueryResult] = []
    with session_factory() as session:
        missing = _missing_documents(session, queries)
        if missing:
            raise ValueError(
                f"relevant: {len(missing)} relevant documents are not in the database (first: {missing[0]})"
            )
        for query in queries:
            try:
                user = get_user(session, email=query.user)
            except UnknownUserError:
                raise ValueError(f"query {query.id}: user: unknown user {query.user}") from None
            by_mode: dict[str, ModeResult] = {}
            for mode in modes:
                found = search(
                    session,
                    store=store,
                    user=user,
                    query=query.query,
                    account=query.account,
                    k=CHUNKS_PER_QUERY,
                    mode=mode,
                    cache=cache,
                )
                by_mode[mode] = score(document_ranking(found.hits), query.relevant)
            results.append(
                QueryResult(
                    id=query.id, language=query.language, kind=query.kind, relevant=len(query.relevant), modes=by_mode
                )
            )
    return RetrievalReport(
        queries=len(results),
        modes={mode: mean_scores([r.modes[mode] for r in results]) for mode in modes},
        by_language=_grouped(results, modes, lambda r: r.language),
        by_kind=_grouped(results, modes, lambda r: r.kind),
        results=results,
    )


def _grouped(
    results: Sequence[QueryResult], modes: Sequence[SearchMode], key: Callable[[QueryResult], str]
) -> dict[str, dict[str, Scores]]:
    groups = sorted({key(r) for r in results})
    return {
        group: {mode: mean_scores([r.modes[mode] for r in results if key(r) == group]) for mode in modes}
        for group in groups
    }
