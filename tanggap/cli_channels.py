"""`tanggap telegram ...`, `tanggap inbox ...` and `tanggap outbox ...`: connecting the bot and seeing
what could not be handled or delivered."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from typing import Annotated, TypeVar

import typer
from sqlalchemy.ext.asyncio import AsyncSession

from core.db import Database
from core.settings import CoreSettings
from messaging import InboundMessage, OutboundMessage
from messaging import service as messaging

telegram_app = typer.Typer(help="Telegram channel.", no_args_is_help=True)
inbox_app = typer.Typer(help="Inbound messages (the inbox).", no_args_is_help=True)
outbox_app = typer.Typer(help="Replies we owe (the outbox).", no_args_is_help=True)
LimitOption = Annotated[int, typer.Option("--limit", help="How many rows to show.")]
Row = TypeVar("Row")


@telegram_app.command("set-webhook")
def telegram_set_webhook(
    url: Annotated[str, typer.Argument(help="Public HTTPS URL of the service (or of its webhook path).")],
) -> None:
    """Register the webhook once, with the secret token and the update types Tanggap serves."""
    from bot.telegram.settings import TelegramSettings
    from bot.telegram.setup import register_webhook

    settings = TelegramSettings()
    if not settings.enabled or settings.webhook_secret is None:
        typer.echo("Set TANGGAP_TELEGRAM_TOKEN and TANGGAP_TELEGRAM_WEBHOOK_SECRET first.", err=True)
        raise typer.Exit(code=1)

    target = asyncio.run(register_webhook(settings, url))
    typer.echo(f"Webhook registered: {target}")


@inbox_app.command("failed")
def inbox_failed(limit: LimitOption = 50) -> None:
    """Messages whose handling failed (retried automatically) or was parked after too many attempts."""

    def line(row: InboundMessage) -> str:
        return (
            f"#{row.id}  {row.status:<7} {row.channel:<9} {row.dedupe_key}  "
            f"attempts={row.attempts}  received={row.received_at:%Y-%m-%d %H:%M}Z  "
            f"error={(row.last_error or '-')[:160]}"
        )

    rows = _load(lambda session: messaging.unresolved_inbound(session, limit=limit))
    _print([line(row) for row in rows], empty="No failed or parked inbound messages.")


@outbox_app.command("failed")
def outbox_failed(limit: LimitOption = 50) -> None:
    """Replies that could not be delivered, with the reason (also recorded on their tickets)."""

    def line(row: OutboundMessage) -> str:
        return (
            f"#{row.id}  {row.channel:<9} to={row.target}  ticket={row.ticket_id or '-'}  "
            f"attempts={row.attempts}  template={row.template_name or '-'}  "
            f"error={(row.last_error or '-')[:160]}"
        )

    rows = _load(lambda session: messaging.undelivered(session, limit=limit))
    _print([line(row) for row in rows], empty="No failed outbound messages.")


def _load(query: Callable[[AsyncSession], Awaitable[Sequence[Row]]]) -> Sequence[Row]:
    """The rows `query` reads from the configured database, which is closed again afterwards."""

    async def load() -> Sequence[Row]:
        database = Database(CoreSettings().resolved_database_url())
        try:
            async with database.session() as session:
                return await query(session)
        finally:
            await database.dispose()

    return asyncio.run(load())


def _print(lines: list[str], *, empty: str) -> None:
    for line in lines:
        typer.echo(line)
    typer.echo(f"{len(lines)} message(s)." if lines else empty)
