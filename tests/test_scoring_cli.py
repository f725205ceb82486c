"""``tillage score rfm|health|risk``, ``tillage risk sweep|undo``, ``tillage portfolio`` end to end."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from scoring_world import AS_OF, World
from sqlmodel import Session
from typer.testing import CliRunner

from assistant.cli.app import app
from assistant.crm import db

DAY = AS_OF.isoformat()


@pytest.fixture
def cli_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "cli.sqlite3"
    engine = db.make_engine(f"sqlite:///{path}")
    db.upgrade(engine)
    with Session(engine, expire_on_commit=False) as session:
        w = World(session)
        w.account("A1", name="Alpha Trading")
        w.account("A2", name="Alpha Trading Holdings", owner="rep1")
        w.account("B1", name="Bravo Steel", owner="rep2")
        w.account("C1", name="Charlie Foods", owner="rep3")
        w.contact("A1", layer="key", last_contacted=AS_OF - timedelta(days=2))
        w.paid("A1", AS_OF - timedelta(days=20), 800.0, oid="o-a1")
        opp = w.opportunity("A1", "opp-1")
        w.quote(opp.id, "sent", "q-1")
        w.event("A1", "dishonest_debtor", AS_OF - timedelta(days=1), eid="ev-1")
        w.document("A1", AS_OF - timedelta(days=3), "The customer is very unhappy: repeated delays and poor quality.")
        session.commit()
    engine.dispose()
    monkeypatch.setenv("TILLAGE_DATABASE_URL", f"sqlite:///{path}")
    return path


def run(*args: str) -> tuple[int, Any, str]:
    result = CliRunner().invoke(app, list(args))
    try:
        doc = json.loads(result.stdout)
    except json.JSONDecodeError:
        doc = None
    return result.exit_code, doc, result.stdout + result.stderr


def test_scores_as_json(cli_db: Path) -> None:
    code, rfm, _ = run("score", "rfm", "A1", "--user", "rep1@t.example", "--as-of", DAY, "--json")
    assert code == 0 and (rfm["r"], rfm["last_order_id"], rfm["account_name"]) == (5, "o-a1", "Alpha Trading")
    code, health, _ = run("score", "health", "Alpha Trading", "--user", "rep1@t.example", "--as-of", DAY, "--json")
    assert code == 0 and health["account_id"] == "A1" and len(health["indicators"]) == 12
    code, risk, _ = run("score", "risk", "A1", "--user", "mgr@t.example", "--as-of", DAY, "--json")
    assert code == 0 and risk["level"] == "high" and risk["signals"][0]["kind"] == "dishonest_debtor"
    assert run("score", "rfm", "A1", "--user", "rep1@t.example", "--as-of", DAY, "--json")[1] == rfm


def test_human_output(cli_db: Path) -> None:
    code, _, out = run("score", "rfm", "A1", "--user", "rep1@t.example", "--as-of", DAY)
    assert (code == 0 and "重要" in out) or "needs waking" in out or "important" in out


def test_not_visible_answers_like_missing(cli_db: Path) -> None:
    hidden = run("score", "rfm", "Bravo Steel", "--user", "rep1@t.example", "--json")
    missing = run("score", "rfm", "Zulu Ltd", "--user", "rep1@t.example", "--json")
    assert hidden[0] == missing[0] == 2
    assert hidden[1] == {"error": "no account matches 'Bravo Steel'"}
    assert missing[1] == {"error": "no account matches 'Zulu Ltd'"}


def test_ambiguous_names_list_candidates(cli_db: Path) -> None:
    code, doc, _ = run("score", "health", "Alpha", "--user", "rep1@t.example", "--json")
    assert code == 2 and [c["id"] for c in doc["candidates"]] == ["A1", "A2"]
    code, _, out = run("score", "health", "Alpha", "--user", "rep1@t.example")
    assert code == 2 and "A1" in out and "A2" in out


def test_bad_input_exits_2(cli_db: Path) -> None:
    assert run("score", "risk", "A1", "--user", "nobody@t.example", "--json")[0] == 2
    code, doc, _ = run("score", "risk", "A1", "--user", "rep1@t.example", "--as-of", "30/06/2025", "--json")
    assert code == 2 and "--as-of" in doc["error"]


def test_sweep_and_undo(cli_db: Path) -> None:
    code, report, _ = run("risk", "sweep", "--as-of", DAY, "--json")
    assert code == 0
    kinds = [(a["account_id"], a["kind"]) for a in report["actions"]]
    assert kinds[:3] == [("A1", "status_high_risk"), ("A1", "freeze_quotes"), ("A1", "finance_task")]
    code, again, _ = run("risk", "sweep", "--as-of", DAY, "--json")
    assert code == 0 and again["actions"] == [] and again["already_recorded"] == len(report["actions"])
    status_id = str(report["actions"][0]["id"])
    assert run("risk", "undo", status_id, "--user", "rep1@t.example", "--json")[0] == 2
    assert run("risk", "undo", status_id, "--user", "mgr2@t.example", "--json")[0] == 2
    code, undone, _ = run("risk", "undo", status_id, "--user", "mgr@t.example", "--json")
    assert code == 0 and undone["restored"] == {"status": "active"}
    code, doc, _ = run("risk", "undo", status_id, "--user", "adm@t.example", "--json")
    assert code == 1 and "already undone" in doc["error"]


def test_portfolio(cli_db: Path) -> None:
    code, doc, _ = run("portfolio", "--user", "mgr@t.example", "--as-of", DAY, "--sort", "id", "--json")
    assert code == 0 and [r["account_id"] for r in doc["rows"]] == ["A1", "A2", "B1"]
    code, doc, _ = run(
        "portfolio", "--user", "mgr@t.example", "--as-of", DAY, "--at-risk", "--min-risk", "high", "--json"
    )
    assert code == 0 and [r["account_id"] for r in doc["rows"]] == ["A2", "B1", "A1"]  # worst health first
    code, doc, _ = run("portfolio", "--user", "adm@t.example", "--as-of", DAY, "--tier", "D", "--limit", "1", "--json")
    assert code == 0 and doc["matched"] == 3 and len(doc["rows"]) == 1
    code, _, out = run("portfolio", "--user", "rep3@t.example", "--as-of", DAY)
    assert code == 0 and "C1" in out and "A1" not in out
    code, doc, _ = run("portfolio", "--user", "rep1@t.example", "--sort", "karma", "--json")
    assert code == 1 and "sort_by" in doc["error"]


def test_document_sentiment_reaches_health_the_same_way_everywhere(cli_db: Path) -> None:
    code, health, _ = run("score", "health", "A1", "--user", "rep1@t.example", "--as-of", DAY, "--json")
    sentiment = next(i for i in health["indicators"] if i["name"] == "sentiment_trend")
    assert code == 0 and sentiment["missing"] is False and sentiment["score"] < 50
    code, doc, _ = run("portfolio", "--user", "rep1@t.example", "--as-of", DAY, "--sort", "id", "--json")
    row = next(r for r in doc["rows"] if r["account_id"] == "A1")
    assert (row["health"], row["confidence"]) == (health["score"], health["confidence"])
