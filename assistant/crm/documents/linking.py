"""Which account a document belongs to (import-format.md): explicit id, contact address, or domain.

Linking never guesses: a document whose participants point at several accounts, or at none,
stays unmatched with the reason, because a mail filed under the wrong customer would be shown
to the wrong salespeople. All lookups go through ``session`` so rows the CSV importer staged
(flushed, not committed) in the same transaction count.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from sqlalchemy import func, select
from sqlmodel import Session, col

from assistant.crm.documents.parsed import ParsedDocument
from assistant.crm.enums import DocumentKind
from assistant.crm.models import Account, Contact, User

#: Consumer mail providers: a shared domain there says nothing about the customer.
FREE_MAIL_DOMAINS = frozenset(
    {
        "gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "live.com", "msn.com", "yahoo.com",
        "icloud.com", "me.com", "aol.com", "proton.me", "protonmail.com", "gmx.com", "mail.com",
        "qq.com", "foxmail.com", "163.com", "126.com", "yeah.net", "sina.com", "sina.cn", "sohu.com",
        "139.com", "189.cn", "aliyun.com", "yahoo.com.cn", "yahoo.com.tw", "hotmail.com.tw",
    }
)  # fmt: skip

LinkMethod = Literal["header", "front_matter", "contact", "domain"]


@dataclass(frozen=True)
class LinkResult:
    """The account a document is linked to, how, and the evidence; or why it is unmatched."""

    account_id: str | None
    method: LinkMethod | None
    reason: str
    evidence: list[str] = field(default_factory=list)

    @property
    def matched(self) -> bool:
        """Whether exactly one account was found."""
        return self.account_id is not None


def link_account(doc: ParsedDocument, session: Session) -> LinkResult:
    """Link ``doc`` to one account, or say why not.

    1. The explicit account (``X-Account-Id`` header or front-matter ``account_id``) if it exists.
    2. Else participants' addresses equal to contacts' e-mails (case-insensitive), if they all
       belong to one account.
    3. Else the participants' domains equal to the domain of an account's contacts' e-mails, if
       exactly one account has them; our own domains (users' e-mails) and free-mail domains are
       ignored.
    Several accounts or none give an unmatched result with the reason.
    """
    explicit_note = ""
    if doc.account_id:
        exists = session.execute(select(col(Account.id)).where(col(Account.id) == doc.account_id)).first()
        method: LinkMethod = "front_matter" if doc.kind != DocumentKind.EMAIL.value else "header"
        if exists is not None:
            return LinkResult(doc.account_id, method, f"{_label(method)} names account {doc.account_id}")
        explicit_note = f"{_label(method)} names unknown account {doc.account_id}; "

    addresses = sorted({p.lower() for p in doc.participants if "@" in p})
    if not addresses:
        return LinkResult(None, None, explicit_note + "no participant e-mail addresses to match")

    by_contact = _accounts_of_contacts(session, addresses)
    if len(by_contact) == 1:
        account_id, contacts = next(iter(by_contact.items()))
        return LinkResult(account_id, "contact", f"participants are contacts of account {account_id}", contacts)
    if len(by_contact) > 1:
        return LinkResult(
            None, None, explicit_note + "participants are contacts of several accounts: " + _list(by_contact)
        )

    ignored = _own_domains(session) | FREE_MAIL_DOMAINS
    domains = sorted({a.rsplit("@", 1)[1] for a in addresses} - ignored)
    if not domains:
        return LinkResult(None, None, explicit_note + "no participant is a contact and only own or free-mail domains")
    by_domain = _accounts_of_domains(session, domains)
    if len(by_domain) == 1:
        account_id, matched_domains = next(iter(by_domain.items()))
        return LinkResult(
            account_id,
            "domain",
            f"domain {', '.join(matched_domains)} belongs to account {account_id}",
            matched_domains,
        )
    if len(by_domain) > 1:
        return LinkResult(None, None, explicit_note + "domains match contacts of several accounts: " + _list(by_domain))
    return LinkResult(None, None, explicit_note + f"no contact address or domain matches ({', '.join(domains)})")


def _label(method: LinkMethod) -> str:
    return "X-Account-Id header" if method == "header" else "front matter account_id"


def _list(found: dict[str, list[str]]) -> str:
    return "; ".join(f"{account} ({', '.join(items)})" for account, items in sorted(found.items()))


def _accounts_of_contacts(session: Session, addresses: list[str]) -> dict[str, list[str]]:
    """Account id -> sorted ids of contacts whose e-mail is one of ``addresses``."""
    email = func.lower(func.trim(col(Contact.email)))
    rows = session.execute(select(col(Contact.account_id), col(Contact.id)).where(email.in_(addresses))).all()
    found: dict[str, list[str]] = {}
    for account_id, contact_id in rows:
        found.setdefault(account_id, []).append(contact_id)
    return {account: sorted(ids) for account, ids in found.items()}


def _accounts_of_domains(session: Session, domains: list[str]) -> dict[str, list[str]]:
    """Account id -> sorted domains its contacts' e-mails use, among ``domains``."""
    email = func.lower(func.trim(col(Contact.email)))
    found: dict[str, set[str]] = {}
    for domain in domains:
        rows = session.execute(
            select(col(Contact.account_id)).where(email.endswith("@" + domain, autoescape=True)).distinct()
        ).all()
        for (account_id,) in rows:
            found.setdefault(account_id, set()).add(domain)
    return {account: sorted(names) for account, names in found.items()}


def _own_domains(session: Session) -> set[str]:
    """Domains of our users' e-mails: every internal mail has them, so they identify no customer."""
    emails = session.execute(select(col(User.email))).scalars().all()
    return {e.strip().lower().rsplit("@", 1)[1] for e in emails if "@" in e}
