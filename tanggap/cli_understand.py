"""`tanggap understand eval|explain|train`: the understanding step from the command line."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from bot.understanding import CONTEXTS, understander_for_kb
from bot.understanding import model as model_module
from bot.understanding.corpus import CorpusError, load_cases
from bot.understanding.evaluate import evaluate, format_evaluation
from bot.understanding.training import train_from

understand_app = typer.Typer(
    help="Understanding what a message is (kind, personal data).", no_args_is_help=True
)
KbOption = Annotated[Path | None, typer.Option("--kb", help="Knowledge base with an understanding.yaml.")]


@understand_app.command("eval")
def understand_eval(
    cases: Annotated[Path, typer.Option("--cases", help="JSONL: text, kind, context (optional).")],
    kb: KbOption = None,
    mistakes: Annotated[int, typer.Option("--mistakes", help="Show this many misread messages.")] = 0,
) -> None:
    """Precision and recall per kind, the confusion matrix, accuracy per context."""
    try:
        loaded = load_cases(cases)
    except (CorpusError, OSError) as error:
        typer.echo(f"Cannot read cases: {error}", err=True)
        raise typer.Exit(code=2) from error
    typer.echo(format_evaluation(evaluate(understander_for_kb(kb), loaded), show_mistakes=mistakes))


@understand_app.command("explain")
def understand_explain(
    text: Annotated[str, typer.Argument(help="The message.")],
    context: Annotated[str, typer.Option("--context", help=f"One of: {', '.join(CONTEXTS)}.")] = "idle",
    kb: KbOption = None,
) -> None:
    """How a message is read: the deciding rule or the model, matched patterns, probabilities."""
    if context not in CONTEXTS:
        typer.echo(f"Unknown context {context!r}; use one of: {', '.join(CONTEXTS)}.", err=True)
        raise typer.Exit(code=2)
    reading = understander_for_kb(kb).read(text, context=context)
    typer.echo(
        f"kind: {reading.kind.value}  confidence: {reading.confidence:.2f}  decided by: {reading.decided_by}"
    )
    typer.echo(f"personal data: {'yes' if reading.pii else 'no'}")
    typer.echo(f"matched: {', '.join(reading.matched) or '-'}")
    top = list(reading.probabilities.items())[:5]
    typer.echo("model: " + ", ".join(f"{kind} {p:.2f}" for kind, p in top))


@understand_app.command("train")
def understand_train(
    corpus: Annotated[
        list[Path] | None, typer.Option("--corpus", help="Repeatable; default: the shipped corpora.")
    ] = None,
    out: Annotated[Path, typer.Option("--out")] = model_module.MODEL_FILE,
) -> None:
    """Rebuild the classifier from the labelled corpus (deterministic)."""
    trained = train_from(corpus or model_module.TRAIN_FILES)
    model_module.save(trained, out)
    typer.echo(f"{out}: {len(trained.classes)} kinds, corpus sha256 {trained.corpus_sha256[:12]}")
