"""Bulk writes of the demo world: clear the CRM tables, then insert rows in batches, parents first."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, MetaData, Table, insert
from sqlmodel import SQLModel

import assistant.crm.models  # noqa: F401  (registers the CRM tables on SQLModel.metadata)

#: Insert order: every table comes after the tables it refers to.
INSERT_ORDER: tuple[str, ...] = (
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
)
#: Every table of the CRM, including those the demo leaves empty.
CRM_TABLES: tuple[str, ...] = (*INSERT_ORDER, "tasks", "audit_entries")


def clear_crm(connection: Connection) -> None:
    """Delete every row of the CRM tables, and of any other table that refers to them, children first."""
    reflected = MetaData()
    reflected.reflect(bind=connection)
    doomed = {name for name in CRM_TABLES if name in reflected.tables}
    grown = True
    while grown:
        grown = False
        for table in reflected.tables.values():
            if table.name not in doomed and any(fk.column.table.name in doomed for fk in table.foreign_keys):
                doomed.add(table.name)
                grown = True
    for table in reversed(reflected.sorted_tables):
        if table.name in doomed:
            connection.execute(table.delete())


class _Insert:
    """An INSERT of all columns, compiled once, fed rows through SQLAlchemy's own bind processors.

    This skips SQLAlchemy's per-row statement bookkeeping (most of the cost of a big executemany)
    while storing exactly what ``connection.execute(insert(table), rows)`` would store.
    """

    def __init__(self, connection: Connection, table: Table) -> None:
        dialect = connection.dialect
        keys = [column.key for column in table.columns]
        compiled = insert(table).compile(dialect=dialect, column_keys=keys)
        self.sql = compiled.string
        self._positional = list(compiled.positiontup) if compiled.positiontup else None
        processors = {c.key: c.type.dialect_impl(dialect).bind_processor(dialect) for c in table.columns}
        self._processors = [(key, processors[key]) for key in (self._positional or keys)]

    def parameters(self, rows: list[dict[str, Any]]) -> list[Any]:
        """Driver-level parameters for ``rows`` (tuples for positional drivers, else dicts)."""
        keys = [key for key, _ in self._processors]
        converting = [(index, proc) for index, (_, proc) in enumerate(self._processors) if proc is not None]
        processed: list[Any] = []
        for row in rows:
            values = [row.get(key) for key in keys]
            for index, proc in converting:
                values[index] = proc(values[index])
            processed.append(tuple(values) if self._positional is not None else dict(zip(keys, values, strict=True)))
        return processed


class BulkWriter:
    """Buffers rows per table and inserts them with executemany, all tables in :data:`INSERT_ORDER`.

    A flush writes every buffer in parent-to-child order, so a row never reaches the database before
    the rows it refers to, while memory stays bounded by ``batch_size``.
    """

    def __init__(self, connection: Connection, batch_size: int = 5000) -> None:
        self._connection = connection
        self._batch_size = batch_size
        self._inserts = {name: _Insert(connection, SQLModel.metadata.tables[name]) for name in INSERT_ORDER}
        self._buffers: dict[str, list[dict[str, Any]]] = {name: [] for name in INSERT_ORDER}
        self._pending = 0
        self.counts: dict[str, int] = dict.fromkeys(INSERT_ORDER, 0)

    def add(self, table: str, rows: list[dict[str, Any]]) -> None:
        """Queue ``rows`` for ``table``; flushes when enough rows are waiting."""
        if not rows:
            return
        self._buffers[table].extend(rows)
        self._pending += len(rows)
        if self._pending >= self._batch_size:
            self.flush()

    def flush(self) -> None:
        """Insert everything queued."""
        for name in INSERT_ORDER:
            rows = self._buffers[name]
            if rows:
                statement = self._inserts[name]
                self._connection.exec_driver_sql(statement.sql, statement.parameters(rows))
                self.counts[name] += len(rows)
                self._buffers[name] = []
        self._pending = 0
