"""The M (monetary) edges of RFM: quintiles over ALL accounts of the database, or absolute tiers.

The quintile rank is global on purpose: an account's M must not change with who asks, so the
edges are computed over every account with at least one paid order as of the date, visible to
the requesting user or not (only the four edge amounts are reported, never other accounts' data).
Computing them reads every paid order; :class:`EdgesCache` lets a long-lived service reuse them
for one as-of date for a configured time. Tools themselves never cache.
"""

from __future__ import annotations

import threading
import time
from datetime import date
from typing import Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import func, select
from sqlmodel import Session, col

from assistant.crm.models import Order
from tools.config import ScoringConfig
from tools.facts_orders import paid_as_of
from tools.rfm_scoring import quintile_edges


class MonetaryEdges(BaseModel):
    """The amounts at which M rises to 2, 3, 4 and 5."""

    model_config = ConfigDict(frozen=True)

    as_of: date
    mode: Literal["quintile", "absolute"]
    edges: list[float] = Field(description="Ascending amounts; M = 1 + the number of edges reached.")
    population: int = Field(description="Accounts with at least one paid order (all accounts, quintile mode).")


def edges_from_amounts(as_of: date, amounts: list[float], config: ScoringConfig) -> MonetaryEdges:
    """Edges from the paid totals of every paying account (quintile mode) or from configuration."""
    if config.rfm.m_mode == "absolute":
        return MonetaryEdges(
            as_of=as_of, mode="absolute", edges=list(config.rfm.m_absolute_edges), population=len(amounts)
        )
    return MonetaryEdges(as_of=as_of, mode="quintile", edges=quintile_edges(amounts), population=len(amounts))


def monetary_edges(session: Session, *, as_of: date, config: ScoringConfig | None = None) -> MonetaryEdges:
    """The M edges as of ``as_of`` over all accounts of the database (see module docstring)."""
    config = config or ScoringConfig()
    total = func.sum(col(Order.amount))
    rows = session.execute(
        select(col(Order.account_id), total).where(paid_as_of(as_of)).group_by(col(Order.account_id))
    ).all()
    amounts = np.round(np.array([float(r[1]) for r in rows], dtype=np.float64), 2)
    return edges_from_amounts(as_of, [float(a) for a in amounts], config)


class EdgesCache:
    """Reuse M edges per (as_of, configuration) for ``ttl`` seconds; thread-safe; ``clear()`` after imports."""

    def __init__(self, ttl: float) -> None:
        self.ttl = ttl
        self._lock = threading.Lock()
        self._entries: dict[tuple[date, str], tuple[float, MonetaryEdges]] = {}

    def get(self, session: Session, *, as_of: date, config: ScoringConfig | None = None) -> MonetaryEdges:
        """Cached edges, computing them when absent or older than ``ttl``."""
        config = config or ScoringConfig()
        if self.ttl <= 0:
            return monetary_edges(session, as_of=as_of, config=config)
        key = (as_of, config.rfm.model_dump_json())
        now = time.monotonic()
        with self._lock:
            hit = self._entries.get(key)
            if hit is not None and now - hit[0] < self.ttl:
                return hit[1]
        edges = monetary_edges(session, as_of=as_of, config=config)
        with self._lock:
            self._entries[key] = (now, edges)
        return edges

    def clear(self) -> None:
        """Forget every cached edge (call after data changes)."""
        with self._lock:
            self._entries.clear()
