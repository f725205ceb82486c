"""Chunking by tokens along paragraph and sentence boundaries, in Chinese and English."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime
from typing import Any

import pytest

from assistant.crm.models import Document
from index.chunking import ChunkingConfig, chunk_document, chunk_text, document_hash, sentence_spans
from index.tokens import count_tokens

ZH_SENTENCES = [
    "客户王总表示，今年的预算比去年减少了百分之二十。",
    "他们正在评估竞争对手的报价！",
    "技术部门对交付时间有疑问？",
    "我们需要在下周提交新的方案；",
    "财务部要求先完成试点再谈付款条件。",
]
EN_SENTENCES = [
    "Mr. Smith said the price is too high.",
    "He wants a 3.5% discount by Friday!",
    "Delivery must happen before Q3, otherwise they will consider the competitor.",
    "Is the pilot still on schedule?",
]


def _sentences(text: str) -> list[str]:
    return [text[s:e] for s, e in sentence_spans(text)]


def test_sentence_spans_in_both_languages() -> None:
    text = "".join(ZH_SENTENCES) + "\n" + " ".join(EN_SENTENCES) + "\n- send the revised quote\n- call finance"
    assert _sentences(text) == [*ZH_SENTENCES, *EN_SENTENCES, "- send the revised quote", "- call finance"]


def test_decimals_abbreviations_and_addresses_do_not_end_sentences() -> None:
    text = "See e.g. the v2.1 plan at example.com today. Dr. Li agreed."
    assert _sentences(text) == ["See e.g. the v2.1 plan at example.com today.", "Dr. Li agreed."]


def test_closing_quotes_stay_with_their_sentence() -> None:
    assert _sentences("他说：“价格太高了。”我们同意。") == ["他说：“价格太高了。”", "我们同意。"]


def _long_text() -> str:
    paragraphs = []
    for n in range(6):
        zh = "".join(f"第{n}{i}段：{s}" for i, s in enumerate(ZH_SENTENCES))
        en = " ".join(f"Point {n}.{i}: {s}" for i, s in enumerate(EN_SENTENCES))
        paragraphs.append(zh + en)
    return "\n\n".join(paragraphs)


def test_chunks_are_whole_sentences_within_budget_with_overlap() -> None:
    config = ChunkingConfig(max_tokens=120, overlap_tokens=40)
    text = _long_text()
    sentences = _sentences(text)
    chunks = chunk_text(text, config)
    assert len(chunks) > 3
    for chunk in chunks:
        assert chunk.token_count == count_tokens(chunk.text) <= 120
        assert chunk.text == text[chunk.start : chunk.end]
        # Made of whole sentences: it starts at a sentence start and ends at a sentence end.
        assert any(text.startswith(s, chunk.start) for s in sentences)
        assert chunk.start in {s for s, _ in sentence_spans(text)}
        assert chunk.end in {e for _, e in sentence_spans(text)}
    covered: set[int] = set()
    for chunk in chunks:
        covered.update(range(chunk.start, chunk.end))
    assert all(i in covered for s, e in sentence_spans(text) for i in range(s, e))
    for previous, current in itertools.pairwise(chunks):
        assert current.start < previous.end, "consecutive chunks share at least one sentence"
        overlap = text[current.start : previous.end]
        assert count_tokens(overlap) <= 2 * config.overlap_tokens
    assert [c.index for c in chunks] == list(range(len(chunks)))


def test_no_overlap_when_disabled() -> None:
    chunks = chunk_text(_long_text(), ChunkingConfig(max_tokens=120, overlap_tokens=0))
    for previous, current in itertools.pairwise(chunks):
        assert current.start >= previous.end


def test_paragraph_boundary_is_preferred_once_half_full() -> None:
    first = " ".join(EN_SENTENCES)  # about 50 tokens
    second = " ".join(EN_SENTENCES[::-1])
    text = f"{first}\n\n{second}"
    chunks = chunk_text(text, ChunkingConfig(max_tokens=80, overlap_tokens=0))
    assert [c.text for c in chunks] == [first, second]


def test_a_sentence_longer_than_the_budget_is_cut_at_clauses_then_hard() -> None:
    long_zh = "这是一个非常长的句子，" * 40 + "结束。"
    chunks = chunk_text(long_zh, ChunkingConfig(max_tokens=50, overlap_tokens=10))
    assert len(chunks) > 1
    assert all(c.token_count <= 50 for c in chunks)
    assert all(c.text.endswith(("，", "。")) for c in chunks)  # cut after clause marks
    assert "".join(c.text for c in chunks) == long_zh

    no_marks = "word " * 200
    hard = chunk_text(no_marks.strip(), ChunkingConfig(max_tokens=50, overlap_tokens=10))
    assert all(c.token_count <= 50 for c in hard)
    assert all(c.text.split() == ["word"] * len(c.text.split()) for c in hard), "no word cut in two"
    assert sum(len(c.text.split()) for c in hard) == 200


def test_short_and_empty_texts() -> None:
    assert chunk_text("") == []
    assert chunk_text("  \n\n ") == []
    [only] = chunk_text("价格太高。")
    assert (only.text, only.index, only.token_count) == ("价格太高。", 0, count_tokens("价格太高。"))


def test_config_is_validated_by_field() -> None:
    with pytest.raises(ValueError, match="overlap_tokens"):
        ChunkingConfig(max_tokens=64, overlap_tokens=40)
    with pytest.raises(ValueError, match="max_tokens"):
        ChunkingConfig(max_tokens=8, overlap_tokens=0)


def _document(**changes: Any) -> Document:
    values: dict[str, Any] = {
        "id": "note:a1.md",
        "account_id": "A1",
        "opportunity_id": "O1",
        "kind": "meeting_note",
        "author": "rep1@tillage.example",
        "occurred_at": datetime(2026, 3, 1, 23, 30, tzinfo=UTC),
        "subject": "价格谈判",
        "body": "客户认为价格太高。The CFO asked for a discount.",
        "language": "zh",
    }
    values.update(changes)
    return Document(**values)


def test_document_chunks_carry_filterable_metadata() -> None:
    [chunk] = chunk_document(_document(), keyword_tokens=lambda text: ["价格", "discount"])
    assert chunk.id == "note:a1.md#0@" + str(chunk.metadata["doc_hash"])[:12]
    assert chunk.metadata["doc_hash"] == document_hash(_document(), ChunkingConfig())
    assert chunk.text == "价格谈判\n\n客户认为价格太高。The CFO asked for a discount."
    metadata = chunk.metadata
    assert {k: metadata[k] for k in ("document_id", "account_id", "opportunity_id", "kind", "author")} == {
        "document_id": "note:a1.md",
        "account_id": "A1",
        "opportunity_id": "O1",
        "kind": "meeting_note",
        "author": "rep1@tillage.example",
    }
    assert (metadata["date"], metadata["date_int"]) == ("2026-03-01", 20260301)
    assert metadata["occurred_at"] == "2026-03-01T23:30:00+00:00"
    assert metadata["chunk_index"] == 0
    assert metadata["language"] == "zh"
    assert metadata["bm25"] == "价格 discount"
    assert metadata["content_hash"] == chunk_document(_document())[0].metadata["content_hash"]
    assert None not in metadata.values()


def test_naive_datetimes_are_utc_and_missing_fields_are_left_out() -> None:
    naive = chunk_document(_document(occurred_at=datetime(2026, 3, 1, 23, 30)))[0].metadata
    assert naive["date_int"] == 20260301
    bare = chunk_document(_document(opportunity_id=None, author=None, occurred_at=None, subject=None))[0].metadata
    assert not {"opportunity_id", "author", "date", "date_int", "subject"} & set(bare)


def test_document_hash_tracks_text_metadata_and_rules() -> None:
    config = ChunkingConfig()
    base = document_hash(_document(), config)
    assert base == document_hash(_document(), config)
    assert base == document_hash(_document(occurred_at=datetime(2026, 3, 1, 23, 30)), config)
    assert base != document_hash(_document(body="客户认为价格合适。"), config)
    assert base != document_hash(_document(account_id="A2"), config)
    assert base != document_hash(_document(), ChunkingConfig(max_tokens=200))
