"""Reading existing rows by id in bounded batches (SQLite and PostgreSQL cap bound parameters).

On PostgreSQL the ids go as one array parameter, ``id IN (SELECT unnest(:ids))``: psycopg prepares
a statement it sees five times, and the generic plan of ``IN ($1, ..., $900)`` or ``= ANY($1)``
on a freshly loaded table (no statistics yet) is a sequential scan comparing every row with every
id, about a second per batch of a 40k-row table. A semi-join plans as a hash or index lookup.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from sqlalchemy import ARRAY, ColumnElement, String, Table, bindparam, func, select
from sqlmodel import Session

BATCH = 900


def chunked(items: Sequence[Any], size: int = BATCH) -> Iterator[Sequence[Any]]:
    """Consecutive slices of at most ``size`` items."""
    for start in range(0, len(items), size):
        yield items[start : start + size]


def id_in(session: Session, column: ColumnElement[Any], ids: Sequence[str]) -> ColumnElement[bool]:
    """``column IN ids``, written the way the session's database plans well."""
    if session.get_bind().dialect.name == "postgresql":
        return column.in_(select(func.unnest(bindparam("ids", list(ids), type_=ARRAY(String)))).scalar_subquery())
    return column.in_(ids)


def existing_ids(session: Session, table: Table, ids: Iterable[str], key: str = "id") -> set[str]:
    """Which of ``ids`` are in ``table`` (column ``key``)."""
    wanted = sorted(set(ids))
    found: set[str] = set()
    column = table.c[key]
    for part in chunked(wanted):
        found.update(session.execute(select(column).where(id_in(session, column, part))).scalars())
    return found


def column_by_id(session: Session, table: Table, column: str, ids: Iterable[str]) -> dict[str, Any]:
    """``{id: value of column}`` for the rows of ``ids`` that exist."""
    wanted = sorted(set(ids))
    result: dict[str, Any] = {}
    for part in chunked(wanted):
        statement = select(table.c.id, table.c[column]).where(id_in(session, table.c.id, part))
        result.update({row[0]: row[1] for row in session.execute(statement)})
    return result


def rows_by_id(session: Session, table: Table, columns: Sequence[str], ids: Iterable[str]) -> dict[str, dict[str, Any]]:
    """``{id: {column: value}}`` of the existing rows among ``ids``, values as the table types return them."""
    wanted = sorted(set(ids))
    selected = [table.c[name] for name in columns]
    result: dict[str, dict[str, Any]] = {}
    for part in chunked(wanted):
        statement = select(table.c.id, *selected).where(id_in(session, table.c.id, part))
        for row in session.execute(statement):
            result[row[0]] = dict(zip(columns, row[1:], strict=True))
    return result
