"""Replies in the middle of a complaint that are no field, and the parts of a typed correction."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.drafting.categories import guess_categories, typed_category
from bot.drafting.replies import Correction, is_bare_intent, is_done, parse_correction, told_above
from escalation import build_unit_router
from faq import FaqService


@pytest.mark.parametrize("text", ["sy mau ngadu", "mau lapor", "min saya mau buat aduan dong", "mw komplain"])
def test_a_bare_intent_is_no_description(text: str) -> None:
    assert is_bare_intent(text)


@pytest.mark.parametrize("text", ["saya mau lapor jalan rusak", "lampu jalan mati", "udah itu aja"])
def test_a_story_is_not_a_bare_intent(text: str) -> None:
    assert not is_bare_intent(text)


@pytest.mark.parametrize("text", ["udah itu aja", "itu aja min", "udah", "cukup", "sudah itu saja pak"])
def test_nothing_more_to_add(text: str) -> None:
    assert is_done(text)
    assert not is_done("udah 3 hari lampunya mati")


@pytest.mark.parametrize(
    "text", ["udah saya ceritain diatas pak", "sudah saya jelaskan tadi", "kan tadi udah", "liat di atas"]
)
def test_told_above(text: str) -> None:
    assert told_above(text)
    assert not told_above("jl kenanga rt 3")


@pytest.mark.parametrize(
    ("text", "parsed"),
    [
        ("eh salah, jl mawar bukan melati", Correction(None, "jl mawar", "melati")),
        ("kategorinya lampu jalan", Correction("category", "lampu jalan")),
        ("eh salah kategori, harusnya lampu jalan", Correction("category", "lampu jalan")),
        ("lokasinya di jl kenanga no 5", Correction("location", "jl kenanga no 5")),
        ("bukan di jl melati tapi jl mawar", Correction(None, "jl mawar", "jl melati")),
        ("alamatnya salah, yang benar gang buntu rt 2", Correction("location", "gang buntu rt 2")),
    ],
)
def test_a_correction_names_the_field_the_value_and_what_was_wrong(text: str, parsed: Correction) -> None:
    assert parse_correction(text) == parsed


@pytest.fixture
def service(sample_kb_path: Path) -> FaqService:
    return FaqService(sample_kb_path)


def test_the_router_sure_of_a_story_gives_its_category(service: FaqService) -> None:
    router = build_unit_router(service.kb, service.index)
    guess = guess_categories(router, "jalan di jl melati depan SDN 3 berlubang besar pak, sudah sebulan")
    assert guess.sure == "jalan-drainase"


def test_an_unsure_router_gives_two_or_three_guesses_never_the_catch_all(service: FaqService) -> None:
    router = build_unit_router(service.kb, service.index)
    guess = guess_categories(router, "tetangga berisik tiap malam")
    assert guess.sure is None
    assert 2 <= len(guess.options) <= 3
    assert "lainnya" not in guess.options


def test_a_typed_category_is_found_by_its_words(service: FaqService) -> None:
    router = build_unit_router(service.kb, service.index)
    assert typed_category(router, "lampu jalan") == "lampu-lalu-lintas"
    assert typed_category(router, "lainnya") == "lainnya"
    assert typed_category(router, "tetangga berisik") is None
