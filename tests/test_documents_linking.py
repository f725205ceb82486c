"""Linking documents to accounts: explicit id, contact address, domain; ambiguity is never guessed."""

from __future__ import annotations

import pytest
from documents_mail import seed_world
from sqlalchemy import Engine
from sqlmodel import Session

from assistant.crm.documents import LinkResult, ParsedDocument, link_account
from assistant.crm.models import Contact


def mail(*participants: str, account_id: str | None = None, kind: str = "email") -> ParsedDocument:
    return ParsedDocument(
        id="m@x",
        kind=kind,
        body="text",
        original="text",
        source="t.eml",
        account_id=account_id,
        participants=list(participants),
    )


@pytest.fixture
def world(session: Session) -> Session:
    seed_world(session)  # flushed, not committed: linking must see staged rows
    return session


def test_x_account_id_wins_over_participants(world: Session) -> None:
    result = link_account(mail("bob@acme.cn", account_id="A2"), world)
    assert result == LinkResult("A2", "header", "X-Account-Id header names account A2")


def test_front_matter_account_of_a_note(world: Session) -> None:
    result = link_account(mail(account_id="A3", kind="meeting_note"), world)
    assert (result.account_id, result.method) == ("A3", "front_matter")


def test_unknown_x_account_id_falls_back_to_contacts_and_says_so(world: Session) -> None:
    result = link_account(mail("bob@acme.cn", account_id="NOPE"), world)
    assert (result.account_id, result.method) == ("A1", "contact")
    unmatched = link_account(mail("nobody@nowhere.org", account_id="NOPE"), world)
    assert unmatched.account_id is None
    assert unmatched.reason.startswith("X-Account-Id header names unknown account NOPE; ")


def test_contact_address_matches_case_insensitively(world: Session) -> None:
    result = link_account(mail("alice@tillage.io", "BOB@ACME.CN", "carol@acme.cn"), world)
    assert result.matched
    assert (result.account_id, result.method, result.evidence) == ("A1", "contact", ["C1", "C2"])


def test_contacts_of_two_accounts_are_ambiguous(world: Session) -> None:
    result = link_account(mail("bob@acme.cn", "dan@globex.com"), world)
    assert not result.matched and result.method is None
    assert result.reason == "participants are contacts of several accounts: A1 (C1); A2 (C3)"


def test_domain_of_an_unknown_person_matches_the_account(world: Session) -> None:
    result = link_account(mail("alice@tillage.io", "new.buyer@Globex.com"), world)
    assert (result.account_id, result.method, result.evidence) == ("A2", "domain", ["globex.com"])


def test_domain_shared_by_contacts_of_two_accounts_is_unmatched(world: Session) -> None:
    result = link_account(mail("alice@tillage.io", "someone@shared.com"), world)
    assert result.account_id is None
    assert result.reason == "domains match contacts of several accounts: A2 (shared.com); A3 (shared.com)"


def test_two_domains_of_two_accounts_are_unmatched(world: Session) -> None:
    result = link_account(mail("x@acme.cn", "y@globex.com"), world)
    assert result.account_id is None
    assert result.reason == "domains match contacts of several accounts: A1 (acme.cn); A2 (globex.com)"


def test_free_mail_domain_is_ignored_but_an_exact_contact_address_still_counts(world: Session) -> None:
    stranger = link_account(mail("alice@tillage.io", "stranger@gmail.com"), world)
    assert stranger.account_id is None
    assert stranger.reason == "no participant is a contact and only own or free-mail domains"
    assert link_account(mail("stranger@gmail.com", "x@globex.com"), world).account_id == "A2"
    assert link_account(mail("Gina@Gmail.com"), world).account_id == "A3"


def test_own_domain_is_ignored_even_when_a_contact_uses_it(world: Session) -> None:
    world.add(Contact(id="C9", account_id="A1", name="Consultant", email="consultant@tillage.io"))
    world.flush()
    result = link_account(mail("alice@tillage.io", "boss@tillage.io", "intern@tillage.io"), world)
    assert result.account_id is None
    assert result.reason == "no participant is a contact and only own or free-mail domains"


def test_no_match_and_no_addresses(world: Session) -> None:
    result = link_account(mail("x@unknown-corp.com"), world)
    assert result == LinkResult(None, None, "no contact address or domain matches (unknown-corp.com)")
    names_only = link_account(mail("张总", "Bob"), world)
    assert names_only.reason == "no participant e-mail addresses to match"


def test_linking_queries_on_each_backend(engine: Engine) -> None:
    with Session(engine) as session:
        seed_world(session)
        session.add(Contact(id="C8", account_id="A3", name="Hal", email="hal@axb.com"))
        session.flush()  # staged in the open transaction, as the CSV importer leaves them
        assert link_account(mail("BOB@acme.CN"), session).evidence == ["C1"]
        assert link_account(mail("someone@GLOBEX.com"), session).account_id == "A2"
        assert link_account(mail("someone@shared.com"), session).account_id is None
        # "_" is a LIKE wildcard: a domain must match literally, not as a pattern.
        assert link_account(mail("x@a_b.com"), session).reason == "no contact address or domain matches (a_b.com)"
        assert link_account(mail("x@axb.com"), session).account_id == "A3"
        session.rollback()
