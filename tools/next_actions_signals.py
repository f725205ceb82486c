"""Findings for next best actions from the account scores of part A: risk scan, RFM and health.

Only the public tools :func:`tools.risk.scan_risk`, :func:`tools.rfm.score_rfm` and
:func:`tools.health.score_health` are used; the mapping to catalogue findings is:
- risk events ``dishonest_debtor`` and ``legal_rep_change`` -> ``risk.<kind>``; other events and the
  internal ``health_drop`` / ``competitor_mentions`` signals -> ``risk.other``;
- internal ``receivables_overdue`` -> ``risk.receivables_overdue``; ``no_key_person_contact`` ->
  ``health.no_key_person_contact``; ``negative_sentiment`` -> ``health.negative_sentiment``;
- RFM segments listed in ``NextActionsConfig.rfm_segments`` (needs waking, important win-back), only
  for an account that has paid orders (a prospect has nothing to wake up);
- health indicators scoring below ``low_indicator_below`` and not already covered by a risk signal
  or the power map -> ``health.low_indicator``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from sqlmodel import Session

from assistant.crm.models import User
from tools.base import Evidence
from tools.config import ScoringConfig
from tools.health import score_health
from tools.rfm import score_rfm
from tools.risk import scan_risk

_SIGNAL_FINDING = {
    "dishonest_debtor": "risk.dishonest_debtor",
    "legal_rep_change": "risk.legal_rep_change",
    "receivables_overdue": "risk.receivables_overdue",
    "no_key_person_contact": "health.no_key_person_contact",
    "negative_sentiment": "health.negative_sentiment",
}


@dataclass(frozen=True)
class Finding:
    """A finding from one source, before it is ranked and worded from the catalogue."""

    source: str
    finding: str
    subject: str
    evidence: list[Evidence] = field(default_factory=list)


def account_findings(
    session: Session,
    *,
    user: User,
    account_id: str,
    as_of: date,
    config: ScoringConfig,
    sentiment_by_month: Mapping[str, float] | None = None,
) -> tuple[list[Finding], dict[str, str]]:
    """Risk, RFM and health findings of a visible account, and a status line per source."""
    cfg = config.next_actions
    found: list[Finding] = []
    status: dict[str, str] = {}

    risk = scan_risk(
        session, user=user, account_id=account_id, as_of=as_of, config=config, sentiment_by_month=sentiment_by_month
    )
    for signal in risk.signals:
        finding = _SIGNAL_FINDING.get(signal.kind, "risk.other")
        source = "health" if finding.startswith("health.") else "risk"
        found.append(Finding(source, finding, f"{signal.severity}: {signal.summary}", list(signal.evidence)))
    status["risk"] = f"level {risk.level}, {len(risk.signals)} signal(s)"

    rfm = score_rfm(session, user=user, account_id=account_id, as_of=as_of, config=config)
    if rfm.last_order_id is None:
        status["rfm"] = "no paid orders: segment not applicable"
    else:
        status["rfm"] = f"segment {rfm.segment}, tier {rfm.tier}"
        if rfm.segment in cfg.rfm_segments:
            values = {"r": rfm.r, "f": rfm.f, "m": rfm.m, "r_days": rfm.r_days, "segment": rfm.segment}
            subject = (
                f"{rfm.segment_en} {rfm.segment_zh} (R{rfm.r} F{rfm.f} M{rfm.m}, last paid order {rfm.r_days} days ago)"
            )
            evidence = [Evidence(record="order", id=rfm.last_order_id, values=values)]
            found.append(Finding("rfm", cfg.rfm_segments[rfm.segment], subject, evidence))

    health = score_health(
        session, user=user, account_id=account_id, as_of=as_of, config=config, sentiment_by_month=sentiment_by_month
    )
    weak = 0
    for ind in health.indicators:
        if ind.score is None or ind.score >= cfg.low_indicator_below or ind.name in cfg.indicators_covered_elsewhere:
            continue
        weak += 1
        subject = f"{ind.name} {ind.score:.0f}/100 ({ind.formula})"
        evidence = [Evidence(record="account", id=account_id, values={"indicator": ind.name, "inputs": ind.inputs})]
        found.append(Finding("health", "health.low_indicator", subject, evidence))
    status["health"] = f"{health.score:.1f} {health.band}, confidence {health.confidence:.2f}, {weak} weak indicator(s)"
    return found, status
