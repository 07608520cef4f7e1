"""`tanggap serve` wiring: with a bot token and no public URL, the app polls Telegram, handles the
update and the outbox worker sends the reply, all from the FastAPI lifespan."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from core.db import Database
from tanggap.app import create_app
from tests.channels import updates
from tests.channels.fake_telegram import TOKEN, FakeTelegram


async def test_serve_polls_handles_and_sends_in_the_background(
    fake_telegram: FakeTelegram,
    db: Database,
    database_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """`db` empties the tables first."""
    from core.settings import CoreSettings

    monkeypatch.setenv("TANGGAP_TELEGRAM_TOKEN", TOKEN)
    monkeypatch.setenv("TANGGAP_TELEGRAM_API_BASE", fake_telegram.url)
    monkeypatch.delenv("TANGGAP_TELEGRAM_WEBHOOK_URL", raising=False)
    monkeypatch.delenv("TANGGAP_REDIS_URL", raising=False)
    fake_telegram.updates = [updates.text(1, 8080, "halo")]
    app = create_app(CoreSettings(database_url=database_url, data_dir=tmp_path))
    async with app.router.lifespan_context(app):
        for _ in range(300):
            if fake_telegram.sent():
                break
            await asyncio.sleep(0.02)
    assert "Selamat datang" in fake_telegram.sent_texts()[0]
    assert fake_telegram.sent("deleteWebhook"), "polling mode"
