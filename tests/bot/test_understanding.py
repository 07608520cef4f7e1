"""The understanding step: shipped model matches its corpus, rules are data, the dev split is read well."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from bot.understanding import Kind, default_understander, understander_for_kb
from bot.understanding import model as model_module
from bot.understanding.corpus import CorpusError, load_cases
from bot.understanding.evaluate import evaluate
from bot.understanding.normalise import normalise
from bot.understanding.training import train_from
from tanggap.cli import app

DEV = model_module.DATA_DIR / "dev.jsonl"


def test_the_shipped_model_was_trained_on_the_shipped_corpus() -> None:
    assert model_module.shipped_model().corpus_sha256 == model_module.corpus_sha256(model_module.TRAIN_FILES)


def test_training_rebuilds_the_shipped_model_exactly(tmp_path: Path) -> None:
    rebuilt = tmp_path / "model.npz"
    model_module.save(train_from(model_module.TRAIN_FILES), rebuilt)
    again, shipped = model_module.load(rebuilt), model_module.shipped_model()
    assert again.classes == shipped.classes
    assert again.corpus_sha256 == shipped.corpus_sha256
    np.testing.assert_allclose(again.coef, shipped.coef, atol=1e-5)


def test_the_corpus_is_large_and_covers_every_kind() -> None:
    cases = [case for path in model_module.TRAIN_FILES for case in load_cases(path)]
    counts = {kind: sum(1 for c in cases if c.kind == kind) for kind in Kind}
    assert len(cases) >= 1500
    assert min(counts.values()) >= 50
    assert all(counts[k] >= 80 for k in (Kind.EMERGENCY, Kind.REPORT, Kind.CANCEL, Kind.HOAX_CHECK))


def test_the_dev_split_meets_the_targets() -> None:
    evaluation = evaluate(default_understander(), load_cases(DEV))
    scores = {s.kind: s for s in evaluation.scores()}
    assert evaluation.macro_f1 >= 0.90
    assert scores["emergency"].recall >= 0.95
    assert scores["cancel"].recall >= 0.95
    assert scores["hoax_check"].precision >= 0.95


@pytest.mark.parametrize(
    ("text", "context", "kind"),
    [
        ("tolong ada kebakaran di pasar baru sekarang!!", "idle", Kind.EMERGENCY),
        ("banjir sepinggang, ada lansia terjebak", "idle", Kind.EMERGENCY),
        ("petugas kelurahan minta uang 100rb buat ngurus surat pindah", "idle", Kind.REPORT),
        ("info lowongan kerja pemkot dong", "idle", Kind.QUESTION),
        ("terima kasih banyak pak, sangat membantu 🙏", "idle", Kind.THANKS),
        ("👍", "idle", Kind.THANKS),
        ("assalamualaikum", "idle", Kind.GREETING),
        ("mau ngomong sama orang aja, bukan robot", "idle", Kind.HUMAN),
        ("min udah makan belum?", "idle", Kind.SMALL_TALK),
        ("/cancel", "asked_description", Kind.CANCEL),
        ("udah ga usah", "asked_location", Kind.CANCEL),
        ("jl mawar no 5", "asked_location", Kind.ANSWER),
        ("eh salah kategori, harusnya lampu jalan", "confirming", Kind.CORRECTION),
        ("udah ada kabar blm?", "after_ticket", Kind.FOLLOW_UP),
        ("katanya pdam mau naik tarif bener ga", "idle", Kind.HOAX_CHECK),
    ],
)
def test_issue_examples_are_read_as_what_they_are(text: str, context: str, kind: Kind) -> None:
    assert default_understander().read(text, context=context).kind is kind


def test_answer_and_correction_never_come_out_of_an_idle_conversation() -> None:
    reading = default_understander().read("jl mawar no 5", context="idle")
    assert reading.kind not in (Kind.ANSWER, Kind.CORRECTION)


def test_personal_data_is_noticed_without_the_digits_reaching_the_model() -> None:
    reading = default_understander().read("NIK saya 3201234567890123 hp 081234567890")
    assert reading.pii
    assert {"pii:nik", "pii:phone"} <= set(reading.matched)
    assert not default_understander().read("jalan rusak di jl mawar no 5").pii


def test_an_agency_adds_its_own_phrases_in_the_kb(tmp_path: Path) -> None:
    extra = "kinds:\n  cancel:\n    exact: [wis rampung]\n"
    (tmp_path / "understanding.yaml").write_text(extra, encoding="utf-8")
    assert understander_for_kb(tmp_path).read("wis rampung", context="asked_location").kind is Kind.CANCEL
    assert understander_for_kb(None).read("wis rampung", context="asked_location").kind is not Kind.CANCEL


def test_a_bad_case_file_names_its_line(tmp_path: Path) -> None:
    cases = tmp_path / "cases.jsonl"
    lines = '{"text": "halo", "kind": "greeting"}\n{"text": "x", "kind": "nonsense"}\n'
    cases.write_text(lines, encoding="utf-8")
    with pytest.raises(CorpusError, match=r"cases.jsonl:2: unknown kind"):
        load_cases(cases)


def test_cli_eval_and_explain() -> None:
    runner = CliRunner()
    evaluated = runner.invoke(app, ["understand", "eval", "--cases", str(DEV)])
    assert evaluated.exit_code == 0, evaluated.output
    for heading in ("macro-F1", "confusion", "per context"):
        assert heading in evaluated.output
    explained = runner.invoke(app, ["understand", "explain", "ada kebakaran!!", "--context", "asked_photo"])
    assert explained.exit_code == 0
    assert "kind: emergency" in explained.output
    assert "emergency:decisive" in explained.output
    unknown = runner.invoke(app, ["understand", "explain", "halo", "--context", "nowhere"])
    assert unknown.exit_code == 2


@pytest.mark.parametrize("split", ["dev_c.jsonl", "dev_d.jsonl"])
def test_the_later_dev_splits_meet_the_targets(split: str) -> None:
    evaluation = evaluate(default_understander(), load_cases(model_module.DATA_DIR / split))
    scores = {s.kind: s for s in evaluation.scores()}
    assert evaluation.macro_f1 >= 0.90
    assert all(scores[k].recall >= 0.95 for k in ("emergency", "report", "cancel"))
    assert scores["hoax_check"].precision >= 0.90


@pytest.mark.parametrize(
    ("text", "context", "kind"),
    [
        ("maaf ternyata itu urusan developer, jadi ga usah diproses ya", "asked_description", Kind.CANCEL),
        ("gk jd dh", "asked_location", Kind.CANCEL),
        ("jangan diproses dulu, saya mau pastiin ke pak rt", "confirming", Kind.CANCEL),
        ("ga usah pakai foto ya", "asked_photo", Kind.ANSWER),
        ("ga usah diubah, kirim aja", "confirming", Kind.ANSWER),
        ("jalannya ga jadi diaspal padahal sudah dijanjikan", "asked_description", Kind.ANSWER),
        ("stop kontak di ruang tunggu rusak dan nyetrum", "asked_description", Kind.ANSWER),
        ("apa benar harus bawa fotokopi KK buat bikin KTP?", "idle", Kind.QUESTION),
        ("di grup wa rame katanya kantor dukcapil tutup sebulan, bener?", "idle", Kind.HOAX_CHECK),
    ],
)
def test_mid_flow_cancels_and_rumours_are_told_apart(text: str, context: str, kind: Kind) -> None:
    assert default_understander().read(text, context=context).kind is kind


def test_a_mid_flow_cancel_rule_holds_only_in_its_contexts() -> None:
    rules = default_understander().rules
    text = normalise("udah ga usah, ntar saya datang langsung")
    assert rules.decide(text, "asked_location") == (Kind.CANCEL, "cancel:decisive:0")
    assert rules.decide(text, "idle") is None


@pytest.mark.parametrize(
    ("text", "context", "kind"),
    [
        ("saya ga jadi lapor deh soalnya udah dibetulin tetangga", "asked_location", Kind.CANCEL),
        ("kalau ga jadi lapor gimana?", "asked_location", None),
        ("tolong batalkan laporan saya tadi", "after_ticket", Kind.CANCEL),
        ("tolong batalkan laporan saya tadi", "idle", None),
        ("kok laporan saya dibatalkan?", "after_ticket", None),
        ("parkir liar bikin ambulans susah masuk", "idle", None),
        ("halo, ada orang?", "idle", Kind.GREETING),
    ],
)
def test_the_fourth_round_rules_decide_only_what_is_sure(text: str, context: str, kind: Kind | None) -> None:
    decided = default_understander().rules.decide(normalise(text), context)
    assert (decided[0] if decided else None) is kind


def test_spellings_are_unified_before_rules_and_model_read_the_text() -> None:
    assert normalise("Sy gk jd lpr, blm dtg kmrn") == "saya gak jadi lapor, belum datang kemarin"
    assert normalise("blok g no 5") == "blok g no 5"
