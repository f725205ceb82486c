"""tillage import: every kind of bad input is reported as FILE:ROW: COLUMN: message and nothing is written."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pytest
from importdata import BASE, MINIMAL, dump, messages, with_files, write_dir
from sqlalchemy import Engine

from assistant.crm.importer import ImportReport, import_directory

USERS = "id,email,name,role,manager_id\nu1,a@x.cn,A,admin,\nu2,b@x.cn,B,rep,u1\n"


@pytest.fixture
def seeded(sqlite_engine: Engine, tmp_path: Path) -> Engine:
    """A database already holding the full BASE import, so 'unchanged' means something."""
    assert import_directory(sqlite_engine, write_dir(tmp_path, dict(BASE), "seed")).ok
    return sqlite_engine


def _fails(engine: Engine, tmp_path: Path, files: Mapping[str, str | bytes]) -> ImportReport:
    """Import ``files``, assert it failed and left every table exactly as it was."""
    before = dump(engine)
    report = import_directory(engine, write_dir(tmp_path, files, "bad"))
    assert not report.ok
    assert report.counts == {}
    assert dump(engine) == before
    return report


def test_bad_cells_and_unknown_references_on_both_backends(engine: Engine, tmp_path: Path) -> None:
    accounts = "id,name,owner_id,founded\nA1,甲,u1,2008/05/12\nA2,乙,u9,2026-02-30\n"
    contacts = "id,account_id,name\nc1,A1,张三\nc2,A7,李四\n"
    report = _fails(engine, tmp_path, {"users.csv": USERS, "accounts.csv": accounts, "contacts.csv": contacts})
    assert messages(report) == [
        "accounts.csv:2: founded: must be an ISO date YYYY-MM-DD, got '2008/05/12'",
        "accounts.csv:3: founded: is not a valid date: '2026-02-30'",
        "accounts.csv:3: owner_id: unknown user 'u9' (neither in users.csv nor in the database)",
        "contacts.csv:3: account_id: unknown account 'A7' (neither in accounts.csv nor in the database)",
    ]
    first = report.errors[0]
    assert (first.file, first.row, first.column) == ("accounts.csv", 2, "founded")


def test_bad_datetimes(seeded: Engine, tmp_path: Path) -> None:
    activities = (
        "id,account_id,kind,occurred_at\n"
        "a1,A2,meeting,yesterday\n"
        "a2,A2,call,2026-02-20T25:00:00\n"
        "a3,A2,call,2026-02-20T10:00:00+08:00\n"
        "a4,A2,call,\n"
    )
    report = _fails(seeded, tmp_path, with_files(MINIMAL, activities_csv=activities))
    assert messages(report) == [
        "activities.csv:2: occurred_at: must be an ISO date-time like 2026-03-01T09:30:00+08:00, got 'yesterday'",
        "activities.csv:3: occurred_at: is not a valid date-time: '2026-02-20T25:00:00'",
        "activities.csv:5: occurred_at: required value is missing",
    ]


def test_unknown_references_within_the_import_and_against_the_database(seeded: Engine, tmp_path: Path) -> None:
    # A2, c1 and o1 exist only in the database; A8, c9, o9, u9 and l9 exist nowhere.
    files = {
        "users.csv": "id,email,name,role,manager_id\nu5,e@x.cn,E,rep,u9\n",
        "accounts.csv": "id,name,owner_id,parent_id\nA5,戊,u5,A8\n",
        "opportunities.csv": "id,account_id,name,amount,status,owner_id\no5,A5,Deal,10,open,u9\n",
        "orders.csv": "id,account_id,opportunity_id,product,amount,ordered_at\nr5,A2,o9,MES,1,2026-01-01\n",
        "activities.csv": "id,account_id,contact_ids,kind,occurred_at\na5,A5,c1;c9;c8,call,2026-01-01\n",
        "lead_events.csv": "id,lead_id,kind,occurred_at\nle5,l9,site_visit,2026-01-01\n",
    }
    report = _fails(seeded, tmp_path, files)
    assert messages(report) == [
        "users.csv:2: manager_id: unknown user 'u9' (neither in users.csv nor in the database)",
        "accounts.csv:2: parent_id: unknown account 'A8' (neither in accounts.csv nor in the database)",
        "opportunities.csv:2: owner_id: unknown user 'u9' (neither in users.csv nor in the database)",
        "orders.csv:2: opportunity_id: unknown opportunity 'o9' (neither in opportunities.csv nor in the database)",
        "activities.csv:2: contact_ids: unknown contact 'c9' (neither in contacts.csv nor in the database)",
        "activities.csv:2: contact_ids: unknown contact 'c8' (neither in contacts.csv nor in the database)",
        "lead_events.csv:2: lead_id: unknown lead 'l9' (neither in leads.csv nor in the database)",
    ]


def test_wrong_enums_booleans_and_numbers(seeded: Engine, tmp_path: Path) -> None:
    users = "id,email,name,role\nu1,a@x.cn,A,Rep\n"
    accounts = 'id,name,owner_id,status,employees,registered_capital\nA1,甲,u1,closed,"1,200","1,000.00"\n'
    opportunities = (
        "id,account_id,name,amount,status,value_confirmed,f_price,currency\no1,A1,Deal,12.345,open,yes,3,rmb\n"
    )
    contacts = "id,account_id,name,influence,strength,stance\nc1,A1,Z,6,0,friend\n"
    surveys = "id,account_id,nps,answered_at\ns1,A1,11,2026-01-01\n"
    files = {
        "users.csv": users,
        "accounts.csv": accounts,
        "opportunities.csv": opportunities,
        "contacts.csv": contacts,
        "surveys.csv": surveys,
    }
    report = _fails(seeded, tmp_path, files)
    assert messages(report) == [
        "users.csv:2: role: must be one of rep, manager, admin; got 'Rep'",
        "accounts.csv:2: employees: must be a whole number, got '1,200'",
        "accounts.csv:2: registered_capital: must be a decimal number like 1234.50 (no thousands separators), "
        "got '1,000.00'",
        "accounts.csv:2: status: must be one of active, high_risk, churned; got 'closed'",
        "contacts.csv:2: influence: must be between 1 and 5, got 6",
        "contacts.csv:2: stance: must be one of supporter, neutral, opponent; got 'friend'",
        "contacts.csv:2: strength: must be between 1 and 5, got 0",
        "opportunities.csv:2: amount: must have at most 2 decimal places, got '12.345'",
        "opportunities.csv:2: currency: must be a 3-letter currency code like CNY, got 'rmb'",
        "opportunities.csv:2: value_confirmed: must be true or false, got 'yes'",
        "opportunities.csv:2: f_price: must be between -2 and 2, got 3",
        "surveys.csv:2: nps: must be between 0 and 10, got 11",
    ]


def test_range_boundaries_are_accepted(sqlite_engine: Engine, tmp_path: Path) -> None:
    contacts = "id,account_id,name,influence,strength\nc1,A1,Z,1,5\nc2,A1,Y,5,1\n"
    surveys = "id,account_id,nps,answered_at\ns1,A1,0,2026-01-01\ns2,A1,10,2026-01-01\n"
    opportunities = "id,account_id,name,amount,status,f_price,f_brand\no1,A1,D,0.01,lost,-2,2\n"
    files = with_files(MINIMAL, contacts_csv=contacts, surveys_csv=surveys, opportunities_csv=opportunities)
    report = import_directory(sqlite_engine, write_dir(tmp_path, files))
    assert report.ok, messages(report)


def test_non_utf8_file_names_row_and_column(seeded: Engine, tmp_path: Path) -> None:
    text = "id,name,owner_id\nA1,华东,u1\nA2,Acme,u1\nA3,上海,u1\n"
    files = with_files(MINIMAL)
    files["accounts.csv"] = text.encode("gbk")
    report = _fails(seeded, tmp_path, files)
    # 华 is BB AA in GBK; 上 is C9 CF: neither starts a valid UTF-8 sequence.
    assert messages(report) == [
        "accounts.csv:2: name: invalid UTF-8 byte 0xBB (save the file as UTF-8)",
        "accounts.csv:4: name: invalid UTF-8 byte 0xC9 (save the file as UTF-8)",
    ]


def test_non_utf8_header(seeded: Engine, tmp_path: Path) -> None:
    files = with_files(MINIMAL)
    files["accounts.csv"] = "编号,name\n".encode("gbk")
    report = _fails(seeded, tmp_path, files)
    assert messages(report) == ["accounts.csv:1: -: header: invalid UTF-8 byte 0xB1 (save the file as UTF-8)"]


def test_empty_and_missing_required_files(seeded: Engine, tmp_path: Path) -> None:
    files: dict[str, str | bytes] = {"accounts.csv": b"", "contacts.csv": b"\xef\xbb\xbf"}
    report = _fails(seeded, tmp_path, files)
    assert messages(report) == [
        "users.csv:0: -: required file is missing",
        "accounts.csv:1: -: file is empty",
        "contacts.csv:1: -: file is empty",
    ]


def test_duplicate_ids_name_both_rows(seeded: Engine, tmp_path: Path) -> None:
    accounts = "id,name,owner_id\nA1,甲,u1\nA2,乙,u1\nA1,丙,u1\nA1,丁,u1\n"
    report = _fails(seeded, tmp_path, with_files(MINIMAL, accounts_csv=accounts))
    assert messages(report) == [
        "accounts.csv:4: id: duplicate id 'A1' (rows 2 and 4)",
        "accounts.csv:5: id: duplicate id 'A1' (rows 2 and 5)",
    ]


def test_duplicate_and_taken_emails(seeded: Engine, tmp_path: Path) -> None:
    # li.na@example.com belongs to the stored user u2; u7 may not take it.
    users = "id,email,name,role\nu7,Li.Na@example.com,X,rep\nu8,x@x.cn,Y,rep\nu9,X@X.CN,Z,rep\n"
    report = _fails(seeded, tmp_path, with_files(MINIMAL, users_csv=users, accounts_csv="id,name,owner_id\n"))
    assert messages(report) == [
        "users.csv:2: email: 'Li.Na@example.com' already belongs to user 'u2'",
        "users.csv:4: email: 'X@X.CN' is also on row 3",
    ]


def test_missing_required_column_and_cell(seeded: Engine, tmp_path: Path) -> None:
    contacts = "id,account_id,title\nc1,A1,CFO\n"
    accounts = "id,name,owner_id\nA1,,u1\n,乙,u1\n"
    report = _fails(seeded, tmp_path, with_files(MINIMAL, accounts_csv=accounts, contacts_csv=contacts))
    assert messages(report) == [
        "accounts.csv:2: name: required value is missing",
        "accounts.csv:3: id: required value is missing",
        "contacts.csv:1: name: required column is missing",
    ]


def test_wrong_number_of_cells_and_broken_quotes(seeded: Engine, tmp_path: Path) -> None:
    accounts = "id,name,owner_id\nA1,甲,u1\nA2,乙,u1,extra\nA3,丙\n"
    contacts = 'id,account_id,name\nc1,A2,"unterminated\n'
    report = _fails(seeded, tmp_path, with_files(MINIMAL, accounts_csv=accounts, contacts_csv=contacts))
    assert messages(report) == [
        "accounts.csv:3: -: expected 3 cells as in the header, found 4",
        "accounts.csv:4: -: expected 3 cells as in the header, found 2",
        "contacts.csv:2: -: malformed CSV (unexpected end of data); the rest of the file was not read",
    ]


def test_cycles_in_parent_and_manager(seeded: Engine, tmp_path: Path) -> None:
    users = "id,email,name,role,manager_id\nu5,e@x.cn,E,rep,u5\nu6,f@x.cn,F,rep,u7\nu7,g@x.cn,G,rep,u6\n"
    accounts = "id,name,owner_id,parent_id\nA5,戊,u5,\nA6,己,u5,A7\nA7,庚,u5,A8\nA8,辛,u5,A6\n"
    report = _fails(seeded, tmp_path, {"users.csv": users, "accounts.csv": accounts})
    assert messages(report) == [
        "users.csv:2: manager_id: manager_id forms a cycle: u5 -> u5",
        "users.csv:3: manager_id: manager_id forms a cycle: u6 -> u7 -> u6",
        "accounts.csv:3: parent_id: parent_id forms a cycle: A6 -> A7 -> A8 -> A6",
    ]


def test_cycle_through_a_stored_parent(seeded: Engine, tmp_path: Path) -> None:
    # Stored: A2's parent is A1. Making A1 a child of A2 closes the loop.
    accounts = "id,name,owner_id,parent_id\nA1,华东集团,u1,A2\n"
    report = _fails(seeded, tmp_path, with_files(MINIMAL, accounts_csv=accounts))
    assert messages(report) == ["accounts.csv:2: parent_id: parent_id forms a cycle: A1 -> A2 -> A1"]


def test_every_problem_is_reported_in_file_then_row_order(seeded: Engine, tmp_path: Path) -> None:
    files = {
        "orders.csv": "id,account_id,product,amount,ordered_at\nr1,A1,MES,abc,2026-01-01\n",
        "accounts.csv": "id,name,owner_id\nA1,甲,u1\nA1,乙,u1\n",
        "users.csv": "id,email,name,role\nu1,not-an-email,A,admin\n",
    }
    report = _fails(seeded, tmp_path, files)
    assert messages(report) == [
        "users.csv:2: email: must be an e-mail address, got 'not-an-email'",
        "accounts.csv:3: id: duplicate id 'A1' (rows 2 and 3)",
        "orders.csv:2: amount: must be a decimal number like 1234.50 (no thousands separators), got 'abc'",
    ]


def test_overlong_text_is_refused(seeded: Engine, tmp_path: Path) -> None:
    accounts = f"id,name,owner_id\n{'A' * 65},甲,u1\n"
    report = _fails(seeded, tmp_path, with_files(MINIMAL, accounts_csv=accounts))
    assert messages(report) == ["accounts.csv:2: id: is longer than 64 characters (65)"]


def test_not_a_directory(sqlite_engine: Engine, tmp_path: Path) -> None:
    report = import_directory(sqlite_engine, tmp_path / "nope")
    assert messages(report) == [f"{tmp_path / 'nope'}:0: -: not a directory"]


def test_what_the_database_still_refuses_is_reported_and_rolled_back(seeded: Engine, tmp_path: Path) -> None:
    # Swapping two stored users' e-mails passes the checks (each address moves to a user of the
    # import) but the unique index refuses the first row written; the whole import is undone.
    users = "id,email,name,role\nu1,li.na@example.com,王伟,manager\nu2,wang.wei@example.com,李娜,rep\n"
    report = _fails(seeded, tmp_path, with_files(MINIMAL, users_csv=users, accounts_csv="id,name,owner_id\n"))
    assert messages(report) == ["-:0: -: database refused the import: UNIQUE constraint failed: users.email"]
