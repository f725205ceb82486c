"""Opportunities with C139 inputs, and the quotes on them.

Ratings lean by account profile; a negative price rating always has a named competitor (the
documents then quote the customer's price complaint against that competitor).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from assistant.crm.demo.catalog import COMPETITORS_EN, COMPETITORS_ZH, OPEN_STAGES, PRODUCT_BY_NAME
from assistant.crm.demo.context import Context, money, short_name
from assistant.crm.demo.plan import AccountPlan
from assistant.crm.enums import COMPETITIVE_FACTORS

USD_RATE = 7.1
_COUNTS = {  # (won, open, lost) ranges per profile
    "healthy": ((1, 3), (1, 2), (0, 1)),
    "normal": ((1, 2), (0, 2), (0, 1)),
    "declining": ((1, 2), (1, 1), (1, 1)),
    "dormant": ((1, 1), (0, 0), (0, 1)),
    "never": ((0, 0), (0, 1), (0, 1)),
}
_RATING_WEIGHTS = {
    "healthy": (3, 8, 30, 35, 24),
    "normal": (6, 14, 38, 28, 14),
    "declining": (15, 25, 35, 18, 7),
    "dormant": (6, 14, 40, 26, 14),
    "never": (6, 14, 44, 24, 12),
}
_NAME_SUFFIX_ZH = ("项目", "二期", "扩容", "升级")
_NAME_SUFFIX_EN = ("rollout", "phase 2", "expansion", "upgrade")


@dataclass(slots=True)
class OppDraft:
    """An opportunity row plus what later generators need to know about it."""

    row: dict[str, Any]
    status: str
    products: list[str]
    close: date
    amount_cny: float
    factors: dict[str, int | None] = field(default_factory=dict)

    @property
    def id(self) -> str:
        """The opportunity id."""
        return str(self.row["id"])


def make_opportunities(ctx: Context, plan: AccountPlan) -> list[OppDraft]:
    """Won, open and lost opportunities of an account (the stalled deal for the stalled story)."""
    rng = ctx.rng
    (w_lo, w_hi), (o_lo, o_hi), (l_lo, l_hi) = _COUNTS[plan.profile]
    statuses = ["won"] * rng.randint(w_lo, w_hi) + ["open"] * rng.randint(o_lo, o_hi)
    statuses += ["lost"] * rng.randint(l_lo, l_hi)
    if plan.scenario == "dishonest":
        statuses = ["won", "won", "open", "open"]
    if plan.white_space:
        statuses = [s for s in statuses if s != "won"]
    drafts = [_opportunity(ctx, plan, status) for status in statuses]
    if plan.scenario == "stalled":
        drafts.append(_stalled(ctx, plan))
    return drafts


def _opportunity(ctx: Context, plan: AccountPlan, status: str) -> OppDraft:
    rng = ctx.rng
    products = rng.sample(list(plan.product_pool), min(len(plan.product_pool), rng.choice((1, 1, 2))))
    amount_cny = sum(rng.uniform(PRODUCT_BY_NAME[p].low, PRODUCT_BY_NAME[p].high) for p in products) * plan.size
    amount_cny = money(amount_cny, 1000)
    if status == "open":
        stage, close = rng.choices(OPEN_STAGES, (20, 25, 30, 25))[0], ctx.today + timedelta(days=rng.randint(10, 150))
    elif status == "won":
        # A dormant account's last win is old too: it has not ordered for more than 180 days.
        stage, close = "closed_won", ctx.random_day(700, 200 if plan.profile == "dormant" else 30)
    else:
        stage, close = "closed_lost", ctx.random_day(600, 20)
    factors = _factors(ctx, plan, status)
    competitor_bank = COMPETITORS_ZH if plan.lang == "zh" else COMPETITORS_EN
    competitor = rng.choice(competitor_bank) if rng.random() < 0.85 or (factors["price"] or 0) < 0 else None
    product = PRODUCT_BY_NAME[products[0]]
    value = (product.value_zh if plan.lang == "zh" else product.value_en) if rng.random() < 0.75 else None
    pain = (product.pain_zh if plan.lang == "zh" else product.pain_en) if rng.random() < 0.8 else None
    confirmed = value is not None and rng.random() < (0.8 if status == "won" else 0.4)
    suffix = rng.choice(_NAME_SUFFIX_ZH if plan.lang == "zh" else _NAME_SUFFIX_EN)
    name = f"{short_name(plan.name)} {products[0]} {suffix}"
    return _draft(
        ctx, plan, name, stage, status, products, amount_cny, close, competitor, value, pain, confirmed, factors
    )


def _draft(
    ctx: Context,
    plan: AccountPlan,
    name: str,
    stage: str,
    status: str,
    products: list[str],
    amount_cny: float,
    close: date,
    competitor: str | None,
    value: str | None,
    pain: str | None,
    confirmed: bool,
    factors: dict[str, int | None],
) -> OppDraft:
    amount = money(amount_cny / USD_RATE, 100) if plan.currency == "USD" else amount_cny
    row: dict[str, Any] = {
        "id": ctx.ids.new("opportunity"),
        "account_id": plan.id,
        "name": name,
        "stage": stage,
        "amount": amount,
        "currency": plan.currency,
        "expected_close": close,
        "owner_id": plan.owner_id,
        "status": status,
        "products": products,
        "competitor": competitor,
        "value_proposition": value,
        "customer_pain": pain,
        "value_confirmed": confirmed,
    }
    row.update({f"f_{factor}": factors[factor] for factor in COMPETITIVE_FACTORS})
    return OppDraft(row, status, products, close, amount_cny, factors)


def _factors(ctx: Context, plan: AccountPlan, status: str) -> dict[str, int | None]:
    rng = ctx.rng
    weights = _RATING_WEIGHTS[plan.profile]
    factors: dict[str, int | None] = {}
    for factor in COMPETITIVE_FACTORS:
        if rng.random() < 0.15:
            factors[factor] = None
        else:
            factors[factor] = rng.choices((-2, -1, 0, 1, 2), weights)[0]
    if factors["price"] is not None:
        factors["price"] = rng.choice((-2, -1, -1)) if rng.random() < 0.35 else rng.choice((0, 1, 1, 2))
    if plan.profile == "declining" and status == "open":
        factors["service"] = rng.choice((-1, -2))
    elif factors["service"] is not None and factors["service"] < 0 and rng.random() < 0.5:
        factors["service"] = 0
    return factors


def _stalled(ctx: Context, plan: AccountPlan) -> OppDraft:
    """The stalled deal of C139: big, slipped past its close date, finance director never met."""
    products = ["MES 制造执行系统", "IoT Gateway"]
    mes = PRODUCT_BY_NAME[products[0]]
    factors: dict[str, int | None] = {
        "price": -1,
        "product_fit": 1,
        "service": 0,
        "delivery": 1,
        "technical": 2,
        "brand": 0,
        "relationship": -1,
        "commercial": None,
        "responsiveness": 1,
    }
    return _draft(
        ctx,
        plan,
        f"{short_name(plan.name)} MES 制造执行系统 二期",
        "negotiation",
        "open",
        products,
        2_860_000.0,
        ctx.days_ago(21),
        "用友",
        mes.value_zh,
        mes.pain_zh,
        False,
        factors,
    )


def make_quotes(ctx: Context, plan: AccountPlan, opps: list[OppDraft]) -> list[dict[str, Any]]:
    """Quotes on open opportunities (draft/sent/accepted) and accepted quotes on some won ones."""
    rng = ctx.rng
    quotes: list[dict[str, Any]] = []
    for opp in opps:
        stage = opp.row["stage"]
        if plan.scenario == "dishonest" and opp.status == "open":
            statuses = ["sent", "draft"]
        elif opp.status == "won":
            statuses = ["accepted"] if rng.random() < 0.6 else []
        elif opp.status == "lost":
            statuses = ["sent"] if rng.random() < 0.5 else []
        elif stage == "qualification":
            statuses = ["draft"] if rng.random() < 0.3 else []
        elif stage == "needs_analysis":
            statuses = ["draft"] if rng.random() < 0.5 else []
        elif stage == "proposal":
            statuses = ["sent"] + (["draft"] if rng.random() < 0.3 else [])
        else:
            statuses = ["sent"] + (["accepted"] if rng.random() < 0.3 else [])
        for status in statuses:
            amount = money(float(opp.row["amount"]) * rng.uniform(0.9, 1.05), 100)
            quotes.append({"id": ctx.ids.new("quote"), "opportunity_id": opp.id, "amount": amount, "status": status})
    return quotes
