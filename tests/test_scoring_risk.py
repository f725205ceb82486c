"""Risk scan (domain.md 6): events, internal signals and their boundaries, level, evidence, access."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pytest
from scoring_world import AS_OF, World
from sqlmodel import Session

from tools.base import NotFoundError
from tools.config_account import RiskConfig
from tools.risk import scan_risk
from tools.risk_scoring import health_drop_severity

D = AS_OF


def ago(days: int) -> date:
    return D - timedelta(days=days)


def kinds(result: object) -> dict[str, str]:
    return {s.kind: s.severity for s in result.signals}  # type: ignore[attr-defined]


@pytest.mark.parametrize(("days", "severity"), [(60, None), (61, "medium"), (120, "medium"), (121, "high")])
def test_receivables_overdue_boundaries(session: Session, days: int, severity: str | None) -> None:
    w = World(session)
    w.account("A")
    w.order("A", ago(days + 30), 500.0, due=ago(days), oid="late")
    w.order("A", ago(days + 40), 700.0, due=ago(days), paid=ago(1), oid="paid")
    result = scan_risk(session, user=w.users["rep1"], account_id="A", as_of=D)
    assert kinds(result).get("receivables_overdue") == severity
    if severity:
        signal = next(s for s in result.signals if s.kind == "receivables_overdue")
        assert signal.evidence[0].id == "late" and signal.evidence[0].values["days_overdue"] == days
        assert signal.anchor == "order:late"


def _key_contact(w: World, account: str, last: date | None) -> None:
    w.account(account)
    w.contact(account, role="technical", layer="general", last_contacted=last)
    w.contact(account, role="user", layer="general", last_contacted=ago(1))  # not a key person


@pytest.mark.parametrize(
    ("days", "severity"), [(60, None), (61, "medium"), (120, "medium"), (121, "high"), (None, "high")]
)
def test_no_key_person_contact_boundaries(session: Session, days: int | None, severity: str | None) -> None:
    w = World(session)
    _key_contact(w, "A", None if days is None else ago(days))
    result = scan_risk(session, user=w.users["rep1"], account_id="A", as_of=D)
    assert kinds(result).get("no_key_person_contact") == severity
    assert result.level == (severity or "none")


def test_key_person_contact_through_an_attended_activity(session: Session) -> None:
    w = World(session)
    w.account("A")
    key = w.contact("A", layer="key", last_contacted=ago(200))
    other = w.contact("A", layer="general")
    w.activity("A", ago(30), "call", (other.id,))
    w.activity("A", ago(61), "meeting", (key.id,))
    signal = next(s for s in scan_risk(session, user=w.users["rep1"], account_id="A", as_of=D).signals)
    assert (signal.kind, signal.severity, signal.anchor) == ("no_key_person_contact", "medium", f"last:{ago(61)}")
    w.activity("A", ago(60), "visit", (key.id,))
    assert kinds(scan_risk(session, user=w.users["rep1"], account_id="A", as_of=D)) == {}


def _docs(w: World, bodies: list[str]) -> None:
    w.account("A")
    w.contact("A", layer="key", last_contacted=ago(1))
    w.opportunity("A", competitor="Acme Corp", status="lost")
    for k, body in enumerate(bodies):  # newest first
        w.document("A", ago(k + 1), body, did=f"d{k}")


def test_competitor_named_in_two_of_the_last_three_documents(session: Session) -> None:
    w = World(session)
    _docs(w, ["price vs ACME CORP", "nothing", "acme corp again", "old"])
    w.document("A", D + timedelta(days=1), "Acme Corp tomorrow", did="future")
    result = scan_risk(session, user=w.users["rep1"], account_id="A", as_of=D)
    signal = next(s for s in result.signals if s.kind == "competitor_mentions")
    assert signal.severity == "medium"
    assert [e.id for e in signal.evidence] == ["d0", "d2"]
    assert signal.summary == "Acme Corp named in 2 of the last 3 documents"


def test_a_mention_outside_the_last_three_documents_does_not_count(session: Session) -> None:
    w = World(session)
    _docs(w, ["Acme Corp", "nothing", "nothing", "Acme Corp"])
    assert "competitor_mentions" not in kinds(scan_risk(session, user=w.users["rep1"], account_id="A", as_of=D))


def test_competitor_in_the_subject_counts(session: Session) -> None:
    w = World(session)
    _docs(w, ["nothing", "nothing"])
    w.document("A", D, "body", subject="Acme Corp quote", did="s1")
    w.document("A", ago(0), "acme corp", did="s2")
    assert kinds(scan_risk(session, user=w.users["rep1"], account_id="A", as_of=D))["competitor_mentions"] == "medium"


@pytest.mark.parametrize(("days", "counted"), [(0, True), (364, True), (365, False)])
def test_event_lookback_window(session: Session, days: int, counted: bool) -> None:
    w = World(session)
    _key_contact(w, "A", ago(1))
    w.event("A", "lawsuit", ago(days), severity="low", eid="ev")
    result = scan_risk(session, user=w.users["rep1"], account_id="A", as_of=D)
    assert (kinds(result) == {"lawsuit": "low"}) is counted
    assert result.level == ("low" if counted else "none")


def test_event_severity_floor_and_level_is_the_maximum(session: Session) -> None:
    w = World(session)
    _key_contact(w, "A", ago(70))
    w.event("A", "dishonest_debtor", ago(5), severity="low", eid="dd")
    w.event("A", "negative_news", ago(6), severity="low", eid="nn")
    result = scan_risk(session, user=w.users["rep1"], account_id="A", as_of=D)
    assert [(s.kind, s.severity) for s in result.signals] == [
        ("dishonest_debtor", "high"),
        ("no_key_person_contact", "medium"),
        ("negative_news", "low"),
    ]
    assert result.level == "high"
    assert result.signals[0].evidence[0].record == "risk_event" and result.signals[0].anchor == "event:dd"


@pytest.mark.parametrize(
    ("months", "severity"),
    [
        ({"2025-06": -0.2}, "medium"),
        ({"2025-06": -0.19}, None),
        ({"2025-04": 0.4, "2025-06": 0.05}, "medium"),
        ({"2025-04": 0.3, "2025-06": 0.05}, None),
    ],
)
def test_negative_sentiment_trend(session: Session, months: dict[str, float], severity: str | None) -> None:
    w = World(session)
    _key_contact(w, "A", ago(1))
    result = scan_risk(session, user=w.users["rep1"], account_id="A", as_of=D, sentiment_by_month=months)
    assert kinds(result).get("negative_sentiment") == severity


def test_without_sentiment_there_is_no_sentiment_signal(session: Session) -> None:
    w = World(session)
    _key_contact(w, "A", ago(1))
    assert scan_risk(session, user=w.users["rep1"], account_id="A", as_of=D).signals == []


def test_health_drop_over_ninety_days(session: Session) -> None:
    """One paid order 200 days ago and six calls 100-150 days ago, no contacts. Now: recency 0,
    order trend 0, revenue 100, payment 100, overdue 100, interaction 0, open complaints 100, decision
    chain 0 -> 3400/70 = 48.6. Ninety days earlier: recency 25 (110 days), order trend 100,
    interaction 100 -> 5250/70 = 75.0. Drop 26.4: medium."""
    w = World(session)
    w.account("A")
    w.paid("A", ago(200))
    for k in range(6):
        w.activity("A", ago(100 + 10 * k), "call")
    result = scan_risk(session, user=w.users["rep1"], account_id="A", as_of=D)
    assert (result.health_now, result.health_past) == (48.6, 75.0)
    drop = next(s for s in result.signals if s.kind == "health_drop")
    assert drop.severity == "medium"
    assert drop.evidence[0].values == {
        "health_now": 48.6,
        "health_past": 75.0,
        "past_as_of": "2025-04-01",
        "drop": 26.4,
    }


def test_health_drop_thresholds() -> None:
    drops = np.array([15.0, 15.1, 30.0, 30.1, np.nan])
    assert health_drop_severity(drops, RiskConfig()).tolist() == [0, 2, 2, 3, 0]


def test_scan_is_not_found_for_an_invisible_account(session: Session) -> None:
    w = World(session)
    _key_contact(w, "A", ago(1))
    with pytest.raises(NotFoundError, match="no account matches 'A'"):
        scan_risk(session, user=w.users["rep2"], account_id="A", as_of=D)
