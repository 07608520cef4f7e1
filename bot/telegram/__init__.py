"""Telegram with aiogram 3: direct messages and comments in the channel's discussion group.

`channel.TelegramChannel` receives updates (webhook or polling), stores each in the inbox before
acknowledging it and feeds it to the dispatcher composed in `dispatcher.py` (one router per module);
`messenger.TelegramMessenger` sends what the outbox owes.
"""
