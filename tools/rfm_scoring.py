"""Pure RFM scoring (domain.md 2), vectorised over accounts: the one implementation both the
per-account tool and the portfolio use.

Inputs are numpy arrays (one entry per account); nothing here touches the database.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import numpy.typing as npt

from tools.config_account import RfmConfig

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]

#: The eight classic segments by (R high, F high, M high): code, English, Chinese.
SEGMENTS: dict[tuple[bool, bool, bool], tuple[str, str, str]] = {
    (True, True, True): ("important_value", "important value", "重要价值"),
    (True, False, True): ("important_development", "important development", "重要发展"),
    (False, True, True): ("important_retention", "important retention", "重要保持"),
    (False, False, True): ("important_win_back", "important win-back", "重要挽留"),
    (True, True, False): ("general_value", "general value", "一般价值"),
    (True, False, False): ("general_development", "general development", "一般发展"),
    (False, True, False): ("general_retention", "general retention", "一般保持"),
    (False, False, False): ("needs_waking", "needs waking", "需唤醒"),
}
SEGMENT_NAMES: dict[str, tuple[str, str]] = {code: (en, zh) for code, en, zh in SEGMENTS.values()}
_SEGMENT_TABLE = np.array(
    [SEGMENTS[(bool(i & 4), bool(i & 2), bool(i & 1))][0] for i in range(8)],
    dtype=object,
)


def r_score(days: FloatArray, config: RfmConfig) -> IntArray:
    """R 1-5 from days since the last paid order (NaN: no paid order -> 1).

    5 if days <= r_days[0], 4 if <= r_days[1], 3 if <= r_days[2], 2 if <= r_days[3], else 1.
    """
    score = np.ones(days.shape, dtype=np.int64)
    for step, limit in enumerate(reversed(config.r_days)):
        score = np.where(days <= limit, step + 2, score)
    return score


def f_score(paid_orders: FloatArray, config: RfmConfig) -> IntArray:
    """F 1-5 from the paid orders counted over the ``f_quarters`` full quarters.

    Orders per quarter = count / f_quarters; 1 + the number of ``f_per_quarter`` thresholds reached.
    """
    per_quarter = paid_orders / config.f_quarters
    score = np.ones(paid_orders.shape, dtype=np.int64)
    for threshold in config.f_per_quarter:
        score += (per_quarter >= threshold).astype(np.int64)
    return score


def quintile_edges(amounts: list[float]) -> list[float]:
    """The four M edges of the quintile rank over ``amounts`` (one per account with a paid order).

    With the amounts sorted ascending ``v[0..n-1]``, edge k (k = 1..4) is ``v[floor(k * n / 5)]``.
    An amount scores 1 + the number of edges it reaches (>=), which equals ceil(5 * c / n) where c
    is the number of accounts whose amount is <= it. Ties therefore always share one score (the
    higher one); a single paying account scores 5. No paying account: no edges.
    """
    values = sorted(amounts)
    n = len(values)
    if n == 0:
        return []
    return [values[(k * n) // 5] for k in range(1, 5)]


def m_score(amount: FloatArray, has_paid: npt.NDArray[np.bool_], edges: list[float]) -> IntArray:
    """M 1-5: 1 + the number of ``edges`` the amount reaches; 1 without a paid order."""
    score = np.ones(amount.shape, dtype=np.int64)
    for edge in edges:
        score += (amount >= edge).astype(np.int64)
    return np.where(has_paid, score, 1)


def segment_codes(r: IntArray, f: IntArray, m: IntArray, config: RfmConfig) -> list[str]:
    """Segment code per account; a score >= ``high_score`` is high."""
    hi = config.high_score
    index = (r >= hi).astype(np.int64) * 4 + (f >= hi).astype(np.int64) * 2 + (m >= hi).astype(np.int64)
    return [str(code) for code in _SEGMENT_TABLE[index]]


def tiers(r: IntArray, f: IntArray, m: IntArray, config: RfmConfig) -> list[str]:
    """Tier per account from R+F+M: >= tier_a A, >= tier_b B, >= tier_c C, else D."""
    total = r + f + m
    tier = np.where(
        total >= config.tier_a, "A", np.where(total >= config.tier_b, "B", np.where(total >= config.tier_c, "C", "D"))
    )
    return [str(t) for t in tier]


@dataclass(frozen=True)
class RfmArrays:
    """RFM of every account of an index (aligned arrays)."""

    r: IntArray
    f: IntArray
    m: IntArray
    r_days: FloatArray
    f_count: FloatArray
    m_amount: FloatArray
    has_paid: npt.NDArray[np.bool_]
    segment: list[str]
    tier: list[str]


def rfm_arrays(
    as_of: date, last_paid: FloatArray, f_count: FloatArray, m_amount: FloatArray, edges: list[float], config: RfmConfig
) -> RfmArrays:
    """RFM from the aggregated facts: last paid order day (ordinal, NaN none), paid orders in the F
    quarters, cumulative paid amount, and the M edges."""
    r_days = as_of.toordinal() - last_paid
    has_paid = ~np.isnan(last_paid)
    r, f = r_score(r_days, config), f_score(f_count, config)
    m = m_score(m_amount, has_paid, edges)
    return RfmArrays(
        r=r,
        f=f,
        m=m,
        r_days=r_days,
        f_count=f_count,
        m_amount=m_amount,
        has_paid=has_paid,
        segment=segment_codes(r, f, m, config),
        tier=tiers(r, f, m, config),
    )
