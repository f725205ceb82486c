"""A small CRM world for the sentiment tests: two reps under a manager, an admin, dated documents.

Document scores are hand-computed (sentence = tanh(sum / 2); a text's neutral sentences dilute
by 0.1 each): 客户对方案非常满意 = tanh(1.6) = 0.9217; 客户很满意 = tanh(1.3) = 0.8617;
"not satisfied" = tanh(-0.75) = -0.6351; subject "Delivery" (neutral) + a body with delayed -2 and
frustrated -2 = tanh(-4 / (2 * sqrt(1.1))) = -0.9568 (that sentence alone: tanh(-2) = -0.9640).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

from sqlmodel import Session

from assistant.crm.models import Account, Document, User

AS_OF = date(2026, 3, 31)
VERY_SATISFIED = 0.9217
SATISFIED = 0.8617
NOT_SATISFIED = -0.6351
DELAYED = -0.9568


def _doc(doc_id: str, account: str | None, when: datetime | None, body: str, subject: str | None = None) -> Document:
    return Document(id=doc_id, account_id=account, occurred_at=when, body=body, subject=subject)


def build_world(session: Session) -> None:
    """Two reps under one manager, an admin, two accounts and documents over several months."""
    session.add_all(
        [
            User(id="u-admin", email="admin@x.com", name="Admin", role="admin"),
            User(id="u-mgr", email="mgr@x.com", name="Manager", role="manager"),
            User(id="u-rep1", email="rep1@x.com", name="Rep One", role="rep", manager_id="u-mgr"),
            User(id="u-rep2", email="rep2@x.com", name="Rep Two", role="rep", manager_id="u-mgr"),
        ]
    )
    session.flush()
    session.add_all(
        [
            Account(id="A1", name="华东制造", owner_id="u-rep1"),
            Account(id="A2", name="Beta Retail", owner_id="u-rep2"),
        ]
    )
    session.flush()
    shanghai = timezone(timedelta(hours=8))
    session.add_all(
        [
            _doc("d1", "A1", datetime(2026, 1, 10, 9, tzinfo=UTC), "客户对方案非常满意。"),
            _doc("d2", "A1", datetime(2026, 1, 20, 9, tzinfo=UTC), "会议讨论了实施计划。"),
            # 1 Feb 01:00 in Shanghai is 31 Jan 17:00 UTC: January.
            _doc("d2b", "A1", datetime(2026, 2, 1, 1, tzinfo=shanghai), "客户很满意。"),
            _doc(
                "d3",
                "A1",
                datetime(2026, 2, 5, 9, tzinfo=UTC),
                "Delivery has been delayed again and the client is frustrated.",
                subject="Delivery",
            ),
            _doc("d4", "A1", datetime(2026, 3, 2, 9, tzinfo=UTC), "The customer is not satisfied."),
            _doc("d5", "A1", datetime(2026, 3, 31, 23, 59, tzinfo=UTC), "客户很满意。"),
            _doc("d6", "A1", datetime(2026, 4, 1, 0, 0, tzinfo=UTC), "客户极其不满。"),  # after as_of
            _doc("d7", "A1", datetime(2025, 3, 31, 12, tzinfo=UTC), "客户极其不满。"),  # before the window
            _doc("d8", "A1", None, "客户极其不满。"),  # undated
            _doc("d9", "A2", datetime(2026, 3, 3, 9, tzinfo=UTC), "客户极其不满。"),  # other account
            _doc("d10", None, datetime(2026, 3, 3, 9, tzinfo=UTC), "客户很满意。"),  # no account
        ]
    )
    session.commit()
