"""Administrative service area: migrations, demo world, import, users and visible accounts."""

from __future__ import annotations

from sqlalchemy import select
from sqlmodel import col

from assistant.crm.access import get_user, visible_account_ids
from assistant.crm.models import Account, User
from assistant.service.core import ServiceCore


class AdminService(ServiceCore):
    """Set-up and listing operations behind ``tillage db|demo|import|users|accounts``."""

    def list_users(self) -> list[User]:
        """Every user, ordered by e-mail."""
        with self.session() as session:
            return list(session.execute(select(User).order_by(User.email)).scalars())

    def list_accounts(self, *, user_email: str) -> list[Account]:
        """The accounts the user may see (domain.md section 14), ordered by name then id."""
        with self.session() as session:
            user = get_user(session, email=user_email)
            query = select(Account).where(col(Account.id).in_(visible_account_ids(user)))
            return list(session.execute(query.order_by(Account.name, Account.id)).scalars())
