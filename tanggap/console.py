"""`tanggap chat`: the console channel. Choices are numbered; type the number or the words."""

from __future__ import annotations

import asyncio
import uuid
from pathlib import Path

from bot.handling import receive
from bot.incoming import Incoming
from core.messenger import OutgoingMessage
from core.settings import CoreSettings
from tanggap.logs import setup_logging
from tanggap.runtime import Runtime, start_runtime

CHANNEL = "console"
EXIT_COMMANDS = ("/keluar", "/exit", "/quit")
"""With a slash, so that "keluar" or "exit" typed as a citizen would (to cancel) reaches the bot."""


async def run_console(core: CoreSettings, kb_path: Path, *, user: str) -> None:
    setup_logging(core, level="WARNING")
    runtime = await start_runtime(core, kb_path)
    print(runtime.engine.deps.catalogue().render("console_intro") + "\n")
    try:
        await _say(runtime, user, choice="menu:start")
        while True:
            try:
                line = await asyncio.to_thread(input, "Anda> ")
            except EOFError:
                break
            if line.strip().casefold() in EXIT_COMMANDS:
                break
            await _say(runtime, user, text=line)
    finally:
        await runtime.close()


async def _say(runtime: Runtime, user: str, *, text: str | None = None, choice: str | None = None) -> None:
    incoming = Incoming(channel=CHANNEL, sender_id=user, display_name=None, text=text, choice=choice)
    handled = await receive(
        runtime.db,
        runtime.engine,
        incoming,
        dedupe_key=f"console:{user}:{uuid.uuid4().hex}",
        payload={"text": text, "choice": choice},
        delivered=True,
    )
    for reply in handled.replies:
        print(format_reply(reply))


def format_reply(reply: OutgoingMessage) -> str:
    lines = [
        f"Bot> {line}" if index == 0 else f"     {line}" for index, line in enumerate(reply.text.splitlines())
    ]
    lines.extend(f"     [{number}] {choice.label}" for number, choice in enumerate(reply.choices, start=1))
    return "\n".join(lines) + "\n"
