"""Order facts per account as of a date, in one aggregate pass over the orders table.

Every window is a half-open day range ``(D - days, D]`` expressed as ``ordered_at > D - days AND
ordered_at <= D``; all boundaries are computed here in Python and bound as parameters, so SQLite and
PostgreSQL evaluate identical comparisons. Money sums are rounded to cents after aggregation so
the summation order of a query plan can never change a result.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import numpy as np
from sqlalchemy import and_, func, or_, select
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session, col

from assistant.crm.models import Order
from tools.account_scope import AccountScope
from tools.config import ScoringConfig
from tools.facts import AccountIndex, FloatArray, fill


@dataclass(frozen=True)
class Quarter:
    """A calendar quarter: label like ``2025Q1`` and its first and last day."""

    label: str
    start: date
    end: date


def full_quarters_before(as_of: date, count: int) -> list[Quarter]:
    """The ``count`` complete calendar quarters before the quarter of ``as_of``, oldest first.

    The quarter containing ``as_of`` is never counted, even on its last day.
    """
    year, q = as_of.year, (as_of.month - 1) // 3
    quarters: list[Quarter] = []
    for _ in range(count):
        q -= 1
        if q < 0:
            q, year = 3, year - 1
        start = date(year, 3 * q + 1, 1)
        nxt = date(year + 1, 1, 1) if q == 3 else date(year, 3 * q + 4, 1)
        quarters.append(Quarter(f"{year}Q{q + 1}", start, nxt - timedelta(days=1)))
    return list(reversed(quarters))


def _in_window(column: Any, day: date, days: int, offset: int = 0) -> ColumnElement[bool]:
    """``column`` in ``(day - offset - days, day - offset]``."""
    upper = day - timedelta(days=offset)
    return and_(column > upper - timedelta(days=days), column <= upper)


def paid_as_of(day: date) -> ColumnElement[bool]:
    """An order that is paid as of ``day``: placed on or before it and paid on or before it."""
    return and_(col(Order.ordered_at) <= day, col(Order.paid_at) <= day)


def _count(cond: ColumnElement[bool], label: str) -> Any:
    return func.count().filter(cond).label(label)


def _sum(value: Any, cond: ColumnElement[bool], label: str) -> Any:
    return func.sum(value).filter(cond).label(label)


def order_columns(tag: str, day: date, config: ScoringConfig, *, full: bool, detail: bool = False) -> list[Any]:
    """The aggregate columns for date ``day`` (labels prefixed ``tag``); ``full`` adds F and M,
    ``detail`` the paid-order count of each F quarter (evidence for one account).

    Aggregates use ``FILTER (WHERE ...)`` (PostgreSQL, SQLite >= 3.30), cheaper than CASE per row.
    """
    h = config.health
    ordered, paid_at, due = col(Order.ordered_at), col(Order.paid_at), col(Order.due_at)
    amount = col(Order.amount)
    placed = ordered <= day
    paid = paid_as_of(day)
    unpaid_overdue = and_(placed, due < day, or_(paid_at.is_(None), paid_at > day))
    due_window = and_(placed, _in_window(due, day, h.payment_days))
    cols: list[Any] = [func.max(ordered).filter(paid).label(f"{tag}last_paid")]
    if full:
        quarters = full_quarters_before(day, config.rfm.f_quarters)
        cols.append(_count(and_(paid, ordered >= quarters[0].start, ordered <= quarters[-1].end), f"{tag}f_n"))
        cols.append(_sum(amount, paid, f"{tag}m"))
        if detail:
            for i, quarter in enumerate(quarters):
                cols.append(_count(and_(paid, ordered >= quarter.start, ordered <= quarter.end), f"{tag}fq{i}"))
    trend, revenue = h.order_trend_days, h.revenue_trend_days
    cols += [
        _count(_in_window(ordered, day, trend), f"{tag}n_recent"),
        _count(_in_window(ordered, day, trend, trend), f"{tag}n_prior"),
        _sum(amount, _in_window(ordered, day, revenue), f"{tag}rev_recent"),
        _sum(amount, _in_window(ordered, day, revenue, revenue), f"{tag}rev_prior"),
        _count(due_window, f"{tag}due_n"),
        _count(and_(due_window, paid_at <= due, paid_at <= day), f"{tag}due_on_time"),
        _count(and_(placed, due.is_not(None)), f"{tag}due_any"),
        func.min(due).filter(unpaid_overdue).label(f"{tag}overdue_due"),
        _sum(amount, unpaid_overdue, f"{tag}overdue_amount"),
    ]
    return cols


def order_spec(tag: str, config: ScoringConfig, *, full: bool, detail: bool = False) -> list[tuple[str, str]]:
    """Names and kinds of :func:`order_columns`, in the same order."""
    spec = [(f"{tag}last_paid", "day")]
    if full:
        spec += [(f"{tag}f_n", "count"), (f"{tag}m", "sum")]
        if detail:
            spec += [(f"{tag}fq{i}", "count") for i in range(config.rfm.f_quarters)]
    spec += [
        (f"{tag}n_recent", "count"),
        (f"{tag}n_prior", "count"),
        (f"{tag}rev_recent", "sum"),
        (f"{tag}rev_prior", "sum"),
        (f"{tag}due_n", "count"),
        (f"{tag}due_on_time", "count"),
        (f"{tag}due_any", "count"),
        (f"{tag}overdue_due", "day"),
        (f"{tag}overdue_amount", "sum"),
    ]
    return spec


MONEY_FACTS = ("m", "rev_recent", "rev_prior", "overdue_amount")


def order_facts(
    session: Session,
    scope: AccountScope,
    index: AccountIndex,
    dates: list[tuple[str, date, bool]],
    config: ScoringConfig,
    *,
    detail: bool = False,
) -> dict[str, FloatArray]:
    """Order facts for each ``(tag, day, full)`` in one pass over the orders; keys are ``tag + name``."""
    columns: list[Any] = []
    spec: list[tuple[str, str]] = []
    for tag, day, full in dates:
        columns += order_columns(tag, day, config, full=full, detail=detail)
        spec += order_spec(tag, config, full=full, detail=detail)
    latest = max(day for _, day, _ in dates)
    query = (
        select(col(Order.account_id), *columns)
        .where(scope.where(col(Order.account_id)), col(Order.ordered_at) <= latest)
        .group_by(col(Order.account_id))
    )
    facts = fill(index, session.execute(query).all(), spec)
    for tag, _, _ in dates:
        for money in MONEY_FACTS:
            if tag + money in facts:
                facts[tag + money] = np.round(facts[tag + money], 2)
    return facts
