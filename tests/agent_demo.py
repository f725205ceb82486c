"""The demo world for the agent tests: built once per module in a temporary home, with the documents of
a few accounts indexed (all 600 would take minutes to embed), and an ``ask`` that also returns what
the tools returned in that turn, so answers can be checked against the tool results."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from langchain_core.messages import AIMessage, ToolMessage
from sqlalchemy import select
from sqlmodel import col

from assistant.agent.reply import Reply
from assistant.crm.demo import WorldSummary
from assistant.crm.models import Account, Document
from assistant.service import Tillage
from assistant.service.eval_metrics import grounded, sources
from assistant.settings import Settings
from index.chunking import ChunkingConfig, chunk_document
from index.keyword import tokenize

LINA, WANG, DAVID = "li.na@tillage-demo.com", "wang.fang@tillage-demo.com", "david.lee@tillage-demo.com"
EMILY, ZHANG = "emily.chen@tillage-demo.com", "zhang.wei@tillage-demo.com"


@dataclass
class Turn:
    """One answered question and what the tools returned for it."""

    question: str
    reply: Reply
    results: list[dict[str, Any]]
    contents: list[str]
    args: list[dict[str, Any]]

    @property
    def tools(self) -> list[tuple[str, dict[str, Any]]]:
        """(name, arguments) of the tool calls."""
        return [(c.name, c.args) for c in self.reply.tool_calls]

    @property
    def ungrounded(self) -> list[str]:
        """Numbers and dates of the answer that no tool result of the turn holds."""
        return grounded(self.reply.answer, sources(self.contents, self.args, self.question))


World = tuple[Tillage, WorldSummary]


def build(root: Path) -> World:
    """The demo world (seed 7, 120 accounts) in ``root``."""
    service = Tillage(Settings(home=root, llm="offline"))
    return service, service.build_demo(seed=7, accounts=120)


def served(root: Path) -> Iterator[World]:
    """:func:`build` for a fixture: yields the world, then closes the service."""
    service, summary = build(root)
    yield service, summary
    service.close()


def get_account(service: Tillage, account_id: str) -> Account:
    """The account ``account_id`` (which must exist), detached from its session."""
    with service.session() as session:
        account = session.get(Account, account_id)
        assert account is not None
        session.expunge(account)
        return account


def index_accounts(service: Tillage, account_ids: Sequence[str]) -> list[str]:
    """Index the documents of ``account_ids`` only (chunked and embedded as ingestion does); their ids."""
    store = service.document_index.store()
    with service.session() as session:
        docs = list(
            session.execute(
                select(Document).where(col(Document.account_id).in_(list(account_ids))).order_by(col(Document.id))
            ).scalars()
        )
        chunks = [c for d in docs for c in chunk_document(d, ChunkingConfig(), keyword_tokens=tokenize)]
        ids = [d.id for d in docs]
    store.replace_documents(ids, chunks, store.embedder.embed_documents([c.text for c in chunks]))
    return ids


def ask(service: Tillage, user: str, question: str, *, thread: str | None = None, today: Any = None) -> Turn:
    """Ask as ``user``; the reply with this turn's tool results (JSON) and arguments."""
    reply = service.ask(question, user_email=user, thread=thread, as_of=today)
    messages = service.last_turn(user_email=user, thread=reply.thread)
    contents = [str(m.content) for m in messages if isinstance(m, ToolMessage) and m.status != "error"]
    results = [json.loads(c) for c in contents]
    args = [dict(c["args"]) for m in messages if isinstance(m, AIMessage) for c in m.tool_calls]
    return Turn(question, reply, results, contents, args)


def owned(service: Tillage, owner_id: str) -> list[Account]:
    """The accounts ``owner_id`` owns, by id."""
    with service.session() as session:
        rows = list(
            session.execute(
                select(Account).where(col(Account.owner_id) == owner_id).order_by(col(Account.id))
            ).scalars()
        )
        for row in rows:
            session.expunge(row)
        return rows
