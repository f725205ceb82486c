"""Evaluate the scorer on a labelled set (``evals/sentiment/sentences.jsonl``).

Each line: ``{"id", "text", "language", "label", "topics": [...], "split": "train"|"test"}``.
Reports accuracy, macro-F1, per-class precision/recall/F1 and the confusion matrix, overall and per
split and per language, plus micro precision/recall of topics and the misclassified items.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

from pydantic import BaseModel, Field, ValidationError

from index.sentiment.config import SentimentConfig
from index.sentiment.lexicon import TOPICS
from index.sentiment.results import Label
from index.sentiment.scorer import score_text

LABELS: tuple[Label, ...] = ("positive", "neutral", "negative")
SET_RELATIVE_PATH = Path("evals") / "sentiment" / "sentences.jsonl"


class LabelledSentence(BaseModel):
    """One line of the labelled set."""

    id: str = Field(min_length=1)
    text: str = Field(min_length=1)
    language: str
    label: Label
    topics: list[str] = Field(default_factory=list)
    split: str = "train"


class ClassMetrics(BaseModel):
    """Precision, recall and F1 of one label."""

    precision: float
    recall: float
    f1: float
    support: int


class Metrics(BaseModel):
    """Classification metrics over a set of items."""

    n: int
    accuracy: float
    macro_f1: float
    per_class: dict[str, ClassMetrics]
    confusion: dict[str, dict[str, int]] = Field(description="confusion[expected][predicted] = count")


class Miss(BaseModel):
    """A misclassified item."""

    id: str
    split: str
    text: str
    expected: str
    predicted: str
    score: float


class TopicMetrics(BaseModel):
    """Micro-averaged topic detection against the labelled topics."""

    precision: float
    recall: float
    f1: float


class SentimentEvaluation(BaseModel):
    """The evaluation report of :func:`evaluate`."""

    path: str
    overall: Metrics
    splits: dict[str, Metrics]
    languages: dict[str, Metrics]
    topics: TopicMetrics
    misses: list[Miss]


def default_set_path() -> Path:
    """The labelled set: ``evals/sentiment/sentences.jsonl`` under the working directory, else the source tree."""
    local = Path.cwd() / SET_RELATIVE_PATH
    if local.is_file():
        return local
    return Path(__file__).resolve().parents[2] / SET_RELATIVE_PATH


def load_set(path: Path) -> list[LabelledSentence]:
    """Read and validate the labelled set; a bad line fails with the file, line number and field."""
    items: list[LabelledSentence] = []
    seen: set[str] = set()
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            item = LabelledSentence.model_validate(json.loads(line))
        except json.JSONDecodeError as exc:
            raise ValueError(f"{path}:{number}: not JSON ({exc.msg})") from None
        except ValidationError as exc:
            first = exc.errors()[0]
            field = ".".join(str(part) for part in first["loc"]) or "line"
            raise ValueError(f"{path}:{number}: field {field!r}: {first['msg']}") from None
        unknown = sorted(set(item.topics) - set(TOPICS))
        if unknown:
            raise ValueError(f"{path}:{number}: field 'topics': unknown topics {unknown}")
        if item.id in seen:
            raise ValueError(f"{path}:{number}: field 'id': duplicate id {item.id!r}")
        seen.add(item.id)
        items.append(item)
    if not items:
        raise ValueError(f"{path}: no labelled sentences")
    return items


def _ratio(numerator: int, denominator: int) -> float:
    return round(numerator / denominator, 4) if denominator else 0.0


def _f1(precision: float, recall: float) -> float:
    return round(2 * precision * recall / (precision + recall), 4) if precision + recall else 0.0


def metrics(pairs: Iterable[tuple[Label, Label]]) -> Metrics:
    """Accuracy, macro-F1, per-class metrics and confusion matrix of (expected, predicted) pairs."""
    confusion: dict[str, dict[str, int]] = {expected: dict.fromkeys(LABELS, 0) for expected in LABELS}
    for expected, predicted in pairs:
        confusion[expected][predicted] += 1
    n = sum(sum(row.values()) for row in confusion.values())
    per_class: dict[str, ClassMetrics] = {}
    for label in LABELS:
        hit = confusion[label][label]
        predicted_count = sum(confusion[e][label] for e in LABELS)
        support = sum(confusion[label].values())
        precision, recall = _ratio(hit, predicted_count), _ratio(hit, support)
        per_class[label] = ClassMetrics(precision=precision, recall=recall, f1=_f1(precision, recall), support=support)
    return Metrics(
        n=n,
        accuracy=_ratio(sum(confusion[label][label] for label in LABELS), n),
        macro_f1=round(sum(m.f1 for m in per_class.values()) / len(LABELS), 4),
        per_class=per_class,
        confusion=confusion,
    )


def evaluate(path: Path | None = None, *, config: SentimentConfig | None = None) -> SentimentEvaluation:
    """Score every labelled sentence and report how well the labels and topics agree."""
    path = path or default_set_path()
    items = load_set(path)
    by_split: dict[str, list[tuple[Label, Label]]] = defaultdict(list)
    by_language: dict[str, list[tuple[Label, Label]]] = defaultdict(list)
    pairs: list[tuple[Label, Label]] = []
    misses: list[Miss] = []
    true_topics = predicted_topics = shared_topics = 0
    for item in items:
        result = score_text(item.text, item.language, config=config)
        pair = (item.label, result.label)
        pairs.append(pair)
        by_split[item.split].append(pair)
        by_language[item.language].append(pair)
        if result.label != item.label:
            misses.append(
                Miss(
                    id=item.id,
                    split=item.split,
                    text=item.text,
                    expected=item.label,
                    predicted=result.label,
                    score=result.score,
                )
            )
        found = {t.topic for t in result.topics}
        true_topics += len(set(item.topics))
        predicted_topics += len(found)
        shared_topics += len(found & set(item.topics))
    precision, recall = _ratio(shared_topics, predicted_topics), _ratio(shared_topics, true_topics)
    return SentimentEvaluation(
        path=str(path),
        overall=metrics(pairs),
        splits={name: metrics(by_split[name]) for name in sorted(by_split)},
        languages={name: metrics(by_language[name]) for name in sorted(by_language)},
        topics=TopicMetrics(precision=precision, recall=recall, f1=_f1(precision, recall)),
        misses=sorted(misses, key=lambda m: m.id),
    )
