"""Support tickets, NPS surveys and external risk events of one account.

``sla_breached`` is consistent with the times: a ticket breaches when it was (or still is) open
longer than the SLA of its severity. Declining accounts get recent breached tickets and an NPS that
falls survey by survey.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from assistant.crm.demo.catalog import RISK_SOURCES
from assistant.crm.demo.context import Context
from assistant.crm.demo.plan import AccountPlan

SLA_HOURS = {"low": 120, "medium": 48, "high": 8}
_TICKETS = {"healthy": (0, 3), "normal": (1, 4), "declining": (3, 7), "dormant": (0, 1), "never": (0, 0)}
_NPS = {"healthy": (8, 10), "normal": (6, 9), "dormant": (5, 8)}


def make_tickets(ctx: Context, plan: AccountPlan) -> list[dict[str, Any]]:
    """Support tickets over two years (the last six months for declining accounts)."""
    rng = ctx.rng
    now = ctx.now()
    rows: list[dict[str, Any]] = []
    opened_list = []
    for _ in range(rng.randint(*_TICKETS[plan.profile])):
        day = ctx.random_day(180, 1) if plan.profile == "declining" else ctx.random_day(700, 1)
        opened_list.append(ctx.at_work(day))
    for opened in sorted(opened_list):
        severity = rng.choices(("low", "medium", "high"), (50, 35, 15))[0]
        sla = SLA_HOURS[severity]
        breach = rng.random() < (0.6 if plan.profile == "declining" else 0.08)
        minutes = int(sla * 60 * (rng.uniform(1.2, 4.0) if breach else rng.uniform(0.1, 0.95)))
        resolved = opened + timedelta(minutes=minutes)
        if resolved > now:
            resolved_at, breached = None, now - opened > timedelta(hours=sla)
        else:
            resolved_at, breached = resolved, minutes > sla * 60
        rows.append(
            {
                "id": ctx.ids.new("ticket"),
                "account_id": plan.id,
                "opened_at": opened,
                "resolved_at": resolved_at,
                "severity": severity,
                "sla_breached": breached,
            }
        )
    return rows


def make_surveys(ctx: Context, plan: AccountPlan) -> list[dict[str, Any]]:
    """Half-yearly NPS answers from buying accounts; a declining account's scores fall each time."""
    if plan.profile == "never":
        return []
    rng = ctx.rng
    rows: list[dict[str, Any]] = []
    for wave in range(4):
        days_ago = 640 - 180 * wave + rng.randint(-20, 20)
        if plan.profile == "dormant" and days_ago < 150:
            continue
        if plan.profile != "declining" and rng.random() > 0.75:
            continue
        if plan.profile == "declining":
            nps = max(0, min(10, 8 - 2 * wave - rng.randint(0, 1)))
        else:
            low, high = _NPS[plan.profile]
            nps = rng.randint(low, high)
        rows.append(
            {
                "id": ctx.ids.new("survey"),
                "account_id": plan.id,
                "nps": nps,
                "answered_at": ctx.at_work(ctx.days_ago(days_ago)),
            }
        )
    return rows


def make_risk_events(ctx: Context, plan: AccountPlan, legal_days_ago: int | None) -> list[dict[str, Any]]:
    """The external risk events planned for the account, with details in the account's language."""
    rng = ctx.rng
    rows: list[dict[str, Any]] = []
    events = []
    for kind in plan.risks:
        if kind == "legal_rep_change" and legal_days_ago is not None:
            days_ago = legal_days_ago
        else:
            days_ago = {
                "dishonest_debtor": rng.randint(5, 20),
                "lawsuit": rng.randint(20, 300),
                "negative_news": rng.randint(10, 200),
                "business_abnormal": rng.randint(30, 200),
                "financial_anomaly": rng.randint(30, 150),
                "legal_rep_change": rng.randint(15, 30),
            }[kind]
        events.append((days_ago, kind))
    for days_ago, kind in sorted(events, key=lambda event: -event[0]):
        severity = {"dishonest_debtor": "high", "negative_news": rng.choice(("low", "medium"))}.get(kind, "medium")
        rows.append(
            {
                "id": ctx.ids.new("risk"),
                "account_id": plan.id,
                "kind": kind,
                "severity": severity,
                "occurred_at": ctx.at_work(ctx.days_ago(days_ago)),
                "source": RISK_SOURCES[kind] if plan.lang == "zh" else "Company registry and news monitoring",
                "details": _details(ctx, plan, kind),
            }
        )
    return rows


def _details(ctx: Context, plan: AccountPlan, kind: str) -> str:
    rng = ctx.rng
    amount = rng.randint(30, 300) * 10_000
    if kind == "legal_rep_change":
        old = plan.old_legal_rep or ""
        if plan.lang == "zh":
            return f"法定代表人由{old}变更为{plan.legal_rep}"
        return f"Legal representative changed from {old} to {plan.legal_rep}"
    zh = {
        "dishonest_debtor": (
            f"{plan.name}被列入失信被执行人名单,案号({ctx.today.year}){rng.randint(1000, 9999)}执"
            f"{rng.randint(100, 9999)}号,执行标的{amount:,}元,未履行。"
        ),
        "lawsuit": f"买卖合同纠纷,原告为其供应商,涉案金额{amount:,}元。",
        "negative_news": "媒体报道该公司拖欠供应商货款,多家供应商已暂停供货。",
        "business_abnormal": "因通过登记的住所或者经营场所无法联系,被列入经营异常名录。",
        "financial_anomaly": "年报显示营业收入同比下降35%,资产负债率升至78%。",
    }
    en = {
        "dishonest_debtor": f"Listed as a dishonest judgment debtor; unpaid judgment of CNY {amount:,}.",
        "lawsuit": f"Contract dispute filed by a supplier; claim amount CNY {amount:,}.",
        "negative_news": "Press reports that the company is late paying its suppliers; some have stopped deliveries.",
        "business_abnormal": "Listed as abnormal operation: the registered address could not be reached.",
        "financial_anomaly": "Annual report: revenue down 35% year on year, debt ratio up to 78%.",
    }
    return (zh if plan.lang == "zh" else en)[kind]
