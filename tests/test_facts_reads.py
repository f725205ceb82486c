"""Fact queries on worker connections: only when they read what the session reads, on both backends."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from scoring_world import AS_OF, World
from sqlalchemy import Engine, func, select
from sqlmodel import Session

from assistant.crm import db
from assistant.crm.models import Account
from tools.base import ToolError
from tools.facts_reads import FactReads
from tools.portfolio import query_portfolio


def _count_accounts(session: Session) -> int:
    return int(session.execute(select(func.count()).select_from(Account)).scalar_one())


def test_workers_only_when_the_session_has_written_nothing(engine: Engine) -> None:
    with Session(engine) as session:
        World(session).account("A1")
        # Flushed but not committed: another connection could not see A1.
        assert not FactReads(session, concurrent=True, workers=2).concurrent
        session.commit()
        assert FactReads(session, concurrent=True, workers=2).concurrent
        assert not FactReads(session, concurrent=False, workers=2).concurrent
        assert not FactReads(session, concurrent=True, workers=1).concurrent
        session.add(Account(id="A2", name="Beta", owner_id="rep1"))
        # Pending in the session (not even flushed) also keeps the reads on the session.
        assert not FactReads(session, concurrent=True, workers=2).concurrent


def test_an_in_memory_sqlite_database_is_never_shared(tmp_path: Path) -> None:
    engine = db.make_engine("sqlite://")
    with Session(engine) as session:
        assert not FactReads(session, concurrent=True, workers=2).concurrent
    engine.dispose()


def test_jobs_return_results_and_raise_errors_like_a_direct_call(engine: Engine) -> None:
    with Session(engine) as session:
        World(session).account("A1")
        session.commit()

        def fail(_: Session) -> int:
            raise ToolError("limit: too big")

        with FactReads(session, concurrent=True, workers=2) as reads:
            assert reads.concurrent
            counted, failed = reads.submit(_count_accounts), reads.submit(fail)
            assert counted.result() == 1
            with pytest.raises(ToolError, match="limit: too big"):
                failed.result()


@pytest.mark.postgres
def test_postgres_workers_read_the_sessions_snapshot(pg_url: str) -> None:
    engine = db.make_engine(pg_url)
    db.upgrade(engine)
    try:
        with Session(engine) as session:
            World(session).account("A1")
            session.commit()
            with FactReads(session, concurrent=True, workers=2) as reads:
                # Committed by someone else after the snapshot was taken: the workers must not see it.
                with Session(engine) as other:
                    other.add(Account(id="A9", name="Late", owner_id="rep1"))
                    other.commit()
                assert reads.submit(_count_accounts).result() == 1
            assert _count_accounts(session) == 2  # read committed: the session itself moves on
    finally:
        engine.dispose()


def test_a_portfolio_sees_the_sessions_own_uncommitted_writes(engine: Engine) -> None:
    with Session(engine) as session:
        w = World(session)
        w.account("A1")
        w.paid("A1", AS_OF - timedelta(days=10), 100.0)
        session.commit()
        admin = w.users["adm"]
        before = query_portfolio(session, user=admin, as_of=AS_OF).rows[0]
        w.paid("A1", AS_OF - timedelta(days=5), 250.0)  # flushed, not committed
        after = query_portfolio(session, user=admin, as_of=AS_OF).rows[0]
        assert (before.m_amount, after.m_amount) == (100.0, 350.0)
        assert after.r_days == 5
