"""Reading one CSV cell into a typed value; a bad cell raises :class:`CellError` with the reason."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from assistant.crm.importer.schema import ColumnSpec, Kind

_INT = re.compile(r"[+-]?\d+")
_DECIMAL = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?)?")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_CURRENCY = re.compile(r"[A-Z]{3}")
_CENT = Decimal("0.01")
# Numeric(16, 2): at most 14 digits before the point.
_MONEY_LIMIT = Decimal(10) ** 14
# The INTEGER range both SQLite and PostgreSQL accept.
_INT_MIN, _INT_MAX = -(2**31), 2**31 - 1


class CellError(ValueError):
    """The cell cannot be read; the message says why (without file, row or column)."""


def _shown(raw: str) -> str:
    return repr(raw if len(raw) <= 40 else raw[:37] + "...")


def _integer(spec: ColumnSpec, raw: str) -> int:
    if not _INT.fullmatch(raw):
        raise CellError(f"must be a whole number, got {_shown(raw)}")
    value = int(raw)
    low = _INT_MIN if spec.minimum is None else spec.minimum
    high = _INT_MAX if spec.maximum is None else spec.maximum
    if not low <= value <= high:
        if spec.maximum is None:
            raise CellError(f"must be at least {low}, got {value}")
        raise CellError(f"must be between {low} and {high}, got {value}")
    return value


def _decimal(spec: ColumnSpec, raw: str) -> Decimal:
    if not _DECIMAL.fullmatch(raw):
        raise CellError(f"must be a decimal number like 1234.50 (no thousands separators), got {_shown(raw)}")
    try:
        value = Decimal(raw)
    except InvalidOperation:  # pragma: no cover - the pattern admits only valid decimals
        raise CellError(f"must be a decimal number, got {_shown(raw)}") from None
    if value != value.quantize(_CENT):
        raise CellError(f"must have at most 2 decimal places, got {_shown(raw)}")
    if abs(value) >= _MONEY_LIMIT:
        raise CellError(f"is too large (at most 14 digits before the point), got {_shown(raw)}")
    if spec.minimum is not None and value < spec.minimum:
        raise CellError(f"must be at least {spec.minimum}, got {_shown(raw)}")
    return value.quantize(_CENT)


def _date(raw: str) -> date:
    if _DATE.fullmatch(raw):
        try:
            return date.fromisoformat(raw)
        except ValueError:
            raise CellError(f"is not a valid date: {_shown(raw)}") from None
    raise CellError(f"must be an ISO date YYYY-MM-DD, got {_shown(raw)}")


def _datetime(raw: str) -> datetime:
    if _DATETIME.fullmatch(raw):
        try:
            value = datetime.fromisoformat(raw)
        except ValueError:
            raise CellError(f"is not a valid date-time: {_shown(raw)}") from None
        # The contract: a date-time without an offset is UTC.
        if value.utcoffset() is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)
    raise CellError(f"must be an ISO date-time like 2026-03-01T09:30:00+08:00, got {_shown(raw)}")


def _bool(raw: str) -> bool:
    lowered = raw.lower()
    if lowered in ("true", "false"):
        return lowered == "true"
    raise CellError(f"must be true or false, got {_shown(raw)}")


def _enum(spec: ColumnSpec, raw: str) -> str:
    if raw in spec.choices:
        return raw
    raise CellError(f"must be one of {', '.join(spec.choices)}; got {_shown(raw)}")


def _items(raw: str) -> list[str]:
    seen: dict[str, None] = {}
    for part in raw.split(";"):
        item = part.strip()
        if item:
            seen.setdefault(item, None)
    return list(seen)


def _text(raw: str, max_length: int | None) -> str:
    if max_length is not None and len(raw) > max_length:
        raise CellError(f"is longer than {max_length} characters ({len(raw)})")
    return raw


def read_cell(spec: ColumnSpec, raw: str, max_length: int | None) -> Any:
    """The typed value of a non-empty, stripped cell (``max_length`` applies to text and list items)."""
    if "\x00" in raw:
        raise CellError("contains a NUL character")
    kind = spec.kind
    if kind is Kind.TEXT:
        return _text(raw, max_length)
    if kind is Kind.EMAIL:
        if not _EMAIL.fullmatch(raw):
            raise CellError(f"must be an e-mail address, got {_shown(raw)}")
        return _text(raw, max_length)
    if kind is Kind.INT:
        return _integer(spec, raw)
    if kind is Kind.DECIMAL:
        return _decimal(spec, raw)
    if kind is Kind.DATE:
        return _date(raw)
    if kind is Kind.DATETIME:
        return _datetime(raw)
    if kind is Kind.BOOL:
        return _bool(raw)
    if kind is Kind.ENUM:
        return _enum(spec, raw)
    if kind is Kind.CURRENCY:
        if not _CURRENCY.fullmatch(raw):
            raise CellError(f"must be a 3-letter currency code like CNY, got {_shown(raw)}")
        return raw
    items = _items(raw)
    limit = 64 if spec.ref else None
    for item in items:
        _text(item, limit)
    return items


def default_value(spec: ColumnSpec) -> Any:
    """The value of an empty cell (lists are fresh copies)."""
    if spec.kind is Kind.LIST:
        return list(spec.default or ())
    return spec.default
