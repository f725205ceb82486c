"""Shared state of one world build: the seeded random source, "today", id counters and time helpers."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone

from assistant.crm.demo.catalog import USERS, DemoUserSpec

#: Customers and the sales team work on Beijing/Singapore time; every generated time is local business hours.
LOCAL_TZ = timezone(timedelta(hours=8))

_ID_FORMATS: dict[str, tuple[str, int]] = {
    "contact": ("con", 6),
    "opportunity": ("opp", 6),
    "order": ("ord", 7),
    "quote": ("quo", 6),
    "activity": ("act", 7),
    "ticket": ("tkt", 6),
    "survey": ("srv", 6),
    "risk": ("risk", 5),
    "lead": ("lead", 5),
    "lead_event": ("lev", 6),
    "document": ("doc", 5),
}


class Ids:
    """Running ids per record kind, zero-padded so that string order is creation order."""

    def __init__(self) -> None:
        self._next = dict.fromkeys(_ID_FORMATS, 0)

    def new(self, kind: str) -> str:
        """The next id of ``kind``, e.g. ``con-000001``."""
        self._next[kind] += 1
        prefix, width = _ID_FORMATS[kind]
        return f"{prefix}-{self._next[kind]:0{width}d}"

    def count(self, kind: str) -> int:
        """How many ids of ``kind`` were handed out."""
        return self._next[kind]


@dataclass(slots=True)
class Context:
    """Everything a generator needs besides the account it works on."""

    rng: random.Random
    today: date
    ids: Ids = field(default_factory=Ids)
    users: dict[str, DemoUserSpec] = field(default_factory=lambda: {u.id: u for u in USERS})
    contact_serial: int = 0

    def days_ago(self, days: int) -> date:
        """The date ``days`` before today."""
        return self.today - timedelta(days=days)

    def at_work(self, day: date) -> datetime:
        """A time on ``day`` within local business hours (09:00-17:45, quarter hours)."""
        minutes = self.rng.randrange(36) * 15
        return datetime.combine(day, time(9 + minutes // 60, minutes % 60), LOCAL_TZ)

    def random_day(self, oldest: int, newest: int) -> date:
        """A date between ``oldest`` and ``newest`` days ago (inclusive)."""
        return self.days_ago(self.rng.randint(min(oldest, newest), max(oldest, newest)))

    def now(self) -> datetime:
        """The reference moment of the world: today at 09:00 local time."""
        return datetime.combine(self.today, time(9, 0), LOCAL_TZ)


def short_name(name: str) -> str:
    """A company name without its legal form, as people say it in notes."""
    for suffix in (
        "集团有限公司",
        "股份有限公司",
        "有限公司",
        " Group Holdings Ltd.",
        " Pte. Ltd.",
        " Co., Ltd.",
        " Limited",
    ):
        if name.endswith(suffix):
            return name.removesuffix(suffix)
    return name


def money(value: float, step: int = 100) -> float:
    """Round an amount to ``step`` (orders and quotes are priced in round numbers)."""
    return float(max(step, round(value / step) * step))
