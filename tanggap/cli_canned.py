"""`tanggap canned`: the agency's reply templates, and one filled in for a ticket."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Annotated

import typer

from core.db import Database
from core.errors import NotFoundError, PermissionDeniedError
from core.settings import CoreSettings
from escalation import EscalationContext
from escalation.canned import CannedResponse, canned_for, read_canned, register_findings
from escalation.desk.canned import fill_canned

canned_app = typer.Typer(help="Canned responses (reply templates) of the agency.", no_args_is_help=True)
KbOption = Annotated[Path | None, typer.Option("--kb", help="Knowledge base directory.")]


def _responses(kb: Path | None) -> list[CannedResponse]:
    from tanggap.cli import _check_or_exit, _kb_path  # the command module registers this one

    config = _check_or_exit(_kb_path(kb))
    return read_canned(config.kb)[0]


@canned_app.command("list")
def canned_list(
    unit: Annotated[str | None, typer.Option(help="Only the templates this unit may use.")] = None,
    kb: KbOption = None,
) -> None:
    """List the templates, with what the register rules flag in each."""
    responses = _responses(kb)
    shown = canned_for(responses, unit) if unit else responses
    if not shown:
        typer.echo("No canned responses (add canned.yaml to the knowledge base).")
    for response in shown:
        units = ", ".join(response.units) or "all units"
        typer.echo(f"{response.id}: {response.title} ({units})")
        for finding in register_findings(response):
            typer.echo(f"    register: {finding.title} {finding.found}".rstrip())


@canned_app.command("show")
def canned_show(
    response_id: Annotated[str, typer.Argument(help="The template's id.")],
    ticket: Annotated[str, typer.Option("--ticket", help="Fill it in for this ticket code.")],
    kb: KbOption = None,
) -> None:
    """Print a template filled in for a ticket, as the officer would send it."""
    from tanggap.cli import _check_or_exit, _kb_path

    config = _check_or_exit(_kb_path(kb))
    chosen = next((item for item in read_canned(config.kb)[0] if item.id == response_id), None)
    if chosen is None:
        typer.echo(f"No canned response {response_id!r} (see `tanggap canned list`).", err=True)
        raise typer.Exit(code=2)
    context = EscalationContext.from_kb(config.kb, config.sla)
    try:
        typer.echo(asyncio.run(_fill(ticket, chosen, context)))
    except (NotFoundError, PermissionDeniedError) as error:
        typer.echo(str(error), err=True)
        raise typer.Exit(code=2) from None


async def _fill(code: str, response: CannedResponse, context: EscalationContext) -> str:
    database = Database(CoreSettings().resolved_database_url())
    try:
        async with database.reading() as session:
            return await fill_canned(session, ticket=code, response=response, context=context)
    finally:
        await database.dispose()
