"""The evaluation harness, and the quality bar on the held-out set."""

from __future__ import annotations

from pathlib import Path

import pytest

from faq import EvalCaseError, EvalReport, FaqIndex, FaqService, evaluate, format_report, load_cases, load_kb
from tests.faq.conftest import KbFactory
from tests.faq.kb_factory import DEV_CASES, HELD_OUT, SAMPLE_KB


def write_cases(path: Path, *lines: str) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


class TestLoadCases:
    def test_reads_cases_with_line_numbers(self, tmp_path: Path) -> None:
        path = write_cases(
            tmp_path / "c.jsonl",
            '{"q": "ktp hilang", "expect": "ktp-hilang"}',
            "",
            '{"q": "halo", "expect": null}',
        )
        cases = load_cases(path)
        assert [(c.q, c.expect, c.line) for c in cases] == [
            ("ktp hilang", "ktp-hilang", 1),
            ("halo", None, 3),
        ]

    def test_bad_lines_are_named(self, tmp_path: Path) -> None:
        path = write_cases(
            tmp_path / "c.jsonl",
            '{"q": "a", "expect": null}',
            "{not json",
            '{"q": 3, "expect": null}',
            '{"q": "x"}',
        )
        with pytest.raises(EvalCaseError) as caught:
            load_cases(path)
        message = str(caught.value)
        assert "c.jsonl:2: invalid JSON" in message
        assert "c.jsonl:3: expected an object" in message
        assert "c.jsonl:4: expected an object" in message

    def test_unknown_expected_ids_are_errors(self, tmp_path: Path) -> None:
        path = write_cases(tmp_path / "c.jsonl", '{"q": "a", "expect": "nope"}')
        with pytest.raises(EvalCaseError, match=r"c\.jsonl:1: unknown entry id 'nope'"):
            load_cases(path, {"ktp-hilang"})


class TestReport:
    def test_metrics_and_format(self, make_kb: KbFactory, tmp_path: Path) -> None:
        path = write_cases(
            tmp_path / "c.jsonl",
            '{"q": "ktp saya ilang gmn", "expect": "ktp-hilang"}',
            '{"q": "air pdam mati", "expect": "air-mati"}',
            '{"q": "cara bikin paspor", "expect": null}',
            '{"q": "besok cuaca cerah?", "expect": null}',
        )
        service = FaqService(make_kb())
        report = evaluate(service, load_cases(path))
        assert (report.total, report.answerable, report.unanswerable) == (4, 2, 2)
        text = format_report(report)
        assert f"accuracy@1: {report.accuracy_at_1:.2f}" in text.splitlines()
        assert f"false-answer rate: {report.false_answer_rate:.2f}" in text.splitlines()
        assert any(line.startswith("latency p50: ") and line.endswith(" ms") for line in text.splitlines())
        assert report.latency_p99_ms >= report.latency_p50_ms > 0

    def test_reliability_counts_answers_per_confidence_bin(self, make_kb: KbFactory, tmp_path: Path) -> None:
        path = write_cases(
            tmp_path / "c.jsonl",
            '{"q": "ktp saya ilang gmn", "expect": "ktp-hilang"}',
            '{"q": "air pdam mati", "expect": "air-mati"}',
            '{"q": "kenapa tagihan air pdam saya naik", "expect": "tagihan-air"}',
            '{"q": "cara bikin paspor", "expect": null}',
            '{"q": "syarat ktp", "expect": "ktp-hilang"}',
        )
        report = evaluate(FaqService(make_kb()), load_cases(path))
        bins = report.reliability
        answered = round((report.accuracy_at_1 + report.wrong_answer_rate) * report.answerable)
        answered += round(report.false_answer_rate * report.unanswerable)
        assert sum(b.answered for b in bins) == answered > 0
        right = sum(round(b.answered * b.answered_right) for b in bins)
        assert right == round(report.accuracy_at_1 * report.answerable)
        lines = format_report(report).splitlines()
        assert sum("; answered " in line for line in lines) == len(bins)

    def test_cases_for_another_kb_are_refused(self, make_kb: KbFactory, tmp_path: Path) -> None:
        path = write_cases(tmp_path / "c.jsonl", '{"q": "a", "expect": "bukan-entri"}')
        with pytest.raises(EvalCaseError, match="bukan-entri"):
            evaluate(FaqIndex.build(load_kb(make_kb())), load_cases(path))


@pytest.mark.skipif(not SAMPLE_KB.exists(), reason="sample KB not written yet")
def test_dev_set_quality() -> None:
    kb = load_kb(SAMPLE_KB)
    report = evaluate(FaqIndex.build(kb), load_cases(DEV_CASES, {e.id for e in kb.entries}))
    # Measured: accuracy@1 0.93, false answers 0.10 (2 of 20). The weights were fit on this set.
    assert report.accuracy_at_1 >= 0.9
    assert report.false_answer_rate <= 0.1


HELD_OUT_MISSING = not HELD_OUT.exists() or not SAMPLE_KB.exists()


def held_out_report() -> EvalReport:
    kb = load_kb(SAMPLE_KB)
    return evaluate(FaqIndex.build(kb), load_cases(HELD_OUT, {e.id for e in kb.entries}))


@pytest.mark.skipif(HELD_OUT_MISSING, reason="held-out set not written yet")
def test_held_out_does_not_regress() -> None:
    """Floor at measured quality, so a change that makes matching worse fails. Weights and
    thresholds are fitted on the dev sets, never on this one.

    2026-11-22: accuracy@1 0.72, false answers 0.10. 2026-12-04, answerability confidence: 0.62,
    false answers 0.03 (docs/faq-quality.md). The trade is taken on purpose: a wrong official answer is
    worse than a choice of entries, and the right entry is still answered or suggested 0.86 of the time.
    Both floors follow the measured quality."""
    report = held_out_report()
    assert report.false_answer_rate <= 0.04, format_report(report, show_failures=False)
    assert report.accuracy_at_1 >= 0.60, format_report(report, show_failures=False)


@pytest.mark.xfail(
    reason="target not reached: held-out accuracy@1 0.62, false answers 0.03 (docs/faq-quality.md)",
    strict=True,
)
@pytest.mark.skipif(HELD_OUT_MISSING, reason="held-out set not written yet")
def test_held_out_quality_target() -> None:
    """The product target on the held-out set: accuracy@1 >= 0.90 with false answers <= 0.05."""
    report = held_out_report()
    assert report.false_answer_rate <= 0.05, format_report(report, show_failures=False)
    assert report.accuracy_at_1 >= 0.90, format_report(report, show_failures=False)
