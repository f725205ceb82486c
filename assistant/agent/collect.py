"""Turn the messages of one turn into a :class:`Reply`: answer, tool calls, citations, usage, fallback.

The pieces (:func:`call_records`, :func:`message_citations`, :func:`fallback_note`) are shared by the
streamed events of a turn, so that what is streamed and what the reply says cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Sequence

from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, ToolMessage

from assistant.agent.middleware import fell_back
from assistant.agent.offline import MODEL_NAME
from assistant.agent.offline.entities import language
from assistant.agent.reply import Citation, Reply, ToolCallRecord, Usage
from assistant.agent.tools_registry import ToolSpec, model_args

FALLBACK_NOTE = {
    "en": "Note: the language model endpoint was unavailable, so the offline assistant answered.",
    "zh": "注意:语言模型服务暂不可用,本回答由离线助手生成。",
}


def fallback_note(question: str) -> str:
    """The note put in front of an answer written by the offline fallback, in the question's language."""
    return FALLBACK_NOTE[language(question)]


def with_note(note: str, answer: str) -> str:
    """The fallback ``note`` followed by the ``answer``."""
    return f"{note}\n\n{answer}"


def call_records(message: AIMessage, specs: Sequence[ToolSpec] | None = None) -> list[ToolCallRecord]:
    """The tool calls of ``message`` with the arguments the tools really receive."""
    return [ToolCallRecord(name=c["name"], args=model_args(c["name"], c["args"], specs)) for c in message.tool_calls]


def message_citations(message: ToolMessage) -> list[Citation]:
    """The records a tool result cites (from its artifact), in order."""
    if not isinstance(message.artifact, dict):
        return []
    return [Citation(kind=str(item["kind"]), id=str(item["id"])) for item in message.artifact.get("citations") or []]


def _turn(messages: Sequence[BaseMessage]) -> tuple[str, Sequence[BaseMessage]]:
    for index in range(len(messages) - 1, -1, -1):
        if isinstance(messages[index], HumanMessage):
            return messages[index].text, messages[index + 1 :]
    return "", messages


def collect(
    messages: Sequence[BaseMessage], *, thread: str, model_name: str, specs: Sequence[ToolSpec] | None = None
) -> Reply:
    """The Reply for the last turn of ``messages``: answer, tool calls, citations, usage, fallback."""
    question, turn = _turn(messages)
    calls: list[ToolCallRecord] = []
    citations: list[Citation] = []
    seen: set[tuple[str, str]] = set()
    prompt = completion = 0
    answer = ""
    for msg in turn:
        if isinstance(msg, AIMessage):
            calls += call_records(msg, specs)
            if msg.usage_metadata:
                prompt += msg.usage_metadata.get("input_tokens", 0)
                completion += msg.usage_metadata.get("output_tokens", 0)
            if not msg.tool_calls:
                answer = msg.text
        elif isinstance(msg, ToolMessage):
            for citation in message_citations(msg):
                if (citation.kind, citation.id) not in seen:
                    seen.add((citation.kind, citation.id))
                    citations.append(citation)
    reason = fell_back(messages)
    note = None
    if reason is not None:
        note = fallback_note(question)
        answer = with_note(note, answer)
        model_name = MODEL_NAME
    return Reply(
        answer=answer,
        tool_calls=calls,
        citations=citations,
        usage=Usage(prompt_tokens=prompt, completion_tokens=completion),
        thread=thread,
        model=model_name,
        fallback=reason is not None,
        note=note,
    )
