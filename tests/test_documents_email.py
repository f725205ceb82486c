"""E-mail parsing: charsets and transfer encodings, headers, MIME structure, mbox, ids and hashes."""

from __future__ import annotations

import mailbox
from datetime import UTC, datetime
from pathlib import Path

import pytest
from documents_mail import header_b, message, multipart, part

from assistant.crm.documents import ParsedDocument, parse_email_bytes, parse_email_file

GBK_ONLY = "朱镕基与王堃参加了会议，讨论钢材报价。"  # 镕 and 堃 are not in GB2312


def parse(raw: bytes) -> ParsedDocument:
    return parse_email_bytes(raw, source="test.eml")


@pytest.mark.parametrize(
    ("text", "charset", "encoding"),
    [
        ("您好，Bob：报价已更新，总价 120 万元。", "utf-8", "8bit"),
        ("您好，我们下周讨论价格和交付时间。", "gb2312", "base64"),
        ("您好，我们下周讨论价格和交付时间。", "gb2312", "quoted-printable"),
        (GBK_ONLY, "gbk", "8bit"),
        ("吉祥的𠮷字与镕字都要正确。", "gb18030", "base64"),
        ("我們下週討論價格與交付時間，請確認。", "big5", "quoted-printable"),
        ("Prix: 120 000 € — déjà négocié.", "utf-8", "quoted-printable"),
        ("Plain ASCII body, nothing special.", "us-ascii", "7bit"),
    ],
)
def test_body_decoded_in_every_charset_and_transfer_encoding(text: str, charset: str, encoding: str) -> None:
    doc = parse(message(part(text, charset=charset, encoding=encoding)))
    assert doc.body == text
    assert doc.original == text
    assert not any("charset" in note for note in doc.notes)


def test_gb18030_fixture_really_needs_four_byte_sequences() -> None:
    assert len("𠮷".encode("gb18030")) == 4
    with pytest.raises(UnicodeEncodeError):
        "𠮷".encode("gbk")


def test_mislabelled_gb2312_with_gbk_only_characters_is_decoded_as_gb18030() -> None:
    data = GBK_ONLY.encode("gbk")
    with pytest.raises(UnicodeDecodeError):
        data.decode("gb2312")  # the fixture is really mislabelled
    for encoding in ("8bit", "base64", "quoted-printable"):
        doc = parse(message(part(GBK_ONLY, charset="gb2312/gbk", encoding=encoding)))
        assert doc.body == GBK_ONLY


def test_big5_label_with_microsoft_extension_characters() -> None:
    text = "碁銹裏墻恒粧嫺"  # in cp950 / HKSCS, several not in plain Big5
    data = text.encode("cp950")
    with pytest.raises(UnicodeDecodeError):
        data.decode("big5")
    doc = parse(message(part(text, charset="big5/cp950", encoding="base64")))
    assert doc.body == text


def test_rfc2047_subject_and_sender_name_decoded() -> None:
    subject = "关于镕钢项目的报价"
    words = f"{header_b(subject[:4], 'gb2312/gbk')} {header_b(subject[4:], 'gb2312/gbk')}"
    raw = message(
        part("见附件。"),
        subject=f"Re: {words}",
        sender=f"{header_b('李博', 'gb2312')} <Bob@ACME.cn>",
        to=f"{header_b('愛麗絲', 'big5')} <alice@tillage.io>",
    )
    doc = parse(raw)
    assert doc.subject == "Re: 关于镕钢项目的报价"
    assert doc.author == "bob@acme.cn"
    assert doc.participants == ["bob@acme.cn", "alice@tillage.io"]


def test_raw_utf8_subject_without_encoded_words() -> None:
    doc = parse(message(part("ok"), subject="合同续签 renewal"))
    assert doc.subject == "合同续签 renewal"


def test_unknown_charset_falls_back_to_utf8_with_a_note() -> None:
    text = "下周三上午十点在客户总部开会。"
    doc = parse(message(part(text.encode("utf-8"), charset="x-no-such-charset")))
    assert doc.body == text
    assert doc.notes == ["text/plain part: declared charset x-no-such-charset is really utf-8"]


def test_latin1_label_on_utf8_bytes_is_taken_as_utf8() -> None:
    text = "Café meeting — 会议纪要"
    doc = parse(message(part(text.encode("utf-8"), charset="iso-8859-1")))
    assert doc.body == text


def test_wrong_utf8_label_on_gbk_bytes_is_guessed() -> None:
    text = "您好，关于下周的报价我们需要再讨论一下。交付时间也需要确认，请尽快回复。"
    doc = parse(message(part(text.encode("gbk"), charset="utf-8")))
    assert doc.body == text
    assert doc.notes == ["text/plain part: charset utf-8 did not decode; guessed gb18030"]


def test_undecodable_bytes_never_crash_and_are_noted() -> None:
    doc = parse(message(part(bytes(range(128, 256)) * 3, charset="utf-8")))
    assert doc.kind == "email"
    assert len(doc.notes) == 1 and doc.notes[0].startswith("text/plain part: charset utf-8 did not decode")


def test_headers_ids_dates_and_participants() -> None:
    raw = message(
        part("Hello"),
        sender="Bob <BOB@acme.cn>",
        to="Alice <Alice@Tillage.io>, dan@globex.com",
        cc="carol@acme.cn, Bob <bob@acme.cn>",
        message_id="  <CAF+abc.123@mail.acme.cn>  ",
        extra_headers="X-Account-Id: A2\r\n",
    )
    doc = parse(raw)
    assert doc.id == "CAF+abc.123@mail.acme.cn"
    assert doc.kind == "email"
    assert doc.author == "bob@acme.cn"
    assert doc.participants == ["bob@acme.cn", "alice@tillage.io", "dan@globex.com", "carol@acme.cn"]
    assert doc.occurred_at == datetime(2026, 3, 3, 2, 15, tzinfo=UTC)
    assert doc.account_id == "A2"
    assert doc.language == "en"


def test_date_without_zone_is_utc_and_missing_date_is_noted() -> None:
    naive = parse(message(part("x"), date="Tue, 03 Mar 2026 10:15:00 -0000"))
    assert naive.occurred_at == datetime(2026, 3, 3, 10, 15, tzinfo=UTC)
    missing = parse(message(part("x"), date=None))
    assert missing.occurred_at is None
    assert missing.notes == ["no Date header"]
    broken = parse(message(part("x"), date="next Tuesday"))
    assert broken.occurred_at is None
    assert broken.notes == ["unreadable Date header: next Tuesday"]


def test_id_without_message_id_is_a_stable_hash_of_the_bytes() -> None:
    raw = message(part("Hello"), message_id=None)
    first, again = parse(raw), parse(raw)
    assert first.id.startswith("sha256:") and len(first.id) == 7 + 64
    assert first.id == again.id
    assert parse(raw.replace(b"\r\n", b"\n")).id == first.id  # line-end style does not matter
    assert parse(message(part("Hello!"), message_id=None)).id != first.id


def test_html_only_mail_becomes_text_with_paragraphs() -> None:
    html = (
        "<html><head><style>p {color: red}</style><script>alert('x')</script></head><body>"
        "<p>Dear Mr.&nbsp;Li,</p><p>Thanks for the meeting.\nWe agreed on:</p>"
        "<ul><li>price 1.2M</li><li>delivery in May</li></ul><div>Alice</div></body></html>"
    )
    doc = parse(message(part(html, ctype="text/html", encoding="quoted-printable")))
    assert doc.body == "Dear Mr. Li,\n\nThanks for the meeting. We agreed on:\n\nprice 1.2M\ndelivery in May\n\nAlice"
    assert "alert" not in doc.original and "color" not in doc.original


def test_alternative_prefers_plain_text_and_falls_back_to_html_when_plain_is_empty() -> None:
    plain = part("Plain version.")
    html = part("<p>HTML version.</p>", ctype="text/html")
    assert parse(message(multipart("alternative", plain, html))).body == "Plain version."
    empty_plain = part("  \r\n")
    assert parse(message(multipart("alternative", empty_plain, html))).body == "HTML version."


def test_attachments_are_ignored_with_a_note() -> None:
    body = multipart(
        "alternative",
        part("见合同。", charset="gbk", encoding="base64"),
        part("<p>见合同。</p>", ctype="text/html"),
        boundary="ALT",
    )
    pdf = part(
        b"%PDF-1.4 fake",
        ctype="application/pdf",
        charset=None,
        encoding="base64",
        extra='Content-Disposition: attachment; filename="contract.pdf"\r\n',
    )
    named = part(
        "not the body",
        ctype="text/plain",
        extra=f'Content-Disposition: attachment; filename="{header_b("报价单.txt", "utf-8")}"\r\n',
    )
    doc = parse(message(multipart("mixed", body, pdf, named, boundary="MIX")))
    assert doc.body == "见合同。"
    assert doc.original == "见合同。"
    assert doc.notes == ["attachment ignored: contract.pdf", "attachment ignored: 报价单.txt"]


def test_mbox_with_three_messages_gives_three_documents_with_stable_ids(tmp_path: Path) -> None:
    path = tmp_path / "thread.mbox"
    box = mailbox.mbox(path)
    for number in (1, 2, 3):
        box.add(message(part(f"Message number {number}."), message_id=f"<m{number}@acme.cn>"))
    box.add(message(part("No id here."), message_id=None))
    box.flush()
    box.close()
    docs = parse_email_file(path)
    assert [d.id for d in docs[:3]] == ["m1@acme.cn", "m2@acme.cn", "m3@acme.cn"]
    assert [d.body for d in docs] == [f"Message number {n}." for n in (1, 2, 3)] + ["No id here."]
    assert docs[3].id.startswith("sha256:")
    again = parse_email_file(path)
    assert [(d.id, d.content_hash) for d in again] == [(d.id, d.content_hash) for d in docs]
    assert len({d.content_hash for d in docs}) == 4


def test_eml_file_gives_one_document(tmp_path: Path) -> None:
    path = tmp_path / "one.eml"
    path.write_bytes(message(part("Hello there.")))
    docs = parse_email_file(path)
    assert [(d.id, d.body, d.source) for d in docs] == [("m1@acme.cn", "Hello there.", str(path))]


def test_content_hash_depends_on_text_and_metadata_not_on_whitespace_noise() -> None:
    base = parse(message(part("Price is 1.2M.\n")))
    assert parse(message(part("Price is 1.2M.   \n\n\n"))).content_hash == base.content_hash
    assert parse(message(part("Price is 1.3M.\n"))).content_hash != base.content_hash
    assert parse(message(part("Price is 1.2M.\n"), subject="Other")).content_hash != base.content_hash
    assert len(base.content_hash) == 64


def test_mbox_from_escaping_is_undone(tmp_path: Path) -> None:
    path = tmp_path / "escaped.mbox"
    box = mailbox.mbox(path)
    box.add(message(part("Agreed.\nFrom now on prices are fixed.")))
    box.flush()
    box.close()
    assert b"\n>From now on" in path.read_bytes()  # the writer escaped it
    assert parse_email_file(path)[0].body == "Agreed.\nFrom now on prices are fixed."
