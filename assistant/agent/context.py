"""What every agent run knows besides the conversation: who asks, the database, the date, the language.

The agent receives an :class:`AgentContext` through LangGraph's runtime context
(``create_agent(..., context_schema=AgentContext)``), never through the conversation, so
neither the model nor a document can change who the requesting user is.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlmodel import Session

from assistant.crm.models import User

SessionFactory = Callable[[], AbstractContextManager[Session]]


@dataclass(frozen=True)
class AgentContext:
    """The authenticated request a turn runs for.

    ``user`` is the authenticated User record (detached: only its columns are read).
    ``session_factory`` opens a unit of work (e.g. ``Tillage.session``); each tool call gets its own.
    ``as_of`` is the date scores and answers are computed for. ``language`` ("en"/"zh") is a hint
    used when the question itself does not show a language. ``resources`` holds further objects
    tools may ask for by parameter name (e.g. a document index or a scoring config).
    """

    user: User
    session_factory: SessionFactory
    as_of: date
    language: str | None = None
    resources: Mapping[str, Any] = field(default_factory=dict)

    @property
    def user_id(self) -> str:
        """The requesting user's id."""
        return self.user.id
