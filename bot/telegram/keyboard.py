"""Engine choices as inline keyboards, and button presses back as choices.

`callback_data` is the choice value itself when it fits Telegram's 64 bytes. A longer value is sent as
"~" + a digest; a press on it comes back as the button's label, which the engine resolves against the
choices it offered last (as if the citizen had typed the label), so nothing long is ever truncated.
"""

from __future__ import annotations

import hashlib

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup, MaybeInaccessibleMessageUnion

from core.messenger import Choice

MAX_CALLBACK_BYTES = 64
HASHED = "~"


def callback_data_for(value: str) -> str:
    if len(value.encode("utf-8")) <= MAX_CALLBACK_BYTES and not value.startswith(HASHED):
        return value
    return HASHED + hashlib.sha256(value.encode("utf-8")).hexdigest()[:32]


def keyboard(choices: tuple[Choice, ...]) -> InlineKeyboardMarkup | None:
    if not choices:
        return None
    rows = [
        [InlineKeyboardButton(text=choice.label[:200], callback_data=callback_data_for(choice.value))]
        for choice in choices
    ]
    return InlineKeyboardMarkup(inline_keyboard=rows)


def pressed(data: str | None, message: MaybeInaccessibleMessageUnion | None) -> tuple[str | None, str | None]:
    """(choice, text) for a button press: the value itself, or the pressed button's label."""
    if not data:
        return None, None
    if not data.startswith(HASHED):
        return data, None
    markup = getattr(message, "reply_markup", None)
    for row in getattr(markup, "inline_keyboard", None) or []:
        for button in row:
            if button.callback_data == data:
                return None, str(button.text)
    return None, None
