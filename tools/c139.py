"""C139 opportunity assessment (domain.md section 4): coverage, one value proposition, three key
persons, nine competitive factors, and the gaps with catalogue actions.

Rules (thresholds in :class:`tools.config.C139Config`):
- C coverage = 100 * (0.7 * engaged departments / all departments + 0.3 * layers present / 3).
  Departments are the distinct ``department`` values of the account's contacts (case- and
  width-insensitive); a department is engaged when one of its contacts was met (last_contacted or an
  attended activity) within 90 days of ``as_of`` inclusive. A layer is present when any contact has it.
- 1 value proposition: 0 missing, 50 recorded, 100 confirmed (``Opportunity.value_confirmed``).
- 3 key persons: decision maker, financial owner, technical-or-user lead. Per role the best contact
  counts: an opponent 0; met 0-60 days ago 1 (0.5 when neutral); met 61-120 days ago 0.5; met more
  than 120 days ago or never 0. Part = sum / 3 * 100.
- 9 factors: ratings -2..+2; missing ratings count 0 and are listed in ``unknown_factors``;
  part = (mean over the nine + 2) / 4 * 100.
- Total = 20% C + 20% 1 + 30% 3 + 30% 9. A part below 60 is a gap with catalogue actions.
"""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel
from sqlmodel import Session

from assistant.crm.enums import COMPETITIVE_FACTORS, Layer, Stance
from assistant.crm.models import Opportunity, User
from tools.actions_catalogue import ActionRef, action
from tools.base import Evidence, ToolResult
from tools.c139_gaps import c139_thresholds, coverage_actions, factor_actions, value_actions
from tools.config import C139Config, ScoringConfig
from tools.engagement import ContactMet, contacts_met
from tools.lookup import normalize_text, resolve_opportunity

#: Key-person slots and the contact roles that fill them.
KEY_ROLES: dict[str, tuple[str, ...]] = {
    "decision_maker": ("decision_maker",),
    "financial": ("financial",),
    "technical_or_user": ("technical", "user"),
}
_ROLE_FINDING = {
    "decision_maker": "3.decision_maker_missing",
    "financial": "3.financial_missing",
    "technical_or_user": "3.technical_missing",
}


class KeyPerson(BaseModel):
    """How one key-person slot is filled."""

    slot: str
    credit: float
    contact_id: str | None = None
    contact_name: str | None = None
    title: str | None = None
    stance: str | None = None
    last_met: date | None = None
    days_since_met: int | None = None
    reason: str


class Gap(BaseModel):
    """A C139 part under the gap threshold and what to do about it."""

    part: str
    score: float
    actions: list[ActionRef]


class C139Result(ToolResult):
    """C139 of one opportunity; scores 0-100."""

    opportunity_id: str
    opportunity_name: str
    account_id: str
    status: str
    as_of: date
    total: float
    coverage: float
    value_proposition: float
    key_persons: float
    competitive: float
    gaps: list[Gap]
    unknown_factors: list[str]
    factors: dict[str, int | None]
    departments_engaged: list[str]
    departments_not_engaged: list[str]
    layers_present: list[str]
    key_person_slots: list[KeyPerson]


def assess_c139(
    session: Session, *, user: User, opportunity: str, as_of: date, config: ScoringConfig | None = None
) -> C139Result:
    """Score an opportunity (id or name) with C139 as of ``as_of`` and list its gaps with actions.

    Raises NotFoundError when the opportunity does not exist or is not visible to ``user``.
    """
    cfg = (config or ScoringConfig()).c139
    opp = resolve_opportunity(session, user=user, ref=opportunity)
    met = contacts_met(session, user=user, account_id=opp.account_id, as_of=as_of)
    evidence: list[Evidence] = [
        Evidence(
            record="opportunity",
            id=opp.id,
            values={
                "status": opp.status,
                "value_proposition": opp.value_proposition,
                "customer_pain": opp.customer_pain,
                "value_confirmed": opp.value_confirmed,
                "competitor": opp.competitor,
                **{f"f_{f}": getattr(opp, f"f_{f}") for f in COMPETITIVE_FACTORS},
            },
        )
    ]
    for m in met:
        c = m.contact
        evidence.append(
            Evidence(
                record="contact",
                id=c.id,
                values={
                    "name": c.name,
                    "department": c.department,
                    "role": c.role,
                    "layer": c.layer,
                    "stance": c.stance,
                    "last_met": m.last_met.isoformat() if m.last_met else None,
                    "via": m.via,
                    "days_since_met": m.days_since,
                },
            )
        )
    coverage, engaged, not_engaged, layers = _coverage(met, cfg)
    value = _value_score(opp, cfg)
    slots = [_slot(slot, roles, met, cfg) for slot, roles in KEY_ROLES.items()]
    key_persons = round(sum(s.credit for s in slots) / len(slots) * 100, 2)
    factors = {f: getattr(opp, f"f_{f}") for f in COMPETITIVE_FACTORS}
    unknown = [f for f in COMPETITIVE_FACTORS if factors[f] is None]
    mean = sum(v or 0 for v in factors.values()) / len(COMPETITIVE_FACTORS)
    competitive = round((mean + 2) / 4 * 100, 2)
    total = round(
        coverage * cfg.weight_coverage
        + value * cfg.weight_value_proposition
        + key_persons * cfg.weight_key_persons
        + competitive * cfg.weight_competitive,
        2,
    )
    gaps: list[Gap] = []
    if coverage < cfg.gap_below:
        gaps.append(Gap(part="coverage", score=coverage, actions=coverage_actions(met, not_engaged, layers)))
    if value < cfg.gap_below:
        gaps.append(Gap(part="value_proposition", score=value, actions=value_actions(opp, value, cfg)))
    if key_persons < cfg.gap_below:
        gaps.append(Gap(part="key_persons", score=key_persons, actions=_key_person_actions(slots, met)))
    if competitive < cfg.gap_below:
        gaps.append(Gap(part="competitive", score=competitive, actions=factor_actions(opp, factors, unknown)))
    return C139Result(
        opportunity_id=opp.id,
        opportunity_name=opp.name,
        account_id=opp.account_id,
        status=opp.status,
        as_of=as_of,
        total=total,
        coverage=coverage,
        value_proposition=value,
        key_persons=key_persons,
        competitive=competitive,
        gaps=gaps,
        unknown_factors=unknown,
        factors=factors,
        departments_engaged=engaged,
        departments_not_engaged=not_engaged,
        layers_present=layers,
        key_person_slots=slots,
        evidence=evidence,
        thresholds=c139_thresholds(cfg),
    )


def _coverage(met: list[ContactMet], cfg: C139Config) -> tuple[float, list[str], list[str], list[str]]:
    display: dict[str, str] = {}
    engaged_keys: set[str] = set()
    for m in met:
        dept = (m.contact.department or "").strip()
        if not dept:
            continue
        key = normalize_text(dept)
        display.setdefault(key, dept)
        if m.days_since is not None and m.days_since <= cfg.coverage_days:
            engaged_keys.add(key)
    engaged = sorted(display[k] for k in engaged_keys)
    not_engaged = sorted(display[k] for k in display if k not in engaged_keys)
    dept_share = len(engaged_keys) / len(display) if display else 0.0
    layers = [layer.value for layer in Layer if any(m.contact.layer == layer.value for m in met)]
    layer_share = len(layers) / len(Layer)
    w = cfg.coverage_department_weight
    return round(100 * (w * dept_share + (1 - w) * layer_share), 2), engaged, not_engaged, layers


def _value_score(opp: Opportunity, cfg: C139Config) -> float:
    if not (opp.value_proposition or "").strip():
        return cfg.value_missing
    return cfg.value_confirmed if opp.value_confirmed else cfg.value_recorded


def _credit(m: ContactMet, cfg: C139Config) -> tuple[float, str]:
    if m.contact.stance == Stance.OPPONENT:
        return 0.0, "opponent"
    if m.days_since is None:
        return 0.0, "never met"
    if m.days_since <= cfg.key_person_recent_days:
        if m.contact.stance == Stance.NEUTRAL:
            return cfg.key_person_partial, f"neutral, met {m.days_since} days ago"
        return cfg.key_person_full, f"met {m.days_since} days ago"
    if m.days_since <= cfg.key_person_stale_days:
        return cfg.key_person_partial, f"met {m.days_since} days ago"
    return 0.0, f"last met {m.days_since} days ago"


def _slot(slot: str, roles: tuple[str, ...], met: list[ContactMet], cfg: C139Config) -> KeyPerson:
    holders = [m for m in met if m.contact.role in roles]
    if not holders:
        return KeyPerson(slot=slot, credit=0.0, reason="no contact holds this role")
    # Best credit first, then the most recent meeting, then the contact id for a stable choice.
    scored = sorted(
        ((_credit(m, cfg), m) for m in holders),
        key=lambda cm: (-cm[0][0], cm[1].days_since if cm[1].days_since is not None else 10**9, cm[1].contact.id),
    )
    (credit, reason), best = scored[0]
    c = best.contact
    return KeyPerson(
        slot=slot,
        credit=credit,
        contact_id=c.id,
        contact_name=c.name,
        title=c.title,
        stance=c.stance,
        last_met=best.last_met,
        days_since_met=best.days_since,
        reason=reason,
    )


def _who(m: ContactMet) -> str:
    title = f", {m.contact.title}" if m.contact.title else ""
    return f"{m.contact.name} ({m.contact.id}{title})"


def _key_person_actions(slots: list[KeyPerson], met: list[ContactMet]) -> list[ActionRef]:
    actions: list[ActionRef] = []
    for slot in slots:
        if slot.credit >= 1:
            continue
        who = f"{slot.contact_name} ({slot.contact_id}), {slot.reason}" if slot.contact_id else slot.reason
        if slot.reason == "opponent":
            continue  # reported below with every opponent in a key role
        actions.append(action(_ROLE_FINDING[slot.slot], f"{slot.slot}: {who}"))
    key_roles = {r for roles in KEY_ROLES.values() for r in roles}
    for m in met:
        if m.contact.role in key_roles and m.contact.stance == Stance.OPPONENT:
            actions.append(action("3.opponent", f"{m.contact.role}: {_who(m)} is an opponent"))
    return actions
