"""Portfolio, list, deal, lead, duplicate and document-search cases (facts from the tools)."""

from __future__ import annotations

from typing import Any

from case_turns import TURNS
from world_facts import World, forbidden, spread

from tools import accounts, agent_documents, agent_scores, agent_tools
from tools.base import ToolError

LINA, WANG, DAVID = "li.na@tillage-demo.com", "wang.fang@tillage-demo.com", "david.lee@tillage-demo.com"
EMILY, ZHANG = "emily.chen@tillage-demo.com", "zhang.wei@tillage-demo.com"
PRODUCTS = ("MES", "IoT Gateway", "Cloud ERP", "Data Platform", "Analytics Add-on", "Supply Chain Suite")


def case(cid: str, user: str, turns: list[str], tools: list[str], state: list[str], family: str, lang: str,
         not_state: list[str] | None = None, refusal: bool = False) -> dict[str, Any]:  # fmt: skip
    """One case line."""
    return {"id": cid, "user": user, "turns": turns, "expected_tools": tools, "must_state": state,
            "must_not_state": not_state or [], "expect_refusal": refusal, "family": family, "lang": lang}  # fmt: skip


def portfolio(world: World) -> list[dict[str, Any]]:
    """Accounts at risk per user, and tier / key-person-contact queries."""
    out = []
    risk_q = {"zh": ["我的哪些客户有风险?", "我的风险客户有哪些"], "en": ["Which of my accounts are at risk?",
              "Show my at-risk accounts"]}  # fmt: skip
    for k, (user, lang) in enumerate([(LINA, "zh"), (WANG, "zh"), (DAVID, "en"), (EMILY, "en"), (ZHANG, "zh"),
                                      (ZHANG, "en")]):  # fmt: skip
        d = world.run(agent_scores.portfolio_at_risk, user)
        state = [str(d["matched"])] + [r["account_id"] for r in d["rows"][:2]]
        out.append(case(f"portfolio_risk-{k + 1:02d}", user, [risk_q[lang][k % 2]], ["portfolio_at_risk"], state,
                        "portfolio_risk", lang, forbidden(world.visible(user))))  # fmt: skip
    queries = [
        (DAVID, "en", "Which of my A-tier accounts had no key-person contact in 30 days?", "A", 30),
        (LINA, "zh", "我的A类客户里哪些30天内没有联系关键人?", "A", 30),
        (WANG, "zh", "哪些B类客户超过60天没有联系关键人?", "B", 60),
        (EMILY, "en", "Which of my B-tier accounts had no key-person contact in 45 days?", "B", 45),
        (ZHANG, "zh", "我的C类客户里哪些90天没有联系关键人", "C", 90),
        (ZHANG, "en", "Which of my A-tier accounts had no key person contact in 60 days?", "A", 60),
    ]
    for k, (user, lang, text, tier, days) in enumerate(queries):
        d = world.run(agent_scores.portfolio_query, user, tier=tier, no_key_contact_days=days)
        state = [str(d["matched"])] + [r["account_id"] for r in d["rows"][:3]]
        out.append(case(f"portfolio_query-{k + 1:02d}", user, [text], ["portfolio_query"], state, "portfolio_query",
                        lang, forbidden(world.visible(user))))  # fmt: skip
    lists = [(LINA, "zh", "我的客户有哪些?"), (DAVID, "en", "List my accounts"),
             (EMILY, "en", "Which accounts do I have?"),
             (WANG, "zh", "我负责的客户列表")]  # fmt: skip
    for k, (user, lang, text) in enumerate(lists):
        d = world.run(accounts.list_my_accounts, user)
        state = [str(d["count"]), d["accounts"][0]["id"]]
        out.append(case(f"list-{k + 1:02d}", user, [text], ["list_my_accounts"], state, "list", lang,
                        forbidden(world.visible(user))))  # fmt: skip
    return out


def deals(world: World) -> list[dict[str, Any]]:
    """C139 by deal id and by product within an account."""
    out: list[dict[str, Any]] = []
    for user, lang in [(LINA, "zh"), (DAVID, "en"), (WANG, "zh"), (EMILY, "en"), (ZHANG, "en"), (LINA, "en")]:
        seen = world.visible(user)
        for account in spread(seen.accounts, 12, offset=len(out) * 3):
            found = None
            for product in PRODUCTS:
                names = [o for o in world.opportunities(account.id) if product.lower() in o.name.lower()]
                ref = world.reference(seen, account, "alias_zh" if lang == "zh" else "alias_en")
                if len(names) == 1 and ref:
                    found = (product, names[0], ref)
                    break
            if found is None:
                continue
            product, opp, ref = found
            d = world.run(agent_tools.c139_assessment, user, opportunity=product, account=account.id)
            state = [opp.id, f"{d['assessed'][0]['total']}"]
            n = len(out) + 1
            if n % 2:
                text = f"{ref} {product} 项目的C139评估" if lang == "zh" else f"C139 for the {product} deal at {ref}"
            else:
                text = f"{opp.id} 的C139评估" if lang == "zh" else f"Assess {opp.id} with C139"
            out.append(case(f"c139_deal-{n:02d}", user, [text], ["c139_assessment"], state, "c139", lang,
                            forbidden(seen)))  # fmt: skip
            break
    return out


def leads(world: World) -> list[dict[str, Any]]:
    """Lead scores by id, full company name and a distinctive part of it."""
    out: list[dict[str, Any]] = []
    specs = [(LINA, "zh", "u-lina"), (DAVID, "en", "u-davidlee"), (WANG, "zh", "u-wangfang"),
             (DAVID, "en", "u-davidlee"), (LINA, "en", "u-lina"), (WANG, "zh", "u-wangfang"), (ZHANG, "en", "u-lina"),
             (ZHANG, "zh", "u-wangfang")]  # fmt: skip
    for k, (user, lang, owner) in enumerate(specs):
        lead = world.leads({owner})[5 + 11 * k]
        ref = lead.id if k % 3 == 0 else lead.company
        try:
            d = world.run(agent_tools.lead_score, user, lead=ref)
        except ToolError:
            continue
        text = f"线索 {ref} 评分" if lang == "zh" else f"score lead {ref}"
        out.append(case(f"lead-{k + 1:02d}", user, [text], ["lead_score"], [d["lead_id"], f"{d['score']}"], "lead",
                        lang))  # fmt: skip
    return out


def duplicates(world: World) -> list[dict[str, Any]]:
    """撞单 checks on the duplicate pair, from each owner's side (the hidden twin named without its id)."""
    out: list[dict[str, Any]] = []
    pair = world.summary.duplicate_account_ids  # type: ignore[attr-defined]
    users = [(ZHANG, "zh"), (ZHANG, "en"), (LINA, "zh"), (DAVID, "en"), (EMILY, "en"), (LINA, "en")]
    for k, (user, lang) in enumerate(users):
        seen = world.visible(user)
        twins = [a for a in seen.accounts if a.id in pair]
        if not twins:
            continue
        target = twins[k % len(twins)]
        d = world.run(agent_tools.check_duplicates, user, account=target.id)
        state = [target.id] + [x for c in d["candidates"][:1] for x in (c["account_name"], c["owner_name"] or "")]
        hidden = [c for c in d["candidates"] if c["account_id"] is None]
        not_state = [a.id for a in seen.hidden if a.id in pair] if hidden else []
        text = f"{target.id}有没有撞单?" if lang == "zh" else f"Is {target.id} a duplicate of another account?"
        out.append(case(f"duplicates-{k + 1:02d}", user, [text], ["check_duplicates"], [s for s in state if s],
                        "duplicates", lang, not_state))  # fmt: skip
    return out


SEARCHES: list[tuple[str, str, str, dict[str, Any]]] = [
    (LINA, "zh", "搜索关于价格太高的纪要", {"query": "价格太高", "kind": "meeting_note"}),
    (DAVID, "en", "search notes about price complaints", {"query": "price complaints", "kind": "meeting_note"}),
    (WANG, "zh", "搜索关于售后响应慢的邮件", {"query": "售后响应慢", "kind": "email"}),
    (
        EMILY,
        "en",
        "find emails about the implementation timeline",
        {"query": "the implementation timeline", "kind": "email"},
    ),
    (ZHANG, "zh", "搜索提到预算的会议纪要", {"query": "预算", "kind": "meeting_note"}),
    (DAVID, "en", "search for value proposition confirmed", {"query": "value proposition confirmed"}),
    (LINA, "en", "search emails about a discount", {"query": "a discount", "kind": "email"}),
    (WANG, "zh", "搜索关于交付延期", {"query": "交付延期"}),
]


def searches(world: World) -> list[dict[str, Any]]:
    """Document search: the top hits the search tool returns for the question's terms."""
    out: list[dict[str, Any]] = []
    for k, (user, lang, text, args) in enumerate(SEARCHES):
        d = world.run(agent_documents.search_documents, user, **args)
        if not d["hits"]:
            continue
        state = [d["hits"][0]["document_id"]]
        out.append(case(f"search-{k + 1:02d}", user, [text], ["search_documents"], state, "search", lang,
                        forbidden(world.visible(user))))  # fmt: skip
    return out


MORE = [portfolio, deals, leads, duplicates, searches, *TURNS]
