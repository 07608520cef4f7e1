"""Measuring matching quality on a JSON-lines file of ``{"q": ..., "expect": id | null}`` cases."""

from __future__ import annotations

import json
import time
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from faq.matcher import MatchResult


class Matcher(Protocol):
    def match(self, query: str, limit: int = 3) -> MatchResult: ...


class HasIndex(Protocol):
    @property
    def index(self) -> Matcher: ...


class EvalCaseError(ValueError):
    """A cases file that cannot be used; the message names every bad line."""


@dataclass(frozen=True)
class EvalCase:
    q: str
    expect: str | None
    line: int = 0
    style: str | None = None


@dataclass(frozen=True)
class EvalFailure:
    line: int
    q: str
    expect: str | None
    decision: str
    got: str | None
    score: float


@dataclass(frozen=True)
class EvalReport:
    total: int
    answerable: int
    unanswerable: int
    accuracy_at_1: float
    accuracy_at_3: float
    suggest_rate: float
    wrong_answer_rate: float
    false_answer_rate: float
    latency_p50_ms: float
    latency_p99_ms: float
    failures: list[EvalFailure] = field(default_factory=list)
    rank_1: float = 0.0
    """Answerable messages whose right entry ranked first (the ceiling for accuracy@1)."""
    best_at_5: float = 0.0
    """The best accuracy@1 any single answer threshold reaches with false answers <= 0.05."""
    reliability: list[ReliabilityBin] = field(default_factory=list)
    styles: dict[str, StyleRow] = field(default_factory=dict)


@dataclass(frozen=True)
class ReliabilityBin:
    """Messages whose best candidate had a confidence in [low, high): how often it was right
    (the right entry for an answerable message; for one without an answer, never)."""

    low: float
    high: float
    count: int
    right: float
    answered: int = 0
    """How many of them were answered outright (the rest got suggestions or nothing)."""
    answered_right: float = 0.0
    """How often those answers were right: what a citizen who got an answer at this confidence saw."""


@dataclass(frozen=True)
class StyleRow:
    count: int
    accuracy_at_1: float
    false_answers: int
    unanswerable: int


@dataclass(frozen=True)
class _Outcome:
    case: EvalCase
    result: MatchResult


def load_cases(path: Path, known_ids: Collection[str] | None = None) -> list[EvalCase]:
    """Read cases; raise :class:`EvalCaseError` listing each malformed line or unknown entry id."""
    cases: list[EvalCase] = []
    errors: list[str] = []
    for number, raw in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), start=1):
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        try:
            data = json.loads(raw)
        except json.JSONDecodeError as exc:
            errors.append(f"{path}:{number}: invalid JSON ({exc.msg})")
            continue
        if not isinstance(data, dict) or not isinstance(data.get("q"), str) or "expect" not in data:
            errors.append(f'{path}:{number}: expected an object {{"q": text, "expect": id or null}}')
            continue
        expect = data["expect"]
        if expect is not None and not isinstance(expect, str):
            errors.append(f"{path}:{number}: 'expect' must be an entry id or null")
            continue
        if expect is not None and known_ids is not None and expect not in known_ids:
            errors.append(f"{path}:{number}: unknown entry id '{expect}'")
            continue
        style = data.get("style")
        cases.append(EvalCase(data["q"], expect, number, style if isinstance(style, str) else None))
    if errors:
        raise EvalCaseError("\n".join(errors))
    return cases


def evaluate(target: Matcher | HasIndex, cases: list[EvalCase]) -> EvalReport:
    """Run every case through the matcher and summarise how it did."""
    matcher: Matcher = target.index if hasattr(target, "index") else target
    known = {doc.entry_id for doc in getattr(matcher, "docs", [])}
    unknown = sorted({c.expect for c in cases if c.expect is not None and known and c.expect not in known})
    if unknown:
        raise EvalCaseError(f"cases expect entries the knowledge base does not have: {', '.join(unknown)}")
    latencies: list[float] = []
    outcomes: list[_Outcome] = []
    for case in cases:
        started = time.perf_counter()
        result = matcher.match(case.q)
        latencies.append((time.perf_counter() - started) * 1000.0)
        outcomes.append(_Outcome(case, result))
    answerable = sum(case.expect is not None for case in cases)
    unanswerable = len(cases) - answerable
    return EvalReport(
        total=len(cases),
        answerable=answerable,
        unanswerable=unanswerable,
        accuracy_at_1=_ratio(sum(_answered_right(o) for o in outcomes), answerable),
        accuracy_at_3=_ratio(sum(_offered(o) for o in outcomes), answerable),
        suggest_rate=_ratio(sum(o.result.decision == "suggest" for o in outcomes), len(cases)),
        wrong_answer_rate=_ratio(sum(_answered_wrong(o) for o in outcomes), answerable),
        false_answer_rate=_ratio(sum(_false_answer(o) for o in outcomes), unanswerable),
        latency_p50_ms=_percentile(latencies, 50),
        latency_p99_ms=_percentile(latencies, 99),
        failures=[_failure(o) for o in outcomes if not _ok(o)],
        rank_1=_ratio(
            sum(o.case.expect is not None and _top(o) == o.case.expect for o in outcomes), answerable
        ),
        best_at_5=_best_at(outcomes, answerable, unanswerable, 0.05),
        reliability=_reliability(outcomes),
        styles=_styles(outcomes),
    )


def _top(outcome: _Outcome) -> str | None:
    return outcome.result.best.entry_id if outcome.result.best else None


def _answered_right(o: _Outcome) -> bool:
    return o.case.expect is not None and o.result.decision == "answer" and _top(o) == o.case.expect


def _answered_wrong(o: _Outcome) -> bool:
    return o.case.expect is not None and o.result.decision == "answer" and _top(o) != o.case.expect


def _false_answer(o: _Outcome) -> bool:
    return o.case.expect is None and o.result.decision == "answer"


def _offered(o: _Outcome) -> bool:
    if o.case.expect is None or o.result.decision == "none":
        return False
    offered = [_top(o)] if o.result.decision == "answer" else [m.entry_id for m in o.result.candidates]
    return o.case.expect in offered


def _ok(o: _Outcome) -> bool:
    return _answered_right(o) if o.case.expect is not None else not _false_answer(o)


def _failure(o: _Outcome) -> EvalFailure:
    score = o.result.best.score if o.result.best else 0.0
    return EvalFailure(o.case.line, o.case.q, o.case.expect, o.result.decision, _top(o), score)


def _best_at(outcomes: list[_Outcome], answerable: int, unanswerable: int, limit: float) -> float:
    """Answer whenever the best confidence >= t; the best accuracy@1 over t with false answers <= limit."""
    scored = sorted(
        ((o.result.best.score, o) for o in outcomes if o.result.best is not None),
        key=lambda item: -item[0],
    )
    best = right = false = 0
    for position, (score, outcome) in enumerate(scored):
        right += outcome.case.expect is not None and _top(outcome) == outcome.case.expect
        false += outcome.case.expect is None
        tied = position + 1 < len(scored) and scored[position + 1][0] == score
        if not tied and _ratio(false, unanswerable) <= limit:
            best = max(best, right)
    return _ratio(best, answerable)


def _reliability(outcomes: list[_Outcome], bins: int = 5) -> list[ReliabilityBin]:
    rows = []
    for number in range(bins):
        low, high = number / bins, (number + 1) / bins
        inside = [
            o
            for o in outcomes
            if o.result.best is not None
            and low <= o.result.best.score < (high if number < bins - 1 else 1.01)
        ]
        right = sum(o.case.expect is not None and _top(o) == o.case.expect for o in inside)
        answered = [o for o in inside if o.result.decision == "answer"]
        answered_right = sum(_answered_right(o) for o in answered)
        rows.append(
            ReliabilityBin(
                low,
                high,
                len(inside),
                _ratio(right, len(inside)),
                len(answered),
                _ratio(answered_right, len(answered)),
            )
        )
    return rows


def _styles(outcomes: list[_Outcome]) -> dict[str, StyleRow]:
    rows: dict[str, StyleRow] = {}
    for style in sorted({o.case.style for o in outcomes if o.case.style}):
        group = [o for o in outcomes if o.case.style == style]
        answerable = [o for o in group if o.case.expect is not None]
        rows[style] = StyleRow(
            count=len(group),
            accuracy_at_1=_ratio(sum(_answered_right(o) for o in answerable), len(answerable)),
            false_answers=sum(_false_answer(o) for o in group),
            unanswerable=len(group) - len(answerable),
        )
    return rows


def _ratio(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def _percentile(values: list[float], percent: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = (len(ordered) - 1) * percent / 100.0
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def format_report(report: EvalReport, *, show_failures: bool = True) -> str:
    """Plain-text summary; the metric lines are stable for scripts to grep."""
    lines = [
        f"cases: {report.total} ({report.answerable} answerable, {report.unanswerable} expect none)",
        f"accuracy@1: {report.accuracy_at_1:.2f}",
        f"accuracy@3: {report.accuracy_at_3:.2f}",
        f"suggest rate: {report.suggest_rate:.2f}",
        f"wrong-answer rate: {report.wrong_answer_rate:.2f}",
        f"false-answer rate: {report.false_answer_rate:.2f}",
        f"rank-1: {report.rank_1:.2f}",
        f"answered or suggested: {report.accuracy_at_3:.2f}",
        f"best accuracy@1 at false answers <= 0.05 (threshold alone): {report.best_at_5:.2f}",
        f"latency p50: {report.latency_p50_ms:.2f} ms, p99: {report.latency_p99_ms:.2f} ms",
    ]
    if report.reliability:
        lines.append(
            "reliability (confidence of the best candidate: messages, share right; answered, share right):"
        )
        lines += [
            f"  {b.low:.1f}-{b.high:.1f}: {b.count:>4}  {b.right:.2f}; answered {b.answered:>4}  "
            f"{b.answered_right:.2f}"
            for b in report.reliability
        ]
    for style, row in report.styles.items():
        false = f", false answers {row.false_answers}/{row.unanswerable}" if row.unanswerable else ""
        lines.append(f"style {style}: {row.count} cases, accuracy@1 {row.accuracy_at_1:.2f}{false}")
    lines.append(f"failures: {len(report.failures)}")
    if show_failures:
        for failure in report.failures:
            got = (
                f"{failure.decision} {failure.got} ({failure.score:.2f})" if failure.got else failure.decision
            )
            lines.append(f"  line {failure.line}: expected {failure.expect}, got {got}: {failure.q!r}")
    return "\n".join(lines)
