"""Gateway tables. Org and community ids belong to the Registry: plain UUID columns, no FKs."""

from __future__ import annotations

import datetime as dt
import unicodedata
import uuid

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String, Uuid
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, validates

from services.common.db import UTCDateTime, make_metadata, utcnow


class Base(DeclarativeBase):
    """Declarative base of the gateway's own tables."""

    metadata = make_metadata()


def normalize_username(username: str) -> str:
    """The form usernames are compared in: NFKC, then case-folded (``Ａｄｍｉｎ`` is ``admin``)."""
    return unicodedata.normalize("NFKC", username).casefold()


class User(Base):
    """A person who logs in, with one role and, for admins, the org or community it is bound to."""

    __tablename__ = "users"
    __table_args__ = (Index("ix_users_created", "created_at", "id"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    #: As created (shown and put in tokens); unique through ``username_key``.
    username: Mapped[str] = mapped_column(String(64))
    #: ``normalize_username(username)``: ``Admin`` and ``admin`` are one account, not two.
    username_key: Mapped[str] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(32))
    org_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True)
    community_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True)
    display_name: Mapped[str | None] = mapped_column(String(100), nullable=True)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    @validates("username")
    def _keep_key(self, _: str, username: str) -> str:
        # Every writer (the API, `wushe up`'s bootstrap) gets the key without having to know.
        self.username_key = normalize_username(username)
        return username


class RefreshToken(Base):
    """One refresh token of a login's family; only its hash is stored."""

    __tablename__ = "refresh_tokens"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    family_id: Mapped[uuid.UUID] = mapped_column(Uuid, index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)


class ApiKey(Base):
    """A partner system's key; the secret is shown once and stored only as a hash."""

    __tablename__ = "api_keys"
    __table_args__ = (Index("ix_api_keys_created", "created_at", "id"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    name: Mapped[str] = mapped_column(String(100))
    prefix: Mapped[str] = mapped_column(String(16), unique=True)
    secret_hash: Mapped[str] = mapped_column(String(64))
    scopes: Mapped[list[str]] = mapped_column(JSON)
    rate_limit_per_minute: Mapped[int] = mapped_column(Integer)
    created_by: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True)
    #: The key that created this one (a partner's ``admin`` key provisioning its own systems):
    #: revoking a key revokes everything it created, and what those created, at once.
    created_by_key_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("api_keys.id"), nullable=True, index=True
    )
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    last_used_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
