"""Offline agent on the demo world: C139, contacts and the customer tree by pronoun, power map, lead score,
duplicates, qualification; and access: another rep's account answers exactly like a missing one."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from agent_demo import DAVID, LINA, WANG, ZHANG, World, ask, get_account, owned, served
from sqlalchemy import select
from sqlmodel import col

from assistant.agent.offline.entities import CatalogEntry, find_account
from assistant.agent.tools_registry import TOOL_SPECS
from assistant.crm.access import get_user
from assistant.crm.models import Lead, Opportunity
from tools import agent_scores, agent_tools
from tools.base import AmbiguousError, NotFoundError


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    yield from served(tmp_path_factory.mktemp("agent-deals"))


def test_every_planned_tool_is_registered() -> None:
    names = {spec.tool_name for spec in TOOL_SPECS}
    assert {"account_briefing", "risk_scan", "portfolio_at_risk", "portfolio_query", "account_health", "account_rfm",
            "c139_assessment", "next_best_actions", "power_map", "customer_tree", "lead_score", "search_documents",
            "sentiment_review", "draft_follow_up", "check_duplicates", "qualify_account"} <= names  # fmt: skip


def test_c139_of_an_account_then_pronouns_for_its_finance_owner_and_tree(demo: World) -> None:
    service, summary = demo
    account = get_account(service, summary.stalled_account_id)
    first = ask(service, LINA, f"{account.name}的C139评估", today=summary.today)
    assert first.tools == [("c139_assessment", {"account": account.id})]
    for assessed in first.results[0]["assessed"]:
        expected = service.score_c139(user_email=LINA, opportunity=assessed["opportunity_id"], as_of=summary.today)
        assert assessed["total"] == expected.total
        assert f"[{expected.opportunity_id}] 的 C139 评估:总分 {expected.total}/100" in first.reply.answer
    assert first.ungrounded == []
    thread = first.reply.thread
    finance = ask(service, LINA, "谁是他们的财务负责人?", thread=thread, today=summary.today)
    assert finance.tools == [("find_contacts", {"account": account.id, "role": "financial"})]
    assert summary.absent_finance_contact_id in finance.reply.answer
    tree = ask(service, LINA, "它的客户树渗透率是多少", thread=thread, today=summary.today)
    assert tree.tools == [("customer_tree", {"account": account.id})]
    assert tree.ungrounded == []


def test_c139_by_deal_name_within_an_account_and_ambiguous_deal_names(demo: World) -> None:
    service, summary = demo
    with service.session() as session:
        opps = list(session.execute(select(Opportunity).where(col(Opportunity.status) == "open")).scalars())
    mine = {a.id for a in owned(service, "u-davidlee")}
    by_account: dict[str, list[Opportunity]] = {}
    for o in opps:
        if o.account_id in mine and "MES" in o.name:
            by_account.setdefault(o.account_id, []).append(o)
    account_id, (deal,) = next((a, ds) for a, ds in sorted(by_account.items()) if len(ds) == 1)
    name = get_account(service, account_id).name
    turn = ask(service, DAVID, f"C139 for the MES deal at {name}", today=summary.today)
    assert turn.tools == [("c139_assessment", {"account": account_id, "opportunity": "mes"})]
    assert [r["opportunity_id"] for r in turn.results[0]["assessed"]] == [deal.id]
    assert turn.reply.answer.startswith(f"C139 of {deal.name} [{deal.id}]")
    vague = ask(service, DAVID, "C139 for the MES deal", today=summary.today)
    assert vague.results == [] and vague.reply.citations == []
    assert vague.reply.answer.startswith("“mes” matches several:")
    with service.session() as session, pytest.raises(AmbiguousError) as caught:
        agent_tools.c139_assessment(session, user=get_user(session, email=DAVID), opportunity="MES",
                                    as_of=summary.today)  # fmt: skip
    assert {c["id"] for c in caught.value.candidates} == {o.id for ds in by_account.values() for o in ds}


@pytest.mark.parametrize(
    ("user", "question"), [(WANG, "{name}的客户树渗透率是多少?"), (ZHANG, "Penetration of {name}?")]
)
def test_customer_tree_of_the_showcase_group(demo: World, user: str, question: str) -> None:
    service, summary = demo
    group = get_account(service, summary.showcase_group_account_id)
    turn = ask(service, user, question.format(name=group.name), today=summary.today)
    assert turn.tools == [("customer_tree", {"account": group.id})]
    expected = service.score_tree(user_email=user, account=group.id, as_of=summary.today)
    assert f"{expected.penetration}%" in turn.reply.answer and turn.ungrounded == []


def test_a_rep_sees_hidden_subsidiaries_only_as_counts(demo: World) -> None:
    service, summary = demo
    mine = {a.id for a in owned(service, "u-lina")}
    member = next(a for a in owned(service, "u-lina") if a.parent_id == summary.showcase_group_account_id)
    turn = ask(service, LINA, f"{member.id} 的客户树", today=summary.today)
    result = turn.results[0]
    assert result["hidden_subsidiaries"] > 0
    hidden = [a for a in owned(service, "u-wangfang") if a.id not in mine]
    assert not any(a.id in turn.reply.answer for a in hidden)
    assert f"另有 {result['hidden_subsidiaries']} 家子公司您无权查看" in turn.reply.answer


def test_lead_score_by_name_part_in_both_languages(demo: World) -> None:
    service, summary = demo
    with service.session() as session:
        leads = list(
            session.execute(select(Lead).where(col(Lead.owner_id) == "u-davidlee").order_by(Lead.id)).scalars()
        )
    lead = next(x for x in leads if x.company.isascii())
    english = ask(service, DAVID, f"score lead {lead.company}", today=summary.today)
    assert english.tools == [("lead_score", {"lead": lead.company.casefold()})]
    expected = service.score_lead(user_email=DAVID, lead=lead.id, as_of=summary.today)
    assert f"Lead {lead.company} [{lead.id}]: score {expected.score}/100" in english.reply.answer
    chinese = ask(service, DAVID, f"线索 {lead.id} 评分", today=summary.today)
    assert chinese.reply.answer.startswith(f"线索 {lead.company} [{lead.id}]:评分 {expected.score}/100")
    assert english.ungrounded == [] and chinese.ungrounded == []


def test_duplicate_twin_of_another_rep_is_named_with_owner_but_no_id(demo: World) -> None:
    service, summary = demo
    mine = {a.id for a in owned(service, "u-lina")}
    (own,) = [a for a in summary.duplicate_account_ids if a in mine]
    (twin,) = [a for a in summary.duplicate_account_ids if a not in mine]
    turn = ask(service, LINA, f"{own}有没有撞单?", today=summary.today)
    assert turn.tools == [("check_duplicates", {"account": own})]
    assert get_account(service, twin).name in turn.reply.answer and "(您无权查看)" in turn.reply.answer
    assert twin not in turn.reply.answer


@pytest.mark.parametrize(("lang", "question"), [("en", "Does {name} qualify as a key account?"),
                                                ("zh", "{name}是否够得上大客户?")])  # fmt: skip
def test_qualification_and_power_map(demo: World, lang: str, question: str) -> None:
    service, summary = demo
    account = get_account(service, summary.stalled_account_id)
    turn = ask(service, LINA, question.format(name=account.name), today=summary.today)
    expected = service.score_qualification(user_email=LINA, account=account.id, as_of=summary.today)
    grade = f"grade {expected.grade}" if lang == "en" else f"等级 {expected.grade}"
    assert turn.tools == [("qualify_account", {"account": account.id})]
    assert f"{expected.score}/100" in turn.reply.answer and grade in turn.reply.answer
    power = ask(service, LINA, "Show me its power map" if lang == "en" else "它的权力地图", thread=turn.reply.thread)
    assert power.tools == [("power_map", {"account": account.id})] and power.ungrounded == []


@pytest.mark.parametrize(("lang", "template"), [("zh", "{ref}的健康度怎么样?"), ("en", "What's the risk on {ref}?")])
def test_another_reps_account_answers_like_a_missing_one(demo: World, lang: str, template: str) -> None:
    service, summary = demo
    catalog = [CatalogEntry(a.id, a.name, tuple(a.aliases or ())) for a in owned(service, "u-lina")]
    hidden = next(
        a for a in owned(service, "u-wangfang") if a.parent_id is None and not find_account(a.name, catalog).ids
    )
    answers = {}
    for ref in (hidden.name, "瀚海星辰科技集团有限公司", hidden.id, "acc-9999"):
        turn = ask(service, LINA, template.format(ref=ref), today=summary.today)
        assert turn.tools == [] and turn.reply.citations == []
        answers[ref] = turn.reply.answer
    assert len(set(answers.values())) == 1
    assert hidden.id not in answers[hidden.name] and hidden.name not in answers[hidden.id]
    with service.session() as session:
        user = get_user(session, email=LINA)
        messages = []
        for ref in (hidden.id, "acc-9999"):
            with pytest.raises(NotFoundError) as caught:
                agent_scores.account_health(session, user=user, account=ref, as_of=summary.today)
            messages.append(str(caught.value).replace(ref, "REF"))
    assert messages[0] == messages[1] == "no account matches 'REF'"


@pytest.mark.parametrize(("lang", "question"), [("zh", "明天上海的天气怎么样?"), ("en", "Tell me a joke")])
def test_out_of_scope_questions_get_the_capabilities(demo: World, lang: str, question: str) -> None:
    service, summary = demo
    turn = ask(service, DAVID, question, today=summary.today)
    assert turn.tools == []
    head = (
        "我没有理解这个问题,因此不做猜测。"
        if lang == "zh"
        else "I did not understand that question, so I will not guess."
    )
    assert turn.reply.answer.startswith(head)
    assert ("- 健康度" if lang == "zh" else "- health index") in turn.reply.answer


def test_a_shortened_chinese_name_names_the_account_but_an_industry_word_does_not() -> None:
    catalog = [
        CatalogEntry("a", "上海金达汽车零部件有限公司", ("金达汽车零部件",)),
        CatalogEntry("b", "重庆永通汽车零部件有限公司", ()),
    ]
    assert find_account("金达汽车的风险大吗", catalog).ids == ["a"]
    assert find_account("汽车零部件行业的客户有哪些", catalog).ids == []
    assert find_account("上海的天气怎么样", catalog).ids == []


def test_segment_questions_query_the_portfolio(demo: World) -> None:
    service, summary = demo
    turn = ask(service, ZHANG, "哪些客户需要唤醒?", today=summary.today)
    assert turn.tools == [("portfolio_query", {"segment": "needs_waking"})]
    expected = service.portfolio(user_email=ZHANG, as_of=summary.today, segments=["needs_waking"], limit=10)
    assert turn.results[0]["matched"] == expected.matched
    assert turn.reply.answer.startswith(f"您的 120 个客户中有 {expected.matched} 个符合条件(分层 需唤醒)")
