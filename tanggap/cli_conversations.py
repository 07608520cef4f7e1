"""`tanggap conversations write [--check]`: docs/conversations.md, played through the real engine."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Annotated

import typer

from tanggap.transcripts.document import DOCUMENT, REGENERATE, generate, stale_difference

conversations_app = typer.Typer(
    help="Example conversations played through the bot (docs/conversations.md).", no_args_is_help=True
)


@conversations_app.command("write")
def conversations_write(
    check: Annotated[
        bool, typer.Option("--check", help="Only say whether the document is up to date (exit 1 if not).")
    ] = False,
    out: Annotated[Path, typer.Option("--out", help="Where the document goes.")] = DOCUMENT,
) -> None:
    """Play every script (tanggap/transcripts/scripts/) and write what the bot answered."""
    text = asyncio.run(generate())
    if not check:
        out.write_text(text, encoding="utf-8")
        typer.echo(f"Wrote {out}.")
        return
    difference = stale_difference(text, out)
    if difference is not None:
        typer.echo(f"{out} is out of date; run `{REGENERATE}`.\n{difference}", err=True)
        raise typer.Exit(code=1)
    typer.echo(f"{out} is up to date.")
