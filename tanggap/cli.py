"""The `tanggap` command."""

from __future__ import annotations

import asyncio
import json
import sys
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any

import structlog
import typer
from pydantic import ValidationError

from core.catalogue import install_agency_wording
from core.errors import ConfigurationError
from core.settings import CoreSettings
from messaging.partitions import Partition
from tanggap import migrate
from tanggap.cli_api_clients import api_client_app
from tanggap.cli_attachments import attachments_app
from tanggap.cli_canned import canned_app
from tanggap.cli_channels import inbox_app, outbox_app, telegram_app
from tanggap.cli_conversations import conversations_app
from tanggap.cli_queue import queue
from tanggap.cli_register import register_app
from tanggap.cli_report import report_app
from tanggap.cli_routing import route_app
from tanggap.cli_understand import understand_app
from tanggap.cli_users import user_app
from tanggap.console import run_console
from tanggap.logs import setup_logging
from tanggap.runtime import CheckedConfig, check_configuration
from tanggap.settings import ServiceSettings

app = typer.Typer(
    help="Tanggap: answers citizens from the agency's FAQ and tracks their complaints.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,  # its tracebacks show local variables: secrets, personal data
)
db_app = typer.Typer(help="Database.", no_args_is_help=True)
kb_app = typer.Typer(help="Knowledge base (basis pengetahuan).", no_args_is_help=True)
faq_app = typer.Typer(help="FAQ matching.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(kb_app, name="kb")
app.add_typer(faq_app, name="faq")
app.add_typer(telegram_app, name="telegram")
app.add_typer(inbox_app, name="inbox")
app.add_typer(outbox_app, name="outbox")
app.add_typer(route_app, name="route")
app.add_typer(attachments_app, name="attachments")
app.add_typer(understand_app, name="understand")
app.add_typer(report_app, name="report")
app.add_typer(user_app, name="user")
app.add_typer(api_client_app, name="api-client")
app.add_typer(conversations_app, name="conversations")
app.add_typer(register_app, name="register")
app.command("queue")(queue)
app.add_typer(canned_app, name="canned")
sla_app = typer.Typer(help="SLA deadlines.", no_args_is_help=True)
app.add_typer(sla_app, name="sla")

log = structlog.get_logger(__name__)


@app.callback()
def _configure_logging() -> None:
    """Every command logs as the service does (stderr, masked; TANGGAP_LOG_LEVEL, TANGGAP_LOG_JSON)."""
    setup_logging()


KbOption = Annotated[
    Path | None, typer.Option("--kb", help="Knowledge base directory (default: TANGGAP_KB_PATH).")
]


def _kb_path(kb: Path | None) -> Path:
    return kb or _service_settings_or_exit().kb_path


def _check_or_exit(kb_path: Path) -> CheckedConfig:
    try:
        checked = check_configuration(kb_path)
    except ConfigurationError as error:
        typer.echo(f"Configuration problems in {kb_path}:", err=True)
        for problem in error.problems:
            typer.echo(f"  - {problem}", err=True)
        typer.echo(f"{len(error.problems)} problem(s); the service was not started.", err=True)
        raise typer.Exit(code=1) from error
    install_agency_wording(checked.kb.messages)
    return checked


def _service_settings_or_exit() -> ServiceSettings:
    try:
        return ServiceSettings()
    except ValidationError as error:
        for problem in error.errors():
            name = "TANGGAP_" + "_".join(str(part) for part in problem["loc"]).upper()
            typer.echo(f"{name}: {problem['msg']}", err=True)
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

    service = _service_settings_or_exit()
    core = CoreSettings()
    kb_path = kb or service.kb_path
    _check_or_exit(kb_path)
    migrate.upgrade(core.resolved_database_url())
    listen_host, listen_port = host or service.host, port or service.port
    typer.echo(f"Tanggap is running: open http://{listen_host}:{listen_port}/ (Ctrl+C to stop)")
    web_app = create_app(core, kb_path)
    uvicorn.run(web_app, host=listen_host, port=listen_port, **uvicorn_options(core))


def uvicorn_options(core: CoreSettings) -> dict[str, Any]:
    """Our logging (uvicorn's own access and error loggers at TANGGAP_LOG_LEVEL, not uvicorn's INFO);
    X-Forwarded-* read by the web chat from TANGGAP_WEB_TRUSTED_PROXIES only."""
    return {"log_level": core.log_level.lower(), "log_config": None, "proxy_headers": False}


@app.command()
def worker(
    kb: KbOption = None,
    partition: Annotated[
        str | None,
        typer.Option(
            help="i/N: with N workers, this one's share of the senders (0/N to N-1/N, each once); "
            "default TANGGAP_WORKER_PARTITION or 0/1, every sender."
        ),
    ] = None,
) -> None:
    """Handle what web processes stored and send the replies (with TANGGAP_SEPARATE_WORKER=true)."""
    from tanggap.worker import run_event_loop, run_worker

    service = _service_settings_or_exit()
    core = CoreSettings()
    kb_path = kb or service.kb_path
    _check_or_exit(kb_path)
    if partition is not None:
        try:
            service.worker_partition = str(Partition.parse(partition))
        except ValueError as error:
            raise typer.BadParameter(str(error), param_hint="--partition") from error
    migrate.upgrade(core.resolved_database_url())
    typer.echo(f"Tanggap worker {service.partition} is running (Ctrl+C to stop).")
    if not run_event_loop(run_worker(core, kb_path, service)):
        typer.echo(
            "No channel is configured (TANGGAP_TELEGRAM_TOKEN, TANGGAP_WHATSAPP_*): nothing to do.", err=True
        )
        raise typer.Exit(code=1)


@app.command()
def chat(
    kb: KbOption = None,
    user: Annotated[str, typer.Option("--as", help="Who you are in this console conversation.")] = "konsol",
) -> None:
    """Talk to the bot in this terminal, through the same engine as every other channel."""
    core = CoreSettings()
    kb_path = _kb_path(kb)
    _check_or_exit(kb_path)
    setup_logging(core, level="WARNING")  # the conversation is the output: no migration notes in it
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


@kb_app.command("labels")
def kb_labels(directory: Annotated[Path, typer.Argument(help="Knowledge base directory.")]) -> None:
    """Each entry's short label, as citizens see it above an answer (* = generated from the question)."""
    from faq import load_kb
    from faq.labels import entry_label

    _check_or_exit(directory)
    for entry in load_kb(directory).entries:
        mark = " " if entry.label else "*"
        typer.echo(f"{mark} {entry.id}: {entry_label(entry)}")


@kb_app.command("texts")
def kb_texts(
    directory: Annotated[Path, typer.Argument(help="Knowledge base directory.")],
    contains: Annotated[str | None, typer.Argument(help="Only keys or texts containing this.")] = None,
) -> None:
    """Every text a person reads, by the key messages.yaml words it with, as this agency has it now
    (* = the agency's own wording)."""
    from tanggap.wording import wording_rows

    config = _check_or_exit(directory)
    for key, text, own in wording_rows(config.kb.messages, contains):
        typer.echo(f"{'*' if own else ' '} {key}: {text!r}")


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


@sla_app.command("due")
def sla_due(
    policy: Annotated[str, typer.Option("--policy", help="Policy key: dm, comment, dm:priority:high, ...")],
    opened: Annotated[
        str, typer.Option("--opened", help="When the ticket opened, with its offset: 2026-03-18T15:00+07:00.")
    ],
    target: Annotated[
        str, typer.Option("--target", help="first_response, next_response or resolution.")
    ] = "first_response",
    kb: KbOption = None,
) -> None:
    """Print a deadline and explain it: which days and hours did not count, and why."""
    from sla import explain_due, format_explanation

    config = _check_or_exit(_kb_path(kb)).sla
    start = _aware(opened)
    if policy not in config.policies:
        known = ", ".join(sorted(config.policies))
        raise typer.BadParameter(f"unknown policy {policy!r} (known: {known})", param_hint="--policy")
    if target not in ("first_response", "next_response", "resolution"):
        raise typer.BadParameter(
            f"{target!r} is not one of first_response, next_response, resolution", param_hint="--target"
        )
    duration = config.policies[policy].target(target)
    if duration is None:
        raise typer.BadParameter(f"policy {policy!r} has no {target} target", param_hint="--target")
    explanation = format_explanation(explain_due(start, duration, config.calendar))
    typer.echo(f"Kebijakan: {config.policies[policy].name} ({target})\n{explanation}")


def _aware(text: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise typer.BadParameter(
            f"{text!r} is not a date and time like 2026-03-18T15:00+07:00", param_hint="--opened"
        ) from None
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise typer.BadParameter(
            f"{text!r} has no time zone offset; add one, e.g. {text}+07:00 for WIB", param_hint="--opened"
        )
    return moment


def main() -> None:
    """The `tanggap` command. A crash is logged like any error (plain traceback, masked), exit 1."""
    try:
        app()
    except Exception:
        setup_logging()
        log.exception("command_failed", command=" ".join(sys.argv[1:2]))
        raise SystemExit(1) from None
