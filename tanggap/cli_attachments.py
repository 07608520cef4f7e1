"""`tanggap attachments ...`: the citizens' photos kept under the data directory."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Annotated

import typer

from bot.cleanup import CleanupReport, remove_orphaned_photos
from bot.deps import BotSettings
from core.db import Database
from core.settings import CoreSettings

attachments_app = typer.Typer(help="Citizens' photo attachments.", no_args_is_help=True)


@attachments_app.command("clean")
def attachments_clean(
    grace_hours: Annotated[
        float | None,
        typer.Option(help="Keep files younger than this (default TANGGAP_BOT_ORPHAN_GRACE_HOURS)."),
    ] = None,
    dry_run: Annotated[bool, typer.Option(help="Only count what would be removed.")] = False,
) -> None:
    """Remove stored photos that no ticket and no conversation refers to, once older than the grace."""
    core, bot = CoreSettings(), BotSettings()
    grace = timedelta(hours=bot.orphan_grace_hours if grace_hours is None else grace_hours)

    async def clean() -> CleanupReport:
        database = Database(core.resolved_database_url())
        try:
            store = bot.attachment_store(core.data_dir.resolve())
            return await remove_orphaned_photos(database, store, grace=grace, dry_run=dry_run)
        finally:
            await database.dispose()

    report = asyncio.run(clean())
    verb = "Would remove" if dry_run else "Removed"
    typer.echo(
        f"{verb} {report.removed} file(s), {_size(report.removed_bytes)}; "
        f"{report.old_files - report.removed} older file(s) still referenced by tickets or conversations."
    )


def _size(size: int) -> str:
    return f"{size / 1_048_576:.1f} MB" if size >= 1_048_576 else f"{size / 1024:.0f} KB"
