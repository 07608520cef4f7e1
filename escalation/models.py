"""Service units (unit layanan), owned by the escalation domain."""

from __future__ import annotations

from sqlmodel import Field, SQLModel

import core  # noqa: F401


class ServiceUnit(SQLModel, table=True):
    __tablename__ = "service_units"

    id: str = Field(primary_key=True, max_length=64)
    name: str = Field(max_length=200)
    scope: str = ""
    parent_id: str | None = Field(default=None, foreign_key="service_units.id", max_length=64)
    is_triage: bool = False
    active: bool = True
