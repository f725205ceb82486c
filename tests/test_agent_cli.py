"""``tillage ask`` and ``tillage chat`` through the CLI adapter."""

from __future__ import annotations

import json
from pathlib import Path

from agent_world import seeded_settings
from typer.testing import CliRunner

from assistant.cli.app import app

ENV = {"COLUMNS": "200"}


def test_ask_json(tmp_path: Path) -> None:
    seeded_settings(tmp_path / "home")  # the conftest points TILLAGE_HOME here
    result = CliRunner().invoke(app, ["ask", "我的客户有哪些?", "--user", "rep1@t.example", "--json"], env=ENV)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert {"answer", "tool_calls", "citations", "usage", "thread", "model", "fallback"} <= set(data)
    assert data["tool_calls"] == [{"name": "list_my_accounts", "args": {}}]
    assert [c["id"] for c in data["citations"]] == ["A-001", "A-005", "A-002"]
    assert data["usage"]["prompt_tokens"] > 0 and data["answer"].startswith("您可查看 3 个客户")
    follow = CliRunner().invoke(
        app, ["ask", "Acme overview", "--user", "rep1@t.example", "--thread", data["thread"], "--json"], env=ENV
    )
    assert json.loads(follow.stdout)["thread"] == data["thread"]


def test_ask_unknown_user_exits_2(tmp_path: Path) -> None:
    seeded_settings(tmp_path / "home")
    result = CliRunner().invoke(app, ["ask", "list my accounts", "--user", "ghost@t.example", "--json"], env=ENV)
    assert result.exit_code == 2
    assert json.loads(result.stdout) == {"error": "unknown user: ghost@t.example"}


def test_chat_reads_stdin_and_keeps_the_thread(tmp_path: Path) -> None:
    seeded_settings(tmp_path / "home")
    lines = "Tell me about Acme\n\nWho are its contacts?\nexit\nlist my accounts\n"
    result = CliRunner().invoke(app, ["chat", "--user", "rep1@t.example"], input=lines, env=ENV)
    assert result.exit_code == 0, result.output
    assert "Acme Manufacturing Co., Ltd. (A-001): manufacturing" in result.stdout
    assert "Contacts at Acme Manufacturing Co., Ltd. (A-001): 3" in result.stdout
    assert "find_contacts(account=A-001)" in result.stdout
    assert "You can see 3 accounts" not in result.stdout  # nothing after "exit"
