"""Turning pydantic validation errors into plain-language knowledge-base problems."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from faq.problems import KbProblem

_PATTERN_HINTS = {
    "ticket_prefix": "must be 2 to 5 capital letters, e.g. ADU",
}
_DEFAULT_PATTERN_HINT = "must be letters, digits, '-', '_' or '.' without spaces"


def _format_loc(loc: tuple[int | str, ...]) -> str:
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else part
    return text


def _field_names(models: Iterable[type[BaseModel]]) -> list[str]:
    names: set[str] = set()
    for model in models:
        names.update(model.model_fields)
    return sorted(names)


def _explain(error: ErrorDetails, known_fields: list[str]) -> str:
    kind = error["type"]
    ctx: dict[str, Any] = dict(error.get("ctx") or {})
    value = error.get("input")
    last = error["loc"][-1] if error["loc"] else ""
    if kind == "missing":
        return "is required but missing"
    if kind == "string_too_short":
        return "must not be empty"
    if kind == "string_too_long":
        return f"is too long ({len(str(value))} characters, at most {ctx.get('max_length')})"
    if kind == "extra_forbidden":
        guess = difflib.get_close_matches(str(last), known_fields, n=1, cutoff=0.6)
        hint = f" (did you mean '{guess[0]}'?)" if guess else ""
        return f"unknown field{hint}"
    if kind == "literal_error":
        return f"unknown {last} '{value}' (expected {ctx.get('expected')})"
    if kind == "string_pattern_mismatch":
        return f"'{value}' {_PATTERN_HINTS.get(str(last), _DEFAULT_PATTERN_HINT)}"
    if kind == "value_error":
        return str(ctx.get("error", error["msg"]))
    if kind == "string_type":
        return f"must be text, not {type(value).__name__}"
    if kind == "list_type":
        return "must be a list"
    if kind == "bool_parsing" or kind == "bool_type":
        return "must be true or false"
    if kind in {"model_type", "dict_type", "model_attributes_type"}:
        return "must be a mapping of fields"
    return error["msg"]


def validation_problems(
    exc: ValidationError,
    file: str,
    entry: str | int | None,
    models: Iterable[type[BaseModel]],
) -> list[KbProblem]:
    """One :class:`KbProblem` per pydantic error, with the offending field spelled out."""
    known = _field_names(models)
    problems = []
    for error in exc.errors():
        field = _format_loc(tuple(error["loc"])) or None
        problems.append(KbProblem(file, entry, field, _explain(error, known)))
    return problems
