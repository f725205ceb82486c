"""Risk facts as of a date: external risk events and competitors named in the latest documents."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Integer, case, func, or_, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement
from sqlmodel import Session, col

from assistant.crm.models import Document, Opportunity, RiskEvent
from tools.account_scope import AccountScope, day_end, day_start
from tools.config import ScoringConfig


class text_position(FunctionElement[int]):
    """1-based position of the second string in the first, 0 when absent (instr / strpos)."""

    type = Integer()
    inherit_cache = True
    name = "text_position"


@compiles(text_position)
def _instr(element: text_position, compiler: SQLCompiler, **kw: Any) -> str:
    return f"instr({compiler.process(element.clauses, **kw)})"


@compiles(text_position, "postgresql")
def _strpos(element: text_position, compiler: SQLCompiler, **kw: Any) -> str:
    return f"strpos({compiler.process(element.clauses, **kw)})"


@dataclass(frozen=True)
class EventFact:
    """One external risk event."""

    id: str
    account_id: str
    kind: str
    severity: str
    occurred_at: datetime
    source: str | None
    details: str | None


@dataclass(frozen=True)
class CompetitorMention:
    """A competitor of the account's opportunities and the recent documents naming it."""

    account_id: str
    competitor: str
    document_ids: tuple[str, ...]
    window_ids: tuple[str, ...]


def risk_events(session: Session, scope: AccountScope, as_of: date, config: ScoringConfig) -> list[EventFact]:
    """Risk events that occurred in the lookback window up to ``as_of``, by account, time and id."""
    start = day_start(as_of - timedelta(days=config.risk.event_lookback_days - 1))
    occurred = col(RiskEvent.occurred_at)
    rows = session.execute(
        select(RiskEvent)
        .where(scope.where(col(RiskEvent.account_id)), occurred >= start, occurred < day_end(as_of))
        .order_by(col(RiskEvent.account_id), occurred, col(RiskEvent.id))
    ).scalars()
    return [EventFact(e.id, e.account_id, e.kind, e.severity, e.occurred_at, e.source, e.details) for e in rows]


def competitor_mentions(
    session: Session, scope: AccountScope, as_of: date, config: ScoringConfig
) -> list[CompetitorMention]:
    """For each account and competitor named on its opportunities: which of the last
    ``competitor_docs`` dated documents (on or before ``as_of``) name it in subject or body.

    Matching is a case-insensitive substring test. Only competitors named in at least
    ``competitor_min_mentions`` of those documents (the risk signal's threshold) are listed: the
    count is taken in SQL, so a portfolio returns the few rows that matter, not one per document.
    """
    r = config.risk
    occurred = col(Document.occurred_at)
    ranked = (
        select(
            col(Document.id).label("id"),
            col(Document.account_id).label("account_id"),
            func.row_number()
            .over(partition_by=col(Document.account_id), order_by=(occurred.desc(), col(Document.id).desc()))
            .label("rn"),
        )
        .where(scope.where(col(Document.account_id)), occurred.is_not(None), occurred < day_end(as_of))
        .subquery()
    )
    latest = select(ranked).where(ranked.c.rn <= r.competitor_docs).subquery()
    name = func.trim(col(Opportunity.competitor))
    competitors = (
        select(
            col(Opportunity.account_id).label("account_id"),
            func.lower(name).label("key"),
            func.min(name).label("name"),
        )
        .where(scope.where(col(Opportunity.account_id)), name.is_not(None), name != "")
        .group_by(col(Opportunity.account_id), func.lower(name))
        .subquery()
    )
    named = or_(
        text_position(func.lower(col(Document.body)), competitors.c.key) > 0,
        text_position(func.lower(func.coalesce(col(Document.subject), "")), competitors.c.key) > 0,
    )
    hit = case((named, 1), else_=0)
    pairs = (
        select(
            competitors.c.account_id,
            competitors.c.name,
            latest.c.id,
            latest.c.rn,
            hit.label("hit"),
            func.sum(hit).over(partition_by=(competitors.c.account_id, competitors.c.name)).label("hits"),
        )
        .join(latest, latest.c.account_id == competitors.c.account_id)
        .join(Document, col(Document.id) == latest.c.id)
        .subquery()
    )
    query = (
        select(pairs.c.account_id, pairs.c.name, pairs.c.id, pairs.c.hit)
        .where(pairs.c.hits >= r.competitor_min_mentions)
        .order_by(pairs.c.account_id, pairs.c.name, pairs.c.rn)
    )
    grouped: dict[tuple[str, str], tuple[list[str], list[str]]] = {}
    for account_id, competitor, doc_id, found in session.connection().execute(query):
        hits, window = grouped.setdefault((account_id, competitor), ([], []))
        window.append(doc_id)
        if found:
            hits.append(doc_id)
    return [
        CompetitorMention(account_id, competitor, tuple(hits), tuple(window))
        for (account_id, competitor), (hits, window) in sorted(grouped.items())
    ]
