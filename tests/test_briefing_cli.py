"""``tillage brief`` and ``tillage draft`` through the service: formats, languages, exit codes, saved-not-sent."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
import typer
from briefing_world import build
from cli_harness import area_app, invoke, service_with
from sqlmodel import select

from assistant.cli import briefing
from assistant.crm.draft_models import Draft
from assistant.service import Tillage
from tools.base import NotFoundError
from tools.drafts import DraftInputError


@pytest.fixture
def service() -> Iterator[Tillage]:
    yield from service_with(build)


@pytest.fixture
def cli() -> typer.Typer:
    return area_app(briefing.register)


def _json(cli: typer.Typer, *args: str) -> tuple[int, Any]:
    code, out = invoke(cli, *args)
    return code, json.loads(out)


@pytest.mark.usefixtures("service")
def test_brief_markdown_defaults_to_the_customers_language(cli: typer.Typer) -> None:
    code, out = invoke(cli, "brief", "华东精密", "--user", "rep1@x.com", "--as-of", "2025-06-30")
    assert code == 0
    assert out.startswith("# 客户简报: 华东精密制造有限公司\n\n截至 2025-06-30 [account:acc-zh]")
    assert "## 在途商机与 C139 评估" in out and "[risk_event:risk-1]" in out
    code, out = invoke(cli, "brief", "acc-zh", "--user", "rep1@x.com", "--as-of", "2025-06-30", "--lang", "en")
    assert code == 0 and out.startswith("# Account briefing: 华东精密制造有限公司")


@pytest.mark.usefixtures("service")
def test_brief_json_is_one_document(cli: typer.Typer) -> None:
    code, data = _json(cli, "brief", "HDJM", "--user", "mgr@x.com", "--as-of", "2025-06-30", "--format", "json")
    assert code == 0
    assert (data["account_id"], data["as_of"], data["language"]) == ("acc-zh", "2025-06-30", "zh")
    assert data["opportunities"][0]["c139_total"] == 53.67
    assert len(data["next_actions"]) == 5


@pytest.mark.usefixtures("service")
def test_ambiguous_invisible_and_bad_input_exit_2(cli: typer.Typer) -> None:
    code, data = _json(cli, "brief", "华东", "--user", "rep1@x.com", "--format", "json")
    assert code == 2
    assert [c["id"] for c in data["candidates"]] == ["acc-ws", "acc-zh", "grp"]
    code, data = _json(cli, "brief", "acc-far", "--user", "rep1@x.com", "--format", "json")
    assert (code, data) == (2, {"error": "no account matches 'acc-far'"})
    code, data = _json(cli, "draft", "acc-far", "--user", "rep1@x.com", "--json")
    assert (code, data) == (2, {"error": "no account matches 'acc-far'"})
    code, data = _json(cli, "brief", "acc-zh", "--user", "rep1@x.com", "--as-of", "30/06/2025", "--format", "json")
    assert code == 2 and data["error"].startswith("--as-of: expected a date")
    code, data = _json(cli, "draft", "acc-zh", "--user", "nobody@x.com", "--json")
    assert (code, data) == (2, {"error": "unknown user: nobody@x.com"})


def test_draft_is_saved_and_says_it_was_not_sent(cli: typer.Typer, service: Tillage) -> None:
    code, out = invoke(cli, "draft", "华东精密", "--user", "rep1@x.com", "--as-of", "2025-06-30", "--about", "培训安排")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "To: li.ming@hdjm.cn"
    assert lines[1] == "Subject: 跟进：培训安排（MES 升级项目） — 2025年6月23日会议"
    assert "3. 能否请您引荐贵司财务总监王芳？我们将为此准备投资回报与总拥有成本测算。" in lines
    last = lines[-1]
    assert last.startswith("Draft drf-") and "saved from meeting note doc-zh-last (zh). It was NOT sent" in last
    draft_id = last.split()[1]
    with service.session() as session:
        row = session.exec(select(Draft).where(Draft.id == draft_id)).one()
        assert (row.status, row.author_id, row.to) == ("draft", "u-rep1", ["li.ming@hdjm.cn"])


def test_draft_json_and_service_edits(cli: typer.Typer, service: Tillage) -> None:
    code, data = _json(
        cli,
        "draft",
        "East Star Logistics",
        "--user",
        "rep1@x.com",
        "--as-of",
        "2025-06-30",
        "--opportunity",
        "opp-en",
        "--json",
    )
    assert code == 0
    assert (data["language"], data["opportunity_id"], data["sent"], data["to"]) == (
        "en",
        "opp-en",
        False,
        ["tom@eaststar.com"],
    )
    draft_id = data["id"]
    assert service.get_draft(draft_id, user_email="mgr@x.com").body == data["body"]
    edited = service.update_draft(draft_id, user_email="rep1@x.com", subject="Next steps")
    assert (edited.subject, edited.body) == ("Next steps", data["body"])
    assert edited.updated_at >= edited.created_at
    assert service.get_draft(draft_id, user_email="rep1@x.com").subject == "Next steps"
    with pytest.raises(NotFoundError, match=r"^no draft matches"):
        service.get_draft(draft_id, user_email="rep3@x.com")
    with pytest.raises(NotFoundError, match=r"^no draft matches"):
        service.update_draft(draft_id, user_email="rep3@x.com", body="x")
    with pytest.raises(DraftInputError, match=r"^body"):
        service.update_draft(draft_id, user_email="rep1@x.com", body=" ")


def test_http_and_slack_name_instructions_is_about(service: Tillage) -> None:
    result = service.draft("acc-zh", user_email="rep1@x.com", instructions="交付计划", as_of=None)
    assert "另外，关于交付计划，我们也希望与您进一步沟通。" in result.body
    text = service.brief_markdown("acc-en", user_email="rep1@x.com", language="zh")
    assert text.startswith("# 客户简报: East Star Logistics")
