"""The CRM schema on SQLite and PostgreSQL: migrations, constraints, indexes, and models in sync."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, inspect
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, SQLModel

from assistant.crm import db
from assistant.crm.models import Account, Contact, Order, User

EXPECTED_TABLES = {
    "users",
    "accounts",
    "contacts",
    "opportunities",
    "orders",
    "quotes",
    "activities",
    "activity_contacts",
    "tickets",
    "surveys",
    "risk_events",
    "leads",
    "lead_events",
    "documents",
    "tasks",
    "audit_entries",
}


def test_migrations_create_every_record_of_the_domain(engine: Engine) -> None:
    assert set(inspect(engine).get_table_names()) >= EXPECTED_TABLES
    assert db.current_revision(engine) is not None


def test_migrations_match_the_models(engine: Engine) -> None:
    with engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), SQLModel.metadata)
    assert diff == []


def test_upgrade_is_idempotent_and_downgrade_removes_everything(engine: Engine) -> None:
    db.upgrade(engine)
    db.downgrade(engine, "base")
    assert not EXPECTED_TABLES & set(inspect(engine).get_table_names())
    db.upgrade(engine)
    assert set(inspect(engine).get_table_names()) >= EXPECTED_TABLES


@pytest.mark.parametrize(
    ("table", "columns"),
    [
        ("orders", ["account_id", "ordered_at"]),
        ("orders", ["account_id", "paid_at"]),
        ("accounts", ["owner_id"]),
        ("accounts", ["parent_id"]),
        ("contacts", ["account_id"]),
        ("contacts", ["email"]),
        ("opportunities", ["account_id", "status"]),
        ("activities", ["account_id", "occurred_at"]),
        ("documents", ["account_id", "occurred_at"]),
        ("users", ["manager_id"]),
        ("lead_events", ["lead_id", "occurred_at"]),
    ],
)
def test_indexes_for_tool_queries(engine: Engine, table: str, columns: list[str]) -> None:
    indexed = [ix["column_names"] for ix in inspect(engine).get_indexes(table)]
    assert columns in indexed


def _seed(session: Session) -> None:
    session.add(User(id="u1", email="rep@example.com", name="Rep", role="rep"))
    session.flush()
    session.add(Account(id="a1", name="华东精密制造有限公司", aliases=["East China Precision"], owner_id="u1"))
    session.flush()


def test_foreign_keys_are_enforced(engine: Engine) -> None:
    with Session(engine) as session:
        _seed(session)
        session.add(Contact(id="c1", account_id="missing", name="Nobody"))
        with pytest.raises(IntegrityError):
            session.flush()
        session.rollback()


def test_round_trip_of_types(engine: Engine) -> None:
    with Session(engine) as session:
        _seed(session)
        session.add(Order(id="o1", account_id="a1", product="MES", amount=1234.5, ordered_at=date(2026, 1, 2)))
        session.commit()
    with Session(engine) as session:
        account = session.get(Account, "a1")
        order = session.get(Order, "o1")
        assert account is not None and order is not None
        assert account.aliases == ["East China Precision"]
        assert account.name == "华东精密制造有限公司"
        assert order.amount == pytest.approx(1234.5)
        assert order.ordered_at == date(2026, 1, 2)


def test_datetimes_are_stored_as_utc(engine: Engine) -> None:
    from datetime import timedelta, timezone

    from assistant.crm.models import Survey

    shanghai = timezone(timedelta(hours=8))
    with Session(engine) as session:
        _seed(session)
        session.add(Survey(id="s1", account_id="a1", nps=9, answered_at=datetime(2026, 3, 1, 9, 0, tzinfo=shanghai)))
        session.commit()
    with Session(engine) as session:
        survey = session.get(Survey, "s1")
        assert survey is not None
        assert survey.answered_at == datetime(2026, 3, 1, 1, 0, tzinfo=UTC)
