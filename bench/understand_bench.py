"""Cost of the understanding step per message, next to the FAQ engine's own cost, in one run.

Run: ``.venv/bin/python bench/understand_bench.py [--rounds 3]``.

Every message of the dev split (bot/understanding/data/dev.jsonl) is read `--rounds` times, each
with its own context, after one warm-up pass; the FAQ engine answers the same texts as a yardstick.
Prints p50, p95, p99 and max in milliseconds for both, and the ratio of their p99.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from functools import partial

from bot.understanding import default_understander
from bot.understanding.corpus import load_cases
from bot.understanding.model import DATA_DIR
from faq import SAMPLE_KB_PATH, FaqService


def _timings(action: Callable[[], object], rounds: int) -> list[float]:
    spent = []
    for _ in range(rounds):
        start = time.perf_counter()
        action()
        spent.append((time.perf_counter() - start) * 1000)
    return spent


def _summary(name: str, values: list[float]) -> str:
    ordered = sorted(values)
    q = statistics.quantiles(ordered, n=100)
    quantiles = f"p50 {q[49]:6.2f}  p95 {q[94]:6.2f}  p99 {q[98]:6.2f}  max {ordered[-1]:6.2f} ms"
    return f"{name:<14} n={len(ordered):>5}  {quantiles}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=3)
    rounds = parser.parse_args().rounds
    cases = load_cases(DATA_DIR / "dev.jsonl")
    understander = default_understander()
    faq = FaqService(SAMPLE_KB_PATH)
    for case in cases:
        understander.read(case.text, context=case.context)
        faq.ask(case.text)
    understanding: list[float] = []
    answering: list[float] = []
    for case in cases:
        understanding += _timings(partial(understander.read, case.text, context=case.context), rounds)
        answering += _timings(partial(faq.ask, case.text), rounds)
    print(_summary("understanding", understanding))
    print(_summary("faq.ask", answering))
    ratio = statistics.quantiles(understanding, n=100)[98] / statistics.quantiles(answering, n=100)[98]
    print(f"understanding p99 / faq p99: {ratio:.2f}")


if __name__ == "__main__":
    main()
