"""The inline buttons on a ticket's notification in a unit's Telegram group, as choices whose values
are short callback data (Telegram allows 64 bytes): `st:<action>:<ticket id>[:<unit id>]`."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from core.messenger import Choice
from escalation.texts import plain_texts

PREFIX = "st"
MAX_CALLBACK_BYTES = 64
TRIAGE = "-"
"""The unit part of `st:to:<ticket>:-`: back to the triage unit."""


class StaffAction(StrEnum):
    CLAIM = "claim"
    REPLY = "reply"
    RESOLVE = "done"
    FORWARD = "fwd"
    """Offers the units to forward to; the pick comes back as `TO`."""
    TO = "to"


@dataclass(frozen=True)
class StaffPress:
    action: StaffAction
    ticket_id: int
    unit_id: str | None = None
    """For `TO`: the unit picked, or None for the triage unit."""


def callback_data(action: StaffAction, ticket_id: int, unit_id: str | None = None) -> str:
    parts = [PREFIX, str(action), str(ticket_id)]
    if action == StaffAction.TO:
        parts.append(unit_id or TRIAGE)
    return ":".join(parts)


def fits(data: str) -> bool:
    return len(data.encode("utf-8")) <= MAX_CALLBACK_BYTES


def parse_callback(data: str | None) -> StaffPress | None:
    """The press behind `data`, or None when it is not a staff button (or is malformed)."""
    if not data or not data.startswith(PREFIX + ":"):
        return None
    parts = data.split(":")
    if len(parts) not in (3, 4) or not parts[2].isdigit():
        return None
    try:
        action = StaffAction(parts[1])
    except ValueError:
        return None
    if (action == StaffAction.TO) != (len(parts) == 4):
        return None
    unit = parts[3] if len(parts) == 4 else None
    return StaffPress(action, int(parts[2]), None if unit in (None, TRIAGE) else unit)


def ticket_choices(ticket_id: int) -> tuple[Choice, ...]:
    """Ambil / Balas / Selesai / Teruskan for a ticket's notification."""
    texts = plain_texts()
    return tuple(
        Choice(value=callback_data(action, ticket_id), label=texts.render(f"staff.button.{key}"))
        for action, key in (
            (StaffAction.CLAIM, "claim"),
            (StaffAction.REPLY, "reply"),
            (StaffAction.RESOLVE, "resolve"),
            (StaffAction.FORWARD, "forward"),
        )
    )


def forward_choices(ticket_id: int, units: list[tuple[str, str]]) -> tuple[Choice, ...]:
    """One button per (unit id, name) to forward to, then "back to triage"."""
    choices = [
        Choice(value=data, label=name)
        for unit_id, name in units
        if fits(data := callback_data(StaffAction.TO, ticket_id, unit_id))
    ]
    triage = plain_texts().render("staff.button.triage")
    choices.append(Choice(value=callback_data(StaffAction.TO, ticket_id), label=triage))
    return tuple(choices)
