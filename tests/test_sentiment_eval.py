"""The labelled set and the evaluator: the accuracy gate, held-out split, metrics, bad input."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from index.sentiment.evaluate import default_set_path, evaluate, load_set, metrics


def test_labelled_set_shape() -> None:
    items = load_set(default_set_path())
    assert len(items) >= 220
    languages = Counter(item.language for item in items)
    assert set(languages) == {"zh", "en", "mixed"}
    chinese = languages["zh"] + languages["mixed"]
    assert 0.4 <= chinese / len(items) <= 0.6
    assert set(Counter(item.label for item in items)) == {"positive", "neutral", "negative"}
    test_share = sum(item.split == "test" for item in items) / len(items)
    assert 0.25 <= test_share <= 0.35


def test_scorer_meets_the_accuracy_gate_overall_and_on_held_out_test() -> None:
    report = evaluate()
    assert report.overall.accuracy >= 0.85
    assert report.splits["test"].accuracy >= 0.85
    assert report.splits["test"].n + report.splits["train"].n == report.overall.n
    assert report.overall.n - len(report.misses) == round(report.overall.accuracy * report.overall.n)
    for label in ("positive", "neutral", "negative"):
        assert report.overall.per_class[label].recall >= 0.75


def test_metrics_hand_computed() -> None:
    result = metrics(
        [("positive", "positive"), ("positive", "negative"), ("negative", "negative"), ("neutral", "positive")]
    )
    assert result.n == 4
    assert result.accuracy == 0.5
    assert result.confusion["positive"] == {"positive": 1, "neutral": 0, "negative": 1}
    assert result.confusion["neutral"] == {"positive": 1, "neutral": 0, "negative": 0}
    positive, negative, neutral = (result.per_class[k] for k in ("positive", "negative", "neutral"))
    assert (positive.precision, positive.recall, positive.f1, positive.support) == (0.5, 0.5, 0.5, 2)
    assert (negative.precision, negative.recall, negative.f1) == (0.5, 1.0, 0.6667)
    assert (neutral.precision, neutral.recall, neutral.f1) == (0.0, 0.0, 0.0)
    assert result.macro_f1 == round((0.5 + 0.6667 + 0.0) / 3, 4)


@pytest.mark.parametrize(
    ("second_line", "message"),
    [
        ('{"id": "b", "text": "x", "language": "en", "label": "great"}', r":2: field 'label'"),
        ('{"id": "b", "text": "x", "language": "en", "label": "neutral", "topics": ["mood"]}', r":2: field 'topics'"),
        ('{"id": "a", "text": "x", "language": "en", "label": "neutral"}', r":2: field 'id': duplicate id 'a'"),
        ('{"id": "b", "text": ""}', r":2: field 'text'"),
        ("not json", r":2: not JSON"),
    ],
)
def test_bad_lines_name_line_and_field(tmp_path: Path, second_line: str, message: str) -> None:
    path = tmp_path / "set.jsonl"
    path.write_text('{"id": "a", "text": "ok", "language": "en", "label": "neutral"}\n' + second_line + "\n")
    with pytest.raises(ValueError, match=message):
        load_set(path)


def test_empty_set_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "empty.jsonl"
    path.write_text("\n")
    with pytest.raises(ValueError, match="no labelled sentences"):
        evaluate(path)
