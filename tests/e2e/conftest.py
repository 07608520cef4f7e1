"""A real server on a free port and a real (headless) Debian Chromium, for the web chat page."""

from __future__ import annotations

import asyncio
import os
import shutil
import socket
from collections.abc import AsyncIterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
import uvicorn

from core.settings import CoreSettings
from tanggap import migrate
from tanggap.app import create_app

if TYPE_CHECKING:
    from playwright.async_api import Page, ViewportSize

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
# Skipped on a laptop without Chromium; never in CI, where .ci/run installs it and a missing browser fails.
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None and not os.environ.get("CI"), reason="Debian's chromium is not installed"
)
PHONE: ViewportSize = {"width": 360, "height": 640}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
async def server(tmp_path: Path, sample_kb_path: Path) -> AsyncIterator[str]:
    core = CoreSettings(data_dir=tmp_path, database_url=f"sqlite:///{tmp_path / 'e2e.db'}")
    await migrate.upgrade_async(core.resolved_database_url())
    port = free_port()
    config = uvicorn.Config(
        create_app(core, sample_kb_path), host="127.0.0.1", port=port, log_level="warning"
    )
    app_server = uvicorn.Server(config)
    task = asyncio.create_task(app_server.serve())
    # uvicorn exposes only a `started` flag, no event to await.
    while not app_server.started:  # noqa: ASYNC110
        await asyncio.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    app_server.should_exit = True
    await task


@pytest.fixture
async def phone(server: str) -> AsyncIterator[Page]:
    """The chat page on a small phone (360 x 640), its greeting shown; fails the test on any
    Content Security Policy violation."""
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=CHROMIUM or "chromium",
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        page = await browser.new_page(viewport=PHONE)
        blocked: list[str] = []
        page.on(
            "console",
            lambda message: (
                blocked.append(message.text) if "Content Security Policy" in message.text else None
            ),
        )
        await page.goto(server)
        await page.get_by_text("Selamat datang").wait_for()
        yield page
        await browser.close()
    assert blocked == [], "the page's own scripts and styles run under its Content Security Policy"
