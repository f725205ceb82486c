"""What each import file may contain (docs import-format.md): columns, types, rules and references.

The specs are data, so validation, upsert and documentation all read the same table. Files are listed
in foreign-key order: a file only refers to files listed before it (or to itself).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sqlalchemy import Table
from sqlmodel import SQLModel

from assistant.crm import enums
from assistant.crm.models import (
    Account,
    Activity,
    Contact,
    Lead,
    LeadEvent,
    Opportunity,
    Order,
    Quote,
    RiskEvent,
    Survey,
    Ticket,
    User,
)


class Kind(StrEnum):
    """How a cell is read."""

    TEXT = "text"
    EMAIL = "email"
    INT = "int"
    DECIMAL = "decimal"
    DATE = "date"
    DATETIME = "datetime"
    BOOL = "bool"
    ENUM = "enum"
    LIST = "list"
    CURRENCY = "currency"


@dataclass(frozen=True, slots=True)
class ColumnSpec:
    """One column of an import file.

    ``ref`` names the file whose ``id`` this column refers to (for lists: every item does);
    ``stored`` is False for columns that are not a column of the table (``activities.contact_ids``).
    """

    name: str
    kind: Kind = Kind.TEXT
    required: bool = False
    choices: tuple[str, ...] = ()
    minimum: int | None = None
    maximum: int | None = None
    default: Any = None
    ref: str | None = None
    stored: bool = True


@dataclass(frozen=True, slots=True)
class FileSpec:
    """One import file: its table, its columns and (if any) the column pointing at its own parent row."""

    name: str
    model: type[SQLModel]
    columns: tuple[ColumnSpec, ...]
    parent_column: str | None = None

    @property
    def filename(self) -> str:
        """The file name in the import directory."""
        return f"{self.name}.csv"

    @property
    def table(self) -> Table:
        """The SQLAlchemy table rows go to."""
        table = self.model.__table__  # type: ignore[attr-defined]
        assert isinstance(table, Table)
        return table

    def column(self, name: str) -> ColumnSpec | None:
        """The spec of column ``name``, or None when the file has no such column."""
        return next((c for c in self.columns if c.name == name), None)

    def max_length(self, name: str) -> int | None:
        """The longest string the table column accepts (None: unlimited or not a string)."""
        if name not in self.table.c:
            return None
        # sqlmodel's AutoString is a TypeDecorator: it forwards ``length`` but is no String subclass.
        length = getattr(self.table.c[name].type, "length", None)
        return length if isinstance(length, int) else None


def _values(enum: type[StrEnum]) -> tuple[str, ...]:
    return tuple(member.value for member in enum)


def _id() -> ColumnSpec:
    return ColumnSpec("id", required=True)


def _enum(name: str, enum: type[StrEnum], *, required: bool = False, default: str | None = None) -> ColumnSpec:
    return ColumnSpec(name, Kind.ENUM, required=required, choices=_values(enum), default=default)


def _account_ref() -> ColumnSpec:
    return ColumnSpec("account_id", required=True, ref="accounts")


def _factor(name: str) -> ColumnSpec:
    return ColumnSpec(f"f_{name}", Kind.INT, minimum=-2, maximum=2)


USERS = FileSpec(
    "users",
    User,
    (
        _id(),
        ColumnSpec("email", Kind.EMAIL, required=True),
        ColumnSpec("name", required=True),
        _enum("role", enums.Role, required=True),
        ColumnSpec("manager_id", ref="users"),
        ColumnSpec("team"),
        ColumnSpec("slack_user_id"),
    ),
    parent_column="manager_id",
)

ACCOUNTS = FileSpec(
    "accounts",
    Account,
    (
        _id(),
        ColumnSpec("name", required=True),
        ColumnSpec("aliases", Kind.LIST, default=()),
        ColumnSpec("registry_id"),
        ColumnSpec("industry"),
        ColumnSpec("region"),
        ColumnSpec("employees", Kind.INT, minimum=0),
        ColumnSpec("registered_capital", Kind.DECIMAL, minimum=0),
        ColumnSpec("founded", Kind.DATE),
        ColumnSpec("parent_id", ref="accounts"),
        ColumnSpec("owner_id", required=True, ref="users"),
        _enum("status", enums.AccountStatus, default=enums.AccountStatus.ACTIVE.value),
        ColumnSpec("legal_rep"),
    ),
    parent_column="parent_id",
)

CONTACTS = FileSpec(
    "contacts",
    Contact,
    (
        _id(),
        _account_ref(),
        ColumnSpec("name", required=True),
        ColumnSpec("title"),
        ColumnSpec("department"),
        _enum("role", enums.DecisionRole),
        ColumnSpec("influence", Kind.INT, minimum=1, maximum=5),
        _enum("stance", enums.Stance),
        ColumnSpec("strength", Kind.INT, minimum=1, maximum=5),
        _enum("layer", enums.Layer),
        ColumnSpec("email", Kind.EMAIL),
        ColumnSpec("phone"),
        ColumnSpec("last_contacted", Kind.DATE),
    ),
)

OPPORTUNITIES = FileSpec(
    "opportunities",
    Opportunity,
    (
        _id(),
        _account_ref(),
        ColumnSpec("name", required=True),
        ColumnSpec("stage"),
        ColumnSpec("amount", Kind.DECIMAL, required=True),
        ColumnSpec("currency", Kind.CURRENCY, default="CNY"),
        ColumnSpec("expected_close", Kind.DATE),
        # Empty means "the account's owner"; the validator fills it in.
        ColumnSpec("owner_id", ref="users"),
        _enum("status", enums.OpportunityStatus, required=True),
        ColumnSpec("products", Kind.LIST, default=()),
        ColumnSpec("competitor"),
        ColumnSpec("value_proposition"),
        ColumnSpec("customer_pain"),
        ColumnSpec("value_confirmed", Kind.BOOL, default=False),
        *(_factor(name) for name in enums.COMPETITIVE_FACTORS),
    ),
)

ORDERS = FileSpec(
    "orders",
    Order,
    (
        _id(),
        _account_ref(),
        ColumnSpec("opportunity_id", ref="opportunities"),
        ColumnSpec("product", required=True),
        ColumnSpec("amount", Kind.DECIMAL, required=True),
        ColumnSpec("ordered_at", Kind.DATE, required=True),
        ColumnSpec("due_at", Kind.DATE),
        ColumnSpec("paid_at", Kind.DATE),
    ),
)

QUOTES = FileSpec(
    "quotes",
    Quote,
    (
        _id(),
        ColumnSpec("opportunity_id", required=True, ref="opportunities"),
        ColumnSpec("amount", Kind.DECIMAL, required=True),
        _enum("status", enums.QuoteStatus, required=True),
    ),
)

ACTIVITIES = FileSpec(
    "activities",
    Activity,
    (
        _id(),
        _account_ref(),
        ColumnSpec("contact_ids", Kind.LIST, default=(), ref="contacts", stored=False),
        ColumnSpec("opportunity_id", ref="opportunities"),
        _enum("kind", enums.ActivityKind, required=True),
        ColumnSpec("occurred_at", Kind.DATETIME, required=True),
        ColumnSpec("summary"),
    ),
)

TICKETS = FileSpec(
    "tickets",
    Ticket,
    (
        _id(),
        _account_ref(),
        ColumnSpec("opened_at", Kind.DATETIME, required=True),
        ColumnSpec("resolved_at", Kind.DATETIME),
        ColumnSpec("severity"),
        ColumnSpec("sla_breached", Kind.BOOL, default=False),
    ),
)

SURVEYS = FileSpec(
    "surveys",
    Survey,
    (
        _id(),
        _account_ref(),
        ColumnSpec("nps", Kind.INT, required=True, minimum=0, maximum=10),
        ColumnSpec("answered_at", Kind.DATETIME, required=True),
    ),
)

RISK_EVENTS = FileSpec(
    "risk_events",
    RiskEvent,
    (
        _id(),
        _account_ref(),
        _enum("kind", enums.RiskKind, required=True),
        _enum("severity", enums.Severity, default=enums.Severity.MEDIUM.value),
        ColumnSpec("occurred_at", Kind.DATETIME, required=True),
        ColumnSpec("source"),
        ColumnSpec("details"),
    ),
)

LEADS = FileSpec(
    "leads",
    Lead,
    (
        _id(),
        ColumnSpec("company", required=True),
        ColumnSpec("contact_name"),
        ColumnSpec("title"),
        ColumnSpec("industry"),
        ColumnSpec("employees", Kind.INT, minimum=0),
        ColumnSpec("region"),
        ColumnSpec("created_at", Kind.DATETIME),
        _enum("outcome", enums.LeadOutcome),
        ColumnSpec("owner_id", ref="users"),
    ),
)

LEAD_EVENTS = FileSpec(
    "lead_events",
    LeadEvent,
    (
        _id(),
        ColumnSpec("lead_id", required=True, ref="leads"),
        _enum("kind", enums.LeadEventKind, required=True),
        ColumnSpec("occurred_at", Kind.DATETIME, required=True),
    ),
)

#: Every import file, in foreign-key order (the order rows are written and problems reported).
FILES: tuple[FileSpec, ...] = (
    USERS,
    ACCOUNTS,
    CONTACTS,
    OPPORTUNITIES,
    ORDERS,
    QUOTES,
    ACTIVITIES,
    TICKETS,
    SURVEYS,
    RISK_EVENTS,
    LEADS,
    LEAD_EVENTS,
)

BY_NAME: dict[str, FileSpec] = {spec.name: spec for spec in FILES}

#: Files that must be present in every import.
REQUIRED_FILES: tuple[str, ...] = ("users", "accounts")
