"""Comparable forms of company names, registry ids, phone numbers and e-mail domains.

Used by the duplicate check (:mod:`assistant.crm.dedupe`). ``集团`` (group) is deliberately *not*
stripped: a group and its operating companies are different legal entities, usually parent and
child in the customer tree, and must not collapse into one name.
"""

from __future__ import annotations

import re
import unicodedata

_ZH_SUFFIXES = ("股份有限公司", "有限责任公司", "责任有限公司", "有限公司", "股份公司", "公司")
# fmt: off
_EN_SUFFIXES = frozenset((
    "co", "ltd", "coltd", "limited", "inc", "incorporated", "corp", "corporation", "company", "llc", "llp", "plc",
    "gmbh", "ag", "sa", "spa", "srl", "sarl", "bv", "nv", "pte", "pty", "kk",
))
# fmt: on
_JOINERS = str.maketrans("", "", ".'’`")  # "S.A." -> "sa", "Co.Ltd" -> "coltd"

# fmt: off
FREE_MAIL_DOMAINS = frozenset((
    "qq.com", "vip.qq.com", "foxmail.com", "163.com", "126.com", "188.com", "yeah.net", "sina.com", "sina.cn",
    "sohu.com", "139.com", "189.cn", "21cn.com", "tom.com", "aliyun.com", "gmail.com", "googlemail.com",
    "outlook.com", "hotmail.com", "live.com", "msn.com", "yahoo.com", "icloud.com", "me.com", "proton.me",
    "protonmail.com",
))
# fmt: on


def _strip_zh(text: str) -> str:
    stripped = True
    while stripped:
        stripped = False
        for suffix in _ZH_SUFFIXES:
            rest = text.removesuffix(suffix)
            # 分公司 is a branch, a different record from its head office.
            if rest != text and rest and not (suffix == "公司" and rest.endswith("分")):
                text, stripped = rest, True
                break
    return text


def normalize_company_name(name: str) -> str:
    """The comparable form of a company name.

    NFKC (full-width to half-width), case-folded, without punctuation, symbols and spaces, and
    without trailing legal forms (有限公司, 股份有限公司, Co., Ltd., Inc., GmbH, AG, S.A., ...).
    ``"ACME Co., Ltd."``, ``"Acme Inc"`` and ``"ＡＣＭＥ"`` all give ``"acme"``.
    """
    text = unicodedata.normalize("NFKC", name).casefold().translate(_JOINERS)
    text = "".join(" " if unicodedata.category(ch)[0] in "PSZC" else ch for ch in text)
    tokens = text.split()
    while len(tokens) > 1 and tokens[-1] in _EN_SUFFIXES:
        tokens.pop()
    return _strip_zh("".join(tokens))


def normalize_registry_id(value: str | None) -> str | None:
    """A registry id without spaces and dashes, upper-cased (None when empty)."""
    if not value:
        return None
    cleaned = re.sub(r"[\s\-]", "", unicodedata.normalize("NFKC", value)).upper()
    return cleaned or None


def normalize_phone(phone: str | None) -> str | None:
    """Digits of a phone number without the +86 country code (None when too short to mean anything)."""
    digits = re.sub(r"\D", "", unicodedata.normalize("NFKC", phone or ""))
    digits = digits.removeprefix("00")
    if digits.startswith("86") and len(digits) >= 12:
        digits = digits[2:]
        if not (len(digits) == 11 and digits.startswith("1")):
            digits = "0" + digits  # a landline: the trunk 0 is dropped after +86
    return digits if len(digits) >= 7 else None


def email_domain(email: str | None) -> str | None:
    """The company domain of an e-mail address (None for public mail services and non-addresses)."""
    if not email or "@" not in email:
        return None
    domain = email.rsplit("@", 1)[1].strip().strip(".").lower()
    return None if not domain or domain in FREE_MAIL_DOMAINS else domain
