"""RFM of one account (domain.md 2): recency, frequency, monetary scores, segment and tier.

The scores come from :func:`tools.account_scores.compute_scores` over a one-account scope, the same
computation the portfolio runs for many accounts; this module adds the evidence a person needs to
check the result by hand (the last paid order, the paid orders of each quarter, the M edges).
"""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field
from sqlalchemy import select
from sqlmodel import Session, col

from assistant.crm.models import Order, User
from tools.account_scores import NOW, AccountScores, one_account_scores
from tools.base import Evidence, Threshold, ToolResult
from tools.config import ScoringConfig
from tools.facts_orders import full_quarters_before, paid_as_of
from tools.rfm_edges import MonetaryEdges
from tools.rfm_scoring import SEGMENT_NAMES


class QuarterCount(BaseModel):
    """Paid orders placed in one calendar quarter (the F evidence)."""

    quarter: str
    start: date
    end: date
    paid_orders: int


class RfmResult(ToolResult):
    """RFM of an account as of a date. Scores are 1-5; a score >= 3 is "high" for the segment."""

    account_id: str
    account_name: str
    as_of: date
    r: int = Field(description="Recency score 1-5.")
    f: int = Field(description="Frequency score 1-5.")
    m: int = Field(description="Monetary score 1-5 (global quintile rank by default).")
    r_days: int | None = Field(description="Days since the last paid order; None if there is none.")
    last_order_id: str | None = Field(description="The last paid order (latest ordered_at, then highest id).")
    last_order_date: date | None
    f_orders_per_quarter: float = Field(description="Paid orders per quarter over the counted quarters.")
    f_quarters: list[QuarterCount]
    m_amount: float = Field(description="Cumulative paid amount as of the date.")
    m_mode: str
    m_edges: list[float] = Field(description="Amounts at which M reaches 2, 3, 4, 5.")
    m_population: int = Field(description="Accounts with a paid order that the quintiles rank (all accounts).")
    segment: str = Field(description="Segment code, e.g. important_value, needs_waking.")
    segment_en: str
    segment_zh: str
    tier: str = Field(description="A/B/C/D from R+F+M.")


def score_rfm(
    session: Session,
    *,
    user: User,
    account_id: str,
    as_of: date,
    config: ScoringConfig | None = None,
    m_edges: MonetaryEdges | None = None,
) -> RfmResult:
    """RFM scores, segment (Chinese and English) and tier of one account the user may see, as of a date.

    R: days since the last paid order (<=30 -> 5, 31-60 -> 4, 61-90 -> 3, 91-180 -> 2, else or none 1).
    F: paid orders per quarter over the four full calendar quarters before ``as_of``'s quarter
    (>=6 -> 5, >=3 -> 4, >=1.5 -> 3, >=0.5 -> 2, else 1). M: cumulative paid amount ranked by quintile
    among ALL accounts with a paid order (a global rank). Tier: R+F+M >= 13 A, >= 10 B, >= 7 C, else D.
    ``m_edges`` may carry precomputed edges for ``as_of`` (a service cache); otherwise they are computed.
    Raises NotFoundError when the account does not exist or the user may not see it.
    """
    config = config or ScoringConfig()
    scores = one_account_scores(
        session,
        user=user,
        account_id=account_id,
        as_of=as_of,
        config=config,
        health=False,
        risk=False,
        edges=m_edges,
        detail=True,
    )
    return rfm_result(session, scores, 0, config)


def rfm_result(session: Session, scores: AccountScores, i: int, config: ScoringConfig) -> RfmResult:
    """The RFM result of account ``i`` of computed ``scores`` (with evidence queries for that account)."""
    rfm, as_of, account_id = scores.rfm, scores.as_of, scores.index.ids[i]
    last = None
    if rfm.has_paid[i]:
        last = session.execute(
            select(Order)
            .where(col(Order.account_id) == account_id, paid_as_of(as_of))
            .order_by(col(Order.ordered_at).desc(), col(Order.id).desc())
            .limit(1)
        ).scalar_one()
    quarters: list[QuarterCount] = []
    if f"{NOW}fq0" in scores.facts:  # per-quarter counts are fetched only for one-account evidence
        quarters = [
            QuarterCount(quarter=q.label, start=q.start, end=q.end, paid_orders=int(scores.facts[f"{NOW}fq{k}"][i]))
            for k, q in enumerate(full_quarters_before(as_of, config.rfm.f_quarters))
        ]
    en, zh = SEGMENT_NAMES[rfm.segment[i]]
    evidence = []
    if last is not None:
        evidence.append(
            Evidence(
                record="order",
                id=last.id,
                values={"ordered_at": last.ordered_at.isoformat(), "paid_at": str(last.paid_at), "amount": last.amount},
            )
        )
    evidence.append(
        Evidence(
            record="account",
            id=account_id,
            values={
                "paid_orders_in_quarters": int(rfm.f_count[i]),
                "paid_amount": float(rfm.m_amount[i]),
                "m_edges": list(scores.edges.edges),
            },
        )
    )
    c = config.rfm
    thresholds = [
        Threshold(name="r_days", value=list(c.r_days), rule="R 5 if days <= 1st, 4 <= 2nd, 3 <= 3rd, 2 <= 4th, else 1"),
        Threshold(name="f_per_quarter", value=list(c.f_per_quarter), rule="F 1 + thresholds reached (orders/quarter)"),
        Threshold(name="m_edges", value=list(scores.edges.edges), rule=f"M 1 + edges reached ({scores.edges.mode})"),
        Threshold(name="high_score", value=c.high_score, rule="segment: score >= this is high"),
        Threshold(name="tiers", value=[c.tier_a, c.tier_b, c.tier_c], rule="R+F+M >= A, B, C; else D"),
    ]
    return RfmResult(
        account_id=account_id,
        account_name=scores.index.names[i],
        as_of=as_of,
        r=int(rfm.r[i]),
        f=int(rfm.f[i]),
        m=int(rfm.m[i]),
        r_days=None if last is None else int(rfm.r_days[i]),
        last_order_id=None if last is None else last.id,
        last_order_date=None if last is None else last.ordered_at,
        f_orders_per_quarter=float(rfm.f_count[i]) / c.f_quarters,
        f_quarters=quarters,
        m_amount=float(rfm.m_amount[i]),
        m_mode=scores.edges.mode,
        m_edges=list(scores.edges.edges),
        m_population=scores.edges.population,
        segment=rfm.segment[i],
        segment_en=en,
        segment_zh=zh,
        tier=rfm.tier[i],
        evidence=evidence,
        thresholds=thresholds,
    )
