"""Threads persist in HOME/threads.sqlite3 across service objects, and stay private to their user."""

from __future__ import annotations

from pathlib import Path

from agent_world import AS_OF, seeded_settings

from assistant.agent.threads import threads_path
from assistant.service import Tillage

REP1 = "rep1@t.example"


def test_follow_up_after_restart_keeps_context(tmp_path: Path) -> None:
    settings = seeded_settings(tmp_path / "home")
    first = Tillage(settings)
    opening = first.ask("阿克米怎么样", user_email=REP1, thread="weekly", as_of=AS_OF)
    first.close()
    assert opening.thread == "weekly" and threads_path(settings).is_file()

    second = Tillage(seeded_settings(tmp_path / "home"))  # a new service, as after a process restart
    try:
        reply = second.ask("它的决策人是谁?", user_email=REP1, thread="weekly", as_of=AS_OF)
        assert [(c.name, c.args) for c in reply.tool_calls] == [
            ("find_contacts", {"account": "A-001", "role": "decision_maker"})
        ]
        assert reply.answer.startswith("Acme Manufacturing Co., Ltd. (A-001) 的决策人:1 位")
        other_thread = second.ask("它的决策人是谁?", user_email=REP1, thread="other", as_of=AS_OF)
        assert other_thread.tool_calls == []
    finally:
        second.close()


def test_threads_are_private_to_their_user(tmp_path: Path) -> None:
    service = Tillage(seeded_settings(tmp_path / "home"))
    try:
        service.ask("Tell me about Acme", user_email=REP1, thread="shared-name", as_of=AS_OF)
        intruder = service.ask("Who are its contacts?", user_email="rep2@t.example", thread="shared-name", as_of=AS_OF)
        assert intruder.tool_calls == [] and "A-001" not in intruder.answer
        fresh = service.ask("list my accounts", user_email=REP1, as_of=AS_OF)
        again = service.ask("list my accounts", user_email=REP1, as_of=AS_OF)
        assert fresh.thread and again.thread and fresh.thread != again.thread
    finally:
        service.close()
