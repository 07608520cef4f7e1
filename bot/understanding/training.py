"""Rebuilding the shipped model from the shipped corpus: `python -m bot.understanding train`."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from bot.understanding import model as model_module
from bot.understanding.corpus import load_cases
from bot.understanding.features import compose
from bot.understanding.normalise import normalise
from bot.understanding.rules import Rules, default_rules


def train_from(corpora: Sequence[Path], rules: Rules | None = None) -> model_module.Model:
    """The model for the corpora together; the same corpora and rules give the same model, bit for bit."""
    rules = rules or default_rules()
    cases = [case for corpus in corpora for case in load_cases(corpus)]
    documents = []
    for case in cases:
        normalised = normalise(case.text)
        documents.append(compose(normalised, case.context, rules.hints(normalised)))
    return model_module.train(documents, [c.kind.value for c in cases], model_module.corpus_sha256(corpora))
