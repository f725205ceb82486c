"""RFM, health and risk of one account in one computation (for briefings and "all scores" calls).

Equal to calling :func:`tools.rfm.score_rfm`, :func:`tools.health.score_health` and
:func:`tools.risk.scan_risk` one after the other, but the aggregate queries run once.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from pydantic import BaseModel
from sqlmodel import Session

from assistant.crm.models import User
from tools.account_scores import one_account_scores
from tools.base import NotFoundError
from tools.config import ScoringConfig
from tools.health import HealthResult, health_result
from tools.rfm import RfmResult, rfm_result
from tools.rfm_edges import MonetaryEdges
from tools.risk import RiskResult, risk_result


class Scorecard(BaseModel):
    """The three account scores, each with its own evidence and thresholds."""

    rfm: RfmResult
    health: HealthResult
    risk: RiskResult


def account_scorecard(
    session: Session,
    *,
    user: User,
    account_id: str,
    as_of: date,
    config: ScoringConfig | None = None,
    sentiment_by_month: Mapping[str, float] | None = None,
    m_edges: MonetaryEdges | None = None,
) -> Scorecard:
    """RFM (segment, tier), health (twelve indicators) and risk scan of one account the user may see.

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
        edges=m_edges,
        detail=True,
    )
    if scores.health is None:
        raise NotFoundError("account", account_id)
    return Scorecard(
        rfm=rfm_result(session, scores, 0, config),
        health=health_result(session, scores, scores.health, 0, config),
        risk=risk_result(session, scores, 0, config),
    )
