"""Precision, recall and F1 per kind, a confusion matrix, and accuracy per context."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from bot.understanding.corpus import Case
from bot.understanding.kinds import Kind
from bot.understanding.understander import Understander


@dataclass(frozen=True)
class KindScore:
    kind: str
    support: int
    precision: float
    recall: float

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0


@dataclass(frozen=True)
class Evaluation:
    pairs: tuple[tuple[Case, Kind], ...]

    @property
    def kinds(self) -> list[str]:
        present = {c.kind.value for c, _ in self.pairs} | {p.value for _, p in self.pairs}
        return [k.value for k in Kind if k.value in present]

    def scores(self) -> list[KindScore]:
        result = []
        for kind in self.kinds:
            predicted = sum(1 for _, p in self.pairs if p == kind)
            actual = sum(1 for c, _ in self.pairs if c.kind == kind)
            hits = sum(1 for c, p in self.pairs if c.kind == kind and p == kind)
            result.append(
                KindScore(
                    kind, actual, hits / predicted if predicted else 0.0, hits / actual if actual else 0.0
                )
            )
        return result

    @property
    def macro_f1(self) -> float:
        scored = [s for s in self.scores() if s.support]
        return sum(s.f1 for s in scored) / len(scored) if scored else 0.0

    @property
    def accuracy(self) -> float:
        return sum(1 for c, p in self.pairs if c.kind == p) / len(self.pairs) if self.pairs else 0.0

    def confusion(self) -> Counter[tuple[str, str]]:
        return Counter((c.kind.value, p.value) for c, p in self.pairs)

    def by_context(self) -> dict[str, tuple[int, float]]:
        grouped: dict[str, list[bool]] = defaultdict(list)
        for case, predicted in self.pairs:
            grouped[case.context].append(case.kind == predicted)
        return {ctx: (len(hits), sum(hits) / len(hits)) for ctx, hits in sorted(grouped.items())}

    def mistakes(self) -> list[tuple[Case, Kind]]:
        return [(c, p) for c, p in self.pairs if c.kind != p]


def evaluate(understander: Understander, cases: list[Case]) -> Evaluation:
    return Evaluation(tuple((c, understander.read(c.text, context=c.context).kind) for c in cases))


def format_evaluation(evaluation: Evaluation, *, show_mistakes: int = 0) -> str:
    lines = [
        f"{len(evaluation.pairs)} messages, accuracy {evaluation.accuracy:.3f}, "
        f"macro-F1 {evaluation.macro_f1:.3f}",
        "",
        f"{'kind':<12} {'n':>5} {'prec':>6} {'recall':>6} {'f1':>6}",
    ]
    for s in evaluation.scores():
        lines.append(f"{s.kind:<12} {s.support:>5} {s.precision:>6.3f} {s.recall:>6.3f} {s.f1:>6.3f}")
    lines += ["", "confusion (rows: expected, columns: read as)", _matrix(evaluation)]
    contexts = evaluation.by_context()
    if len(contexts) > 1:
        lines += ["", "per context"] + [
            f"{ctx:<18} {n:>5} accuracy {acc:.3f}" for ctx, (n, acc) in contexts.items()
        ]
    if show_mistakes:
        lines += ["", "mistakes"] + [
            f"  [{c.context}] {c.kind.value} -> {p.value}: {c.text[:90]}"
            for c, p in evaluation.mistakes()[:show_mistakes]
        ]
    return "\n".join(lines)


def _matrix(evaluation: Evaluation) -> str:
    kinds = evaluation.kinds
    short = [k[:5] for k in kinds]
    confusion = evaluation.confusion()
    rows = [" " * 12 + "".join(f"{s:>6}" for s in short)]
    for kind in kinds:
        rows.append(f"{kind:<12}" + "".join(f"{confusion[(kind, other)] or '.':>6}" for other in kinds))
    return "\n".join(rows)
