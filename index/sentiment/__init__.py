"""Deterministic bilingual sentiment review of meeting notes and e-mails (domain.md section 11)."""

from index.sentiment.config import DEFAULT_CONFIG, SentimentConfig
from index.sentiment.documents import (
    SentimentNotFoundError,
    account_trend,
    monthly_sentiment,
    review_document,
    score_document,
)
from index.sentiment.results import (
    AccountSentiment,
    DocumentMove,
    DocumentSentiment,
    MonthSentiment,
    SentenceScore,
    SentimentResult,
    TermHit,
    TopicCount,
)
from index.sentiment.scorer import score_text

__all__ = [
    "DEFAULT_CONFIG",
    "AccountSentiment",
    "DocumentMove",
    "DocumentSentiment",
    "MonthSentiment",
    "SentenceScore",
    "SentimentConfig",
    "SentimentNotFoundError",
    "SentimentResult",
    "TermHit",
    "TopicCount",
    "account_trend",
    "monthly_sentiment",
    "review_document",
    "score_document",
    "score_text",
]
