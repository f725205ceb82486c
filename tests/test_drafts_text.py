"""Sentence rules of the follow-up drafts and the customer-language rule, without a database."""

from __future__ import annotations

import pytest

from tools.customer_language import majority_language, text_language
from tools.draft_text import is_next_step, key_score, recap_and_next_steps, split_note


def test_split_note_keeps_wording_and_drops_bullets_and_numbering() -> None:
    text = "会议纪要\n1. 客户确认需求。\n- Mr. Li asked about e.g. pricing.\n• 下周二再沟通！\n2) ok\n（3）赵总将出席"
    assert split_note(text) == [
        "会议纪要",
        "客户确认需求。",
        "Mr. Li asked about e.g. pricing.",
        "下周二再沟通！",
        "赵总将出席",
    ]


def test_split_note_drops_header_lines() -> None:
    note = "时间:2026年11月2日 16:00\n参会人员：龙琳、李娜\nDate: 8 June 2026\nNotes by: Li Na\n客户确认了时间表。"
    assert split_note(note) == ["客户确认了时间表。"]


def test_split_note_does_not_break_decimals() -> None:
    assert split_note("The discount is 2.5 percent. We agreed.") == ["The discount is 2.5 percent.", "We agreed."]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("下一步：提交方案", True),
        ("客户将安排技术评估", True),
        ("We agreed on the scope.", True),
        ("Tom will call us.", True),
        ("We'll send the deck.", True),
        ("Please reply by Friday.", True),
        ("Send it by 7/15.", True),
        ("Next steps are unclear to the customer team.", True),
        ("The customer bought a forklift by accident.", False),
        ("客户介绍了工厂情况", False),
        ("Goodwill matters here.", False),
    ],
)
def test_next_step_markers(sentence: str, expected: bool) -> None:
    assert is_next_step(sentence) is expected


def test_key_score_counts_each_marker_kind_once() -> None:
    assert key_score("客户确认预算为200万，7月15日前答复") == 2 + 2 + 1 + 1
    assert key_score("The plant manager was pleased.") == 0


def test_recap_ranks_by_score_then_position_and_falls_back_to_the_first_sentence() -> None:
    text = "A plain opening line here. Budget is a concern. They confirmed the budget of 2 million. Weather was fine."
    recap, steps = recap_and_next_steps(text)
    assert steps == []
    assert [s.text for s in recap] == ["Budget is a concern.", "They confirmed the budget of 2 million."]
    recap, steps = recap_and_next_steps("Nice lunch today. Good coffee too.")
    assert [s.text for s in recap] == ["Nice lunch today."]


def test_text_language_and_majority_rule() -> None:
    assert text_language("客户对方案很满意 overall") == "zh"
    assert text_language("The customer is happy with 方案") == "en"
    assert text_language("12345") is None
    assert majority_language(["en", "zh", "zh", None], "Acme") == "zh"
    assert majority_language(["en", "zh"], "华东") == "en"  # a tie goes to the most recent
    assert majority_language([None, "mixed"], "华东集团") == "zh"
    assert majority_language([], "Acme Ltd") == "en"
