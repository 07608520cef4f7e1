"""What a message is, as the understanding step reads it."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Kind(StrEnum):
    QUESTION = "question"
    REPORT = "report"
    FOLLOW_UP = "follow_up"
    STATUS = "status"
    ANSWER = "answer"
    CORRECTION = "correction"
    CANCEL = "cancel"
    HUMAN = "human"
    EMERGENCY = "emergency"
    GREETING = "greeting"
    THANKS = "thanks"
    POLITICAL = "political"
    ABUSIVE = "abusive"
    HOAX_CHECK = "hoax_check"
    SPAM = "spam"
    SMALL_TALK = "small_talk"


CONTEXTS = (
    "idle",
    "asked_description",
    "asked_location",
    "asked_category",
    "asked_photo",
    "confirming",
    "after_ticket",
)
"""Where the conversation stands when the message arrives; the same text means different things."""

FLOW_ONLY = frozenset({Kind.ANSWER, Kind.CORRECTION})
"""Kinds that only exist while the bot is asking something."""


@dataclass(frozen=True)
class Reading:
    """The understanding of one message: its kind, how sure, and why."""

    kind: Kind
    confidence: float
    pii: bool
    context: str
    decided_by: str
    """"rule:<kind>" when a decisive pattern fixed the kind, "model" otherwise."""
    matched: tuple[str, ...] = ()
    """Names of the patterns that matched ("emergency:decisive:3", "pii:phone")."""
    probabilities: dict[str, float] = field(default_factory=dict)
