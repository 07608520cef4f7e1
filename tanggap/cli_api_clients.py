"""`tanggap api-client ...`: the integrations that may call the JSON API (docs/api.md). The token is
printed once, at `add`; only its hash is kept. Bad input gets one clear line, exit 1."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Annotated, TypeVar

import typer
from sqlalchemy.ext.asyncio import AsyncSession

from core.db import Database
from core.errors import TanggapError
from core.settings import CoreSettings
from escalation.staff.api_clients import (
    ApiClientInfo,
    NewApiClient,
    create_client,
    list_clients,
    revoke_client,
)
from tanggap import migrate

T = TypeVar("T")
api_client_app = typer.Typer(help="API clients: tokens for integrations.", no_args_is_help=True)


def _run(work: Callable[[AsyncSession], Awaitable[T]]) -> T:
    """Migrate, then run `work` in one transaction; a refusal is printed (no traceback), exit 1."""
    url = CoreSettings().resolved_database_url()
    migrate.upgrade(url)

    async def transaction() -> T:
        database = Database(url)
        try:
            async with database.session() as session:
                return await work(session)
        finally:
            await database.dispose()

    try:
        return asyncio.run(transaction())
    except TanggapError as error:
        typer.echo(f"Error: {error.message}", err=True)
        raise typer.Exit(code=1) from None


def _line(row: ApiClientInfo) -> str:
    units = ",".join(row.units) if row.units is not None else "all units"
    state = f"revoked {row.revoked_at:%Y-%m-%d %H:%M} UTC" if row.revoked_at else "active"
    used = f"last used {row.last_used_at:%Y-%m-%d %H:%M} UTC" if row.last_used_at else "never used"
    person = row.person_id or "-"
    return f"{row.id:<4} {row.name:<24} {' '.join(row.scopes):<40} {units:<24} {person:<20} {state}, {used}"


@api_client_app.command("add")
def add(
    name: Annotated[str, typer.Argument(help="Lower-case letters, digits, '.', '_' or '-'.")],
    scope: Annotated[
        list[str], typer.Option("--scope", help="tickets:read, tickets:write or metrics:read (repeat).")
    ],
    unit: Annotated[
        list[str] | None, typer.Option("--unit", help="A unit whose tickets it sees (repeat; none: all).")
    ] = None,
    person: Annotated[
        str | None,
        typer.Option("--person", help="The person (escalation.yaml) it acts as; needed for tickets:write."),
    ] = None,
) -> None:
    """Create a client and print its token (once: it cannot be shown again)."""

    async def work(session: AsyncSession) -> NewApiClient:
        return await create_client(session, name=name, scopes=scope, units=unit or (), person_id=person)

    created = _run(work)
    typer.echo(f"API client {created.info.name} (id {created.info.id}) created. Its token, shown only now:")
    typer.echo(created.token)


@api_client_app.command("list")
def list_command() -> None:
    """Every client: scopes, units, person, state, last use (never the token)."""
    rows = _run(list_clients)
    if not rows:
        typer.echo("No API clients yet: `tanggap api-client add NAME --scope tickets:read` creates one.")
    for row in rows:
        typer.echo(_line(row))


@api_client_app.command("revoke")
def revoke(client_id: Annotated[int, typer.Argument(help="The id `list` shows.")]) -> None:
    """Revoke a client: its token is refused from the next request on."""
    row = _run(lambda session: revoke_client(session, client_id=client_id))
    typer.echo(f"API client {row.name} (id {row.id}) revoked.")
