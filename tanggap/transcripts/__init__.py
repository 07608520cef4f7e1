"""Whole conversations played through the real bot engine, written to docs/conversations.md.

The scripts (`scripts/*.yaml`) say what citizens send; what the bot answers is whatever the engine
says today, on the sample knowledge base, a fresh SQLite database and a frozen clock. The test suite
plays them again and fails when the document differs, so it never goes stale:
`tanggap conversations write` regenerates it.
"""

from tanggap.transcripts.player import play_all
from tanggap.transcripts.render import render_document
from tanggap.transcripts.scripts import Script, load_scripts

__all__ = ["Script", "load_scripts", "play_all", "render_document"]
