"""Complaint intake: category -> description (with photos) -> optional location -> confirmation -> ticket."""

from __future__ import annotations

from typing import Any

from bot.incoming import ContentType, SavedFile
from bot.intents import Intent
from bot.photos import keep_photo, refusal_text
from bot.ticketing import Intake, file_ticket, route_intake
from bot.turn import Turn
from core.messenger import Choice
from tickets import TicketPriority

CATEGORY = "complaint.category"
DESCRIPTION = "complaint.description"
LOCATION = "complaint.location"
CONFIRM = "complaint.confirm"
STATES = (CATEGORY, DESCRIPTION, LOCATION, CONFIRM)


async def start(turn: Turn, *, description: str | None = None) -> None:
    """Begin intake; a prefilled description (the question the bot could not answer) is kept only if it
    is long enough to act on, otherwise the citizen is asked for one."""
    photos = turn.data.get("photos", [])
    if description and len(description) < turn.deps.settings.min_description_length:
        description = None
    turn.go(CATEGORY, description=description, photos=photos, location=None, category=None)
    _ask_category(turn, "complaint.category_prompt")


async def handle(turn: Turn, picked: str | None) -> None:
    if turn.incoming.content_type is ContentType.PHOTO:
        await _keep_photo(turn)
        if turn.state != DESCRIPTION or not turn.text:
            return
    handlers = {
        CATEGORY: _on_category,
        DESCRIPTION: _on_description,
        LOCATION: _on_location,
        CONFIRM: _on_confirm,
    }
    await handlers[turn.state](turn, picked)


async def keep_photo_outside_intake(turn: Turn) -> None:
    """A photo sent before any complaint was started: hold it and offer to file a complaint. A file
    that cannot be kept (a PDF, too large, over the quota) gets one answer: why not, with the same offer."""
    choices = (turn.choice("menu:complaint", "menu.complaint"), turn.cancel_choice())
    photos: list[dict[str, Any]] = list(turn.data.get("photos", []))
    kept = await keep_photo(turn, already_held=len(photos))
    if isinstance(kept, str):
        turn.reply(refusal_text(turn, kept, outside_intake=True), choices=choices)
        return
    turn.go(turn.state, photos=[*photos, dict(kept.__dict__)])
    turn.say("photo_outside_intake", choices=choices)


async def _on_category(turn: Turn, picked: str | None) -> None:
    category = _category_from(turn, picked)
    if category is None:
        _ask_category(turn, "complaint.category_unknown")
        return
    turn.go(DESCRIPTION if not turn.data.get("description") else LOCATION, category=category)
    if turn.data.get("description"):
        _ask_location(turn)
    else:
        label = turn.kb.category(category).label
        turn.say("complaint.description_prompt", category=label, choices=(turn.cancel_choice(),))


async def _on_description(turn: Turn, picked: str | None) -> None:
    minimum = turn.deps.settings.min_description_length
    if len(turn.text) < minimum:
        turn.say("complaint.description_too_short", minimum=minimum, choices=(turn.cancel_choice(),))
        return
    turn.go(LOCATION, description=turn.text)
    _ask_location(turn)


async def _on_location(turn: Turn, picked: str | None) -> None:
    incoming = turn.incoming
    if incoming.latitude is not None and incoming.longitude is not None:
        location: str | None = f"Titik koordinat {incoming.latitude:.6f}, {incoming.longitude:.6f}"
    elif picked == "skip" or turn.says_only(Intent.SKIP):
        location = None
    elif turn.text:
        location = turn.text[:500]
    else:
        _ask_location(turn)
        return
    turn.go(CONFIRM, location=location)
    _ask_confirmation(turn)


async def _on_confirm(turn: Turn, picked: str | None) -> None:
    if picked == "confirm:yes" or (picked is None and turn.says_only(Intent.CONFIRM)):
        await _submit(turn)
    elif picked == "confirm:edit":
        turn.go(DESCRIPTION, description=None)
        label = turn.kb.category(turn.data["category"]).label
        turn.say("complaint.description_prompt", category=label, choices=(turn.cancel_choice(),))
    else:
        turn.say("complaint.confirm_unclear", choices=_confirm_choices(turn))


async def _submit(turn: Turn) -> None:
    data = turn.data
    intake = Intake(
        description=str(data["description"]),
        category=data.get("category"),
        location=data.get("location"),
        photos=tuple(SavedFile(**photo) for photo in data.get("photos", [])),
        priority=TicketPriority(data.get("priority") or TicketPriority.NORMAL),
    )
    filed = await file_ticket(turn, intake)
    turn.reset()
    turn.say(
        "complaint.created",
        code=filed.ticket.code,
        unit=filed.unit_name,
        due=filed.due_text,
        choices=turn.menu_choices(),
    )


def _category_from(turn: Turn, picked: str | None) -> str | None:
    known = {category.id for category in turn.kb.categories}
    if picked and picked.startswith("cat:") and picked.removeprefix("cat:") in known:
        return picked.removeprefix("cat:")
    typed = turn.text.casefold()
    for category in turn.kb.categories:
        if typed and typed in (category.id.casefold(), category.label.casefold()):
            return category.id
    return None


def _ask_category(turn: Turn, key: str) -> None:
    options = tuple(
        Choice(value=f"cat:{category.id}", label=category.label) for category in turn.kb.categories
    )
    turn.say(key, choices=(*options, turn.cancel_choice()))


def _ask_location(turn: Turn) -> None:
    turn.say("complaint.location_prompt", choices=(turn.choice("skip", "choice.skip"), turn.cancel_choice()))


def _ask_confirmation(turn: Turn) -> None:
    data = turn.data
    unit = turn.kb.unit(route_intake(turn, str(data["description"]), data.get("category")).unit_id)
    category = (
        turn.kb.category(data["category"]).label if data.get("category") else turn.t("category.unknown")
    )
    turn.say(
        "complaint.confirm_prompt",
        category=category,
        unit=unit.name,
        description=data["description"],
        location=data.get("location"),
        attachments=len(data.get("photos", [])),
        choices=_confirm_choices(turn),
    )


def _confirm_choices(turn: Turn) -> tuple[Choice, ...]:
    return (
        turn.choice("confirm:yes", "complaint.confirm_yes"),
        turn.choice("confirm:edit", "complaint.confirm_edit"),
        turn.cancel_choice(),
    )


async def _keep_photo(turn: Turn) -> None:
    photos: list[dict[str, Any]] = list(turn.data.get("photos", []))
    kept = await keep_photo(turn, already_held=len(photos))
    if isinstance(kept, str):
        turn.reply(refusal_text(turn, kept))
        return
    photos.append(dict(kept.__dict__))
    turn.go(turn.state, photos=photos)
    turn.say("complaint.photo_received", count=len(photos))
