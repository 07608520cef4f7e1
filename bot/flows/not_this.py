""" "Bukan ini": after an answer, the citizen says it is not what they asked.

Every FAQ answer starts with the short label of the entry it answers ("Informasi tentang: ...") and
offers "Bukan ini"; picking it offers the next entries the question ranked (by their labels), a
human officer (the existing hand-over) and filing the question as a complaint.
"""

from __future__ import annotations

from bot.turn import Turn
from core.messenger import Choice
from faq.labels import as_button, entry_label

PICK = "faq_other"
CANDIDATES = "faq_candidates"
"""The conversation data key of the entries the last question ranked, best first."""
ANSWERED = "faq_answered"
SHOWN = 3


def remember(turn: Turn, entry_ids: list[str]) -> None:
    """Keep the ranking of the question just asked, for a later "Bukan ini"."""
    turn.go(turn.state, **{CANDIDATES: entry_ids, ANSWERED: None})


def answered(turn: Turn, entry_id: str) -> None:
    turn.go(turn.state, **{ANSWERED: entry_id})


def choice(turn: Turn) -> Choice:
    return turn.choice(PICK, "faq.not_this")


def suggestion(turn: Turn, entry_id: str) -> Choice:
    """A button for an entry: its label, capitalised ("Mengurus KTP-el yang hilang")."""
    return Choice(value=f"faq:{entry_id}", label=as_button(entry_label(turn.kb.entry(entry_id))))


def others(turn: Turn) -> list[str]:
    """The entries the last question ranked, without the one just answered (and any since removed)."""
    ranked = [str(entry_id) for entry_id in turn.data.get(CANDIDATES) or []]
    skip = turn.data.get(ANSWERED)
    known = {entry.id for entry in turn.kb.entries}
    return [entry_id for entry_id in ranked if entry_id != skip and entry_id in known][:SHOWN]


def handle_pick(turn: Turn) -> None:
    """Offer the other candidates, a human officer, or filing the question as a complaint."""
    candidates = tuple(suggestion(turn, entry_id) for entry_id in others(turn))
    ways_out = (
        turn.choice("menu:officer", "menu.officer"),
        turn.choice("complaint:from_text", "faq_unknown.complaint"),
    )
    key = "faq_not_this" if candidates else "faq_not_this.none"
    turn.say(key, choices=(*candidates, *ways_out))
