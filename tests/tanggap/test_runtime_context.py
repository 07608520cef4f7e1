"""The runtime builds one escalation context, the listener's, and hands it to everything that acts
on a ticket: the bot's flows, the Telegram staff buttons (through the engine's deps) and the staff
pages; so the agency's `escalation.yaml` (outside bodies, quiet hours, chains) is the same for all."""

from __future__ import annotations

from pathlib import Path

from core.settings import CoreSettings
from tanggap import migrate
from tanggap.app import staff_site
from tanggap.runtime import start_runtime
from web import WebSettings


async def test_every_part_acts_with_the_listeners_one_context(tmp_path: Path, sample_kb_path: Path) -> None:
    core = CoreSettings(data_dir=tmp_path, database_url=f"sqlite:///{tmp_path / 'runtime.db'}")
    await migrate.upgrade_async(core.resolved_database_url())
    runtime = await start_runtime(core, sample_kb_path)
    try:
        assert runtime.escalation is not None
        context = runtime.escalation.context
        assert runtime.engine.deps.escalation_context() is context
        assert staff_site(runtime, WebSettings(_env_file=None)).escalation is context
        assert "pln" in context.config.outside_bodies
        assert runtime.engine.deps.unit_router() is runtime.engine.deps.unit_router()
    finally:
        await runtime.close()
