"""docs/conversations.md is what the bot says today: the suite plays every script again."""

from __future__ import annotations

from pathlib import Path

import pytest

from tanggap.transcripts import load_scripts, play_all, render_document
from tanggap.transcripts.document import DOCUMENT, REGENERATE, stale_difference
from tanggap.transcripts.player import ScriptError


class TestTheDocument:
    async def test_it_shows_what_the_bot_says_today(self) -> None:
        played = await play_all(load_scripts())
        difference = stale_difference(render_document(played))
        assert difference is None, (
            f"{DOCUMENT.name} no longer shows what the bot says. If the change is intended, run "
            f"`{REGENERATE}` and read the new document before committing it.\n{difference}"
        )

    def test_it_holds_at_least_forty_whole_conversations(self) -> None:
        scripts = [script for file in load_scripts() for script in file.scripts]
        assert len(scripts) >= 40
        assert all(
            any(step.press or step.say or step.photo or step.comment for step in s.steps) for s in scripts
        )


class TestAScriptThatNoLongerFits:
    async def test_pressing_a_button_the_bot_did_not_offer_fails(self, tmp_path: Path) -> None:
        (tmp_path / "only.yaml").write_text(
            "section: Test\n"
            "scripts:\n"
            "  - id: gone\n"
            "    title: Gone\n"
            "    style: test\n"
            "    steps: [{say: halo}, {press: Tombol yang tidak ada}]\n",
            encoding="utf-8",
        )
        with pytest.raises(ScriptError, match="Tombol yang tidak ada"):
            await play_all(load_scripts(tmp_path))

    def test_a_stale_document_is_reported_with_its_difference(self, tmp_path: Path) -> None:
        old = tmp_path / "conversations.md"
        old.write_text("# Conversations\n\n**Bot:** teks lama\n", encoding="utf-8")
        difference = stale_difference("# Conversations\n\n**Bot:** teks baru\n", old)
        assert difference is not None
        assert "-**Bot:** teks lama" in difference
        assert "+**Bot:** teks baru" in difference
        assert stale_difference(old.read_text(encoding="utf-8"), old) is None
