"""API keys of the HTTP API: create (the secret is shown once), list, revoke, authenticate.

A key reads ``tlg_<id>_<secret>``: ``id`` (12 hex digits) finds the row, ``secret`` (32 random
bytes, URL-safe) makes it unguessable. Only the SHA-256 of the whole key is stored; a high-entropy
random token needs no slow password hash, and a constant-time comparison keeps timing flat.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from datetime import UTC, datetime, timedelta

from pydantic import BaseModel, Field
from sqlalchemy import select
from sqlmodel import Session, col

from assistant.crm.access import get_user
from assistant.crm.auth_models import ApiKey
from assistant.crm.models import User
from assistant.service.core import ServiceCore

KEY_PREFIX = "tlg_"
_KEY = re.compile(r"^tlg_([0-9a-f]{12})_([A-Za-z0-9_-]{20,})$")
# Recording every use would write on every request; a minute's precision is enough to audit.
_TOUCH_EVERY = timedelta(minutes=1)


class ApiKeyInfo(BaseModel):
    """What may be shown about a key: never its secret."""

    id: str
    prefix: str = Field(description="tlg_<id>: enough to recognise the key, useless to authenticate.")
    user_email: str
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


class NewApiKey(BaseModel):
    """A key just created: ``token`` is the only copy of the secret."""

    key: ApiKeyInfo
    token: str


def hash_token(token: str) -> str:
    """The stored form of a key."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _info(row: ApiKey, email: str) -> ApiKeyInfo:
    return ApiKeyInfo(
        id=row.id,
        prefix=row.prefix,
        user_email=email,
        created_at=row.created_at,
        last_used_at=row.last_used_at,
        revoked_at=row.revoked_at,
    )


def _aware(value: datetime) -> datetime:
    # SQLite hands back naive values for UTC columns; compare like with like.
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


class ApiKeyService(ServiceCore):
    """``tillage keys create|list|revoke`` and bearer authentication for the HTTP API."""

    def create_api_key(self, *, user_email: str) -> NewApiKey:
        """Create a key for the user; the returned token is not stored anywhere."""
        with self.session() as session:
            user = get_user(session, email=user_email)
            key_id = secrets.token_hex(6)
            token = f"{KEY_PREFIX}{key_id}_{secrets.token_urlsafe(32)}"
            row = ApiKey(
                id=key_id,
                user_id=user.id,
                prefix=f"{KEY_PREFIX}{key_id}",
                hash=hash_token(token),
                created_at=datetime.now(UTC),
            )
            session.add(row)
            session.flush()
            return NewApiKey(key=_info(row, user.email), token=token)

    def list_api_keys(self, *, user_email: str | None = None) -> list[ApiKeyInfo]:
        """Keys of one user (or of everyone), oldest first; secrets are never part of the answer."""
        with self.session() as session:
            query = select(ApiKey, col(User.email)).join(User, col(User.id) == col(ApiKey.user_id))
            if user_email is not None:
                query = query.where(col(ApiKey.user_id) == get_user(session, email=user_email).id)
            rows = session.execute(query.order_by(col(ApiKey.created_at), col(ApiKey.id))).all()
            return [_info(key, email) for key, email in rows]

    def revoke_api_key(self, key: str, *, user_email: str) -> ApiKeyInfo:
        """Revoke the user's key ``key`` (its id or ``tlg_<id>`` prefix); revoking twice keeps the first time.

        Raises ``LookupError`` when the user has no such key.
        """
        key_id = key.strip().removeprefix(KEY_PREFIX).split("_", 1)[0]
        with self.session() as session:
            user = get_user(session, email=user_email)
            row = session.get(ApiKey, key_id)
            if row is None or row.user_id != user.id:
                raise LookupError(f"key: {user.email} has no API key {key.strip()!r}")
            if row.revoked_at is None:
                row.revoked_at = datetime.now(UTC)
                session.add(row)
            return _info(row, user.email)

    def authenticate_api_key(self, token: str) -> User | None:
        """The user a bearer token belongs to, or None when it is malformed, unknown or revoked."""
        match = _KEY.match(token.strip())
        if match is None:
            return None
        with self.session() as session:
            row = session.get(ApiKey, match.group(1))
            if row is None or row.revoked_at is not None:
                return None
            if not hmac.compare_digest(row.hash, hash_token(token.strip())):
                return None
            user = session.get(User, row.user_id)
            if user is None:
                return None
            _touch(session, row)
            return user


def _touch(session: Session, row: ApiKey) -> None:
    now = datetime.now(UTC)
    if row.last_used_at is None or now - _aware(row.last_used_at) >= _TOUCH_EVERY:
        row.last_used_at = now
        session.add(row)
