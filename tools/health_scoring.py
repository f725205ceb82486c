"""Pure account-health scoring (domain.md 7), vectorised over accounts.

The twelve indicator formulas are documented on :class:`tools.config_account.HealthConfig` and on
each function below. A missing indicator is excluded from the weighted mean (it lowers confidence,
not the score). The per-account tool and the portfolio both call :func:`health_arrays`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
import numpy.typing as npt

from tools.base import ToolError
from tools.config import ScoringConfig
from tools.facts import FloatArray

BoolArray = npt.NDArray[np.bool_]
IntArray = npt.NDArray[np.int64]

INDICATORS: tuple[str, ...] = (
    "recency",
    "order_frequency_trend",
    "revenue_trend",
    "payment_timeliness",
    "overdue_receivables",
    "interaction_frequency",
    "key_person_meetings",
    "sla_breaches",
    "nps",
    "open_complaints",
    "sentiment_trend",
    "decision_chain_coverage",
)


def _ratio(num: FloatArray, den: FloatArray) -> FloatArray:
    return np.divide(num, den, out=np.zeros_like(num), where=den > 0)


def trend_score(recent: FloatArray, prior: FloatArray) -> tuple[FloatArray, BoolArray]:
    """100 * min(1, recent / prior); 100 when only the recent window has any; missing when neither."""
    score = np.where(prior > 0, 100.0 * np.minimum(1.0, _ratio(recent, prior)), 100.0)
    return score, (recent == 0) & (prior == 0)


def overdue_score(days_overdue: FloatArray, steps: list[int], scores: list[float]) -> FloatArray:
    """100 with nothing overdue (NaN); else the score of the first step the days fall within."""
    out = np.full(days_overdue.shape, scores[-1])
    for limit, value in reversed(list(zip(steps, scores, strict=False))):
        out = np.where(days_overdue <= limit, value, out)
    return np.where(np.isnan(days_overdue), 100.0, out)


def sentiment_window(by_month: Mapping[str, float] | None, as_of: date, months: int) -> list[tuple[str, float]]:
    """The ``(YYYY-MM, score)`` pairs of the ``months`` calendar months ending with ``as_of``'s month
    that have a score, oldest first. Scores must lie in -1..1; keys must be ``YYYY-MM``."""
    if not by_month:
        return []
    wanted: list[str] = []
    year, month = as_of.year, as_of.month
    for _ in range(months):
        wanted.append(f"{year:04d}-{month:02d}")
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    for key, value in by_month.items():
        if len(key) != 7 or key[4] != "-" or not (key[:4] + key[5:]).isdigit():
            raise ToolError(f"sentiment_by_month: key {key!r} is not YYYY-MM")
        if not -1.0 <= float(value) <= 1.0:
            raise ToolError(f"sentiment_by_month[{key!r}]: {value} is outside -1..1")
    return [(key, float(by_month[key])) for key in sorted(wanted) if key in by_month]


def sentiment_level(window: list[tuple[str, float]]) -> float:
    """Mean monthly sentiment of the window (NaN when empty)."""
    return float(np.mean([v for _, v in window])) if window else float("nan")


@dataclass(frozen=True)
class HealthArrays:
    """Health of every account: indicator scores and missing flags (n x 12), score, confidence, band."""

    indicator_scores: FloatArray
    missing: BoolArray
    score: FloatArray
    confidence: FloatArray
    band: list[str]
    inputs: dict[str, FloatArray]


def health_arrays(
    facts: Mapping[str, FloatArray],
    tag: str,
    day: date,
    r: IntArray,
    sentiment: FloatArray,
    config: ScoringConfig,
) -> HealthArrays:
    """Health as of ``day`` from facts of date tag ``tag`` (see tools.facts_*), the R score at that
    date and the mean monthly sentiment (NaN: none given)."""
    h = config.health
    f = {name[len(tag) :]: values for name, values in facts.items() if name.startswith(tag)}
    today = float(day.toordinal())
    n = len(r)
    scores = np.zeros((n, len(INDICATORS)))
    missing = np.zeros((n, len(INDICATORS)), dtype=bool)
    overdue_days = today - f["overdue_due"]
    roles = [f"role_{role}" for role in config.key_person.roles]
    covered = sum(((facts[key] > 0).astype(np.float64) for key in roles), start=np.zeros(n))
    columns: list[tuple[npt.NDArray[Any], npt.NDArray[Any]]] = [
        ((r - 1) * 25.0, np.isnan(f["last_paid"])),
        trend_score(f["n_recent"], f["n_prior"]),
        trend_score(f["rev_recent"], f["rev_prior"]),
        (100.0 * _ratio(f["due_on_time"], f["due_n"]), f["due_n"] == 0),
        (overdue_score(overdue_days, h.overdue_steps, h.overdue_scores), f["due_any"] == 0),
        (100.0 * np.minimum(1.0, f["act_n"] / h.interaction_target), np.zeros(n, dtype=bool)),
        (100.0 * _ratio(f["meet_key_n"], f["meet_n"]), f["meet_n"] == 0),
        (100.0 * (1.0 - _ratio(f["sla_breached"], f["sla_n"])), f["sla_n"] == 0),
        (10.0 * _ratio(f["nps_sum"], f["nps_n"]), f["nps_n"] == 0),
        (np.maximum(0.0, 100.0 - h.open_ticket_penalty * f["open_n"]), np.zeros(n, dtype=bool)),
        (np.where(np.isnan(sentiment), 0.0, 50.0 * (1.0 + sentiment)), np.isnan(sentiment)),
        (100.0 * covered / max(1, len(roles)), np.zeros(n, dtype=bool)),
    ]
    weighted = np.zeros(n)
    present_weight = np.zeros(n)
    for j, (name, (raw, absent)) in enumerate(zip(INDICATORS, columns, strict=True)):
        values = np.round(np.where(absent, 0.0, raw), 2)
        scores[:, j], missing[:, j] = values, absent
        weight = h.weights[name]
        # Accumulate in indicator order so one account and 100,000 sum identically.
        weighted = weighted + np.where(absent, 0.0, weight * values)
        present_weight = present_weight + np.where(absent, 0.0, weight)
    total_weight = sum(h.weights[name] for name in INDICATORS)
    score = np.round(_ratio(weighted, present_weight), 1)
    band = np.where(score >= h.healthy_min, "healthy", np.where(score >= h.watch_min, "watch", "at_risk"))
    inputs = dict(f)
    inputs["overdue_days"] = overdue_days
    inputs["roles_covered"] = covered
    return HealthArrays(
        indicator_scores=scores,
        missing=missing,
        score=score,
        confidence=np.round(present_weight / total_weight, 3),
        band=[str(b) for b in band],
        inputs=inputs,
    )
