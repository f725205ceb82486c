"""Small hand-built CRM worlds for the scoring tests (part A): insert records with terse helpers.

``World(session)`` creates an organisation: admin ``adm``, manager ``mgr`` with reps ``rep1`` and
``rep2`` reporting to them, and a second manager ``mgr2`` with rep ``rep3``. Every helper flushes,
so foreign keys hold in insertion order. Dates are plain ``date``; date-times are built at 10:00 UTC.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from itertools import count
from typing import Any

from sqlmodel import Session

from assistant.crm.models import (
    Account,
    Activity,
    ActivityContact,
    Contact,
    Document,
    Opportunity,
    Order,
    Quote,
    RiskEvent,
    Survey,
    Ticket,
    User,
)

AS_OF = date(2025, 6, 30)


def at(day: date, hour: int = 10) -> datetime:
    """A UTC date-time on ``day``."""
    return datetime.combine(day, time(hour), tzinfo=UTC)


class World:
    """Insert helpers over one session (ids are generated when not given)."""

    def __init__(self, session: Session) -> None:
        self.s = session
        self._ids = count(1)
        self.users: dict[str, User] = {}
        for uid, role, manager in (
            ("adm", "admin", None),
            ("mgr", "manager", None),
            ("rep1", "rep", "mgr"),
            ("rep2", "rep", "mgr"),
            ("mgr2", "manager", None),
            ("rep3", "rep", "mgr2"),
        ):
            self.users[uid] = self._add(
                User(id=uid, email=f"{uid}@t.example", name=uid.upper(), role=role, manager_id=manager)
            )

    def _add(self, row: Any) -> Any:
        self.s.add(row)
        self.s.flush()
        return row

    def _id(self, prefix: str) -> str:
        return f"{prefix}{next(self._ids):04d}"

    def account(self, aid: str, owner: str = "rep1", name: str | None = None, **kw: Any) -> Account:
        return self._add(Account(id=aid, name=name or f"Account {aid}", owner_id=owner, **kw))  # type: ignore[no-any-return]

    def order(
        self,
        account: str,
        ordered: date,
        amount: float = 1000.0,
        *,
        paid: date | None = None,
        due: date | None = None,
        oid: str | None = None,
    ) -> Order:
        row = Order(
            id=oid or self._id("o"),
            account_id=account,
            product="P",
            amount=amount,
            ordered_at=ordered,
            due_at=due,
            paid_at=paid,
        )
        return self._add(row)  # type: ignore[no-any-return]

    def paid(self, account: str, ordered: date, amount: float = 1000.0, oid: str | None = None) -> Order:
        """An order paid the day it was placed."""
        return self.order(account, ordered, amount, paid=ordered, due=ordered, oid=oid)

    def contact(self, account: str, cid: str | None = None, **kw: Any) -> Contact:
        return self._add(Contact(id=cid or self._id("c"), account_id=account, name=kw.pop("name", "Person"), **kw))  # type: ignore[no-any-return]

    def activity(
        self, account: str, day: date, kind: str = "meeting", attendees: tuple[str, ...] = (), aid: str | None = None
    ) -> Activity:
        row = self._add(Activity(id=aid or self._id("act"), account_id=account, kind=kind, occurred_at=at(day)))
        for contact_id in attendees:
            self._add(ActivityContact(activity_id=row.id, contact_id=contact_id))
        return row  # type: ignore[no-any-return]

    def ticket(
        self, account: str, opened: date, resolved: date | None = None, breached: bool = False, tid: str | None = None
    ) -> Ticket:
        row = Ticket(
            id=tid or self._id("t"),
            account_id=account,
            opened_at=at(opened),
            resolved_at=None if resolved is None else at(resolved),
            sla_breached=breached,
        )
        return self._add(row)  # type: ignore[no-any-return]

    def survey(self, account: str, day: date, nps: int, sid: str | None = None) -> Survey:
        return self._add(Survey(id=sid or self._id("s"), account_id=account, nps=nps, answered_at=at(day)))  # type: ignore[no-any-return]

    def event(self, account: str, kind: str, day: date, severity: str = "medium", eid: str | None = None) -> RiskEvent:
        row = RiskEvent(
            id=eid or self._id("e"),
            account_id=account,
            kind=kind,
            severity=severity,
            occurred_at=at(day),
            source="test",
        )
        return self._add(row)  # type: ignore[no-any-return]

    def opportunity(
        self,
        account: str,
        oid: str | None = None,
        status: str = "open",
        competitor: str | None = None,
        owner: str = "rep1",
    ) -> Opportunity:
        row = Opportunity(
            id=oid or self._id("opp"),
            account_id=account,
            name="Deal",
            amount=1.0,
            owner_id=owner,
            status=status,
            competitor=competitor,
        )
        return self._add(row)  # type: ignore[no-any-return]

    def quote(self, opportunity: str, status: str = "sent", qid: str | None = None) -> Quote:
        return self._add(Quote(id=qid or self._id("q"), opportunity_id=opportunity, amount=1.0, status=status))  # type: ignore[no-any-return]

    def document(self, account: str, day: date, body: str, subject: str = "", did: str | None = None) -> Document:
        row = Document(id=did or self._id("d"), account_id=account, occurred_at=at(day), subject=subject, body=body)
        return self._add(row)  # type: ignore[no-any-return]
