"""Chat service area: ask the assistant a question in a persisted thread, audited."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime
from functools import cached_property
from typing import Any

from langchain_core.messages import BaseMessage, HumanMessage
from langgraph.checkpoint.sqlite import SqliteSaver
from langgraph.graph.state import CompiledStateGraph

from assistant.agent import (
    AgentContext,
    AgentError,
    AgentOptions,
    ChatEvent,
    DoneEvent,
    Reply,
    build_agent,
    final_reply,
    make_chat_model,
    model_label,
    stream_turn,
)
from assistant.agent.threads import open_checkpointer, thread_key
from assistant.crm.access import get_user
from assistant.crm.models import AuditEntry
from assistant.service.core import ServiceCore
from tools.agent_documents import DocumentIndex

MAX_QUESTION_CHARS = 4000


class ChatService(ServiceCore):
    """``ask``: one question from an authenticated user, answered by the agent."""

    agent_options: AgentOptions = AgentOptions()

    @cached_property
    def checkpointer(self) -> SqliteSaver:
        """The thread store (HOME/threads.sqlite3)."""
        return open_checkpointer(self.settings)

    @cached_property
    def _chat(self) -> tuple[CompiledStateGraph[Any, AgentContext, Any, Any], str]:
        model = make_chat_model(self.settings, self.agent_options)
        agent = build_agent(self.settings, model=model, checkpointer=self.checkpointer, options=self.agent_options)
        return agent, model_label(model)

    @cached_property
    def document_index(self) -> DocumentIndex:
        """The meeting-note and e-mail index (Chroma + embedder), opened on first use by a search."""
        from index.keyword_cache import keyword_cache
        from index.store import ChunkStore

        return DocumentIndex(lambda: ChunkStore.from_settings(self.settings), cache=keyword_cache(self.settings.home))

    def agent_resources(self) -> dict[str, Any]:
        """Objects tools may ask for by parameter name (``ToolSpec.inject``): ``index`` (the document
        index) and ``config`` (the scoring configuration, when the service has one).

        Override or extend in the service when a registered tool needs one.
        """
        resources: dict[str, Any] = {"index": self.document_index}
        # The deployment's scoring thresholds (ScoringService, HOME/scoring.json), so the agent's scores
        # equal the ones the CLI and the API show.
        config = getattr(self, "scoring_config", None)
        if config is not None:
            resources["config"] = config
        return resources

    def ask(
        self,
        message: str,
        *,
        user_email: str,
        thread: str | None = None,
        as_of: date | None = None,
        language: str | None = None,
    ) -> Reply:
        """Answer ``message`` for the authenticated user ``user_email`` (``UnknownUserError`` if none).

        ``thread`` continues a conversation (threads are private to their user); without it a new
        thread id is returned in the reply. ``as_of`` defaults to today.
        """
        events = self.ask_stream(message, user_email=user_email, thread=thread, as_of=as_of, language=language)
        return final_reply(events)

    def ask_stream(
        self,
        message: str,
        *,
        user_email: str,
        thread: str | None = None,
        as_of: date | None = None,
        language: str | None = None,
    ) -> Iterator[ChatEvent]:
        """:meth:`ask` as events while the answer is written: tool calls and results, answer text, and
        last a ``DoneEvent`` with the reply ``ask`` returns (see :mod:`assistant.agent.events`).

        The question is checked and the user resolved before this returns (``ValueError``,
        ``UnknownUserError``); ``AgentError`` comes while iterating. Drain the iterator: the turn
        is audited when its reply is ready.
        """
        text = message.strip()
        if not text:
            raise ValueError("message: the question is empty")
        if len(text) > MAX_QUESTION_CHARS:
            raise ValueError(f"message: the question is longer than {MAX_QUESTION_CHARS} characters")
        if thread is not None and not thread.strip():
            raise ValueError("thread: the thread id is empty")
        with self.session() as session:
            user = get_user(session, email=user_email)
        thread_id = thread.strip() if thread else uuid.uuid4().hex[:16]
        context = AgentContext(
            user=user,
            session_factory=self.session,
            as_of=as_of or date.today(),
            language=language,
            resources=self.agent_resources(),
        )
        agent, label = self._chat
        key = thread_key(user.id, thread_id)
        events = stream_turn(agent, context=context, message=text, thread_key=key, thread=thread_id, model_name=label)
        return self._audited(user.id, text, events)

    def _audited(self, user_id: str, request: str, events: Iterator[ChatEvent]) -> Iterator[ChatEvent]:
        try:
            for event in events:
                if isinstance(event, DoneEvent):  # before the reply is handed out
                    calls = [{"name": c.name, "args": c.args} for c in event.reply.tool_calls]
                    self._audit(user_id, "ask", request, calls)
                yield event
        except AgentError:
            self._audit(user_id, "ask_failed", request, [])
            raise

    def last_turn(self, *, user_email: str, thread: str) -> list[BaseMessage]:
        """The messages of the last turn of the user's ``thread``: the question, the model's tool calls,
        the tool results as the model saw them, and the answer (for evaluation and debugging)."""
        with self.session() as session:
            user = get_user(session, email=user_email)
        agent, _ = self._chat
        state = agent.get_state({"configurable": {"thread_id": thread_key(user.id, thread)}})
        messages: list[BaseMessage] = list(state.values.get("messages") or [])
        starts = [i for i, m in enumerate(messages) if isinstance(m, HumanMessage)]
        return messages[starts[-1] :] if starts else []

    def _audit(self, user_id: str, action: str, request: str, tool_calls: list[dict[str, Any]]) -> None:
        with self.session() as session:
            entry = AuditEntry(at=datetime.now(UTC), user_id=user_id, action=action, request=request)
            entry.tool_calls = tool_calls
            session.add(entry)

    def close(self) -> None:
        """Close the thread store, then the database."""
        if "checkpointer" in self.__dict__:
            self.checkpointer.conn.close()
            del self.__dict__["checkpointer"]
            self.__dict__.pop("_chat", None)
        super().close()
