"""Optional routing rules as data: `routing.yaml` in the knowledge-base directory.

```yaml
units:
  pupr:
    keywords: [jalan bolong, aspal, gorong-gorong]   # phrases that point at this unit
synonyms:
  bolong: lubang                                      # word -> the word the KB uses
```
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from faq import KbProblem, KnowledgeBase
from faq.errors import validation_problems
from faq.yamlio import read_yaml

FILE = "routing.yaml"
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class _Strict(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class UnitRules(_Strict):
    keywords: list[Text] = Field(default_factory=list)


class RoutingFile(_Strict):
    units: dict[str, UnitRules] = Field(default_factory=dict)
    synonyms: dict[str, Text] = Field(default_factory=dict)


@dataclass(frozen=True)
class RoutingRules:
    keywords: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """Unit id -> phrases that point at it."""
    synonyms: Mapping[str, str] = field(default_factory=dict)


def read_routing_rules(kb: KnowledgeBase) -> tuple[RoutingRules, list[KbProblem]]:
    path = Path(kb.path) / FILE
    if not path.exists():
        return RoutingRules(), []
    data, problems = read_yaml(path, FILE)
    if data is None:
        return RoutingRules(), problems or [KbProblem(FILE, None, None, "file is empty")]
    if not isinstance(data, dict):
        return RoutingRules(), [KbProblem(FILE, None, None, "must be a mapping of fields")]
    try:
        parsed = RoutingFile.model_validate(data)
    except ValidationError as exc:
        return RoutingRules(), [*problems, *validation_problems(exc, FILE, None, [RoutingFile, UnitRules])]
    unit_ids = sorted(unit.id for unit in kb.units)
    for unit_id in parsed.units:
        if unit_id not in unit_ids:
            guess = difflib.get_close_matches(unit_id, unit_ids, n=1, cutoff=0.6)
            hint = f" (did you mean '{guess[0]}'?)" if guess else ""
            problems.append(KbProblem(FILE, unit_id, None, f"unknown unit '{unit_id}'{hint}"))
    rules = RoutingRules(
        keywords={unit_id: tuple(rules.keywords) for unit_id, rules in parsed.units.items()},
        synonyms={word.casefold(): target.casefold() for word, target in parsed.synonyms.items()},
    )
    return rules, problems
