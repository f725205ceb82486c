"""CRM records (domain.md section 1) as SQLModel tables.

Primary keys are the source system's ids (strings), so every answer can cite the id a person
knows from their CRM. Date-times are stored as naive UTC. Enumerated columns hold the plain
values of :mod:`assistant.crm.enums`.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Column, Index, Numeric, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

MONEY = Numeric(16, 2, asdecimal=False)


class User(SQLModel, table=True):
    """A member of the sales organisation."""

    __tablename__ = "users"
    id: str = Field(primary_key=True, max_length=64)
    email: str = Field(unique=True, index=True, max_length=254)
    name: str = Field(max_length=200)
    role: str = Field(max_length=16)
    manager_id: str | None = Field(default=None, foreign_key="users.id", index=True, max_length=64)
    team: str | None = Field(default=None, max_length=100)
    slack_user_id: str | None = Field(default=None, unique=True, max_length=32)


class Account(SQLModel, table=True):
    """A customer organisation; ``parent_id`` builds the customer tree."""

    __tablename__ = "accounts"
    id: str = Field(primary_key=True, max_length=64)
    name: str = Field(index=True, max_length=300)
    aliases: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    registry_id: str | None = Field(default=None, index=True, max_length=64)
    industry: str | None = Field(default=None, max_length=100)
    region: str | None = Field(default=None, max_length=100)
    employees: int | None = None
    registered_capital: float | None = Field(default=None, sa_type=MONEY)
    founded: date | None = None
    parent_id: str | None = Field(default=None, foreign_key="accounts.id", index=True, max_length=64)
    owner_id: str = Field(foreign_key="users.id", index=True, max_length=64)
    tier: str | None = Field(default=None, max_length=1)
    status: str = Field(default="active", index=True, max_length=16)
    legal_rep: str | None = Field(default=None, max_length=100)


class Contact(SQLModel, table=True):
    """A person at an account, with their place in the power map."""

    __tablename__ = "contacts"
    id: str = Field(primary_key=True, max_length=64)
    account_id: str = Field(foreign_key="accounts.id", index=True, max_length=64)
    name: str = Field(max_length=200)
    title: str | None = Field(default=None, max_length=200)
    department: str | None = Field(default=None, max_length=100)
    role: str | None = Field(default=None, max_length=16)
    influence: int | None = None
    stance: str | None = Field(default=None, max_length=16)
    strength: int | None = None
    layer: str | None = Field(default=None, max_length=16)
    email: str | None = Field(default=None, index=True, max_length=254)
    phone: str | None = Field(default=None, max_length=64)
    last_contacted: date | None = None


class Opportunity(SQLModel, table=True):
    """A deal, with its C139 inputs: value proposition and the nine competitive factor ratings."""

    __tablename__ = "opportunities"
    __table_args__ = (Index("ix_opportunities_account_status", "account_id", "status"),)
    id: str = Field(primary_key=True, max_length=64)
    account_id: str = Field(foreign_key="accounts.id", max_length=64)
    name: str = Field(max_length=300)
    stage: str | None = Field(default=None, max_length=64)
    amount: float = Field(sa_type=MONEY)
    currency: str = Field(default="CNY", max_length=3)
    expected_close: date | None = None
    owner_id: str = Field(foreign_key="users.id", index=True, max_length=64)
    status: str = Field(max_length=8)
    products: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    competitor: str | None = Field(default=None, max_length=200)
    value_proposition: str | None = Field(default=None, sa_type=Text)
    customer_pain: str | None = Field(default=None, sa_type=Text)
    value_confirmed: bool = False
    f_price: int | None = None
    f_product_fit: int | None = None
    f_service: int | None = None
    f_delivery: int | None = None
    f_technical: int | None = None
    f_brand: int | None = None
    f_relationship: int | None = None
    f_commercial: int | None = None
    f_responsiveness: int | None = None


class Order(SQLModel, table=True):
    """A purchase; ``paid_at`` is null while unpaid."""

    __tablename__ = "orders"
    __table_args__ = (
        Index("ix_orders_account_ordered", "account_id", "ordered_at"),
        Index("ix_orders_account_paid", "account_id", "paid_at"),
    )
    id: str = Field(primary_key=True, max_length=64)
    account_id: str = Field(foreign_key="accounts.id", max_length=64)
    opportunity_id: str | None = Field(default=None, foreign_key="opportunities.id", index=True, max_length=64)
    product: str = Field(max_length=200)
    amount: float = Field(sa_type=MONEY)
    ordered_at: date
    due_at: date | None = None
    paid_at: date | None = None


class Quote(SQLModel, table=True):
    """A price offer on an opportunity."""

    __tablename__ = "quotes"
    id: str = Field(primary_key=True, max_length=64)
    opportunity_id: str = Field(foreign_key="opportunities.id", index=True, max_length=64)
    amount: float = Field(sa_type=MONEY)
    status: str = Field(max_length=16)


class Activity(SQLModel, table=True):
    """A logged interaction; attendees are in :class:`ActivityContact`."""

    __tablename__ = "activities"
    __table_args__ = (Index("ix_activities_account_occurred", "account_id", "occurred_at"),)
    id: str = Field(primary_key=True, max_length=64)
    account_id: str = Field(foreign_key="accounts.id", max_length=64)
    opportunity_id: str | None = Field(default=None, foreign_key="opportunities.id", index=True, max_length=64)
    kind: str = Field(max_length=16)
    occurred_at: datetime
    summary: str | None = Field(default=None, sa_type=Text)


class ActivityContact(SQLModel, table=True):
    """Which contacts attended an activity."""

    __tablename__ = "activity_contacts"
    activity_id: str = Field(foreign_key="activities.id", primary_key=True, max_length=64)
    contact_id: str = Field(foreign_key="contacts.id", primary_key=True, index=True, max_length=64)


class Ticket(SQLModel, table=True):
    """A support ticket."""

    __tablename__ = "tickets"
    __table_args__ = (Index("ix_tickets_account_opened", "account_id", "opened_at"),)
    id: str = Field(primary_key=True, max_length=64)
    account_id: str = Field(foreign_key="accounts.id", max_length=64)
    opened_at: datetime
    resolved_at: datetime | None = None
    severity: str | None = Field(default=None, max_length=16)
    sla_breached: bool = False


class Survey(SQLModel, table=True):
    """An NPS answer (0-10)."""

    __tablename__ = "surveys"
    __table_args__ = (Index("ix_surveys_account_answered", "account_id", "answered_at"),)
    id: str = Field(primary_key=True, max_length=64)
    account_id: str = Field(foreign_key="accounts.id", max_length=64)
    nps: int
    answered_at: datetime


class RiskEvent(SQLModel, table=True):
    """An external risk event from a data feed or entered by hand."""

    __tablename__ = "risk_events"
    __table_args__ = (Index("ix_risk_events_account_occurred", "account_id", "occurred_at"),)
    id: str = Field(primary_key=True, max_length=64)
    account_id: str = Field(foreign_key="accounts.id", max_length=64)
    kind: str = Field(index=True, max_length=32)
    severity: str = Field(default="medium", max_length=8)
    occurred_at: datetime
    source: str | None = Field(default=None, max_length=200)
    details: str | None = Field(default=None, sa_type=Text)


class Lead(SQLModel, table=True):
    """A marketing lead; ``outcome`` is null while open."""

    __tablename__ = "leads"
    id: str = Field(primary_key=True, max_length=64)
    company: str = Field(max_length=300)
    contact_name: str | None = Field(default=None, max_length=200)
    title: str | None = Field(default=None, max_length=200)
    industry: str | None = Field(default=None, max_length=100)
    employees: int | None = None
    region: str | None = Field(default=None, max_length=100)
    created_at: datetime | None = None
    outcome: str | None = Field(default=None, index=True, max_length=16)
    owner_id: str | None = Field(default=None, foreign_key="users.id", index=True, max_length=64)


class LeadEvent(SQLModel, table=True):
    """A marketing touch of a lead."""

    __tablename__ = "lead_events"
    __table_args__ = (Index("ix_lead_events_lead_occurred", "lead_id", "occurred_at"),)
    id: str = Field(primary_key=True, max_length=64)
    lead_id: str = Field(foreign_key="leads.id", max_length=64)
    kind: str = Field(max_length=32)
    occurred_at: datetime


class Document(SQLModel, table=True):
    """A meeting note or e-mail. ``body`` is the text; ``original`` keeps the raw source."""

    __tablename__ = "documents"
    __table_args__ = (Index("ix_documents_account_occurred", "account_id", "occurred_at"),)
    id: str = Field(primary_key=True, max_length=200)
    account_id: str | None = Field(default=None, foreign_key="accounts.id", max_length=64)
    opportunity_id: str | None = Field(default=None, foreign_key="opportunities.id", index=True, max_length=64)
    kind: str = Field(default="meeting_note", max_length=16)
    author: str | None = Field(default=None, max_length=254)
    participants: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    occurred_at: datetime | None = None
    subject: str | None = Field(default=None, max_length=500)
    body: str = Field(sa_type=Text)
    language: str | None = Field(default=None, max_length=8)
    original: str | None = Field(default=None, sa_type=Text)
    content_hash: str | None = Field(default=None, max_length=64)


class Task(SQLModel, table=True):
    """A to-do for a person or a team; ``rule_key`` makes rule-created tasks idempotent."""

    __tablename__ = "tasks"
    __table_args__ = (UniqueConstraint("rule_key", name="uq_tasks_rule_key"),)
    id: str = Field(primary_key=True, max_length=64)
    account_id: str | None = Field(default=None, foreign_key="accounts.id", index=True, max_length=64)
    assignee_id: str | None = Field(default=None, foreign_key="users.id", index=True, max_length=64)
    team: str | None = Field(default=None, max_length=16)
    title: str = Field(max_length=500)
    due: date | None = None
    created_by: str = Field(max_length=100)
    status: str = Field(default="open", max_length=16)
    rule_key: str | None = Field(default=None, max_length=200)
    created_at: datetime | None = None


class AuditEntry(SQLModel, table=True):
    """Who asked what, which tools ran with which arguments, and what was written."""

    __tablename__ = "audit_entries"
    __table_args__ = (Index("ix_audit_entries_at", "at"),)
    id: int | None = Field(default=None, primary_key=True)
    at: datetime
    user_id: str | None = Field(default=None, max_length=64)
    action: str = Field(max_length=64)
    request: str | None = Field(default=None, sa_type=Text)
    tool_calls: list[dict[str, object]] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    writes: list[dict[str, object]] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
