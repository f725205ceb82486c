"""The lead-score model: ideal-customer-profile matching, closed-lead history and the cached
logistic regression (see :mod:`tools.lead_score` for the rules).

Training reads every closed lead of the organisation (an aggregate: no other lead is shown), sorted
by id in Python so every backend trains on the same sequence. Models are cached per (database,
as_of, closed-lead count, configuration), which keeps scoring many leads fast.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import OrderedDict
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any, Protocol

from pydantic import BaseModel
from sqlalchemy import case, func, select
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session, col

from assistant.crm.enums import LeadEventKind, LeadOutcome
from assistant.crm.models import Lead, LeadEvent
from tools.config import LeadConfig
from tools.engagement import end_of_day

_EVENT_KINDS = [k.value for k in LeadEventKind]
_CACHE: OrderedDict[tuple[Any, ...], Any] = OrderedDict()
_CACHE_SIZE = 16


class AttributeMatch(BaseModel):
    """One ICP dimension of a lead."""

    dimension: str
    value: str | int | None
    matched: bool
    weight: float


def norm(text: str | None) -> str:
    """NFKC, case-folded, stripped text (empty for None)."""
    return unicodedata.normalize("NFKC", text or "").casefold().strip()


@lru_cache(maxsize=4096)
def _pattern(keyword: str) -> re.Pattern[str] | None:
    kw = norm(keyword)
    if not kw:
        return None
    if kw.isascii():
        return re.compile(rf"(?<![a-z0-9]){re.escape(kw)}(?![a-z0-9])")
    return re.compile(re.escape(kw))


def _any_keyword(text: str, keywords: list[str]) -> bool:
    if not text:
        return False
    return any(p is not None and p.search(text) is not None for p in map(_pattern, keywords))


class Profiled(Protocol):
    """The lead fields the profile is matched on."""

    @property
    def industry(self) -> str | None:
        """Industry (matched against ``icp.industries``)."""

    @property
    def employees(self) -> int | None:
        """Head count (matched against the size band)."""

    @property
    def region(self) -> str | None:
        """Region (matched against ``icp.regions``)."""

    @property
    def title(self) -> str | None:
        """Contact title (matched against ``icp.title_keywords``)."""


@dataclass(frozen=True)
class _ClosedLead:
    id: str
    industry: str | None
    employees: int | None
    region: str | None
    title: str | None
    outcome: str


def attribute_matches(lead: Profiled, cfg: LeadConfig) -> list[AttributeMatch]:
    """How the lead matches each dimension of the ideal customer profile."""
    icp, w = cfg.icp, cfg.icp_weights
    size_ok = lead.employees is not None and icp.employees_min <= lead.employees <= icp.employees_max
    return [
        AttributeMatch(
            dimension="industry",
            value=lead.industry,
            weight=w.get("industry", 0.0),
            matched=_any_keyword(norm(lead.industry), icp.industries),
        ),
        AttributeMatch(dimension="size", value=lead.employees, weight=w.get("size", 0.0), matched=size_ok),
        AttributeMatch(
            dimension="region",
            value=lead.region,
            weight=w.get("region", 0.0),
            matched=_any_keyword(norm(lead.region), icp.regions),
        ),
        AttributeMatch(
            dimension="title",
            value=lead.title,
            weight=w.get("title", 0.0),
            matched=_any_keyword(norm(lead.title), icp.title_keywords),
        ),
    ]


def features(lead: Profiled, counts: dict[str, int], cfg: LeadConfig) -> list[float]:
    """Model inputs: the four profile matches (0/1) and log(1 + count) of each event kind."""
    flags = [1.0 if m.matched else 0.0 for m in attribute_matches(lead, cfg)]
    return flags + [math.log1p(counts.get(kind, 0)) for kind in _EVENT_KINDS]


def _closed_filter(as_of: date) -> list[ColumnElement[bool]]:
    return [
        col(Lead.outcome).in_([o.value for o in LeadOutcome]),
        col(Lead.created_at).is_(None) | (col(Lead.created_at) < end_of_day(as_of)),
    ]


def closed_counts(session: Session, as_of: date) -> tuple[int, int]:
    """(closed leads, converted leads) as of ``as_of``."""
    converted = func.sum(case((col(Lead.outcome) == LeadOutcome.CONVERTED.value, 1), else_=0))
    total, won = session.execute(select(func.count(), converted).where(*_closed_filter(as_of))).one()
    return int(total or 0), int(won or 0)


def closed_leads(session: Session, as_of: date) -> list[_ClosedLead]:
    """Every closed lead created on or before ``as_of`` (or undated), sorted by id."""
    query = select(
        col(Lead.id), col(Lead.industry), col(Lead.employees), col(Lead.region), col(Lead.title), col(Lead.outcome)
    ).where(*_closed_filter(as_of))
    # Sorted in Python (code-point order) so the training order is the same on every backend.
    return sorted((_ClosedLead(*row) for row in session.execute(query).all()), key=lambda lead: lead.id)


def event_counts(session: Session, as_of: date, lead_id: str | None = None) -> dict[str, dict[str, int]]:
    """Events on or before ``as_of`` per lead and kind (all leads, or only ``lead_id``)."""
    query = select(col(LeadEvent.lead_id), col(LeadEvent.kind), func.count()).where(
        col(LeadEvent.occurred_at) < end_of_day(as_of)
    )
    if lead_id is not None:
        query = query.where(col(LeadEvent.lead_id) == lead_id)
    out: dict[str, dict[str, int]] = {}
    for lid, kind, count in session.execute(query.group_by(col(LeadEvent.lead_id), col(LeadEvent.kind))).all():
        out.setdefault(lid, {})[kind] = int(count)
    return out


def trained_model(session: Session, closed_count: int, as_of: date, cfg: LeadConfig) -> Any:
    """The logistic regression on the closed leads as of ``as_of`` (cached; scikit-learn estimator)."""
    bind = session.get_bind()
    key = (id(bind), str(getattr(bind, "url", "")), as_of, closed_count, cfg.model_dump_json())
    if key in _CACHE:
        _CACHE.move_to_end(key)
        return _CACHE[key]
    from sklearn.linear_model import LogisticRegression  # imported lazily: slow to import

    closed = closed_leads(session, as_of)
    counts = event_counts(session, as_of)
    x = [features(lead, counts.get(lead.id, {}), cfg) for lead in closed]
    y = [1 if lead.outcome == LeadOutcome.CONVERTED else 0 for lead in closed]
    model = LogisticRegression(C=cfg.logistic_c, random_state=cfg.random_state, max_iter=1000)
    model.fit(x, y)
    _CACHE[key] = model
    while len(_CACHE) > _CACHE_SIZE:
        _CACHE.popitem(last=False)
    return model
