"""Insert helpers for the part-B scoring tests: small hand-built worlds in a real SQLite file."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import Session, select

from assistant.crm import db
from assistant.crm.models import (
    Account,
    Activity,
    ActivityContact,
    Contact,
    Lead,
    LeadEvent,
    Opportunity,
    Order,
    RiskEvent,
    User,
)

AS_OF = date(2025, 6, 30)


def migrated_template(factory: pytest.TempPathFactory) -> Path:
    """A migrated, empty SQLite file to copy per test (one Alembic run instead of one per test)."""
    path = factory.mktemp("scoring_b_template") / "crm.sqlite3"
    engine = db.make_engine(f"sqlite:///{path}")
    db.upgrade(engine)
    engine.dispose()  # the last connection checkpoints the WAL into the main file
    return path


def session_from(template: Path, tmp_path: Path) -> Iterator[Session]:
    """A session on a private copy of ``template`` under ``tmp_path``."""
    path = tmp_path / "crm.sqlite3"
    shutil.copyfile(template, path)
    engine = db.make_engine(f"sqlite:///{path}")
    with Session(engine, expire_on_commit=False) as session:
        yield session
    engine.dispose()


def ago(days: int, as_of: date = AS_OF) -> date:
    """The date ``days`` before ``as_of``."""
    return as_of - timedelta(days=days)


def at(day: date) -> datetime:
    """Noon UTC on ``day``."""
    return datetime.combine(day, time(12), tzinfo=UTC)


def add(session: Session, *rows: Any) -> None:
    """Add rows and commit."""
    for row in rows:
        session.add(row)
    session.commit()


def users(session: Session) -> dict[str, User]:
    """An admin, a manager with two reps (rep1, rep2) and an outsider rep (rep3, no manager)."""
    made = {
        "admin": User(id="u-admin", email="admin@x.com", name="Admin", role="admin"),
        "mgr": User(id="u-mgr", email="mgr@x.com", name="Manager", role="manager"),
        "rep1": User(id="u-rep1", email="rep1@x.com", name="Rep One", role="rep", manager_id="u-mgr"),
        "rep2": User(id="u-rep2", email="rep2@x.com", name="Rep Two", role="rep", manager_id="u-mgr"),
        "rep3": User(id="u-rep3", email="rep3@x.com", name="Rep Three", role="rep"),
    }
    add(session, made["admin"], made["mgr"])
    add(session, made["rep1"], made["rep2"], made["rep3"])
    return made


def account(session: Session, id: str, owner: str = "u-rep1", **kw: Any) -> Account:
    """Insert an account."""
    row = Account(id=id, name=kw.pop("name", f"Account {id}"), owner_id=owner, **kw)
    add(session, row)
    return row


def contact(session: Session, id: str, account_id: str, **kw: Any) -> Contact:
    """Insert a contact."""
    row = Contact(id=id, account_id=account_id, name=kw.pop("name", f"Contact {id}"), **kw)
    add(session, row)
    return row


def opportunity(session: Session, id: str, account_id: str, owner: str = "u-rep1", **kw: Any) -> Opportunity:
    """Insert an opportunity (open, 100k unless told)."""
    kw.setdefault("status", "open")
    kw.setdefault("amount", 100_000.0)
    row = Opportunity(id=id, account_id=account_id, owner_id=owner, name=kw.pop("name", f"Deal {id}"), **kw)
    add(session, row)
    return row


def order(session: Session, id: str, account_id: str, product: str, amount: float, day: date, **kw: Any) -> Order:
    """Insert an order."""
    row = Order(id=id, account_id=account_id, product=product, amount=amount, ordered_at=day, **kw)
    add(session, row)
    return row


def activity(session: Session, id: str, account_id: str, day: date, contacts: list[str], kind: str = "meeting") -> None:
    """Insert an activity attended by ``contacts``."""
    add(session, Activity(id=id, account_id=account_id, kind=kind, occurred_at=at(day)))
    add(session, *[ActivityContact(activity_id=id, contact_id=c) for c in contacts])


def risk(session: Session, id: str, account_id: str, kind: str, day: date, severity: str = "medium") -> None:
    """Insert a risk event."""
    add(session, RiskEvent(id=id, account_id=account_id, kind=kind, severity=severity, occurred_at=at(day)))


def lead(session: Session, id: str, **kw: Any) -> Lead:
    """Insert a lead."""
    row = Lead(id=id, company=kw.pop("company", f"Lead Co {id}"), **kw)
    add(session, row)
    return row


def lead_event(session: Session, id: str, lead_id: str, kind: str, day: date) -> None:
    """Insert a lead event."""
    add(session, LeadEvent(id=id, lead_id=lead_id, kind=kind, occurred_at=at(day)))


def user_map(session: Session) -> dict[str, User]:
    """The users of :func:`users` by short name (admin, mgr, rep1, ...)."""
    return {u.id.removeprefix("u-"): u for u in session.exec(select(User)).all()}
