"""Order facts per account as of a date, in one aggregate pass over the orders table.

Every window is a half-open day range ``(D - days, D]`` expressed as ``ordered_at > D - days AND
ordered_at <= D``; all boundaries are computed in Python and bound as parameters, so SQLite and
PostgreSQL evaluate identical comparisons (no date arithmetic in SQL). Money sums are rounded to
cents after aggregation so the summation order of a query plan can never change a result.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import numpy as np
from sqlalchemy import Date, and_, bindparam, func, or_, select, true
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session, col

from assistant.crm.models import Order
from tools.account_scope import AccountScope
from tools.config import ScoringConfig
from tools.facts import AccountIndex, FloatArray, query_facts


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


def paid_as_of(day: Any) -> ColumnElement[bool]:
    """An order that is paid as of ``day`` (a date or a bound parameter): placed and paid by then."""
    return and_(col(Order.ordered_at) <= day, col(Order.paid_at) <= day)


def _count(cond: ColumnElement[bool], label: str) -> Any:
    return func.count().filter(cond).label(label)


def _sum(value: Any, cond: ColumnElement[bool], label: str) -> Any:
    return func.sum(value).filter(cond).label(label)


def order_params(tag: str, day: date, config: ScoringConfig, *, full: bool, detail: bool = False) -> dict[str, date]:
    """The boundary dates the columns of :func:`order_columns` are bound to, for date ``day``."""
    h = config.health
    values = {
        "day": day,
        "t1": day - timedelta(days=h.order_trend_days),
        "t2": day - timedelta(days=2 * h.order_trend_days),
        "r1": day - timedelta(days=h.revenue_trend_days),
        "r2": day - timedelta(days=2 * h.revenue_trend_days),
        "p1": day - timedelta(days=h.payment_days),
    }
    if full:
        quarters = full_quarters_before(day, config.rfm.f_quarters)
        values.update(fs=quarters[0].start, fe=quarters[-1].end)
        if detail:
            for i, quarter in enumerate(quarters):
                values.update({f"qs{i}": quarter.start, f"qe{i}": quarter.end})
    return {tag + name: value for name, value in values.items()}


_COLUMNS: dict[tuple[str, bool, bool, bool, int], tuple[list[Any], list[tuple[str, str]]]] = {}


def order_columns(
    tag: str, config: ScoringConfig, *, full: bool, detail: bool = False, latest: bool = False
) -> tuple[list[Any], list[tuple[str, str]]]:
    """The aggregate columns for the date tagged ``tag`` and their (name, kind) spec. ``full`` adds F
    and M, ``detail`` the paid-order count of each F quarter (evidence for one account).

    Windows are half-open ``(lower, upper]`` day ranges over bound parameters (:func:`order_params`),
    so the expressions are built once per shape and SQLAlchemy's compiled-statement cache applies.
    Aggregates use ``FILTER (WHERE ...)`` (PostgreSQL, SQLite >= 3.30), cheaper than CASE per row.
    ``latest``: the query's WHERE already keeps only orders placed by this date (and the per-row
    test is left out: every filter evaluated per order counts, over millions of orders). ``full=False``
    (the earlier date of the health drop) leaves out what only evidence uses (the overdue amount).
    """
    key = (tag, full, detail, latest, config.rfm.f_quarters)
    if key not in _COLUMNS:
        _COLUMNS[key] = _build(tag, full, detail, latest, config.rfm.f_quarters)
    return _COLUMNS[key]


def _build(tag: str, full: bool, detail: bool, latest: bool, quarters: int) -> tuple[list[Any], list[tuple[str, str]]]:
    def p(name: str) -> Any:
        return bindparam(tag + name, type_=Date())

    ordered, paid_at, due = col(Order.ordered_at), col(Order.paid_at), col(Order.due_at)
    amount, day = col(Order.amount), p("day")
    placed: ColumnElement[bool] = true() if latest else ordered <= day
    paid = and_(placed, paid_at <= day)
    # Conjuncts most selective first: SQLite stops at the first false one, for each of millions of rows.
    unpaid_overdue = and_(or_(paid_at.is_(None), paid_at > day), due < day, placed)
    due_window = and_(due > p("p1"), due <= day, placed)
    cols: list[Any] = [func.max(ordered).filter(paid).label(f"{tag}last_paid")]
    spec = [(f"{tag}last_paid", "day")]
    if full:
        cols.append(_count(and_(ordered >= p("fs"), ordered <= p("fe"), paid), f"{tag}f_n"))
        cols.append(_sum(amount, paid, f"{tag}m"))
        spec += [(f"{tag}f_n", "count"), (f"{tag}m", "sum")]
        if detail:
            for i in range(quarters):
                cols.append(_count(and_(ordered >= p(f"qs{i}"), ordered <= p(f"qe{i}"), paid), f"{tag}fq{i}"))
                spec.append((f"{tag}fq{i}", "count"))
    cols += [
        _count(and_(ordered > p("t1"), ordered <= day), f"{tag}n_recent"),
        _count(and_(ordered > p("t2"), ordered <= p("t1")), f"{tag}n_prior"),
        _sum(amount, and_(ordered > p("r1"), ordered <= day), f"{tag}rev_recent"),
        _sum(amount, and_(ordered > p("r2"), ordered <= p("r1")), f"{tag}rev_prior"),
        _count(due_window, f"{tag}due_n"),
        # paid_at <= due_at <= day: paid by the day follows, not tested again.
        _count(and_(due_window, paid_at <= due), f"{tag}due_on_time"),
        _count(and_(placed, due.is_not(None)), f"{tag}due_any"),
        func.min(due).filter(unpaid_overdue).label(f"{tag}overdue_due"),
    ]
    if full:
        cols.append(_sum(amount, unpaid_overdue, f"{tag}overdue_amount"))
    spec += [
        (f"{tag}n_recent", "count"),
        (f"{tag}n_prior", "count"),
        (f"{tag}rev_recent", "sum"),
        (f"{tag}rev_prior", "sum"),
        (f"{tag}due_n", "count"),
        (f"{tag}due_on_time", "count"),
        (f"{tag}due_any", "count"),
        (f"{tag}overdue_due", "day"),
    ]
    if full:
        spec.append((f"{tag}overdue_amount", "sum"))
    return cols, spec


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
    params: dict[str, date] = {}
    latest = max(day for _, day, _ in dates)
    for tag, day, full in dates:
        cols, names = order_columns(tag, config, full=full, detail=detail, latest=day == latest)
        columns += cols
        spec += names
        params.update(order_params(tag, day, config, full=full, detail=detail))
    query = (
        select(col(Order.account_id), *columns)
        .where(scope.where(col(Order.account_id)), col(Order.ordered_at) <= latest)
        .group_by(col(Order.account_id))
    )
    facts = query_facts(session, index, query, spec, params)
    for tag, _, _ in dates:
        for money in MONEY_FACTS:
            if tag + money in facts:
                facts[tag + money] = np.round(facts[tag + money], 2)
    return facts
