"""`tanggap register check`: what the register rules say about a reply before an officer sends it."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from escalation.register import Finding, RegisterRulesError, check_reply, load_register_rules
from faq import load_kb
from tanggap.settings import ServiceSettings

register_app = typer.Typer(help="The register check on staff replies.", no_args_is_help=True)


@register_app.command("check")
def register_check(
    text: Annotated[str, typer.Argument(help="The reply as the officer wrote it.")],
    kb: Annotated[
        Path | None, typer.Option("--kb", help="Knowledge base directory (default: TANGGAP_KB_PATH).")
    ] = None,
) -> None:
    """Show what the agency's guidelines flag in a reply (exit code 1 when something is flagged)."""
    path = kb or ServiceSettings().kb_path
    try:
        rules = load_register_rules(path)
    except RegisterRulesError as error:
        typer.echo(f"Register rules cannot be used: {error}", err=True)
        raise typer.Exit(code=2) from None
    public = [contact.value for contact in load_kb(path).agency.contacts]
    findings = check_reply(text, rules=rules, public=public)
    if not findings:
        typer.echo("No findings: the reply follows the register rules.")
        return
    typer.echo(f"{len(findings)} finding(s):")
    for finding in findings:
        typer.echo(_line(finding))
    raise typer.Exit(code=1)


def _line(finding: Finding) -> str:
    advice = f" {finding.suggestion}" if finding.suggestion else ""
    return f"  - [{finding.rule}] {finding.title}: {finding.message}{advice}"
