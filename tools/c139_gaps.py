"""C139 gap actions and thresholds: which catalogue actions a gap in coverage, the value
proposition or the competitive factors calls for (key-person gaps are in :mod:`tools.c139`).
"""

from __future__ import annotations

from assistant.crm.enums import COMPETITIVE_FACTORS, Layer
from assistant.crm.models import Opportunity
from tools.actions_catalogue import FACTOR_FINDING, ActionRef, action
from tools.base import Threshold
from tools.config import C139Config
from tools.engagement import ContactMet


def coverage_actions(met: list[ContactMet], not_engaged: list[str], layers: list[str]) -> list[ActionRef]:
    """Actions for a coverage gap: the departments not engaged, a missing organizational layer."""
    actions: list[ActionRef] = []
    if not_engaged:
        actions.append(action("c.departments_not_engaged", "departments: " + ", ".join(not_engaged)))
    elif not any(m.contact.department for m in met):
        actions.append(action("c.departments_not_engaged", "no contact has a department recorded"))
    if Layer.ORGANIZATIONAL.value not in layers:
        actions.append(action("c.no_organizational_layer", "no contact on the organizational layer"))
    return actions


def value_actions(opp: Opportunity, value: float, cfg: C139Config) -> list[ActionRef]:
    """Action for a value-proposition gap: write one (missing) or get it confirmed (recorded)."""
    pain = (opp.customer_pain or "").strip()
    if value == cfg.value_missing:
        return [action("1.no_value_proposition", f"customer pain: {pain}" if pain else "no customer pain recorded")]
    return [action("1.value_not_confirmed", f"value proposition: {(opp.value_proposition or '').strip()}")]


def factor_actions(opp: Opportunity, factors: dict[str, int | None], unknown: list[str]) -> list[ActionRef]:
    """Actions for a competitive gap: each finding for factors rated below the competitor, and the unrated ones."""
    against = f" vs {opp.competitor}" if opp.competitor else ""
    below: dict[str, list[str]] = {}
    for name in COMPETITIVE_FACTORS:
        rating = factors[name]
        if rating is not None and rating < 0:
            below.setdefault(FACTOR_FINDING[name], []).append(f"{name} {rating:+d}")
    actions = [action(finding, ", ".join(items) + against) for finding, items in below.items()]
    if unknown:
        actions.append(action("9.unknown", "unrated: " + ", ".join(unknown)))
    return actions


def c139_thresholds(cfg: C139Config) -> list[Threshold]:
    """The weights and thresholds a C139 result reports."""
    return [
        Threshold(
            name="weights",
            value={
                "C": cfg.weight_coverage,
                "1": cfg.weight_value_proposition,
                "3": cfg.weight_key_persons,
                "9": cfg.weight_competitive,
            },
        ),
        Threshold(name="coverage_days", value=cfg.coverage_days, rule="department engaged if met within N days"),
        Threshold(
            name="coverage_department_weight",
            value=cfg.coverage_department_weight,
            rule="coverage = 100*(w*department share + (1-w)*layers present/3)",
        ),
        Threshold(name="key_person_recent_days", value=cfg.key_person_recent_days, rule="met within: 1 (neutral 0.5)"),
        Threshold(name="key_person_stale_days", value=cfg.key_person_stale_days, rule="met within: 0.5; later: 0"),
        Threshold(
            name="value_scores",
            value=[cfg.value_missing, cfg.value_recorded, cfg.value_confirmed],
            rule="missing / recorded / confirmed",
        ),
        Threshold(name="factor_scale", value="(mean of nine, missing=0, + 2) / 4 * 100"),
        Threshold(name="gap_below", value=cfg.gap_below, rule="a part under this is a gap"),
    ]
