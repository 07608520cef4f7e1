"""One citizen message being handled: the state it arrived in and the replies it produces."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot.catalogue import Catalogue
from bot.deps import BotDeps
from bot.incoming import Incoming
from bot.intents import Intent, Phrases, default_phrases, tokens
from bot.models import Conversation
from bot.understanding import Kind, Reading
from core import clock
from core.messenger import Choice, OutgoingMessage
from faq import KnowledgeBase
from tickets import Citizen

SURE = 0.5
"""Below this confidence a model's reading is a guess: the message goes on to the FAQ, as before the
understanding step (a decisive pattern is always sure)."""


@dataclass
class Turn:
    session: AsyncSession
    deps: BotDeps
    citizen: Citizen
    conversation: Conversation
    incoming: Incoming
    replies: list[OutgoingMessage] = field(default_factory=list)
    ticket_id: int | None = None
    phrases: Phrases = field(default_factory=default_phrases)
    reading: Reading | None = None
    """What the message is, read before any flow runs (None for a message without text)."""
    opening: bool = False
    """This message opens a conversation (the citizen's first, or the first after a long pause): its
    first reply is written as a letter ("Yth. Bapak/Ibu," and, where the text has one, the signature)."""

    @property
    def kb(self) -> KnowledgeBase:
        return self.deps.kb

    @property
    def catalogue(self) -> Catalogue:
        return self.deps.catalogue()

    @property
    def text(self) -> str:
        return (self.incoming.text or "").strip()

    @cached_property
    def tokens(self) -> tuple[str, ...]:
        """The message's words, split once per turn (intents are checked against them many times)."""
        return tokens(self.text)

    @property
    def state(self) -> str:
        return self.conversation.state

    @property
    def data(self) -> dict[str, Any]:
        return self.conversation.data

    def reads_as(self, *kinds: Kind) -> bool:
        return self.reading is not None and self.reading.kind in kinds

    def reads_surely(self, *kinds: Kind) -> bool:
        """The reading is one of `kinds`, by a decisive pattern or a model at least `SURE`."""
        reading = self.reading
        if reading is None or reading.kind not in kinds:
            return False
        return reading.confidence >= SURE or reading.decided_by != "model"

    def says(self, intent: Intent) -> bool:
        return self.phrases.mentions(intent, self.tokens)

    def says_only(self, intent: Intent) -> bool:
        return self.phrases.is_exactly(intent, self.tokens)

    @property
    def letter(self) -> bool:
        """The reply being written is the first of a conversation: greeting and signature belong."""
        return self.opening and not self.replies

    def t(self, key: str, **context: Any) -> str:
        """The catalogue text; templates see `letter` and `dear` ("Yth. Bapak/Ibu," and a line
        break, or nothing) to open the first reply of a conversation as a letter."""
        letter = self.letter
        dear = f"{self.catalogue.render('letter.opening')}\n" if letter else ""
        return self.catalogue.render(key, letter=letter, dear=dear, **context)

    def say(self, key: str, *, choices: tuple[Choice, ...] = (), **context: Any) -> None:
        self.reply(self.t(key, **context), choices=choices)

    def reply(self, text: str, *, choices: tuple[Choice, ...] = (), topic: str | None = None) -> None:
        self.replies.append(OutgoingMessage(text=text, choices=choices, topic=topic))
        offered = [{"value": choice.value, "label": choice.label} for choice in choices]
        self.conversation.data = {**self.conversation.data, "offered": offered}

    def choice(self, value: str, label_key: str) -> Choice:
        return Choice(value=value, label=self.t(label_key))

    def go(self, state: str, **updates: Any) -> None:
        """Move to `state`; the JSON column is reassigned so SQLAlchemy sees the change."""
        data = {**self.conversation.data, **updates}
        self.conversation.state = state
        self.conversation.data = data
        self.conversation.updated_at = clock.now()

    def reset(self) -> None:
        offered = self.conversation.data.get("offered", [])
        self.conversation.state = "idle"
        self.conversation.data = {"offered": offered}
        self.conversation.updated_at = clock.now()

    def menu_choices(self) -> tuple[Choice, ...]:
        return (
            self.choice("menu:ask", "menu.ask"),
            self.choice("menu:complaint", "menu.complaint"),
            self.choice("menu:status", "menu.status"),
            self.choice("menu:officer", "menu.officer"),
        )

    def data_offered_choices(self) -> tuple[Choice, ...]:
        """The choices last offered, to offer them again."""
        offered = self.conversation.data.get("offered", [])
        return tuple(Choice(value=str(o["value"]), label=str(o["label"])) for o in offered)

    def cancel_choice(self) -> Choice:
        return self.choice("cancel", "choice.cancel")
