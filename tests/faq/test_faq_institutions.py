"""Other institutions are KB data: the words that name their matters, and which one a message names."""

from __future__ import annotations

import pytest

from faq import SAMPLE_KB_PATH, check_kb, load_kb
from faq.institutions import institution_for
from tests.faq.conftest import KbFactory
from tests.faq.kb_factory import write_yaml


@pytest.mark.parametrize(
    ("text", "institution"),
    [
        ("cara perpanjang SIM gimana", "polri"),
        ("STNK ilang harus lapor kemana", "polri"),
        ("bikin paspor dmn ya", "imigrasi"),
        ("mau cairin jht bpjs ketenagakerjaan", "bpjs-ketenagakerjaan"),
        ("kartu bpjs kesehatan saya tidak aktif", "bpjs-kesehatan"),
        ("cara cek daftar pemilih", "kpu"),
        ("ktp saya hilang", None),
    ],
)
def test_the_sample_kb_names_the_institution(text: str, institution: str | None) -> None:
    found = institution_for(load_kb(SAMPLE_KB_PATH), text)
    assert (found[0].id if found else None) == institution


def test_the_longest_phrase_wins(make_kb: KbFactory) -> None:
    root = make_kb()
    write_yaml(
        root / "other_institutions.yaml",
        {
            "institutions": [
                {"id": "kes", "name": "BPJS Kesehatan", "matters": "JKN", "words": ["bpjs"]},
                {
                    "id": "tk",
                    "name": "BPJS Ketenagakerjaan",
                    "matters": "JHT",
                    "words": ["bpjs ketenagakerjaan"],
                },
            ]
        },
    )
    kb = load_kb(root)
    assert institution_for(kb, "saldo bpjs ketenagakerjaan saya") == (
        kb.other_institutions[1],
        "bpjs ketenagakerjaan",
    )
    assert institution_for(kb, "bpjs saya") == (kb.other_institutions[0], "bpjs")


def test_an_institution_without_words_is_a_reported_problem(make_kb: KbFactory) -> None:
    root = make_kb()
    write_yaml(
        root / "other_institutions.yaml",
        {"institutions": [{"id": "x", "name": "X", "matters": "x", "words": []}]},
    )
    messages = [str(problem) for problem in check_kb(root)]
    assert any(m.startswith("other_institutions.yaml: entry 'x' field 'words'") for m in messages), messages


def test_without_the_file_no_institution_is_named(make_kb: KbFactory) -> None:
    assert institution_for(load_kb(make_kb()), "perpanjang sim") is None
