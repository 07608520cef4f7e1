"""`tanggap report ...`: the supervisors' report of a period as text, the ticket list as XLSX or CSV,
and the monthly pack."""

from __future__ import annotations

import asyncio
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from core import clock
from core.db import Database
from core.settings import CoreSettings
from reports import (
    ReportFilter,
    ReportFilterError,
    build_report,
    custom_period,
    make_scope,
    parse_kinds,
    parse_month,
    preset_period,
)
from reports.export import write_csv, write_xlsx
from reports.monthly import write_monthly_pack
from reports.repository import unit_names
from reports.summary import summary_lines
from reports.texts import text
from tanggap.runtime import CheckedConfig

report_app = typer.Typer(help="Supervisors' SLA reports and exports.")

Values = Annotated[list[str] | None, typer.Option()]


def _config(kb: Path | None) -> CheckedConfig:
    from tanggap.cli import _check_or_exit, _kb_path  # the command module registers this one

    return _check_or_exit(_kb_path(kb))


@report_app.callback(invoke_without_command=True)
def report(
    ctx: typer.Context,
    preset: Annotated[
        str, typer.Option(help="this_week or last_month (ignored with --from/--to).")
    ] = "last_month",
    start: Annotated[str | None, typer.Option("--from", help="First day, 2026-11-01.")] = None,
    end: Annotated[str | None, typer.Option("--to", help="Last day, 2026-11-30.")] = None,
    unit: Values = None,
    channel: Values = None,
    kind: Values = None,
    category: Values = None,
    officer: Values = None,
    xlsx: Annotated[Path | None, typer.Option(help="Write the ticket list to this XLSX file.")] = None,
    csv: Annotated[Path | None, typer.Option(help="Write the ticket list to this CSV file.")] = None,
    kb: Annotated[Path | None, typer.Option("--kb", help="Knowledge base directory.")] = None,
) -> None:
    """Print the report of a period (default: last month), optionally writing its tickets."""
    if ctx.invoked_subcommand is not None:
        return
    config = _config(kb)
    tz = config.sla.calendar.tz
    try:
        period = (
            custom_period(_day(start or end or ""), _day(end or start or ""), tz)
            if start or end
            else preset_period(preset, clock.now(), tz)
        )
        flt = ReportFilter(
            period=period,
            units=tuple(unit or ()),
            channels=tuple(channel or ()),
            kinds=parse_kinds(tuple(kind or ())),
            categories=tuple(category or ()),
            officers=tuple(officer or ()),
        )
    except ReportFilterError as error:
        typer.echo(error.reason, err=True)
        raise typer.Exit(code=2) from error
    for line in asyncio.run(_report(flt, config, xlsx, csv)):
        typer.echo(line)


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ReportFilterError(text("filters.bad_day", value=value)) from None


async def _report(flt: ReportFilter, config: CheckedConfig, xlsx: Path | None, csv: Path | None) -> list[str]:
    database = Database(CoreSettings().resolved_database_url())
    try:
        async with database.session() as session:
            now = clock.now()
            report = await build_report(session, filter=flt, calendar=config.sla.calendar, now=now)
            lines = summary_lines(report, await unit_names(session))
            scope = make_scope(flt, config.sla.calendar, now)
            for path, write in ((xlsx, write_xlsx), (csv, write_csv)):
                if path is not None:
                    count = await write(session, scope, path)
                    lines.append(text("summary.written", count=count, path=path))
            return lines
    finally:
        await database.dispose()


@report_app.command("monthly")
def monthly(
    month: Annotated[str, typer.Option(help="The month, 2026-11.")],
    out: Annotated[Path, typer.Option(help="The XLSX file to write.")],
    kb: Annotated[Path | None, typer.Option("--kb", help="Knowledge base directory.")] = None,
) -> None:
    """Write the monthly pack (recap, per unit, tickets) of MONTH to OUT."""
    config = _config(kb)
    try:
        period = parse_month(month, config.sla.calendar.tz)
    except ReportFilterError as error:
        typer.echo(error.reason, err=True)
        raise typer.Exit(code=2) from error

    async def write() -> int:
        database = Database(CoreSettings().resolved_database_url())
        try:
            async with database.session() as session:
                report = await write_monthly_pack(
                    session,
                    filter=ReportFilter(period=period),
                    calendar=config.sla.calendar,
                    agency=config.kb.agency.name,
                    path=out,
                    now=clock.now(),
                )
                return report.counts.received
        finally:
            await database.dispose()

    typer.echo(text("summary.written", count=asyncio.run(write()), path=out))
