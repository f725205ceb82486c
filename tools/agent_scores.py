"""The account scores as the agent calls them: RFM, health, risk, the portfolio, next actions, briefing.

Thin typed adapters over :mod:`tools.rfm`, :mod:`tools.health`, :mod:`tools.risk` and
:mod:`tools.portfolio`: they resolve the account reference the model passes (id, name or alias;
access applied in the query; ambiguous names raise AmbiguousError with the candidates) and feed
health and risk the monthly document sentiment from :mod:`tools.sentiment_inputs`, so the agent's
scores equal the ones every other surface shows. The docstrings are the contract with the LLM.
"""

from __future__ import annotations

from datetime import date
from typing import Literal, TypeVar

from sqlmodel import Session

from assistant.crm.access import visible_account_ids
from assistant.crm.models import User
from tools.base import Evidence, ToolResult
from tools.briefing import account_briefing as briefing_of
from tools.briefing_models import Briefing
from tools.config import ScoringConfig
from tools.health import HealthResult, score_health
from tools.lookup import resolve_account
from tools.next_actions import NextActionsResult
from tools.next_actions import next_best_actions as rank_actions
from tools.portfolio import PortfolioResult, query_portfolio
from tools.rfm import RfmResult, score_rfm
from tools.risk import RiskResult, scan_risk
from tools.sentiment_inputs import account_sentiment, portfolio_sentiment

Tier = Literal["A", "B", "C", "D"]
Band = Literal["healthy", "watch", "at_risk"]
Severity = Literal["low", "medium", "high"]
SortKey = Literal["health", "risk", "rfm", "m_amount", "r_days", "key_contact_days", "name"]
DEFAULT_LIMIT = 10
#: Records a briefing cites at most (its sections keep their own ``sources``).
MAX_BRIEFING_CITATIONS = 40
MAX_LIMIT = 200


R = TypeVar("R", bound=ToolResult)


def _cite_account(result: R, account_id: str) -> R:
    """``result`` with the account itself first among its evidence (every answer cites its account)."""
    if any(e.record == "account" and e.id == account_id for e in result.evidence):
        return result
    return result.model_copy(update={"evidence": [Evidence(record="account", id=account_id), *result.evidence]})


def account_rfm(
    session: Session, *, user: User, account: str, as_of: date, config: ScoringConfig | None = None
) -> RfmResult:
    """RFM of an account (id, name or alias): R recency (days since the last paid order), F paid
    orders per quarter over the last four full quarters, M cumulative paid amount (quintile among all
    paying accounts), each scored 1-5; the segment (e.g. important value 重要价值, needs waking 需唤醒)
    and the tier A/B/C/D (R+F+M >= 13, 10, 7). Use for "tier", "segment", "RFM", "客户等级".
    """
    acc = resolve_account(session, user=user, ref=account)
    return score_rfm(session, user=user, account_id=acc.id, as_of=as_of, config=config)


def account_health(
    session: Session, *, user: User, account: str, as_of: date, config: ScoringConfig | None = None
) -> HealthResult:
    """Health index 0-100 of an account (id, name or alias): band healthy (>= 70), watch (50-69) or
    at_risk (< 50); twelve weighted indicators each 0-100 (recency, order-frequency trend, revenue
    trend, payment timeliness, overdue receivables, interaction frequency, key-person meetings, SLA
    breaches, NPS, open complaints, document sentiment trend, decision-chain coverage). Indicators
    without data are listed in ``missing`` and lower ``confidence`` (0-1), not the score.
    """
    acc = resolve_account(session, user=user, ref=account)
    months = account_sentiment(session, acc.id, as_of, config)
    result = score_health(session, user=user, account_id=acc.id, as_of=as_of, config=config, sentiment_by_month=months)
    return _cite_account(result, acc.id)


def risk_scan(
    session: Session, *, user: User, account: str, as_of: date, config: ScoringConfig | None = None
) -> RiskResult:
    """Risk scan of an account (id, name or alias): level none/low/medium/high = the highest signal;
    external events of the last year (dishonest debtor 失信被执行人, legal-representative change 法人变更,
    lawsuit, business abnormality, financial anomaly, negative news) and internal signals (receivables
    overdue > 60 days, health down > 15 points in 90 days, negative sentiment trend, no key-person
    contact for 60 days, a competitor named in two of the last three documents), each with evidence;
    ``actions_taken`` lists what the automatic risk sweep did (frozen quotes, tasks).
    """
    acc = resolve_account(session, user=user, ref=account)
    months = account_sentiment(session, acc.id, as_of, config)
    result = scan_risk(session, user=user, account_id=acc.id, as_of=as_of, config=config, sentiment_by_month=months)
    return _cite_account(result, acc.id)


def _portfolio(
    session: Session,
    user: User,
    as_of: date,
    config: ScoringConfig | None,
    **filters: object,
) -> PortfolioResult:
    ids = [str(i) for i in session.execute(visible_account_ids(user)).scalars()]
    sentiment = portfolio_sentiment(session, ids, as_of, config)
    result = query_portfolio(session, user=user, as_of=as_of, config=config, sentiment=sentiment, **filters)  # type: ignore[arg-type]
    evidence = [Evidence(record="account", id=row.account_id) for row in result.rows]
    return result.model_copy(update={"evidence": evidence})


def portfolio_at_risk(
    session: Session,
    *,
    user: User,
    as_of: date,
    tier: Tier | None = None,
    limit: int = DEFAULT_LIMIT,
    config: ScoringConfig | None = None,
) -> PortfolioResult:
    """The user's accounts at risk (risk level medium or high, or health band at_risk), highest risk
    first then worst health, optionally only one ``tier`` (A-D); at most ``limit`` rows (1-200) with
    tier, segment, health, band, risk level, the signal kinds and days since the last key-person
    contact. ``matched`` counts all accounts at risk; ``visible_accounts`` all the user may see.
    Use for "which of my accounts are at risk", "我的哪些客户有风险".
    """
    return _portfolio(
        session, user, as_of, config, at_risk=True, tiers=[tier] if tier else None, sort_by="risk",
        limit=max(1, min(limit, MAX_LIMIT)),
    )  # fmt: skip


def portfolio_query(
    session: Session,
    *,
    user: User,
    as_of: date,
    tier: Tier | None = None,
    no_key_contact_days: int | None = None,
    band: Band | None = None,
    min_risk: Severity | None = None,
    segment: str | None = None,
    sort_by: SortKey = "health",
    limit: int = DEFAULT_LIMIT,
    config: ScoringConfig | None = None,
) -> PortfolioResult:
    """Filter and rank the accounts the user may see: ``tier`` (A-D), ``no_key_contact_days`` (no
    key-person contact for more than N days, or never), health ``band``, ``min_risk`` level, RFM
    ``segment`` code (e.g. needs_waking, important_value); sorted by ``sort_by`` (health: worst first;
    others: highest first; name: A-Z). Returns at most ``limit`` rows (1-200) and ``matched``, the
    number of all matching accounts. Use for "which of my A-tier accounts had no key-person contact
    in 30 days", "我的A类客户里哪些30天没有联系关键人".
    """
    return _portfolio(
        session, user, as_of, config, tiers=[tier] if tier else None, no_key_contact_days=no_key_contact_days,
        bands=[band] if band else None, min_risk=min_risk, segments=[segment] if segment else None,
        sort_by=sort_by, limit=max(1, min(limit, MAX_LIMIT)),
    )  # fmt: skip


def next_best_actions(
    session: Session, *, user: User, account: str, as_of: date, config: ScoringConfig | None = None
) -> NextActionsResult:
    """Ranked next best actions for an account (id, name or alias), from its risks, RFM segment,
    health indicators, the C139 gaps of its open deals, power-map findings and customer-tree
    cross-sell: each with rank, the finding and its reason, the evidence, the action and its expected
    effect in English and Chinese. Use for "what should I do next", "下一步怎么做".
    """
    acc = resolve_account(session, user=user, ref=account)
    months = account_sentiment(session, acc.id, as_of, config)
    result = rank_actions(
        session, user=user, account=acc.id, as_of=as_of, config=config, sentiment_by_month=months or None
    )
    return _cite_account(result, acc.id)


def account_briefing(
    session: Session,
    *,
    user: User,
    account: str,
    as_of: date,
    language: str | None = None,
    config: ScoringConfig | None = None,
) -> Briefing:
    """A manager briefing of an account (id, name or alias): profile, tier and RFM segment, health
    (weakest and missing indicators), risks (signals, actions taken), open opportunities with C139
    and gaps, power map, customer-tree penetration, sentiment of the last 3 months and the top 5 next
    best actions; each figure cites its records. Use for "brief me on", "客户简报", "prepare me for
    a meeting with".
    """
    result = briefing_of(session, user=user, account_id=account, as_of=as_of, config=config, language=language)
    cited: dict[tuple[str, str], None] = {("account", result.account_id): None}
    for source in _sources(result.model_dump()):
        record, _, ident = source.partition(":")
        if record and ident:
            cited[(record, ident)] = None
    evidence = [Evidence(record=r, id=i) for r, i in list(cited)[:MAX_BRIEFING_CITATIONS]]
    return result.model_copy(update={"evidence": evidence})


def _sources(node: object) -> list[str]:
    """Every ``record:id`` in the ``sources`` lists of a dumped briefing, in document order."""
    found: list[str] = []
    if isinstance(node, dict):
        for key, value in node.items():
            found += [str(s) for s in value] if key == "sources" and isinstance(value, list) else _sources(value)
    elif isinstance(node, list):
        for item in node:
            found += _sources(item)
    return found
