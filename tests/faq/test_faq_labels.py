"""Short labels: what a citizen sees above an answer and on suggestion buttons."""

from __future__ import annotations

import pytest

from faq import SAMPLE_KB_PATH, check_kb, load_kb
from faq.labels import entry_label, label_rules
from tests.faq.conftest import KbFactory
from tests.faq.kb_factory import CAPIL, PDAM


@pytest.mark.parametrize(
    ("question", "label"),
    [
        ("Bagaimana cara mengurus KTP-el yang hilang?", "mengurus KTP-el yang hilang"),
        (
            "Apa saja persyaratan membuat KTP-el untuk pertama kali?",
            "syarat membuat KTP-el untuk pertama kali",
        ),
        ("Di mana saya dapat membayar PBB-P2?", "tempat membayar PBB-P2"),
        (
            "Meteran air saya bocor atau rusak. Apa yang harus saya lakukan?",
            "meteran air saya bocor atau rusak",
        ),
        (
            "Bagaimana cara mengubah data pada KTP-el, misalnya alamat, status perkawinan, atau pekerjaan?",
            "mengubah data pada KTP-el",
        ),
        (
            "Apa itu Kartu Identitas Anak (KIA) dan bagaimana cara membuatnya?",
            "Kartu Identitas Anak (KIA) dan cara membuatnya",
        ),
        (
            "Apakah benar KTP-el harus diperpanjang setiap lima tahun?",
            "kabar bahwa KTP-el harus diperpanjang setiap lima tahun",
        ),
    ],
)
def test_a_label_is_made_from_the_question(question: str, label: str) -> None:
    assert label_rules().shorten(question) == label


def test_a_long_question_is_cut_at_a_word_within_the_limit() -> None:
    question = "Bagaimana cara mengurus surat pindah domisili ke luar kota atau pindah datang ke Kota Contoh?"
    label = label_rules().shorten(question)
    assert len(label) <= 60
    assert label == "mengurus surat pindah domisili ke luar kota atau pindah..."


def test_the_entry_label_wins_over_the_question(make_kb: KbFactory) -> None:
    capil = [{**entry, "label": "KTP-el hilang"} if entry["id"] == "ktp-hilang" else entry for entry in CAPIL]
    kb = load_kb(make_kb(faq={"capil.yaml": capil, "pdam.yaml": PDAM}))
    assert entry_label(kb.entry("ktp-hilang")) == "KTP-el hilang"
    assert entry_label(kb.entry("akta-lahir")) == "syarat akta kelahiran"


def test_kb_check_refuses_a_label_longer_than_60_characters(make_kb: KbFactory) -> None:
    capil = [{**entry, "label": "x" * 61} if entry["id"] == "ktp-hilang" else entry for entry in CAPIL]
    messages = [str(problem) for problem in check_kb(make_kb(faq={"capil.yaml": capil, "pdam.yaml": PDAM}))]
    assert (
        "faq/capil.yaml: entry 'ktp-hilang' field 'label': is too long (61 characters, at most 60)"
        in messages
    )


def test_every_sample_entry_has_a_label_within_the_limit() -> None:
    kb = load_kb(SAMPLE_KB_PATH)
    labels = [entry_label(entry) for entry in kb.entries]
    assert all(0 < len(label) <= 60 for label in labels)
    assert len(set(labels)) == len(labels), "two entries would look the same to a citizen"
