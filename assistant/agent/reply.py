"""What one question to the assistant returns (a :class:`Reply`), or raises (:class:`AgentError`)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field


class ToolCallRecord(BaseModel):
    """A tool the agent ran, with the arguments the tool received."""

    name: str
    args: dict[str, Any] = Field(default_factory=dict)


class Citation(BaseModel):
    """A CRM record an answer relies on."""

    kind: str
    id: str


class Usage(BaseModel):
    """Tokens spent on the turn (provider usage for openai, tiktoken counts offline)."""

    prompt_tokens: int = 0
    completion_tokens: int = 0


class Reply(BaseModel):
    """The answer to one question, with what it was based on."""

    answer: str
    tool_calls: list[ToolCallRecord] = Field(default_factory=list)
    citations: list[Citation] = Field(default_factory=list)
    usage: Usage = Field(default_factory=Usage)
    thread: str
    model: str
    fallback: bool = False
    note: str | None = Field(default=None, description="Set when the answer came from the offline fallback.")


class AgentError(RuntimeError):
    """The turn could not be answered (message safe to show; no secrets or internals)."""
