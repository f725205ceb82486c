"""The embedded text of a chunk: a meeting note's record lines are left to BM25, the content is embedded."""

from __future__ import annotations

from datetime import datetime

import pytest

import index.chunking
from assistant.crm.models import Document
from index.chunking import ChunkingConfig, document_hash
from index.passages import passage_text

ZH_NOTE = """会议纪要:商务条款沟通

时间:2026年10月15日 10:00
地点:客户现场
参会人员:沈美玲、贺雪、王芳
记录人:王芳

沈美玲直言价格太高:同样的范围,金蝶的报价比我们低18%左右。"""

EN_NOTE = """Date: 15 April 2026, 15:45
Place: customer site
Attendees: Anna Smith, David Lee
Notes by: David Lee

The customer told us our price is 25% above Infor."""


def test_the_record_lines_of_a_note_are_not_embedded() -> None:
    assert (
        passage_text(ZH_NOTE) == "会议纪要:商务条款沟通\n\n\n沈美玲直言价格太高:同样的范围,金蝶的报价比我们低18%左右。"
    )
    assert passage_text(EN_NOTE) == "The customer told us our price is 25% above Infor."


def test_text_without_record_lines_is_embedded_as_it_is() -> None:
    mail = "Dear Anna,\n\nThe date: is not a record line when it is not at the start.\nPlace it here."
    assert passage_text(mail) == mail
    assert passage_text("时间:2026年10月15日") == "时间:2026年10月15日"  # nothing else left: keep it all


@pytest.mark.parametrize("name", ["TOKENIZER_VERSION", "PASSAGE_VERSION"])
def test_the_keyword_and_passage_rules_are_part_of_the_document_hash(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    document = Document(id="n1", kind="meeting_note", body=EN_NOTE, occurred_at=datetime(2026, 4, 15))
    before = document_hash(document, ChunkingConfig())
    monkeypatch.setattr(index.chunking, name, "changed")
    assert document_hash(document, ChunkingConfig()) != before
