"""Conversation state, owned by the conversation engine and kept in the database so a restart or a
second process continues the same conversation."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column
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
