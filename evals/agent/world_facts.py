"""The demo world as the case generator sees it: users, what each may see, unambiguous references,
and the facts the TOOLS compute (the same adapters the agent calls), never values typed by hand.
"""

from __future__ import annotations

import inspect
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlmodel import Session, col

from assistant.agent.offline.entities import CatalogEntry, find_account
from assistant.crm.access import get_user, visible_account_ids
from assistant.crm.models import Account, Lead, Opportunity, User
from assistant.service import Tillage
from tools.agent_documents import DocumentIndex
from tools.base import ToolError
from tools.lookup import resolve_account


@dataclass
class Visible:
    """What one user may see."""

    user: User
    accounts: list[Account]
    catalog: list[CatalogEntry]
    hidden: list[Account] = field(default_factory=list)


class World:
    """The built demo world and helpers to compute facts with the tools."""

    def __init__(self, service: Tillage, today: date) -> None:
        self.service = service
        self.today = today
        self.index: DocumentIndex = service.document_index

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A unit of work on the world's database."""
        with self.service.session() as session:
            yield session

    def visible(self, email: str) -> Visible:
        """The accounts ``email`` may see (by id) and the catalog the offline model matches against."""
        with self.session() as s:
            user = get_user(s, email=email)
            ids = set(s.execute(visible_account_ids(user)).scalars())
            everything = list(s.execute(select(Account).order_by(col(Account.id))).scalars())
            for a in everything:
                s.expunge(a)
            s.expunge(user)
        mine = [a for a in everything if a.id in ids]
        catalog = [CatalogEntry(a.id, a.name, tuple(a.aliases or ())) for a in mine]
        return Visible(user, mine, catalog, [a for a in everything if a.id not in ids])

    def reference(self, seen: Visible, account: Account, form: str) -> str | None:
        """``account`` as a person would name it ("id", "name", "alias", "alias_en"/"alias_zh"),
        only when both the offline matcher and the tool's lookup find exactly this account."""
        if form == "id":
            return account.id
        options = [account.name] if form == "name" else list(account.aliases or [])
        if form == "alias_en":
            options = [a for a in options if a.isascii()]
        if form == "alias_zh":
            options = [a for a in options if not a.isascii()]
        for ref in options:
            if find_account(f"{ref} ?", seen.catalog).ids != [account.id]:
                continue
            try:
                with self.session() as s:
                    if resolve_account(s, user=seen.user, ref=ref).id != account.id:
                        continue
            except ToolError:
                continue
            return ref
        return None

    def run(self, tool: Any, email: str, **args: Any) -> Any:
        """Run an agent tool adapter as ``email`` on the world's date; the result as JSON data."""
        with self.session() as s:
            user = get_user(s, email=email)
            extra: dict[str, Any] = {}
            params = inspect.signature(tool).parameters
            if "as_of" in params:
                extra["as_of"] = self.today
            if "index" in params:
                extra["index"] = self.index
            result = tool(s, user=user, **extra, **args)
            return result.model_dump(mode="json")

    def opportunities(self, account_id: str, status: str | None = "open") -> list[Opportunity]:
        """The account's opportunities (of ``status``), by id."""
        with self.session() as s:
            query = select(Opportunity).where(col(Opportunity.account_id) == account_id)
            if status:
                query = query.where(col(Opportunity.status) == status)
            rows = list(s.execute(query.order_by(col(Opportunity.id))).scalars())
            for r in rows:
                s.expunge(r)
            return rows

    def leads(self, owner_ids: set[str]) -> list[Lead]:
        """Leads owned by any of ``owner_ids``, by id."""
        with self.session() as s:
            rows = list(
                s.execute(
                    select(Lead).where(col(Lead.owner_id).in_(sorted(owner_ids))).order_by(col(Lead.id))
                ).scalars()
            )
            for r in rows:
                s.expunge(r)
            return rows


def spread(items: list[Any], n: int, offset: int = 0) -> list[Any]:
    """``n`` items spread evenly over ``items`` (deterministic), starting at ``offset``."""
    if not items or n <= 0:
        return []
    step = max(1, len(items) // n)
    return [items[(offset + i * step) % len(items)] for i in range(min(n, len(items)))]


def forbidden(seen: Visible, count: int = 2) -> list[str]:
    """Names and ids of accounts ``seen.user`` may NOT see, chosen so no visible name contains them."""
    if not seen.hidden:
        return []
    visible_text = " ".join(n for a in seen.accounts for n in (a.name, *(a.aliases or [])))
    picked = [a for a in seen.hidden if a.name not in visible_text and a.parent_id is None][:count]
    return [x for a in picked for x in (a.id, a.name)]
