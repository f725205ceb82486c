"""The one core service object: settings, database engine and sessions, shared by every area."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import cached_property

from sqlalchemy import Engine
from sqlmodel import Session

from assistant.crm import db
from assistant.crm.access import get_user
from assistant.crm.models import User
from assistant.settings import Settings, get_settings


class ServiceCore:
    """State every service area needs. Adapters build one :class:`assistant.service.Tillage`."""

    def __init__(self, settings: Settings | None = None, *, migrate: bool = True) -> None:
        self.settings = settings or get_settings()
        self._migrate = migrate
        self._migrated = False

    @cached_property
    def engine(self) -> Engine:
        """The database engine, migrated to the newest schema on first use."""
        engine = db.make_engine(self.settings.resolved_database_url)
        if self._migrate:
            db.upgrade(engine)
            self._migrated = True
        return engine

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A unit of work: commits on success, rolls back on error."""
        with db.session_scope(self.engine) as session:
            yield session

    def migrate(self) -> None:
        """Apply all database migrations (``tillage db upgrade``)."""
        if not self._migrated:
            db.upgrade(self.engine)
            self._migrated = True

    def schema_revision(self) -> str | None:
        """The Alembic revision the database is at."""
        return db.current_revision(self.engine)

    def user(self, email: str) -> User:
        """The authenticated user with this e-mail (raises ``UnknownUserError``)."""
        with self.session() as session:
            return get_user(session, email=email)

    def close(self) -> None:
        """Release database connections."""
        if "engine" in self.__dict__:
            self.engine.dispose()
