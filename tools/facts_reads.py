"""Independent fact queries side by side, each on its own connection, when that reads the same data.

A portfolio's facts are half a dozen aggregate queries that do not depend on one another. SQLite
runs in-process and releases the GIL while it steps a query; PostgreSQL runs each connection in
its own server process. So on a machine with two or more cores the queries can overlap, which
roughly halves a 100,000-account portfolio.

Another connection must see exactly what the caller's session sees, or the scores would mix two
states of the database:
- it cannot see the session's uncommitted writes, so a session that has written anything reads
  alone, one query after another, as before;
- on PostgreSQL every worker imports the session's snapshot (``pg_export_snapshot``), so all the
  queries read one consistent state even while others commit;
- on SQLite (no snapshot sharing between connections) each query reads its own consistent WAL
  snapshot; a commit landing between two of them is the one window where they could differ.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from typing import TypeVar

from sqlalchemy import Engine, text
from sqlmodel import Session

T = TypeVar("T")


def _snapshot(session: Session) -> str | None:
    """The snapshot other connections may import, or None when they could not see the same data."""
    if session.new or session.dirty or session.deleted:
        return None
    connection = session.connection()
    name = connection.dialect.name
    if name == "sqlite":
        database = connection.engine.url.database
        if not database or database == ":memory:" or database.startswith("file::memory:"):
            return None  # every connection to an in-memory database is a different database
        # Python's sqlite3 opens a transaction only before a write: an open one holds uncommitted changes.
        dbapi = connection.connection.dbapi_connection
        return None if dbapi is None or getattr(dbapi, "in_transaction", True) else ""
    if name == "postgresql":
        # No snapshot when this transaction has written (its writes are invisible to others) or on a
        # standby in recovery (no snapshot export there); asked in one statement, so nothing can fail.
        snapshot = connection.execute(
            text(
                "SELECT CASE WHEN pg_current_xact_id_if_assigned() IS NULL AND NOT pg_is_in_recovery()"
                " THEN pg_export_snapshot() END"
            )
        ).scalar_one()
        return None if snapshot is None else str(snapshot)
    return None


def _usable_cpus() -> int:
    if hasattr(os, "sched_getaffinity"):  # Linux: the cores this process may run on
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


@contextmanager
def _worker_session(engine: Engine, snapshot: str) -> Iterator[Session]:
    with engine.connect() as connection:
        if snapshot:
            # Both must come first in the transaction, before any query reads.
            connection.execute(text("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ"))
            connection.execute(text(f"SET TRANSACTION SNAPSHOT '{snapshot}'"))
        with Session(bind=connection) as session:
            yield session
        connection.rollback()


class FactReads:
    """Runs read-only jobs ``job(session) -> T``: concurrently on worker connections when allowed,
    otherwise at once on the caller's session. Use as a context manager; results are futures."""

    def __init__(self, session: Session, *, concurrent: bool, workers: int | None = None) -> None:
        self._session = session
        self._workers = workers or min(4, _usable_cpus())
        self._snapshot = _snapshot(session) if concurrent and self._workers > 1 else None
        self._pool: ThreadPoolExecutor | None = None

    @property
    def concurrent(self) -> bool:
        """Whether jobs run on worker connections."""
        return self._snapshot is not None

    def __enter__(self) -> FactReads:
        if self._snapshot is not None:
            self._pool = ThreadPoolExecutor(self._workers, thread_name_prefix="tillage-facts")
        return self

    def __exit__(self, *_exc: object) -> None:
        if self._pool is not None:
            # Waits for every job, so the exporting transaction outlives its snapshot's importers.
            self._pool.shutdown(wait=True, cancel_futures=True)

    def submit(self, job: Callable[[Session], T]) -> Future[T]:
        """Start ``job``; submit the slowest first, since workers take jobs in order."""
        if self._pool is None or self._snapshot is None:
            done: Future[T] = Future()
            try:
                done.set_result(job(self._session))
            except Exception as error:  # re-raised by result(), exactly like a worker's error
                done.set_exception(error)
            return done
        engine, snapshot = self._session.get_bind(), self._snapshot
        assert isinstance(engine, Engine)

        def run() -> T:
            with _worker_session(engine, snapshot) as session:
                return job(session)

        return self._pool.submit(run)
