"""Export of the demo world in the import format: determinism, columns, documents that parse back."""

from __future__ import annotations

import csv
import email
import json
import re
from collections.abc import Iterator
from datetime import datetime
from email import policy
from pathlib import Path
from typing import Any

import frontmatter
import pytest
from sqlalchemy import Engine, text

from assistant.crm import db
from assistant.crm.demo import WorldSummary, build_world, export_world
from assistant.crm.documents import documents_loader
from assistant.crm.importer import import_directory

CONTRACT = Path(__file__).resolve().parents[2] / "shared" / "import-format.md"
#: The import contract's columns, in its order (the same list is parsed from the contract when present).
EXPECTED = {
    "users.csv": "id,email,name,role,manager_id,team,slack_user_id",
    "accounts.csv": "id,name,aliases,registry_id,industry,region,employees,registered_capital,founded,parent_id,"
    "owner_id,status,legal_rep",
    "contacts.csv": "id,account_id,name,title,department,role,influence,stance,strength,layer,email,phone,"
    "last_contacted",
    "opportunities.csv": "id,account_id,name,stage,amount,currency,expected_close,owner_id,status,products,"
    "competitor,value_proposition,customer_pain,value_confirmed,f_price,f_product_fit,f_service,f_delivery,"
    "f_technical,f_brand,f_relationship,f_commercial,f_responsiveness",
    "orders.csv": "id,account_id,opportunity_id,product,amount,ordered_at,due_at,paid_at",
    "quotes.csv": "id,opportunity_id,amount,status",
    "activities.csv": "id,account_id,contact_ids,opportunity_id,kind,occurred_at,summary",
    "tickets.csv": "id,account_id,opened_at,resolved_at,severity,sla_breached",
    "surveys.csv": "id,account_id,nps,answered_at",
    "risk_events.csv": "id,account_id,kind,severity,occurred_at,source,details",
    "leads.csv": "id,company,contact_name,title,industry,employees,region,created_at,outcome,owner_id",
    "lead_events.csv": "id,lead_id,kind,occurred_at",
}


def build_and_export(directory: Path, seed: int, accounts: int = 120, url: str | None = None) -> WorldSummary:
    engine = db.make_engine(url or f"sqlite:///{directory / 'crm.sqlite3'}")
    db.upgrade(engine)
    try:
        summary = build_world(engine, seed=seed, accounts=accounts)
        export_world(engine, directory / "export")
    finally:
        engine.dispose()
    return summary


def files(directory: Path) -> dict[str, bytes]:
    return {str(p.relative_to(directory)): p.read_bytes() for p in sorted(directory.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, WorldSummary, Engine]]:
    base = tmp_path_factory.mktemp("export")
    engine = db.make_engine(f"sqlite:///{base / 'crm.sqlite3'}")
    db.upgrade(engine)
    summary = build_world(engine, seed=7, accounts=120)
    export_world(engine, base / "export")
    yield base / "export", summary, engine
    engine.dispose()


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def contract_columns() -> dict[str, str]:
    """Columns per file as written in shared/import-format.md (bold and value lists removed)."""
    found: dict[str, str] = {}
    for line in CONTRACT.read_text(encoding="utf-8").splitlines():
        match = re.match(r"\| (\w+\.csv) \| (.+) \|$", line)
        if match:
            cells = re.sub(r"\([^)]*\)", "", match.group(2)).replace("*", "")
            found[match.group(1)] = ",".join(c.strip() for c in cells.split(",") if c.strip())
    return found


def test_same_seed_gives_byte_identical_export_and_another_seed_differs(
    exported: tuple[Path, WorldSummary, Engine], tmp_path: Path
) -> None:
    first, _, _ = exported
    build_and_export(tmp_path / "again", seed=7)
    build_and_export(tmp_path / "other", seed=8)
    reference = files(first)
    assert files(tmp_path / "again" / "export") == reference
    other = files(tmp_path / "other" / "export")
    assert other["accounts.csv"] != reference["accounts.csv"]
    assert other["users.csv"] == reference["users.csv"]


def test_headers_are_exactly_the_import_format(exported: tuple[Path, WorldSummary, Engine]) -> None:
    directory, _, _ = exported
    if CONTRACT.exists():
        assert contract_columns() == EXPECTED
    for name, header in EXPECTED.items():
        first_line = (directory / name).read_text(encoding="utf-8").split("\n", 1)[0]
        assert first_line == header, name


def test_rows_sorted_by_id_and_cells_formatted(exported: tuple[Path, WorldSummary, Engine]) -> None:
    directory, summary, _ = exported
    for name in EXPECTED:
        ids = [row["id"] for row in read_csv(directory / name)]
        assert ids == sorted(ids) and len(ids) == len(set(ids)), name
        assert len(ids) == summary.counts[name.removesuffix(".csv")]
    opportunities = read_csv(directory / "opportunities.csv")
    assert {row["value_confirmed"] for row in opportunities} == {"true", "false"}
    assert all(re.fullmatch(r"\d+\.\d\d", row["amount"]) for row in opportunities)
    assert any(row["f_price"] == "" for row in opportunities) and any(";" in row["products"] for row in opportunities)
    orders = read_csv(directory / "orders.csv")
    assert any(row["paid_at"] == "" for row in orders) and all(
        re.fullmatch(r"\d{4}-\d\d-\d\d", r["ordered_at"]) for r in orders
    )
    for row in read_csv(directory / "activities.csv"):
        assert datetime.fromisoformat(row["occurred_at"]).utcoffset() is not None
    tickets = read_csv(directory / "tickets.csv")
    assert {row["sla_breached"] for row in tickets} == {"true", "false"}


def test_every_stored_field_is_exported(exported: tuple[Path, WorldSummary, Engine]) -> None:
    directory, _, engine = exported
    with engine.connect() as connection:
        db_links = connection.execute(text("select activity_id, contact_id from activity_contacts")).all()
        account = (
            connection.execute(text("select * from accounts where parent_id is not null limit 1")).mappings().one()
        )
    exported_links = {
        (row["id"], contact)
        for row in read_csv(directory / "activities.csv")
        for contact in row["contact_ids"].split(";")
        if contact
    }
    assert exported_links == {(a, c) for a, c in db_links}
    row = next(r for r in read_csv(directory / "accounts.csv") if r["id"] == account["id"])
    assert row["aliases"].split(";") == list(json.loads(account["aliases"]))
    assert row["parent_id"] == account["parent_id"] and row["legal_rep"] == account["legal_rep"]
    assert float(row["registered_capital"]) == float(account["registered_capital"])


def test_notes_parse_back_with_their_front_matter(exported: tuple[Path, WorldSummary, Engine]) -> None:
    directory, _, engine = exported
    notes = sorted((directory / "documents").glob("*.md"))
    assert len(notes) > 200
    with engine.connect() as connection:
        for path in notes[:40]:
            post = frontmatter.loads(path.read_text(encoding="utf-8"))
            record = (
                connection.execute(text("select * from documents where id = :i"), {"i": post["id"]}).mappings().one()
            )
            assert path.stem == record["id"] and post.content == record["body"]
            assert post["account_id"] == record["account_id"] and post["kind"] == "meeting_note"
            assert post["author"] == record["author"] and post["language"] == record["language"]
            assert post["participants"] == json.loads(record["participants"])
            assert post.get("opportunity_id") == record["opportunity_id"]
            assert datetime.fromisoformat(str(post["occurred_at"])).utcoffset() is not None


def parse(path: Path) -> Any:
    return email.message_from_bytes(path.read_bytes(), policy=policy.default)


def test_chinese_mail_in_gbk_and_gb18030_parses_back_to_the_body(exported: tuple[Path, WorldSummary, Engine]) -> None:
    directory, _, engine = exported
    mails = sorted((directory / "documents").glob("*.eml"))
    charsets: dict[str, list[Path]] = {}
    for path in mails:
        charsets.setdefault(parse(path).get_content_charset(), []).append(path)
    assert {"gbk", "gb18030", "utf-8", "us-ascii"} <= set(charsets)
    encodings = {parse(p)["Content-Transfer-Encoding"] for p in charsets["gbk"] + charsets["gb18030"]}
    assert encodings == {"base64", "quoted-printable"}
    with engine.connect() as connection:
        for path in charsets["gbk"][:5] + charsets["gb18030"][:5]:
            message = parse(path)
            record = (
                connection.execute(text("select * from documents where id = :i"), {"i": path.stem}).mappings().one()
            )
            plain = message.get_body(("plain",)).get_content()
            assert plain == record["original"] + "\n" and record["body"] in plain
            assert str(message["Subject"]) == record["subject"]
            assert message["X-Account-Id"] == record["account_id"]
            assert message["Message-ID"] == f"<{record['id']}>"
            addresses = [a.addr_spec for h in ("From", "To", "Cc") if message[h] for a in message[h].addresses]
            assert addresses == json.loads(record["participants"]) and addresses[0] == record["author"]
            assert re.search(r"[\u4e00-\u9fff]", record["body"])
            raw = path.read_bytes()
            assert raw.isascii() and "价格".encode() not in raw


def test_export_rewrites_an_existing_directory(exported: tuple[Path, WorldSummary, Engine], tmp_path: Path) -> None:
    _, _, engine = exported
    target = tmp_path / "out"
    (target / "documents").mkdir(parents=True)
    (target / "documents" / "stale.md").write_text("---\nid: old\n---\n\nold", encoding="utf-8")
    (target / "notes.txt").write_text("keep me", encoding="utf-8")
    export_world(engine, target)
    assert not (target / "documents" / "stale.md").exists()
    assert (target / "notes.txt").read_text(encoding="utf-8") == "keep me"


def test_importer_reads_the_export_back_to_the_same_rows_and_files(
    exported: tuple[Path, WorldSummary, Engine], tmp_path: Path
) -> None:
    directory, summary, source = exported
    engine = db.make_engine(f"sqlite:///{tmp_path / 'copy.sqlite3'}")
    db.upgrade(engine)
    try:
        report = import_directory(engine, directory, documents=documents_loader)
        assert report.ok, report.errors[:3]
        assert report.counts["documents"]["inserted"] == summary.counts["documents"]
        export_world(engine, tmp_path / "again")
        query = text("select * from documents order by id")
        with engine.connect() as copy, source.connect() as original:
            imported = [dict(row) for row in copy.execute(query).mappings()]
            generated = [dict(row) for row in original.execute(query).mappings()]
    finally:
        engine.dispose()
    # The demo stores each document exactly as importing its file stores it (body, original, hash...).
    assert imported == generated
    assert files(tmp_path / "again") == files(directory)


@pytest.mark.postgres
def test_postgresql_build_exports_the_same_bytes_as_sqlite(pg_url: str, tmp_path: Path) -> None:
    (tmp_path / "pg").mkdir()
    (tmp_path / "lite").mkdir()
    on_postgres = build_and_export(tmp_path / "pg", seed=11, accounts=30, url=pg_url)
    on_sqlite = build_and_export(tmp_path / "lite", seed=11, accounts=30)
    assert on_postgres == on_sqlite
    assert files(tmp_path / "pg" / "export") == files(tmp_path / "lite" / "export")


@pytest.mark.slow
def test_two_thousand_accounts_build(sqlite_engine: Engine) -> None:
    summary = build_world(sqlite_engine, seed=3, accounts=2000)
    assert summary.counts["accounts"] == 2000
    assert len(summary.group_account_ids) == 2000 // 30
    with sqlite_engine.connect() as connection:
        no_contacts = connection.execute(
            text("select count(*) from accounts where id not in (select account_id from contacts)")
        ).scalar_one()
        names = connection.execute(text("select count(distinct name) from accounts")).scalar_one()
    assert no_contacts == 0 and names == 2000
    assert 9000 <= summary.counts["documents"] <= 11000
    assert summary.counts["orders"] > 30_000
