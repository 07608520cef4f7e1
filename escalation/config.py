"""The agency's people and escalation chains: `escalation.yaml` in the knowledge-base directory.

Validated as a whole against the knowledge base, with every problem reported precisely (file, unit or
person, field), like the rest of the KB. See docs/escalation.md for the format.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal, cast

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError, field_validator

from faq import KbProblem, KnowledgeBase
from faq.errors import validation_problems
from faq.yamlio import read_yaml

FILE = "escalation.yaml"
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Identifier = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
]
EMAIL = re.compile(
    r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$"
)
LevelKind = Literal["officers", "head", "supervisor", "person", "head_of", "outside"]
DEFAULT_CHAIN: tuple[tuple[LevelKind, str | None], ...] = (
    ("officers", None),
    ("head", None),
    ("supervisor", None),
)


def _email(value: str) -> str:
    if not EMAIL.match(value):
        raise ValueError(f"'{value}' is not a valid email address")
    return value.lower()


class _Strict(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class PersonConfig(_Strict):
    id: Identifier
    name: Text
    title: Text | None = None
    email: Text | None = None
    telegram_user_id: int | None = Field(default=None, gt=0)

    _check_email = field_validator("email")(lambda cls, v: None if v is None else _email(v))


class UnitConfig(_Strict):
    officers: list[Identifier] = Field(default_factory=list)
    head: Identifier | None = None
    telegram_chat_id: int | None = None
    emails: list[Text] = Field(default_factory=list)
    chain: list[str | dict[str, str]] | None = None

    @field_validator("emails")
    @classmethod
    def _check_emails(cls, values: list[str]) -> list[str]:
        return [_email(value) for value in values]


class OutsideBody(_Strict):
    id: Identifier
    name: Text
    contact: Text
    """How a citizen reaches this body (told when a ticket is forwarded there)."""
    email: Text | None = None

    _check_email = field_validator("email")(lambda cls, v: None if v is None else _email(v))


class EscalationFile(_Strict):
    supervisor: Identifier | None = None
    people: list[PersonConfig] = Field(default_factory=list)
    units: dict[str, UnitConfig] = Field(default_factory=dict)
    outside_bodies: list[OutsideBody] = Field(default_factory=list)


@dataclass(frozen=True)
class Level:
    """One step of a chain: `officers`, `head`, `supervisor`, or a named `person` / `head_of` unit /
    `outside` body (`ref`)."""

    kind: LevelKind
    ref: str | None = None

    def as_data(self) -> dict[str, Any]:
        return {"kind": self.kind, "ref": self.ref} if self.ref else {"kind": self.kind}

    @property
    def label(self) -> str:
        return f"{self.kind}: {self.ref}" if self.ref else self.kind


@dataclass(frozen=True)
class EscalationConfig:
    """Validated people, unit settings (by unit id) and outside bodies; `chains` has every unit of the KB."""

    people: Mapping[str, PersonConfig] = field(default_factory=dict)
    units: Mapping[str, UnitConfig] = field(default_factory=dict)
    chains: Mapping[str, tuple[Level, ...]] = field(default_factory=dict)
    supervisor: str | None = None
    outside_bodies: Mapping[str, OutsideBody] = field(default_factory=dict)


class EscalationConfigError(Exception):
    def __init__(self, problems: list[KbProblem]) -> None:
        self.problems = problems
        lines = "\n".join(f"  - {problem}" for problem in problems)
        super().__init__(f"{FILE} has {len(problems)} problem(s):\n{lines}")


def load_escalation_config(kb: KnowledgeBase) -> EscalationConfig:
    """`escalation.yaml` of the knowledge base, checked against it; an empty config when absent."""
    config, problems = read_escalation_config(kb)
    if problems:
        raise EscalationConfigError(problems)
    return config


def read_escalation_config(kb: KnowledgeBase) -> tuple[EscalationConfig, list[KbProblem]]:
    path = Path(kb.path) / FILE
    if not path.exists():
        return EscalationConfig(chains=_default_chains(kb)), []
    data, problems = read_yaml(path, FILE)
    if data is None:
        return EscalationConfig(), problems or [KbProblem(FILE, None, None, "file is empty")]
    if not isinstance(data, dict):
        return EscalationConfig(), [KbProblem(FILE, None, None, "must be a mapping of fields")]
    try:
        parsed = EscalationFile.model_validate(data)
    except ValidationError as exc:
        models: list[type[BaseModel]] = [EscalationFile, PersonConfig, UnitConfig, OutsideBody]
        return EscalationConfig(), [*problems, *validation_problems(exc, FILE, None, models)]
    return _cross_check(parsed, kb, problems)


def _cross_check(
    parsed: EscalationFile, kb: KnowledgeBase, problems: list[KbProblem]
) -> tuple[EscalationConfig, list[KbProblem]]:
    unit_ids = {unit.id for unit in kb.units}
    people = {person.id: person for person in parsed.people}
    bodies = {body.id: body for body in parsed.outside_bodies}
    problems += _duplicates([person.id for person in parsed.people], "person", "people")
    problems += _duplicates([body.id for body in parsed.outside_bodies], "outside body", "outside_bodies")
    problems += _duplicate_telegram_ids(parsed.people)
    if parsed.supervisor is not None and parsed.supervisor not in people:
        problems.append(KbProblem(FILE, None, "supervisor", _unknown("person", parsed.supervisor, people)))
    for unit_id, settings in parsed.units.items():
        if unit_id not in unit_ids:
            problems.append(KbProblem(FILE, unit_id, None, _unknown("unit", unit_id, unit_ids)))
        for position, person_id in enumerate(settings.officers):
            if person_id not in people:
                message = _unknown("person", person_id, people)
                problems.append(KbProblem(FILE, unit_id, f"officers[{position}]", message))
        if settings.head is not None and settings.head not in people:
            problems.append(KbProblem(FILE, unit_id, "head", _unknown("person", settings.head, people)))
    chains: dict[str, tuple[Level, ...]] = {}
    parents = {unit.id: unit.parent for unit in kb.units}
    reported = {str(problem) for problem in problems}
    for unit in kb.units:
        chain, found = _chain(unit.id, parsed, parents, people, bodies, unit_ids)
        chains[unit.id] = chain
        for problem in found:  # a chain inherited by sub-units is reported once, where it is written
            if str(problem) not in reported and (unit.id in parsed.units or not problem.field):
                reported.add(str(problem))
                problems.append(problem)
    triage = kb.triage_unit.id
    if not _has_target(triage, parsed.units, parents):
        problems.append(
            KbProblem(
                FILE,
                triage,
                "telegram_chat_id",
                "the triage unit receives everything that cannot be routed; give it a telegram_chat_id "
                "or emails",
            )
        )
    config = EscalationConfig(
        people=people,
        units=dict(parsed.units),
        chains=chains,
        supervisor=parsed.supervisor,
        outside_bodies=bodies,
    )
    return config, problems


def _chain(
    unit_id: str,
    parsed: EscalationFile,
    parents: Mapping[str, str | None],
    people: Mapping[str, PersonConfig],
    bodies: Mapping[str, OutsideBody],
    unit_ids: set[str],
) -> tuple[tuple[Level, ...], list[KbProblem]]:
    """The unit's chain: its own `chain`, else the closest one above it, else the default (officers,
    head, supervisor) without the levels this agency has nobody for."""
    raw = _inherited(unit_id, parents, lambda u: parsed.units[u].chain if u in parsed.units else None)

    def problem(level: Level) -> str | None:
        return _level_problem(level, unit_id, parsed, parents, people, bodies, unit_ids)

    if raw is None:
        default = (Level(kind, ref) for kind, ref in DEFAULT_CHAIN)
        return tuple(level for level in default if problem(level) is None), []
    parsed_levels, problems = _parse_levels(unit_id, raw)
    if not raw:
        problems.append(KbProblem(FILE, unit_id, "chain", "must list at least one level"))
    for position, level in parsed_levels:
        message = problem(level)
        if message is not None:
            problems.append(KbProblem(FILE, unit_id, f"chain[{position}]", message))
    return tuple(level for _, level in parsed_levels), problems


def _parse_levels(
    unit_id: str, raw: list[str | dict[str, str]]
) -> tuple[list[tuple[int, Level]], list[KbProblem]]:
    levels: list[tuple[int, Level]] = []
    problems: list[KbProblem] = []
    plain = ("officers", "head", "supervisor")
    named = ("person", "head_of", "outside")
    for position, item in enumerate(raw):
        if isinstance(item, str) and item in plain:
            levels.append((position, Level(cast(LevelKind, item))))
        elif isinstance(item, dict) and len(item) == 1 and next(iter(item)) in named:
            kind, ref = next(iter(item.items()))
            levels.append((position, Level(cast(LevelKind, kind), ref)))
        else:
            shown = item if isinstance(item, str) else ", ".join(map(str, item))
            message = (
                f"unknown level '{shown}' (expected one of {', '.join(plain)}, "
                f"or a mapping person: ID, head_of: UNIT, outside: BODY)"
            )
            problems.append(KbProblem(FILE, unit_id, f"chain[{position}]", message))
    return levels, problems


def _level_problem(
    level: Level,
    unit_id: str,
    parsed: EscalationFile,
    parents: Mapping[str, str | None],
    people: Mapping[str, PersonConfig],
    bodies: Mapping[str, OutsideBody],
    unit_ids: set[str],
) -> str | None:
    if level.kind == "supervisor" and parsed.supervisor is None:
        return "level 'supervisor' but no supervisor is set at the top of the file"
    if level.kind == "head" and head_of(unit_id, parsed.units, parents) is None:
        return f"level 'head' but unit '{unit_id}' has no head (nor does any unit above it)"
    if level.kind == "person" and level.ref not in people:
        return _unknown("person", str(level.ref), people)
    if level.kind == "head_of":
        if level.ref not in unit_ids:
            return _unknown("unit", str(level.ref), unit_ids)
        if head_of(str(level.ref), parsed.units, parents) is None:
            return f"unit '{level.ref}' has no head (nor does any unit above it)"
    if level.kind == "outside" and level.ref not in bodies:
        return _unknown("outside body", str(level.ref), bodies)
    return None


def head_of(unit_id: str, units: Mapping[str, UnitConfig], parents: Mapping[str, str | None]) -> str | None:
    """The unit's head, or the head of the closest unit above it that has one."""
    head = _inherited(unit_id, parents, lambda u: units[u].head if u in units else None)
    return str(head) if head is not None else None


def _has_target(unit_id: str, units: Mapping[str, UnitConfig], parents: Mapping[str, str | None]) -> bool:
    return bool(
        _inherited(unit_id, parents, lambda u: units[u].telegram_chat_id if u in units else None)
        or _inherited(unit_id, parents, lambda u: units[u].emails or None if u in units else None)
    )


def _inherited(unit_id: str, parents: Mapping[str, str | None], value: Any) -> Any:
    seen: set[str] = set()
    current: str | None = unit_id
    while current is not None and current not in seen:
        seen.add(current)
        found = value(current)
        if found is not None:
            return found
        current = parents.get(current)
    return None


def _default_chains(kb: KnowledgeBase) -> dict[str, tuple[Level, ...]]:
    return {unit.id: (Level("officers"),) for unit in kb.units}


def _unknown(noun: str, value: str, known: Iterable[str]) -> str:
    guess = difflib.get_close_matches(value, sorted(known), n=1, cutoff=0.6)
    hint = f" (did you mean '{guess[0]}'?)" if guess else ""
    return f"unknown {noun} '{value}'{hint}"


def _duplicates(ids: list[str], noun: str, where: str) -> list[KbProblem]:
    seen: set[str] = set()
    problems = []
    for ident in ids:
        if ident in seen:
            problems.append(KbProblem(FILE, ident, "id", f"duplicate {noun} id '{ident}' in {where}"))
        seen.add(ident)
    return problems


def _duplicate_telegram_ids(people: list[PersonConfig]) -> list[KbProblem]:
    seen: dict[int, str] = {}
    problems = []
    for person in people:
        if person.telegram_user_id is None:
            continue
        if person.telegram_user_id in seen:
            other = seen[person.telegram_user_id]
            message = f"telegram_user_id {person.telegram_user_id} is also used by '{other}'"
            problems.append(KbProblem(FILE, person.id, "telegram_user_id", message))
        seen.setdefault(person.telegram_user_id, person.id)
    return problems
