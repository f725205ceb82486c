"""Risk scan of one account (domain.md 6): external events and internal signals, with evidence.

The level and each signal's severity come from :func:`tools.account_scores.compute_scores` (shared
with the portfolio and the sweep); :func:`account_signals` turns account ``i`` of computed scores
into :class:`Signal` records, each with an ``anchor`` that identifies this occurrence of the signal
(the sweep acts once per anchor).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, Field
from sqlalchemy import or_, select
from sqlmodel import Session, col

from assistant.crm.models import Order, User
from assistant.crm.risk_models import RiskAction
from tools.account_scope import AccountScope
from tools.account_scores import AccountScores, one_account_scores
from tools.base import Evidence, Threshold, ToolResult
from tools.config import ScoringConfig
from tools.risk_scoring import INTERNAL_SIGNALS, SEVERITY_NAMES, SEVERITY_RANK, event_severity

OverdueOrder = tuple[str, date, float]


class Signal(BaseModel):
    """One risk signal: an external event or an internal signal, its severity and evidence."""

    kind: str = Field(description="Event kind (dishonest_debtor, ...) or internal signal kind.")
    source: Literal["event", "internal"]
    severity: str = Field(description="low, medium or high.")
    summary: str
    anchor: str = Field(description="Identifies this occurrence (event id, order, month, ...).")
    evidence: list[Evidence] = Field(default_factory=list)


class ActionTaken(BaseModel):
    """An automatic action the risk sweep recorded for the account."""

    id: int
    kind: str
    trigger: str
    severity: str
    as_of: date
    created_at: datetime
    undone_at: datetime | None
    undone_by: str | None


class RiskResult(ToolResult):
    """Risk level (the highest signal severity: none, low, medium, high), signals and sweep actions."""

    account_id: str
    account_name: str
    as_of: date
    level: str
    signals: list[Signal]
    actions_taken: list[ActionTaken]
    health_now: float
    health_past: float = Field(description="Health as of as_of minus health_drop_days (90).")


def scan_risk(
    session: Session,
    *,
    user: User,
    account_id: str,
    as_of: date,
    config: ScoringConfig | None = None,
    sentiment_by_month: Mapping[str, float] | None = None,
) -> RiskResult:
    """Risk scan of one account the user may see: external events of the last year (dishonest debtor,
    legal-representative change, lawsuit, business abnormality, financial anomaly, negative news) and
    internal signals: receivables overdue > 60 days (> 120 high), health down > 15 points in 90 days,
    negative sentiment trend (needs ``sentiment_by_month``), no key-person contact for 60 days (> 120 or
    never: high), a competitor named in two of the last three documents. Level = highest severity.
    ``actions_taken`` lists what the automatic risk sweep did for the account.
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
        monetary=False,
    )
    return risk_result(session, scores, 0, config)


def risk_result(session: Session, scores: AccountScores, i: int, config: ScoringConfig) -> RiskResult:
    """The risk result of account ``i`` of computed ``scores`` (which must include risk)."""
    assert scores.risk is not None and scores.health is not None and scores.health_past is not None
    account_id = scores.index.ids[i]
    overdue = oldest_overdue(session, AccountScope(account_id=account_id), scores.as_of)
    actions = session.execute(
        select(RiskAction).where(col(RiskAction.account_id) == account_id).order_by(col(RiskAction.id))
    ).scalars()
    r = config.risk
    return RiskResult(
        account_id=account_id,
        account_name=scores.index.names[i],
        as_of=scores.as_of,
        level=SEVERITY_NAMES[int(scores.risk.level[i])],
        signals=account_signals(scores, i, config, overdue),
        actions_taken=[
            ActionTaken(
                id=a.id or 0,
                kind=a.kind,
                trigger=a.trigger,
                severity=a.severity,
                as_of=a.as_of,
                created_at=a.created_at,
                undone_at=a.undone_at,
                undone_by=a.undone_by,
            )
            for a in actions
        ],
        health_now=float(scores.health.score[i]),
        health_past=float(scores.health_past.score[i]),
        thresholds=[
            Threshold(name="overdue_days", value=[r.overdue_days, r.overdue_high_days], rule="> medium, > high"),
            Threshold(name="health_drop_points", value=[r.health_drop_points, r.health_drop_high_points]),
            Threshold(name="no_key_contact_days", value=[r.no_key_contact_days, r.no_key_contact_high_days]),
            Threshold(name="competitor", value=[r.competitor_min_mentions, r.competitor_docs], rule="named in m of n"),
            Threshold(name="sentiment", value=[r.sentiment_level, r.sentiment_drop], rule="mean <= or decline >="),
            Threshold(name="event_lookback_days", value=r.event_lookback_days),
        ],
    )


def oldest_overdue(session: Session, scope: AccountScope, as_of: date) -> dict[str, OverdueOrder]:
    """Per account in ``scope``: the unpaid order longest past its due date as of ``as_of``
    (ties by id), as (order id, due date, amount)."""
    rows = session.execute(
        select(col(Order.account_id), col(Order.id), col(Order.due_at), col(Order.amount))
        .where(
            scope.where(col(Order.account_id)),
            col(Order.ordered_at) <= as_of,
            col(Order.due_at) < as_of,
            or_(col(Order.paid_at).is_(None), col(Order.paid_at) > as_of),
        )
        .order_by(col(Order.account_id), col(Order.due_at), col(Order.id))
    ).all()
    first: dict[str, OverdueOrder] = {}
    for account_id, order_id, due_at, amount in rows:
        first.setdefault(account_id, (order_id, due_at, float(amount)))
    return first


def account_signals(
    scores: AccountScores, i: int, config: ScoringConfig, overdue: Mapping[str, OverdueOrder]
) -> list[Signal]:
    """The signals of account ``i``, highest severity first, then by kind and anchor."""
    risk = scores.risk
    assert risk is not None
    account_id = scores.index.ids[i]
    signals: list[Signal] = []
    for event in scores.events.get(account_id, []):
        rank = event_severity(event.kind, event.severity, config.risk)
        values = {"kind": event.kind, "severity": event.severity, "occurred_at": event.occurred_at.isoformat()}
        values.update({"source": event.source or "", "details": event.details or ""})
        signals.append(
            Signal(
                kind=event.kind,
                source="event",
                severity=SEVERITY_NAMES[rank],
                summary=f"{event.kind} reported on {event.occurred_at.date()}",
                anchor=f"event:{event.id}",
                evidence=[Evidence(record="risk_event", id=event.id, values=values)],
            )
        )
    for kind in INTERNAL_SIGNALS:
        rank = int(risk.internal[kind][i])
        if rank:
            signals += _internal(kind, SEVERITY_NAMES[rank], scores, i, config, overdue.get(account_id))
    signals.sort(key=lambda s: (-SEVERITY_RANK[s.severity], s.kind, s.anchor))
    return signals


def _internal(
    kind: str, severity: str, scores: AccountScores, i: int, config: ScoringConfig, overdue: OverdueOrder | None
) -> list[Signal]:
    risk, health, health_past = scores.risk, scores.health, scores.health_past
    assert risk is not None and health is not None and health_past is not None
    account_id, as_of = scores.index.ids[i], scores.as_of
    values: dict[str, Any]
    if kind == "receivables_overdue" and overdue is not None:
        order_id, due_at, amount = overdue
        days = (as_of - due_at).days
        values = {"due_at": due_at.isoformat(), "days_overdue": days, "amount": amount}
        values["overdue_amount_total"] = float(health.inputs["overdue_amount"][i])
        evidence = [Evidence(record="order", id=order_id, values=values)]
        return [_signal(kind, severity, f"order {order_id} unpaid {days} days past due", f"order:{order_id}", evidence)]
    if kind == "health_drop":
        now, past = float(health.score[i]), float(health_past.score[i])
        values = {
            "health_now": now,
            "health_past": past,
            "past_as_of": scores.past.isoformat(),
            "drop": round(past - now, 1),
        }
        summary = f"health fell from {past} to {now} since {scores.past}"
        return [
            _signal(
                kind,
                severity,
                summary,
                f"month:{as_of:%Y-%m}",
                [Evidence(record="account", id=account_id, values=values)],
            )
        ]
    if kind == "negative_sentiment":
        months = scores.sentiment_months.get(account_id, [])
        values = {"months": dict(months), "mean": round(float(risk.sentiment_level[i]), 3)}
        summary = f"document sentiment negative or falling through {months[-1][0]}" if months else "negative sentiment"
        anchor = f"month:{months[-1][0]}" if months else f"month:{as_of:%Y-%m}"
        return [_signal(kind, severity, summary, anchor, [Evidence(record="account", id=account_id, values=values)])]
    if kind == "no_key_person_contact":
        key_days = float(risk.key_contact_days[i])
        last = None if key_days != key_days else date.fromordinal(as_of.toordinal() - int(key_days))
        values = {
            "last_key_person_contact": None if last is None else last.isoformat(),
            "days": None if last is None else int(key_days),
        }
        summary = "no key person ever contacted" if last is None else f"no key-person contact for {int(key_days)} days"
        anchor = f"last:{'never' if last is None else last.isoformat()}"
        return [_signal(kind, severity, summary, anchor, [Evidence(record="account", id=account_id, values=values)])]
    if kind == "competitor_mentions":
        # competitor_mentions lists only competitors at the threshold (counted in SQL).
        found = scores.mentions.get(account_id, [])
        return [
            _signal(
                kind,
                severity,
                f"{m.competitor} named in {len(m.document_ids)} of the last {len(m.window_ids)} documents",
                f"competitor:{m.competitor.casefold()}:{m.document_ids[0]}",
                [Evidence(record="document", id=d, values={"competitor": m.competitor}) for d in m.document_ids],
            )
            for m in found
        ]
    return []


def _signal(kind: str, severity: str, summary: str, anchor: str, evidence: list[Evidence]) -> Signal:
    return Signal(kind=kind, source="internal", severity=severity, summary=summary, anchor=anchor, evidence=evidence)
