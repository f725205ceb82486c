"""Document and account sentiment from the database: monthly trend, documents that moved it, access.

The world and its hand-computed document scores are in ``sentiment_world``.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from sentiment_world import AS_OF, DELAYED, NOT_SATISFIED, SATISFIED, VERY_SATISFIED, build_world
from sqlalchemy import Engine
from sqlmodel import Session

from assistant.crm.models import User
from index.sentiment import SentimentNotFoundError, account_trend, monthly_sentiment, review_document


@pytest.fixture
def world(engine: Engine) -> Iterator[Session]:
    with Session(engine, expire_on_commit=False) as session:
        build_world(session)
        yield session


def _user(session: Session, user_id: str) -> User:
    user = session.get(User, user_id)
    assert user is not None
    return user


def test_account_trend_by_month_with_documents_that_moved_it(world: Session) -> None:
    result = account_trend(world, user=_user(world, "u-rep1"), account_id="A1", as_of=AS_OF)
    assert (result.from_month, result.to_month, result.document_count) == ("2025-04", "2026-03", 6)
    trend = {m.month: m for m in result.trend}
    assert list(trend) == ["2026-01", "2026-02", "2026-03"]
    january = trend["2026-01"]
    assert january.document_count == 3
    assert january.score == round((VERY_SATISFIED + 0 + SATISFIED) / 3, 4)
    # d2 is neutral: it dilutes the month but did not move it.
    assert [(d.document_id, d.score) for d in january.documents] == [("d1", VERY_SATISFIED), ("d2b", SATISFIED)]
    assert january.documents[0].contribution == round(VERY_SATISFIED / 3, 4)
    assert (trend["2026-02"].score, [d.document_id for d in trend["2026-02"].documents]) == (DELAYED, ["d3"])
    march = trend["2026-03"]
    assert march.score == round((NOT_SATISFIED + SATISFIED) / 2, 4)
    assert [(d.document_id, d.contribution) for d in march.documents] == [
        ("d5", round(SATISFIED / 2, 4)),
        ("d4", round(NOT_SATISFIED / 2, 4)),
    ]
    expected = round((VERY_SATISFIED + 0 + SATISFIED + DELAYED + NOT_SATISFIED + SATISFIED) / 6, 4)
    assert (result.score, result.label) == (expected, "neutral")
    assert [(s.document_id, s.score) for s in result.sentences] == [
        ("d3", -0.9640),
        ("d1", VERY_SATISFIED),
        ("d2b", SATISFIED),
    ]
    assert {t.topic: t.count for t in result.topics} == {"relationship": 5, "delivery": 3, "timeline": 1}


def test_monthly_sentiment_feeds_other_indicators(world: Session) -> None:
    assert monthly_sentiment(world, "A1", AS_OF) == {
        "2026-01": round((VERY_SATISFIED + SATISFIED) / 3, 4),
        "2026-02": DELAYED,
        "2026-03": round((NOT_SATISFIED + SATISFIED) / 2, 4),
    }
    assert monthly_sentiment(world, "A1", AS_OF, months=2) == {
        "2026-02": DELAYED,
        "2026-03": round((NOT_SATISFIED + SATISFIED) / 2, 4),
    }
    # as_of one day earlier drops d5 (31 March 23:59 UTC).
    assert monthly_sentiment(world, "A1", date(2026, 3, 30), months=1) == {"2026-03": NOT_SATISFIED}
    # A 13-month window reaches d7 (March 2025).
    assert "2025-03" in monthly_sentiment(world, "A1", AS_OF, months=13)
    with pytest.raises(ValueError, match="months: must be at least 1"):
        monthly_sentiment(world, "A1", AS_OF, months=0)


def test_account_without_documents_is_neutral_with_empty_trend(world: Session) -> None:
    result = account_trend(world, user=_user(world, "u-rep2"), account_id="A2", as_of=date(2026, 2, 28))
    assert (result.score, result.label, result.trend, result.sentences) == (0.0, "neutral", [], [])


def test_review_document(world: Session) -> None:
    result = review_document(world, user=_user(world, "u-rep1"), document_id="d3")
    assert (result.document_id, result.account_id, result.subject) == ("d3", "A1", "Delivery")
    assert (result.score, result.label, result.sentence_count) == (DELAYED, "negative", 2)
    assert [t.term for t in result.sentences[0].terms] == ["delayed", "frustrated"]


def test_invisible_is_identical_to_missing(world: Session) -> None:
    rep2 = _user(world, "u-rep2")
    with pytest.raises(SentimentNotFoundError) as invisible:
        account_trend(world, user=rep2, account_id="A1", as_of=AS_OF)
    with pytest.raises(SentimentNotFoundError) as missing:
        account_trend(world, user=rep2, account_id="A1-missing", as_of=AS_OF)
    assert str(invisible.value) == "no account matches 'A1'"
    assert str(missing.value) == "no account matches 'A1-missing'"
    with pytest.raises(SentimentNotFoundError, match=r"^no document matches 'd1'$"):
        review_document(world, user=rep2, document_id="d1")
    with pytest.raises(SentimentNotFoundError, match=r"^no document matches 'nope'$"):
        review_document(world, user=rep2, document_id="nope")
    # Unlinked documents are visible to admins only.
    with pytest.raises(SentimentNotFoundError):
        review_document(world, user=_user(world, "u-mgr"), document_id="d10")
    assert review_document(world, user=_user(world, "u-admin"), document_id="d10").label == "positive"


def test_manager_sees_the_team(world: Session) -> None:
    manager = _user(world, "u-mgr")
    assert account_trend(world, user=manager, account_id="A1", as_of=AS_OF).document_count == 6
    assert review_document(world, user=manager, document_id="d9").label == "negative"
