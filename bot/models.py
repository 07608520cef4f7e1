"""Conversation state, owned by the conversation engine and kept in the database so a restart or a
second process continues the same conversation; the photos written for each citizen (their quota)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, Index
from sqlmodel import Field, SQLModel

import core  # noqa: F401
from core.types import UTCDateTime


class Conversation(SQLModel, table=True):
    __tablename__ = "conversations"

    id: int | None = Field(default=None, primary_key=True)
    citizen_id: int = Field(foreign_key="citizens.id", unique=True)
    state: str = Field(default="idle", max_length=48)
    data: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    updated_at: datetime = Field(sa_type=UTCDateTime)


class PhotoUpload(SQLModel, table=True):
    """Every photo written for a citizen (kept in a conversation or a public comment): their daily
    upload quota counts these rows. Pruned by the attachment cleanup after a few days."""

    __tablename__ = "photo_uploads"
    __table_args__ = (Index("ix_photo_uploads_citizen_id_created_at", "citizen_id", "created_at"),)

    id: int | None = Field(default=None, primary_key=True)
    citizen_id: int = Field(foreign_key="citizens.id")
    storage_path: str = Field(max_length=500)
    size_bytes: int
    created_at: datetime = Field(sa_type=UTCDateTime)


class WebSession(SQLModel, table=True):
    """A web chat browser's session. Only the SHA-256 of the cookie is kept: the cookie is the
    citizen's identity (`citizens.external_id` is the same digest), so a database read gives no
    session to replay. Ended by the citizen ("Akhiri sesi") or after its idle lifetime."""

    __tablename__ = "web_sessions"

    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(max_length=64, unique=True)
    created_at: datetime = Field(sa_type=UTCDateTime)
    last_seen_at: datetime = Field(sa_type=UTCDateTime, index=True)
