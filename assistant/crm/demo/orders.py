"""Two years of orders per account with due and payment dates that follow the account's profile.

Healthy accounts order often and pay on time; declining accounts order less and less and leave
recent invoices unpaid; dormant accounts stopped ordering more than 180 days ago; accounts without
business have no orders. Accounts planned with ``overdue_60`` keep at least one invoice unpaid more
than 60 days past due.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from assistant.crm.demo.catalog import PRODUCT_BY_NAME, RECURRING_PRODUCTS
from assistant.crm.demo.context import Context, money
from assistant.crm.demo.deals import OppDraft
from assistant.crm.demo.plan import AccountPlan

HISTORY_DAYS = 730
PAYMENT_TERMS = (30, 60, 90)
_RATES = {"healthy": (10.0, 16.0), "normal": (6.0, 12.0), "declining": (11.0, 15.0), "dormant": (5.0, 9.0)}
#: (paid on time, paid late) shares; the rest stays unpaid.
_PAYMENT = {
    "healthy": (0.93, 0.07),
    "normal": (0.84, 0.15),
    "dormant": (0.85, 0.15),
    "declining_early": (0.75, 0.25),
    "declining_late": (0.35, 0.4),
}


def make_orders(ctx: Context, plan: AccountPlan, opps: list[OppDraft]) -> list[dict[str, Any]]:
    """The orders of one account, in date order."""
    if plan.profile == "never":
        return []
    rng = ctx.rng
    newest = rng.randint(181, 420) if plan.profile == "dormant" else 0
    span = HISTORY_DAYS - newest
    count = max(1, round(rng.uniform(*_RATES[plan.profile]) * span / 365 * rng.uniform(0.85, 1.15)))
    events: list[tuple[date, str, float, str | None]] = []
    for opp in opps:
        if opp.status == "won" and opp.close >= ctx.days_ago(HISTORY_DAYS):
            events.append((opp.close, opp.products[0], opp.amount_cny, opp.id))
    pool = (*plan.product_pool, *RECURRING_PRODUCTS)
    for _ in range(count):
        if plan.profile == "declining":
            # Density falls linearly from the oldest day (x=0) to today (x=1).
            while True:
                x = rng.random()
                if rng.random() < 1.0 - 0.85 * x:
                    break
            offset = HISTORY_DAYS - int(x * span)
        else:
            offset = rng.randint(newest, HISTORY_DAYS)
        product = PRODUCT_BY_NAME[rng.choice(pool)]
        amount = money(rng.uniform(product.low, product.high) * plan.size * 0.3, 100)
        events.append((ctx.days_ago(offset), product.name, amount, None))
    events.sort(key=lambda event: event[0])
    rows = [_order(ctx, plan, ordered, product, amount, opp_id) for ordered, product, amount, opp_id in events]
    if plan.overdue_60:
        _leave_overdue(ctx, plan, rows)
    return rows


def _order(
    ctx: Context, plan: AccountPlan, ordered: date, product: str, amount: float, opp_id: str | None
) -> dict[str, Any]:
    term = ctx.rng.choice(PAYMENT_TERMS)
    due = ordered + timedelta(days=term)
    return {
        "id": ctx.ids.new("order"),
        "account_id": plan.id,
        "opportunity_id": opp_id,
        "product": product,
        "amount": amount,
        "ordered_at": ordered,
        "due_at": due,
        "paid_at": _paid(ctx, plan, ordered, due, term),
    }


def _paid(ctx: Context, plan: AccountPlan, ordered: date, due: date, term: int) -> date | None:
    rng, today = ctx.rng, ctx.today
    if due > today:
        waited = (today - ordered).days
        if waited > 3 and rng.random() < 0.45:
            return ordered + timedelta(days=rng.randint(3, waited))
        return None
    key = plan.profile
    if key == "declining":
        key = "declining_late" if (today - ordered).days < 300 else "declining_early"
    on_time, late = _PAYMENT[key]
    draw = rng.random()
    if draw < on_time:
        return ordered + timedelta(days=rng.randint(5, term))
    if draw < on_time + late or ((today - due).days > 45 and not plan.overdue_60):
        # Only accounts meant to carry old debt keep invoices unpaid long past due.
        return min(today, due + timedelta(days=rng.randint(3, 75)))
    return None


def _leave_overdue(ctx: Context, plan: AccountPlan, rows: list[dict[str, Any]]) -> None:
    """Leave 1-4 of the most recent invoices unpaid more than 60 days past due."""
    rng = ctx.rng
    limit = ctx.days_ago(61)
    eligible = [row for row in rows if row["due_at"] <= limit]
    if not eligible:
        ordered = ctx.days_ago(rng.randint(130, 200))
        row = _order(ctx, plan, ordered, plan.product_pool[0], money(80_000 * plan.size, 100), None)
        row["due_at"] = ordered + timedelta(days=30)
        rows.append(row)
        eligible = [row]
    wanted = rng.randint(2, 4) if plan.profile == "declining" else rng.randint(1, 2)
    for row in eligible[-wanted:]:
        row["paid_at"] = None
