"""The text embedded for a chunk: the chunk without the header lines of a meeting note.

A meeting note starts with its record lines (date, place, attendees, who wrote it). They are in
the stored text, and BM25 still sees them (a contact's name in the attendees answers "what did X
say"), but in a note of two sentences they are half of what the dense model reads, and every note
has them, so the vectors of notes on unrelated topics crowd together and far from e-mails and
queries. The dense model sees what was said; :data:`PASSAGE_VERSION` is part of every document's
hash, so a change re-embeds existing indexes.
"""

from __future__ import annotations

import re

PASSAGE_VERSION = "1"
# Record lines of a note, as the import format's examples and the demo write them (Chinese and English).
_RECORD_LINE = re.compile(
    r"^\s*(时间|日期|地点|参会人员|与会人员|参会人|出席人员|记录人|纪要人|"
    r"date|time|place|location|venue|attendees|participants|present|notes by|minutes by|author)\s*[:：]",
    re.IGNORECASE,
)


def passage_text(text: str) -> str:
    """``text`` without the record lines that open a meeting note (the whole text if nothing else is left)."""
    lines = text.split("\n")
    kept = [line for line in lines if not _RECORD_LINE.match(line)]
    passage = "\n".join(kept).strip()
    return passage or text
