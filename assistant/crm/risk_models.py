"""Records of the automatic risk sweep (domain.md 6), and the indexes the scoring queries need.

Every action the sweep takes (a status change, frozen quotes, a task, an alert) is one
``risk_actions`` row holding the state before and after, so a manager can undo it exactly.
``key`` = ``<event key>:<kind>`` is unique: the same event never acts twice, and an undone action
stays undone (its row remains, with ``undone_at`` set).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Column, Index
from sqlmodel import Field, SQLModel

from assistant.crm.models import Activity, Order


class RiskAction(SQLModel, table=True):
    """One automatic action of the risk sweep, reversible by a manager."""

    __tablename__ = "risk_actions"
    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(unique=True, max_length=300)
    event_key: str = Field(index=True, max_length=250)
    account_id: str = Field(foreign_key="accounts.id", index=True, max_length=64)
    kind: str = Field(max_length=32)
    trigger: str = Field(max_length=32)
    severity: str = Field(max_length=8)
    as_of: date
    actor: str = Field(max_length=100)
    before_state: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    after_state: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    created_at: datetime
    undone_at: datetime | None = None
    undone_by: str | None = Field(default=None, max_length=64)


# Covering indexes for the set-based scoring aggregates (tools/facts_orders.py, facts_relations.py):
# grouped by account, they let SQLite read every column from the index instead of one random table
# lookup per row (measured 5-10x faster on 2 million orders).
ix_orders_scoring = Index(
    "ix_orders_scoring",
    Order.__table__.c.account_id,  # type: ignore[attr-defined]
    Order.__table__.c.ordered_at,  # type: ignore[attr-defined]
    Order.__table__.c.paid_at,  # type: ignore[attr-defined]
    Order.__table__.c.due_at,  # type: ignore[attr-defined]
    Order.__table__.c.amount,  # type: ignore[attr-defined]
)
ix_activities_scoring = Index(
    "ix_activities_scoring",
    Activity.__table__.c.account_id,  # type: ignore[attr-defined]
    Activity.__table__.c.occurred_at,  # type: ignore[attr-defined]
    Activity.__table__.c.kind,  # type: ignore[attr-defined]
)
