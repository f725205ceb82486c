"""Columnar per-account facts: the aggregated inputs every account score is computed from.

A set-based query returns one row per account; :func:`fill` places the rows into numpy arrays
aligned with an :class:`AccountIndex` (accounts sorted by id), so scoring runs vectorised over
100,000 accounts or over one, with the same code. Dates become day ordinals (``date.toordinal``)
held as floats, NaN when absent.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np
import numpy.typing as npt
from sqlalchemy import Executable, select
from sqlmodel import Session, col

from assistant.crm.models import Account
from tools.account_scope import AccountScope

FloatArray = npt.NDArray[np.float64]
#: ``date(1970, 1, 1).toordinal()``: numpy counts days from the Unix epoch.
_EPOCH_ORDINAL = 719163


@dataclass(frozen=True)
class AccountIndex:
    """The accounts of a scope, sorted by id, with their name, owner and status."""

    ids: tuple[str, ...]
    names: tuple[str, ...]
    owners: tuple[str, ...]
    statuses: tuple[str, ...]
    pos: dict[str, int] = field(repr=False)

    @property
    def n(self) -> int:
        """Number of accounts."""
        return len(self.ids)


def load_index(session: Session, scope: AccountScope) -> AccountIndex:
    """The accounts inside ``scope``, ordered by id."""
    rows = (
        session.connection()
        .execute(
            select(col(Account.id), col(Account.name), col(Account.owner_id), col(Account.status))
            .where(scope.where(col(Account.id)))
            .order_by(col(Account.id))
        )
        .all()
    )
    ids = tuple(r[0] for r in rows)
    return AccountIndex(
        ids=ids,
        names=tuple(r[1] for r in rows),
        owners=tuple(r[2] for r in rows),
        statuses=tuple(r[3] for r in rows),
        pos={aid: i for i, aid in enumerate(ids)},
    )


def ordinal(value: date | None) -> float:
    """A day as a float ordinal, NaN for None."""
    return float("nan") if value is None else float(value.toordinal())


def day_ordinals(column: Sequence[Any]) -> FloatArray:
    """Day ordinals of dates or date-times as a driver returns them, NaN for None.

    SQLite returns ISO text (``YYYY-MM-DD`` or ``YYYY-MM-DD HH:MM:SS...``), parsed by numpy in one
    vectorised step; PostgreSQL returns ``date``/``datetime`` objects (naive: the columns hold UTC).
    """
    sample = next((v for v in column if v is not None), None)
    if sample is None:
        return np.full(len(column), np.nan)
    if isinstance(sample, str):
        days = np.array([None if v is None else v[:10] for v in column], dtype="datetime64[D]")
        return np.where(np.isnat(days), np.nan, days.astype(np.int64) + _EPOCH_ORDINAL)
    return np.array([ordinal(v) for v in column], dtype=np.float64)


def fill(index: AccountIndex, rows: Sequence[Sequence[Any]], spec: Sequence[tuple[str, str]]) -> dict[str, FloatArray]:
    """Arrays from rows ``(account_id, v1, v2, ...)``; ``spec`` gives each value's name and kind.

    Kinds: ``count`` and ``sum`` (absent or NULL -> 0), ``day`` (a date -> ordinal, absent -> NaN),
    ``value`` (a number, absent -> NaN). Rows of accounts outside the index are ignored.
    Converted column by column (numpy turns None into NaN), not value by value.
    """
    out: dict[str, FloatArray] = {}
    for name, kind in spec:
        out[name] = np.full(index.n, 0.0 if kind in ("count", "sum") else np.nan)
    if not rows:
        return out
    positions = np.array([index.pos.get(row[0], -1) for row in rows], dtype=np.int64)
    keep = positions >= 0
    columns = list(zip(*rows, strict=True))
    for (name, kind), column in zip(spec, columns[1:], strict=True):
        if kind == "day":
            values = day_ordinals(column)
        else:
            values = np.array(column, dtype=np.float64)
            if kind in ("count", "sum"):
                values = np.where(np.isnan(values), 0.0, values)
        out[name][positions[keep]] = values[keep]
    return out


def raw_rows(session: Session, query: Executable, params: Mapping[str, Any] | None = None) -> list[tuple[Any, ...]]:
    """The rows of ``query`` exactly as the database driver returns them.

    SQLAlchemy's per-value result processing (text to ``date`` on SQLite, ``Decimal`` to float) is
    skipped: over a portfolio's hundreds of thousands of values it costs more than the conversion
    :func:`fill` does per column with numpy. Binding and compilation stay SQLAlchemy's.
    """
    result = session.connection().execute(query, dict(params or {}))
    try:
        cursor = result.cursor
        assert cursor is not None, "raw_rows needs a query that returns rows"
        return list(cursor.fetchall())
    finally:
        result.close()


def query_facts(
    session: Session,
    index: AccountIndex,
    query: Executable,
    spec: Sequence[tuple[str, str]],
    params: Mapping[str, Any] | None = None,
) -> dict[str, FloatArray]:
    """:func:`fill` from the rows of a grouped query ``(account_id, v1, v2, ...)``."""
    return fill(index, raw_rows(session, query, params), spec)
