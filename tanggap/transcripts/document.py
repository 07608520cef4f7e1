"""Writing docs/conversations.md, or checking that it is what the bot says today."""

from __future__ import annotations

import difflib
from pathlib import Path

from tanggap.transcripts.player import play_all
from tanggap.transcripts.render import render_document
from tanggap.transcripts.scripts import load_scripts

DOCUMENT = Path(__file__).resolve().parents[2] / "docs" / "conversations.md"
REGENERATE = "tanggap conversations write"


async def generate() -> str:
    """The document as the bot's replies make it today."""
    return render_document(await play_all(load_scripts()))


def stale_difference(expected: str, path: Path = DOCUMENT) -> str | None:
    """None when `path` holds `expected`; else the start of a unified diff saying how it differs."""
    current = path.read_text(encoding="utf-8") if path.exists() else ""
    if current == expected:
        return None
    diff = difflib.unified_diff(
        current.splitlines(), expected.splitlines(), str(path), "what the bot says today", lineterm="", n=1
    )
    return "\n".join(list(diff)[:80])
