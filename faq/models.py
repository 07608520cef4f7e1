"""The knowledge base as validated, immutable data."""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import Annotated, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Identifier = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
]
EntryKind = Literal["faq", "hoax_clarification"]


class _Frozen(BaseModel):
    # extra="forbid" turns a typo'd key ("questoin") into a reported problem instead of silence.
    model_config = ConfigDict(frozen=True, extra="forbid")


class Contact(_Frozen):
    channel: Text
    value: Text
    label: Text


class Agency(_Frozen):
    id: Identifier
    name: Text
    short_name: Text
    signature: Text
    timezone: Text
    ticket_prefix: Annotated[str, StringConstraints(pattern=r"^[A-Z]{2,5}$")] = "ADU"
    contacts: list[Contact] = Field(default_factory=list)
    emergency: list[Contact] = Field(default_factory=list)
    """Numbers the bot gives first when a message reports an emergency (112, Damkar, ambulans, BPBD)."""

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone '{value}' (use an IANA name such as Asia/Jakarta)") from exc
        return value


class Unit(_Frozen):
    id: Identifier
    name: Text
    scope: Text
    parent: Identifier | None = None
    triage: bool = False


class Category(_Frozen):
    id: Identifier
    label: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=40)]
    unit: Identifier
    description: Text


class FaqEntry(_Frozen):
    id: Identifier
    question: Text
    label: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=60)] | None = None
    """A short form of the question shown above the answer and on suggestion buttons; made from the
    question by the rules of ``faq/labels.yaml`` when absent."""
    variants: list[Text] = Field(default_factory=list)
    answer: Text
    unit: Identifier
    tags: list[Text] = Field(default_factory=list)
    kind: EntryKind = "faq"


class OtherInstitution(_Frozen):
    """An institution outside the agency that citizens ask the agency about (Polri for SIM and STNK,
    Imigrasi for passports): the bot names it instead of answering from a neighbouring entry."""

    id: Identifier
    name: Text
    """Its name as a citizen reads it: "Kepolisian Negara Republik Indonesia (Polri)"."""
    matters: Text
    """What citizens ask it about, said in the reply: "SIM, STNK, BPKB, dan SKCK"."""
    where: Text | None = None
    """Where to go, without addresses or fees that may change: "Satpas SIM atau kantor Samsat"."""
    words: list[Text] = Field(min_length=1)
    """Words and phrases that name its matters ("stnk", "bpjs ketenagakerjaan"); the longest found wins."""


class KnowledgeBase(_Frozen):
    """Everything an agency curates: who it is, its units, categories, FAQ and message overrides."""

    path: Path
    agency: Agency
    units: list[Unit]
    categories: list[Category]
    entries: list[FaqEntry]
    messages: dict[str, str] = Field(default_factory=dict)
    other_institutions: list[OtherInstitution] = Field(default_factory=list)
    """From the optional ``other_institutions.yaml``."""

    @cached_property
    def _units_by_id(self) -> dict[str, Unit]:
        return {unit.id: unit for unit in self.units}

    @cached_property
    def _entries_by_id(self) -> dict[str, FaqEntry]:
        return {entry.id: entry for entry in self.entries}

    @cached_property
    def _categories_by_id(self) -> dict[str, Category]:
        return {category.id: category for category in self.categories}

    def unit(self, unit_id: str) -> Unit:
        """The unit with this id; ``KeyError`` when there is none."""
        return self._units_by_id[unit_id]

    def entry(self, entry_id: str) -> FaqEntry:
        """The FAQ entry with this id; ``KeyError`` when there is none."""
        return self._entries_by_id[entry_id]

    def category(self, category_id: str) -> Category:
        """The category with this id; ``KeyError`` when there is none."""
        return self._categories_by_id[category_id]

    @property
    def triage_unit(self) -> Unit:
        """The unit that receives whatever nobody else is responsible for (validated to be unique)."""
        return next(unit for unit in self.units if unit.triage)
