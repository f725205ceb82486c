"""Every threshold and weight of the deterministic scoring tools, with the defaults of domain.md.

One sub-model per capability, aggregated in :class:`ScoringConfig`. A deployment overrides any
field (``ScoringConfig.model_validate({...})``); unknown keys are rejected so typos fail loudly.
Each tool takes ``config: ScoringConfig | None`` and reads its own section.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from tools.config_account import HealthConfig, KeyPersonConfig, PortfolioConfig, RfmConfig, RiskConfig


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Band(_Section):
    """A step: values >= ``min`` score ``score`` (bands are checked from the highest ``min`` down)."""

    min: float
    score: float


def band_score(value: float, bands: list[Band]) -> float:
    """The score of the highest band whose ``min`` is <= ``value``; 0 when none applies."""
    for band in sorted(bands, key=lambda b: b.min, reverse=True):
        if value >= band.min:
            return band.score
    return 0.0


# --- part B: lead score (domain.md 3) -------------------------------------------------------


class IdealCustomerProfile(_Section):
    """The ideal customer profile; keywords match case- and width-insensitively as substrings."""

    industries: list[str] = Field(
        default_factory=lambda: [
            "manufacturing",
            "制造",
            "automotive",
            "汽车",
            "energy",
            "能源",
            "electronics",
            "电子",
        ]
    )
    employees_min: int = 500
    employees_max: int = 50_000
    regions: list[str] = Field(
        default_factory=lambda: [
            "east china",
            "华东",
            "shanghai",
            "上海",
            "jiangsu",
            "江苏",
            "zhejiang",
            "浙江",
            "south china",
            "华南",
            "guangdong",
            "广东",
        ]
    )
    title_keywords: list[str] = Field(
        default_factory=lambda: [
            "director",
            "head",
            "chief",
            "cio",
            "cto",
            "cfo",
            "ceo",
            "vp",
            "vice president",
            "manager",
            "总监",
            "经理",
            "总经理",
            "总裁",
            "主任",
            "部长",
            "负责人",
            "首席",
        ]
    )


class LeadConfig(_Section):
    """Lead score: 30% attribute fit + 40% behaviour + 30% predicted conversion (seed weights)."""

    weight_attribute: float = 0.30
    weight_behaviour: float = 0.40
    weight_predicted: float = 0.30
    icp: IdealCustomerProfile = Field(default_factory=IdealCustomerProfile)
    #: Points added by each matched ICP dimension (sum 100).
    icp_weights: dict[str, float] = Field(
        default_factory=lambda: {"industry": 30.0, "size": 25.0, "region": 15.0, "title": 30.0}
    )
    event_points: dict[str, float] = Field(
        default_factory=lambda: {
            "demo_request": 30.0,
            "webinar_attended": 20.0,
            "event_checkin": 15.0,
            "email_reply": 10.0,
            "whitepaper_download": 8.0,
            "site_visit": 3.0,
        }
    )
    #: Step halving: points * 0.5 ** floor(age_days / halving_days); 29 days full, 30 and 31 half.
    halving_days: int = 30
    behaviour_cap: float = 100.0
    #: Below this many closed leads (converted + lost) the segment conversion rate is used instead.
    min_closed_leads: int = 50
    #: The lead field that defines the fallback segment.
    segment_field: Literal["industry", "region", "title"] = "industry"
    random_state: int = 0
    logistic_c: float = 1.0


# --- part B: C139 (domain.md 4) -------------------------------------------------------------


class C139Config(_Section):
    """C139 opportunity assessment; parts 0-100, total = weighted sum; a part below ``gap_below`` is a gap."""

    weight_coverage: float = 0.20
    weight_value_proposition: float = 0.20
    weight_key_persons: float = 0.30
    weight_competitive: float = 0.30
    #: Coverage = department_share * this + layer_share * (1 - this), times 100.
    coverage_department_weight: float = 0.70
    coverage_days: int = 90
    value_missing: float = 0.0
    value_recorded: float = 50.0
    value_confirmed: float = 100.0
    #: A key person met within this many days (inclusive) counts 1 (0.5 when neutral).
    key_person_recent_days: int = 60
    #: Met after ``key_person_recent_days`` and within this many days counts 0.5; later or never 0.
    key_person_stale_days: int = 120
    key_person_full: float = 1.0
    key_person_partial: float = 0.5
    gap_below: float = 60.0


# --- part B: power map (domain.md 5) --------------------------------------------------------


class PowerMapConfig(_Section):
    """Power-map findings."""

    high_influence: int = 4
    not_met_days: int = 60
    #: Roles that should be covered by at least one contact.
    required_roles: list[str] = Field(
        default_factory=lambda: ["decision_maker", "financial", "technical", "user", "coach"]
    )


# --- part B: customer tree (domain.md 8) ----------------------------------------------------


class TreeConfig(_Section):
    """Customer tree."""

    #: Guard against cycles in bad data: stop walking up or down after this many levels.
    max_depth: int = 20
    max_cross_sell: int = 10


# --- part B: key-account qualification (domain.md 9) ----------------------------------------


class QualificationConfig(_Section):
    """Key-account qualification (seed 004): seven weighted dimensions, each 0-100, graded A/B/C.

    - purchase_amount: order amount in the last ``window_days`` days, by ``amount_bands``.
    - years_of_cooperation: years since the first order, by ``years_bands``.
    - industry_position: max of the ``employees_bands`` and ``capital_bands`` scores.
    - payment_credit: on-time share of due orders * 100 (unpaid past due counts late), minus
      ``risk_penalty`` per risk event in the window by severity; a dishonest-debtor event gives 0.
    - growth_potential: (last window - previous window) / previous window, by ``growth_bands``;
      no previous revenue but current revenue counts as the top band.
    - strategic_synergy: distinct products in orders and open opportunities, by ``synergy_bands``.
    - loyalty: orders in the last two windows (repeat purchase), by ``loyalty_bands``.
    Missing data scores 0 and is listed as unknown.
    """

    weights: dict[str, float] = Field(
        default_factory=lambda: {
            "purchase_amount": 25.0,
            "years_of_cooperation": 10.0,
            "industry_position": 15.0,
            "payment_credit": 20.0,
            "growth_potential": 15.0,
            "strategic_synergy": 10.0,
            "loyalty": 5.0,
        }
    )
    window_days: int = 365
    amount_bands: list[Band] = Field(
        default_factory=lambda: [
            Band(min=5_000_000, score=100),
            Band(min=1_000_000, score=75),
            Band(min=300_000, score=50),
            Band(min=50_000, score=25),
        ]
    )
    years_bands: list[Band] = Field(
        default_factory=lambda: [
            Band(min=5, score=100),
            Band(min=3, score=75),
            Band(min=1, score=50),
            Band(min=0, score=25),
        ]
    )
    employees_bands: list[Band] = Field(
        default_factory=lambda: [
            Band(min=10_000, score=100),
            Band(min=1_000, score=75),
            Band(min=200, score=50),
            Band(min=50, score=25),
        ]
    )
    capital_bands: list[Band] = Field(
        default_factory=lambda: [
            Band(min=1e9, score=100),
            Band(min=1e8, score=75),
            Band(min=1e7, score=50),
            Band(min=1e6, score=25),
        ]
    )
    risk_penalty: dict[str, float] = Field(default_factory=lambda: {"high": 40.0, "medium": 20.0, "low": 10.0})
    growth_bands: list[Band] = Field(
        default_factory=lambda: [
            Band(min=0.30, score=100),
            Band(min=0.10, score=75),
            Band(min=-0.10, score=50),
            Band(min=-0.30, score=25),
        ]
    )
    synergy_bands: list[Band] = Field(
        default_factory=lambda: [
            Band(min=5, score=100),
            Band(min=3, score=75),
            Band(min=2, score=50),
            Band(min=1, score=25),
        ]
    )
    loyalty_bands: list[Band] = Field(
        default_factory=lambda: [
            Band(min=6, score=100),
            Band(min=4, score=75),
            Band(min=2, score=50),
            Band(min=1, score=25),
        ]
    )
    grade_a: float = 75.0
    grade_b: float = 50.0


# --- part B: next best actions (domain.md 12, 15) -------------------------------------------


class NextActionsConfig(_Section):
    """Ranking of next best actions: priority 1 (do first) .. 3, then by finding order."""

    max_actions: int = 15
    #: A health indicator scoring below this (0-100) is a finding (``health.low_indicator``).
    low_indicator_below: float = 50.0
    #: Indicators whose weakness is already reported by a risk signal or the power map.
    indicators_covered_elsewhere: list[str] = Field(
        default_factory=lambda: [
            "key_person_meetings",
            "sentiment_trend",
            "overdue_receivables",
            "decision_chain_coverage",
        ]
    )
    #: RFM segments that call for an action, and their finding keys.
    rfm_segments: dict[str, str] = Field(
        default_factory=lambda: {"needs_waking": "rfm.needs_waking", "important_win_back": "rfm.important_win_back"}
    )
    max_cross_sell_actions: int = 3
    #: Priority per finding-key prefix (the longest matching prefix wins); default 2.
    priorities: dict[str, int] = Field(
        default_factory=lambda: {
            "risk.dishonest_debtor": 1,
            "risk.legal_rep_change": 1,
            "risk.receivables_overdue": 1,
            "rfm.important_win_back": 1,
            "3.": 1,
            "power.high_influence_opponent": 1,
            "health.": 2,
            "1.": 2,
            "c.": 2,
            "9.": 2,
            "power.": 2,
            "rfm.": 2,
            "risk.": 2,
            "tree.": 3,
        }
    )


class ScoringConfig(_Section):
    """All scoring configuration (part A adds rfm/health/risk sections here)."""

    lead: LeadConfig = Field(default_factory=LeadConfig)
    c139: C139Config = Field(default_factory=C139Config)
    power_map: PowerMapConfig = Field(default_factory=PowerMapConfig)
    tree: TreeConfig = Field(default_factory=TreeConfig)
    qualification: QualificationConfig = Field(default_factory=QualificationConfig)
    next_actions: NextActionsConfig = Field(default_factory=NextActionsConfig)
    # part A (tools/config_account.py): RFM, key persons, health, risk, portfolio.
    rfm: RfmConfig = Field(default_factory=RfmConfig)
    key_person: KeyPersonConfig = Field(default_factory=KeyPersonConfig)
    health: HealthConfig = Field(default_factory=HealthConfig)
    risk: RiskConfig = Field(default_factory=RiskConfig)
    portfolio: PortfolioConfig = Field(default_factory=PortfolioConfig)


DEFAULT_CONFIG = ScoringConfig()
