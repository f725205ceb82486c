"""Conversation threads persisted with LangGraph's SQLite checkpointer (HOME/threads.sqlite3)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from langgraph.checkpoint.sqlite import SqliteSaver

from assistant.settings import Settings

THREADS_FILE = "threads.sqlite3"


def threads_path(settings: Settings) -> Path:
    """Where threads are kept."""
    return settings.home / THREADS_FILE


def open_checkpointer(settings: Settings) -> SqliteSaver:
    """A SQLite checkpointer; close it with ``saver.conn.close()``."""
    path = threads_path(settings)
    path.parent.mkdir(parents=True, exist_ok=True)
    # One connection shared by the service's threads; SqliteSaver serialises access with its own lock.
    conn = sqlite3.connect(str(path), check_same_thread=False)
    saver = SqliteSaver(conn)
    saver.setup()
    return saver


def thread_key(user_id: str, thread: str) -> str:
    """The checkpointer key of a user's thread: threads are private to the user who started them."""
    return f"{user_id}:{thread}"
