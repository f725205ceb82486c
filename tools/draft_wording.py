"""The wording of follow-up drafts in Chinese and English: asks that close C139 gaps, subject, body.

Asks are phrased to the customer: they never name internal ratings, the competitor or who is an
opponent. Each C139 gap action (tools/actions_catalogue.py) maps to one ask; a key-person ask
names the contact holding the role when the CRM has one, and is left out when that person is the
recipient (nobody is asked to introduce themselves).
"""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel

from assistant.crm.models import Opportunity
from tools.c139 import C139Result, KeyPerson

_SLOT_OF = {
    "3.decision_maker_missing": "decision_maker",
    "3.financial_missing": "financial",
    "3.technical_missing": "technical_or_user",
}

#: finding -> (English, Chinese) for asks that need no names.
_FIXED: dict[str, tuple[str, str]] = {
    "c.no_organizational_layer": (
        "Would your leadership be open to a meeting between our executives to discuss a framework for long-term "
        "cooperation?",
        "贵司领导是否方便安排一次双方高层会面，探讨长期战略合作框架？",
    ),
    "3.opponent": (
        "If any of your colleagues still have concerns about the project, we would welcome the chance to address "
        "them directly, for example with a reference customer's experience.",
        "如贵司同事对项目仍有顾虑，我们希望能当面沟通，并可分享同行业客户的经验。",
    ),
    "9.price": (
        "We would like to walk you through the total cost of ownership and phased payment options; could we "
        "schedule 30 minutes?",
        "我们希望向您介绍总拥有成本及分期付款方案，能否约30分钟沟通？",
    ),
    "9.fit": (
        "Would a proof of concept help your evaluation? We can propose a plan and a delivery timeline.",
        "是否可以安排一次概念验证，帮助贵司评估？我们可提供实施计划与交付时间表。",
    ),
    "9.service": (
        "We will name a dedicated service lead with agreed response times; could you tell us what you expect "
        "from support?",
        "我们将指定专属服务负责人并明确响应时限，能否告知贵司对服务的期望？",
    ),
    "9.brand": (
        "Would a call or site visit with a customer in your industry be useful? We would be glad to arrange one.",
        "是否需要安排与同行业客户交流或实地参观？我们很乐意安排。",
    ),
    "9.relationship": (
        "Could you let us know which commercial terms (payment schedule, contract length) matter most to your "
        "finance team?",
        "能否告知贵司财务团队最关注哪些商务条款（如付款方式、合同期限）？",
    ),
    "9.unknown": (
        "What matters most in your decision, and which other options are you evaluating?",
        "请问贵司在决策中最看重哪些因素？目前还在评估哪些方案？",
    ),
}


class DraftAsk(BaseModel):
    """A request to the customer that closes a C139 gap."""

    part: str
    finding: str
    text: str
    contact_id: str | None = None


def _person(slot: KeyPerson | None, zh: bool) -> str | None:
    if slot is None or slot.contact_name is None:
        return None
    if zh:
        return f"贵司{slot.title}{slot.contact_name}" if slot.title else slot.contact_name
    return f"{slot.contact_name}, your {slot.title}" if slot.title else slot.contact_name


def _key_person_ask(finding: str, slot: KeyPerson | None, zh: bool) -> str:
    who = _person(slot, zh)
    if finding == "3.financial_missing":
        if zh:
            return f"能否请您引荐{who or '贵司财务负责人'}？我们将为此准备投资回报与总拥有成本测算。"
        target = who or "your finance director (or whoever owns the budget)"
        return (
            f"Could you introduce us to {target}? We will prepare an ROI and total-cost estimate for that conversation."
        )
    if finding == "3.decision_maker_missing":
        if zh:
            if who:
                return f"能否请您协助安排与{who}的会面？我方高层将陪同拜访。"
            return "能否请您引荐本项目的最终决策人？我方高层将陪同拜访。"
        target = who or "the person who will make the final decision"
        return f"Could you help us arrange a meeting with {target}? Our executive sponsor would be glad to join."
    if zh:
        if who:
            return f"能否请您协助安排与{who}的技术交流，或共同规划一次试点？"
        return "请问贵司由哪位同事负责技术评估？我们希望为其安排技术交流或试点。"
    if who:
        return f"Would {who} be interested in a technical deep-dive or a pilot? We would be glad to plan it together."
    return (
        "Who on your side leads the technical evaluation? We would like to offer them a technical deep-dive or a pilot."
    )


def _other_ask(finding: str, c139: C139Result, opp: Opportunity, zh: bool) -> str | None:
    if finding in _FIXED:
        en, chinese = _FIXED[finding]
        return chinese if zh else en
    if finding == "c.departments_not_engaged":
        depts = c139.departments_not_engaged
        if zh:
            if depts:
                return f"能否请您协助安排与{'、'.join(depts)}的简短交流，以便我们了解各部门的需求？"
            return "请问还有哪些部门需要我们拜访、了解需求？"
        if depts:
            return (
                f"Could you help us arrange short sessions with {', '.join(depts)} so that we understand their needs?"
            )
        return "Which other departments should we speak with to understand their needs?"
    if finding == "1.no_value_proposition":
        pain = (opp.customer_pain or "").strip()
        if zh:
            if pain:
                return f"我们理解贵司最关注的是：{pain}。能否请您确认这是方案应聚焦的方向？"
            return "能否请您确认本项目最希望达成的业务目标，以便我们聚焦方案？"
        if pain:
            return (
                f"We understood your main concern to be: {pain}. "
                "Could you confirm that our proposal should focus on it?"
            )
        return (
            "Could you confirm the main business outcome you expect from this project, "
            "so that we can focus our proposal?"
        )
    if finding == "1.value_not_confirmed":
        value = (opp.value_proposition or "").strip()
        if zh:
            return f"能否请您书面确认我们讨论的业务价值与成功标准（{value}）？"
        return f"Could you confirm in writing the expected value and success criteria we discussed ({value})?"
    return None


def gap_asks(c139: C139Result, opp: Opportunity, *, language: str, recipient_id: str | None) -> list[DraftAsk]:
    """The asks that close the gaps of ``c139``, in gap order, each once."""
    zh = language == "zh"
    slots = {s.slot: s for s in c139.key_person_slots}
    asks: list[DraftAsk] = []
    seen: set[str] = set()
    for gap in c139.gaps:
        for ref in gap.actions:
            contact_id: str | None = None
            if ref.finding in _SLOT_OF:
                slot = slots.get(_SLOT_OF[ref.finding])
                contact_id = slot.contact_id if slot else None
                if contact_id is not None and contact_id == recipient_id:
                    continue
                text: str | None = _key_person_ask(ref.finding, slot, zh)
            else:
                text = _other_ask(ref.finding, c139, opp, zh)
            if text is None or text in seen:
                continue
            seen.add(text)
            asks.append(DraftAsk(part=gap.part, finding=ref.finding, text=text, contact_id=contact_id))
    return asks


def _zh_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def subject_line(*, language: str, topic: str, about: str | None, met_on: date | None) -> str:
    """Subject: the follow-up topic (``about`` first when given) and the meeting day."""
    about = (about or "").strip()
    if language == "zh":
        head = f"跟进：{about}（{topic}）" if about else f"跟进：{topic}"
        return head + (f" — {_zh_date(met_on)}会议" if met_on else "")
    head = f"Follow-up on {about} ({topic})" if about else f"Follow-up: {topic}"
    return head + (f" — our meeting of {met_on.isoformat()}" if met_on else "")


def compose_body(
    *,
    language: str,
    recipient: str | None,
    met_on: date | None,
    recap: list[str],
    next_steps: list[str],
    about: str | None,
    asks: list[str],
    signature: str,
) -> str:
    """The e-mail body: greeting, recap, agreed next steps, ``about``, asks, closing."""
    zh = language == "zh"
    about = (about or "").strip()
    parts: list[str] = [
        f"{recipient}，您好：" if zh and recipient else "您好：" if zh else f"Dear {recipient or 'all'},"
    ]
    if met_on is not None:
        thanks = (
            f"感谢您于{_zh_date(met_on)}与我们会面。"
            if zh
            else f"Thank you for meeting with us on {met_on.isoformat()}."
        )
        if recap:
            thanks += "现将会议要点简要回顾如下：" if zh else " Here is a short recap of what we discussed:"
            thanks += "\n" + "\n".join(f"- {s}" for s in recap)
        parts.append(thanks)
    else:
        parts.append("感谢您一直以来的支持。" if zh else "Thank you for your continued support.")
    if next_steps:
        parts.append(
            ("双方商定的下一步：" if zh else "Agreed next steps:") + "\n" + "\n".join(f"- {s}" for s in next_steps)
        )
    if about:
        parts.append(
            f"另外，关于{about}，我们也希望与您进一步沟通。" if zh else f"I would also like to follow up on {about}."
        )
    if asks:
        head = "为推进项目，恳请您协助以下事项：" if zh else "To move forward, could you help us with the following:"
        parts.append(head + "\n" + "\n".join(f"{i}. {a}" for i, a in enumerate(asks, start=1)))
    parts.append(f"此致\n敬礼\n\n{signature}" if zh else f"Best regards,\n{signature}")
    return "\n\n".join(parts) + "\n"
