"""Who may see what (domain.md section 14), as SQL that other queries embed.

A rep sees the accounts they own; a manager those of everyone reporting to them, directly or
not (and their own); an admin sees all. Callers apply :func:`visible_account_ids` *inside* their
queries so that filtering never happens after the fact.
"""

from __future__ import annotations

from sqlalchemy import Select, func, literal, select, true
from sqlalchemy.orm import Mapped
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session, col

from assistant.crm.enums import Role
from assistant.crm.models import Account, User


class UnknownUserError(LookupError):
    """The requesting user does not exist."""


def get_user(session: Session, *, email: str) -> User:
    """The user with this e-mail (case-insensitive), or :class:`UnknownUserError`."""
    wanted = email.strip().lower()
    user: User | None = session.execute(select(User).where(func.lower(col(User.email)) == wanted)).scalar_one_or_none()
    if user is None:
        raise UnknownUserError(f"unknown user: {email}")
    return user


def team_user_ids(user: User) -> Select[str]:
    """The ids of ``user`` and everyone who reports to them, directly or not (a recursive CTE)."""
    tree = select(literal(user.id).label("id")).cte("team_tree", recursive=True)
    tree = tree.union(select(col(User.id)).where(col(User.manager_id) == tree.c.id))
    return select(tree.c.id)


def visible_account_ids(user: User) -> Select[str]:
    """A subquery of the account ids ``user`` may see."""
    if user.role == Role.ADMIN:
        return select(col(Account.id))
    if user.role == Role.MANAGER:
        return select(col(Account.id)).where(col(Account.owner_id).in_(team_user_ids(user)))
    return select(col(Account.id)).where(col(Account.owner_id) == user.id)


def account_visible(user: User, account_id_column: ColumnElement[str] | Mapped[str]) -> ColumnElement[bool]:
    """A WHERE clause keeping rows whose account ``user`` may see."""
    if user.role == Role.ADMIN:
        return true()
    return account_id_column.in_(visible_account_ids(user))


def can_see_account(session: Session, *, user: User, account_id: str) -> bool:
    """Whether ``user`` may see the account ``account_id`` (False also when it does not exist)."""
    query = visible_account_ids(user).where(col(Account.id) == account_id)
    return session.execute(query).first() is not None
