"""Labelled JSONL files (one pydantic model a line, each with a unique ``id``): the loader every evaluation set uses."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

M = TypeVar("M", bound=BaseModel)


def load_jsonl(path: Path, model: type[M], *, check: Callable[[M], str | None] | None = None) -> list[M]:
    """Every non-blank line of ``path`` validated as ``model``, in file order.

    ``check`` may return a problem with a valid row (``"field: message"``). Errors raise ValueError naming
    the file, the line and the field: the first invalid row, a repeated ``id``, or a failed check.
    """
    rows: list[M] = []
    seen: set[str] = set()
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = model.model_validate_json(line)
        except ValidationError as exc:
            problem = exc.errors()[0]
            where = ".".join(str(p) for p in problem["loc"]) or "line"
            raise ValueError(f"{path}:{number}: {where}: {problem['msg']}") from None
        row_id = _id(row)
        if row_id in seen:
            raise ValueError(f"{path}:{number}: id: {row_id!r} is used twice")
        if check is not None and (problem_text := check(row)):
            raise ValueError(f"{path}:{number}: {problem_text}")
        seen.add(row_id)
        rows.append(row)
    return rows


def _id(row: object) -> str:
    value = getattr(row, "id", None)
    if not isinstance(value, str):
        raise TypeError(f"{type(row).__name__} has no string id field")
    return value
