"""Labelled message files: one JSON object a line, {"text", "kind", "context" (default idle), "pii"}."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from bot.understanding.kinds import CONTEXTS, Kind


class CorpusError(ValueError):
    """A line that is not a valid labelled message; the message names the file and line."""


@dataclass(frozen=True)
class Case:
    text: str
    kind: Kind
    context: str = "idle"
    pii: bool | None = None


def load_cases(path: Path) -> list[Case]:
    cases = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip():
            cases.append(_case(line, f"{path}:{number}"))
    return cases


def _case(line: str, where: str) -> Case:
    try:
        raw = json.loads(line)
    except json.JSONDecodeError as error:
        raise CorpusError(f"{where}: not JSON ({error.msg})") from error
    if not isinstance(raw, dict) or not isinstance(raw.get("text"), str):
        raise CorpusError(f'{where}: expected an object with a "text" string')
    try:
        kind = Kind(str(raw.get("kind")))
    except ValueError as error:
        known = ", ".join(k.value for k in Kind)
        raise CorpusError(f"{where}: unknown kind {raw.get('kind')!r} (known: {known})") from error
    context = raw.get("context") or "idle"
    if context not in CONTEXTS:
        raise CorpusError(f"{where}: unknown context {context!r} (known: {', '.join(CONTEXTS)})")
    pii = raw.get("pii")
    return Case(text=raw["text"], kind=kind, context=context, pii=pii if isinstance(pii, bool) else None)
