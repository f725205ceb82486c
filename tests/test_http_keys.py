"""API keys and Slack event receipts: the migration, hashed storage, the CLI, on SQLite and PostgreSQL."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from alembic.script import ScriptDirectory
from channels_support import build_world
from sqlalchemy import Engine, inspect, select, update
from typer.testing import CliRunner

from assistant.cli.app import app
from assistant.crm import db
from assistant.crm.auth_models import ApiKey, SlackEventReceipt
from assistant.service import Tillage
from assistant.settings import load_settings

TOKEN = re.compile(r"^tlg_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$")


@pytest.fixture
def service(db_url: str) -> Iterator[Tillage]:
    service = Tillage(load_settings(database_url=db_url))
    build_world(service)
    yield service
    service.close()


def test_the_migration_adds_and_removes_both_tables(engine: Engine) -> None:
    tables = set(inspect(engine).get_table_names())
    assert {"api_keys", "slack_events"} <= tables
    columns = {c["name"] for c in inspect(engine).get_columns("api_keys")}
    assert columns == {"id", "user_id", "prefix", "hash", "created_at", "last_used_at", "revoked_at"}
    (fk,) = inspect(engine).get_foreign_keys("api_keys")
    assert fk["referred_table"] == "users" and fk["constrained_columns"] == ["user_id"]
    before = ScriptDirectory.from_config(db.alembic_config(engine)).get_revision("0003").down_revision
    assert isinstance(before, str)
    db.downgrade(engine, before)
    assert {"api_keys", "slack_events"}.isdisjoint(inspect(engine).get_table_names())
    db.upgrade(engine)
    assert {"api_keys", "slack_events"} <= set(inspect(engine).get_table_names())


def test_keys_are_stored_hashed_and_authenticate_until_revoked(service: Tillage) -> None:
    new = service.create_api_key(user_email="REP1@t.example")
    assert TOKEN.match(new.token) and new.key.prefix == new.token[:16] and new.key.user_email == "rep1@t.example"
    with service.session() as session:
        row = session.execute(select(ApiKey)).scalar_one()
        stored = [str(v) for v in row.model_dump().values()]
    assert row.hash == hashlib.sha256(new.token.encode()).hexdigest()
    assert all(new.token[17:] not in value for value in stored)
    user = service.authenticate_api_key(new.token)
    assert user is not None and user.id == "U-R1"
    assert service.authenticate_api_key(new.token[:-1] + ("x" if new.token[-1] != "x" else "y")) is None
    assert service.authenticate_api_key(new.token.replace(new.key.id, "0" * 12)) is None
    (listed,) = service.list_api_keys(user_email="rep1@t.example")
    assert listed.last_used_at is not None and listed.revoked_at is None
    with pytest.raises(LookupError, match="has no API key"):
        service.revoke_api_key(new.key.id, user_email="rep2@t.example")  # not rep2's key
    revoked = service.revoke_api_key(new.key.prefix, user_email="rep1@t.example")
    assert revoked.revoked_at is not None
    assert service.authenticate_api_key(new.token) is None
    again = service.revoke_api_key(new.key.id, user_email="rep1@t.example")
    assert again.revoked_at == revoked.revoked_at


def test_slack_events_are_claimed_once_and_forgotten_after_a_day(service: Tillage) -> None:
    assert service.claim_slack_event("Ev-1") is True
    assert service.claim_slack_event("Ev-1") is False
    with service.session() as session:
        old = datetime.now(UTC) - timedelta(days=2)
        session.execute(update(SlackEventReceipt).values(received_at=old))
    assert service.claim_slack_event("Ev-2") is True  # prunes receipts older than a day
    assert service.claim_slack_event("Ev-1") is True


def test_the_keys_cli_shows_a_secret_once(tmp_path: object) -> None:
    service = Tillage()
    build_world(service)
    service.close()
    runner = CliRunner()
    created = runner.invoke(app, ["keys", "create", "--user", "rep1@t.example", "--json"])
    assert created.exit_code == 0, created.output
    new = json.loads(created.stdout)
    assert TOKEN.match(new["token"]) and new["key"]["user_email"] == "rep1@t.example"
    human = runner.invoke(app, ["keys", "create", "--user", "rep2@t.example"])
    second = human.stdout.strip()
    assert human.exit_code == 0 and TOKEN.match(second) and "not shown again" in " ".join(human.stderr.split())
    listed = runner.invoke(app, ["keys", "list", "--json"])
    keys = json.loads(listed.stdout)["keys"]
    assert [k["user_email"] for k in keys] == ["rep1@t.example", "rep2@t.example"]
    secret_parts = [new["token"][17:], second[17:]]
    assert not any(part in listed.stdout for part in secret_parts)
    table = runner.invoke(app, ["keys", "list", "--user", "rep1@t.example"])
    assert table.exit_code == 0 and "API keys" in table.stdout
    assert secret_parts[0] not in table.stdout and "rep2" not in table.stdout
    revoked = runner.invoke(app, ["keys", "revoke", new["key"]["id"], "--user", "rep1@t.example", "--json"])
    assert revoked.exit_code == 0 and json.loads(revoked.stdout)["key"]["revoked_at"]
    wrong = runner.invoke(app, ["keys", "revoke", new["key"]["id"], "--user", "rep2@t.example"])
    assert wrong.exit_code == 2
    nobody = runner.invoke(app, ["keys", "create", "--user", "nobody@t.example", "--json"])
    assert nobody.exit_code == 2 and json.loads(nobody.stdout)["error"] == "unknown user: nobody@t.example"
