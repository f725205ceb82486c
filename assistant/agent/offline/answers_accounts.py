"""Answer templates for the account tools (tools/accounts.py).

Wording lives in :data:`TEXT` (one ``str.format`` pattern per language and line kind), so the
phrasing can change without touching the code that fills it.
"""

from __future__ import annotations

from typing import Any

from assistant.agent.offline.answers import money, sep, template

STATUS_ZH = {"active": "正常", "high_risk": "高风险", "churned": "已流失"}
ROLE_EN = {
    "decision_maker": "decision maker", "financial": "financial owner", "technical": "technical lead",
    "user": "user lead", "influencer": "influencer", "coach": "coach", "gatekeeper": "gatekeeper",
}  # fmt: skip
ROLE_ZH = {
    "decision_maker": "决策人", "financial": "财务负责人", "technical": "技术负责人", "user": "使用者",
    "influencer": "影响者", "coach": "教练", "gatekeeper": "把关者",
}  # fmt: skip
STANCE_ZH = {"supporter": "支持", "neutral": "中立", "opponent": "反对"}

TEXT: dict[str, dict[str, str]] = {
    "en": {
        "no_accounts": "You have no accounts{filters}.",
        "accounts_head": "You can see {count} accounts{filters}:",
        "account_row": "- {name} ({id}): owner {owner}, tier {tier}, {status}, {industry}, {region}",
        "profile": "{name} ({id}): {industry}, {region}, tier {tier}, status {status}. Owner: {owner} ({owner_id}).",
        "parent": "Parent: {name} ({id}). ",
        "subsidiaries": "Subsidiaries: {count}.",
        "opps_head": "Open opportunities ({count}, total {total}):",
        "opp_row": "- {name} ({id}): {amount}, stage {stage}, expected close {close}",
        "no_opps": "No open opportunities.",
        "order_paid": "Last order: {id}, {product}, {amount} on {date} (paid {paid}).",
        "order_unpaid": "Last order: {id}, {product}, {amount} on {date} (unpaid).",
        "no_orders": "No orders recorded.",
        "activity": "Last activity: {id} ({kind}, {date}).",
        "counts": "Records: {contacts} contacts, {orders} orders, {activities} activities, {documents} documents, "
        "{tickets_open} open tickets, {risk_events} risk events.",
        "contacts_head": "Contacts at {account}: {count}",
        "role_head": "{role} contacts at {account}: {count}",
        "no_contacts": "No contacts are recorded for {account}.",
        "no_role": "No {role} is recorded among the contacts of {account}.",
        "contact_row": "- {name} ({id}), {title}, {role}, influence {influence}, {stance}, strength {strength}, "
        "last contacted {last}",
    },
    "zh": {
        "no_accounts": "您名下没有{filters}客户。",
        "accounts_head": "您可查看 {count} 个客户{filters}:",
        "account_row": "- {name} ({id}):负责人 {owner},等级 {tier},状态 {status},行业 {industry},区域 {region}",
        "profile": "{name} ({id}):行业 {industry},区域 {region},等级 {tier},状态 {status}。"
        "负责人:{owner} ({owner_id})。",
        "parent": "上级集团:{name} ({id})。",
        "subsidiaries": "下属子公司:{count} 家。",
        "opps_head": "在途商机 {count} 个(合计 {total}):",
        "opp_row": "- {name} ({id}):金额 {amount},阶段 {stage},预计成交 {close}",
        "no_opps": "暂无在途商机。",
        "order_paid": "最近订单:{id},{product},金额 {amount},下单日期 {date}(已于 {paid} 回款)。",
        "order_unpaid": "最近订单:{id},{product},金额 {amount},下单日期 {date}(未回款)。",
        "no_orders": "暂无订单记录。",
        "activity": "最近活动:{id}({kind},{date})。",
        "counts": "记录:联系人 {contacts} 位,订单 {orders} 笔,活动 {activities} 次,文档 {documents} 份,"
        "未结工单 {tickets_open} 个,风险事件 {risk_events} 条。",
        "contacts_head": "{account} 的联系人:{count} 位",
        "role_head": "{account} 的{role}:{count} 位",
        "no_contacts": "{account} 暂无联系人记录。",
        "no_role": "{account} 的联系人中没有记录{role}。",
        "contact_row": "- {name} ({id}),{title},{role},影响力 {influence},态度 {stance},关系强度 {strength},"
        "最近联系 {last}",
    },
}
COUNT_KEYS = ("contacts", "orders", "activities", "documents", "tickets_open", "risk_events")


def _say(lang: str, key: str, **fields: Any) -> str:
    values = {k: "-" if v is None else v for k, v in fields.items()}
    return TEXT["zh" if lang == "zh" else "en"][key].format(**values)


def _status(value: str | None, lang: str) -> str | None:
    return STATUS_ZH.get(value or "", value) if lang == "zh" else value


def _role(value: str | None, lang: str) -> str | None:
    return (ROLE_ZH if lang == "zh" else ROLE_EN).get(value or "", value)


@template("list_my_accounts")
def list_accounts(data: dict[str, Any], args: dict[str, Any], lang: str) -> str:
    """The user's accounts, one line each with owner, tier, status, industry and region."""
    rows = data.get("accounts") or []
    filters = sep(lang).join(f"{k}={v}" for k, v in sorted(args.items()) if v)
    shown = (f"({filters})" if lang == "zh" else f" ({filters})") if filters else ""
    if not rows:
        return _say(lang, "no_accounts", filters=shown)
    lines = [_say(lang, "accounts_head", count=data.get("count", len(rows)), filters=shown)]
    for a in rows:
        lines.append(
            _say(lang, "account_row", name=a["name"], id=a["id"], owner=a.get("owner_name") or a["owner_id"],
                 tier=a.get("tier"), status=_status(a.get("status"), lang), industry=a.get("industry"),
                 region=a.get("region"))
        )  # fmt: skip
    return "\n".join(lines)


@template("account_overview")
def overview(data: dict[str, Any], args: dict[str, Any], lang: str) -> str:
    """Profile, owner, tree position, open opportunities, last order and activity, record counts."""
    acc = data.get("account") or {}
    owner = data.get("owner") or {}
    lines = [
        _say(lang, "profile", name=acc.get("name"), id=acc.get("id"), industry=acc.get("industry"),
             region=acc.get("region"), tier=acc.get("tier"), status=_status(acc.get("status"), lang),
             owner=owner.get("name"), owner_id=owner.get("id"))
    ]  # fmt: skip
    parent = data.get("parent")
    tree = _say(lang, "parent", name=parent["name"], id=parent["id"]) if parent else ""
    lines.append(tree + _say(lang, "subsidiaries", count=data.get("subsidiaries", 0)))
    opps = data.get("open_opportunities") or []
    if opps:
        total = sep(lang).join(money(v, k) for k, v in sorted((data.get("open_amount") or {}).items()))
        lines.append(_say(lang, "opps_head", count=len(opps), total=total))
        for o in opps:
            lines.append(
                _say(lang, "opp_row", name=o["name"], id=o["id"], amount=money(o["amount"], o["currency"]),
                     stage=o.get("stage"), close=o.get("expected_close"))
            )  # fmt: skip
    else:
        lines.append(_say(lang, "no_opps"))
    order = data.get("last_order")
    if order:
        key = "order_paid" if order.get("paid_at") else "order_unpaid"
        lines.append(
            _say(lang, key, id=order["id"], product=order["product"], amount=money(order["amount"]),
                 date=order["ordered_at"], paid=order.get("paid_at"))
        )  # fmt: skip
    else:
        lines.append(_say(lang, "no_orders"))
    activity = data.get("last_activity")
    if activity:
        when = str(activity.get("occurred_at", ""))[:10]
        lines.append(_say(lang, "activity", id=activity["id"], kind=activity["kind"], date=when))
    counts = data.get("counts") or {}
    lines.append(_say(lang, "counts", **{k: counts.get(k, 0) for k in COUNT_KEYS}))
    return "\n".join(lines)


@template("find_contacts")
def contacts(data: dict[str, Any], args: dict[str, Any], lang: str) -> str:
    """Contacts with title, role, influence, stance, strength and last contact date."""
    acc = data.get("account") or {}
    role = _role(data.get("role"), lang)
    rows = data.get("contacts") or []
    account = f"{acc.get('name')} ({acc.get('id')})"
    if not rows:
        return _say(lang, "no_role" if role else "no_contacts", account=account, role=role)
    if role:
        head = _say(lang, "role_head", role=role[:1].upper() + role[1:], account=account, count=len(rows))
    else:
        head = _say(lang, "contacts_head", account=account, count=len(rows))
    lines = [head]
    for c in rows:
        stance = STANCE_ZH.get(c.get("stance") or "", c.get("stance")) if lang == "zh" else c.get("stance")
        lines.append(
            _say(lang, "contact_row", name=c["name"], id=c["id"], title=c.get("title"), role=_role(c.get("role"), lang),
                 influence=f"{c['influence']}/5" if c.get("influence") is not None else None, stance=stance,
                 strength=f"{c['strength']}/5" if c.get("strength") is not None else None,
                 last=c.get("last_contacted"))
        )  # fmt: skip
    return "\n".join(lines)
