"""Printing for the CLI: rich tables for people, exactly one JSON document with ``--json``."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from typing import Any, NoReturn

import typer
from pydantic import BaseModel
from rich.console import Console
from rich.table import Table

console = Console()
err_console = Console(stderr=True)


def _default(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, set | frozenset | tuple):
        return sorted(value) if isinstance(value, set | frozenset) else list(value)
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def to_json(data: Any) -> str:
    """Serialise ``data`` deterministically (sorted keys, UTF-8 text kept readable)."""
    if isinstance(data, BaseModel):
        data = data.model_dump(mode="json")
    return json.dumps(data, default=_default, ensure_ascii=False, sort_keys=True, indent=2)


def emit_json(data: Any) -> None:
    """Print one JSON document on stdout (nothing else goes to stdout with ``--json``)."""
    sys.stdout.write(to_json(data) + "\n")
    sys.stdout.flush()


def table(title: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """Print a rich table."""
    view = Table(title=title)
    for column in columns:
        view.add_column(column)
    for row in rows:
        view.add_row(*("" if cell is None else str(cell) for cell in row))
    console.print(view)


def fail(message: str, *, code: int = 2, as_json: bool = False, details: Mapping[str, Any] | None = None) -> NoReturn:
    """Report an error (on stderr, or as the one JSON document) and exit with ``code``."""
    if as_json:
        emit_json({"error": message, **(details or {})})
    else:
        err_console.print(f"[red]error:[/red] {message}", highlight=False)
    raise typer.Exit(code)


def parse_date(value: str | None, *, as_json: bool, option: str = "--as-of") -> date | None:
    """An ISO date option (None when not given); anything else exits 2 naming the option."""
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        fail(f"{option}: expected a date YYYY-MM-DD, got {value!r}", as_json=as_json)
