"""Follow-up drafts: recap from the last meeting note, next steps, C139 asks, language, storage, access."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from briefing_world import AS_OF, LAST_NOTE_ZH, ago, at, build
from sqlalchemy import Engine
from sqlmodel import Session, select

from assistant.crm.access import get_user
from assistant.crm.draft_models import Draft
from assistant.crm.models import Activity, ActivityContact, Document
from tools.base import NotFoundError
from tools.drafts import DraftInputError, draft_follow_up, get_draft, update_draft

NOW = datetime(2025, 6, 30, 9, 0, tzinfo=UTC)


@pytest.fixture
def world(sqlite_engine: Engine) -> Iterator[Session]:
    with Session(sqlite_engine, expire_on_commit=False) as session:
        build(session)
        yield session


def _draft(session: Session, email: str = "rep1@x.com", account: str = "acc-zh", **kw: object):  # type: ignore[no-untyped-def]
    user = get_user(session, email=email)
    return draft_follow_up(session, user=user, account_id=account, as_of=AS_OF, now=NOW, **kw)  # type: ignore[arg-type]


def test_recap_cites_the_last_meeting_note_before_as_of(world: Session) -> None:
    result = _draft(world)
    # The e-mail of 3 days ago is newer but not a meeting note; the note after as_of is ignored.
    assert result.source_document_id == "doc-zh-last"
    assert next(e.id for e in result.evidence if e.record == "document") == "doc-zh-last"
    assert [s.text for s in result.recap] == [
        "客户认可我们的MES方案，但担心价格比西门子高15%。",
        "张总希望在7月15日前看到投资回报测算。",
    ]
    assert "2025年6月23日" in result.body
    assert "天气很好" not in result.body and "参会人" not in result.body


def test_next_steps_are_the_sentences_that_name_them(world: Session) -> None:
    result = _draft(world)
    assert [(s.position, s.text) for s in result.next_steps] == [
        (2, "下一步：我方下周提交修订报价。"),
        (3, "客户将安排信息部做技术评估。"),
    ]
    steps_block = result.body.split("双方商定的下一步：\n", 1)[1].split("\n\n", 1)[0]
    assert steps_block == "- 下一步：我方下周提交修订报价。\n- 客户将安排信息部做技术评估。"
    assert LAST_NOTE_ZH  # the note the sentences come from


def test_asks_close_the_c139_gaps_including_the_finance_director(world: Session) -> None:
    result = _draft(world)
    findings = [a.finding for a in result.asks]
    assert findings == [
        "1.value_not_confirmed",
        "3.decision_maker_missing",
        "3.financial_missing",
        "9.price",
        "9.service",
        "9.unknown",
    ]
    finance = result.asks[2]
    assert finance.contact_id == "c-fin"
    assert finance.text == "能否请您引荐贵司财务总监王芳？我们将为此准备投资回报与总拥有成本测算。"
    assert "3. " + finance.text in result.body
    # Internal wording never reaches the customer: no competitor, no ratings.
    asks_block = result.body.split("恳请您协助以下事项：", 1)[1]
    assert "西门子" not in asks_block and "-2" not in asks_block
    assert result.c139_total == 53.67


def test_no_key_person_asks_once_the_finance_director_was_met(world: Session) -> None:
    world.add(Activity(id="act-fin", account_id="acc-zh", kind="meeting", occurred_at=at(ago(5))))
    world.commit()
    world.add(ActivityContact(activity_id="act-fin", contact_id="c-fin"))
    world.commit()
    # Finance director met 5 days ago (neutral: 0.5), decision maker 0.5, technical lead 1:
    # key persons 2/3 = 66.67 is no longer a gap, so neither introduction is asked for.
    result = _draft(world)
    assert [a.finding for a in result.asks] == ["1.value_not_confirmed", "9.price", "9.service", "9.unknown"]
    assert "王芳" not in result.body


def test_language_follows_the_customers_documents(world: Session) -> None:
    zh = _draft(world)
    assert zh.language == "zh" and zh.body.startswith("李明，您好：")
    assert zh.language_basis == "last 4 document(s): zh 3, en 1"
    en = _draft(world, account="East Star Logistics")
    assert en.language == "en" and en.body.startswith("Dear Tom Baker,")
    assert en.subject == "Follow-up: Fleet tracking — our meeting of 2025-06-25"
    assert en.next_steps[0].text == "We agreed to send a revised timeline by Friday."
    assert en.asks[1].text.startswith("Could you introduce us to your finance director")


def test_english_documents_turn_a_chinese_named_account_english(world: Session) -> None:
    for i in range(3):
        world.add(
            Document(
                id=f"doc-x{i}",
                account_id="acc-zh",
                kind="email",
                occurred_at=at(ago(1)),
                body="Thanks, we will review the quote next week.",
                language="en",
            )
        )
    world.commit()
    # Last five: three English e-mails, the Chinese e-mail and the Chinese note: en 3, zh 2.
    result = _draft(world)
    assert result.language == "en"
    assert result.body.startswith("Dear 李明,")
    assert "Could you introduce us to 王芳, your 财务总监?" in result.body


def test_no_note_no_contacts_uses_the_account_name_script(world: Session) -> None:
    result = _draft(world, email="rep2@x.com", account="acc-sib")
    assert result.language == "zh" and result.language_basis.startswith("no documents")
    assert result.source_document_id is None and result.recap == [] and result.next_steps == []
    assert result.to == [] and result.recipient is None
    assert result.body.startswith("您好：\n\n感谢您一直以来的支持。")
    assert result.opportunity_id is None and result.asks == []


def test_about_is_woven_into_subject_and_body(world: Session) -> None:
    result = _draft(world, about="培训安排")
    assert result.subject == "跟进：培训安排（MES 升级项目） — 2025年6月23日会议"
    assert "另外，关于培训安排，我们也希望与您进一步沟通。" in result.body
    with pytest.raises(DraftInputError, match=r"^about: at most 2000"):
        _draft(world, about="x" * 2001)


def test_the_draft_is_stored_and_never_sent(world: Session) -> None:
    result = _draft(world)
    world.commit()
    row = world.exec(select(Draft).where(Draft.id == result.id)).one()
    assert row.id.startswith("drf-")
    assert (row.account_id, row.opportunity_id, row.author_id) == ("acc-zh", "opp-zh", "u-rep1")
    assert row.to == ["li.ming@hdjm.cn"]
    assert (row.subject, row.body, row.language) == (result.subject, result.body, "zh")
    assert row.source_document_id == "doc-zh-last" and row.status == "draft"
    assert row.created_at == NOW and row.updated_at == NOW
    assert result.sent is False


@pytest.mark.disable_socket
def test_drafting_needs_no_network_at_all(world: Session) -> None:
    # With every socket refused (not even loopback), a draft is still written and saved.
    result = _draft(world)
    world.commit()
    assert world.get(Draft, result.id) is not None


def test_opportunity_of_another_or_foreign_account_is_not_found(world: Session) -> None:
    with pytest.raises(NotFoundError) as other:
        _draft(world, opportunity_id="opp-en")
    with pytest.raises(NotFoundError) as foreign:
        _draft(world, opportunity_id="opp-far")
    with pytest.raises(NotFoundError) as missing:
        _draft(world, opportunity_id="opp-nope")
    assert str(other.value) == "no opportunity matches 'opp-en'"
    assert str(foreign.value) == "no opportunity matches 'opp-far'"
    assert str(missing.value) == "no opportunity matches 'opp-nope'"


def test_foreign_account_answers_like_a_missing_one(world: Session) -> None:
    with pytest.raises(NotFoundError) as foreign:
        _draft(world, account="acc-far")
    with pytest.raises(NotFoundError) as missing:
        _draft(world, account="acc-none")
    assert str(foreign.value).replace("acc-far", "X") == str(missing.value).replace("acc-none", "X")
    assert world.exec(select(Draft)).all() == []


def test_explicit_opportunity_prefers_its_notes(world: Session) -> None:
    world.add(
        Document(
            id="doc-zh-general",
            account_id="acc-zh",
            kind="meeting_note",
            occurred_at=at(ago(1)),
            body="例行沟通，客户确认季度对账无误。",
            language="zh",
        )
    )
    world.commit()
    assert _draft(world).source_document_id == "doc-zh-general"
    assert _draft(world, opportunity_id="opp-zh").source_document_id == "doc-zh-last"


def test_same_inputs_give_identical_json_apart_from_the_id(world: Session) -> None:
    first = json.loads(_draft(world, about="培训").model_dump_json())
    second = json.loads(_draft(world, about="培训").model_dump_json())
    assert first.pop("id") != second.pop("id")
    first["evidence"] = [e for e in first["evidence"] if e["record"] != "draft"]
    second["evidence"] = [e for e in second["evidence"] if e["record"] != "draft"]
    assert json.dumps(first, sort_keys=True) == json.dumps(second, sort_keys=True)


def test_update_draft_edits_and_respects_access(world: Session) -> None:
    made = _draft(world)
    world.commit()
    rep1 = get_user(world, email="rep1@x.com")
    later = NOW + timedelta(hours=2)
    updated = update_draft(world, user=rep1, draft_id=made.id, subject="新主题", body="正文", now=later)
    world.commit()
    assert (updated.subject, updated.body, updated.status, updated.sent) == ("新主题", "正文", "draft", False)
    assert updated.created_at == NOW and updated.updated_at == later
    manager = get_user(world, email="mgr@x.com")
    assert get_draft(world, user=manager, draft_id=made.id).subject == "新主题"
    only_body = update_draft(world, user=manager, draft_id=made.id, body="经理修改", now=later)
    assert (only_body.subject, only_body.body) == ("新主题", "经理修改")
    outsider = get_user(world, email="rep3@x.com")
    with pytest.raises(NotFoundError) as foreign:
        update_draft(world, user=outsider, draft_id=made.id, subject="hacked")
    with pytest.raises(NotFoundError) as missing:
        update_draft(world, user=outsider, draft_id="drf-missing", subject="hacked")
    assert str(foreign.value).replace(made.id, "X") == str(missing.value).replace("drf-missing", "X")
    with pytest.raises(NotFoundError):
        get_draft(world, user=outsider, draft_id=made.id)
    world.rollback()
    assert get_draft(world, user=rep1, draft_id=made.id).subject == "新主题"


@pytest.mark.parametrize(
    ("subject", "body", "field"),
    [
        ("", None, "subject"),
        ("a\nb", None, "subject"),
        ("x" * 501, None, "subject"),
        (None, "  ", "body"),
        (None, None, "nothing to update"),
    ],
)
def test_update_draft_rejects_bad_fields(world: Session, subject: str | None, body: str | None, field: str) -> None:
    made = _draft(world)
    rep1 = get_user(world, email="rep1@x.com")
    with pytest.raises(DraftInputError, match=f"^{field}"):
        update_draft(world, user=rep1, draft_id=made.id, subject=subject, body=body)
    assert get_draft(world, user=rep1, draft_id=made.id).subject == made.subject


def test_a_note_of_only_next_steps_has_no_empty_recap(world: Session) -> None:
    world.add(
        Document(id="doc-en-2", account_id="acc-en", kind="meeting_note", occurred_at=at(ago(1)), language="en",
                 body="Date: 29 June 2025\nAttendees: Tom Baker\n\nNext step: we will send the contract by Monday.")
    )  # fmt: skip
    world.commit()
    result = _draft(world, account="acc-en")
    assert result.source_document_id == "doc-en-2"
    assert result.recap == []
    assert [s.text for s in result.next_steps] == ["Next step: we will send the contract by Monday."]
    assert result.body.startswith(
        "Dear Tom Baker,\n\nThank you for meeting with us on 2025-06-29.\n\nAgreed next steps:\n"
        "- Next step: we will send the contract by Monday.\n\n"
    )
