"""Alembic environment: runs against the engine the caller put in ``config.attributes``."""

from __future__ import annotations

from alembic import context
from sqlmodel import SQLModel

import assistant.crm.auth_models  # API keys and Slack event receipts
import assistant.crm.draft_models
import assistant.crm.models
import assistant.crm.risk_models  # noqa: F401  (risk sweep actions, scoring indexes)

config = context.config
target_metadata = SQLModel.metadata


def run_migrations_online() -> None:
    """Run migrations on the engine given by :func:`assistant.crm.db.upgrade`."""
    engine = config.attributes["engine"]
    with engine.begin() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=connection.dialect.name == "sqlite",
            compare_type=True,
        )
        context.run_migrations()


run_migrations_online()
