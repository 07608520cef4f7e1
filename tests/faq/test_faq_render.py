"""Answers go out with the agency's greeting and signature."""

from __future__ import annotations

from faq import load_kb, render_answer
from faq.render import texts
from tests.faq.conftest import KbFactory
from tests.faq.kb_factory import CAPIL, PDAM


def test_answer_has_greeting_blank_lines_and_signature(make_kb: KbFactory) -> None:
    kb = load_kb(make_kb())
    text = render_answer(kb.entry("ktp-hilang"), kb.agency)
    assert text == (
        "Yth. Bapak/Ibu,\n\n"
        "Informasi tentang: mengurus KTP-el yang hilang\n"
        "Bawa surat kehilangan dari kepolisian dan Kartu Keluarga.\n\n"
        "Salam hormat,\nPemerintah Kota Uji"
    )


def test_custom_greeting(make_kb: KbFactory) -> None:
    kb = load_kb(make_kb())
    assert render_answer(kb.entry("air-mati"), kb.agency, greeting="Selamat pagi, Bapak/Ibu.").startswith(
        "Selamat pagi, Bapak/Ibu.\n\n"
    )


def test_hoax_clarification_says_the_truth_first_then_thanks_for_checking(make_kb: KbFactory) -> None:
    kb = load_kb(make_kb())
    text = render_answer(kb.entry("hoaks-ktp-bayar"), kb.agency)
    thanks = texts()["hoax_thanks"]
    assert thanks.startswith("Terima kasih sudah menanyakannya")
    assert "Yth. Bapak/Ibu,\n\nInformasi tentang: kabar bahwa membuat KTP dipungut biaya\n" in text
    assert "\nInformasi tersebut tidak benar." in text
    assert f"\n{thanks}\n\nSalam hormat," in text


def test_without_a_letter_only_the_answer_is_given(make_kb: KbFactory) -> None:
    """In the middle of a conversation: no greeting, no signature on every reply."""
    kb = load_kb(make_kb())
    text = render_answer(kb.entry("ktp-hilang"), kb.agency, letter=False)
    assert text == (
        "Informasi tentang: mengurus KTP-el yang hilang\n"
        "Bawa surat kehilangan dari kepolisian dan Kartu Keluarga."
    )


def test_an_entry_label_is_what_the_answer_says_it_is_about(make_kb: KbFactory) -> None:
    capil = [
        {**entry, "label": "Syarat akta kelahiran anak"} if entry["id"] == "akta-lahir" else entry
        for entry in CAPIL
    ]
    kb = load_kb(make_kb(faq={"capil.yaml": capil, "pdam.yaml": PDAM}))
    text = render_answer(kb.entry("akta-lahir"), kb.agency, letter=False)
    assert text.startswith("Informasi tentang: Syarat akta kelahiran anak\n")
