"""The drafts migration: one head, upgrade/downgrade on SQLite and PostgreSQL, source document ON DELETE SET NULL."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from alembic.script import ScriptDirectory
from briefing_world import AS_OF, build
from sqlalchemy import Engine, inspect
from sqlmodel import Session

from assistant.crm import db
from assistant.crm.access import get_user
from assistant.crm.draft_models import Draft
from assistant.crm.models import Account, Document, User
from tools.base import NotFoundError
from tools.drafts import draft_follow_up, get_draft, update_draft

REVISION = "0004"


def _previous() -> str:
    script = ScriptDirectory.from_config(db.alembic_config(db.make_engine("sqlite://")))
    down = script.get_revision(REVISION).down_revision
    assert isinstance(down, str)
    return down


def test_there_is_exactly_one_head() -> None:
    script = ScriptDirectory.from_config(db.alembic_config(db.make_engine("sqlite://")))
    assert len(script.get_heads()) == 1


def test_upgrade_downgrade_upgrade(db_url: str) -> None:
    engine = db.make_engine(db_url)
    try:
        db.upgrade(engine)
        columns = {c["name"] for c in inspect(engine).get_columns("drafts")}
        assert columns == {
            "id",
            "account_id",
            "opportunity_id",
            "author_id",
            "to",
            "subject",
            "body",
            "language",
            "source_document_id",
            "created_at",
            "updated_at",
            "status",
        }
        db.downgrade(engine, _previous())
        assert "drafts" not in inspect(engine).get_table_names()
        assert "accounts" in inspect(engine).get_table_names()
        db.upgrade(engine)
        assert "drafts" in inspect(engine).get_table_names()
    finally:
        engine.dispose()


def test_deleting_the_source_document_keeps_the_draft(db_url: str) -> None:
    engine = db.make_engine(db_url)
    db.upgrade(engine)
    stamp = datetime(2025, 6, 30, 9, tzinfo=UTC)
    try:
        with Session(engine) as session:
            session.add(User(id="u1", email="u1@x.com", name="U", role="rep"))
            session.commit()
            session.add(Account(id="a1", name="A", owner_id="u1"))
            session.commit()
            session.add(Document(id="d1", account_id="a1", body="note"))
            session.commit()
            session.add(
                Draft(
                    id="drf-1",
                    account_id="a1",
                    author_id="u1",
                    to=["x@y.com"],
                    subject="S",
                    body="B",
                    language="en",
                    source_document_id="d1",
                    created_at=stamp,
                    updated_at=stamp,
                )
            )
            session.commit()
            doc = session.get(Document, "d1")
            session.delete(doc)
            session.commit()
        with Session(engine) as session:
            draft = session.get(Draft, "drf-1")
            assert draft is not None
            assert draft.source_document_id is None
            assert draft.to == ["x@y.com"] and draft.created_at == stamp
    finally:
        engine.dispose()


def test_a_draft_round_trips_on_each_backend(engine: Engine) -> None:
    with Session(engine, expire_on_commit=False) as session:
        build(session)
        rep1 = get_user(session, email="rep1@x.com")
        made = draft_follow_up(
            session, user=rep1, account_id="acc-zh", as_of=AS_OF, now=datetime(2025, 6, 30, tzinfo=UTC)
        )
        session.commit()
    with Session(engine, expire_on_commit=False) as session:
        mgr = get_user(session, email="mgr@x.com")
        read = get_draft(session, user=mgr, draft_id=made.id)
        assert (read.to, read.body, read.created_at) == (["li.ming@hdjm.cn"], made.body, made.created_at)
        assert read.created_at.tzinfo is not None
        outsider = get_user(session, email="rep3@x.com")
        with pytest.raises(NotFoundError):
            update_draft(session, user=outsider, draft_id=made.id, subject="x")
