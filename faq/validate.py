"""Checks that span items and files: duplicate ids, references, the unit hierarchy."""

from __future__ import annotations

import difflib
from collections.abc import Sequence

from faq.models import Category, FaqEntry, OtherInstitution, Unit
from faq.problems import KbProblem

UNITS_FILE = "units.yaml"


def cross_check(
    units: Sequence[tuple[Unit, str]],
    categories: Sequence[tuple[Category, str]],
    entries: Sequence[tuple[FaqEntry, str]],
    others: Sequence[tuple[OtherInstitution, str]] = (),
) -> list[KbProblem]:
    """Problems that no single item shows on its own. Items are ``(item, file)`` pairs."""
    problems = (
        _duplicates(units, "unit")
        + _duplicates(categories, "category")
        + _duplicates(entries, "entry")
        + _duplicates(others, "institution")
    )
    unit_ids = {unit.id for unit, _ in units}
    problems += _unit_hierarchy([unit for unit, _ in units], unit_ids)
    for category, file in categories:
        if category.unit not in unit_ids:
            problems.append(KbProblem(file, category.id, "unit", _unknown_unit(category.unit, unit_ids)))
    for entry, file in entries:
        if entry.unit not in unit_ids:
            problems.append(KbProblem(file, entry.id, "unit", _unknown_unit(entry.unit, unit_ids)))
    return problems


def _unknown_unit(unit_id: str, known: set[str]) -> str:
    guess = difflib.get_close_matches(unit_id, sorted(known), n=1, cutoff=0.6)
    hint = f" (did you mean '{guess[0]}'?)" if guess else ""
    return f"unknown unit '{unit_id}'{hint}"


def _duplicates(
    items: Sequence[tuple[Unit | Category | FaqEntry | OtherInstitution, str]], noun: str
) -> list[KbProblem]:
    first_seen: dict[str, str] = {}
    problems = []
    for item, file in items:
        if item.id in first_seen:
            where = "earlier in the same file" if first_seen[item.id] == file else f"in {first_seen[item.id]}"
            problems.append(KbProblem(file, item.id, "id", f"duplicate {noun} id '{item.id}' (also {where})"))
        else:
            first_seen[item.id] = file
    return problems


def _unit_hierarchy(units: Sequence[Unit], unit_ids: set[str]) -> list[KbProblem]:
    problems = []
    parents = {unit.id: unit.parent for unit in units}
    for unit in units:
        if unit.parent is not None and unit.parent not in unit_ids:
            problems.append(KbProblem(UNITS_FILE, unit.id, "parent", _unknown_unit(unit.parent, unit_ids)))
        elif unit.parent == unit.id:
            problems.append(KbProblem(UNITS_FILE, unit.id, "parent", "a unit cannot be its own parent"))
    reported: set[frozenset[str]] = set()
    for unit in units:
        cycle = _cycle_from(unit.id, parents)
        if cycle and len(cycle) > 1 and frozenset(cycle) not in reported:
            reported.add(frozenset(cycle))
            chain = " -> ".join([*cycle, cycle[0]])
            problems.append(
                KbProblem(UNITS_FILE, min(cycle), "parent", f"unit hierarchy has a cycle: {chain}")
            )
    triage = [unit.id for unit in units if unit.triage]
    if units and len(triage) != 1:
        found = ", ".join(f"'{t}'" for t in triage) if triage else "none"
        problems.append(
            KbProblem(UNITS_FILE, None, "triage", f"exactly one unit must have triage: true (found {found})")
        )
    return problems


def _cycle_from(start: str, parents: dict[str, str | None]) -> list[str]:
    """The cycle reached by following parents from ``start`` (empty when the chain ends)."""
    path: list[str] = []
    current: str | None = start
    while current is not None and current in parents:
        if current in path:
            return path[path.index(current) :]
        path.append(current)
        current = parents[current]
    return []
