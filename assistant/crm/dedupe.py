"""Duplicate-account candidates, 撞单 (domain.md section 10).

Two accounts are candidates when they share a registry id (统一社会信用代码 or another register's
id); or when the name of one equals the name or an alias of the other after
:func:`normalize_company_name` (case, width, punctuation and legal forms removed; 集团 kept); or
when their normalised names are at least 90 similar (rapidfuzz ratio) *and* their contacts share
a phone number or a company e-mail domain (public mail services such as qq.com do not count).
Two aliases alone do not make a candidate: short names (简称) such as 德拓电子科技 are shared by
unrelated companies in different cities. Every candidate names the owner of the record.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

import numpy as np
from pydantic import BaseModel, Field
from rapidfuzz import fuzz
from rapidfuzz.process import cdist
from sqlalchemy import select
from sqlmodel import Session, col

from assistant.crm.company_names import (
    FREE_MAIL_DOMAINS,
    email_domain,
    normalize_company_name,
    normalize_phone,
    normalize_registry_id,
)
from assistant.crm.models import Account, Contact, User

__all__ = [
    "FREE_MAIL_DOMAINS",
    "FUZZY_THRESHOLD",
    "AccountFacts",
    "AccountRef",
    "CompanyProbe",
    "DuplicateCandidate",
    "DuplicatePair",
    "DuplicateReason",
    "compare",
    "email_domain",
    "find_candidates",
    "find_duplicate_pairs",
    "load_account_facts",
    "normalize_company_name",
    "normalize_phone",
    "normalize_registry_id",
]

#: Similarity (0-100, rapidfuzz ratio on normalised names) from which shared contacts make a candidate.
FUZZY_THRESHOLD = 90.0


class DuplicateReason(StrEnum):
    """Why two accounts may be the same customer, strongest first."""

    REGISTRY_ID = "registry_id"
    SAME_NAME = "same_name"
    SIMILAR_NAME = "similar_name"


_RANK = {reason: rank for rank, reason in enumerate(DuplicateReason)}


class AccountFacts(BaseModel):
    """What the duplicate check compares about an account (phones and domains already normalised)."""

    id: str
    name: str
    aliases: list[str] = Field(default_factory=list)
    registry_id: str | None = None
    parent_id: str | None = None
    owner_id: str | None = None
    owner_name: str | None = None
    owner_email: str | None = None
    phones: list[str] = Field(default_factory=list)
    email_domains: list[str] = Field(default_factory=list)

    def names(self) -> set[str]:
        """The normalised forms of the name and every alias (empty forms dropped)."""
        return {n for n in (normalize_company_name(x) for x in [self.name, *self.aliases]) if n}


class AccountRef(BaseModel):
    """An account and its owner, as a candidate report names them."""

    id: str
    name: str
    owner_id: str | None = None
    owner_name: str | None = None
    owner_email: str | None = None


class DuplicateCandidate(BaseModel):
    """An existing account that may be the same customer as the one checked."""

    account: AccountRef
    reason: DuplicateReason
    score: float = Field(description="100 for registry id and same name; the similarity for similar_name.")
    evidence: list[str] = Field(description="The shared registry id, normalised name, phones or domains.")


class DuplicatePair(BaseModel):
    """Two accounts that may be the same customer (``first.id < second.id``)."""

    first: AccountRef
    second: AccountRef
    reason: DuplicateReason
    score: float
    evidence: list[str]

    def describe(self) -> str:
        """One line for people: both accounts, their owners, the reason and its evidence."""

        def who(ref: AccountRef) -> str:
            owner = ref.owner_name or ref.owner_id or "nobody"
            return f"{ref.id} {ref.name!r} (owner {owner})"

        score = "" if self.reason is not DuplicateReason.SIMILAR_NAME else f" {self.score:.1f}"
        return f"{who(self.first)} and {who(self.second)}: {self.reason.value}{score}: {'; '.join(self.evidence)}"


def _ref(facts: AccountFacts) -> AccountRef:
    return AccountRef(
        id=facts.id,
        name=facts.name,
        owner_id=facts.owner_id,
        owner_name=facts.owner_name,
        owner_email=facts.owner_email,
    )


@dataclass(frozen=True, slots=True)
class _Prepared:
    """An account's comparable forms, computed once per scan."""

    facts: AccountFacts
    registry: str | None
    names: frozenset[str]
    main: str
    contacts: frozenset[str]

    @classmethod
    def of(cls, facts: AccountFacts) -> _Prepared:
        contacts = frozenset([*facts.phones, *facts.email_domains])
        registry = normalize_registry_id(facts.registry_id)
        return cls(facts, registry, frozenset(facts.names()), normalize_company_name(facts.name), contacts)


def _match(a: _Prepared, b: _Prepared, threshold: float) -> DuplicateCandidate | None:
    if a.registry is not None and a.registry == b.registry:
        return DuplicateCandidate(
            account=_ref(b.facts), reason=DuplicateReason.REGISTRY_ID, score=100.0, evidence=[a.registry]
        )
    same = sorted(({a.main} & b.names) | ({b.main} & a.names))
    if same:
        return DuplicateCandidate(account=_ref(b.facts), reason=DuplicateReason.SAME_NAME, score=100.0, evidence=same)
    shared = sorted(a.contacts & b.contacts)
    if not shared:
        return None
    score = float(fuzz.ratio(a.main, b.main))
    if score < threshold:
        return None
    return DuplicateCandidate(account=_ref(b.facts), reason=DuplicateReason.SIMILAR_NAME, score=score, evidence=shared)


def compare(a: AccountFacts, b: AccountFacts, *, threshold: float = FUZZY_THRESHOLD) -> DuplicateCandidate | None:
    """The strongest reason ``b`` may duplicate ``a`` (returned as a candidate naming ``b``), or None."""
    return _match(_Prepared.of(a), _Prepared.of(b), threshold)


def _candidate_pairs(prepared: Sequence[_Prepared], threshold: float) -> set[tuple[int, int]]:
    """Index pairs sharing a registry id, a normalised name, or a phone/domain with similar names."""
    blocks: dict[tuple[str, str], list[int]] = defaultdict(list)
    for index, item in enumerate(prepared):
        keys = {("name", name) for name in item.names} | {("contact", c) for c in item.contacts}
        if item.registry is not None:
            keys.add(("registry", item.registry))
        for key in keys:
            blocks[key].append(index)
    pairs: set[tuple[int, int]] = set()
    for (kind, _), members in blocks.items():
        if len(members) < 2:
            continue
        if kind == "contact" and len(members) > 32:
            # A domain shared by many accounts (a group's mail server): let rapidfuzz do the n^2 part.
            names = [prepared[m].main for m in members]
            scores = cdist(names, names, scorer=fuzz.ratio, score_cutoff=threshold, dtype=np.float32)
            for i, j in zip(*np.nonzero(np.triu(scores, k=1)), strict=True):
                pairs.add((members[int(i)], members[int(j)]))
            continue
        pairs.update((a, b) for i, a in enumerate(members) for b in members[i + 1 :])
    return pairs


def _root(parents: dict[str, str | None], key: str) -> str:
    """The top of ``key``'s customer tree (itself when it has no parent; stops on a loop)."""
    seen = {key}
    node = key
    while (parent := parents.get(node)) is not None and parent not in seen:
        seen.add(parent)
        node = parent
    return node


def find_duplicate_pairs(
    accounts: Sequence[AccountFacts], *, among: Iterable[str] | None = None, threshold: float = FUZZY_THRESHOLD
) -> list[DuplicatePair]:
    """Every pair of ``accounts`` that may be one customer, strongest reason per pair.

    With ``among``, only pairs with at least one account of those ids. Sorted by reason, then ids.
    Accounts in the same customer tree are separate entities of one group on purpose ("X Pte. Ltd."
    and "X Limited" under one parent): only a shared registry id is reported for them.
    """
    focus = None if among is None else set(among)
    prepared = [_Prepared.of(facts) for facts in accounts]
    parents = {facts.id: facts.parent_id for facts in accounts}
    found: list[DuplicatePair] = []
    for left, right in _candidate_pairs(prepared, threshold):
        a, b = sorted((prepared[left], prepared[right]), key=lambda p: p.facts.id)
        if focus is not None and a.facts.id not in focus and b.facts.id not in focus:
            continue
        match = _match(a, b, threshold)
        if (
            match is not None
            and match.reason is not DuplicateReason.REGISTRY_ID
            and _root(parents, a.facts.id) == _root(parents, b.facts.id)
        ):
            continue
        if match is not None:
            found.append(
                DuplicatePair(
                    first=_ref(a.facts),
                    second=match.account,
                    reason=match.reason,
                    score=match.score,
                    evidence=match.evidence,
                )
            )
    found.sort(key=lambda p: (_RANK[p.reason], p.first.id, p.second.id))
    return found


def load_account_facts(session: Session, account_ids: Iterable[str] | None = None) -> list[AccountFacts]:
    """The facts of the stored accounts (all of them, or those of ``account_ids``), sorted by id."""
    query = select(Account, User).join(User, col(User.id) == col(Account.owner_id), isouter=True)
    contacts = select(col(Contact.account_id), col(Contact.phone), col(Contact.email))
    if account_ids is not None:
        wanted = sorted(set(account_ids))
        query = query.where(col(Account.id).in_(wanted))
        contacts = contacts.where(col(Contact.account_id).in_(wanted))
    phones: dict[str, set[str]] = defaultdict(set)
    domains: dict[str, set[str]] = defaultdict(set)
    for account_id, phone, email in session.execute(contacts):
        if (number := normalize_phone(phone)) is not None:
            phones[account_id].add(number)
        if (domain := email_domain(email)) is not None:
            domains[account_id].add(domain)
    facts = [
        AccountFacts(
            id=account.id,
            name=account.name,
            aliases=list(account.aliases or []),
            registry_id=account.registry_id,
            parent_id=account.parent_id,
            owner_id=account.owner_id,
            owner_name=owner.name if owner else None,
            owner_email=owner.email if owner else None,
            phones=sorted(phones[account.id]),
            email_domains=sorted(domains[account.id]),
        )
        for account, owner in session.execute(query)
    ]
    return sorted(facts, key=lambda f: f.id)


class CompanyProbe(BaseModel):
    """A company to check before creating or claiming it (e.g. a lead): raw phones and e-mails."""

    name: str
    aliases: list[str] = Field(default_factory=list)
    registry_id: str | None = None
    phones: list[str] = Field(default_factory=list)
    emails: list[str] = Field(default_factory=list)


def find_candidates(
    session: Session,
    probe: CompanyProbe,
    *,
    exclude_ids: Iterable[str] = (),
    threshold: float = FUZZY_THRESHOLD,
) -> list[DuplicateCandidate]:
    """Stored accounts that may be the company ``probe`` describes, strongest first, with their owners.

    Reads every account: the caller decides what a user may learn about accounts they cannot see.
    """
    facts = AccountFacts(
        id="",
        name=probe.name,
        aliases=probe.aliases,
        registry_id=probe.registry_id,
        phones=sorted({p for p in map(normalize_phone, probe.phones) if p}),
        email_domains=sorted({d for d in map(email_domain, probe.emails) if d}),
    )
    skip = set(exclude_ids)
    mine = _Prepared.of(facts)
    found = [
        match
        for other in load_account_facts(session)
        if other.id not in skip and (match := _match(mine, _Prepared.of(other), threshold)) is not None
    ]
    return sorted(found, key=lambda c: (_RANK[c.reason], -c.score, c.account.id))
