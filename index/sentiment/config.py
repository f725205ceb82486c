"""Every number the sentiment scorer uses, with defaults a deployment can override.

``SentimentConfig.model_validate({...})`` rejects unknown keys, so a typo fails loudly.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, model_validator

from index.sentiment.results import Label


class SentimentConfig(BaseModel):
    """Weights and thresholds of :func:`index.sentiment.score_text` (domain.md section 11)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    scale: float = Field(2.0, gt=0, description="A sentence's score is tanh(weighted sum / scale).")
    positive_threshold: float = Field(0.3, gt=0, lt=1, description="Score >= this is labelled positive.")
    negative_threshold: float = Field(-0.3, gt=-1, lt=0, description="Score <= this is labelled negative.")
    negation_window: int = Field(3, ge=1, description="How many units before a term a negator may stand.")
    modifier_window: int = Field(2, ge=1, description="How many units before a term an intensifier may stand.")
    negation_factor: float = Field(0.75, gt=0, le=1, description="A negated term counts -weight x this.")
    contrast_before: float = Field(
        0.5, ge=0, le=1, description="Weight of the part before 'but' / the 'although' clause."
    )
    contrast_after: float = Field(
        1.5, ge=1, description="Weight of the part after 'but' / outside the 'although' clause."
    )
    question_factor: float = Field(0.3, ge=0, le=1, description="A question's terms count this much.")
    conditional_factor: float = Field(0.5, ge=0, le=1, description="A conditional sentence's terms count this much.")
    competitor_window: int = Field(3, ge=0, description="Units after an adoption verb that may name a competitor.")
    neutral_sentence_weight: float = Field(
        0.1, ge=0, le=1, description="How much a sentence without sentiment dilutes a document's score."
    )
    top_sentences: int = Field(3, ge=1, description="How many sentences carry the score in a result.")
    trend_documents: int = Field(5, ge=1, description="How many documents are listed per month of a trend.")

    @model_validator(mode="after")
    def _windows(self) -> SentimentConfig:
        if self.modifier_window > self.negation_window:
            raise ValueError("modifier_window must not exceed negation_window")
        return self

    @property
    def thresholds(self) -> dict[str, float]:
        """The label thresholds, as results report them."""
        return {"positive": self.positive_threshold, "negative": self.negative_threshold}

    def label(self, score: float) -> Label:
        """``positive``, ``negative`` or ``neutral`` for a score in -1..1."""
        if score >= self.positive_threshold:
            return "positive"
        if score <= self.negative_threshold:
            return "negative"
        return "neutral"


DEFAULT_CONFIG = SentimentConfig()
