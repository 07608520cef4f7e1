"""The register rules: the agency's guidelines for how staff write to citizens, as data.

The defaults are `rules.yaml` beside this module; an agency's `register.yaml` in its knowledge base
replaces a rule by its `id`, switches one off with `enabled: false`, or adds its own."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

DEFAULTS = Path(__file__).parent / "rules.yaml"
AGENCY_FILE = "register.yaml"
KINDS = frozenset({"words", "greeting", "emoji", "shouting", "patterns", "personal", "promise"})


class RegisterRulesError(ValueError):
    """A register file that cannot be used, with the reason an admin can act on."""


@dataclass(frozen=True)
class RegisterRule:
    id: str
    kind: str
    title: str
    message: str
    suggestion: str = ""
    words: dict[str, str] = field(default_factory=dict)
    patterns: tuple[re.Pattern[str], ...] = ()
    dates: tuple[re.Pattern[str], ...] = ()
    openings: tuple[str, ...] = ()
    acronyms: frozenset[str] = frozenset()
    within: int = 80
    limit: int = 1
    """`max` for emoji, `min_words` for shouting."""


def load_register_rules(kb_path: Path | None = None) -> tuple[RegisterRule, ...]:
    """The default rules, with the agency's `register.yaml` (if `kb_path` has one) applied."""
    rules = {rule["id"]: rule for rule in _read(DEFAULTS)}
    agency = None if kb_path is None else kb_path / AGENCY_FILE
    if agency is not None and agency.is_file():
        for rule in _read(agency):
            if rule.get("enabled", True) is False:
                rules.pop(rule["id"], None)
            else:
                rules[rule["id"]] = {**rules.get(rule["id"], {}), **rule}
    return tuple(_build(raw, source=agency or DEFAULTS) for raw in rules.values())


@cache
def default_rules() -> tuple[RegisterRule, ...]:
    return load_register_rules()


def _read(path: Path) -> list[dict[str, Any]]:
    try:
        loaded = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise RegisterRulesError(f"{path}: cannot be read ({error})") from error
    if not isinstance(loaded, list) or not all(isinstance(item, dict) and "id" in item for item in loaded):
        raise RegisterRulesError(f"{path}: expected a list of rules, each with an `id`")
    return loaded


def _build(raw: dict[str, Any], *, source: Path) -> RegisterRule:
    rule_id, kind = str(raw["id"]), str(raw.get("kind", ""))
    if kind not in KINDS:
        raise RegisterRulesError(f"{source}: rule {rule_id!r} has unknown kind {kind!r}")
    try:
        return RegisterRule(
            id=rule_id,
            kind=kind,
            title=str(raw["title"]),
            message=str(raw["message"]),
            suggestion=str(raw.get("suggestion", "")),
            words={str(word).lower(): str(better or "") for word, better in (raw.get("words") or {}).items()},
            patterns=_compiled(raw.get("patterns")),
            dates=_compiled(raw.get("dates")),
            openings=tuple(str(opening).lower() for opening in raw.get("openings") or ()),
            acronyms=frozenset(str(word).upper() for word in raw.get("acronyms") or ()),
            within=int(raw.get("within", 80)),
            limit=int(raw.get("max", raw.get("min_words", 1))),
        )
    except KeyError as missing:
        raise RegisterRulesError(f"{source}: rule {rule_id!r} needs {missing}") from missing
    except re.error as error:
        raise RegisterRulesError(f"{source}: rule {rule_id!r} has a broken pattern ({error})") from error


def _compiled(patterns: Any) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(str(pattern), re.IGNORECASE) for pattern in patterns or ())
