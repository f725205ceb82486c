"""Access scoping for tool queries: the account-visibility WHERE clause for any account-id column.

A thin typed wrapper over :func:`assistant.crm.access.account_visible` that accepts SQLModel
attributes (typed as plain values by SQLModel) as well as SQLAlchemy columns.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.sql.elements import ColumnElement

from assistant.crm.access import account_visible
from assistant.crm.models import User


def visible(user: User, account_id_column: Any) -> ColumnElement[bool]:
    """A WHERE clause keeping rows whose account ``user`` may see (applied inside the query)."""
    return account_visible(user, account_id_column)
