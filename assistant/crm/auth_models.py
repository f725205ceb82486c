"""Records of the channels: HTTP API keys and the Slack events already taken in.

An API key is stored only as the SHA-256 of the whole token; the ``id`` part of the token is
kept in clear so a request's key can be found without scanning, and ``prefix`` (``tlg_<id>``)
is what ``tillage keys list`` shows. A Slack event id is recorded the first time it arrives, so a
retried delivery (same ``event_id``) is recognised by every process sharing the database.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel


class ApiKey(SQLModel, table=True):
    """A bearer key of the HTTP API, belonging to one user."""

    __tablename__ = "api_keys"
    id: str = Field(primary_key=True, max_length=32)
    user_id: str = Field(foreign_key="users.id", index=True, max_length=64)
    prefix: str = Field(unique=True, max_length=40)
    hash: str = Field(max_length=64)
    created_at: datetime
    last_used_at: datetime | None = None
    revoked_at: datetime | None = None


class SlackEventReceipt(SQLModel, table=True):
    """A Slack Events API delivery taken in (one row per ``event_id``)."""

    __tablename__ = "slack_events"
    event_id: str = Field(primary_key=True, max_length=64)
    received_at: datetime = Field(index=True)
