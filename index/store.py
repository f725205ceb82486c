"""The chunk store: one Chroma collection, ``tillage_chunks``, cosine space, embedded or on a server.

Every call hands Chroma our embedding function and, for writes and queries, the vectors
themselves, so Chroma's default (downloading) model is never used. The collection's metadata
records which embedder built it (vectors of different models are not comparable) and a
``version`` token that changes on every write; the keyword index is cached per version.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, cast
from urllib.parse import urlparse

import chromadb
import numpy as np
from chromadb.api import ClientAPI
from chromadb.api.models.Collection import Collection
from chromadb.config import Settings as ChromaSettings
from chromadb.errors import NotFoundError

from assistant.settings import Settings, get_settings
from index.chunking import DocumentChunk
from index.embeddings import ChromaEmbeddingFunction, Embedder, make_embedder

COLLECTION_NAME = "tillage_chunks"
_PAGE = 2000  # rows per ``get`` by id (Chroma's SQLite caps the variables of one statement)
_ID_PAGE = 20000  # ids per page when listing the collection
_QUERY_IDS = 20000  # candidate ids per nearest-neighbour query


class IndexMismatchError(RuntimeError):
    """The collection was built with another embedding model than the one configured."""


@dataclass
class StoredRow:
    """What the store holds for one chunk besides its id."""

    metadata: Mapping[str, Any]
    text: str | None
    vector: np.ndarray


@dataclass(frozen=True)
class DenseHit:
    """One nearest-neighbour result: chunk id and cosine similarity."""

    chunk_id: str
    similarity: float


def _in(key: str, values: Sequence[str]) -> Any:
    return {key: {"$in": list(values)}}


def make_client(settings: Settings | None = None) -> ClientAPI:
    """A Chroma client: HTTP when ``settings.chroma_url`` is set, else embedded at ``resolved_chroma_path``."""
    settings = settings or get_settings()
    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    if settings.chroma_url:
        url = urlparse(settings.chroma_url)
        ssl = url.scheme == "https"
        port = url.port or (443 if ssl else 8000)
        return chromadb.HttpClient(host=url.hostname or "localhost", port=port, ssl=ssl, settings=chroma_settings)
    path = settings.resolved_chroma_path
    path.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(path), settings=chroma_settings)


class ChunkStore:
    """Chunks of meeting notes and e-mails in Chroma, with their vectors and filterable metadata."""

    def __init__(self, client: ClientAPI, embedder: Embedder, *, name: str = COLLECTION_NAME) -> None:
        self.client = client
        self.embedder = embedder
        self.name = name
        self._function = ChromaEmbeddingFunction(embedder)
        self.collection = self._open()

    @classmethod
    def from_settings(cls, settings: Settings | None = None, embedder: Embedder | None = None) -> ChunkStore:
        """The store the settings describe (embedder from ``settings.embedder`` unless given)."""
        settings = settings or get_settings()
        return cls(make_client(settings), embedder or make_embedder(settings))

    def _open(self) -> Collection:
        function: Any = self._function
        try:
            collection = self.client.get_collection(self.name, embedding_function=function)
        except (NotFoundError, ValueError):
            collection = self.client.get_or_create_collection(
                self.name,
                embedding_function=function,
                configuration={"hnsw": {"space": "cosine"}},
                metadata={"embedder": self.embedder.name, "dimension": self.embedder.dimension, "version": "0"},
            )
        built_with = (collection.metadata or {}).get("embedder")
        if built_with != self.embedder.name:
            raise IndexMismatchError(
                f"the index {self.name!r} was built with embedder {built_with!r}, but {self.embedder.name!r} is "
                "configured (TILLAGE_EMBEDDER): rebuild the index or switch back"
            )
        return collection

    @property
    def collection_id(self) -> str:
        """Chroma's id of the collection (changes when the collection is recreated)."""
        return str(self.collection.id)

    def count(self) -> int:
        """Number of chunks stored."""
        return int(self.collection.count())

    def version(self) -> str:
        """The current write version (re-read, so writes by other processes are seen)."""
        fresh = self.client.get_collection(self.name, embedding_function=cast(Any, self._function))
        return str((fresh.metadata or {}).get("version", "0"))

    def _bump_version(self) -> None:
        metadata = dict(self.collection.metadata or {})
        metadata["version"] = uuid.uuid4().hex
        self.collection.modify(metadata=metadata)

    def document_hashes(self, document_ids: Sequence[str]) -> dict[str, str]:
        """``document_id -> doc_hash`` as stored, for those of ``document_ids`` that have chunks."""
        found: dict[str, str] = {}
        for start in range(0, len(document_ids), 500):
            batch = list(document_ids[start : start + 500])
            result = self.collection.get(where=_in("document_id", batch), include=["metadatas"])
            for metadata in result["metadatas"] or []:
                found.setdefault(str(metadata["document_id"]), str(metadata.get("doc_hash", "")))
        return found

    def document_ids(self) -> set[str]:
        """Every document id that has chunks in the store (chunk ids are ``<document id>#<suffix>``)."""
        return {chunk_id.rsplit("#", 1)[0] for chunk_id in self.all_chunk_ids()}

    def all_chunk_ids(self) -> list[str]:
        """Every chunk id, read in pages (ids only, which is cheap)."""
        ids: list[str] = []
        while True:
            page = self.collection.get(include=[], limit=_ID_PAGE, offset=len(ids))["ids"]
            ids.extend(page)
            if len(page) < _ID_PAGE:
                return ids

    def fetch(self, chunk_ids: Sequence[str]) -> dict[str, StoredRow]:
        """Metadata and vector of each chunk; the text is read only for chunks without stored BM25 tokens."""
        found: dict[str, StoredRow] = {}
        for start in range(0, len(chunk_ids), _PAGE):
            page = self.collection.get(ids=list(chunk_ids[start : start + _PAGE]), include=["metadatas", "embeddings"])
            vectors = page["embeddings"] if page["embeddings"] is not None else []
            untokenised = []
            for chunk_id, metadata, vector in zip(page["ids"], page["metadatas"] or [], vectors, strict=True):
                found[chunk_id] = StoredRow(metadata, None, np.asarray(vector, dtype=np.float32))
                if "bm25" not in metadata:
                    untokenised.append(chunk_id)
            if untokenised:
                texts = self.collection.get(ids=untokenised, include=["documents"])
                for chunk_id, text in zip(texts["ids"], texts["documents"] or [], strict=True):
                    found[chunk_id].text = text
        return found

    def chunk_ids_of(self, document_ids: Sequence[str]) -> list[str]:
        """Ids of the chunks of these documents."""
        ids: list[str] = []
        for start in range(0, len(document_ids), 500):
            batch = list(document_ids[start : start + 500])
            ids.extend(self.collection.get(where=_in("document_id", batch), include=[])["ids"])
        return sorted(ids)

    def replace_documents(
        self, document_ids: Sequence[str], chunks: Sequence[DocumentChunk], vectors: np.ndarray
    ) -> tuple[int, int]:
        """Delete every chunk of ``document_ids``, then add ``chunks``; returns (deleted, written)."""
        if len(chunks) != len(vectors):
            raise ValueError(f"{len(chunks)} chunks but {len(vectors)} vectors")
        old = self.chunk_ids_of(document_ids)
        if old:
            self.collection.delete(ids=old)
        for start in range(0, len(chunks), 500):
            batch = chunks[start : start + 500]
            self.collection.upsert(
                ids=[c.id for c in batch],
                documents=[c.text for c in batch],
                metadatas=cast(Any, [c.metadata for c in batch]),
                embeddings=vectors[start : start + 500],
            )
        if old or chunks:
            self._bump_version()
        return len(old), len(chunks)

    def delete_documents(self, document_ids: Sequence[str]) -> int:
        """Remove every chunk of these documents; returns how many chunks were removed."""
        old = self.chunk_ids_of(document_ids)
        if old:
            self.collection.delete(ids=old)
            self._bump_version()
        return len(old)

    def get(self, chunk_ids: Sequence[str]) -> dict[str, tuple[str, Mapping[str, Any]]]:
        """``chunk_id -> (text, metadata)`` for the chunks that exist."""
        if not chunk_ids:
            return {}
        page = self.collection.get(ids=list(chunk_ids), include=["metadatas", "documents"])
        texts = page["documents"] or []
        metadatas = page["metadatas"] or []
        return {cid: (texts[i], metadatas[i]) for i, cid in enumerate(page["ids"])}

    def dense_query(
        self,
        vector: np.ndarray,
        *,
        n: int,
        where: dict[str, Any] | None = None,
        ids: Sequence[str] | None = None,
    ) -> list[DenseHit]:
        """The ``n`` nearest chunks to ``vector``, searched only among ``ids`` and/or those matching ``where``.

        Both restrictions are applied by Chroma inside the search. A long ``ids`` list is searched in
        slices whose results are merged, so the answer is the same as one search over all of them.
        """
        if n <= 0 or (ids is not None and not ids):
            return []
        slices: list[list[str] | None] = [None]
        if ids is not None:
            slices = [list(ids[start : start + _QUERY_IDS]) for start in range(0, len(ids), _QUERY_IDS)]
        hits: list[DenseHit] = []
        for candidates in slices:
            result = self.collection.query(
                query_embeddings=[vector], n_results=n, where=cast(Any, where), ids=candidates, include=["distances"]
            )
            found = result["ids"][0] if result["ids"] else []
            distances = (result["distances"] or [[]])[0]
            hits.extend(DenseHit(cid, 1.0 - float(d)) for cid, d in zip(found, distances, strict=True))
        return sorted(hits, key=lambda hit: (-hit.similarity, hit.chunk_id))[:n]
