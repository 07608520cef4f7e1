"""Complaint intake as a draft: the citizen's story prefills description, location and category (the
router's); the bot asks only for what is missing, one question at a time, then one confirmation
with every field editable (bot/flows/complaint_edits.py)."""

from __future__ import annotations

from typing import Any

from bot.drafting.categories import catch_all, guess_categories
from bot.drafting.empathy import empathy_key
from bot.drafting.location import extract
from bot.drafting.replies import is_bare_intent, is_done, told_above
from bot.flows import complaint_edits as edits
from bot.incoming import ContentType
from bot.intents import Intent
from bot.photos import keep_photo, refusal_text
from bot.turn import Turn
from bot.understanding import Kind

CATEGORY = "complaint.category"
DESCRIPTION = "complaint.description"
LOCATION = "complaint.location"
CONFIRM = "complaint.confirm"
STATES = (CATEGORY, DESCRIPTION, LOCATION, CONFIRM)
SHORT_ANSWER_WORDS = 12
"""An answer to the location question up to this long is the location as typed; longer is more story."""


def _fresh(turn: Turn) -> dict[str, Any]:
    return {
        "description": None,
        "partial": None,
        "category": None,
        "guesses": [],
        "location": None,
        "location_done": False,
        "photos": turn.data.get("photos", []),
        "editing": False,
    }


async def start(turn: Turn) -> None:
    """From the menu: the citizen is asked for the story first."""
    turn.go(DESCRIPTION, **_fresh(turn))
    turn.say("draft.story_prompt", choices=(turn.cancel_choice(),))


async def start_from_story(turn: Turn, story: str | None) -> None:
    """A report told in a message: the draft is prefilled from it; a bare intent is no story."""
    turn.go(DESCRIPTION, **_fresh(turn))
    if story and not is_bare_intent(story):
        take_story(turn, story)
    advance(turn)


def take_story(turn: Turn, text: str) -> None:
    """The text joins the description in full; location and category are found where still missing."""
    data = turn.data
    earlier = [part for part in (data.get("description"), data.get("partial")) if part]
    whole = "\n".join([*earlier, text])
    if len(whole) < turn.deps.settings.min_description_length:
        turn.go(turn.state, partial=whole)
        return
    updates: dict[str, Any] = {"description": whole, "partial": None}
    if not data.get("location"):
        found = extract(text)
        if found is not None:
            updates["location"] = found.text
    if not data.get("category"):
        guess = guess_categories(turn.deps.unit_router(), whole)
        updates["category"] = guess.sure
        updates["guesses"] = list(guess.options)
    turn.go(turn.state, **updates)


def advance(turn: Turn) -> None:
    """Ask the first missing field, else show the confirmation."""
    data = turn.data
    if not data.get("description"):
        key = "complaint.description_too_short" if data.get("partial") else "draft.story_prompt"
        turn.go(DESCRIPTION)
        turn.say(key, minimum=turn.deps.settings.min_description_length, choices=(turn.cancel_choice(),))
    elif not data.get("category"):
        other = catch_all(turn.kb)
        if not data.get("guesses") and other is not None:
            turn.go(turn.state, category=other.id)
            advance(turn)
            return
        turn.go(CATEGORY)
        edits.ask_category(turn)
    elif not data.get("location") and not data.get("location_done"):
        turn.go(LOCATION)
        edits.ask_location(turn)
    else:
        turn.go(CONFIRM, editing=False)
        edits.show_confirmation(turn)


async def handle(turn: Turn, picked: str | None) -> None:
    if turn.incoming.content_type is ContentType.PHOTO:
        await _keep_photo(turn)
        return
    if turn.incoming.latitude is not None and turn.incoming.longitude is not None:
        location = f"Titik koordinat {turn.incoming.latitude:.6f}, {turn.incoming.longitude:.6f}"
        edits.set_location(turn, location)
        return
    if picked is not None and await edits.handle_pick(turn, picked):
        return
    if await edits.handled_as_correction(turn) or await edits.handled_as_question(turn):
        return
    handlers = {CATEGORY: _on_category, DESCRIPTION: _on_description, LOCATION: _on_location}
    if turn.state == CONFIRM:
        await edits.on_confirm_text(turn)
    else:
        handlers[turn.state](turn)


def _on_description(turn: Turn) -> None:
    if is_bare_intent(turn.text) or is_done(turn.text) or told_above(turn.text):
        turn.say("draft.story_again", choices=(turn.cancel_choice(),))
        return
    take_story(turn, turn.text)
    advance(turn)


def _on_category(turn: Turn) -> None:
    if edits.set_typed_category(turn, turn.text):
        return
    if len(turn.tokens) > 5 and not (is_done(turn.text) or told_above(turn.text)):
        take_story(turn, turn.text)
        if turn.data.get("category"):
            advance(turn)
            return
    edits.ask_category(turn, unknown=True)


def _on_location(turn: Turn) -> None:
    text = turn.text
    if turn.says_only(Intent.SKIP) or is_done(text):
        turn.go(LOCATION, location_done=True)
        advance(turn)
    elif told_above(text) or is_bare_intent(text):
        turn.say("draft.location_not_in_story", choices=edits.location_choices(turn))
    elif len(turn.tokens) <= SHORT_ANSWER_WORDS:
        edits.set_location(turn, text)
    else:
        take_story(turn, text)
        found = extract(text)
        if found is not None:
            edits.set_location(turn, found.text)
        else:
            turn.say("draft.story_added", choices=edits.location_choices(turn))


async def keep_photo_outside_intake(turn: Turn) -> None:
    """A photo sent before any complaint: held; its caption, if it tells a problem, starts the draft.
    A file that cannot be kept gets one answer: why not, with the offer to file a complaint."""
    choices = (turn.choice("menu:complaint", "menu.complaint"), turn.cancel_choice())
    photos: list[dict[str, Any]] = list(turn.data.get("photos", []))
    kept = await keep_photo(turn, already_held=len(photos))
    if isinstance(kept, str):
        turn.reply(refusal_text(turn, kept, outside_intake=True), choices=choices)
        return
    turn.go(turn.state, photos=[*photos, dict(kept.__dict__)])
    caption = turn.text
    if caption and turn.reads_as(Kind.REPORT, Kind.ANSWER) and not is_bare_intent(caption):
        turn.say(empathy_key(caption, known=turn.catalogue.has))
        await start_from_story(turn, caption)
        return
    turn.say("photo_outside_intake", choices=choices)


async def _keep_photo(turn: Turn) -> None:
    """A photo joins the draft; its caption is part of the story (kept in full)."""
    photos: list[dict[str, Any]] = list(turn.data.get("photos", []))
    kept = await keep_photo(turn, already_held=len(photos))
    if isinstance(kept, str):
        turn.reply(refusal_text(turn, kept))
        return
    photos.append(dict(kept.__dict__))
    choices = turn.data_offered_choices()
    turn.go(turn.state, photos=photos)
    if turn.text and not is_bare_intent(turn.text):
        turn.say("complaint.photo_received", count=len(photos))
        take_story(turn, turn.text)
        advance(turn)
    else:
        turn.say("complaint.photo_received", count=len(photos), choices=choices)
