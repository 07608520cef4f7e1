"""Normalisation turns casual chat into the words that matter."""

from __future__ import annotations

import pytest

from faq import default_lexicon, normalise, tokens
from faq.stem import stem


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("syarat bikin ktp apa ya min", "syarat buat ktp"),
        ("Tolonggg kak, KTP sy hlang gmn??", "ktp hilang bagaimana"),
        ("e-KTP saya hilang", "ktp hilang"),
        ("kartu tanda penduduk rusak", "ktp rusak"),
        ("anak2 sy blm punya akte kelahiran", "anak belum akta lahir"),
        ("air gk ngalir 😭😭", "air mati"),
        ("piye carane ngurus kk", "bagaimana cara urus kk"),
        ("kumaha ngurus akte", "bagaimana urus akta"),
        ("ktpnya ilang", "ktp hilang"),
        ("how to renew my id card", "bagaimana perpanjang ktp"),
        ("garbage not collected", "sampah not collected"),
    ],
)
def test_casual_messages_become_canonical(message: str, expected: str) -> None:
    assert normalise(message) == expected


@pytest.mark.parametrize(
    "message", ["Assalamualaikum wr wb, selamat pagi pak", "terima kasih min 🙏", "", "🙂🙂"]
)
def test_greetings_and_thanks_carry_no_words(message: str) -> None:
    assert tokens(message) == []


def test_elongation_keeps_real_double_letters() -> None:
    assert tokens("saaat")[0] == "saat"
    assert tokens("taaat") == ["taat"]
    assert tokens("pdammm") == ["pdam"]


def test_vocative_admin_is_dropped_but_fee_admin_is_kept() -> None:
    assert normalise("Admin, biaya admin brp?") == "biaya admin berapa"


def test_control_characters_numbers_and_punctuation_vanish() -> None:
    assert normalise("KTP\x00\x1b hilang!!! NIK 3201234567890001 ...") == "ktp hilang nik"


def test_fullwidth_text_is_folded() -> None:
    assert normalise("ＫＴＰ hilang") == "ktp hilang"


def test_long_messages_are_capped_keeping_the_end() -> None:
    words = tokens("rumah " * 5000 + "ktp hilang")
    assert len(words) <= 60
    assert words[-2:] == ["ktp", "hilang"]


def test_stemming_is_guarded_by_known_words() -> None:
    lexicon = default_lexicon()
    assert stem("kerusakan", frozenset(), {"rusak", "rusa"}) == "rusak"
    assert stem("pemasangan", lexicon.words, set()) == "pasang"
    assert stem("meninggal", lexicon.words, {"tinggal"}) == "meninggal"
    assert stem("rekening", lexicon.words, set()) == "rekening"
