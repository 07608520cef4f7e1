"""The `tanggap` command."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Annotated

import typer

from core.errors import ConfigurationError
from core.settings import CoreSettings
from tanggap import migrate
from tanggap.console import run_console
from tanggap.runtime import check_configuration
from tanggap.settings import ServiceSettings

app = typer.Typer(help="Tanggap: layanan informasi dan pengaduan warga.", no_args_is_help=True)
db_app = typer.Typer(help="Database.", no_args_is_help=True)
kb_app = typer.Typer(help="Knowledge base (basis pengetahuan).", no_args_is_help=True)
faq_app = typer.Typer(help="FAQ matching.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(kb_app, name="kb")
app.add_typer(faq_app, name="faq")

KbOption = Annotated[
    Path | None, typer.Option("--kb", help="Knowledge base directory (default: TANGGAP_KB_PATH).")
]


def _kb_path(kb: Path | None) -> Path:
    return kb or ServiceSettings().kb_path


def _check_or_exit(kb_path: Path) -> None:
    try:
        check_configuration(kb_path)
    except ConfigurationError as error:
        typer.echo(f"Configuration problems in {kb_path}:", err=True)
        for problem in error.problems:
            typer.echo(f"  - {problem}", err=True)
        typer.echo(f"{len(error.problems)} problem(s); the service was not started.", err=True)
        raise typer.Exit(code=1) from error


@app.command()
def serve(
    kb: KbOption = None,
    host: Annotated[str | None, typer.Option(help="Address to listen on.")] = None,
    port: Annotated[int | None, typer.Option(help="Port to listen on.")] = None,
) -> None:
    """Check the configuration, migrate the database, and serve web chat and the API."""
    import uvicorn

    from tanggap.app import create_app

    service = ServiceSettings()
    core = CoreSettings()
    kb_path = _kb_path(kb)
    _check_or_exit(kb_path)
    migrate.upgrade(core.resolved_database_url())
    listen_host, listen_port = host or service.host, port or service.port
    typer.echo(f"Tanggap is running: open http://{listen_host}:{listen_port}/ (Ctrl+C to stop)")
    uvicorn.run(create_app(core, kb_path), host=listen_host, port=listen_port, log_level="info")


@app.command()
def chat(
    kb: KbOption = None,
    user: Annotated[str, typer.Option("--as", help="Who you are in this console conversation.")] = "konsol",
) -> None:
    """Talk to the bot in this terminal, through the same engine as every other channel."""
    core = CoreSettings()
    kb_path = _kb_path(kb)
    _check_or_exit(kb_path)
    migrate.upgrade(core.resolved_database_url())
    asyncio.run(run_console(core, kb_path, user=user))


@db_app.command("upgrade")
def db_upgrade(revision: Annotated[str, typer.Argument()] = "head") -> None:
    """Apply database migrations."""
    url = CoreSettings().resolved_database_url()
    migrate.upgrade(url, revision)
    typer.echo(f"Database is at revision {revision}.")


@kb_app.command("check")
def kb_check(directory: Annotated[Path, typer.Argument(help="Knowledge base directory.")]) -> None:
    """Validate a knowledge base; lists every problem with file, entry and field."""
    _check_or_exit(directory)
    typer.echo(f"{directory}: OK")


@faq_app.command("ask")
def faq_ask(
    question: Annotated[str, typer.Argument()],
    kb: KbOption = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print ranked candidates and scores as JSON.")
    ] = False,
) -> None:
    """Ask the knowledge base a question."""
    from faq import FaqService, match_result_to_dict, render_answer

    service = FaqService(_kb_path(kb))
    result = service.ask(question)
    if as_json:
        typer.echo(json.dumps(match_result_to_dict(result), ensure_ascii=False, indent=2))
    elif result.decision == "answer" and result.best is not None:
        typer.echo(render_answer(service.kb.entry(result.best.entry_id), service.kb.agency))
    else:
        typer.echo(f"decision: {result.decision}")
        for match in result.candidates:
            typer.echo(f"  {match.score:.2f}  {match.entry_id}: {match.question}")


@faq_app.command("eval")
def faq_eval(
    cases: Annotated[Path, typer.Option("--cases", help="JSONL file of {q, expect} lines.")],
    kb: KbOption = None,
) -> None:
    """Measure answer accuracy and false answers on an evaluation set."""
    from faq import FaqService, evaluate, format_report, load_cases

    service = FaqService(_kb_path(kb))
    report = evaluate(service, load_cases(cases))
    typer.echo(format_report(report))


def main() -> None:
    app()
