"""Administrative service area: migrations, demo world, import, users and visible accounts."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select
from sqlmodel import col

from assistant.crm.access import get_user, visible_account_ids
from assistant.crm.demo import WorldSummary, build_world, export_world
from assistant.crm.documents.loader import documents_loader
from assistant.crm.importer import ImportReport, import_directory
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

    def build_demo(self, *, seed: int = 7, accounts: int = 120) -> WorldSummary:
        """Replace the database content with the deterministic demo world."""
        self.migrate()
        return build_world(self.engine, seed=seed, accounts=accounts)

    def export_data(self, directory: Path) -> None:
        """Write the database content in the import format (``tillage demo --export``)."""
        export_world(self.engine, directory)

    def import_directory(self, directory: Path) -> ImportReport:
        """Import a folder in the import format: validated together, committed all or nothing."""
        self.migrate()
        return import_directory(self.engine, directory, documents=documents_loader)
