"""Account health index of one account (domain.md 7): twelve weighted indicators, band, confidence.

Computed by :func:`tools.account_scores.compute_scores` over a one-account scope (the portfolio's
computation); this module reports each indicator with its formula, weight and inputs, plus the
records behind them (overdue orders, open tickets, surveys).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from pydantic import BaseModel, Field
from sqlalchemy import and_, or_, select
from sqlmodel import Session, col

from assistant.crm.models import Order, Survey, Ticket, User
from tools.account_scope import day_end, day_start
from tools.account_scores import AccountScores, one_account_scores
from tools.base import Evidence, NotFoundError, Threshold, ToolResult
from tools.config import ScoringConfig
from tools.health_scoring import INDICATORS, HealthArrays

EVIDENCE_LIMIT = 20

#: What each indicator measures (the exact windows and steps come from HealthConfig).
FORMULAS: dict[str, str] = {
    "recency": "(RFM R score - 1) * 25; missing without a paid order",
    "order_frequency_trend": "100 * min(1, orders last window / orders window before); missing if both 0",
    "revenue_trend": "100 * min(1, order amount last window / window before); missing if both 0",
    "payment_timeliness": "share of orders due in the window paid by their due date * 100; missing if none due",
    "overdue_receivables": "oldest unpaid order past due: none 100, <=30 days 75, <=60 50, <=90 25, beyond 0",
    "interaction_frequency": "100 * min(1, activities in the window / target)",
    "key_person_meetings": "share of meetings/visits/demos in the window a key person attended * 100",
    "sla_breaches": "100 * (1 - SLA-breached tickets / tickets opened in the window); missing without tickets",
    "nps": "mean NPS of surveys in the window * 10; missing without surveys",
    "open_complaints": "max(0, 100 - penalty * tickets open at the date)",
    "sentiment_trend": "50 * (1 + mean monthly document sentiment); missing when no sentiment is given",
    "decision_chain_coverage": "100 * share of decision roles (decision maker, financial, technical) held by a contact",
}

_INPUTS: dict[str, tuple[str, ...]] = {
    "recency": ("last_paid",),
    "order_frequency_trend": ("n_recent", "n_prior"),
    "revenue_trend": ("rev_recent", "rev_prior"),
    "payment_timeliness": ("due_n", "due_on_time"),
    "overdue_receivables": ("overdue_days", "overdue_amount", "due_any"),
    "interaction_frequency": ("act_n",),
    "key_person_meetings": ("meet_n", "meet_key_n"),
    "sla_breaches": ("sla_n", "sla_breached"),
    "nps": ("nps_n", "nps_sum"),
    "open_complaints": ("open_n",),
    "sentiment_trend": (),
    "decision_chain_coverage": ("roles_covered",),
}


class Indicator(BaseModel):
    """One health indicator: its score 0-100 (None when missing), weight and the values used."""

    name: str
    score: float | None
    weight: float
    missing: bool
    formula: str
    inputs: dict[str, Any] = Field(default_factory=dict)


class HealthResult(ToolResult):
    """Health of an account as of a date."""

    account_id: str
    account_name: str
    as_of: date
    score: float = Field(description="Weighted mean of the indicators with data, 0-100.")
    band: str = Field(description="healthy (>= 70), watch (50-69.9) or at_risk (< 50).")
    confidence: float = Field(description="Share of the total weight whose indicators had data (0-1).")
    missing: list[str] = Field(description="Indicators without data (excluded from the score).")
    indicators: list[Indicator]


def score_health(
    session: Session,
    *,
    user: User,
    account_id: str,
    as_of: date,
    config: ScoringConfig | None = None,
    sentiment_by_month: Mapping[str, float] | None = None,
) -> HealthResult:
    """Health index 0-100 of one account the user may see: twelve indicators (recency, order-frequency
    trend, revenue trend, payment timeliness, overdue receivables, interaction frequency, key-person
    meeting participation, SLA breaches, NPS, open complaints, document sentiment trend, decision-chain
    coverage), weighted; indicators without data are listed as missing and lower ``confidence``, not
    the score. Bands: healthy >= 70, watch 50-69, at risk < 50. ``sentiment_by_month`` ({"YYYY-MM":
    -1..1}) feeds the sentiment indicator; without it that indicator is missing.
    Raises NotFoundError when the account does not exist or the user may not see it.
    """
    config = config or ScoringConfig()
    scores = one_account_scores(
        session,
        user=user,
        account_id=account_id,
        as_of=as_of,
        config=config,
        sentiment_by_month=sentiment_by_month,
        risk=False,
        monetary=False,
    )
    if scores.health is None:
        raise NotFoundError("account", account_id)
    return health_result(session, scores, scores.health, 0, config)


def health_result(
    session: Session, scores: AccountScores, health: HealthArrays, i: int, config: ScoringConfig
) -> HealthResult:
    """The health result of account ``i`` (with the records behind the indicators)."""
    account_id, as_of = scores.index.ids[i], scores.as_of
    months = scores.sentiment_months.get(account_id, [])
    indicators: list[Indicator] = []
    for j, name in enumerate(INDICATORS):
        inputs = {key: _plain(health.inputs[key][i]) for key in _INPUTS[name]}
        if name == "recency":
            inputs = {"r": int(scores.rfm.r[i]), "days_since_last_paid_order": _plain(scores.rfm.r_days[i])}
        if name == "sentiment_trend":
            inputs = {"months": dict(months)}
        missing = bool(health.missing[i, j])
        indicators.append(
            Indicator(
                name=name,
                score=None if missing else float(health.indicator_scores[i, j]),
                weight=config.health.weights[name],
                missing=missing,
                formula=FORMULAS[name],
                inputs=inputs,
            )
        )
    h = config.health
    thresholds = [
        Threshold(name="bands", value={"healthy": h.healthy_min, "watch": h.watch_min}, rule=">= healthy, >= watch"),
        Threshold(name="weights", value=dict(h.weights)),
        Threshold(
            name="windows_days",
            value={
                "order_trend": h.order_trend_days,
                "revenue_trend": h.revenue_trend_days,
                "payment": h.payment_days,
                "interaction": h.interaction_days,
                "key_meeting": h.key_meeting_days,
                "sla": h.sla_days,
                "nps": h.nps_days,
            },
        ),
    ]
    return HealthResult(
        account_id=account_id,
        account_name=scores.index.names[i],
        as_of=as_of,
        score=float(health.score[i]),
        band=health.band[i],
        confidence=float(health.confidence[i]),
        missing=[ind.name for ind in indicators if ind.missing],
        indicators=indicators,
        evidence=_records(session, account_id, as_of, config),
        thresholds=thresholds,
    )


def _plain(value: Any) -> Any:
    number = float(value)
    if number != number:  # NaN: no such record
        return None
    return int(number) if number.is_integer() else round(number, 2)


def _records(session: Session, account_id: str, as_of: date, config: ScoringConfig) -> list[Evidence]:
    """Overdue unpaid orders, tickets open at the date, surveys in the NPS window (up to 20 each)."""
    h = config.health
    overdue = session.execute(
        select(Order)
        .where(
            col(Order.account_id) == account_id,
            col(Order.ordered_at) <= as_of,
            col(Order.due_at) < as_of,
            or_(col(Order.paid_at).is_(None), col(Order.paid_at) > as_of),
        )
        .order_by(col(Order.due_at), col(Order.id))
        .limit(EVIDENCE_LIMIT)
    ).scalars()
    evidence = [
        Evidence(
            record="order",
            id=o.id,
            values={"due_at": str(o.due_at), "amount": o.amount, "days_overdue": (as_of - o.due_at).days},
        )
        for o in overdue
        if o.due_at is not None
    ]
    end = day_end(as_of)
    open_tickets = session.execute(
        select(Ticket)
        .where(
            col(Ticket.account_id) == account_id,
            col(Ticket.opened_at) < end,
            or_(col(Ticket.resolved_at).is_(None), col(Ticket.resolved_at) >= end),
        )
        .order_by(col(Ticket.opened_at), col(Ticket.id))
        .limit(EVIDENCE_LIMIT)
    ).scalars()
    evidence += [
        Evidence(record="ticket", id=t.id, values={"opened_at": t.opened_at.isoformat(), "open": True})
        for t in open_tickets
    ]
    start = day_start(as_of - timedelta(days=h.nps_days - 1))
    surveys = session.execute(
        select(Survey)
        .where(
            col(Survey.account_id) == account_id, and_(col(Survey.answered_at) >= start, col(Survey.answered_at) < end)
        )
        .order_by(col(Survey.answered_at), col(Survey.id))
        .limit(EVIDENCE_LIMIT)
    ).scalars()
    evidence += [
        Evidence(record="survey", id=s.id, values={"nps": s.nps, "answered_at": s.answered_at.isoformat()})
        for s in surveys
    ]
    return evidence
