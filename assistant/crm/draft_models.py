"""Follow-up e-mail drafts (domain.md section 13): written by the assistant, saved, never sent.

A draft belongs to an account (and optionally one opportunity); whoever may see the account may
read and edit it. ``source_document_id`` is the meeting note the recap was taken from; it is set
to NULL when that document is deleted, so removing a document never loses a draft.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Column, Text
from sqlmodel import Field, SQLModel

#: The only status a draft has: Tillage never sends, so a draft stays a draft.
DRAFT_STATUS = "draft"


class Draft(SQLModel, table=True):
    """A follow-up e-mail draft."""

    __tablename__ = "drafts"
    id: str = Field(primary_key=True, max_length=64)
    account_id: str = Field(foreign_key="accounts.id", index=True, max_length=64)
    opportunity_id: str | None = Field(default=None, foreign_key="opportunities.id", index=True, max_length=64)
    author_id: str = Field(foreign_key="users.id", index=True, max_length=64)
    to: list[str] = Field(default_factory=list, sa_column=Column("to", JSON, nullable=False))
    subject: str = Field(max_length=500)
    body: str = Field(sa_type=Text)
    language: str = Field(max_length=8)
    source_document_id: str | None = Field(
        default=None, foreign_key="documents.id", ondelete="SET NULL", max_length=200
    )
    created_at: datetime
    updated_at: datetime
    status: str = Field(default=DRAFT_STATUS, max_length=16)
