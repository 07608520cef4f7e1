"""Canned responses: the agency's reply templates, per unit, as data (`canned.yaml` in the knowledge base).

```yaml
responses:
  - id: diterima-ditinjau
    title: Aduan diterima, akan ditinjau
    units: [pupr]          # optional: the units that may use it (all when absent)
    text: |-
      Yth. {nama},
      Aduan Bapak/Ibu dengan kode tiket {kode} telah kami terima ...
```

Placeholders: `{nama}` (the citizen's name, "Bapak/Ibu" when unknown or anonymous), `{kode}` (ticket code),
`{tenggat}` (the resolution deadline in the agency's time), `{unit}` (the unit's name). `tanggap kb check`
reports unknown placeholders and units; `tanggap canned list` shows what the register rules flag in each
template (a warning, since the officer reads the reply again before sending it)."""

from __future__ import annotations

import string
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from escalation.register import Finding, check_framed
from faq import KbProblem, KnowledgeBase
from faq.errors import validation_problems
from faq.yamlio import read_yaml

FILE = "canned.yaml"
PLACEHOLDERS = frozenset({"nama", "kode", "tenggat", "unit"})
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class CannedResponse(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    id: Text
    title: Text
    text: Text
    units: tuple[str, ...] = ()
    """The units that may use it; every unit when empty."""

    def usable_by(self, unit_id: str | None) -> bool:
        return not self.units or unit_id in self.units


class CannedFile(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    responses: list[CannedResponse] = Field(default_factory=list)


@dataclass(frozen=True)
class Filling:
    """What the placeholders stand for in one ticket."""

    code: str
    unit: str
    deadline: str
    """The resolution deadline, already worded ("Rabu, 9 Desember 2026 pukul 09.00 WIB"), or ""."""
    name: str | None = None


def read_canned(kb: KnowledgeBase) -> tuple[list[CannedResponse], list[KbProblem]]:
    path = Path(kb.path) / FILE
    if not path.exists():
        return [], []
    data, problems = read_yaml(path, FILE)
    if not isinstance(data, dict):
        return [], problems or [KbProblem(FILE, None, None, "must be a mapping with `responses`")]
    try:
        parsed = CannedFile.model_validate(data)
    except ValidationError as exc:
        return [], [*problems, *validation_problems(exc, FILE, None, [CannedFile, CannedResponse])]
    return parsed.responses, [*problems, *_problems(parsed.responses, kb)]


def canned_for(responses: Sequence[CannedResponse], unit_id: str | None) -> list[CannedResponse]:
    return [response for response in responses if response.usable_by(unit_id)]


def fill(response: CannedResponse, filling: Filling) -> str:
    values = {
        "nama": filling.name or "Bapak/Ibu",
        "kode": filling.code,
        "tenggat": filling.deadline,
        "unit": filling.unit,
    }
    return response.text.format_map(values)


def _problems(responses: Sequence[CannedResponse], kb: KnowledgeBase) -> list[KbProblem]:
    problems: list[KbProblem] = []
    unit_ids = {unit.id for unit in kb.units}
    seen: set[str] = set()
    for response in responses:
        if response.id in seen:
            problems.append(KbProblem(FILE, response.id, None, "duplicate id"))
        seen.add(response.id)
        for unit_id in response.units:
            if unit_id not in unit_ids:
                problems.append(KbProblem(FILE, response.id, "units", f"unknown unit '{unit_id}'"))
        problems.extend(_placeholder_problems(response))
    return problems


def _placeholder_problems(response: CannedResponse) -> list[KbProblem]:
    try:
        names = {name for _, name, _, _ in string.Formatter().parse(response.text) if name is not None}
    except ValueError as error:
        return [KbProblem(FILE, response.id, "text", f"broken placeholder ({error})")]
    unknown = sorted(names - PLACEHOLDERS)
    if unknown:
        known = ", ".join("{" + name + "}" for name in sorted(PLACEHOLDERS))
        return [
            KbProblem(FILE, response.id, "text", f"unknown placeholder {{{unknown[0]}}} (known: {known})")
        ]
    return []


def register_findings(response: CannedResponse) -> list[Finding]:
    """What the default register rules flag in the template, filled with sample values (as the desk
    sends it: inside the agency's greeting and signature)."""
    sample = fill(response, Filling(code="ADU-2026-000001", unit="Unit", deadline="Senin, 7 Desember 2026"))
    return check_framed(sample)
