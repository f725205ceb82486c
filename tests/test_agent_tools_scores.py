"""Offline agent on the demo world: RFM, health, risk, portfolio, briefing and next actions, in both
languages. Each answer restates the tool's result (every number grounded in it) and the agent's
scores equal the scoring service's, which the CLI and the API show."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from agent_demo import DAVID, LINA, WANG, ZHANG, World, ask, get_account, owned, served


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    yield from served(tmp_path_factory.mktemp("agent-scores"))


@pytest.mark.parametrize(("lang", "question"), [("en", "How healthy is {name}?"), ("zh", "{name}的健康度怎么样?")])
def test_health_equals_the_scoring_service_and_is_grounded(demo: World, lang: str, question: str) -> None:
    service, summary = demo
    account = summary.stalled_account_id
    turn = ask(service, LINA, question.format(name=get_account(service, account).name), today=summary.today)
    assert turn.tools == [("account_health", {"account": account})]
    expected = service.score_health(user_email=LINA, account=account, as_of=summary.today)
    (result,) = turn.results
    assert (result["score"], result["band"], result["missing"]) == (expected.score, expected.band, expected.missing)
    assert f"{round(expected.score, 1)}/100" in turn.reply.answer
    assert turn.reply.answer.startswith(
        "Health of" if lang == "en" else f"{get_account(service, account).name} [{account}] 的健康度"
    )
    assert turn.ungrounded == []
    assert ("account", account) in [(c.kind, c.id) for c in turn.reply.citations]


@pytest.mark.parametrize(("lang", "question", "label"), [
    ("en", "What's the risk on {name}?", "dishonest debtor (high)"),
    ("zh", "{name}有什么风险?", "失信被执行人 (高)"),
])  # fmt: skip
def test_risk_of_the_dishonest_debtor(demo: World, lang: str, question: str, label: str) -> None:
    service, summary = demo
    account = summary.dishonest_debtor_account_id
    owner = next(a.owner_id for a in owned(service, "u-lina") + owned(service, "u-wangfang") if a.id == account)
    email = LINA if owner == "u-lina" else WANG
    turn = ask(service, email, question.format(name=get_account(service, account).name), today=summary.today)
    assert turn.tools == [("risk_scan", {"account": account})]
    expected = service.score_risk(user_email=email, account=account, as_of=summary.today)
    assert turn.results[0]["level"] == expected.level == "high"
    assert [s["kind"] for s in turn.results[0]["signals"]] == [s.kind for s in expected.signals]
    assert label in turn.reply.answer
    assert turn.ungrounded == []


@pytest.mark.parametrize(
    ("user", "question"), [(LINA, "我的哪些客户有风险?"), (DAVID, "Which of my accounts are at risk?")]
)
def test_portfolio_at_risk_lists_only_the_users_accounts(demo: World, user: str, question: str) -> None:
    service, summary = demo
    turn = ask(service, user, question, today=summary.today)
    assert turn.tools == [("portfolio_at_risk", {})]
    expected = service.portfolio(user_email=user, as_of=summary.today, at_risk=True, sort_by="risk", limit=10)
    result = turn.results[0]
    assert result["matched"] == expected.matched > 0
    assert [r["account_id"] for r in result["rows"]] == [r.account_id for r in expected.rows]
    mine = {a.id for a in owned(service, "u-lina" if user == LINA else "u-davidlee")}
    assert {r["account_id"] for r in result["rows"]} <= mine
    others = {a.id for a in owned(service, "u-wangfang")}
    assert not any(other in turn.reply.answer for other in others)
    head = f"{expected.matched} of your {len(mine)} accounts are at risk" if user == DAVID else (
        f"您的 {len(mine)} 个客户中有 {expected.matched} 个存在风险")  # fmt: skip
    assert turn.reply.answer.startswith(head)
    assert turn.ungrounded == []


@pytest.mark.parametrize(("user", "question", "tier", "days"), [
    (DAVID, "Which of my A-tier accounts had no key-person contact in 30 days?", "A", 30),
    (LINA, "我的B类客户里哪些60天内没有联系关键人?", "B", 60),
])  # fmt: skip
def test_portfolio_query_by_tier_and_key_person_contact(
    demo: World, user: str, question: str, tier: str, days: int
) -> None:
    service, summary = demo
    turn = ask(service, user, question, today=summary.today)
    assert turn.tools == [("portfolio_query", {"tier": tier, "no_key_contact_days": days})]
    expected = service.portfolio(user_email=user, as_of=summary.today, tiers=[tier], no_key_contact_days=days, limit=10)
    result = turn.results[0]
    assert result["matched"] == expected.matched
    assert all(r["tier"] == tier and (r["key_contact_days"] is None or r["key_contact_days"] > days)
               for r in result["rows"])  # fmt: skip
    assert f"{days}" in turn.reply.answer and turn.ungrounded == []


@pytest.mark.parametrize(("lang", "question"), [("en", "Which tier is {name}?"), ("zh", "{name}的RFM分层")])
def test_rfm_tier_and_segment(demo: World, lang: str, question: str) -> None:
    service, summary = demo
    account = summary.stalled_account_id
    turn = ask(service, LINA, question.format(name=get_account(service, account).name), today=summary.today)
    assert turn.tools == [("account_rfm", {"account": account})]
    expected = service.score_rfm(user_email=LINA, account=account, as_of=summary.today)
    assert (turn.results[0]["tier"], turn.results[0]["segment"]) == (expected.tier, expected.segment)
    tier = f"tier {expected.tier}, RFM segment {expected.segment_en}" if lang == "en" else (
        f"等级 {expected.tier},RFM 分层 {expected.segment_zh}")  # fmt: skip
    assert tier in turn.reply.answer and turn.ungrounded == []


@pytest.mark.parametrize(("lang", "question"), [("en", "Brief me on {name}"), ("zh", "给我一份{name}的客户简报")])
def test_briefing_for_a_manager(demo: World, lang: str, question: str) -> None:
    service, summary = demo
    account = summary.stalled_account_id
    turn = ask(service, ZHANG, question.format(name=get_account(service, account).name), today=summary.today)
    assert turn.tools == [("account_briefing", {"account": account})]
    briefing = turn.results[0]
    assert briefing["opportunities"], "the stalled account has open deals"
    first = briefing["opportunities"][0]
    assert f"[{first['id']}]" in turn.reply.answer and f"C139 {first['c139_total']}" in turn.reply.answer
    assert turn.reply.answer.startswith(
        "Briefing on" if lang == "en" else f"{get_account(service, account).name} [{account}] 客户简报"
    )
    assert ("opportunity", first["id"]) in [(c.kind, c.id) for c in turn.reply.citations]
    assert turn.ungrounded == []


@pytest.mark.parametrize(
    ("lang", "question"), [("en", "What should I do next with {name}?"), ("zh", "{name}下一步该怎么做?")]
)
def test_next_best_actions(demo: World, lang: str, question: str) -> None:
    service, summary = demo
    account = summary.stalled_account_id
    turn = ask(service, LINA, question.format(name=get_account(service, account).name), today=summary.today)
    assert turn.tools == [("next_best_actions", {"account": account})]
    first = turn.results[0]["actions"][0]
    assert f"1. {first['action_zh' if lang == 'zh' else 'action_en']}" in turn.reply.answer
    assert turn.ungrounded == []


def test_demo_tour_asks_as_the_demo_users_in_both_languages(demo: World) -> None:
    service, summary = demo
    tour = service.demo_tour(summary)
    assert [[c.name for c in reply.tool_calls] for _, _, reply in tour] == [
        ["account_briefing"], ["portfolio_at_risk"], ["c139_assessment"], ["customer_tree"], ["search_documents"],
        ["risk_scan"],
    ]  # fmt: skip
    assert {user for user, _, _ in tour} >= {ZHANG, LINA, DAVID}
    assert any("风险" in q for _, q, _ in tour) and any(q.startswith("search") for _, q, _ in tour)
    assert all(reply.answer and not reply.fallback for _, _, reply in tour)
