"""Split documents into token-bounded chunks along paragraph and sentence boundaries (zh + en).

A chunk is a span of the document text made of whole sentences (Chinese ends 。！？；, English
.!?, and line ends, which bound list items), at most ``max_tokens`` cl100k_base tokens long. A
chunk closes early at a paragraph boundary when the next paragraph would not fit and the chunk is
already half full. Consecutive chunks overlap by whole sentences: the trailing sentences of the
previous chunk that fit in ``overlap_tokens`` (or its last sentence alone when that is at most
twice ``overlap_tokens``). A sentence is cut only when it alone exceeds the budget: first at
clause marks (，,、：:), then, if still too long, at the longest prefix that fits.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from assistant.crm.documents import detect_language
from assistant.crm.models import Document
from index.keyword_tokens import TOKENIZER_VERSION
from index.passages import PASSAGE_VERSION
from index.tokens import count_tokens

CHUNKER_VERSION = "1"


@dataclass(frozen=True)
class ChunkingConfig:
    """Chunk size and overlap in cl100k_base tokens."""

    max_tokens: int = 256
    overlap_tokens: int = 40

    def __post_init__(self) -> None:
        if self.max_tokens < 16:
            raise ValueError(f"max_tokens: must be at least 16, got {self.max_tokens}")
        if not 0 <= self.overlap_tokens < self.max_tokens // 2:
            raise ValueError(f"overlap_tokens: must be in 0..{self.max_tokens // 2 - 1}, got {self.overlap_tokens}")

    @property
    def key(self) -> str:
        """Identifies the chunking rules (part of every document's content hash)."""
        return f"v{CHUNKER_VERSION}:{self.max_tokens}:{self.overlap_tokens}"


@dataclass(frozen=True)
class Chunk:
    """One chunk: its position, text span in the source text, and token count."""

    index: int
    start: int
    end: int
    text: str
    token_count: int

    @property
    def content_hash(self) -> str:
        """sha256 of the chunk text."""
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class _Unit:
    start: int
    end: int
    paragraph: int
    tokens: int


_PARAGRAPH_BREAK = re.compile(r"\n[ \t\u3000]*\n\s*")
_LINE = re.compile(r"[^\n]+")
# A sentence ends at CJK/English terminal punctuation (plus closing quotes/brackets); a full stop
# only counts when followed by whitespace or the end, so 3.5 and example.com stay whole.
_SENTENCE_END = re.compile(r"(?:[。！？；]+|[!?]+|…+|\.(?=\s|$))[”’」』》）)\"'\]]*")
_CLAUSE_END = re.compile(r"[，、：,:;]+\s*")
_ABBREVIATIONS = frozenset({"mr", "mrs", "ms", "dr", "prof", "e.g", "i.e", "etc", "vs", "inc", "ltd", "co", "no", "st"})


def _strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _is_abbreviation(text: str, dot: int, line_start: int) -> bool:
    word_start = dot
    while word_start > line_start and (text[word_start - 1].isalpha() or text[word_start - 1] == "."):
        word_start -= 1
    return text[word_start:dot].lower() in _ABBREVIATIONS


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Spans of the sentences in ``text[start:end]`` (each line ends a sentence too)."""
    end = len(text) if end is None else end
    spans: list[tuple[int, int]] = []
    for line in _LINE.finditer(text, start, end):
        cursor = line.start()
        for mark in _SENTENCE_END.finditer(text, line.start(), line.end()):
            if text[mark.start()] == "." and _is_abbreviation(text, mark.start(), line.start()):
                continue
            s, e = _strip_span(text, cursor, mark.end())
            if s < e:
                spans.append((s, e))
            cursor = mark.end()
        s, e = _strip_span(text, cursor, line.end())
        if s < e:
            spans.append((s, e))
    return spans


def _fit_prefix(text: str, start: int, end: int, budget: int) -> int:
    """Largest ``cut`` in (start, end) with ``text[start:cut]`` within budget (at least one char)."""
    low, high = start + 1, end
    while low < high:
        middle = (low + high + 1) // 2
        if count_tokens(text[start:middle]) <= budget:
            low = middle
        else:
            high = middle - 1
    # Prefer not to cut an English word in two.
    space = text.rfind(" ", start, low)
    if space > start + (low - start) // 2 and low < end and not text[low].isspace():
        return space + 1
    return low


def _split_long(text: str, start: int, end: int, budget: int) -> list[tuple[int, int]]:
    """Cut one over-long sentence: at clause marks where possible, else at the longest fitting prefix."""
    pieces: list[tuple[int, int]] = []
    cursor = start  # end of the longest run of whole clauses from piece_start that fits
    clauses = [m.end() for m in _CLAUSE_END.finditer(text, start, end)] + [end]
    piece_start = start
    for boundary in clauses:
        if count_tokens(text[piece_start:boundary]) <= budget:
            cursor = boundary
            continue
        if cursor > piece_start:
            pieces.append(_strip_span(text, piece_start, cursor))
            piece_start = cursor
        while count_tokens(text[piece_start:boundary]) > budget:
            cut = _fit_prefix(text, piece_start, boundary, budget)
            pieces.append(_strip_span(text, piece_start, cut))
            piece_start = cut
        cursor = boundary
    if piece_start < end:
        pieces.append(_strip_span(text, piece_start, end))
    return [(s, e) for s, e in pieces if s < e]


def _units(text: str, budget: int) -> list[_Unit]:
    units: list[_Unit] = []
    paragraph_start = 0
    breaks = [(m.start(), m.end()) for m in _PARAGRAPH_BREAK.finditer(text)] + [(len(text), len(text))]
    for paragraph, (break_start, break_end) in enumerate(breaks):
        for s, e in sentence_spans(text, paragraph_start, break_start):
            tokens = count_tokens(text[s:e])
            if tokens <= budget:
                units.append(_Unit(s, e, paragraph, tokens))
                continue
            for ps, pe in _split_long(text, s, e, budget):
                units.append(_Unit(ps, pe, paragraph, count_tokens(text[ps:pe])))
        paragraph_start = break_end
    return units


def _estimate(units: list[_Unit]) -> int:
    # One token per separator is an over-estimate (a space usually merges into the next word).
    return sum(unit.tokens for unit in units) + max(len(units) - 1, 0)


def _overlap(units: list[_Unit], config: ChunkingConfig) -> list[_Unit]:
    tail: list[_Unit] = []
    total = 0
    for unit in reversed(units):
        if total + unit.tokens > config.overlap_tokens:
            break
        tail.insert(0, unit)
        total += unit.tokens
    if not tail and units and units[-1].tokens <= 2 * config.overlap_tokens:
        tail = [units[-1]]
    return tail if len(tail) < len(units) else []


def chunk_text(text: str, config: ChunkingConfig | None = None) -> list[Chunk]:
    """Chunks of ``text`` (see the module docstring for the rules)."""
    config = config or ChunkingConfig()
    units = _units(text, config.max_tokens)
    paragraph_tokens: dict[int, int] = {}
    for unit in units:
        paragraph_tokens[unit.paragraph] = paragraph_tokens.get(unit.paragraph, 0) + unit.tokens + 1
    groups: list[list[_Unit]] = []
    current: list[_Unit] = []
    carried = 0  # how many units at the head of ``current`` are overlap from the previous chunk
    for position, unit in enumerate(units):
        while current:
            fresh = len(current) - carried
            too_big = _estimate([*current, unit]) > config.max_tokens
            new_paragraph = (
                fresh > 0
                and position > 0
                and unit.paragraph != units[position - 1].paragraph
                and _estimate(current) >= config.max_tokens // 2
                and _estimate(current) + paragraph_tokens[unit.paragraph] > config.max_tokens
            )
            if not (too_big or new_paragraph):
                break
            if fresh == 0:
                current, carried = [], 0  # the overlap itself leaves no room: drop it
                break
            groups.append(current)
            current = _overlap(current, config)
            carried = len(current)
        current.append(unit)
    if len(current) > carried:
        groups.append(current)
    return _materialise(text, groups, config)


def _materialise(text: str, groups: list[list[_Unit]], config: ChunkingConfig) -> list[Chunk]:
    chunks: list[Chunk] = []
    pending = list(groups)
    while pending:
        group = pending.pop(0)
        start, end = group[0].start, group[-1].end
        tokens = count_tokens(text[start:end])
        if tokens > config.max_tokens and len(group) > 1:
            # The estimate was beaten by the joined text: move the last sentence to a chunk of its own.
            pending.insert(0, [group[-1]])
            pending.insert(0, group[:-1])
            continue
        chunks.append(Chunk(len(chunks), start, end, text[start:end], tokens))
    return chunks


Metadata = dict[str, str | int | float | bool]


@dataclass(frozen=True)
class DocumentChunk:
    """A chunk of a document as stored, with its text and filterable metadata.

    The id is ``<document id>#<chunk index>@<document hash prefix>``: it changes whenever the chunk's
    text or metadata may have, which lets the keyword index reuse every row whose id it already has.
    """

    id: str
    text: str
    metadata: Metadata


def document_text(document: Document) -> str:
    """The text that is chunked: the subject as a first paragraph (unless the body starts with it), then the body."""
    body = document.body.strip()
    subject = (document.subject or "").strip()
    if subject and not body.startswith(subject):
        return f"{subject}\n\n{body}"
    return body


def _utc(value: datetime) -> datetime:
    # SQLite hands back naive datetimes; the CRM stores UTC.
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def document_hash(document: Document, config: ChunkingConfig) -> str:
    """sha256 over everything that shapes a document's chunks: text, filter metadata, the chunking, BM25 and
    embedded-text rules."""
    payload = {
        "chunker": config.key,
        "keyword_tokens": TOKENIZER_VERSION,
        "passage": PASSAGE_VERSION,
        "text": document_text(document),
        "account_id": document.account_id,
        "opportunity_id": document.opportunity_id,
        "kind": document.kind,
        "author": document.author,
        "language": document.language,
        "occurred_at": _utc(document.occurred_at).isoformat() if document.occurred_at else None,
    }
    encoded = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(encoded.encode("utf-8")).hexdigest()


def chunk_document(
    document: Document,
    config: ChunkingConfig | None = None,
    *,
    keyword_tokens: Callable[[str], list[str]] | None = None,
) -> list[DocumentChunk]:
    """The chunks of ``document`` with their metadata.

    Metadata: document_id, chunk_index, account_id, opportunity_id, kind, date (ISO day, UTC),
    date_int (yyyymmdd, for range filters), occurred_at, author, subject, language (of the chunk,
    else the document's), token_count, content_hash (of the chunk), doc_hash (of the document, for
    change detection) and, when ``keyword_tokens`` is given, ``bm25`` (its tokens, space-joined).
    Keys whose value is unknown are left out (Chroma stores no nulls).
    """
    config = config or ChunkingConfig()
    doc_hash = document_hash(document, config)
    base: dict[str, str | int | None] = {
        "document_id": document.id,
        "account_id": document.account_id,
        "opportunity_id": document.opportunity_id,
        "kind": document.kind,
        "author": document.author,
        "subject": document.subject,
        "doc_hash": doc_hash,
    }
    if document.occurred_at is not None:
        moment = _utc(document.occurred_at)
        base["date"] = moment.date().isoformat()
        base["date_int"] = int(moment.strftime("%Y%m%d"))
        base["occurred_at"] = moment.isoformat()
    chunks = []
    for chunk in chunk_text(document_text(document), config):
        metadata: Metadata = {key: value for key, value in base.items() if value is not None}
        metadata["chunk_index"] = chunk.index
        metadata["token_count"] = chunk.token_count
        metadata["content_hash"] = chunk.content_hash
        language = detect_language(chunk.text) or document.language
        if language:
            metadata["language"] = language
        if keyword_tokens is not None:
            metadata["bm25"] = " ".join(keyword_tokens(chunk.text))
        chunks.append(DocumentChunk(f"{document.id}#{chunk.index}@{doc_hash[:12]}", chunk.text, metadata))
    return chunks
