"""The monthly document sentiment that health and risk take as input, computed one way for every caller.

Health's "sentiment trend" indicator and risk's "negative sentiment" signal read a mapping
``{account id: {"YYYY-MM": -1..1}}`` (see :mod:`tools.account_scores`). Every surface (agent tools,
briefing, portfolio, CLI) should build it here so one account gets the same score everywhere:
the months cover ``HealthConfig.sentiment_months`` ending with ``as_of``'s month AND with the date
``RiskConfig.health_drop_days`` earlier (the health-drop signal compares the two dates).

:func:`account_sentiment` is :func:`index.sentiment.monthly_sentiment`; :func:`portfolio_sentiment`
computes the same values for many accounts with one query, and document scores are memoised (the
score is a pure function of the text), so a portfolio question does not re-read every note.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict, defaultdict
from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select
from sqlmodel import Session, col

from assistant.crm.models import Document
from index.sentiment import monthly_sentiment, score_document
from index.sentiment.documents import month_key, window_start
from tools.config import ScoringConfig

_CACHE_SIZE = 50_000
_scores: OrderedDict[tuple[str, str], float] = OrderedDict()


def months_needed(as_of: date, config: ScoringConfig | None = None) -> int:
    """Calendar months back from ``as_of``'s month that the health and risk inputs read."""
    config = config or ScoringConfig()
    past = as_of - timedelta(days=config.risk.health_drop_days)
    span = (as_of.year - past.year) * 12 + as_of.month - past.month
    return config.health.sentiment_months + span


def account_sentiment(
    session: Session, account_id: str, as_of: date, config: ScoringConfig | None = None
) -> dict[str, float]:
    """``{"YYYY-MM": mean document score}`` of one (already resolved, visible) account."""
    return monthly_sentiment(session, account_id, as_of, months=months_needed(as_of, config))


def _document_score(document: Document) -> float:
    text = "\x00".join((document.language or "", document.subject or "", document.body or ""))
    key = (document.id, hashlib.sha256(text.encode("utf-8")).hexdigest())
    cached = _scores.get(key)
    if cached is None:
        cached = score_document(document).score
        _scores[key] = cached
        while len(_scores) > _CACHE_SIZE:
            _scores.popitem(last=False)
    return cached


def portfolio_sentiment(
    session: Session, account_ids: Sequence[str], as_of: date, config: ScoringConfig | None = None
) -> dict[str, dict[str, float]]:
    """:func:`account_sentiment` of each of ``account_ids`` (accounts without documents are left out).

    Same window and rule as :func:`index.sentiment.monthly_sentiment`: documents dated from the
    first day of the first month through ``as_of``; a month's value is the mean document score,
    rounded to 4 decimals.
    """
    if not account_ids:
        return {}
    start = datetime.combine(window_start(as_of, months_needed(as_of, config)), time.min, tzinfo=UTC)
    end = datetime.combine(as_of + timedelta(days=1), time.min, tzinfo=UTC)
    wanted = sorted(set(account_ids))
    by_month: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    for chunk in range(0, len(wanted), 500):
        query = (
            select(Document)
            .where(
                col(Document.account_id).in_(wanted[chunk : chunk + 500]),
                col(Document.occurred_at) >= start,
                col(Document.occurred_at) < end,
            )
            .order_by(col(Document.occurred_at), col(Document.id))
        )
        for document in session.execute(query).scalars():
            assert document.account_id is not None and document.occurred_at is not None
            by_month[document.account_id][month_key(document.occurred_at)].append(_document_score(document))
    return {
        account: {month: round(sum(values) / len(values), 4) for month, values in sorted(months.items())}
        for account, months in sorted(by_month.items())
    }
