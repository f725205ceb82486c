"""Contacts of an account: a power map with decision roles, influence, stance, strength and layer.

Some accounts deliberately lack a financial contact, some have an opponent, and some have a
finance director who was met only long ago or never (the stalled-deal story of C139).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from assistant.crm.demo.catalog import ORG_LAYER_PROFILE, ROLE_PROFILES
from assistant.crm.demo.context import Context
from assistant.crm.demo.names import PersonName, chinese_person, english_person, mobile
from assistant.crm.demo.plan import AccountPlan

_STRENGTH = {"healthy": (3, 5), "normal": (2, 4), "declining": (1, 3), "dormant": (1, 2), "never": (1, 2)}


@dataclass(slots=True)
class ContactDraft:
    """A contact before ``last_contacted`` is known (it follows from the activities)."""

    id: str
    account_id: str
    name: str
    title: str
    department: str
    role: str
    influence: int
    stance: str
    strength: int
    layer: str
    email: str
    phone: str
    #: Never attends an activity (the finance director nobody has met).
    never_met: bool = False
    #: Attends activities only up to this day (a relationship gone cold).
    reachable_until: date | None = None
    last_contacted: date | None = None

    def reachable(self, day: date) -> bool:
        """Whether this contact can attend an activity on ``day``."""
        return not self.never_met and (self.reachable_until is None or day <= self.reachable_until)

    def row(self) -> dict[str, Any]:
        """The ``contacts`` table row."""
        return {
            "id": self.id,
            "account_id": self.account_id,
            "name": self.name,
            "title": self.title,
            "department": self.department,
            "role": self.role,
            "influence": self.influence,
            "stance": self.stance,
            "strength": self.strength,
            "layer": self.layer,
            "email": self.email,
            "phone": self.phone,
            "last_contacted": self.last_contacted,
        }


def _roles(ctx: Context, plan: AccountPlan) -> list[str]:
    rng = ctx.rng
    small = plan.profile in ("dormant", "never")
    roles = ["decision_maker", "technical"]
    if plan.scenario == "stalled" or rng.random() < (0.75 if small else 0.88):
        roles.append("financial")
    roles += ["user"] * (1 if small else rng.randint(1, 2))
    if not small:
        roles += ["influencer"] * rng.randint(0, 2)
        if rng.random() < 0.5:
            roles.append("coach")
        if rng.random() < 0.35:
            roles.append("gatekeeper")
    return roles


def make_contacts(ctx: Context, plan: AccountPlan) -> list[ContactDraft]:
    """The contacts of ``plan``'s account, key persons first."""
    rng = ctx.rng
    roles = _roles(ctx, plan)
    org_layer = plan.profile not in ("dormant", "never") and rng.random() < 0.45
    low, high = _STRENGTH[plan.profile]
    opponent_role = None
    if plan.profile == "declining" or rng.random() < 0.15:
        opponent_role = rng.choice(["technical", "influencer", "user", "decision_maker"])
    locals_seen: set[str] = set()
    contacts: list[ContactDraft] = []
    entries: list[tuple[str, bool]] = [(role, False) for role in roles] + ([("influencer", True)] if org_layer else [])
    for role, is_org in entries:
        person = chinese_person(rng) if plan.lang == "zh" else english_person(rng)
        local = _unique_local(person, locals_seen)
        dept_zh, dept_en, titles_zh, titles_en, (inf_low, inf_high) = ROLE_PROFILES[role]
        if is_org:
            dept_zh, dept_en, titles_zh, titles_en = ORG_LAYER_PROFILE
            inf_low, inf_high = 4, 5
        influence = rng.randint(inf_low, inf_high)
        stance = "supporter" if role == "coach" else rng.choices(("supporter", "neutral"), (55, 45))[0]
        planned = role == opponent_role and not any(c.stance == "opponent" for c in contacts)
        if planned or (role not in ("coach", "decision_maker") and rng.random() < 0.05):
            stance = "opponent"
        if is_org:
            layer = "organizational"
        elif role in ("decision_maker", "financial") or (role == "technical" and influence >= 4):
            layer = "key"
        else:
            layer = "general"
        ctx.contact_serial += 1
        contacts.append(
            ContactDraft(
                id=ctx.ids.new("contact"),
                account_id=plan.id,
                name=person.name,
                title=rng.choice(titles_zh if plan.lang == "zh" else titles_en),
                department=dept_zh if plan.lang == "zh" else dept_en,
                role=role,
                influence=influence,
                stance=stance,
                strength=max(1, rng.randint(low, high) - (1 if stance == "opponent" else 0)),
                layer=layer,
                email=f"{local}@{plan.domain}",
                phone=mobile(ctx.contact_serial, plan.region == "Singapore"),
            )
        )
    _cool_down(ctx, plan, contacts)
    return contacts


def _unique_local(person: PersonName, seen: set[str]) -> str:
    local, number = person.local, 2
    while local in seen:
        local, number = f"{person.local}{number}", number + 1
    seen.add(local)
    return local


def _cool_down(ctx: Context, plan: AccountPlan, contacts: list[ContactDraft]) -> None:
    """Make some relationships cold: the finance director never met or met long ago, a distant decision maker."""
    rng = ctx.rng
    financial = next((c for c in contacts if c.role == "financial"), None)
    if financial is not None:
        draw = rng.random()
        if plan.scenario == "stalled" or draw < 0.05:
            financial.never_met = True
        elif draw < 0.2 or plan.profile in ("dormant",):
            financial.reachable_until = ctx.days_ago(rng.randint(121, 420))
    boss = next(c for c in contacts if c.role == "decision_maker")
    if plan.scenario != "stalled" and (plan.profile in ("declining", "dormant") or rng.random() < 0.1):
        boss.reachable_until = ctx.days_ago(rng.randint(61, 240))


def financial_contact(contacts: list[ContactDraft]) -> ContactDraft | None:
    """The account's financial-role contact, if any."""
    return next((c for c in contacts if c.role == "financial"), None)
