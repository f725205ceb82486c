"""Account briefing: every section equals its own tool for the same as_of, citations, Markdown in zh/en, access."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from briefing_world import AS_OF, build
from sqlalchemy import Engine
from sqlmodel import Session

from assistant.crm.access import get_user
from assistant.crm.models import Account
from index.sentiment import account_trend
from tools.base import NotFoundError
from tools.briefing import BriefingInputError, account_briefing
from tools.briefing_models import Briefing
from tools.briefing_render import render_markdown
from tools.c139 import assess_c139
from tools.customer_tree import customer_tree
from tools.health import score_health
from tools.next_actions import next_best_actions
from tools.power_map import power_map
from tools.rfm import score_rfm
from tools.risk import scan_risk
from tools.sentiment_inputs import account_sentiment


@pytest.fixture
def world(sqlite_engine: Engine) -> Iterator[Session]:
    with Session(sqlite_engine, expire_on_commit=False) as session:
        build(session)
        yield session


def _brief(
    session: Session, email: str = "rep1@x.com", account: str = "acc-zh", language: str | None = None
) -> Briefing:
    user = get_user(session, email=email)
    return account_briefing(session, user=user, account_id=account, as_of=AS_OF, language=language)


def test_scores_equal_the_rfm_health_and_risk_tools(world: Session) -> None:
    b = _brief(world)
    user = get_user(world, email="rep1@x.com")
    rfm = score_rfm(world, user=user, account_id="acc-zh", as_of=AS_OF)
    # By hand: last paid order ord-2 40 days ago -> R 4; one paid order in the four full quarters
    # before Q2 2025 -> F 1; R high, F low, M high -> important development; 4+1+4 = 9 -> tier C.
    assert (b.rfm.r, b.rfm.f, b.rfm.m, b.rfm.segment, b.rfm.tier) == (4, 1, 4, "important_development", "C")
    assert (b.rfm.r, b.rfm.f, b.rfm.m, b.rfm.segment_zh, b.rfm.tier) == (rfm.r, rfm.f, rfm.m, rfm.segment_zh, rfm.tier)
    assert "order:ord-2" in b.rfm.sources
    months = account_sentiment(world, "acc-zh", AS_OF)
    health = score_health(world, user=user, account_id="acc-zh", as_of=AS_OF, sentiment_by_month=months)
    assert (b.health.score, b.health.band, b.health.missing) == (round(health.score, 2), health.band, health.missing)
    lowest = sorted((i.score, i.name) for i in health.indicators if i.score is not None and i.score < 100)[:3]
    assert [(w.score, w.name) for w in b.health.weakest] == [(round(s, 2), n) for s, n in lowest]
    overdue = next(w for w in b.health.weakest if w.name == "overdue_receivables")
    assert overdue.sources == ["order:ord-3"]
    risk = scan_risk(world, user=user, account_id="acc-zh", as_of=AS_OF, sentiment_by_month=months)
    assert b.risk.level == risk.level == "medium"
    assert [(s.kind, s.severity, s.detail) for s in b.risk.signals] == [
        (s.kind, s.severity, s.summary) for s in risk.signals
    ]
    signals = {s.kind: s for s in b.risk.signals}
    assert signals["legal_rep_change"].sources == ["risk_event:risk-1"]
    assert signals["receivables_overdue"].sources == ["order:ord-3"]  # due 70 days ago, > 60


def test_opportunities_power_map_tree_equal_their_tools(world: Session) -> None:
    b = _brief(world)
    user = get_user(world, email="rep1@x.com")
    assert [o.id for o in b.opportunities] == ["opp-zh"]
    c = assess_c139(world, user=user, opportunity="opp-zh", as_of=AS_OF)
    o = b.opportunities[0]
    # By hand: 20% * 72.5 + 20% * 50 + 30% * 50 + 30% * 47.22 = 53.67.
    assert (o.c139_total, o.coverage, o.value_proposition, o.key_persons, o.competitive) == (
        53.67,
        72.5,
        50.0,
        50.0,
        47.22,
    )
    assert (o.c139_total, o.coverage, o.key_persons, o.competitive) == (
        c.total,
        c.coverage,
        c.key_persons,
        c.competitive,
    )
    assert [(g.part, g.score, g.actions) for g in o.gaps] == [(g.part, g.score, g.actions) for g in c.gaps]
    assert {"opportunity:opp-zh", "contact:c-fin"} <= set(o.sources)
    pm = power_map(world, user=user, account="acc-zh", as_of=AS_OF)
    assert [(f.finding, f.subject) for f in b.power_map.findings] == [(f.finding, f.subject) for f in pm.findings]
    assert b.power_map.findings[1].sources == ["contact:c-fin"]
    tree = customer_tree(world, user=user, account="acc-zh", as_of=AS_OF)
    assert b.tree is not None and b.profile.group is not None
    assert (b.tree.penetration, b.tree.with_business, b.tree.total_subsidiaries) == (75.0, 3, 4)
    assert b.tree.penetration == tree.penetration
    assert [s.id for s in b.tree.white_space] == ["acc-ws"]
    hidden = b.tree.cross_sell[0]
    # Bought only by 华东能源, which rep1 may not see: counted, never named.
    assert (hidden.product, hidden.bought_by, hidden.hidden_buyers, hidden.sources) == ("能源管理平台", 1, 1, [])


def test_sentiment_and_next_actions_equal_their_tools(world: Session) -> None:
    b = _brief(world)
    user = get_user(world, email="rep1@x.com")
    trend = account_trend(world, user=user, account_id="acc-zh", as_of=AS_OF, months=3)
    assert (b.sentiment.score, b.sentiment.label, b.sentiment.document_count) == (
        trend.score,
        trend.label,
        trend.document_count,
    )
    assert [(m.month, m.score) for m in b.sentiment.trend] == [(m.month, m.score) for m in trend.trend]
    assert [m.month for m in b.sentiment.trend] == ["2025-05", "2025-06"]
    assert b.sentiment.trend[-1].documents[0].document_id == "doc-zh-mail"  # the disappointed e-mail
    assert "document:doc-zh-future" not in b.sentiment.sources
    nba = next_best_actions(
        world, user=user, account="acc-zh", as_of=AS_OF, sentiment_by_month=account_sentiment(world, "acc-zh", AS_OF)
    )
    assert [(a.rank, a.finding, a.subject) for a in b.next_actions] == [
        (a.rank, a.finding, a.subject) for a in nba.actions[:5]
    ]
    assert all(a.sources for a in b.next_actions)


def test_profile(world: Session) -> None:
    p = _brief(world).profile
    assert (p.name, p.aliases, p.industry, p.region, p.status, p.legal_rep) == (
        "华东精密制造有限公司",
        ["华东精密", "HDJM"],
        "制造",
        "华东",
        "active",
        "周建国",
    )
    assert (p.owner.id, p.owner.name) == ("u-rep1", "陈晨")
    assert p.parent is not None and p.group is not None and p.parent.id == p.group.id == "grp"
    assert p.sources == ["account:acc-zh"]


def test_markdown_in_both_languages_with_citations(world: Session) -> None:
    b = _brief(world)
    assert b.language == "zh"
    zh = render_markdown(b, "zh")
    en = render_markdown(b, "en")
    for heading in (
        "## 客户概况",
        "## 客户分级与 RFM 分群",
        "## 健康度",
        "## 风险",
        "## 在途商机与 C139 评估",
        "## 权力地图",
        "## 客户树",
        "## 近期情绪 (近 3 个月)",
        "## 优先行动建议",
    ):
        assert heading in zh
    for heading in (
        "## Profile",
        "## Tier and RFM segment",
        "## Health",
        "## Risks",
        "## Open opportunities and C139",
        "## Power map",
        "## Customer tree",
        "## Recent sentiment (last 3 months)",
        "## Top next best actions",
    ):
        assert heading in en
    for citation in (
        "[order:ord-3]",
        "[risk_event:risk-1]",
        "[opportunity:opp-zh]",
        "[contact:c-fin]",
        "[document:doc-zh-mail]",
        "[account:acc-ws]",
    ):
        assert citation in zh and citation in en
    assert "- C139 **53.67** = 客户覆盖度 C 72.5 · 价值主张 1 50 · 关键人 3 50 · 竞争要素 9 47.22" in zh
    assert "准备投资回报测算,请求引荐财务负责人" in zh
    assert "prepare an ROI/TCO case and ask for an introduction to the finance director" in en
    assert "- 渗透率 **75%** (3/4 家子公司有业务)" in zh
    assert "- Penetration **75%** (3/4 subsidiaries with business)" in en
    assert "华东能源" not in zh and "acc-sib" not in zh
    assert b.to_markdown() == zh


def test_language_default_follows_documents_and_can_be_asked(world: Session) -> None:
    en_account = _brief(world, account="East Star Logistics")
    assert en_account.language == "en" and en_account.to_markdown().startswith("# Account briefing: East Star")
    asked = _brief(world, language="en")
    assert (asked.language, asked.language_basis) == ("en", "asked for")
    assert asked.to_markdown().startswith("# Account briefing: 华东精密制造有限公司")
    with pytest.raises(BriefingInputError, match=r"^language: must be zh or en"):
        _brief(world, language="fr")
    with pytest.raises(ValueError, match="language"):
        render_markdown(asked, "fr")


def test_record_text_cannot_restructure_the_markdown(world: Session) -> None:
    account = world.get(Account, "acc-zh")
    assert account is not None
    account.legal_rep = "赵六\n## 注入 [点我](http://evil)"
    world.add(account)
    world.commit()
    text = render_markdown(_brief(world), "zh")
    assert not any(line.startswith("## 注入") for line in text.splitlines())
    assert "- 法定代表人: 赵六 \\#\\# 注入 \\[点我\\](http://evil)" in text


def test_foreign_account_answers_like_a_missing_one(world: Session) -> None:
    with pytest.raises(NotFoundError) as foreign:
        _brief(world, account="acc-far")
    with pytest.raises(NotFoundError) as missing:
        _brief(world, account="acc-none")
    assert str(foreign.value).replace("acc-far", "X") == str(missing.value).replace("acc-none", "X")
    with pytest.raises(NotFoundError):
        _brief(world, account="acc-sib")  # rep2's account: not rep1's


def test_manager_sees_the_team_and_the_whole_tree(world: Session) -> None:
    b = _brief(world, email="mgr@x.com")
    assert b.tree is not None
    assert b.tree.cross_sell[0].hidden_buyers == 0
    assert b.tree.cross_sell[0].sources == ["account:acc-sib"]
    assert "[account:acc-sib]" in render_markdown(b, "zh")
    assert _brief(world, email="mgr@x.com", account="acc-sib").account_name == "华东能源"


def test_same_inputs_give_identical_json(world: Session) -> None:
    first = _brief(world).model_dump_json()
    second = _brief(world).model_dump_json()
    assert first == second
    assert json.loads(first)["as_of"] == "2025-06-30"


def test_the_briefing_is_the_same_on_each_backend(engine: Engine) -> None:
    with Session(engine, expire_on_commit=False) as session:
        build(session)
        b = _brief(session)
    assert (b.opportunities[0].c139_total, b.risk.level, b.rfm.tier) == (53.67, "medium", "C")
    assert b.tree is not None and b.tree.penetration == 75.0
    assert [m.month for m in b.sentiment.trend] == ["2025-05", "2025-06"]
    assert len(b.next_actions) == 5
