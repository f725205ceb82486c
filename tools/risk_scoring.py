"""Pure risk-signal scoring (domain.md 6), vectorised over accounts.

Severities are integers internally (0 none, 1 low, 2 medium, 3 high) so the level of 100,000
accounts is one ``np.maximum`` per signal kind; names are used at the edges.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from tools.config_account import RiskConfig
from tools.facts import FloatArray

IntArray = npt.NDArray[np.int64]

SEVERITY_NAMES: tuple[str, ...] = ("none", "low", "medium", "high")
SEVERITY_RANK: dict[str, int] = {name: rank for rank, name in enumerate(SEVERITY_NAMES)}

#: Internal signal kinds (ours), in report order.
INTERNAL_SIGNALS: tuple[str, ...] = (
    "receivables_overdue",
    "health_drop",
    "negative_sentiment",
    "no_key_person_contact",
    "competitor_mentions",
)
MEDIUM, HIGH = SEVERITY_RANK["medium"], SEVERITY_RANK["high"]


def event_severity(kind: str, recorded: str, config: RiskConfig) -> int:
    """Severity rank of an external event: the higher of the recorded one and the kind's floor.

    An unknown recorded value counts as medium (the column's default)."""
    floor = SEVERITY_RANK[config.event_min_severity.get(kind, "low")]
    return max(SEVERITY_RANK.get(recorded, MEDIUM), floor)


def overdue_severity(days: FloatArray, config: RiskConfig) -> IntArray:
    """Receivables overdue: > overdue_high_days high, > overdue_days medium (NaN: nothing overdue)."""
    return np.where(days > config.overdue_high_days, HIGH, np.where(days > config.overdue_days, MEDIUM, 0))


def health_drop_severity(drop: FloatArray, config: RiskConfig) -> IntArray:
    """Health down by more than health_drop_high_points high, more than health_drop_points medium."""
    return np.where(drop > config.health_drop_high_points, HIGH, np.where(drop > config.health_drop_points, MEDIUM, 0))


def sentiment_severity(level: FloatArray, decline: FloatArray, config: RiskConfig) -> IntArray:
    """Negative sentiment: mean <= sentiment_level or decline (last - first) <= -sentiment_drop: medium."""
    negative = (level <= config.sentiment_level) | (decline <= -config.sentiment_drop)
    return np.where(negative, MEDIUM, 0)


def key_contact_severity(days: FloatArray, config: RiskConfig) -> IntArray:
    """No key-person contact: never (NaN) or > no_key_contact_high_days high; > no_key_contact_days medium."""
    return np.where(
        np.isnan(days) | (days > config.no_key_contact_high_days),
        HIGH,
        np.where(days > config.no_key_contact_days, MEDIUM, 0),
    )


@dataclass(frozen=True)
class RiskArrays:
    """Per account: severity of each internal signal and of the external events, the level, and the
    values the signals were computed from."""

    internal: dict[str, IntArray]
    events: IntArray
    level: IntArray
    overdue_days: FloatArray
    health_drop: FloatArray
    key_contact_days: FloatArray
    sentiment_level: FloatArray
    sentiment_decline: FloatArray

    def level_names(self) -> list[str]:
        """The level of each account as a name."""
        return [SEVERITY_NAMES[int(v)] for v in self.level]


def risk_arrays(
    *,
    overdue_days: FloatArray,
    health_now: FloatArray,
    health_past: FloatArray,
    sentiment_level: FloatArray,
    sentiment_decline: FloatArray,
    key_contact_days: FloatArray,
    competitor_named: npt.NDArray[np.bool_],
    event_max: IntArray,
    config: RiskConfig,
) -> RiskArrays:
    """Combine the signals; the level is the highest severity of any signal or event."""
    drop = health_past - health_now
    internal = {
        "receivables_overdue": overdue_severity(overdue_days, config),
        "health_drop": health_drop_severity(drop, config),
        "negative_sentiment": sentiment_severity(sentiment_level, sentiment_decline, config),
        "no_key_person_contact": key_contact_severity(key_contact_days, config),
        "competitor_mentions": np.where(competitor_named, MEDIUM, 0),
    }
    level = event_max.astype(np.int64)
    for kind in INTERNAL_SIGNALS:
        level = np.maximum(level, internal[kind])
    return RiskArrays(
        internal={k: v.astype(np.int64) for k, v in internal.items()},
        events=event_max,
        level=level,
        overdue_days=overdue_days,
        health_drop=np.round(drop, 1),
        key_contact_days=key_contact_days,
        sentiment_level=sentiment_level,
        sentiment_decline=sentiment_decline,
    )
