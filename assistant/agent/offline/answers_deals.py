"""Answer templates for the deal and relationship tools (tools/agent_tools.py): C139, power map,
customer tree, qualification, lead score, duplicates, next best actions.

Templates restate only what the result holds (every number printed is a value of the result, or
the size of one of its lists) and cite record ids in brackets, e.g. [opp-000123].
"""

from __future__ import annotations

from typing import Any

from assistant.agent.offline.answers import money, sep, t, template
from assistant.agent.offline.answers_accounts import ROLE_EN, ROLE_ZH, STANCE_ZH

PART = {
    "coverage": ("customer coverage", "客户覆盖度"),
    "value_proposition": ("value proposition", "价值主张"),
    "key_persons": ("key persons", "关键人"),
    "competitive": ("competitive factors", "竞争要素"),
}
SLOT = {
    "decision_maker": ("decision maker", "决策人"),
    "financial": ("financial owner", "财务负责人"),
    "technical_or_user": ("technical/user lead", "技术或使用负责人"),
}
LAYER = {"key": ("key", "关键层"), "general": ("general", "普通层"), "organizational": ("organizational", "组织层"),
         "unassigned": ("no layer", "未分层")}  # fmt: skip
FINDING = {
    "power.role_uncovered": ("role nobody covers", "无人覆盖的角色"),
    "power.high_influence_not_met": ("high-influence contact not met", "高影响力联系人久未接触"),
    "power.high_influence_opponent": ("high-influence opponent", "高影响力反对者"),
}
REASON = {"registry_id": ("same registry id", "统一社会信用代码相同"), "same_name": ("same name", "名称相同"),
          "similar_name": ("similar name with shared phone or e-mail domain",
                           "名称相似且电话或邮箱域名相同")}  # fmt: skip
DIMENSION_ZH = {
    "purchase_amount": "采购金额", "years_of_cooperation": "合作年限", "industry_position": "行业地位",
    "payment_credit": "付款能力与信用", "growth_potential": "增长潜力", "strategic_synergy": "战略协同",
    "loyalty": "忠诚度",
}  # fmt: skip


def pick(pair: tuple[str, str], lang: str) -> str:
    """The English or Chinese member of a label pair."""
    return pair[1] if lang == "zh" else pair[0]


def label(table: dict[str, tuple[str, str]], code: str | None, lang: str) -> str:
    """The label of ``code`` in ``table`` (the code itself when unknown)."""
    return pick(table[code], lang) if code in table else str(code)


def act(item: dict[str, Any], lang: str) -> str:
    """A catalogue action in the answer language, with its subject."""
    text = item.get("action_zh" if lang == "zh" else "action_en") or ""
    subject = item.get("subject")
    return f"{text}({subject})" if subject and lang == "zh" else f"{text} ({subject})" if subject else text


def _slot(s: dict[str, Any], lang: str) -> str:
    name = label(SLOT, s.get("slot"), lang)
    if not s.get("contact_id"):
        return t(lang, f"{name}: nobody (credit {s.get('credit')})", f"{name}:无人(得分 {s.get('credit')})")
    who = f"{s.get('contact_name')} [{s['contact_id']}]"
    days = s.get("days_since_met")
    when = t(lang, "never met", "从未接触") if days is None else t(lang, f"met {days} days ago", f"{days} 天前接触")
    return t(lang, f"{name}: {who}, credit {s.get('credit')}, {when}", f"{name}:{who},得分 {s.get('credit')},{when}")


def c139_one(r: dict[str, Any], lang: str, days: Any) -> list[str]:
    """The lines of one opportunity's C139 assessment (``days``: the coverage window)."""
    head = t(
        lang,
        f"C139 of {r['opportunity_name']} [{r['opportunity_id']}] ({r['status']}): total {r['total']}/100 — "
        f"customer coverage {r['coverage']}, value proposition {r['value_proposition']}, "
        f"key persons {r['key_persons']}, competitive factors {r['competitive']}.",
        f"{r['opportunity_name']} [{r['opportunity_id']}] 的 C139 评估:总分 {r['total']}/100 —— "
        f"客户覆盖度 {r['coverage']},价值主张 {r['value_proposition']},关键人 {r['key_persons']},"
        f"竞争要素 {r['competitive']}。",
    )
    lines = [head]
    slots = r.get("key_person_slots") or []
    if slots:
        lines.append(t(lang, "Key persons: ", "关键人:") + "; ".join(_slot(s, lang) for s in slots))
    missing = r.get("departments_not_engaged") or []
    if missing:
        lines.append(
            t(lang, f"Departments not engaged in {days} days: ", f"{days} 天内未覆盖的部门:") + sep(lang).join(missing)
        )
    gaps = r.get("gaps") or []
    if not gaps:
        lines.append(t(lang, "No part is below the gap threshold.", "各部分均未低于差距阈值。"))
    for gap in gaps:
        actions = "; ".join(act(a, lang) for a in (gap.get("actions") or [])[:3])
        part = label(PART, gap.get("part"), lang)
        lines.append(
            t(lang, f"- Gap: {part} {gap.get('score')} → {actions}", f"- 差距:{part} {gap.get('score')} → {actions}")
        )
    unknown = r.get("unknown_factors") or []
    if unknown:
        lines.append(t(lang, "Factors not rated: ", "未评分的竞争要素:") + sep(lang).join(unknown))
    return lines


@template("c139_assessment")
def c139(data: dict[str, Any], args: dict[str, Any], lang: str) -> str:
    """Each assessed opportunity: total, four parts, key persons, gaps with actions."""
    assessed = data.get("assessed") or []
    name = data.get("account_name")
    if not assessed:
        return t(lang, f"{name} [{data.get('account_id')}] has no open opportunities to assess.",
                 f"{name} [{data.get('account_id')}] 目前没有可评估的在途商机。")  # fmt: skip
    lines: list[str] = []
    if data.get("matched", 0) > len(assessed):
        lines.append(t(lang, f"{data['matched']} opportunities match; {len(assessed)} are shown.",
                       f"共匹配 {data['matched']} 个商机,以下显示 {len(assessed)} 个。"))  # fmt: skip
    days = next((th["value"] for th in data.get("thresholds") or [] if th.get("name") == "coverage_days"), "-")
    for r in assessed:
        lines += c139_one(r, lang, days)
    return "\n".join(lines)


@template("power_map")
def power(data: dict[str, Any], args: dict[str, Any], lang: str) -> str:
    """Contacts by decision role, layer strength, findings with actions."""
    lines = [t(lang, f"Power map of {data['account_name']} [{data['account_id']}] as of {data['as_of']}:",
               f"{data['account_name']} [{data['account_id']}] 的权力地图(截至 {data['as_of']}):")]  # fmt: skip
    roles = ROLE_ZH if lang == "zh" else ROLE_EN
    for role, people in (data.get("by_role") or {}).items():
        shown = []
        for c in people:
            stance = STANCE_ZH.get(c.get("stance") or "", c.get("stance")) if lang == "zh" else c.get("stance")
            shown.append(t(lang, f"{c['name']} [{c['id']}] influence {c.get('influence')}, {stance}, strength "
                           f"{c.get('strength')}", f"{c['name']} [{c['id']}] 影响力 {c.get('influence')},{stance},"
                           f"关系强度 {c.get('strength')}"))  # fmt: skip
        lines.append(f"- {roles.get(role, role)}: " + "; ".join(shown))
    layers = []
    for layer in data.get("layers") or []:
        name = label(LAYER, layer.get("layer"), lang)
        mean = layer.get("mean_strength")
        layers.append(t(lang, f"{name} {len(layer.get('contacts') or [])} contacts, mean strength {mean}",
                        f"{name} {len(layer.get('contacts') or [])} 人,平均关系强度 {mean}"))  # fmt: skip
    if layers:
        lines.append(t(lang, "Layers: ", "关系层级:") + "; ".join(layers))
    findings = data.get("findings") or []
    if findings:
        lines.append(t(lang, "Findings:", "发现:"))
    for f in findings:
        lines.append(
            f"- {label(FINDING, f.get('finding'), lang)}: {f.get('subject')} → {act(f.get('action') or {}, lang)}"
        )
    return "\n".join(lines)


def _refs(rows: list[dict[str, Any]], lang: str) -> str:
    return sep(lang).join(f"{r['name']} [{r['id']}]" for r in rows)


@template("customer_tree")
def tree(data: dict[str, Any], args: dict[str, Any], lang: str) -> str:
    """Penetration, hidden subsidiaries (counts only), white space and cross-sell."""
    who = f"{data['account_name']} [{data['account_id']}]"
    if not data.get("in_tree"):
        return t(lang, f"{who} is not part of a customer tree (no parent and no subsidiaries).",
                 f"{who} 不属于任何客户树(没有上级集团,也没有子公司)。")  # fmt: skip
    group = f"{data['group_name']} [{data['group_id']}]" if data.get("group_id") else t(lang, "its group", "其集团")
    lines = [t(lang, f"Customer tree of {who} (group {group}): {data['with_business']} of {data['total_subsidiaries']} "
               f"subsidiaries have business, penetration {data['penetration']}%.",
               f"{who} 的客户树(集团 {group}):{data['total_subsidiaries']} 家子公司中有 {data['with_business']} 家"
               f"已有业务,渗透率 {data['penetration']}%。")]  # fmt: skip
    if data.get("hidden_subsidiaries"):
        lines.append(t(lang, f"{data['hidden_subsidiaries']} subsidiaries are not visible to you "
                       f"({data.get('hidden_white_space', 0)} of them without business).",
                       f"另有 {data['hidden_subsidiaries']} 家子公司您无权查看"
                       f"(其中 {data.get('hidden_white_space', 0)} "
                       f"家尚无业务)。"))  # fmt: skip
    white = data.get("white_space") or []
    if white:
        lines.append(t(lang, "White space (no business yet): ", "空白子公司(尚无业务):") + _refs(white, lang))
    for c in data.get("cross_sell") or []:
        refs = _refs(c.get("references") or [], lang)
        lines.append(t(lang, f"- Cross-sell {c['product']}: bought by {c['bought_by']} siblings for "
                       f"{money(c['amount'])}" + (f" ({refs})" if refs else ""),
                       f"- 交叉销售 {c['product']}:{c['bought_by']} 家兄弟公司已采购,金额 {money(c['amount'])}"
                       + (f"({refs})" if refs else "")))  # fmt: skip
    return "\n".join(lines)


@template("qualify_account")
def qualification(data: dict[str, Any], args: dict[str, Any], lang: str) -> str:
    """Score, grade and the seven dimensions."""
    lines = [t(lang, f"Key-account qualification of {data['account_name']} [{data['account_id']}]: score "
               f"{data['score']}/100, grade {data['grade']}.", f"{data['account_name']} [{data['account_id']}] "
               f"的大客户筛选:得分 {data['score']}/100,等级 {data['grade']}。")]  # fmt: skip
    for d in data.get("dimensions") or []:
        name = DIMENSION_ZH.get(d["name"], d["name"]) if lang == "zh" else d["name"].replace("_", " ")
        value = t(lang, "no data", "无数据") if d.get("unknown") else money(d.get("value"))
        lines.append(t(lang, f"- {name}: {d['score']} (value {value})", f"- {name}:{d['score']}(取值 {value})"))
    return "\n".join(lines)


@template("lead_score")
def lead(data: dict[str, Any], args: dict[str, Any], lang: str) -> str:
    """Total, the three parts, the prediction basis and the scored events."""
    predicted = data.get("predicted")
    lines = [t(lang, f"Lead {data['company']} [{data['lead_id']}]: score {data['score']}/100 — attribute fit "
               f"{data['attribute']}, behaviour {data['behaviour']}, predicted conversion {predicted}.",
               f"线索 {data['company']} [{data['lead_id']}]:评分 {data['score']}/100 —— 属性匹配 {data['attribute']},"
               f"行为 {data['behaviour']},预测转化 {predicted}。")]  # fmt: skip
    if data.get("fallback"):
        lines.append(
            t(lang, f"Prediction basis: {data.get('fallback_reason')}", f"预测依据:{data.get('fallback_reason')}")
        )
    matched = [m["dimension"] for m in data.get("attribute_matches") or [] if m.get("matched")]
    if matched:
        lines.append(t(lang, "Profile matches: ", "画像匹配:") + sep(lang).join(matched))
    for e in data.get("events") or []:
        lines.append(t(lang, f"- {e['kind']} on {e['day']} [{e['id']}]: {e['points']} points",
                       f"- {e['day']} {e['kind']} [{e['id']}]:{e['points']} 分"))  # fmt: skip
    return "\n".join(lines)


@template("check_duplicates")
def duplicates(data: dict[str, Any], args: dict[str, Any], lang: str) -> str:
    """Candidates with owner and reason (hidden ones without id)."""
    target = f"{data['target_name']} [{data['target_id']}]"
    found = data.get("candidates") or []
    if not found:
        return t(lang, f"No possible duplicate of {target} was found.", f"未发现与 {target} 撞单的客户。")
    lines = [t(lang, f"Possible duplicates of {target}: {len(found)}", f"与 {target} 可能撞单的客户:{len(found)} 个")]
    for c in found:
        ident = f" [{c['account_id']}]" if c.get("account_id") else t(lang, " (not visible to you)", "(您无权查看)")
        owner = c.get("owner_name") or "-"
        lines.append(t(lang, f"- {c['account_name']}{ident}, owner {owner}: {label(REASON, c.get('reason'), lang)}",
                       f"- {c['account_name']}{ident},负责人 {owner}:"
                       f"{label(REASON, c.get('reason'), lang)}"))  # fmt: skip
    return "\n".join(lines)


@template("next_best_actions")
def next_actions(data: dict[str, Any], args: dict[str, Any], lang: str) -> str:
    """Ranked actions with reason and expected effect."""
    actions = data.get("actions") or []
    who = f"{data['account_name']} [{data['account_id']}]"
    if not actions:
        return t(
            lang, f"No open findings for {who}: nothing to recommend now.", f"{who} 目前没有待处理的发现,暂无建议。"
        )
    lines = [
        t(lang, f"Next best actions for {who} as of {data['as_of']}:", f"{who} 的下一步最佳行动(截至 {data['as_of']}):")
    ]
    for a in actions:
        action = a["action_zh"] if lang == "zh" else a["action_en"]
        effect = a["effect_zh"] if lang == "zh" else a["effect_en"]
        lines.append(t(lang, f"{a['rank']}. {action} — because {a['reason']}. Expected: {effect}.",
                       f"{a['rank']}. {action} —— 原因:{a['reason']}。预期:{effect}。"))  # fmt: skip
    return "\n".join(lines)
