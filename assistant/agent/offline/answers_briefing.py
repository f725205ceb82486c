"""Answer template for the account briefing (tools/agent_scores.account_briefing): one compact page.

Each line restates one section of the briefing; every number is a value of the result (or the size
of one of its lists) and records are cited by id in brackets.
"""

from __future__ import annotations

from typing import Any

from assistant.agent.offline.answers import money, sep, t, template
from assistant.agent.offline.answers_deals import FINDING, PART
from assistant.agent.offline.answers_documents import LABEL_ZH
from assistant.agent.offline.answers_scores import BAND, INDICATOR_ZH, LEVEL_ZH, SIGNAL

TOP_GAPS = 3


def _pair(table: dict[str, tuple[str, str]], code: str | None, lang: str) -> str:
    pair = table.get(code or "")
    return (pair[1] if lang == "zh" else pair[0]) if pair else str(code)


def _opportunity(o: dict[str, Any], lang: str) -> str:
    gaps = sep(lang).join(f"{_pair(PART, g['part'], lang)} {g['score']}" for g in (o.get("gaps") or [])[:TOP_GAPS])
    gaps = gaps or t(lang, "none", "无")
    return t(
        lang,
        f"  - {o['name']} [{o['id']}]: {money(o['amount'], o['currency'])}, stage {o.get('stage')}, C139 "
        f"{o['c139_total']}; gaps: {gaps}",
        f"  - {o['name']} [{o['id']}]:{money(o['amount'], o['currency'])},阶段 {o.get('stage')},C139 "
        f"{o['c139_total']};差距:{gaps}",
    )


def _health(h: dict[str, Any], lang: str) -> str:
    weakest = sep(lang).join(
        f"{INDICATOR_ZH.get(i['name'], i['name']) if lang == 'zh' else i['name'].replace('_', ' ')} {i['score']}"
        for i in h.get("weakest") or []
    )
    return t(lang, f"- Health {h.get('score')} ({_pair(BAND, h.get('band'), lang)}); weakest: {weakest or '-'}",
             f"- 健康度 {h.get('score')}({_pair(BAND, h.get('band'), lang)});最弱指标:{weakest or '-'}")  # fmt: skip


def _risk(r: dict[str, Any], lang: str) -> str:
    def severity(value: str) -> str:
        return LEVEL_ZH.get(value, value) if lang == "zh" else value

    signals = sep(lang).join(
        f"{_pair(SIGNAL, s['kind'], lang)} ({severity(s['severity'])})" for s in r.get("signals") or []
    )
    level = LEVEL_ZH.get(r["level"], r["level"]) if lang == "zh" else r["level"]
    return t(lang, f"- Risk {level}: {signals or 'no signal'}", f"- 风险 {level}:{signals or '无信号'}")


def _tree(tree: dict[str, Any] | None, lang: str) -> str | None:
    if not tree or tree.get("penetration") is None:
        return None
    return t(lang, f"- Customer tree: penetration {tree['penetration']}% ({tree['with_business']} of "
             f"{tree['total_subsidiaries']} subsidiaries with business)", f"- 客户树:渗透率 {tree['penetration']}%"
             f"({tree['total_subsidiaries']} 家子公司中 {tree['with_business']} 家有业务)")  # fmt: skip


def _sentiment(s: dict[str, Any], lang: str) -> str:
    label = LABEL_ZH.get(s.get("label") or "", s.get("label")) if lang == "zh" else s.get("label")
    return t(lang, f"- Sentiment, last {s['months']} months: {s['score']} ({label}), {s['document_count']} documents",
             f"- 近 {s['months']} 个月情感:{s['score']}({label}),{s['document_count']} 份文档")  # fmt: skip


@template("account_briefing")
def briefing(data: dict[str, Any], args: dict[str, Any], lang: str) -> str:
    """Profile, tier, health, risk, open deals with C139, power map, tree, sentiment and top actions."""
    profile = data.get("profile") or {}
    owner = (profile.get("owner") or {}).get("name")
    who = f"{data['account_name']} [{data['account_id']}]"
    lines = [t(lang, f"Briefing on {who} as of {data['as_of']} (owner {owner}).",
               f"{who} 客户简报(截至 {data['as_of']},负责人 {owner})。")]  # fmt: skip
    rfm = data.get("rfm")
    if rfm:
        lines.append(t(lang, f"- Tier {rfm['tier']}, RFM segment {rfm['segment_en']}",
                       f"- 等级 {rfm['tier']},RFM 分层 {rfm['segment_zh']}"))  # fmt: skip
    if data.get("health"):
        lines.append(_health(data["health"], lang))
    if data.get("risk"):
        lines.append(_risk(data["risk"], lang))
    opps = data.get("opportunities") or []
    lines.append(t(lang, f"- Open opportunities: {len(opps)}", f"- 在途商机:{len(opps)} 个"))
    lines += [_opportunity(o, lang) for o in opps]
    power = data.get("power_map") or {}
    for f in (power.get("findings") or [])[:TOP_GAPS]:
        finding = _pair(FINDING, f.get("finding"), lang)
        lines.append(t(lang, f"- Power map, {finding}: {f['subject']}", f"- 权力地图,{finding}:{f['subject']}"))
    tree = _tree(data.get("tree"), lang)
    if tree:
        lines.append(tree)
    if data.get("sentiment"):
        lines.append(_sentiment(data["sentiment"], lang))
    actions = data.get("next_actions") or []
    if actions:
        lines.append(t(lang, "Top next best actions:", "优先行动建议:"))
    for a in actions:
        lines.append(f"  {a['rank']}. {a['action_zh'] if lang == 'zh' else a['action_en']} ({a['subject']})")
    return "\n".join(lines)
