"""``tillage score ...`` part-B commands end to end over a real SQLite file: JSON, exit codes, access."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from scoring_b_world import account, ago, contact, lead, lead_event, opportunity, order, users
from sqlmodel import Session
from typer.testing import CliRunner

from assistant.cli.app import app
from assistant.crm import db

AS_OF = "2025-06-30"


@pytest.fixture
def cli_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "cli.sqlite3"
    engine = db.make_engine(f"sqlite:///{path}")
    db.upgrade(engine)
    with Session(engine, expire_on_commit=False) as s:
        users(s)
        account(s, "G", name="Acme Group")
        account(s, "S1", name="Acme North", parent_id="G")
        account(s, "S2", name="Acme South", parent_id="G")
        account(s, "X", name="Hidden Co", owner="u-rep3")
        order(s, "o1", "S2", "MES", 500.0, ago(20))
        contact(s, "c1", "S1", name="王芳", role="financial", department="Finance", layer="key")
        opportunity(s, "O1", "S1", name="North MES", value_proposition="less downtime")
        lead(s, "L1", company="Lead Co", industry="制造")
        lead_event(s, "e1", "L1", "demo_request", ago(30))
    engine.dispose()
    monkeypatch.setenv("TILLAGE_DATABASE_URL", f"sqlite:///{path}")
    return path


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["score", *args])
    return result.exit_code, result.stdout


def test_json_commands_and_determinism(cli_db: Path) -> None:
    code, out = _run("c139", "O1", "--user", "rep1@x.com", "--as-of", AS_OF, "--json")
    assert code == 0
    doc = json.loads(out)
    assert doc["opportunity_id"] == "O1" and doc["value_proposition"] == 50.0
    assert any(a["finding"] == "3.financial_missing" for g in doc["gaps"] for a in g["actions"])
    assert _run("c139", "O1", "--user", "rep1@x.com", "--as-of", AS_OF, "--json")[1] == out
    code, out = _run("tree", "Acme North", "--user", "rep1@x.com", "--as-of", AS_OF, "--json")
    tree = json.loads(out)
    assert (code, tree["penetration"], tree["cross_sell"][0]["product"]) == (0, 50.0, "MES")
    code, out = _run("lead", "L1", "--user", "rep1@x.com", "--as-of", AS_OF, "--json")
    assert (code, json.loads(out)["behaviour"]) == (0, 15.0)
    for command in ("power-map", "qualify", "duplicates", "actions"):
        code, out = _run(command, "S1", "--user", "rep1@x.com", "--as-of", AS_OF, "--json")
        assert code == 0, (command, out)
        assert json.loads(out)


def test_actions_rank_the_key_person_gap(cli_db: Path) -> None:
    code, out = _run("actions", "Acme North", "--user", "rep1@x.com", "--as-of", AS_OF, "--json")
    doc = json.loads(out)
    assert code == 0
    assert [a["rank"] for a in doc["actions"]] == list(range(1, len(doc["actions"]) + 1))
    findings = [a["finding"] for a in doc["actions"]]
    assert "3.financial_missing" in findings and "tree.cross_sell" in findings
    assert findings.index("3.financial_missing") < findings.index("tree.cross_sell")


def test_human_output(cli_db: Path) -> None:
    code, out = _run("qualify", "S1", "--user", "rep1@x.com", "--as-of", AS_OF)
    assert code == 0 and "grade" in out and "purchase_amount" in out


def test_errors_exit_2(cli_db: Path) -> None:
    code, out = _run("tree", "Acme", "--user", "rep1@x.com", "--json")
    assert code == 2
    err = json.loads(out)
    assert {c["id"] for c in err["candidates"]} == {"G", "S1", "S2"}
    hidden = _run("power-map", "X", "--user", "rep1@x.com", "--json")
    missing = _run("power-map", "Y", "--user", "rep1@x.com", "--json")
    assert hidden[0] == missing[0] == 2
    assert json.loads(hidden[1])["error"].replace("'X'", "?") == json.loads(missing[1])["error"].replace("'Y'", "?")
    assert _run("qualify", "S1", "--user", "nobody@x.com", "--json")[0] == 2
    code, out = _run("lead", "L1", "--user", "rep1@x.com", "--as-of", "30/06/2025", "--json")
    assert code == 2 and "--as-of" in json.loads(out)["error"]


def test_lead_duplicates_and_ambiguous_text(cli_db: Path) -> None:
    code, out = _run("duplicates", "L1", "--lead", "--user", "rep1@x.com", "--json")
    assert (code, json.loads(out)["target_kind"]) == (0, "lead")
    result = CliRunner().invoke(app, ["score", "qualify", "Acme", "--user", "rep1@x.com"])
    assert result.exit_code == 2
    text = " ".join(result.stderr.split())  # rich may wrap the line
    assert "Acme North (S1)" in text and "Acme South (S2)" in text
