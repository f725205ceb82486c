"""Quoted replies and signatures stripped from the body (kept in original); HTML to text; language."""

from __future__ import annotations

import pytest
from documents_mail import message, part

from assistant.crm.documents import (
    clean_body,
    detect_language,
    html_to_text,
    parse_email_bytes,
    strip_quoted,
    strip_signature,
)

ENGLISH_REPLY = """Hi Bob,

We can deliver in May if the PO arrives by April 10.

Best regards,
Alice Wang
Key Account Manager | Tillage
+86 138 0000 0000

On Mon, Mar 2, 2026 at 9:00 AM Bob Li <bob@acme.cn> wrote:
> Can you deliver in May?
> Bob
"""

CHINESE_REPLY = """李总您好：

报价单已按 95 折更新，请查收。交付可以安排在五月。

此致
敬礼！
张三
销售总监

-----原始邮件-----
发件人: 李四 <li@acme.cn>
发送时间: 2026年3月2日 9:00
收件人: 张三
主题: 报价

能否再优惠一些？
"""


def test_english_quote_and_signature_stripped_from_body_kept_in_original() -> None:
    doc = parse_email_bytes(message(part(ENGLISH_REPLY)), source="x.eml")
    assert doc.body == "Hi Bob,\n\nWe can deliver in May if the PO arrives by April 10."
    assert "> Can you deliver in May?" in doc.original
    assert "Best regards,\nAlice Wang" in doc.original


def test_chinese_quote_and_signature_stripped_from_body_kept_in_original() -> None:
    doc = parse_email_bytes(message(part(CHINESE_REPLY, charset="gb2312", encoding="base64")), source="x.eml")
    assert doc.body == "李总您好：\n\n报价单已按 95 折更新，请查收。交付可以安排在五月。"
    assert "能否再优惠一些？" in doc.original
    assert "此致\n敬礼！" in doc.original
    assert doc.language == "zh"


@pytest.mark.parametrize(
    "history",
    [
        "-----Original Message-----\nFrom: Bob\nSent: Monday\n\nOld text",
        "From: Bob Li <bob@acme.cn>\nSent: Monday, March 2, 2026 9:00 AM\nTo: Alice\nSubject: RE: quote\n\nOld text",
        "*From:* Bob Li\n*Date:* Monday\n*To:* Alice\n\nOld text",
        "------------------ 原始邮件 ------------------\n"
        '发件人: "李四"<li@acme.cn>\n发送时间: 2026年3月2日\n\nOld text',
        "发件人：李四\n时间：2026-03-02\n收件人：张三\n\nOld text",
        "On Mon, Mar 2, 2026 at 9:00 AM Bob Li <bob@acme.cn>\nwrote:\nOld text",
        "在 2026年3月2日 周一 09:00，李四 <li@acme.cn> 写道：\nOld text",
    ],
)
def test_reply_headers_cut_the_history(history: str) -> None:
    assert strip_quoted(f"New text.\n\n{history}") == "New text."


def test_interleaved_quotes_keep_the_new_lines() -> None:
    text = "> Price?\n1.2M.\n> Delivery?\nMay.\n>> older\n"
    assert strip_quoted(text) == "1.2M.\nMay."


def test_a_from_line_in_the_text_without_a_sent_line_is_kept() -> None:
    text = "From: the procurement team we heard the budget is approved.\nNext step: demo."
    assert strip_quoted(text) == text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("See you Monday.\n-- \nAlice\nTillage", "See you Monday."),
        ("See you Monday.\n\nThanks,\nAlice", "See you Monday."),
        ("See you Monday.\n\nRegards,\nAlice", "See you Monday."),
        ("See you Monday.\n\nSent from my iPhone", "See you Monday."),
        ("周一见。\n\n发自我的iPhone", "周一见。"),
        ("周一见。\n\n顺颂商祺\n张三\n电话 138 0000 0000", "周一见。"),
        ("周一见。\n\n此致\n敬礼", "周一见。"),
        ("See you Monday.\n\nBest regards,\nAlice\n\nSent from my iPhone", "See you Monday."),
    ],
)
def test_signatures_stripped(text: str, expected: str) -> None:
    assert strip_signature(text) == expected


def test_closing_word_inside_the_message_is_not_a_signature() -> None:
    long_paragraph = "We reviewed every line item of the quote with finance and procurement and agreed to go ahead."
    text = f"Thanks,\n{long_paragraph}"
    assert strip_signature(text) == text
    assert strip_signature("Thanks, that helps a lot.\nSee you.") == "Thanks, that helps a lot.\nSee you."
    many_lines = "Thanks,\n" + "\n".join(f"point {n}" for n in range(1, 9))
    assert strip_signature(many_lines) == many_lines


def test_html_blockquote_is_a_quote() -> None:
    html = (
        '<div>Agreed, let us sign.</div><div class="gmail_quote">'
        "<div>On Mon, Mar 2, 2026 Bob wrote:</div><blockquote><p>Shall we sign?</p></blockquote></div>"
    )
    text = html_to_text(html)
    assert text == "Agreed, let us sign.\nOn Mon, Mar 2, 2026 Bob wrote:\n\n> Shall we sign?"
    assert clean_body(text) == "Agreed, let us sign."


def test_html_line_breaks_follow_rendering() -> None:
    assert html_to_text("<div>a</div><div><br></div><div>b</div><div>c</div>") == "a\n\nb\nc"
    assert html_to_text("one<br>two<br><br><br>three") == "one\ntwo\n\nthree"
    assert html_to_text("<pre>x = 1\n  y = 2</pre>") == "x = 1\ny = 2"
    assert html_to_text("<p>&lt;b&gt; is text</p>") == "<b> is text"


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("下周和客户讨论价格。", "zh"),
        ("和 Acme 的 CFO 讨论了 ERP 项目的预算和交付计划", "zh"),
        ("Meeting with 王总 about pricing and the delivery schedule", "en"),
        ("We discussed pricing.", "en"),
        ("12345 !!!", None),
        ("", None),
    ],
)
def test_language_detection(text: str, language: str | None) -> None:
    assert detect_language(text) == language


def test_a_sentence_about_writing_is_not_a_reply_header() -> None:
    text = "On Monday the CFO wrote\nthat the budget is approved."
    assert strip_quoted(text) == text


CHINESE_SIGNED = """李娜您好:

我们比较了几家方案,贵司价格太高,比用友贵出约12%,请重新考虑报价。

史立华
采购总监
德宇能源(杭州)有限公司
"""


def test_a_chinese_signature_block_without_closing_keeps_only_the_name() -> None:
    doc = parse_email_bytes(message(part(CHINESE_SIGNED)), source="x.eml")
    assert doc.body == "李娜您好:\n\n我们比较了几家方案,贵司价格太高,比用友贵出约12%,请重新考虑报价。\n\n史立华"
    assert "采购总监\n德宇能源(杭州)有限公司" in doc.original


@pytest.mark.parametrize(
    "block",
    [
        "Thomas Kumar\nHead of IT\nSunbrook Heavy Industry (Shenzhen) Co., Ltd.",
        "周晓东\n财务总监\n电话: 0571-8888 6666",
        "欧阳·娜娜\n首席财务官",
    ],
)
def test_signature_blocks_in_either_language_lose_title_company_and_contact_lines(block: str) -> None:
    name = block.split("\n")[0]
    assert (
        strip_signature(f"王芳您好:\n\n接口文档还有几个问题。\n\n{block}")
        == f"王芳您好:\n\n接口文档还有几个问题。\n\n{name}"
    )


@pytest.mark.parametrize(
    "ending",
    [
        "张伟\n我们下周再约时间讨论。",  # a sentence after the name is still the message
        "Next Steps\nSend the proposal to the director by Friday.",
        "项目进展\n请贵司高层尽快给出改进方案",  # not a name, and the line is not a title or company
        "张伟",  # a name alone is not a signature block to cut
    ],
)
def test_a_last_paragraph_that_is_not_a_signature_block_stays(ending: str) -> None:
    text = f"王芳您好:\n\n接口文档还有几个问题。\n\n{ending}"
    assert strip_signature(text) == text


def test_a_message_that_is_only_a_name_block_stays() -> None:
    assert strip_signature("史立华\n采购总监\n德宇能源(杭州)有限公司") == "史立华\n采购总监\n德宇能源(杭州)有限公司"
