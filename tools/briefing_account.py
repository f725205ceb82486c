"""The account-score sections of a briefing: tier and RFM segment, health, risks.

Each is the result of its own tool (tools/rfm, tools/health, tools/risk) for the same ``as_of``,
with the monthly document sentiment of :mod:`tools.sentiment_inputs` (the input the health
index, the risk scan and the next best actions take), reduced to what a manager reads, with ``record:id`` citations.
"""

from __future__ import annotations

from datetime import date

from sqlmodel import Session

from assistant.crm.models import Account, User
from tools.base import Evidence
from tools.briefing_models import ActionTakenLine, HealthPart, Indicator, RfmPart, RiskPart, RiskSignal
from tools.config import ScoringConfig
from tools.health import HealthResult, score_health
from tools.rfm import RfmResult, score_rfm
from tools.risk import scan_risk
from tools.sentiment_inputs import account_sentiment

WEAKEST = 3

#: Which evidence records back each health indicator (the others rest on the account's aggregates).
_INDICATOR_RECORDS: dict[str, tuple[str, ...]] = {
    "payment_timeliness": ("order",),
    "overdue_receivables": ("order",),
    "sla_breaches": ("ticket",),
    "open_complaints": ("ticket",),
    "nps": ("survey",),
}


def _cite(evidence: list[Evidence], *records: str) -> list[str]:
    return sorted({f"{e.record}:{e.id}" for e in evidence if not records or e.record in records})


def sentiment_months(session: Session, account: Account, as_of: date, config: ScoringConfig) -> dict[str, float]:
    """Mean document sentiment per month (YYYY-MM -> -1..1), the input health, risk and next actions
    take, built the one way every surface builds it (:mod:`tools.sentiment_inputs`)."""
    return account_sentiment(session, account.id, as_of, config)


def rfm_of(session: Session, user: User, account: Account, as_of: date, config: ScoringConfig) -> RfmResult:
    """The RFM tool's result for the account."""
    return score_rfm(session, user=user, account_id=account.id, as_of=as_of, config=config)


def rfm_part(rfm: RfmResult) -> RfmPart:
    """Tier and segment, citing the last paid order and the account's paid totals."""
    return RfmPart(
        r=rfm.r,
        f=rfm.f,
        m=rfm.m,
        segment=rfm.segment,
        segment_en=rfm.segment_en,
        segment_zh=rfm.segment_zh,
        tier=rfm.tier,
        sources=_cite(rfm.evidence),
    )


def health_of(
    session: Session, user: User, account: Account, as_of: date, config: ScoringConfig, months: dict[str, float]
) -> HealthResult:
    """The health tool's result for the account, fed the document sentiment of its window."""
    return score_health(
        session, user=user, account_id=account.id, as_of=as_of, config=config, sentiment_by_month=months or None
    )


def health_part(health: HealthResult, rfm: RfmResult) -> HealthPart:
    """Score and band, the weakest indicators under 100 (lowest first) and those without data."""
    account = f"account:{health.account_id}"
    scored = [i for i in health.indicators if i.score is not None and i.score < 100]
    scored.sort(key=lambda i: (i.score, [x.name for x in health.indicators].index(i.name)))
    weakest = []
    for ind in scored[:WEAKEST]:
        assert ind.score is not None
        if ind.name == "recency":
            sources = [f"order:{rfm.last_order_id}"] if rfm.last_order_id else [account]
        elif ind.name in _INDICATOR_RECORDS:
            sources = _cite(health.evidence, *_INDICATOR_RECORDS[ind.name]) or [account]
        else:
            sources = [account]
        weakest.append(Indicator(name=ind.name, score=round(ind.score, 2), sources=sources))
    return HealthPart(
        score=round(health.score, 2),
        band=health.band,
        weakest=weakest,
        missing=list(health.missing),
        sources=sorted({account, *_cite(health.evidence)}),
    )


def risk_part(
    session: Session, user: User, account: Account, as_of: date, config: ScoringConfig, months: dict[str, float]
) -> RiskPart:
    """Risk level, each signal with its evidence, and the automatic actions the risk sweep took."""
    result = scan_risk(
        session, user=user, account_id=account.id, as_of=as_of, config=config, sentiment_by_month=months or None
    )
    signals = [
        RiskSignal(kind=s.kind, severity=s.severity, detail=s.summary, sources=_cite(s.evidence))
        for s in result.signals
    ]
    actions = [
        ActionTakenLine(
            kind=a.kind,
            detail=f"{a.trigger}, {a.severity}, as of {a.as_of.isoformat()}"
            + (f", undone by {a.undone_by}" if a.undone_at is not None else ""),
            sources=[f"risk_action:{a.id}"],
        )
        for a in result.actions_taken
    ]
    return RiskPart(
        level=result.level,
        signals=signals,
        actions_taken=actions,
        sources=sorted({c for s in signals for c in s.sources}),
    )
