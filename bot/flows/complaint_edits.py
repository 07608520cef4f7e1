"""The draft's questions and its one confirmation: every field editable by a button or a typed
correction ("eh salah, jl mawar bukan melati", "kategorinya lampu jalan"); sending it files the ticket,
whose unit is always its category's unit."""

from __future__ import annotations

import re

from bot.drafting.categories import catch_all, guess_categories, typed_category
from bot.drafting.location import extract
from bot.drafting.replies import is_done, looks_like_correction, named_field, parse_correction
from bot.flows import complaint
from bot.incoming import SavedFile
from bot.intents import Intent
from bot.ticketing import Intake, file_ticket
from bot.turn import Turn
from bot.understanding import Kind
from core.messenger import Choice
from faq import render_answer
from tickets import TicketPriority

LOCATION_LIMIT = 500
"""The ticket's location column; a longer location is kept whole in the description."""
SHOWN_DESCRIPTION = 700
"""The confirmation shows this much of a long description (the whole is kept and sent)."""
EDITS = {"edit:location": "location", "edit:category": "category", "edit:description": "description"}


def ask_category(turn: Turn, *, unknown: bool = False) -> None:
    kb = turn.kb
    options = [Choice(value=f"cat:{c}", label=kb.category(c).label) for c in turn.data.get("guesses", [])]
    other = catch_all(kb)
    if other is not None:
        options.append(Choice(value=f"cat:{other.id}", label=other.label))
    key = "draft.category_unknown" if unknown else "draft.category_guess"
    turn.say(key, choices=(*options, turn.cancel_choice()))


def location_choices(turn: Turn) -> tuple[Choice, ...]:
    return (turn.choice("skip", "choice.skip"), turn.cancel_choice())


def ask_location(turn: Turn) -> None:
    turn.say("draft.location_prompt", choices=location_choices(turn))


def show_confirmation(turn: Turn, *, changed: bool = False) -> None:
    data, kb = turn.data, turn.kb
    category = kb.category(str(data["category"]))
    description = str(data["description"])
    shown = description if len(description) <= SHOWN_DESCRIPTION else description[:SHOWN_DESCRIPTION] + " …"
    turn.say(
        "draft.confirm",
        changed=changed,
        category=category.label,
        unit=kb.unit(category.unit).name,
        location=data.get("location"),
        attachments=len(data.get("photos", [])),
        description=shown,
        full_length=len(description) if shown != description else None,
        choices=(
            turn.choice("confirm:yes", "complaint.confirm_yes"),
            turn.choice("edit:location", "draft.edit_location"),
            turn.choice("edit:category", "draft.edit_category"),
            turn.choice("edit:description", "complaint.confirm_edit"),
            turn.cancel_choice(),
        ),
    )


def after_change(turn: Turn) -> None:
    if turn.data.get("editing") or turn.state == complaint.CONFIRM:
        turn.go(turn.state, editing=False)
        if all(turn.data.get(field) for field in ("description", "category")):
            turn.go(complaint.CONFIRM)
            show_confirmation(turn, changed=True)
            return
    complaint.advance(turn)


def set_location(turn: Turn, text: str) -> None:
    location = text.strip()
    if len(location) > LOCATION_LIMIT:
        whole = f"{turn.data.get('description') or ''}\n\n{turn.t('draft.location_in_full')}: {location}"
        turn.go(turn.state, description=whole.strip())
        location = location[:LOCATION_LIMIT]
    turn.go(turn.state, location=location, location_done=True)
    after_change(turn)


def set_typed_category(turn: Turn, text: str) -> bool:
    category = typed_category(turn.deps.unit_router(), text)
    if category is None:
        return False
    turn.go(turn.state, category=category)
    after_change(turn)
    return True


async def handle_pick(turn: Turn, picked: str) -> bool:
    known = {category.id for category in turn.kb.categories}
    if picked.startswith("cat:") and picked.removeprefix("cat:") in known:
        turn.go(turn.state, category=picked.removeprefix("cat:"))
        after_change(turn)
    elif picked in EDITS or picked == "confirm:edit":
        _ask_edit(turn, EDITS.get(picked, "description"))
    elif picked == "confirm:yes" and turn.state == complaint.CONFIRM:
        await submit(turn)
    elif picked == "skip" and turn.state == complaint.LOCATION:
        turn.go(turn.state, location_done=True)
        after_change(turn)
    else:
        return False
    return True


def _ask_edit(turn: Turn, field: str) -> None:
    if field == "location":
        turn.go(complaint.LOCATION, editing=True)
        ask_location(turn)
    elif field == "category":
        text = str(turn.data.get("description") or "")
        guess = guess_categories(turn.deps.unit_router(), text)
        turn.go(complaint.CATEGORY, editing=True, guesses=list(guess.options))
        ask_category(turn)
    else:
        turn.go(complaint.DESCRIPTION, editing=True, description=None, partial=None)
        turn.say("draft.description_again", choices=(turn.cancel_choice(),))


async def handled_as_correction(turn: Turn) -> bool:
    """A typed correction changes the field it names, or the one holding what it says is wrong."""
    text = turn.text
    reading_says = turn.reads_as(Kind.CORRECTION)
    if not (
        reading_says or named_field(text) or (looks_like_correction(text) and turn.state == complaint.CONFIRM)
    ):
        return False
    if not turn.data.get("description") and not reading_says:
        return False
    correction = parse_correction(text)
    data = turn.data
    if correction.wrong:
        for name in ("location", "description"):
            current = str(data.get(name) or "")
            fixed = _replace(current, correction.wrong, correction.value)
            if fixed is not None:
                turn.go(turn.state, **{name: fixed})
                after_change(turn)
                return True
    field = correction.field
    value = correction.value
    if field == "category" or (field is None and set_typed_category(turn, value)):
        if field == "category" and not set_typed_category(turn, value):
            _ask_edit(turn, "category")
        return True
    if field == "location" or (field is None and extract(value) is not None):
        if value:
            set_location(turn, value)
        else:
            _ask_edit(turn, "location")
        return True
    if field == "description" and len(value) >= turn.deps.settings.min_description_length:
        turn.go(turn.state, description=value)
        after_change(turn)
        return True
    turn.say("draft.which_field", choices=_edit_choices(turn))
    return True


def _edit_choices(turn: Turn) -> tuple[Choice, ...]:
    return (
        turn.choice("edit:location", "draft.edit_location"),
        turn.choice("edit:category", "draft.edit_category"),
        turn.choice("edit:description", "complaint.confirm_edit"),
        turn.cancel_choice(),
    )


_STREET_WORD = re.compile(r"^\W*(jl|jln|jalan|gg|gang)\b\.?\s*", re.IGNORECASE)
_ENDS_WITH_STREET_WORD = re.compile(r"\b(jl|jln|jalan|gg|gang)\b\.?\s*$", re.IGNORECASE)


def _replace(current: str, wrong: str, right: str) -> str | None:
    """ "Jl. Melati" with wrong "melati", right "jl mawar" -> "Jl. Mawar"."""
    if not current or not wrong:
        return None
    candidates = [wrong, _STREET_WORD.sub("", wrong)]
    for candidate in candidates:
        match = re.search(re.escape(candidate), current, re.IGNORECASE)
        if match is None or not candidate:
            continue
        street_kept = candidate != wrong or _ENDS_WITH_STREET_WORD.search(current[: match.start()])
        value = _STREET_WORD.sub("", right) if street_kept else right
        if match.group()[:1].isupper() and value.islower():
            value = value.title()
        return current[: match.start()] + value + current[match.end() :]
    return None


STORY_WORDS = 5
"""A longer message at the confirmation that is no correction, question or place is more of the story."""
ASIDES = frozenset({Kind.QUESTION, Kind.HOAX_CHECK})


async def handled_as_question(turn: Turn) -> bool:
    """A question or a hoax check mid-draft ("katanya KTP-el lama tidak berlaku lagi, bener ga?" while the
    bot asks the category) is answered, or kept for later, and the draft waits where it was: it is never
    taken as the answer to the draft's question. Only a hoax check gets a hoax clarification."""
    reading = turn.reading
    if reading is None or reading.kind not in ASIDES or reading.confidence < 0.6:
        return False
    result = turn.deps.faq.ask(turn.text)
    entry = turn.kb.entry(result.best.entry_id) if result.decision == "answer" and result.best else None
    if entry is not None and (entry.kind != "hoax_clarification" or reading.kind is Kind.HOAX_CHECK):
        turn.reply(render_answer(entry, turn.kb.agency, letter=turn.letter))
    else:
        turn.say("draft.aside_unanswered")
    turn.say("draft.kept")
    _reask(turn)
    return True


def _reask(turn: Turn) -> None:
    if turn.state == complaint.CONFIRM:
        show_confirmation(turn)
    else:
        complaint.advance(turn)


async def on_confirm_text(turn: Turn) -> None:
    text = turn.text
    if turn.says_only(Intent.CONFIRM) or is_done(text):
        await submit(turn)
    elif len(turn.tokens) <= complaint.SHORT_ANSWER_WORDS and extract(text) is not None:
        set_location(turn, text)
    elif len(turn.tokens) <= 5 and set_typed_category(turn, text):
        return
    elif len(turn.tokens) > STORY_WORDS:
        _add_to_story(turn, text)
    else:
        turn.say("draft.confirm_unclear", choices=turn.data_offered_choices())


def _add_to_story(turn: Turn, text: str) -> None:
    """More of the story at the confirmation joins the description, shown again before it is sent: nothing
    the citizen wrote is dropped, and a different complaint can still be changed or cancelled."""
    complaint.take_story(turn, text)
    turn.say("draft.added_at_confirmation")
    show_confirmation(turn)


async def submit(turn: Turn) -> None:
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
