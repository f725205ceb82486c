"""Result shapes of the sentiment review: text, document, account trend."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, Field

Label = Literal["positive", "neutral", "negative"]


class TermHit(BaseModel):
    """A lexicon term found in a sentence and what it added after negation, modifiers and contrast."""

    term: str
    contribution: float


class SentenceScore(BaseModel):
    """A sentence that carries sentiment."""

    position: int = Field(description="0-based index of the sentence in its text.")
    text: str
    score: float = Field(description="tanh(weighted sum / scale), -1..1.")
    terms: list[TermHit] = Field(default_factory=list)
    document_id: str | None = Field(default=None, description="Set in account results.")


class TopicCount(BaseModel):
    """How often a topic was mentioned and the mean score of the sentences that mention it."""

    topic: str
    count: int
    score: float


class SentimentResult(BaseModel):
    """Sentiment of a text: score -1..1, label, the sentences that carry it, topics."""

    score: float
    label: Label
    language: str
    sentence_count: int
    sentences: list[SentenceScore] = Field(description="Top sentences by |score|.")
    topics: list[TopicCount] = Field(description="By count, most mentioned first.")
    thresholds: dict[str, float] = Field(default_factory=dict)


class DocumentSentiment(SentimentResult):
    """Sentiment of one meeting note or e-mail (subject and body)."""

    document_id: str
    account_id: str | None
    opportunity_id: str | None
    kind: str
    occurred_at: datetime | None
    subject: str | None


class DocumentMove(BaseModel):
    """A document's part in a month's score: contribution = score / documents that month."""

    document_id: str
    occurred_at: datetime
    subject: str | None
    score: float
    contribution: float


class MonthSentiment(BaseModel):
    """One month of an account's trend: mean document score and the documents that moved it."""

    month: str = Field(description="YYYY-MM (UTC).")
    score: float
    document_count: int
    documents: list[DocumentMove] = Field(description="Largest |contribution| first; neutral documents left out.")


class AccountSentiment(BaseModel):
    """An account's documents over a window of months ending with ``as_of``."""

    account_id: str
    account_name: str
    as_of: date
    months: int
    from_month: str
    to_month: str
    score: float = Field(description="Mean score of the documents in the window (0 when there are none).")
    label: Label
    document_count: int
    sentences: list[SentenceScore]
    topics: list[TopicCount]
    trend: list[MonthSentiment] = Field(description="Months with documents, oldest first.")
    thresholds: dict[str, float] = Field(default_factory=dict)
