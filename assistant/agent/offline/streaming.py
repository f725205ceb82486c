"""The offline model's answer as a stream: the chunks a streaming LLM would send for the same message.

Text is cut into phrases at word boundaries (Chinese, which has no spaces, after its punctuation or
by length); the tool calls, usage and metadata travel in the chunks so that LangChain's merge of the
chunks gives back exactly the message :meth:`OfflineChatModel._generate` returns.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

from langchain_core.messages import AIMessage, AIMessageChunk, ToolCallChunk
from langchain_core.outputs import ChatGenerationChunk

PIECE_CHARS = 24
# A word with the spaces after it, a run of spaces, or Chinese text up to and including its punctuation.
_WORD = re.compile(r"[^\s，。；：！？、]+[，。；：！？、]*\s*|[，。；：！？、]+\s*|\s+")


def text_pieces(text: str, size: int = PIECE_CHARS) -> list[str]:
    """``text`` in pieces of at most about ``size`` characters, cut between words; ``"".join`` gives it back."""
    pieces: list[str] = []
    current = ""
    for word in _WORD.findall(text):
        while len(word) > size:  # a long run without spaces (Chinese, URLs): cut by length
            if current:
                pieces.append(current)
                current = ""
            pieces.append(word[:size])
            word = word[size:]
        if current and len(current) + len(word) > size:
            pieces.append(current)
            current = ""
        current += word
    if current:
        pieces.append(current)
    return pieces


def message_chunks(message: AIMessage) -> Iterator[ChatGenerationChunk]:
    """The chunks of ``message``: its text piece by piece; tool calls and usage in the last chunk."""
    pieces = text_pieces(message.text) or [""]
    calls = [
        ToolCallChunk(name=call["name"], args=json.dumps(call["args"], ensure_ascii=False), id=call["id"], index=i)
        for i, call in enumerate(message.tool_calls)
    ]
    last = len(pieces) - 1
    for i, piece in enumerate(pieces):
        final = i == last
        chunk = AIMessageChunk(
            content=piece,
            tool_call_chunks=calls if final else [],
            usage_metadata=message.usage_metadata if final else None,
            # merging chunks concatenates string metadata, so it goes in one chunk only
            response_metadata=dict(message.response_metadata) if i == 0 else {},
            chunk_position="last" if final else None,
        )
        yield ChatGenerationChunk(message=chunk)
