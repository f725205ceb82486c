"""Which accounts a set-based score computation covers, as a WHERE clause embedded in every query.

The per-account tools use a scope of one account (also restricted to what the user may see); the
portfolio uses every account the user may see; the risk sweep (a system job) uses all accounts.
Because both paths run the very same aggregate queries and scoring functions, they cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import cached_property
from typing import Any

from sqlalchemy import Select, and_, true
from sqlalchemy.sql.elements import ColumnElement

from assistant.crm.access import visible_account_ids
from assistant.crm.enums import Role
from assistant.crm.models import User


@dataclass(frozen=True)
class AccountScope:
    """Accounts visible to ``user`` (all when ``user`` is None), optionally only ``account_id``."""

    user: User | None = None
    account_id: str | None = None

    @cached_property
    def _visible_ids(self) -> Select[str] | None:
        # Built once per scope: a manager's team is a recursive CTE, and one statement may embed the
        # scope several times; SQLAlchemy renders one shared CTE object once, two equal ones clash.
        if self.user is None or self.user.role == Role.ADMIN:
            return None
        return visible_account_ids(self.user)

    def where(self, account_id_column: Any) -> ColumnElement[bool]:
        """A WHERE clause keeping rows of ``account_id_column`` inside the scope (access applied in SQL)."""
        clauses: list[ColumnElement[bool]] = []
        if self.account_id is not None:
            clauses.append(account_id_column == self.account_id)
        if self._visible_ids is not None:
            clauses.append(account_id_column.in_(self._visible_ids))
        if not clauses:
            return true()
        return and_(*clauses)


def day_start(day: date) -> datetime:
    """Midnight UTC at the start of ``day`` (inclusive lower bound for date-time columns)."""
    return datetime.combine(day, time.min, tzinfo=UTC)


def day_end(day: date) -> datetime:
    """Midnight UTC after ``day`` (exclusive upper bound: 'on or before ``day``')."""
    return day_start(day + timedelta(days=1))


def utc_day(value: datetime) -> date:
    """The UTC calendar day of an aware (or naive UTC) date-time."""
    if value.tzinfo is None:
        return value.date()
    return value.astimezone(UTC).date()
