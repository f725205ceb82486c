"""RFM, health and risk of a set of accounts, set-based: the single path every account score takes.

:func:`compute_scores` runs a fixed number of aggregate queries over the accounts of a scope (one
account, a user's portfolio, or all), whatever their number, then the pure vectorised scoring of
:mod:`tools.rfm_scoring`, :mod:`tools.health_scoring` and :mod:`tools.risk_scoring`. The
per-account tools call it with a one-account scope, so they cannot disagree with the portfolio.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TypeVar

import numpy as np
from sqlmodel import Session

from assistant.crm.enums import Role
from assistant.crm.models import User
from tools.account_scope import AccountScope
from tools.base import NotFoundError
from tools.config import ScoringConfig
from tools.facts import AccountIndex, FloatArray, load_index
from tools.facts_orders import order_facts
from tools.facts_reads import FactReads
from tools.facts_relations import activity_facts, contact_facts, service_facts
from tools.facts_risk import CompetitorMention, EventFact, competitor_mentions, risk_events
from tools.health_scoring import HealthArrays, health_arrays, sentiment_level, sentiment_window
from tools.rfm_edges import MonetaryEdges, edges_from_amounts, monetary_edges
from tools.rfm_scoring import RfmArrays, r_score, rfm_arrays
from tools.risk_scoring import RiskArrays, event_severity, risk_arrays

NOW, PAST = "now.", "past."
SentimentInput = Mapping[str, Mapping[str, float]]
_Row = TypeVar("_Row", EventFact, CompetitorMention)


@dataclass(frozen=True)
class AccountScores:
    """Scores of every account of ``index`` as of ``as_of`` (health/risk None when not asked)."""

    index: AccountIndex
    as_of: date
    past: date
    edges: MonetaryEdges
    facts: dict[str, FloatArray]
    rfm: RfmArrays
    health: HealthArrays | None = None
    health_past: HealthArrays | None = None
    risk: RiskArrays | None = None
    events: dict[str, list[EventFact]] = field(default_factory=dict)
    mentions: dict[str, list[CompetitorMention]] = field(default_factory=dict)
    sentiment_months: dict[str, list[tuple[str, float]]] = field(default_factory=dict)
    key_contact_days: FloatArray | None = None
    #: False when M was not computed (``monetary=False``): then M, segment and tier are meaningless.
    monetary: bool = True


def _covers_all(scope: AccountScope) -> bool:
    return scope.account_id is None and (scope.user is None or scope.user.role == Role.ADMIN)


def compute_scores(
    session: Session,
    scope: AccountScope,
    *,
    as_of: date,
    config: ScoringConfig | None = None,
    health: bool = True,
    risk: bool = True,
    edges: MonetaryEdges | None = None,
    sentiment: SentimentInput | None = None,
    detail: bool = False,
    monetary: bool = True,
) -> AccountScores:
    """Compute the scores of the accounts in ``scope``; ``risk`` implies ``health`` (it needs the
    health drop over ``risk.health_drop_days``). ``sentiment`` maps account id -> {YYYY-MM: -1..1}; the
    health of the earlier date reads the months of its own window from the same mapping.
    ``detail`` adds each F quarter's paid-order count to the facts (evidence for one account).
    ``monetary=False`` skips the M edges (the global quintile query) for callers that report no M."""
    config = config or ScoringConfig()
    health = health or risk
    past = as_of - timedelta(days=config.risk.health_drop_days)
    index = load_index(session, scope)  # also builds the scope's shared CTE before any worker uses it
    dates = [(NOW, as_of)] + ([(PAST, past)] if risk else [])
    order_dates = [(NOW, as_of, True)] + ([(PAST, past, False)] if risk else [])
    # A portfolio's queries overlap on worker connections (tools.facts_reads); one account's run in turn.
    with FactReads(session, concurrent=scope.account_id is None) as reads:
        # Slowest first: the orders are the largest table.
        parts = [reads.submit(lambda s: order_facts(s, scope, index, order_dates, config, detail=detail))]
        if health:
            parts += [
                reads.submit(lambda s: activity_facts(s, scope, index, dates, config)),
                reads.submit(lambda s: contact_facts(s, scope, index, dates, config)),
                reads.submit(lambda s: service_facts(s, scope, index, dates, config)),
            ]
        if risk:
            event_rows = reads.submit(lambda s: risk_events(s, scope, as_of, config))
            mention_rows = reads.submit(lambda s: competitor_mentions(s, scope, as_of, config))
        facts = parts[0].result()
        if edges is None and not monetary:
            edges = MonetaryEdges(as_of=as_of, mode=config.rfm.m_mode, edges=[], population=0)
        if edges is None:
            if _covers_all(scope) and config.rfm.m_mode == "quintile":
                # The scope is the whole database: its paid totals are exactly the global population.
                paying = ~np.isnan(facts[NOW + "last_paid"])
                edges = edges_from_amounts(as_of, [float(v) for v in facts[NOW + "m"][paying]], config)
            else:
                edges = monetary_edges(session, as_of=as_of, config=config)
        for part in parts[1:]:
            facts.update(part.result())
        if risk:
            events, mentions = _group(event_rows.result()), _group(mention_rows.result())
    rfm = rfm_arrays(as_of, facts[NOW + "last_paid"], facts[NOW + "f_n"], facts[NOW + "m"], edges.edges, config.rfm)
    if not health:
        return AccountScores(index=index, as_of=as_of, past=past, edges=edges, facts=facts, rfm=rfm, monetary=monetary)
    months = config.health.sentiment_months
    windows = _windows(index, sentiment, as_of, months)
    level_now = _level(index, windows)
    health_now = health_arrays(facts, NOW, as_of, rfm.r, level_now, config)
    shown = {aid: window for aid, window in windows.items() if window}
    if not risk:
        return AccountScores(
            index=index,
            as_of=as_of,
            past=past,
            edges=edges,
            facts=facts,
            rfm=rfm,
            health=health_now,
            sentiment_months=shown,
        )
    past_r = r_score(past.toordinal() - facts[PAST + "last_paid"], config.rfm)
    past_level = _level(index, _windows(index, sentiment, past, months))
    health_past = health_arrays(facts, PAST, past, past_r, past_level, config)
    event_max = np.zeros(index.n, dtype=np.int64)
    for aid, rows in events.items():
        event_max[index.pos[aid]] = max(event_severity(e.kind, e.severity, config.risk) for e in rows)
    named = np.zeros(index.n, dtype=bool)
    # competitor_mentions lists only competitors named at the signal's threshold.
    named[[index.pos[aid] for aid in mentions]] = True
    key_days = as_of.toordinal() - np.fmax(facts[NOW + "last_key_act"], facts[NOW + "last_key_contacted"])
    decline = np.full(index.n, np.nan)
    for aid, window in shown.items():
        if len(window) >= 2:
            decline[index.pos[aid]] = window[-1][1] - window[0][1]
    risk_result = risk_arrays(
        overdue_days=health_now.inputs["overdue_days"],
        health_now=health_now.score,
        health_past=health_past.score,
        sentiment_level=level_now,
        sentiment_decline=decline,
        key_contact_days=key_days,
        competitor_named=named,
        event_max=event_max,
        config=config.risk,
    )
    return AccountScores(
        index=index,
        as_of=as_of,
        past=past,
        edges=edges,
        facts=facts,
        rfm=rfm,
        health=health_now,
        health_past=health_past,
        risk=risk_result,
        events=events,
        mentions=mentions,
        sentiment_months=shown,
        key_contact_days=key_days,
        monetary=monetary,
    )


def one_account_scores(
    session: Session,
    *,
    user: User,
    account_id: str,
    as_of: date,
    config: ScoringConfig,
    sentiment_by_month: Mapping[str, float] | None = None,
    health: bool = True,
    risk: bool = True,
    edges: MonetaryEdges | None = None,
    detail: bool = False,
    monetary: bool = True,
) -> AccountScores:
    """:func:`compute_scores` for one account the user may see (index 0 of the result).

    ``sentiment_by_month`` is that account's {YYYY-MM: -1..1}; the other flags are those of compute_scores.
    Raises NotFoundError when the account does not exist or the user may not see it.
    """
    scores = compute_scores(
        session,
        AccountScope(user=user, account_id=account_id),
        as_of=as_of,
        config=config,
        health=health,
        risk=risk,
        edges=edges,
        sentiment={account_id: sentiment_by_month} if sentiment_by_month else None,
        detail=detail,
        monetary=monetary,
    )
    if scores.index.n != 1:
        raise NotFoundError("account", account_id)
    return scores


def _windows(
    index: AccountIndex, sentiment: SentimentInput | None, day: date, months: int
) -> dict[str, list[tuple[str, float]]]:
    if not sentiment:
        return {}
    return {aid: sentiment_window(sentiment[aid], day, months) for aid in sorted(sentiment) if aid in index.pos}


def _level(index: AccountIndex, windows: dict[str, list[tuple[str, float]]]) -> FloatArray:
    level = np.full(index.n, np.nan)
    for aid, window in windows.items():
        if window:
            level[index.pos[aid]] = sentiment_level(window)
    return level


def _group(rows: Sequence[_Row]) -> dict[str, list[_Row]]:
    grouped: dict[str, list[_Row]] = {}
    for row in rows:
        grouped.setdefault(row.account_id, []).append(row)
    return grouped
