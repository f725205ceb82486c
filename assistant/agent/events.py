"""What a streamed turn yields, in order: tool calls and results, answer text, then the reply.

Answer text arrives as :class:`TokenEvent` pieces; their concatenation since the last
:class:`ResetEvent` is the reply's answer. A reset means "discard the text shown so far": the
model call that wrote it failed part-way and the offline fallback answers instead, or the text
turned out to be a preamble to tool calls rather than the answer. The last event is always a
:class:`DoneEvent` with the same :class:`Reply` a non-streamed question returns.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar, Literal

from pydantic import BaseModel, Field

from assistant.agent.reply import AgentError, Citation, Reply


class ToolEvent(BaseModel):
    """The model asked for a tool, with the arguments the tool will receive."""

    event: ClassVar[str] = "tool"
    name: str
    args: dict[str, Any] = Field(default_factory=dict)


class ToolResultEvent(BaseModel):
    """A tool returned: ``ok`` is false for an error result; the records it cites."""

    event: ClassVar[str] = "tool_result"
    name: str
    ok: bool
    citations: list[Citation] = Field(default_factory=list)


class TokenEvent(BaseModel):
    """A piece of the answer text."""

    event: ClassVar[str] = "token"
    text: str


class ResetEvent(BaseModel):
    """Discard the answer text streamed so far (see the module docs)."""

    event: ClassVar[str] = "reset"
    reason: Literal["fallback", "tool_call"]


class DoneEvent(BaseModel):
    """The turn is over; ``reply`` is what :meth:`Tillage.ask` returns for it."""

    event: ClassVar[str] = "done"
    reply: Reply


ChatEvent = ToolEvent | ToolResultEvent | TokenEvent | ResetEvent | DoneEvent


def final_reply(events: Iterable[ChatEvent]) -> Reply:
    """Drain ``events`` and return the reply of their :class:`DoneEvent`."""
    reply: Reply | None = None
    for event in events:
        if isinstance(event, DoneEvent):
            reply = event.reply
    if reply is None:  # only a broken stream ends without one
        raise AgentError("the assistant stopped before answering")
    return reply
