"""Which documents an account gets, and their text, from template banks driven by the records.

A *situation* is what a document is about (a price complaint on an opportunity with a negative
price rating, the customer confirming a value proposition, an absent finance director, ...).
Situations required by the records come first, the account's profile fills up the rest; for a
declining account the documents are ordered from positive to negative over time.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from types import ModuleType
from typing import Any

from assistant.crm.demo import texts_en, texts_zh
from assistant.crm.demo.catalog import PRODUCT_BY_NAME
from assistant.crm.demo.context import Context, short_name
from assistant.crm.demo.deals import OppDraft
from assistant.crm.demo.people import ContactDraft, financial_contact
from assistant.crm.demo.plan import AccountPlan

#: Sentiment order used to let a declining account's documents drift from positive to negative.
RANK = {
    "positive": 0,
    "intro": 1,
    "progress": 1,
    "value_pitch": 1,
    "value_confirmed": 1,
    "dormant": 1,
    "legal_rep": 1,
    "injection": 1,
    "finance_absent": 2,
    "price": 2,
    "service": 2,
    "overdue": 3,
    "decline": 3,
}
#: Situations whose documents can be written by the customer (an e-mail they send).
CUSTOMER_VOICE = ("positive", "progress", "price", "service", "decline", "dormant", "injection")
_PRIMARY_ROLES = {
    "price": ("influencer", "decision_maker", "financial"),
    "service": ("user", "technical"),
    "value_confirmed": ("decision_maker", "technical"),
    "value_pitch": ("decision_maker", "technical"),
    "overdue": ("financial", "decision_maker"),
    "finance_absent": ("decision_maker", "technical", "influencer"),
    "legal_rep": ("decision_maker", "gatekeeper", "technical"),
    "decline": ("decision_maker", "user", "technical"),
}


@dataclass(slots=True)
class Situation:
    """One planned document."""

    key: str
    opp: OppDraft | None
    window: tuple[int, int] | None = None
    day: date | None = None


def texts(language: str) -> ModuleType:
    """The template bank of ``language``."""
    return texts_zh if language == "zh" else texts_en


def plan_situations(
    ctx: Context, plan: AccountPlan, opps: list[OppDraft], contacts: list[ContactDraft], legal_days_ago: int | None
) -> list[Situation]:
    """The documents of one account: required by its records first, then filled up to its quota."""
    if plan.doc_quota <= 0:
        return []
    rng = ctx.rng
    required: list[Situation] = []
    open_opps = [opp for opp in opps if opp.status == "open"]
    for opp in opps:
        if opp.status != "lost" and (opp.factors["price"] or 0) < 0 and opp.row["competitor"]:
            required.append(Situation("price", opp))
        if opp.status == "open" and (opp.factors["service"] or 0) < 0:
            required.append(Situation("service", opp))
        if opp.row["value_confirmed"]:
            required.append(Situation("value_confirmed", opp))
    finance = financial_contact(contacts)
    if plan.scenario == "stalled":
        required.append(Situation("finance_absent", opps[-1], (25, 3)))
    elif finance is not None and open_opps and (finance.never_met or finance.reachable_until) and rng.random() < 0.5:
        required.append(Situation("finance_absent", rng.choice(open_opps), (60, 3)))
    if plan.old_legal_rep and legal_days_ago is not None:
        required.append(Situation("legal_rep", None, (legal_days_ago - 2, 1)))
    if plan.overdue_60:
        required.append(Situation("overdue", None, (7, 1)))
    if plan.injection:
        required.append(Situation("injection", open_opps[0] if open_opps else None))
    if plan.profile == "declining":
        return _declining(ctx, plan, opps, required)
    pitchable = [o for o in opps if o.row["value_proposition"] and not o.row["value_confirmed"] and o.status == "open"]
    situations = required + [_filler(ctx, plan, opps, pitchable) for _ in range(plan.doc_quota - len(required))]
    rng.shuffle(situations)
    return situations


def _declining(ctx: Context, plan: AccountPlan, opps: list[OppDraft], required: list[Situation]) -> list[Situation]:
    """Positive documents first (at least 40%), then neutral ones, complaints, and at least two clearly negative."""
    rng = ctx.rng
    positives = max(2, math.ceil((len(required) + 2) * 2 / 3))
    negatives = max(2, plan.doc_quota - len(required) - positives)
    situations = list(required)
    for key in ["positive"] * positives + ["decline"] * negatives:
        situations.append(Situation(key, rng.choice(opps) if opps and rng.random() < 0.6 else None))
    order = sorted(range(len(situations)), key=lambda i: (RANK[situations[i].key], rng.random()))
    return [situations[i] for i in order]


def _filler(ctx: Context, plan: AccountPlan, opps: list[OppDraft], pitchable: list[OppDraft]) -> Situation:
    rng = ctx.rng
    some_opp = rng.choice(opps) if opps and rng.random() < 0.6 else None
    if plan.profile == "dormant":
        return Situation(rng.choice(("dormant", "progress")), some_opp)
    if plan.profile == "never":
        return Situation(rng.choice(("intro", "intro", "progress")), some_opp)
    if pitchable and rng.random() < 0.15:
        return Situation("value_pitch", rng.choice(pitchable))
    positive_share = 0.55 if plan.profile == "healthy" else 0.35
    return Situation("positive" if rng.random() < positive_share else "progress", some_opp)


def pick_attendees(ctx: Context, situation: Situation, day: date, contacts: list[ContactDraft]) -> list[ContactDraft]:
    """Who took part: the contact the situation is about first, then up to two others (all reachable that day)."""
    rng = ctx.rng
    available = [c for c in contacts if c.reachable(day)]
    if situation.key == "finance_absent":
        available = [c for c in available if c.role != "financial"]
    if not available:
        return []
    roles = _PRIMARY_ROLES.get(situation.key, ())
    primary = next((c for role in roles for c in available if c.role == role), None) or rng.choice(available)
    others = [c for c in available if c is not primary]
    return [primary, *rng.sample(others, min(len(others), rng.randint(0, 2)))]


def slots(
    ctx: Context,
    plan: AccountPlan,
    situation: Situation,
    language: str,
    attendees: list[ContactDraft],
    contacts: list[ContactDraft],
    overdue: tuple[int, float],
) -> dict[str, Any]:
    """The values the templates of ``situation`` may use."""
    bank = texts(language)
    opp = situation.opp
    product_name = opp.products[0] if opp is not None else plan.product_pool[0]
    product = PRODUCT_BY_NAME[product_name]
    pain = opp.row["customer_pain"] if opp is not None and language == plan.lang else None
    finance = financial_contact(contacts)
    return {
        "account": short_name(plan.name),
        "contact": attendees[0].name if attendees else short_name(plan.name),
        "product": product_name,
        "competitor": (opp.row["competitor"] if opp is not None else None) or "",
        "pct": ctx.rng.choice((10, 12, 15, 18, 20, 25, 30)),
        "vp": (opp.row["value_proposition"] if opp is not None else None) or "",
        "pain": pain or (product.pain_zh if language == "zh" else product.pain_en) or bank.DEFAULT_PAIN,
        "fin": finance.name if finance is not None else "",
        "old_rep": plan.old_legal_rep or "",
        "new_rep": plan.legal_rep,
        "count": overdue[0],
        "amount": f"{overdue[1]:,.0f}",
    }


def main_text(ctx: Context, situation: Situation, language: str, voice: str, values: dict[str, Any]) -> str:
    """The sentences that carry the document's message (two for positive/negative ones, else one)."""
    bank = texts(language)
    source = bank.CUSTOMER if voice == "customer" else bank.NOTE
    choices = list(source[situation.key])
    take = 2 if situation.key in ("positive", "decline") and len(choices) > 1 else 1
    sentences = [s.format(**values) for s in ctx.rng.sample(choices, take)]
    joiner = "" if language == "zh" else " "
    text = joiner.join(sentences)
    if situation.key == "injection":
        text += "\n\n" + "\n".join(bank.INJECTION)
    return text


def subject(ctx: Context, situation: Situation, language: str, values: dict[str, Any]) -> str:
    """A subject line for the situation."""
    return str(ctx.rng.choice(texts(language).SUBJECTS[situation.key])).format(**values)
