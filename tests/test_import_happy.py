"""tillage import: successful imports, idempotence, updates, defaults, self-reference order, documents."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime
from pathlib import Path

from importdata import BASE, MINIMAL, dump, with_files, write_dir
from sqlalchemy import Engine, select
from sqlmodel import Session, col

from assistant.crm.importer import ImportIssue, import_directory
from assistant.crm.models import Account, Activity, ActivityContact, Document, Opportunity, RiskEvent, User

ALL_INSERTED = {
    "users.csv": 3,
    "accounts.csv": 3,
    "contacts.csv": 3,
    "opportunities.csv": 2,
    "orders.csv": 2,
    "quotes.csv": 1,
    "activities.csv": 2,
    "tickets.csv": 1,
    "surveys.csv": 1,
    "risk_events.csv": 1,
    "leads.csv": 1,
    "lead_events.csv": 2,
}


def _links(session: Session, activity_id: str) -> set[str]:
    query = select(col(ActivityContact.contact_id)).where(col(ActivityContact.activity_id) == activity_id)
    return set(session.execute(query).scalars())


def test_import_every_file_then_reimport_changes_nothing(engine: Engine, tmp_path: Path) -> None:
    folder = write_dir(tmp_path, dict(BASE))
    report = import_directory(engine, folder)
    assert report.ok, report.errors
    assert report.errors == [] and report.warnings == []
    assert report.counts == {name: {"inserted": n, "updated": 0, "unchanged": 0} for name, n in ALL_INSERTED.items()}
    with Session(engine) as session:
        o1 = session.get(Opportunity, "o1")
        assert o1 is not None
        # owner_id empty -> the account's owner; currency empty -> CNY.
        assert (o1.owner_id, o1.currency, o1.amount, o1.products) == ("u2", "CNY", 1200000.5, ["MES", "WMS"])
        assert (o1.value_confirmed, o1.f_price, o1.f_commercial) == (True, -1, -2)
        a1 = session.get(Activity, "a1")
        a2 = session.get(Activity, "a2")
        assert a1 is not None and a2 is not None
        assert a1.occurred_at == datetime(2026, 2, 20, 2, 0, tzinfo=UTC)  # +08:00 stored as UTC
        assert a2.occurred_at == datetime(2026, 1, 5, 9, 30, tzinfo=UTC)  # naive means UTC
        assert _links(session, "a1") == {"c1", "c2"} and _links(session, "a2") == set()
        event = session.get(RiskEvent, "e1")
        assert event is not None
        assert (event.severity, event.occurred_at) == ("medium", datetime(2026, 1, 31, 23, 0, tzinfo=UTC))
        parent = session.get(Account, "A1")
        child = session.get(Account, "A2")
        assert parent is not None and child is not None
        assert (parent.status, parent.aliases, parent.founded) == ("active", [], date(1998, 1, 1))
        assert (child.parent_id, child.aliases, child.registered_capital) == ("A1", ["华东精密", "HDJM"], 50000000.0)
        u2 = session.get(User, "u2")
        assert u2 is not None and u2.manager_id == "u1"
    before = dump(engine)

    again = import_directory(engine, folder)
    assert again.ok
    assert again.counts == {name: {"inserted": 0, "updated": 0, "unchanged": n} for name, n in ALL_INSERTED.items()}
    assert dump(engine) == before


def test_changed_rows_are_updated_and_attendees_replaced(sqlite_engine: Engine, tmp_path: Path) -> None:
    assert import_directory(sqlite_engine, write_dir(tmp_path, dict(BASE), "first")).ok
    accounts = BASE["accounts.csv"].replace("Acme Co., Ltd.", "Acme GmbH")
    activities = BASE["activities.csv"].replace("a1,A2,c1;c2,", "a1,A2,c2,")
    files = with_files(BASE, accounts_csv=accounts, activities_csv=activities)
    report = import_directory(sqlite_engine, write_dir(tmp_path, files, "second"))
    assert report.ok, report.errors
    assert report.counts["accounts.csv"] == {"inserted": 0, "updated": 1, "unchanged": 2}
    assert report.counts["activities.csv"] == {"inserted": 0, "updated": 1, "unchanged": 1}
    assert report.counts["users.csv"] == {"inserted": 0, "updated": 0, "unchanged": 3}
    with Session(sqlite_engine) as session:
        account = session.get(Account, "A3")
        assert account is not None and account.name == "Acme GmbH"
        assert _links(session, "a1") == {"c2"}


def test_children_listed_before_parents_are_written_parents_first(sqlite_engine: Engine, tmp_path: Path) -> None:
    users = "id,email,name,role,manager_id\nu3,c@x.cn,C,rep,u2\nu2,b@x.cn,B,manager,u1\nu1,a@x.cn,A,manager,\n"
    accounts = "id,name,owner_id,parent_id\nA3,孙公司,u3,A2\nA2,子公司,u2,A1\nA1,集团,u1,\n"
    report = import_directory(sqlite_engine, write_dir(tmp_path, {"users.csv": users, "accounts.csv": accounts}))
    assert report.ok, report.errors
    with Session(sqlite_engine) as session:
        parents = {row[0]: row[1] for row in session.execute(select(col(Account.id), col(Account.parent_id)))}
        managers = {row[0]: row[1] for row in session.execute(select(col(User.id), col(User.manager_id)))}
    assert parents == {"A1": None, "A2": "A1", "A3": "A2"}
    assert managers == {"u1": None, "u2": "u1", "u3": "u2"}


def test_references_may_point_at_rows_already_in_the_database(sqlite_engine: Engine, tmp_path: Path) -> None:
    assert import_directory(sqlite_engine, write_dir(tmp_path, dict(MINIMAL), "first")).ok
    # A second export adds a user and an account under the stored parent A1, owned by the stored u1.
    users = "id,email,name,role,manager_id\nu9,new@example.com,New,rep,u1\n"
    accounts = "id,name,owner_id,parent_id\nA9,新客户,u9,A1\n"
    contacts = "id,account_id,name\nc9,A2,Stored Account Contact\n"
    files = {"users.csv": users, "accounts.csv": accounts, "contacts.csv": contacts}
    report = import_directory(sqlite_engine, write_dir(tmp_path, dict(files), "second"))
    assert report.ok, report.errors
    assert report.counts["contacts.csv"] == {"inserted": 1, "updated": 0, "unchanged": 0}


def test_a_file_with_a_bom_is_read(sqlite_engine: Engine, tmp_path: Path) -> None:
    files: dict[str, str | bytes] = dict(MINIMAL)
    files["accounts.csv"] = b"\xef\xbb\xbf" + BASE["accounts.csv"].encode("utf-8")
    report = import_directory(sqlite_engine, write_dir(tmp_path, files))
    assert report.ok, report.errors
    assert report.counts["accounts.csv"]["inserted"] == 3


def test_unknown_columns_give_one_warning_per_file(sqlite_engine: Engine, tmp_path: Path) -> None:
    accounts = "id,name,owner_id,notes,Score\nA1,甲,u1,x,1\nA2,乙,u1,y,2\n"
    users = "id,email,name,role,nickname\nu1,a@x.cn,A,admin,boss\n"
    report = import_directory(sqlite_engine, write_dir(tmp_path, {"users.csv": users, "accounts.csv": accounts}))
    assert report.ok, report.errors
    assert report.warnings == [
        "users.csv: ignoring unknown columns: nickname",
        "accounts.csv: ignoring unknown columns: notes, score",
    ]


def test_unknown_files_are_named_in_a_warning(sqlite_engine: Engine, tmp_path: Path) -> None:
    files = with_files(MINIMAL, account_notes_csv="id\n1\n")
    report = import_directory(sqlite_engine, write_dir(tmp_path, files))
    assert report.ok
    assert report.warnings == ["account_notes.csv: ignoring unknown file"]


def test_a_missing_optional_column_leaves_stored_values_alone(sqlite_engine: Engine, tmp_path: Path) -> None:
    assert import_directory(sqlite_engine, write_dir(tmp_path, dict(MINIMAL), "first")).ok
    accounts = "id,name,owner_id\nA2,华东精密制造有限公司,u2\n"
    report = import_directory(sqlite_engine, write_dir(tmp_path, with_files(MINIMAL, accounts_csv=accounts), "second"))
    assert report.ok
    assert report.counts["accounts.csv"] == {"inserted": 0, "updated": 0, "unchanged": 1}
    with Session(sqlite_engine) as session:
        account = session.get(Account, "A2")
        assert account is not None
        assert (account.legal_rep, account.parent_id, account.aliases) == ("张三", "A1", ["华东精密", "HDJM"])


def test_a_header_only_file_has_no_rows(sqlite_engine: Engine, tmp_path: Path) -> None:
    files = with_files(MINIMAL, contacts_csv="id,account_id,name\n")
    report = import_directory(sqlite_engine, write_dir(tmp_path, files))
    assert report.ok, report.errors
    assert report.counts["contacts.csv"] == {"inserted": 0, "updated": 0, "unchanged": 0}


def _note_loader(calls: list[Path]):  # type: ignore[no-untyped-def]
    """A document loader that needs the staged account A2 to be visible in the session."""

    def load(directory: Path, session: Session) -> tuple[list[Document], list[ImportIssue], list[str]]:
        calls.append(directory)
        account = session.get(Account, "A2")
        assert account is not None, "CSV rows must be flushed before documents are loaded"
        note = Document(
            id="note-1",
            account_id=account.id,
            body=(directory / "n1.md").read_text(encoding="utf-8"),
            occurred_at=datetime(2026, 2, 20, 2, 0, tzinfo=UTC),
        )
        return [note], [], ["documents/n1.md: no language given"]

    return load


def test_documents_are_loaded_in_the_same_transaction(sqlite_engine: Engine, tmp_path: Path) -> None:
    files = with_files(MINIMAL)
    files["documents/n1.md"] = "会议纪要：客户确认预算。"
    folder = write_dir(tmp_path, files)
    calls: list[Path] = []
    report = import_directory(sqlite_engine, folder, documents=_note_loader(calls))
    assert report.ok, report.errors
    assert calls == [folder / "documents"]
    assert report.counts["documents"] == {"inserted": 1, "updated": 0, "unchanged": 0}
    assert report.changed_documents == ["note-1"]
    assert report.warnings == ["documents/n1.md: no language given"]
    again = import_directory(sqlite_engine, folder, documents=_note_loader(calls))
    assert again.counts["documents"] == {"inserted": 0, "updated": 0, "unchanged": 1}
    assert again.changed_documents == []


def test_a_document_error_rolls_back_the_csv_rows_too(sqlite_engine: Engine, tmp_path: Path) -> None:
    files = with_files(MINIMAL)
    files["documents/bad.eml"] = "not an e-mail"
    empty = dump(sqlite_engine)

    def failing(directory: Path, session: Session) -> tuple[Sequence[Document], list[ImportIssue], list[str]]:
        assert session.get(Account, "A1") is not None
        return [], [ImportIssue(file="documents/bad.eml", row=0, column="-", message="matches no account")], []

    report = import_directory(sqlite_engine, write_dir(tmp_path, files), documents=failing)
    assert not report.ok
    assert [str(e) for e in report.errors] == ["documents/bad.eml:0: -: matches no account"]
    assert report.counts == {}
    assert dump(sqlite_engine) == empty


def test_documents_folder_without_a_loader_is_skipped_with_a_warning(sqlite_engine: Engine, tmp_path: Path) -> None:
    files = with_files(MINIMAL)
    files["documents/n1.md"] = "text"
    report = import_directory(sqlite_engine, write_dir(tmp_path, files))
    assert report.ok
    assert report.warnings == ["documents/: skipped (no document loader configured)"]
    assert "documents" not in report.counts
