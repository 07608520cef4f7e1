"""Measuring routing on a labelled set: `{"text": ..., "unit": ..., "category": optional}` per line."""

from __future__ import annotations

import json
import statistics
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from escalation.routing import RoutingDecision, UnitRouter


@dataclass(frozen=True)
class RoutingCase:
    text: str
    unit: str
    category: str | None = None


@dataclass
class RoutingReport:
    total: int = 0
    correct: int = 0
    confusion: Counter[tuple[str, str]] = field(default_factory=Counter)
    misses: list[tuple[RoutingCase, RoutingDecision]] = field(default_factory=list)
    latencies_ms: list[float] = field(default_factory=list)
    """Time to route each complaint (a first look-up: every line is routed once)."""

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else 0.0


class RoutingCaseError(ValueError):
    pass


def load_routing_cases(path: Path, known_units: set[str] | None = None) -> list[RoutingCase]:
    cases = []
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            raise RoutingCaseError(f"{path}:{number}: not JSON ({exc.msg})") from exc
        if (
            not isinstance(data, dict)
            or not isinstance(data.get("text"), str)
            or not isinstance(data.get("unit"), str)
        ):
            raise RoutingCaseError(f'{path}:{number}: expected {{"text": "...", "unit": "..."}}')
        if known_units is not None and data["unit"] not in known_units:
            raise RoutingCaseError(f"{path}:{number}: unknown unit '{data['unit']}'")
        cases.append(RoutingCase(text=data["text"], unit=data["unit"], category=data.get("category")))
    return cases


def evaluate_routing(router: UnitRouter, cases: list[RoutingCase]) -> RoutingReport:
    report = RoutingReport()
    for case in cases:
        started = time.perf_counter()
        decision = router.route(case.text, category=case.category)
        report.latencies_ms.append((time.perf_counter() - started) * 1000)
        report.total += 1
        report.confusion[(case.unit, decision.unit_id)] += 1
        if decision.unit_id == case.unit:
            report.correct += 1
        else:
            report.misses.append((case, decision))
    return report


def format_routing_report(report: RoutingReport, units: list[str], *, show_misses: bool = True) -> str:
    """`accuracy: 0.xx`, then the confusion table (rows: expected, columns: decided)."""
    lines = [f"accuracy: {report.accuracy:.2f} ({report.correct}/{report.total})"]
    if report.latencies_ms:
        ms = sorted(report.latencies_ms)
        p99 = ms[min(len(ms) - 1, round(0.99 * (len(ms) - 1)))]
        mean, median = statistics.fmean(ms), statistics.median(ms)
        lines.append(f"ms per complaint: mean {mean:.1f}, p50 {median:.1f}, p99 {p99:.1f}")
    lines.append("")
    width = max(len(unit) for unit in units)
    short = [unit[:6] for unit in units]
    lines.append(" " * (width + 2) + " ".join(f"{name:>6}" for name in short))
    for expected in units:
        row = " ".join(f"{report.confusion[(expected, decided)]:>6}" for decided in units)
        lines.append(f"{expected:<{width}}  {row}")
    lines.append("(rows: expected unit, columns: decided unit)")
    if show_misses and report.misses:
        lines.append("")
        lines.append("misses:")
        for case, decision in report.misses:
            lines.append(f"  [{case.unit} -> {decision.unit_id} {decision.confidence:.2f}] {case.text}")
    return "\n".join(lines)
