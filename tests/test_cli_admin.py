"""The set-up commands through the real CLI entry point: one JSON document, exit codes, all-or-nothing import."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from importdata import BASE, write_dir
from typer.testing import CliRunner

from assistant.cli.app import app

runner = CliRunner()


def _json(args: list[str], code: int = 0) -> dict[str, object]:
    result = runner.invoke(app, args)
    assert result.exit_code == code, result.output
    document = json.loads(result.stdout)
    assert isinstance(document, dict)
    return document


def _rows(value: object) -> list[dict[str, str]]:
    assert isinstance(value, list)
    return value


@pytest.fixture
def imported(tmp_path: Path) -> Path:
    folder = write_dir(tmp_path, BASE)
    _json(["import", str(folder), "--json"])
    return folder


def test_db_upgrade_reports_the_revision() -> None:
    document = _json(["db", "upgrade", "--json"])
    assert document["upgraded"] is True
    assert isinstance(document["revision"], str)


def test_import_then_list_users_and_scoped_accounts(imported: Path) -> None:
    users = _json(["users", "list", "--json"])["users"]
    assert isinstance(users, list)
    assert [u["email"] for u in users] == ["admin@example.com", "li.na@example.com", "wang.wei@example.com"]

    rep = _json(["accounts", "list", "--user", "li.na@example.com", "--json"])
    assert sorted(a["id"] for a in _rows(rep["accounts"])) == ["A2", "A3"]
    manager = _json(["accounts", "list", "--user", "wang.wei@example.com", "--json"])
    assert sorted(a["id"] for a in _rows(manager["accounts"])) == ["A1", "A2", "A3"]
    assert manager["count"] == 3


def test_reimport_changes_nothing(imported: Path) -> None:
    report = _json(["import", str(imported), "--json"])
    assert report["ok"] is True
    counts = report["counts"]
    assert isinstance(counts, dict)
    assert all(c["inserted"] == 0 and c["updated"] == 0 for c in counts.values())


def test_failed_import_exits_non_zero_and_prints_every_problem(tmp_path: Path, imported: Path) -> None:
    broken = dict(BASE)
    broken["accounts.csv"] = (
        BASE["accounts.csv"].replace("2008-05-12", "2008-13-45").replace(",u2,high_risk", ",nobody,high_risk")
    )
    folder = write_dir(tmp_path, broken, name="broken")
    result = runner.invoke(app, ["import", str(folder)])
    assert result.exit_code == 1
    assert "accounts.csv:2: founded:" in result.stderr
    assert "accounts.csv:4: owner_id:" in result.stderr
    assert "nothing was changed" in result.stderr


def test_unknown_user_exits_2_with_one_json_document(imported: Path) -> None:
    document = _json(["accounts", "list", "--user", "ghost@example.com", "--json"], code=2)
    assert "ghost@example.com" in str(document["error"])


def test_invalid_setting_fails_at_start_naming_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    import subprocess
    import sys

    env = {"TILLAGE_DATABASE_URL": "mysql://x", "PATH": "/usr/bin:/bin", "HOME": str(Path.home())}
    done = subprocess.run(
        [sys.executable, "-c", "from assistant.cli.app import main; main()", "users", "list"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert "TILLAGE_DATABASE_URL" in done.stderr


def test_demo_builds_and_exports_in_the_import_format(tmp_path: Path) -> None:
    export = tmp_path / "export"
    document = _json(["demo", "--accounts", "30", "--seed", "3", "--export", str(export), "--no-tour", "--json"])
    counts = document["summary"]["counts"]  # type: ignore[index]
    assert counts["accounts"] == 30
    header = (export / "users.csv").read_text(encoding="utf-8").splitlines()[0]
    assert header == "id,email,name,role,manager_id,team,slack_user_id"
    users = _json(["users", "list", "--json"])["users"]
    assert isinstance(users, list)
    assert {u["role"] for u in users} == {"rep", "manager", "admin"}
