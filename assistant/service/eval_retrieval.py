"""Retrieval evaluation (``tillage eval retrieval``): the labelled queries of ``evals/retrieval`` on this home.

The queries were labelled on the demo world (``tillage demo``: seed 7, 120 accounts) from its
records and documents (``evals/retrieval/make_queries.py``), so they only make sense on that world:
the evaluation runs on the database and index of the configured home (``TILLAGE_HOME``) and stops
with a clear error when a relevant document is missing. The index is brought up to date first
(unchanged documents are skipped), then every query is searched as its user in each mode.
"""

from __future__ import annotations

from pathlib import Path

from assistant.service.chat import ChatService
from index.evaluate_retrieval import RetrievalReport, evaluate_retrieval, load_queries
from index.ingest import ingest_database

DEFAULT_QUERIES = Path("evals/retrieval/queries.jsonl")
_REPOSITORY_QUERIES = Path(__file__).resolve().parents[2] / DEFAULT_QUERIES


def default_queries() -> Path:
    """``evals/retrieval/queries.jsonl`` under the working directory, else the one in the source tree."""
    return DEFAULT_QUERIES if DEFAULT_QUERIES.is_file() else _REPOSITORY_QUERIES


class RetrievalEvalService(ChatService):
    """``evaluate_retrieval``."""

    def evaluate_retrieval(self, queries_path: Path | None = None, *, limit: int | None = None) -> RetrievalReport:
        """Recall@5, MRR@10 and nDCG@10 of dense-only, keyword-only and hybrid search (see
        :mod:`index.evaluate_retrieval`) on the labelled queries, first ``limit`` only when given.

        Raises ValueError for a missing or invalid queries file, a database without the set's
        documents (not the demo world: run ``tillage demo`` first) or an unknown user.
        """
        path = queries_path or default_queries()
        if not path.is_file():
            raise ValueError(f"queries: no such file: {path}")
        queries = load_queries(path, limit=limit)
        if not queries:
            raise ValueError(f"queries: {path} holds no query")
        self.migrate()
        index = self.document_index
        with self.session() as session:
            ingest_database(session, store=index.store(), keyword_cache=index.cache)
        try:
            return evaluate_retrieval(self.session, store=index.store(), queries=queries, cache=index.cache)
        except ValueError as exc:
            if str(exc).startswith("relevant:"):
                raise ValueError(
                    f"{exc}; the queries were labelled on the demo world: run `tillage demo` first"
                ) from None
            raise
