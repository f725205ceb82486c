"""Portfolio queries (domain.md 14): RFM, health and risk of every account a user may see, filtered
and ranked, computed set-based by :func:`tools.account_scores.compute_scores` (a fixed number of
aggregate queries whatever the number of accounts; the per-account tools run the same code).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Literal

import numpy as np
from pydantic import BaseModel, Field
from sqlmodel import Session

from assistant.crm.models import User
from tools.account_scope import AccountScope
from tools.account_scores import AccountScores, compute_scores
from tools.base import Threshold, ToolError, ToolResult
from tools.config import ScoringConfig
from tools.rfm_edges import MonetaryEdges
from tools.risk_scoring import INTERNAL_SIGNALS, SEVERITY_NAMES, SEVERITY_RANK

SortKey = Literal[
    "health", "confidence", "risk", "r", "f", "m", "rfm", "r_days", "m_amount", "key_contact_days", "name", "id"
]
SORT_KEYS: tuple[str, ...] = SortKey.__args__  # type: ignore[attr-defined]
#: Natural direction per sort key: worst health first, highest risk and scores first, names A-Z.
_DEFAULT_DESCENDING = {"health": False, "confidence": False, "name": False, "id": False}


class PortfolioRow(BaseModel):
    """One account of the portfolio with its scores."""

    account_id: str
    name: str
    owner_id: str
    status: str
    tier: str
    segment: str
    r: int
    f: int
    m: int
    r_days: int | None
    m_amount: float
    health: float
    band: str
    confidence: float
    risk_level: str
    signals: list[str] = Field(description="Kinds of the risk signals and events present.")
    key_contact_days: int | None = Field(description="Days since the last key-person contact; None if never.")
    at_risk: bool


class PortfolioResult(ToolResult):
    """Accounts matching the filters, ranked; ``matched`` counts all matches before ``limit``."""

    as_of: date
    visible_accounts: int
    matched: int
    sort_by: str
    descending: bool
    filters: dict[str, object]
    rows: list[PortfolioRow]


def query_portfolio(
    session: Session,
    *,
    user: User,
    as_of: date,
    at_risk: bool = False,
    tiers: Sequence[str] | None = None,
    segments: Sequence[str] | None = None,
    bands: Sequence[str] | None = None,
    min_risk: str | None = None,
    no_key_contact_days: int | None = None,
    sort_by: str = "health",
    descending: bool | None = None,
    limit: int | None = None,
    config: ScoringConfig | None = None,
    sentiment: Mapping[str, Mapping[str, float]] | None = None,
    m_edges: MonetaryEdges | None = None,
) -> PortfolioResult:
    """Rank the accounts the user may see by any score, after filters, e.g. "my accounts at risk"
    (``at_risk``: risk level >= medium or health band at_risk), "A-tier accounts with no key-person
    contact in 30 days" (``tiers=["A"], no_key_contact_days=30``: last contact more than 30 days ago or
    never). ``sort_by``: health, confidence, risk, r, f, m, rfm (R+F+M), r_days, m_amount,
    key_contact_days, name, id; ties by account id. ``descending`` None = natural order (health worst
    first, everything else highest first, names A-Z). ``limit`` defaults to 50.
    """
    config = config or ScoringConfig()
    p = config.portfolio
    if sort_by not in SORT_KEYS:
        raise ToolError(f"sort_by: {sort_by!r} is not one of {', '.join(SORT_KEYS)}")
    if min_risk is not None and min_risk not in SEVERITY_RANK:
        raise ToolError(f"min_risk: {min_risk!r} is not one of low, medium, high")
    limit = p.default_limit if limit is None else limit
    if not 1 <= limit <= p.max_limit:
        raise ToolError(f"limit: must be between 1 and {p.max_limit}, got {limit}")
    desc = _DEFAULT_DESCENDING.get(sort_by, True) if descending is None else descending
    scores = compute_scores(
        session, AccountScope(user=user), as_of=as_of, config=config, edges=m_edges, sentiment=sentiment
    )
    assert scores.health is not None and scores.risk is not None and scores.key_contact_days is not None
    flagged = (scores.risk.level >= SEVERITY_RANK[p.at_risk_level]) | (np.array(scores.health.band) == "at_risk")
    mask = np.ones(scores.index.n, dtype=bool)
    if at_risk:
        mask &= flagged
    for values, wanted in ((scores.rfm.tier, tiers), (scores.rfm.segment, segments), (scores.health.band, bands)):
        if wanted:
            mask &= np.isin(np.array(values, dtype=object), list(wanted))
    if min_risk is not None:
        mask &= scores.risk.level >= SEVERITY_RANK[min_risk]
    if no_key_contact_days is not None:
        days = scores.key_contact_days
        mask &= np.isnan(days) | (days > no_key_contact_days)
    order = _order(scores, sort_by, desc, np.flatnonzero(mask))
    filters: dict[str, object] = {
        "at_risk": at_risk,
        "tiers": sorted(tiers or []),
        "segments": sorted(segments or []),
        "bands": sorted(bands or []),
        "min_risk": min_risk,
        "no_key_contact_days": no_key_contact_days,
    }
    return PortfolioResult(
        as_of=as_of,
        visible_accounts=scores.index.n,
        matched=int(mask.sum()),
        sort_by=sort_by,
        descending=desc,
        filters=filters,
        rows=[_row(scores, int(i), bool(flagged[i])) for i in order[:limit]],
        thresholds=[
            Threshold(name="at_risk", value=p.at_risk_level, rule="risk level >= this, or health band at_risk"),
            Threshold(name="m_edges", value=list(scores.edges.edges), rule=scores.edges.mode),
        ],
    )


def _sort_values(scores: AccountScores, key: str) -> np.ndarray:
    rfm, health, risk = scores.rfm, scores.health, scores.risk
    assert health is not None and risk is not None and scores.key_contact_days is not None
    columns = {
        "health": health.score,
        "confidence": health.confidence,
        "risk": risk.level.astype(np.float64),
        "r": rfm.r.astype(np.float64),
        "f": rfm.f.astype(np.float64),
        "m": rfm.m.astype(np.float64),
        "rfm": (rfm.r + rfm.f + rfm.m).astype(np.float64),
        "r_days": rfm.r_days,
        "m_amount": rfm.m_amount,
        "key_contact_days": scores.key_contact_days,
    }
    return columns[key]


def _order(scores: AccountScores, key: str, descending: bool, candidates: np.ndarray) -> list[int]:
    """Positions sorted by ``key`` (missing values last), ties by account id (index order)."""
    if key in ("name", "id"):
        texts = scores.index.names if key == "name" else scores.index.ids
        # Stable sort over candidates in id order: equal names stay by id, also when reversed.
        return sorted(candidates.tolist(), key=lambda i: texts[i], reverse=descending)
    values = _sort_values(scores, key)[candidates]
    missing = np.isnan(values)
    primary = np.where(missing, 0.0, -values if descending else values)
    # np.lexsort sorts by the last key first: missing flag, then value, then position (= id order).
    return [int(i) for i in candidates[np.lexsort((candidates, primary, missing))]]


def _row(scores: AccountScores, i: int, at_risk: bool) -> PortfolioRow:
    rfm, health, risk = scores.rfm, scores.health, scores.risk
    assert health is not None and risk is not None and scores.key_contact_days is not None
    account_id = scores.index.ids[i]
    kinds = {kind for kind in INTERNAL_SIGNALS if risk.internal[kind][i] > 0}
    kinds |= {event.kind for event in scores.events.get(account_id, [])}
    key_days = float(scores.key_contact_days[i])
    return PortfolioRow(
        account_id=account_id,
        name=scores.index.names[i],
        owner_id=scores.index.owners[i],
        status=scores.index.statuses[i],
        tier=rfm.tier[i],
        segment=rfm.segment[i],
        r=int(rfm.r[i]),
        f=int(rfm.f[i]),
        m=int(rfm.m[i]),
        r_days=None if not rfm.has_paid[i] else int(rfm.r_days[i]),
        m_amount=float(rfm.m_amount[i]),
        health=float(health.score[i]),
        band=health.band[i],
        confidence=float(health.confidence[i]),
        risk_level=SEVERITY_NAMES[int(risk.level[i])],
        signals=sorted(kinds),
        key_contact_days=None if key_days != key_days else int(key_days),
        at_risk=at_risk,
    )
