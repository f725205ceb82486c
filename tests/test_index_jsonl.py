"""JSONL evaluation sets: errors name the file, the line and the field; ids are unique; blank lines skipped."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from index.evaluate_retrieval import load_queries

Q = {"id": "q1", "user": "rep1@x.com", "query": "价格", "relevant": ["d1"], "language": "zh", "kind": "topic"}


def _write(tmp_path: Path, *rows: object) -> Path:
    path = tmp_path / "queries.jsonl"
    path.write_text("\n".join(r if isinstance(r, str) else json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    return path


def test_rows_in_file_order_blank_lines_skipped_and_limit(tmp_path: Path) -> None:
    path = _write(tmp_path, Q, "", {**Q, "id": "q2"}, "  ", {**Q, "id": "q0"})
    assert [q.id for q in load_queries(path)] == ["q1", "q2", "q0"]
    assert [q.id for q in load_queries(path, limit=2)] == ["q1", "q2"]


def test_invalid_row_names_line_and_field(tmp_path: Path) -> None:
    path = _write(tmp_path, Q, "", {**Q, "id": "q2", "language": "fr"})
    with pytest.raises(ValueError, match=r"queries\.jsonl:3: language: "):
        load_queries(path)


def test_repeated_id_is_reported_before_the_row_check(tmp_path: Path) -> None:
    path = _write(tmp_path, Q, {**Q, "relevant": ["d1", "d1"]})
    with pytest.raises(ValueError, match=r"queries\.jsonl:2: id: 'q1' is used twice"):
        load_queries(path)


def test_row_check_names_line(tmp_path: Path) -> None:
    path = _write(tmp_path, Q, {**Q, "id": "q2", "relevant": ["d1", "d2", "d1"]})
    with pytest.raises(ValueError, match=r"queries\.jsonl:2: relevant: a document is listed twice"):
        load_queries(path)
