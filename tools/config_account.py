"""Thresholds and weights of the account scores (part A): RFM, health, risk and portfolio.

These sections are fields of :class:`tools.config.ScoringConfig` (``rfm``, ``key_person``,
``health``, ``risk``, ``portfolio``). Every default is the value of domain.md sections 2, 6 and 7;
the ones the specification leaves open are marked (ours) and documented here, so a deployment
can see and override each of them.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

SeverityName = Literal["low", "medium", "high"]


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class RfmConfig(_Section):
    """RFM (domain.md 2), computed from *paid* orders as of a date.

    A paid order as of D: ``ordered_at <= D`` and ``paid_at <= D``.
    - R: days from the last paid order's ``ordered_at`` to D. Score 5 if days <= ``r_days[0]`` (30, seed),
      4 if <= ``r_days[1]`` (60), 3 if <= ``r_days[2]`` (90), 2 if <= ``r_days[3]`` (180, ours), else 1;
      no paid order scores 1 (seed).
    - F: paid orders per quarter over the ``f_quarters`` full calendar quarters before D's quarter:
      5 if >= ``f_per_quarter[0]`` (6), 4 if >= [1] (3), 3 if >= [2] (1.5), 2 if >= [3] (0.5), else 1.
    - M: cumulative paid amount. ``m_mode="quintile"`` (default): the score is 1 + the number of
      quintile edges the amount reaches, edges computed over ALL accounts of the database with at
      least one paid order (a global rank, independent of who asks); ``m_mode="absolute"`` uses
      ``m_absolute_edges`` instead. An account without a paid order scores M 1.
    - A score >= ``high_score`` (3) is "high" for the eight segments.
    - Tier: R+F+M >= ``tier_a`` (13) A, >= ``tier_b`` (10) B, >= ``tier_c`` (7) C, else D.
    """

    r_days: list[int] = Field(default_factory=lambda: [30, 60, 90, 180])
    f_quarters: int = Field(default=4, ge=1)
    f_per_quarter: list[float] = Field(default_factory=lambda: [6.0, 3.0, 1.5, 0.5])
    m_mode: Literal["quintile", "absolute"] = "quintile"
    #: Ascending amounts for scores 2, 3, 4, 5 when ``m_mode="absolute"`` (ours).
    m_absolute_edges: list[float] = Field(default_factory=lambda: [50_000.0, 200_000.0, 1_000_000.0, 5_000_000.0])
    high_score: int = 3
    tier_a: int = 13
    tier_b: int = 10
    tier_c: int = 7
    #: How long a service may reuse the global quintile edges it computed for one as-of date (ours);
    #: 0 disables reuse. Tools never cache: they take the edges as an argument.
    m_edges_cache_seconds: float = 300.0

    @model_validator(mode="after")
    def _four_steps(self) -> RfmConfig:
        for name, descending in (("r_days", False), ("f_per_quarter", True), ("m_absolute_edges", False)):
            values = list(getattr(self, name))
            if len(values) != 4 or values != sorted(values, reverse=descending):
                order = "descending" if descending else "ascending"
                raise ValueError(f"rfm.{name} must be four {order} numbers")
        return self


class KeyPersonConfig(_Section):
    """Who is a key person (ours, from the brief): a contact in the ``key`` relationship layer, or one
    holding a decision role of the decision chain (decision maker, financial owner, technical lead)."""

    layers: list[str] = Field(default_factory=lambda: ["key"])
    roles: list[str] = Field(default_factory=lambda: ["decision_maker", "financial", "technical"])


def _default_health_weights() -> dict[str, float]:
    return {
        "recency": 10.0,
        "order_frequency_trend": 8.0,
        "revenue_trend": 10.0,
        "payment_timeliness": 8.0,
        "overdue_receivables": 10.0,
        "interaction_frequency": 8.0,
        "key_person_meetings": 10.0,
        "sla_breaches": 6.0,
        "nps": 8.0,
        "open_complaints": 6.0,
        "sentiment_trend": 6.0,
        "decision_chain_coverage": 10.0,
    }


class HealthConfig(_Section):
    """Account health index (domain.md 7): twelve indicators 0-100, weighted mean (weights ours, sum 100).

    Indicator formulas (all as of D; windows are ``(D - days, D]``):
    - recency: (R score - 1) * 25 from the RFM R score; missing without a paid order.
    - order_frequency_trend: orders placed in the last ``order_trend_days`` vs the window before:
      100 * min(1, recent / prior); 100 if prior is 0 and recent > 0; missing if both are 0.
    - revenue_trend: the same on order amounts over ``revenue_trend_days`` windows.
    - payment_timeliness: share of orders due in the last ``payment_days`` paid on or before the due
      date (and by D), * 100; missing if no order fell due.
    - overdue_receivables: the oldest unpaid order past its due date, in days overdue: none 100,
      <= ``overdue_steps[0]`` 75, <= [1] 50, <= [2] 25, beyond 0; missing if no order has a due date.
    - interaction_frequency: activities in the last ``interaction_days``, 100 * min(1, n / target); never
      missing (no logged interaction is a fact and scores 0).
    - key_person_meetings: share of activities of ``meeting_kinds`` in the last ``key_meeting_days`` with
      at least one key person attending, * 100; missing if there was no such activity.
    - sla_breaches: 100 * (1 - breached / tickets) over tickets opened in the last ``sla_days``; missing
      without tickets.
    - nps: mean NPS (0-10) of surveys answered in the last ``nps_days``, * 10; missing without survey.
    - open_complaints: max(0, 100 - ``open_ticket_penalty`` * tickets open at D); never missing
      (every open ticket counts as an open complaint: the CRM has no separate complaint flag).
    - sentiment_trend: 50 * (1 + mean monthly document sentiment) over the calendar months of the last
      ``sentiment_months`` (D's month included); missing when no precomputed sentiment is given.
    - decision_chain_coverage: 100 * share of ``KeyPersonConfig.roles`` held by at least one contact of
      the account (current contacts: contacts carry no history); never missing.
    Health = sum(weight * score) / sum(weight) over indicators with data, rounded to 0.1;
    confidence = that weight sum / all weights. Band: >= ``healthy_min`` healthy, >= ``watch_min``
    watch, else at_risk.
    """

    weights: dict[str, float] = Field(default_factory=_default_health_weights)
    healthy_min: float = 70.0
    watch_min: float = 50.0
    order_trend_days: int = 180
    revenue_trend_days: int = 365
    payment_days: int = 365
    overdue_steps: list[int] = Field(default_factory=lambda: [30, 60, 90])
    overdue_scores: list[float] = Field(default_factory=lambda: [75.0, 50.0, 25.0, 0.0])
    interaction_days: int = 90
    interaction_target: float = 6.0
    key_meeting_days: int = 180
    meeting_kinds: list[str] = Field(default_factory=lambda: ["meeting", "visit", "demo"])
    sla_days: int = 180
    nps_days: int = 365
    open_ticket_penalty: float = 25.0
    sentiment_months: int = 3

    @model_validator(mode="after")
    def _consistent(self) -> HealthConfig:
        if set(self.weights) != set(_default_health_weights()):
            raise ValueError("health.weights must name exactly the twelve indicators")
        if len(self.overdue_scores) != len(self.overdue_steps) + 1:
            raise ValueError("health.overdue_scores needs one more entry than overdue_steps")
        return self


def _default_event_floors() -> dict[str, SeverityName]:
    return {"dishonest_debtor": "high", "legal_rep_change": "medium"}


class RiskConfig(_Section):
    """Risk scan and sweep (domain.md 6). Level = the highest signal severity (none < low < medium < high).

    - External events: RiskEvent rows of the account that occurred in the last ``event_lookback_days``
      days up to D; severity = the higher of the recorded one and ``event_min_severity`` of its kind.
    - receivables_overdue (ours): an unpaid order more than ``overdue_days`` (60) past due: medium;
      more than ``overdue_high_days`` (120): high.
    - health_drop: health at D is more than ``health_drop_points`` (15) below health at D -
      ``health_drop_days`` (90): medium; more than ``health_drop_high_points`` (30): high.
    - negative_sentiment: mean monthly sentiment of the last ``HealthConfig.sentiment_months`` months
      <= ``sentiment_level`` (-0.2), or the last month with data at least ``sentiment_drop`` (0.3)
      below the first one in that window: medium.
    - no_key_person_contact: no key person met (activity attended or ``last_contacted``) for more than
      ``no_key_contact_days`` (60): medium; more than ``no_key_contact_high_days`` (120) or never: high.
    - competitor_mentions: a competitor of the account's opportunities named (case-insensitive, in the
      subject or body) in at least ``competitor_min_mentions`` (2) of the last ``competitor_docs`` (3)
      dated documents: medium.
    """

    event_lookback_days: int = 365
    event_min_severity: dict[str, SeverityName] = Field(default_factory=_default_event_floors)
    overdue_days: int = 60
    overdue_high_days: int = 120
    health_drop_points: float = 15.0
    health_drop_high_points: float = 30.0
    health_drop_days: int = 90
    sentiment_level: float = -0.2
    sentiment_drop: float = 0.3
    no_key_contact_days: int = 60
    no_key_contact_high_days: int = 120
    competitor_docs: int = 3
    competitor_min_mentions: int = 2
    #: Days from the sweep's as_of to the due date of the tasks it creates (ours).
    task_due_days: int = 7


class PortfolioConfig(_Section):
    """Portfolio queries (domain.md 14): "at risk" means risk level >= ``at_risk_level`` or health band at_risk."""

    at_risk_level: SeverityName = "medium"
    default_limit: int = 50
    max_limit: int = 10_000
