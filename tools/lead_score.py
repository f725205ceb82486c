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

import math
import re
import unicodedata
from collections import OrderedDict
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import lru_cache
from typing import Any, Protocol

from pydantic import BaseModel
from sqlalchemy import case, func, select
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session, col

from assistant.crm.enums import LeadEventKind, LeadOutcome
from assistant.crm.models import Lead, LeadEvent, User
from tools.base import Evidence, Threshold, ToolResult
from tools.config import LeadConfig, ScoringConfig
from tools.engagement import end_of_day
from tools.lookup import resolve_lead

_EVENT_KINDS = [k.value for k in LeadEventKind]
_CACHE: OrderedDict[tuple[Any, ...], Any] = OrderedDict()
_CACHE_SIZE = 16


class AttributeMatch(BaseModel):
    """One ICP dimension of a lead."""

    dimension: str
    value: str | int | None
    matched: bool
    weight: float


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


def _norm(text: str | None) -> str:
    return unicodedata.normalize("NFKC", text or "").casefold().strip()


@lru_cache(maxsize=4096)
def _pattern(keyword: str) -> re.Pattern[str] | None:
    kw = _norm(keyword)
    if not kw:
        return None
    if kw.isascii():
        return re.compile(rf"(?<![a-z0-9]){re.escape(kw)}(?![a-z0-9])")
    return re.compile(re.escape(kw))


def _any_keyword(text: str, keywords: list[str]) -> bool:
    if not text:
        return False
    return any(p is not None and p.search(text) is not None for p in map(_pattern, keywords))


class _Profiled(Protocol):
    """The lead fields the profile is matched on."""

    @property
    def industry(self) -> str | None: ...
    @property
    def employees(self) -> int | None: ...
    @property
    def region(self) -> str | None: ...
    @property
    def title(self) -> str | None: ...


@dataclass(frozen=True)
class _ClosedLead:
    id: str
    industry: str | None
    employees: int | None
    region: str | None
    title: str | None
    outcome: str


def attribute_matches(lead: _Profiled, cfg: LeadConfig) -> list[AttributeMatch]:
    """How the lead matches each dimension of the ideal customer profile."""
    icp, w = cfg.icp, cfg.icp_weights
    size_ok = lead.employees is not None and icp.employees_min <= lead.employees <= icp.employees_max
    return [
        AttributeMatch(
            dimension="industry",
            value=lead.industry,
            weight=w.get("industry", 0.0),
            matched=_any_keyword(_norm(lead.industry), icp.industries),
        ),
        AttributeMatch(dimension="size", value=lead.employees, weight=w.get("size", 0.0), matched=size_ok),
        AttributeMatch(
            dimension="region",
            value=lead.region,
            weight=w.get("region", 0.0),
            matched=_any_keyword(_norm(lead.region), icp.regions),
        ),
        AttributeMatch(
            dimension="title",
            value=lead.title,
            weight=w.get("title", 0.0),
            matched=_any_keyword(_norm(lead.title), icp.title_keywords),
        ),
    ]


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


def _features(lead: _Profiled, counts: dict[str, int], cfg: LeadConfig) -> list[float]:
    flags = [1.0 if m.matched else 0.0 for m in attribute_matches(lead, cfg)]
    return flags + [math.log1p(counts.get(kind, 0)) for kind in _EVENT_KINDS]


def _closed_filter(as_of: date) -> list[ColumnElement[bool]]:
    return [
        col(Lead.outcome).in_([o.value for o in LeadOutcome]),
        col(Lead.created_at).is_(None) | (col(Lead.created_at) < end_of_day(as_of)),
    ]


def _closed_counts(session: Session, as_of: date) -> tuple[int, int]:
    """(closed leads, converted leads) as of ``as_of``."""
    converted = func.sum(case((col(Lead.outcome) == LeadOutcome.CONVERTED.value, 1), else_=0))
    total, won = session.execute(select(func.count(), converted).where(*_closed_filter(as_of))).one()
    return int(total or 0), int(won or 0)


def _closed_leads(session: Session, as_of: date) -> list[_ClosedLead]:
    query = select(
        col(Lead.id), col(Lead.industry), col(Lead.employees), col(Lead.region), col(Lead.title), col(Lead.outcome)
    ).where(*_closed_filter(as_of))
    # Sorted in Python (code-point order) so the training order is the same on every backend.
    return sorted((_ClosedLead(*row) for row in session.execute(query).all()), key=lambda lead: lead.id)


def _event_counts(session: Session, as_of: date, lead_id: str | None = None) -> dict[str, dict[str, int]]:
    query = select(col(LeadEvent.lead_id), col(LeadEvent.kind), func.count()).where(
        col(LeadEvent.occurred_at) < end_of_day(as_of)
    )
    if lead_id is not None:
        query = query.where(col(LeadEvent.lead_id) == lead_id)
    out: dict[str, dict[str, int]] = {}
    for lid, kind, count in session.execute(query.group_by(col(LeadEvent.lead_id), col(LeadEvent.kind))).all():
        out.setdefault(lid, {})[kind] = int(count)
    return out


def _model(session: Session, closed_count: int, as_of: date, cfg: LeadConfig) -> Any:
    bind = session.get_bind()
    key = (id(bind), str(getattr(bind, "url", "")), as_of, closed_count, cfg.model_dump_json())
    if key in _CACHE:
        _CACHE.move_to_end(key)
        return _CACHE[key]
    from sklearn.linear_model import LogisticRegression  # imported lazily: slow to import

    closed = _closed_leads(session, as_of)
    counts = _event_counts(session, as_of)
    x = [_features(lead, counts.get(lead.id, {}), cfg) for lead in closed]
    y = [1 if lead.outcome == LeadOutcome.CONVERTED else 0 for lead in closed]
    model = LogisticRegression(C=cfg.logistic_c, random_state=cfg.random_state, max_iter=1000)
    model.fit(x, y)
    _CACHE[key] = model
    while len(_CACHE) > _CACHE_SIZE:
        _CACHE.popitem(last=False)
    return model


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
    total, converted = _closed_counts(session, as_of)
    segment = _norm(getattr(target, cfg.segment_field)) or None
    predicted: float | None
    reason: str | None = None
    if total >= cfg.min_closed_leads and 0 < converted < total:
        model = _model(session, total, as_of, cfg)
        counts = _event_counts(session, as_of, target.id).get(target.id, {})
        proba = model.predict_proba([_features(target, counts, cfg)])[0][1]
        predicted = round(float(proba) * 100, 2)
    else:
        why = (
            f"only {total} closed leads (< {cfg.min_closed_leads})"
            if total < cfg.min_closed_leads
            else "closed leads have only one outcome"
        )
        closed = _closed_leads(session, as_of) if segment else []
        in_segment = [c for c in closed if _norm(getattr(c, cfg.segment_field)) == segment]
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
