"""`tanggap route`: explain a routing decision, and measure routing on a labelled set."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from escalation import UnitRouter, check_escalation_dir
from escalation.evaluate import RoutingCaseError, evaluate_routing, format_routing_report, load_routing_cases
from escalation.rules import read_routing_rules
from faq import KnowledgeBase, load_kb
from tanggap.settings import ServiceSettings

route_app = typer.Typer(help="Routing of complaints to service units.", no_args_is_help=True)

KbOption = Annotated[
    Path | None, typer.Option("--kb", help="Knowledge base directory (default: TANGGAP_KB_PATH).")
]


def _router(kb_path: Path | None, *, use_rules: bool = True) -> tuple[KnowledgeBase, UnitRouter]:
    path = kb_path or ServiceSettings().kb_path
    problems = check_escalation_dir(path)
    if problems:
        typer.echo(f"Configuration problems in {path}:", err=True)
        for problem in problems:
            typer.echo(f"  - {problem}", err=True)
        raise typer.Exit(code=1)
    kb = load_kb(path)
    rules = read_routing_rules(kb)[0] if use_rules else None
    return kb, UnitRouter.build(kb, rules=rules)


@route_app.command("explain")
def route_explain(
    text: Annotated[str, typer.Argument(help="The complaint as the citizen wrote it.")],
    kb: KbOption = None,
    category: Annotated[str | None, typer.Option("--category", help="The category chosen at intake.")] = None,
) -> None:
    """Show which unit a complaint goes to, how sure the router is, and why."""
    knowledge, router = _router(kb)
    decision = router.route(text, category=category)
    unit = knowledge.unit(decision.unit_id)
    typer.echo(f"unit: {unit.id} ({unit.name})")
    typer.echo(f"confidence: {decision.confidence:.2f}")
    typer.echo(f"tokens: {' '.join(router.analyse(text)) or '-'}")
    typer.echo("reasons:")
    for reason in decision.reasons:
        typer.echo(f"  - {reason}")
    typer.echo("ranking:")
    for unit_id, probability in decision.ranking:
        typer.echo(f"  {probability:.2f}  {unit_id}")


@route_app.command("eval")
def route_eval(
    cases: Annotated[Path, typer.Option("--cases", help='JSONL file of {"text", "unit"} lines.')],
    kb: KbOption = None,
    no_rules: Annotated[
        bool, typer.Option("--no-rules", help="Ignore routing.yaml: the knowledge base alone.")
    ] = False,
    quiet: Annotated[bool, typer.Option("--quiet", help="Do not list the misses.")] = False,
) -> None:
    """Print `accuracy: 0.xx` and the confusion table of a labelled set."""
    knowledge, router = _router(kb, use_rules=not no_rules)
    units = [unit.id for unit in knowledge.units]
    try:
        loaded = load_routing_cases(cases, set(units))
    except (RoutingCaseError, OSError) as error:
        typer.echo(str(error), err=True)
        raise typer.Exit(code=2) from error
    typer.echo(format_routing_report(evaluate_routing(router, loaded), units, show_misses=not quiet))
