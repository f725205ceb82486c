"""The language a customer writes in, for drafts and briefings: zh or en.

Rule: the majority of zh/en among the account's last ``RECENT_DOCUMENTS`` documents dated on or
before ``as_of`` (a document's recorded language, else detected from its text the way the document
importer does: ``zh`` when CJK characters are at least a fifth of the letters). A tie goes to the
most recent document's language; without any, ``zh`` when the account name has CJK characters,
else ``en``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from pydantic import BaseModel
from sqlalchemy import select
from sqlmodel import Session, col

from assistant.crm.documents import detect_language
from assistant.crm.models import Account, Document
from tools.engagement import end_of_day

RECENT_DOCUMENTS = 5
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")


class CustomerLanguage(BaseModel):
    """The chosen language, why, and the documents it was read from (most recent first)."""

    language: str
    basis: str
    document_ids: list[str]


def text_language(text: str) -> str | None:
    """``zh`` or ``en`` by the share of CJK characters, as the document importer detects it; None without letters."""
    return detect_language(text)


def majority_language(recent_first: Sequence[str | None], account_name: str) -> str:
    """The language from the recent documents' languages (most recent first), else the name's script."""
    known = [lang for lang in recent_first if lang in ("zh", "en")]
    zh, en = known.count("zh"), known.count("en")
    if zh != en:
        return "zh" if zh > en else "en"
    if known:
        return known[0]
    return "zh" if _CJK.search(account_name) else "en"


def customer_language(session: Session, account: Account, as_of: date) -> CustomerLanguage:
    """The language of ``account``'s recent documents as of ``as_of`` (caller checked access)."""
    docs = session.execute(
        select(Document)
        .where(col(Document.account_id) == account.id, col(Document.occurred_at) < end_of_day(as_of))
        .order_by(col(Document.occurred_at).desc(), col(Document.id).desc())
        .limit(RECENT_DOCUMENTS)
    ).scalars()
    langs: list[str | None] = []
    ids: list[str] = []
    for d in docs:
        lang = (d.language or "").lower()
        langs.append(lang if lang in ("zh", "en") else text_language(f"{d.subject or ''}\n{d.body}"))
        ids.append(d.id)
    known = [x for x in langs if x in ("zh", "en")]
    if known:
        basis = f"last {len(ids)} document(s): zh {known.count('zh')}, en {known.count('en')}"
    else:
        basis = "no documents in zh or en: script of the account name"
    return CustomerLanguage(language=majority_language(langs, account.name), basis=basis, document_ids=ids)
