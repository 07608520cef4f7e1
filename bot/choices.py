"""Reading a citizen's pick: a button press, or a typed number or label of the choices last offered
(channels without buttons, and citizens who type instead of tapping)."""

from __future__ import annotations

from typing import Any


def resolve_choice(choice: str | None, text: str, offered: list[dict[str, Any]]) -> str | None:
    if choice:
        return choice
    typed = text.strip().casefold().rstrip(".)")
    if not typed or not offered:
        return None
    if typed.isdigit() and 1 <= int(typed) <= len(offered):
        return str(offered[int(typed) - 1]["value"])
    for option in offered:
        if str(option["label"]).casefold() == typed:
            return str(option["value"])
    return None
