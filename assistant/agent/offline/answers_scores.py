"""Answer templates for the account scores (tools/agent_scores.py): RFM, health, risk, portfolio.

Scores are printed as the result holds them (long decimals rounded to one or two places); every
number is a value of the result or the size of one of its lists, and record ids are cited in
brackets. The briefing's template is in :mod:`assistant.agent.offline.answers_briefing`.
"""

from __future__ import annotations

from typing import Any

from assistant.agent.offline.answers import money, sep, t, template
from tools.rfm_scoring import SEGMENT_NAMES

BAND = {"healthy": ("healthy", "健康"), "watch": ("watch", "关注"), "at_risk": ("at risk", "风险")}
LEVEL_ZH = {"none": "无", "low": "低", "medium": "中", "high": "高"}
INDICATOR_ZH = {
    "recency": "最近购买", "order_frequency_trend": "订单频次趋势", "revenue_trend": "收入趋势",
    "payment_timeliness": "回款及时性", "overdue_receivables": "逾期应收", "interaction_frequency": "互动频次",
    "key_person_meetings": "关键人参会", "sla_breaches": "服务超时", "nps": "NPS", "open_complaints": "未结投诉",
    "sentiment_trend": "文档情感趋势", "decision_chain_coverage": "决策链覆盖",
}  # fmt: skip
SIGNAL = {
    "dishonest_debtor": ("dishonest debtor", "失信被执行人"), "legal_rep_change": ("legal-rep change", "法人变更"),
    "lawsuit": ("lawsuit", "司法风险"), "business_abnormal": ("business abnormality", "经营异常"),
    "financial_anomaly": ("financial anomaly", "财务异常"), "negative_news": ("negative news", "负面舆情"),
    "receivables_overdue": ("receivables overdue", "应收逾期"), "health_drop": ("health drop", "健康度下滑"),
    "negative_sentiment": ("negative sentiment", "负面情感"),
    "no_key_person_contact": ("no key-person contact", "关键人未联系"),
    "competitor_mentions": ("competitor named", "竞争对手频繁出现"),
}  # fmt: skip


def _r(value: Any, places: int = 1) -> Any:
    return round(float(value), places) if isinstance(value, int | float) else value


def _band(value: str | None, lang: str) -> str:
    pair = BAND.get(value or "")
    return (pair[1] if lang == "zh" else pair[0]) if pair else str(value)


def _level(value: str | None, lang: str) -> str:
    return LEVEL_ZH.get(value or "", str(value)) if lang == "zh" else str(value)


def _signal(kind: str, lang: str) -> str:
    pair = SIGNAL.get(kind)
    return (pair[1] if lang == "zh" else pair[0]) if pair else kind


def _name(language: str, indicator: str) -> str:
    return INDICATOR_ZH.get(indicator, indicator) if language == "zh" else indicator.replace("_", " ")


@template("account_rfm")
def rfm(data: dict[str, Any], args: dict[str, Any], lang: str) -> str:
    """Tier, segment and the three scores with their inputs."""
    en, zh = SEGMENT_NAMES.get(data.get("segment") or "", (data.get("segment_en"), data.get("segment_zh")))
    who = f"{data['account_name']} [{data['account_id']}]"
    last = f" [{data['last_order_id']}]" if data.get("last_order_id") else ""
    if data.get("r_days") is None:
        recency = t(lang, "no paid order", "没有已付款订单")
    else:
        recency = t(
            lang,
            f"{data['r_days']} days since the last paid order{last}",
            f"距最近一次已付款订单 {data['r_days']} 天{last}",
        )
    return t(
        lang,
        f"{who}: tier {data['tier']}, RFM segment {en} — R {data['r']} ({recency}), F {data['f']} "
        f"({_r(data['f_orders_per_quarter'], 2)} paid orders per quarter), M {data['m']} "
        f"({money(data['m_amount'])} paid in total).",
        f"{who}:等级 {data['tier']},RFM 分层 {zh} —— R {data['r']}({recency}),F {data['f']}(每季度 "
        f"{_r(data['f_orders_per_quarter'], 2)} 笔已付款订单),M {data['m']}(累计付款 {money(data['m_amount'])})。",
    )


@template("account_health")
def health(data: dict[str, Any], args: dict[str, Any], lang: str) -> str:
    """Score, band, confidence, the weakest indicators and the ones without data."""
    who = f"{data['account_name']} [{data['account_id']}]"
    lines = [t(lang, f"Health of {who} as of {data['as_of']}: {_r(data['score'])}/100 ({_band(data['band'], lang)}), "
               f"confidence {_r(data['confidence'], 2)}.",
               f"{who} 的健康度(截至 {data['as_of']}):{_r(data['score'])}/100"
               f"({_band(data['band'], lang)}),置信度 {_r(data['confidence'], 2)}。")]  # fmt: skip
    scored = [i for i in data.get("indicators") or [] if i.get("score") is not None]
    weakest = sorted(scored, key=lambda i: (i["score"], i["name"]))[:3]
    if weakest:
        shown = sep(lang).join(f"{_name(lang, i['name'])} {_r(i['score'])}" for i in weakest)
        lines.append(t(lang, "Weakest indicators: ", "最弱的指标:") + shown)
    missing = data.get("missing") or []
    if missing:
        lines.append(t(lang, "No data: ", "无数据的指标:") + sep(lang).join(_name(lang, m) for m in missing))
    return "\n".join(lines)


@template("risk_scan")
def risk(data: dict[str, Any], args: dict[str, Any], lang: str) -> str:
    """Level, each signal with its severity and summary, the sweep's actions, health now and before."""
    who = f"{data['account_name']} [{data['account_id']}]"
    lines = [t(lang, f"Risk of {who} as of {data['as_of']}: level {_level(data['level'], lang)}.",
               f"{who} 的风险(截至 {data['as_of']}):等级 {_level(data['level'], lang)}。")]  # fmt: skip
    signals = data.get("signals") or []
    if not signals:
        lines.append(t(lang, "No risk signal.", "未发现风险信号。"))
    for s in signals:
        lines.append(f"- {_signal(s['kind'], lang)} ({_level(s['severity'], lang)}): {s.get('summary')}")
    for a in data.get("actions_taken") or []:
        undone = t(lang, " (undone)", "(已撤销)") if a.get("undone_at") else ""
        lines.append(t(lang, f"- Risk sweep action: {a['kind']} ({a['trigger']}, {a['as_of']}){undone}",
                       f"- 风险清扫已执行:{a['kind']}({a['trigger']},{a['as_of']}){undone}"))  # fmt: skip
    lines.append(t(lang, f"Health now {_r(data['health_now'])}, before {_r(data['health_past'])}.",
                   f"健康度当前 {_r(data['health_now'])},此前 {_r(data['health_past'])}。"))  # fmt: skip
    return "\n".join(lines)


def _row(row: dict[str, Any], lang: str) -> str:
    signals = sep(lang).join(_signal(k, lang) for k in row.get("signals") or []) or "-"
    days = row.get("key_contact_days")
    if days is None:
        contact = t(lang, "no key-person contact on record", "从未联系关键人")
    else:
        contact = t(lang, f"last key-person contact {days} days ago", f"{days} 天前联系过关键人")
    return t(
        lang,
        f"- {row['name']} [{row['account_id']}]: risk {row['risk_level']}, health {_r(row['health'])} "
        f"({_band(row['band'], lang)}), tier {row['tier']}; signals: {signals}; {contact}",
        f"- {row['name']} [{row['account_id']}]:风险 {_level(row['risk_level'], lang)},健康度 {_r(row['health'])}"
        f"({_band(row['band'], lang)}),等级 {row['tier']};信号:{signals};{contact}",
    )


def _filters(f: dict[str, Any], lang: str) -> str:
    parts = []
    if f.get("tiers"):
        parts.append(t(lang, "tier ", "等级 ") + "/".join(f["tiers"]))
    if f.get("no_key_contact_days") is not None:
        days = f["no_key_contact_days"]
        parts.append(t(lang, f"no key-person contact for more than {days} days", f"超过 {days} 天未联系关键人"))
    if f.get("bands"):
        parts.append(t(lang, "health ", "健康度 ") + "/".join(_band(b, lang) for b in f["bands"]))
    if f.get("segments"):
        names = [SEGMENT_NAMES.get(code, (code, code))[1 if lang == "zh" else 0] for code in f["segments"]]
        parts.append(t(lang, "segment ", "分层 ") + "/".join(names))
    if f.get("min_risk"):
        parts.append(t(lang, f"risk at least {f['min_risk']}", f"风险不低于{_level(f['min_risk'], lang)}"))
    return sep(lang).join(parts)


@template("portfolio_at_risk")
@template("portfolio_query")
def portfolio(data: dict[str, Any], args: dict[str, Any], lang: str) -> str:
    """How many accounts match out of those visible, then one line per account shown."""
    rows = data.get("rows") or []
    filters = data.get("filters") or {}
    shown = _filters(filters, lang)
    shown = (f"({shown})" if lang == "zh" else f" ({shown})") if shown else ""
    if filters.get("at_risk"):
        head = t(lang, f"{data['matched']} of your {data['visible_accounts']} accounts are at risk{shown}",
                 f"您的 {data['visible_accounts']} 个客户中有 {data['matched']} 个存在风险{shown}")  # fmt: skip
    else:
        head = t(lang, f"{data['matched']} of your {data['visible_accounts']} accounts match{shown}",
                 f"您的 {data['visible_accounts']} 个客户中有 {data['matched']} 个符合条件{shown}")  # fmt: skip
    if not rows:
        return head + t(lang, ".", "。")
    lines = [head + t(lang, ":", ":")]
    lines += [_row(row, lang) for row in rows]
    if data["matched"] > len(rows):
        lines.append(t(lang, f"(The first {len(rows)} are shown.)", f"(仅显示前 {len(rows)} 个。)"))
    return "\n".join(lines)
