"""Editable lexicons and patterns: shipped in rules.yaml, extended per agency by <kb>/understanding.yaml."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from bot.understanding.kinds import Kind

RULES_FILE = Path(__file__).parent / "rules.yaml"
KB_RULES_NAME = "understanding.yaml"
_WORDS = re.compile(r"[^\W_]+(?:'[^\W_]+)?|/\w+|[^\w\s]")


@dataclass(frozen=True)
class Decisive:
    """A pattern that fixes the kind, optionally only in some contexts and with its own exceptions."""

    pattern: re.Pattern[str]
    contexts: frozenset[str] | None = None
    unless: tuple[re.Pattern[str], ...] = ()

    def holds(self, normalised: str, context: str) -> bool:
        if self.contexts is not None and context not in self.contexts:
            return False
        return bool(self.pattern.search(normalised)) and not any(u.search(normalised) for u in self.unless)


@dataclass(frozen=True)
class KindRules:
    kind: Kind
    exact: frozenset[str]
    emoji: frozenset[str]
    decisive: tuple[Decisive, ...]
    unless: tuple[re.Pattern[str], ...]
    hints: tuple[re.Pattern[str], ...]
    contexts: frozenset[str] | None


@dataclass(frozen=True)
class Rules:
    address_words: frozenset[str]
    kinds: tuple[KindRules, ...]
    pii: tuple[tuple[str, re.Pattern[str]], ...]

    def core_words(self, normalised: str) -> str:
        """The message without forms of address and punctuation ("batal min!" -> "batal")."""
        words = [w for w in _WORDS.findall(normalised) if w.isalnum() or w.startswith("/") or "'" in w]
        kept = [w for w in words if w not in self.address_words]
        return " ".join(kept or words)

    def decide(self, normalised: str, context: str) -> tuple[Kind, str] | None:
        """The kind a decisive rule fixes, with the rule's name; None when no rule is sure."""
        core = self.core_words(normalised)
        symbols = "".join(ch for ch in normalised if not ch.isspace())
        for rules in self.kinds:
            if rules.contexts is not None and context not in rules.contexts:
                continue
            if core and core in rules.exact:
                return rules.kind, f"{rules.kind}:exact"
            if rules.emoji and _only_emoji(symbols, rules.emoji):
                return rules.kind, f"{rules.kind}:emoji"
            for index, decisive in enumerate(rules.decisive):
                excepted = any(u.search(normalised) for u in rules.unless)
                if not excepted and decisive.holds(normalised, context):
                    return rules.kind, f"{rules.kind}:decisive:{index}"
        return None

    def hints(self, normalised: str) -> tuple[str, ...]:
        """Names of the hint patterns that match, e.g. "hoax_check:hint:0"; features for the model."""
        found = []
        for rules in self.kinds:
            for index, pattern in enumerate(rules.hints):
                if pattern.search(normalised):
                    found.append(f"{rules.kind}:hint:{index}")
        return tuple(found)

    def pii_found(self, normalised: str) -> tuple[str, ...]:
        return tuple(f"pii:{name}" for name, pattern in self.pii if pattern.search(normalised))


def _only_emoji(symbols: str, emoji: frozenset[str]) -> bool:
    """Every character is one of the emoji or a modifier (skin tone, variation selector, joiner)."""
    if not symbols or any(ch.isalnum() for ch in symbols):
        return False
    return all(
        ch in emoji or 0xFE00 <= ord(ch) <= 0xFE0F or 0x1F3FB <= ord(ch) <= 0x1F3FF or ch == "\u200d"
        for ch in symbols
    )


@cache
def default_rules() -> Rules:
    return build_rules(_read(RULES_FILE))


def rules_for_kb(kb_path: Path | None) -> Rules:
    """The shipped rules, extended by `<kb>/understanding.yaml` when the agency has one."""
    if kb_path is None or not (kb_path / KB_RULES_NAME).is_file():
        return default_rules()
    return _rules_with_override(kb_path / KB_RULES_NAME)


@cache
def _rules_with_override(path: Path) -> Rules:
    return build_rules(merge(_read(RULES_FILE), _read(path)))


def merge(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    """Lists in `extra` are added to the shipped ones; an agency extends, it does not need to copy."""
    merged: dict[str, Any] = {**base}
    merged["address_words"] = [*base.get("address_words", []), *extra.get("address_words", [])]
    merged["pii"] = {**base.get("pii", {}), **extra.get("pii", {})}
    kinds = {name: dict(body) for name, body in base.get("kinds", {}).items()}
    for name, body in (extra.get("kinds") or {}).items():
        target = kinds.setdefault(name, {})
        for key, values in (body or {}).items():
            target[key] = values if key == "contexts" else [*target.get(key, []), *values]
    merged["kinds"] = kinds
    return merged


def build_rules(raw: dict[str, Any]) -> Rules:
    from bot.understanding.normalise import normalise

    address = frozenset(normalise(str(word)) for word in raw.get("address_words", []))
    kinds = []
    for name, body in (raw.get("kinds") or {}).items():
        body = body or {}
        contexts = body.get("contexts")
        kinds.append(
            KindRules(
                kind=Kind(name),
                exact=frozenset(normalise(str(phrase)) for phrase in body.get("exact", [])),
                emoji=frozenset(str(ch) for ch in body.get("emoji", [])),
                decisive=tuple(_decisive(entry) for entry in body.get("decisive", [])),
                unless=tuple(re.compile(p) for p in body.get("unless", [])),
                hints=tuple(re.compile(p) for p in body.get("hints", [])),
                contexts=frozenset(contexts) if contexts is not None else None,
            )
        )
    pii = tuple((str(name), re.compile(str(p))) for name, p in (raw.get("pii") or {}).items())
    return Rules(address_words=address, kinds=tuple(kinds), pii=pii)


def _decisive(entry: str | dict[str, Any]) -> Decisive:
    """A decisive entry: a pattern, or {pattern, contexts, unless} for one that holds only sometimes."""
    if isinstance(entry, str):
        return Decisive(re.compile(entry))
    contexts = entry.get("contexts")
    return Decisive(
        pattern=re.compile(str(entry["pattern"])),
        contexts=frozenset(contexts) if contexts is not None else None,
        unless=tuple(re.compile(str(p)) for p in entry.get("unless", [])),
    )


def _read(path: Path) -> dict[str, Any]:
    loaded = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(loaded, dict):
        raise ValueError(f"{path}: expected a mapping at the top level")
    return loaded
