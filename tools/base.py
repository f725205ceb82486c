"""Shared shapes for tool results: evidence, thresholds, and the errors tools raise.

Errors are raised here and turned into tool-error messages in one place (the agent), or into an
exit code by the CLI. ``NotFoundError`` is used both for records that do not exist and for
records the user may not see, with the same message, so that nothing leaks their existence.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class ToolError(Exception):
    """A tool could not answer; the message is safe to show to the user and the model."""


class NotFoundError(ToolError):
    """No visible record matches (identical for missing and for not permitted)."""

    def __init__(self, kind: str, ref: str) -> None:
        super().__init__(f"no {kind} matches {ref!r}")
        self.kind = kind
        self.ref = ref


class AmbiguousError(ToolError):
    """Several visible records match; the caller should ask which one."""

    def __init__(self, kind: str, ref: str, candidates: list[dict[str, str]]) -> None:
        names = ", ".join(f"{c['name']} ({c['id']})" for c in candidates)
        super().__init__(f"{len(candidates)} {kind}s match {ref!r}: {names}")
        self.kind = kind
        self.ref = ref
        self.candidates = candidates


class PermissionDeniedError(ToolError):
    """The user's role does not allow this action (e.g. undo by a rep)."""


class Evidence(BaseModel):
    """One record and the values a result was computed from, so a person can check by hand."""

    model_config = ConfigDict(frozen=True)

    record: str = Field(description="Record kind, e.g. 'order', 'contact', 'opportunity'.")
    id: str = Field(description="The record's id in the CRM.")
    values: dict[str, Any] = Field(default_factory=dict, description="The fields that were used.")


class Threshold(BaseModel):
    """A threshold or weight that applied to a result."""

    model_config = ConfigDict(frozen=True)

    name: str
    value: Any
    rule: str = ""


class ToolResult(BaseModel):
    """Base class for tool results: every result carries evidence and the thresholds used."""

    evidence: list[Evidence] = Field(default_factory=list)
    thresholds: list[Threshold] = Field(default_factory=list)
