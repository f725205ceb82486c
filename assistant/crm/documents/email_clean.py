"""E-mail text cleaning: HTML to text, and the new text of a message without quotes and signature.

What is embedded should be what *this* message says: quoted history would be indexed once per
reply and drown the signal, and signatures carry no content. The full text stays in
``Document.original``. Cuts are conservative: a closing phrase only ends the message when it
stands on its own line near the end.
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup
from bs4.element import NavigableString, Tag

from assistant.crm.documents.parsed import normalise_text

_DROP_TAGS = ("script", "style", "head", "title", "meta", "noscript", "template")
_BLOCK_TAGS = (
    "p", "div", "section", "article", "header", "footer", "ul", "ol", "li", "table", "tr",
    "h1", "h2", "h3", "h4", "h5", "h6", "pre", "hr", "dl", "dt", "dd", "address",
)  # fmt: skip
# Private-use markers for breaks while whitespace is collapsed: a block line, a paragraph, a <br>.
_LINE, _PARA, _BR = "\ue000", "\ue001", "\ue002"
_MARK_RUN = re.compile(r" ?[\ue000-\ue002](?:[ \ue000-\ue002])*")
_PARAGRAPH_TAGS = frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol", "pre", "hr"})

# Lines that start the quoted history of a reply; everything from them on is old text.
_COLON = r"\s*[:：]"
_REPLY_HEADERS = (
    re.compile(r"^\s*-{2,}\s*original message\s*-{2,}\s*$", re.IGNORECASE),
    re.compile(r"^\s*-{2,}\s*原始邮件\s*-{2,}\s*$"),
    re.compile(r"^\s*-{2,}\s*回复的原邮件\s*-{2,}\s*$"),
    re.compile(r"^\s*on\b.{0,300}\bwrote" + _COLON + r"\s*$", re.IGNORECASE),
    re.compile(r"^\s*在.{0,300}写道" + _COLON + r"\s*$"),
)
# "On <date>, <name>" wrapped by the mailer onto two lines: "On ..." then "... wrote:".
_ON_START = re.compile(r"^\s*on\s+\S", re.IGNORECASE)
_WROTE_END = re.compile(r"\bwrote" + _COLON + r"\s*$", re.IGNORECASE)
# Outlook / Foxmail header blocks: a From line followed closely by a Sent/Date line.
_FROM_LINE = re.compile(r"^\s*\*?\s*(from|发件人)" + _COLON, re.IGNORECASE)
_SENT_LINE = re.compile(r"^\s*\*?\s*(sent|date|发送时间|时间|日期)" + _COLON, re.IGNORECASE)
_QUOTED = re.compile(r"^\s*>")

_SIG_DASHES = re.compile(r"^--\s*$")
_CLOSINGS = re.compile(
    r"^\s*(best regards|kind regards|warm regards|best wishes|regards|many thanks|thanks( again)?|thank you|"
    r"cheers|sincerely|yours sincerely|best|此致|敬礼|顺颂商祺|顺颂\s*商祺|顺祝商祺|祝好|谢谢)\s*[,，.。!！]?\s*$",
    re.IGNORECASE,
)
_DEVICE_LINES = re.compile(
    r"^\s*(sent from my (iphone|ipad|android|mobile( device)?|huawei[\w ]*)|get outlook for (ios|android)|"
    r"发自我的\s*(iphone|ipad|手机|华为手机|小米手机)|来自.{0,20}(邮箱|客户端))\s*[.。]?\s*$",
    re.IGNORECASE,
)
# A closing only starts the signature when at most this many non-blank lines follow it.
_MAX_SIGNATURE_LINES = 6
# A signature block without a closing (common in Chinese mail): a last paragraph of a name line, then
# lines that are a job title, an organisation or contact details. A person's name: 2-4 Chinese
# characters (a dot between the parts of a transliterated one), or one to four capitalised words.
_NAME_LINE = re.compile(
    r"^\s*(?:[\u4e00-\u9fff]{2,4}|[\u4e00-\u9fff]{1,6}·[\u4e00-\u9fff]{1,6}|[A-Z][\w'.-]*(?: [A-Z][\w'.-]*){0,3})\s*$"
)
_TITLE_OR_ORGANISATION = re.compile(
    r"((总监|经理|主任|主管|总裁|总经理|董事长|董事|总工|工程师|负责人|专员|顾问|秘书|厂长|院长|处长|科长|部长|官|"
    r"公司|集团|部|中心|研究院|研究所|大学|学院|医院|银行|事务所)\s*$|"
    r"\b(manager|director|head|officer|president|vp|ceo|cfo|cio|coo|cto|chairman|chairwoman|engineer|"
    r"supervisor|founder|partner|consultant|buyer)\b|"
    r"\b(co\.,? ltd\.?|ltd\.?|limited|inc\.?|corp(oration)?\.?|gmbh|llc|plc|group|company)\s*$)",
    re.IGNORECASE,
)
# A signature line has no sentence punctuation (a company's "Co., Ltd." is not a sentence) and few words.
_SENTENCE = re.compile(
    r"[，。！？；：!?;:]|[.,]\s+(?!ltd\b)[a-z]|(?<!ltd)(?<!inc)(?<!co)(?<!corp)\.\s*$|(\S+\s+){8}", re.IGNORECASE
)
_CONTACT_LINE = re.compile(
    r"(@|\+?\d[\d\s()-]{6,}\d|^\s*(tel|phone|mobile|fax|电话|手机|传真|邮箱|地址)\s*[:：])", re.IGNORECASE
)
_MAX_NAME_BLOCK_LINES = 5
_MAX_NAME_BLOCK_LINE_CHARS = 60


def html_to_text(html: str) -> str:
    """Visible text of an HTML mail: paragraphs kept as blank lines, scripts and styles dropped.

    Whitespace is collapsed as a browser would; ``<br>``, block elements and ``<pre>`` make the
    line breaks. Block quotes become ``>`` lines so that quote stripping treats them like plain text.
    """
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup.find_all(_DROP_TAGS):
        tag.decompose()
    for quote in reversed(soup.find_all("blockquote")):
        inner = html_to_text(quote.decode_contents())
        quoted = _BR.join("> " + line if line else ">" for line in inner.split("\n"))
        quote.replace_with(NavigableString(_PARA + quoted + _PARA))
    for pre in soup.find_all("pre"):
        pre.replace_with(NavigableString(_PARA + pre.get_text().replace("\n", _BR) + _PARA))
    for br in soup.find_all("br"):
        br.replace_with(NavigableString(_BR))
    for tag in soup.find_all(_BLOCK_TAGS):
        if isinstance(tag, Tag):
            mark = _PARA if tag.name in _PARAGRAPH_TAGS else _LINE
            tag.insert_before(NavigableString(mark))
            tag.insert_after(NavigableString(mark))
    text = " ".join(soup.get_text().replace("\xa0", " ").split())
    return normalise_text(_MARK_RUN.sub(_line_breaks, text))


def _line_breaks(run: re.Match[str]) -> str:
    """Line breaks for a run of markers: a paragraph gives a blank line, each ``<br>`` one break."""
    marks = run.group(0)
    if _PARA in marks:
        return "\n\n"
    breaks = marks.count(_BR) + (1 if _LINE in marks else 0)
    return "\n" * min(breaks, 2)


def strip_quoted(text: str) -> str:
    """``text`` without quoted history: ``>`` lines, and everything from a reply header on.

    Reply headers: "On ... wrote:", "在 ... 写道：", "-----Original Message-----",
    "-----原始邮件-----", and Outlook/Foxmail "From: ... Sent:" / "发件人: ... 发送时间:" blocks.
    """
    lines = normalise_text(text).split("\n")
    cut = _reply_header_index(lines)
    kept = [line for line in lines[:cut] if not _QUOTED.match(line)]
    return normalise_text("\n".join(kept))


def strip_signature(text: str) -> str:
    """``text`` without a trailing signature: from a ``--`` line, a device line, or a closing phrase on.

    A last paragraph that is a signature block without a closing phrase (a name line, then title,
    organisation or contact lines, as Chinese mail is often signed) loses all but its name: the name
    says who speaks (the From header gives only an address), the title and company say nothing about
    this message and would match every query on a role (财务总监) or a company.
    """
    lines = normalise_text(text).split("\n")
    for index, line in enumerate(lines):
        if _SIG_DASHES.match(line):
            lines = lines[:index]
            break
    while lines and (_DEVICE_LINES.match(lines[-1]) or not lines[-1].strip()):
        lines.pop()
    for index, line in enumerate(lines):
        if not _CLOSINGS.match(line):
            continue
        rest = [later for later in lines[index + 1 :] if later.strip()]
        # Signature lines are short (name, title, phone); a paragraph after "Thanks," is still the message.
        if len(rest) <= _MAX_SIGNATURE_LINES and all(len(later.strip()) <= 80 for later in rest):
            lines = lines[:index]
            break
    return normalise_text("\n".join(lines[: _name_block_end(lines)]))


def _name_block_end(lines: list[str]) -> int:
    """Where the lines after the name of a trailing name / title / organisation block start, or ``len(lines)``.

    Only a whole last paragraph counts, under a paragraph of message text, and every line after the
    name must look like a title, an organisation or contact details, so a short closing sentence
    (or a paragraph that merely starts with a name) stays.
    """
    while lines and not lines[-1].strip():
        lines = lines[:-1]
    blank = max((i for i, line in enumerate(lines) if not line.strip()), default=-1)
    block = lines[blank + 1 :]
    if blank < 1 or not 2 <= len(block) <= _MAX_NAME_BLOCK_LINES:
        return len(lines)
    if any(len(line.strip()) > _MAX_NAME_BLOCK_LINE_CHARS for line in block) or not _NAME_LINE.match(block[0]):
        return len(lines)
    if all(
        _CONTACT_LINE.search(line) or (_TITLE_OR_ORGANISATION.search(line) and not _SENTENCE.search(line))
        for line in block[1:]
    ):
        return blank + 2  # the block's name line stays
    return len(lines)


def clean_body(text: str) -> str:
    """The new text of a message: quoted history, then the signature, removed."""
    return strip_signature(strip_quoted(text))


def _reply_header_index(lines: list[str]) -> int:
    """Index of the first line that starts the quoted history, or ``len(lines)``."""
    for index, line in enumerate(lines):
        if any(pattern.match(line) for pattern in _REPLY_HEADERS):
            return index
        if _ON_START.match(line) and index + 1 < len(lines) and _WROTE_END.search(lines[index + 1]):
            return index
        if _FROM_LINE.match(line) and any(_SENT_LINE.match(later) for later in lines[index + 1 : index + 5]):
            return index
    return len(lines)
