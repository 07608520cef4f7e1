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
        cases.append(EvalCase(data["q"], expect, number))
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
    failures: list[EvalFailure] = []
    top1 = top3 = suggested = wrong = false_answers = 0
    for case in cases:
        started = time.perf_counter()
        result = matcher.match(case.q)
        latencies.append((time.perf_counter() - started) * 1000.0)
        best_id = result.best.entry_id if result.best else None
        suggested += result.decision == "suggest"
        if case.expect is None:
            ok = result.decision != "answer"
            false_answers += not ok
        else:
            ok = result.decision == "answer" and best_id == case.expect
            top1 += ok
            wrong += result.decision == "answer" and best_id != case.expect
            offered = [best_id] if result.decision == "answer" else [m.entry_id for m in result.candidates]
            top3 += result.decision != "none" and case.expect in offered
        if not ok:
            score = result.best.score if result.best else 0.0
            failures.append(EvalFailure(case.line, case.q, case.expect, result.decision, best_id, score))
    answerable = sum(case.expect is not None for case in cases)
    unanswerable = len(cases) - answerable
    return EvalReport(
        total=len(cases),
        answerable=answerable,
        unanswerable=unanswerable,
        accuracy_at_1=_ratio(top1, answerable),
        accuracy_at_3=_ratio(top3, answerable),
        suggest_rate=_ratio(suggested, len(cases)),
        wrong_answer_rate=_ratio(wrong, answerable),
        false_answer_rate=_ratio(false_answers, unanswerable),
        latency_p50_ms=_percentile(latencies, 50),
        latency_p99_ms=_percentile(latencies, 99),
        failures=failures,
    )


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
        f"latency p50: {report.latency_p50_ms:.2f} ms, p99: {report.latency_p99_ms:.2f} ms",
        f"failures: {len(report.failures)}",
    ]
    if show_failures:
        for failure in report.failures:
            got = (
                f"{failure.decision} {failure.got} ({failure.score:.2f})" if failure.got else failure.decision
            )
            lines.append(f"  line {failure.line}: expected {failure.expect}, got {got}: {failure.q!r}")
    return "\n".join(lines)
