"""Single-account case families: a question about one account, asked by several users in both languages.

Each family names the tool the question must call and computes the facts an answer must state by
running that tool (see :class:`world_facts.World`). Accounts are referenced the way people do (full
name, Chinese or English alias, id), only when the reference is unambiguous for the asking user.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from case_more import MORE
from world_facts import World, forbidden

from assistant.crm.models import Account
from tools import accounts, agent_documents, agent_scores, agent_tools

LINA, WANG, DAVID = "li.na@tillage-demo.com", "wang.fang@tillage-demo.com", "david.lee@tillage-demo.com"
EMILY, ZHANG = "emily.chen@tillage-demo.com", "zhang.wei@tillage-demo.com"
LEVEL_ZH = {"none": "无", "low": "低", "medium": "中", "high": "高"}
#: (user, language, reference form), rotated over the cases of a family.
SPECS: list[tuple[str, str, str]] = [
    (LINA, "zh", "name"), (DAVID, "en", "alias_en"), (WANG, "zh", "alias_zh"), (EMILY, "en", "id"),
    (ZHANG, "zh", "alias_zh"), (LINA, "en", "alias_en"), (DAVID, "en", "name"), (WANG, "zh", "id"),
    (ZHANG, "en", "name"), (EMILY, "en", "alias_en"),
]  # fmt: skip
Facts = Callable[[World, str, Account, str], list[str] | None]


def case(
    cid: str, user: str, turns: list[str], tools: list[str], state: list[str], *, family: str, lang: str,
    not_state: list[str] | None = None, refusal: bool = False,
) -> dict[str, Any]:  # fmt: skip
    """One case line."""
    return {
        "id": cid, "user": user, "turns": turns, "expected_tools": tools, "must_state": state,
        "must_not_state": not_state or [], "expect_refusal": refusal, "family": family, "lang": lang,
    }  # fmt: skip


def single(
    world: World, family: str, tool: str, questions: dict[str, list[str]], facts: Facts, n: int, offset: int = 0
) -> list[dict[str, Any]]:
    """``n`` cases of one family: each spec picks the next account it can reference and has facts for."""
    out: list[dict[str, Any]] = []
    for k, (user, lang, form) in enumerate((SPECS * 3)[offset : offset + 3 * n]):
        if len(out) == n:
            break
        seen = world.visible(user)
        pool = seen.accounts[(7 * k + offset) % len(seen.accounts) :] + seen.accounts
        for account in pool:
            ref = world.reference(seen, account, form)
            state = facts(world, user, account, lang) if ref else None
            if ref and state:
                text = questions[lang][len(out) % len(questions[lang])].format(ref=ref)
                out.append(case(f"{family}-{len(out) + 1:02d}", user, [text], [tool], state, family=family,
                                lang=lang, not_state=forbidden(seen)))  # fmt: skip
                break
    return out


def _health(w: World, user: str, a: Account, lang: str) -> list[str] | None:
    d = w.run(agent_scores.account_health, user, account=a.id)
    return [a.id, f"{round(d['score'], 1)}"]


def _rfm(w: World, user: str, a: Account, lang: str) -> list[str] | None:
    d = w.run(agent_scores.account_rfm, user, account=a.id)
    tier = f"等级 {d['tier']}" if lang == "zh" else f"tier {d['tier']}"
    amount = d["m_amount"]
    return [a.id, tier, f"{int(amount)}" if float(amount).is_integer() else f"{amount}"]


def _risk(w: World, user: str, a: Account, lang: str) -> list[str] | None:
    d = w.run(agent_scores.risk_scan, user, account=a.id)
    level = f"等级 {LEVEL_ZH[d['level']]}" if lang == "zh" else f"level {d['level']}"
    return [a.id, level, f"{round(d['health_now'], 1)}"]


def _c139(w: World, user: str, a: Account, lang: str) -> list[str] | None:
    if not w.opportunities(a.id):
        return None
    d = w.run(agent_tools.c139_assessment, user, account=a.id)
    return [x for r in d["assessed"][:2] for x in (r["opportunity_id"], f"{r['total']}")]


def _briefing(w: World, user: str, a: Account, lang: str) -> list[str] | None:
    d = w.run(agent_scores.account_briefing, user, account=a.id)
    opps = d["opportunities"]
    return [a.id] + ([opps[0]["id"], f"{round(opps[0]['c139_total'], 2)}"] if opps else [])


def _actions(w: World, user: str, a: Account, lang: str) -> list[str] | None:
    d = w.run(agent_scores.next_best_actions, user, account=a.id)
    if not d["actions"]:
        return None
    return [a.id, d["actions"][0]["action_zh" if lang == "zh" else "action_en"]]


def _power(w: World, user: str, a: Account, lang: str) -> list[str] | None:
    d = w.run(agent_tools.power_map, user, account=a.id)
    people = [c["id"] for group in d["by_role"].values() for c in group]
    finding = next((f["contact_id"] for f in d["findings"] if f.get("contact_id")), None)
    return [a.id, finding or people[0]] if people else None


def _tree(w: World, user: str, a: Account, lang: str) -> list[str] | None:
    d = w.run(agent_tools.customer_tree, user, account=a.id)
    if not d["in_tree"]:
        return None
    return [f"{d['penetration']}", str(d["total_subsidiaries"]), str(d["with_business"])]


def _qualify(w: World, user: str, a: Account, lang: str) -> list[str] | None:
    d = w.run(agent_tools.qualify_account, user, account=a.id)
    grade = f"等级 {d['grade']}" if lang == "zh" else f"grade {d['grade']}"
    return [a.id, f"{d['score']}", grade]


def _overview(w: World, user: str, a: Account, lang: str) -> list[str] | None:
    d = w.run(accounts.account_overview, user, account=a.id)
    opps = d["open_opportunities"]
    return [a.id, d["owner"]["name"]] + ([opps[0]["id"]] if opps else [])


def _finance(w: World, user: str, a: Account, lang: str) -> list[str] | None:
    d = w.run(accounts.find_contacts, user, account=a.id, role="financial")
    return [a.id, d["contacts"][0]["id"], d["contacts"][0]["name"]] if d["contacts"] else None


def _sentiment(w: World, user: str, a: Account, lang: str) -> list[str] | None:
    d = w.run(agent_documents.sentiment_review, user, account=a.id)["account"]
    return [a.id, f"{d['score']}", str(d["document_count"])] if d["document_count"] else None


def _draft(w: World, user: str, a: Account, lang: str) -> list[str] | None:
    if not w.opportunities(a.id):
        return None
    d = w.run(agent_documents.draft_follow_up, user, account=a.id)
    return [a.id] + d["to"][:1] + ([d["source_document_id"]] if d["source_document_id"] else [])


#: (family, tool, questions by language, facts, cases, offset into the specs)
TABLE: list[tuple[str, str, dict[str, list[str]], Facts, int, int]] = [
    ("overview", "account_overview", {"zh": ["介绍一下{ref}的概况", "{ref}的基本信息"],
     "en": ["Give me an overview of {ref}", "What's the profile of {ref}?"]}, _overview, 6, 0),
    ("contacts", "find_contacts", {"zh": ["谁是{ref}的财务负责人?", "{ref}的财务负责人是谁"],
     "en": ["Who is the finance director at {ref}?", "Who is the CFO of {ref}?"]}, _finance, 6, 1),
    ("briefing", "account_briefing", {"zh": ["给我一份{ref}的客户简报"], "en": ["Brief me on {ref}",
     "Prepare me for a meeting with {ref}"]}, _briefing, 6, 2),
    ("risk", "risk_scan", {"zh": ["{ref}有什么风险?", "{ref}的风险扫描"],
     "en": ["What's the risk on {ref}?", "Any red flags at {ref}?"]}, _risk, 8, 3),
    ("health", "account_health", {"zh": ["{ref}的健康度怎么样?", "{ref}健康吗"],
     "en": ["How healthy is {ref}?", "What's the health score of {ref}?"]}, _health, 10, 4),
    ("rfm", "account_rfm", {"zh": ["{ref}是什么等级?", "{ref}的RFM分层"],
     "en": ["What's the RFM segment of {ref}?", "Which tier is {ref}?"]}, _rfm, 8, 5),
    ("c139", "c139_assessment", {"zh": ["{ref}的C139评估", "评估一下{ref}的商机差距"],
     "en": ["C139 for {ref}", "Assess the open deals of {ref}"]}, _c139, 8, 6),
    ("next_actions", "next_best_actions", {"zh": ["{ref}下一步该怎么做?", "{ref}的行动建议"],
     "en": ["What should I do next with {ref}?", "Next best actions for {ref}"]}, _actions, 6, 7),
    ("power_map", "power_map", {"zh": ["{ref}的权力地图", "{ref}的决策链是怎样的"],
     "en": ["Show me the power map of {ref}", "Who are the stakeholders at {ref}? Show the power map"]}, _power, 8, 8),
    ("tree", "customer_tree", {"zh": ["{ref}的客户树渗透率是多少?", "{ref}的子公司渗透率"],
     "en": ["What's the penetration of the customer tree of {ref}?", "Cross-sell and white space for {ref}"]},
     _tree, 8, 9),
    ("qualification", "qualify_account", {"zh": ["{ref}是否够得上大客户?", "{ref}的大客户资格"],
     "en": ["Does {ref} qualify as a key account?", "Key account qualification for {ref}"]}, _qualify, 8, 1),
    ("sentiment", "sentiment_review", {"zh": ["{ref}的客户情绪怎么样?", "{ref}的情感分析"],
     "en": ["What's the sentiment at {ref}?", "How is the tone at {ref}? Sentiment please"]}, _sentiment, 6, 2),
    ("draft", "draft_follow_up", {"zh": ["给{ref}写一封跟进邮件", "帮我起草{ref}的跟进邮件"],
     "en": ["Draft a follow-up email to {ref}", "Write a follow-up for {ref}"]}, _draft, 6, 3),
]  # fmt: skip


def families(world: World, per_family: int | None = None) -> list[dict[str, Any]]:
    """The single-account families (``per_family``: at most this many cases of each)."""
    out: list[dict[str, Any]] = []
    for family, tool, questions, facts, n, offset in TABLE:
        out += single(world, family, tool, questions, facts, min(n, per_family or n), offset)
    return out


def sample(world: World) -> list[dict[str, Any]]:
    """A small set for CI: one case of each single-account family, then a few portfolio, deal, lead,
    duplicate, conversation and refusal cases (no document search: indexing takes minutes)."""
    from case_more import deals, duplicates, leads, portfolio
    from case_turns import conversations, refusals

    picked = families(world, per_family=1)
    picked += [c for c in portfolio(world) if c["id"] in ("portfolio_risk-01", "portfolio_query-01", "list-02")]
    picked += deals(world)[1:2] + leads(world)[1:2] + duplicates(world)[2:3] + conversations(world)[:2]
    picked += [c for c in refusals(world) if c["id"] in ("refusal-01-hidden_name", "out_of_scope-01")]
    return picked


FAMILIES: list[Callable[[World], list[dict[str, Any]]]] = [families, *MORE]
