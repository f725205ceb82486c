"""What every demo document is about, read from the demo's template banks and the CRM records.

The demo world writes each document by filling template sentences
(:mod:`assistant.crm.demo.texts_zh` / :mod:`assistant.crm.demo.texts_en`). Matching every template
sentence, with its slots as wildcards, against a document recovers the situations it was written
for (price complaint, absent finance director, ...), which sentence of the bank it uses and the
slot values (competitor, contact, product, value proposition ...). Together with the records
(account owner, opportunity, contacts) this decides relevance for the retrieval evaluation
without ever running the retriever.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from sqlalchemy import Engine, select
from sqlmodel import Session, col

from assistant.crm.access import visible_account_ids
from assistant.crm.demo import texts_en, texts_zh
from assistant.crm.demo.catalog import PRODUCTS
from assistant.crm.enums import Role
from assistant.crm.models import Account, Contact, Document, Opportunity, User

BANKS = {"zh": texts_zh, "en": texts_en}
_SLOT = re.compile(r"\{(\w+)\}")
# Names (people, companies, products) hold no sentence punctuation and do not start with a space, so a
# slot at the start of a sentence cannot swallow the sentence before it on the same line.
_NAME = r"[^\s,，、。;；:：!！?？.][^\n,，、。;；:：!！?？.]*?"
_SUBJECT_PREFIX = re.compile("^(?:Re: )?(?:" + "|".join(re.escape(b.NOTE_PREFIX) for b in BANKS.values()) + ")?")
_SLOT_PATTERNS = {"pct": r"\d+", "count": r"\d+", "amount": r"[\d,]+", "vp": r"[^\n]+?", "pain": r"[^\n]+?"}


@dataclass(frozen=True)
class Template:
    """One sentence of a bank: ``situation`` (NOTE/CUSTOMER key), voice, language and position."""

    situation: str
    voice: str  # "note" (our voice), "customer" (theirs) or "subject" (a subject line)
    language: str
    index: int
    pattern: re.Pattern[str]


@dataclass(frozen=True)
class Match:
    """A template sentence found in a document, with its slot values."""

    template: Template
    slots: dict[str, str]

    @property
    def key(self) -> tuple[str, str, str, int]:
        """(situation, voice, language, index) of the sentence."""
        t = self.template
        return (t.situation, t.voice, t.language, t.index)


@dataclass
class DocFacts:
    """A document, what it says (template matches, next step) and its records."""

    id: str
    account_id: str
    account_name: str
    owner_id: str
    opportunity_id: str | None
    kind: str
    language: str
    text: str
    matches: list[Match]  # sentences of the body
    subject: Match | None  # the subject line's template
    next_step: int | None  # index into the bank's NEXT_STEPS
    competitor: str | None  # of the linked opportunity (the record)
    products: list[str]  # of the linked opportunity (the record)
    names: set[str] = field(default_factory=set)  # contacts of the account named in the text

    @property
    def situations(self) -> set[str]:
        """The situations of every matched sentence."""
        return {m.template.situation for m in self.matches}

    @property
    def all_matches(self) -> list[Match]:
        """The body's sentences and the subject line."""
        return [*self.matches, *([self.subject] if self.subject is not None else [])]

    def slot(self, name: str) -> set[str]:
        """Every value the slot ``name`` takes in this document."""
        return {m.slots[name] for m in self.matches if name in m.slots}


def _compile(sentence: str) -> re.Pattern[str]:
    """The sentence as a regex: literal text, each slot a non-greedy wildcard of its kind within one line."""
    parts = _SLOT.split(sentence)
    seen: set[str] = set()
    regex = ""
    for position, part in enumerate(parts):
        if position % 2 == 0:
            regex += re.escape(part)
        elif part in seen:
            regex += f"(?P={part})"
        else:
            seen.add(part)
            regex += f"(?P<{part}>{_SLOT_PATTERNS.get(part, _NAME)})"
    return re.compile(regex)


def templates() -> list[Template]:
    """Every sentence and subject line of both banks, in a fixed order."""
    found: list[Template] = []
    for language, bank in BANKS.items():
        for voice, table in (("note", bank.NOTE), ("customer", bank.CUSTOMER), ("subject", bank.SUBJECTS)):
            for situation, sentences in table.items():
                for index, sentence in enumerate(sentences):
                    found.append(Template(situation, voice, language, index, _compile(sentence)))
    return found


def match_text(text: str, bank: list[Template]) -> list[Match]:
    """Every sentence template found in ``text`` (each at most once), in bank order."""
    return [
        Match(t, {k: v for k, v in m.groupdict().items() if v})
        for t in bank
        if t.voice != "subject" and (m := t.pattern.search(text))
    ]


def match_subject(subject: str, bank: list[Template]) -> Match | None:
    """The subject-line template ``subject`` was written from (after a note or reply prefix), if any."""
    for t in bank:
        if t.voice == "subject" and (m := t.pattern.fullmatch(_SUBJECT_PREFIX.sub("", subject))):
            return Match(t, {k: v for k, v in m.groupdict().items() if v})
    return None


def next_step(text: str) -> int | None:
    """Which of the banks' closing next steps the text names (the same index in both languages)."""
    for bank in BANKS.values():
        for index, step in enumerate(bank.NEXT_STEPS):
            if bank.next_step_line(step) in text:
                return index
    return None


def product_of_value(value: str) -> str | None:
    """The product whose value proposition (zh or en) is ``value``."""
    return next((p.name for p in PRODUCTS if value in (p.value_zh, p.value_en)), None)


@dataclass
class WorldFacts:
    """Every document's facts, and who may see which account."""

    documents: list[DocFacts]
    users: dict[str, User]  # by e-mail
    visible: dict[str, set[str] | None]  # e-mail -> account ids (None: everything)
    accounts: dict[str, Account]
    contacts: dict[str, list[Contact]]  # by account id

    def visible_documents(self, email: str, account: str | None = None) -> Iterator[DocFacts]:
        """The documents ``email`` may see (only those of ``account`` when given), by id."""
        allowed = self.visible[email]
        for doc in self.documents:
            if (allowed is None or doc.account_id in allowed) and (account is None or doc.account_id == account):
                yield doc

    def may_see(self, email: str, document_id: str) -> bool:
        """Whether the user may see the document."""
        return any(doc.id == document_id for doc in self.visible_documents(email))


def load_world(engine: Engine) -> WorldFacts:
    """Read the documents and records of the (demo) world in ``engine`` and classify every document."""
    bank = templates()
    with Session(engine) as session:
        users = {u.email: u for u in session.execute(select(User).order_by(col(User.email))).scalars()}
        visible: dict[str, set[str] | None] = {}
        for email, user in users.items():
            ids = session.execute(visible_account_ids(user)).scalars()
            visible[email] = None if user.role == Role.ADMIN else {str(i) for i in ids}
        accounts = {a.id: a for a in session.execute(select(Account)).scalars()}
        opportunities = {o.id: o for o in session.execute(select(Opportunity)).scalars()}
        contacts: dict[str, list[Contact]] = {}
        for contact in session.execute(select(Contact).order_by(col(Contact.id))).scalars():
            contacts.setdefault(contact.account_id, []).append(contact)
        documents = []
        for row in session.execute(select(Document).order_by(col(Document.id))).scalars():
            if row.account_id is None:
                continue
            text = f"{row.subject or ''}\n{row.body}"
            opp = opportunities.get(row.opportunity_id) if row.opportunity_id else None
            account = accounts[row.account_id]
            documents.append(
                DocFacts(
                    id=row.id,
                    account_id=row.account_id,
                    account_name=account.name,
                    owner_id=account.owner_id or "",
                    opportunity_id=row.opportunity_id,
                    kind=row.kind,
                    language=row.language or "",
                    text=text,
                    matches=match_text(row.body, bank),
                    subject=match_subject(row.subject or "", bank),
                    next_step=next_step(row.body),
                    competitor=opp.competitor if opp is not None else None,
                    products=list(opp.products or []) if opp is not None else [],
                    names={c.name for c in contacts.get(row.account_id, []) if c.name in text},
                )
            )
        session.expunge_all()
    return WorldFacts(documents, users, visible, accounts, contacts)
