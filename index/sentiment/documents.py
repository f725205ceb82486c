"""Sentiment of stored meeting notes and e-mails: per document, and per account by month.

Access is applied inside every query (assistant.crm.access). A document or account the user may
not see raises :class:`SentimentNotFoundError` with exactly the message a missing one gets; the
service turns it into ``tools.base.NotFoundError`` (index must not import tools: the two layers
are independent).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, cast

from sqlalchemy import select
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session, col

from assistant.crm.access import account_visible
from assistant.crm.models import Account, Document, User
from index.sentiment.config import DEFAULT_CONFIG, SentimentConfig
from index.sentiment.lexicon import TOPICS
from index.sentiment.results import (
    AccountSentiment,
    DocumentMove,
    DocumentSentiment,
    MonthSentiment,
    SentenceScore,
    TopicCount,
)
from index.sentiment.scorer import score_text


def _visible(user: User, column: Any) -> ColumnElement[bool]:
    # sqlmodel's col() is typed as an ORM attribute; account_visible wants the column expression.
    return account_visible(user, cast(ColumnElement[str], column))


class SentimentNotFoundError(LookupError):
    """No visible record matches (same message for missing and not permitted)."""

    def __init__(self, kind: str, ref: str) -> None:
        super().__init__(f"no {kind} matches {ref!r}")
        self.kind = kind
        self.ref = ref


def document_text(document: Document) -> str:
    """The text a document is scored on: its subject, then its body."""
    return "\n".join(part for part in (document.subject, document.body) if part and part.strip())


def score_document(document: Document, config: SentimentConfig | None = None) -> DocumentSentiment:
    """Score one document row (no access check: callers load rows through access-filtered queries)."""
    result = score_text(document_text(document), document.language, config=config)
    return DocumentSentiment(
        **result.model_dump(),
        document_id=document.id,
        account_id=document.account_id,
        opportunity_id=document.opportunity_id,
        kind=document.kind,
        occurred_at=document.occurred_at,
        subject=document.subject,
    )


def review_document(
    session: Session, *, user: User, document_id: str, config: SentimentConfig | None = None
) -> DocumentSentiment:
    """Sentiment review of one meeting note or e-mail the user may see (its account's access rule).

    Returns score -1..1, label, the sentences that carry it (with the terms found) and topics.
    Raises SentimentNotFoundError when the document does not exist or is not visible.
    """
    query = select(Document).where(col(Document.id) == document_id.strip(), _visible(user, col(Document.account_id)))
    document = session.execute(query).scalar_one_or_none()
    if document is None:
        raise SentimentNotFoundError("document", document_id)
    return score_document(document, config)


def month_key(moment: datetime) -> str:
    """YYYY-MM of a date-time in UTC."""
    return moment.astimezone(UTC).strftime("%Y-%m")


def window_start(as_of: date, months: int) -> date:
    """The first day of the month ``months - 1`` months before ``as_of``'s month."""
    if months < 1:
        raise ValueError(f"months: must be at least 1, got {months}")
    index = as_of.year * 12 + as_of.month - 1 - (months - 1)
    return date(index // 12, index % 12 + 1, 1)


def _window_documents(session: Session, account_id: str, as_of: date, months: int) -> list[Document]:
    start = datetime.combine(window_start(as_of, months), time.min, tzinfo=UTC)
    end = datetime.combine(as_of + timedelta(days=1), time.min, tzinfo=UTC)
    query = (
        select(Document)
        .where(
            col(Document.account_id) == account_id,
            col(Document.occurred_at) >= start,
            col(Document.occurred_at) < end,
        )
        .order_by(col(Document.occurred_at), col(Document.id))
    )
    return list(session.execute(query).scalars())


def _scored(
    session: Session, account_id: str, as_of: date, months: int, config: SentimentConfig | None
) -> list[tuple[Document, DocumentSentiment]]:
    return [(d, score_document(d, config)) for d in _window_documents(session, account_id, as_of, months)]


def _trend(scored: list[tuple[Document, DocumentSentiment]], config: SentimentConfig) -> list[MonthSentiment]:
    by_month: dict[str, list[tuple[Document, DocumentSentiment]]] = defaultdict(list)
    for document, result in scored:
        assert document.occurred_at is not None  # the window query only returns dated documents
        by_month[month_key(document.occurred_at)].append((document, result))
    trend = []
    for month in sorted(by_month):
        rows = by_month[month]
        moves = [
            DocumentMove(
                document_id=document.id,
                occurred_at=document.occurred_at,
                subject=document.subject,
                score=result.score,
                contribution=round(result.score / len(rows), 4),
            )
            for document, result in rows
            if result.score != 0
        ]
        moves.sort(key=lambda m: (-abs(m.contribution), m.document_id))
        trend.append(
            MonthSentiment(
                month=month,
                score=round(sum(result.score for _, result in rows) / len(rows), 4),
                document_count=len(rows),
                documents=moves[: config.trend_documents],
            )
        )
    return trend


def monthly_sentiment(
    session: Session, account_id: str, as_of: date, *, months: int = 12, config: SentimentConfig | None = None
) -> dict[str, float]:
    """Mean document sentiment per month (YYYY-MM -> -1..1) of an account, for months with documents.

    Covers the ``months`` calendar months ending with ``as_of``'s month, documents dated on or
    before ``as_of``. No access check: for callers that already resolved a visible account (the
    health index's "sentiment trend" indicator, the risk sweep).
    """
    trend = _trend(_scored(session, account_id, as_of, months, config), config or DEFAULT_CONFIG)
    return {month.month: month.score for month in trend}


def _account_topics(results: list[DocumentSentiment]) -> list[TopicCount]:
    counts: dict[str, int] = defaultdict(int)
    weighted: dict[str, float] = defaultdict(float)
    for result in results:
        for topic in result.topics:
            counts[topic.topic] += topic.count
            weighted[topic.topic] += topic.score * topic.count
    topics = [TopicCount(topic=t, count=n, score=round(weighted[t] / n, 4)) for t, n in counts.items()]
    return sorted(topics, key=lambda t: (-t.count, TOPICS.index(t.topic)))


def _account_sentences(results: list[DocumentSentiment], limit: int) -> list[SentenceScore]:
    ranked = [
        (order, sentence.model_copy(update={"document_id": result.document_id}))
        for order, result in enumerate(results)
        for sentence in result.sentences
    ]
    ranked.sort(key=lambda pair: (-abs(pair[1].score), pair[0], pair[1].position))
    return [sentence for _, sentence in ranked[:limit]]


def account_trend(
    session: Session,
    *,
    user: User,
    account_id: str,
    as_of: date,
    months: int = 12,
    config: SentimentConfig | None = None,
) -> AccountSentiment:
    """Sentiment of an account's meeting notes and e-mails over ``months`` months ending with ``as_of``.

    ``score`` is the mean document score in the window; ``trend`` lists each month with documents
    (oldest first), its mean score and the documents that moved it (largest |contribution| first).
    ``sentences`` are the strongest sentences across documents, ``topics`` the summed topic counts.
    Undated documents and documents after ``as_of`` are left out. Raises SentimentNotFoundError when
    the account does not exist or is not visible to ``user``.
    """
    config = config or DEFAULT_CONFIG
    query = select(Account).where(col(Account.id) == account_id, _visible(user, col(Account.id)))
    account = session.execute(query).scalar_one_or_none()
    if account is None:
        raise SentimentNotFoundError("account", account_id)
    scored = _scored(session, account.id, as_of, months, config)
    results = [result for _, result in scored]
    score = round(sum(r.score for r in results) / len(results), 4) if results else 0.0
    return AccountSentiment(
        account_id=account.id,
        account_name=account.name,
        as_of=as_of,
        months=months,
        from_month=window_start(as_of, months).strftime("%Y-%m"),
        to_month=as_of.strftime("%Y-%m"),
        score=score,
        label=config.label(score),
        document_count=len(results),
        sentences=_account_sentences(results, config.top_sentences),
        topics=_account_topics(results),
        trend=_trend(scored, config),
        thresholds=config.thresholds,
    )
