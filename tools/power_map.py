"""Power map 权力地图 (domain.md section 5): an account's contacts by decision role and layer, with
influence, stance and relationship strength, and the findings that call for action.

Findings (thresholds in :class:`tools.config.PowerMapConfig`):
- ``power.role_uncovered``: a required role (decision maker, financial, technical, user, coach) that
  no contact holds.
- ``power.high_influence_not_met``: influence >= 4 stars and not met (last_contacted or an attended
  activity) within 60 days of ``as_of`` inclusive, or never.
- ``power.high_influence_opponent``: influence >= 4 stars and stance opponent.
The strength of each layer is the mean of its contacts' rated strengths (None when none is rated).
"""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel
from sqlmodel import Session

from assistant.crm.enums import DecisionRole, Layer, Stance
from assistant.crm.models import User
from tools.actions_catalogue import ActionRef, action
from tools.base import Evidence, Threshold, ToolResult
from tools.config import ScoringConfig
from tools.engagement import ContactMet, contacts_met
from tools.lookup import resolve_account

UNASSIGNED = "unassigned"


class MappedContact(BaseModel):
    """One contact on the power map."""

    id: str
    name: str
    title: str | None
    department: str | None
    role: str
    layer: str
    influence: int | None
    stance: str | None
    strength: int | None
    last_met: date | None
    days_since_met: int | None


class LayerStrength(BaseModel):
    """Relationship strength of one layer."""

    layer: str
    contacts: list[str]
    rated: int
    mean_strength: float | None


class PowerFinding(BaseModel):
    """A finding on the power map with its catalogue action."""

    finding: str
    subject: str
    contact_id: str | None = None
    action: ActionRef


class PowerMapResult(ToolResult):
    """The power map of one account."""

    account_id: str
    account_name: str
    as_of: date
    by_role: dict[str, list[MappedContact]]
    by_layer: dict[str, list[str]]
    layers: list[LayerStrength]
    findings: list[PowerFinding]


_ROLE_ORDER = [r.value for r in DecisionRole] + [UNASSIGNED]
_LAYER_ORDER = [layer.value for layer in Layer] + [UNASSIGNED]


def _mapped(m: ContactMet) -> MappedContact:
    c = m.contact
    return MappedContact(
        id=c.id,
        name=c.name,
        title=c.title,
        department=c.department,
        role=c.role or UNASSIGNED,
        layer=c.layer or UNASSIGNED,
        influence=c.influence,
        stance=c.stance,
        strength=c.strength,
        last_met=m.last_met,
        days_since_met=m.days_since,
    )


def power_map(
    session: Session, *, user: User, account: str, as_of: date, config: ScoringConfig | None = None
) -> PowerMapResult:
    """The power map of an account (id or name) as of ``as_of``, with findings and actions.

    Raises NotFoundError when the account does not exist or is not visible to ``user``.
    """
    cfg = (config or ScoringConfig()).power_map
    acc = resolve_account(session, user=user, ref=account)
    met = contacts_met(session, user=user, account_id=acc.id, as_of=as_of)
    contacts = [_mapped(m) for m in met]
    by_role = {
        role: [c for c in contacts if c.role == role] for role in _ROLE_ORDER if any(c.role == role for c in contacts)
    }
    by_layer = {
        layer: [c.id for c in contacts if c.layer == layer]
        for layer in _LAYER_ORDER
        if any(c.layer == layer for c in contacts)
    }
    layers: list[LayerStrength] = []
    for layer in _LAYER_ORDER[:-1]:
        members = [c for c in contacts if c.layer == layer]
        rated = [c.strength for c in members if c.strength is not None]
        layers.append(
            LayerStrength(
                layer=layer,
                contacts=[c.id for c in members],
                rated=len(rated),
                mean_strength=round(sum(rated) / len(rated), 2) if rated else None,
            )
        )
    findings: list[PowerFinding] = []
    for role in cfg.required_roles:
        if role not in by_role:
            findings.append(
                PowerFinding(finding="power.role_uncovered", subject=role, action=action("power.role_uncovered", role))
            )
    for c in contacts:
        if c.influence is None or c.influence < cfg.high_influence:
            continue
        who = f"{c.name} ({c.id}, {c.role}, influence {c.influence})"
        if c.days_since_met is None or c.days_since_met > cfg.not_met_days:
            when = "never met" if c.days_since_met is None else f"last met {c.days_since_met} days ago"
            subject = f"{who}, {when}"
            findings.append(
                PowerFinding(
                    finding="power.high_influence_not_met",
                    subject=subject,
                    contact_id=c.id,
                    action=action("power.high_influence_not_met", subject),
                )
            )
        if c.stance == Stance.OPPONENT:
            subject = f"{who} is an opponent"
            findings.append(
                PowerFinding(
                    finding="power.high_influence_opponent",
                    subject=subject,
                    contact_id=c.id,
                    action=action("power.high_influence_opponent", subject),
                )
            )
    evidence = [
        Evidence(
            record="contact",
            id=c.id,
            values={
                "role": c.role,
                "layer": c.layer,
                "influence": c.influence,
                "stance": c.stance,
                "strength": c.strength,
                "last_met": c.last_met.isoformat() if c.last_met else None,
                "via": m.via,
            },
        )
        for c, m in zip(contacts, met, strict=True)
    ]
    thresholds = [
        Threshold(name="high_influence", value=cfg.high_influence, rule="influence >= N stars is high"),
        Threshold(name="not_met_days", value=cfg.not_met_days, rule="high-influence contact not met within N days"),
        Threshold(name="required_roles", value=list(cfg.required_roles), rule="roles someone should hold"),
    ]
    return PowerMapResult(
        account_id=acc.id,
        account_name=acc.name,
        as_of=as_of,
        by_role=by_role,
        by_layer=by_layer,
        layers=layers,
        findings=findings,
        evidence=evidence,
        thresholds=thresholds,
    )
