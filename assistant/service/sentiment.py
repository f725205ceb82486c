"""Sentiment service area: review a document or an account's documents, evaluate the scorer."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from assistant.crm.access import get_user
from assistant.service.core import ServiceCore
from index.sentiment import (
    AccountSentiment,
    DocumentSentiment,
    SentimentNotFoundError,
    account_trend,
    review_document,
)
from index.sentiment.evaluate import SentimentEvaluation, evaluate
from tools.base import NotFoundError
from tools.lookup import resolve_account


class SentimentService(ServiceCore):
    """``tillage sentiment`` and ``tillage eval sentiment``."""

    def document_sentiment(self, document_id: str, *, user_email: str) -> DocumentSentiment:
        """Sentiment of one visible document (NotFoundError when missing or not visible)."""
        with self.session() as session:
            user = get_user(session, email=user_email)
            try:
                return review_document(session, user=user, document_id=document_id)
            except SentimentNotFoundError as exc:
                raise NotFoundError(exc.kind, exc.ref) from None

    def account_sentiment(self, account: str, *, user_email: str, as_of: date, months: int = 12) -> AccountSentiment:
        """Monthly sentiment trend of a visible account given by id, name or alias."""
        with self.session() as session:
            user = get_user(session, email=user_email)
            found = resolve_account(session, user=user, ref=account)
            try:
                return account_trend(session, user=user, account_id=found.id, as_of=as_of, months=months)
            except SentimentNotFoundError as exc:
                raise NotFoundError(exc.kind, exc.ref) from None

    def sentiment_review(
        self, target: str, *, user_email: str, as_of: date, months: int = 12
    ) -> DocumentSentiment | AccountSentiment:
        """A document id first, else an account (id, name or alias): one answer for neither or invisible."""
        try:
            return self.document_sentiment(target, user_email=user_email)
        except NotFoundError:
            pass
        try:
            return self.account_sentiment(target, user_email=user_email, as_of=as_of, months=months)
        except NotFoundError:
            raise NotFoundError("account or document", target) from None

    def evaluate_sentiment(self, path: Path | None = None) -> SentimentEvaluation:
        """Accuracy, macro-F1, per-class metrics and confusion matrix on the labelled set."""
        return evaluate(path)
