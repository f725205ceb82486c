"""Lead score, "Da Vinci" scoring (domain.md section 3): 30% attribute fit + 40% behaviour + 30%
predicted conversion, each 0-100 (weights and profile in :class:`tools.config.LeadConfig`).

- Attribute fit: each matched dimension of the ideal customer profile adds its weight: industry and
  region (keyword contained in the value), size (employees within the band, inclusive) and title
  (keyword contained; ASCII keywords must be whole words, so "cio" does not match "sociology").
- Behaviour: event points * 0.5 ** floor(age_days / 30) with age = as_of - event day (step halving:
  29 days full, 30 and 31 days half, 60 a quarter); events after ``as_of`` are ignored; capped at 100.
- Predicted: logistic regression (scikit-learn, fixed random_state, inputs sorted by lead id) trained
  on the organisation's closed leads (outcome converted or lost, created on or before ``as_of``) with
  the four attribute matches and log(1 + count) of each event kind as features. With fewer than 50
  closed leads, or only one outcome among them, the conversion rate of the lead's segment (its
  industry, case-insensitive) is used, or the overall rate when the segment has no closed leads, and
  ``fallback`` says so. With no closed lead at all ``predicted`` is None and the total is the
  attribute and behaviour parts re-weighted to 100%.
The model is trained on all closed leads (an organisation-wide aggregate; no other lead is shown).
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from pydantic import BaseModel
from sqlalchemy import select
from sqlmodel import Session, col

from assistant.crm.enums import LeadOutcome
from assistant.crm.models import LeadEvent, User
from tools.base import Evidence, Threshold, ToolResult
from tools.config import LeadConfig, ScoringConfig
from tools.engagement import end_of_day
from tools.lead_model import (
    AttributeMatch,
    attribute_matches,
    closed_counts,
    closed_leads,
    event_counts,
    features,
    norm,
    trained_model,
)
from tools.lookup import resolve_lead

__all__ = ["AttributeMatch", "LeadScoreResult", "ScoredEvent", "attribute_matches", "score_events", "score_lead"]


class ScoredEvent(BaseModel):
    """One marketing touch and the points it still carries."""

    id: str
    kind: str
    day: date
    age_days: int
    halvings: int
    base_points: float
    points: float


class LeadScoreResult(ToolResult):
    """The score of one lead (0-100) and its three parts."""

    lead_id: str
    company: str
    as_of: date
    score: float
    attribute: float
    behaviour: float
    predicted: float | None
    fallback: bool
    fallback_reason: str | None
    segment: str | None
    closed_leads: int
    attribute_matches: list[AttributeMatch]
    events: list[ScoredEvent]


def _day(value: datetime) -> date:
    return value.astimezone(UTC).date() if value.tzinfo else value.date()


def score_events(events: list[LeadEvent], as_of: date, cfg: LeadConfig) -> list[ScoredEvent]:
    """Points per event after step halving; events after ``as_of`` are left out."""
    scored = []
    for e in sorted(events, key=lambda x: (x.occurred_at, x.id)):
        day = _day(e.occurred_at)
        if day > as_of:
            continue
        age = (as_of - day).days
        halvings = age // cfg.halving_days
        base = cfg.event_points.get(e.kind, 0.0)
        points = base * 0.5**halvings
        scored.append(
            ScoredEvent(id=e.id, kind=e.kind, day=day, age_days=age, halvings=halvings, base_points=base, points=points)
        )
    return scored


def score_lead(
    session: Session, *, user: User, lead: str, as_of: date, config: ScoringConfig | None = None
) -> LeadScoreResult:
    """Score a lead (id or company name) 0-100 as of ``as_of``: attribute fit, behaviour, predicted.

    Raises NotFoundError when the lead does not exist or is not visible to ``user`` (a user sees
    their team's leads and unassigned ones).
    """
    cfg = (config or ScoringConfig()).lead
    target = resolve_lead(session, user=user, ref=lead)
    matches = attribute_matches(target, cfg)
    attribute = min(100.0, sum(m.weight for m in matches if m.matched))
    own_events = list(
        session.execute(
            select(LeadEvent)
            .where(col(LeadEvent.lead_id) == target.id, col(LeadEvent.occurred_at) < end_of_day(as_of))
            .order_by(col(LeadEvent.occurred_at), col(LeadEvent.id))
        ).scalars()
    )
    scored = score_events(own_events, as_of, cfg)
    behaviour = min(cfg.behaviour_cap, sum(e.points for e in scored))
    total, converted = closed_counts(session, as_of)
    segment = norm(getattr(target, cfg.segment_field)) or None
    predicted: float | None
    reason: str | None = None
    if total >= cfg.min_closed_leads and 0 < converted < total:
        model = trained_model(session, total, as_of, cfg)
        counts = event_counts(session, as_of, target.id).get(target.id, {})
        proba = model.predict_proba([features(target, counts, cfg)])[0][1]
        predicted = round(float(proba) * 100, 2)
    else:
        why = (
            f"only {total} closed leads (< {cfg.min_closed_leads})"
            if total < cfg.min_closed_leads
            else "closed leads have only one outcome"
        )
        closed = closed_leads(session, as_of) if segment else []
        in_segment = [c for c in closed if norm(getattr(c, cfg.segment_field)) == segment]
        if in_segment:
            won = sum(1 for c in in_segment if c.outcome == LeadOutcome.CONVERTED)
            predicted = round(won / len(in_segment) * 100, 2)
            reason = f"{why}: conversion rate of segment {cfg.segment_field}={segment} ({won}/{len(in_segment)})"
        elif total:
            predicted = round(converted / total * 100, 2)
            reason = f"{why}: no history in segment, overall conversion rate ({converted}/{total})"
        else:
            predicted = None
            reason = "no closed leads: prediction unavailable, attribute and behaviour re-weighted"
    if predicted is None:
        weight = cfg.weight_attribute + cfg.weight_behaviour
        score = (cfg.weight_attribute * attribute + cfg.weight_behaviour * behaviour) / weight
    else:
        score = cfg.weight_attribute * attribute + cfg.weight_behaviour * behaviour + cfg.weight_predicted * predicted
    evidence = [
        Evidence(record="lead", id=target.id, values={m.dimension: m.value for m in matches}),
        *[
            Evidence(
                record="lead_event", id=e.id, values={"kind": e.kind, "day": e.day.isoformat(), "points": e.points}
            )
            for e in scored
        ],
    ]
    return LeadScoreResult(
        lead_id=target.id,
        company=target.company,
        as_of=as_of,
        score=round(score, 2),
        attribute=round(attribute, 2),
        behaviour=round(behaviour, 2),
        predicted=predicted,
        fallback=reason is not None,
        fallback_reason=reason,
        segment=segment,
        closed_leads=total,
        attribute_matches=matches,
        events=scored,
        evidence=evidence,
        thresholds=[
            Threshold(
                name="weights",
                value={
                    "attribute": cfg.weight_attribute,
                    "behaviour": cfg.weight_behaviour,
                    "predicted": cfg.weight_predicted,
                },
            ),
            Threshold(name="halving_days", value=cfg.halving_days, rule="points * 0.5 ** floor(age / N)"),
            Threshold(name="behaviour_cap", value=cfg.behaviour_cap),
            Threshold(name="event_points", value=dict(sorted(cfg.event_points.items()))),
            Threshold(name="min_closed_leads", value=cfg.min_closed_leads, rule="below: segment conversion rate"),
        ],
    )
