"""Normalisation must not change what a message means (slang table, stemmer, spelling correction)."""

from __future__ import annotations

import pytest

from escalation import UnitRouter
from faq import SAMPLE_KB_PATH, FaqIndex, default_lexicon, load_kb
from faq.dictionary import root_words
from faq.stem import stem

# Every single-word slang mapping whose source is itself a standard root word, reviewed: the slang
# sense is the usual one in a citizen's message. A new one fails this test until it is reviewed
# (bench/lexicon_audit.py lists them); context-dependent ones go under `phrases:` instead.
_REVIEWED = """
    enggak kagak tak gada aku gue gua elo almarhum almarhumah wafat mengapa sapa apakah ama tuk tetapi
    namun dah uda isa betul kalo jika apabila bila pengin ingin hendak tau aja doang cuman hanya abis
    ampe kayak kaya dikit emang assalamualaikum alaikum sewu hai bikin patah robek sobek bolong buntu
    padam telpon kawin capil lurah camat suket vaksinasi sarat ongkos tarif duit pungli got parit
    comberan drainase roboh ambruk butek lose register open hospital bohong taun ledeng leding hancur
    baliho spanduk progres sogok suap konon isu gelap mutasi leak antri prosedur rubah revisi koreksi
    periksa abdi bade acan banyu sampeyan utang kedaluwarsa judes galak ketus bentak ruko gedung lapak
    dagang deres gede kesana
"""
REVIEWED_ROOT_MAPPINGS = frozenset(_REVIEWED.split())


@pytest.fixture(scope="module")
def index() -> FaqIndex:
    return FaqIndex.build(load_kb(SAMPLE_KB_PATH))


def test_every_slang_mapping_from_a_standard_word_has_been_reviewed() -> None:
    lexicon, roots = default_lexicon(), root_words()
    from_roots = {key for key, value in lexicon.slang.items() if key in roots and value != (key,)}
    assert from_roots - REVIEWED_ROOT_MAPPINGS == set()


@pytest.mark.parametrize(
    ("message", "kept", "not_read_as"),
    [
        ("sudah 3 kali lapor belum ada tindak lanjut", "kali", "sungai"),
        ("kali aja besok sudah diperbaiki", "kali", "sungai"),
        ("bak sampah penuh", "penuh", "tuh"),
        ("harga minyak goreng di pasar naik terus", "harga", "biaya"),
        ("nomor rekening bank untuk bayar retribusi", "rekening", "tagihan"),
        ("banyak jentik nyamuk di kolam rumah kosong", "kolam", "genang"),
        ("warga berangkat kerja lewat jalan rusak", "berangkat", "angkat"),
        ("pemuda karang taruna", "pemuda", "muda"),
    ],
)
def test_a_standard_word_keeps_its_meaning(
    index: FaqIndex, message: str, kept: str, not_read_as: str
) -> None:
    analysed = index.analyse(message)
    assert kept in analysed
    assert not_read_as not in analysed


@pytest.mark.parametrize(
    ("message", "meant"),
    [
        ("buang sampah di kali", "sungai"),
        ("pinggir kali deket jembatan jadi gunungan sampah", "sungai"),
        ("rekening pdam sy melonjak", "tagihan"),
        ("perempatan tiap ujan jd kolam", "genang"),
    ],
)
def test_the_slang_sense_is_kept_where_the_context_says_so(index: FaqIndex, message: str, meant: str) -> None:
    assert meant in index.analyse(message)


def test_a_colloquial_form_is_read_as_its_own_root_not_corrected_to_a_lookalike(index: FaqIndex) -> None:
    assert "angkut" in index.vocabulary  # the sample KB has "angkut" (pengangkutan), not "sangkut"
    analysed = index.analyse("sampah nyangkut di pintu air")
    assert "sangkut" in analysed
    assert "angkut" not in analysed


def test_a_known_root_still_wins_for_colloquial_forms() -> None:
    # "nyuci" could be suci or cuci, both dictionary roots: the knowledge base's word decides.
    assert stem("nyuciin", frozenset(), {"cuci"}) == "cuci"
    assert stem("nulis", frozenset(), set()) == "tulis"


def test_the_router_reads_the_complaint_the_same_way() -> None:
    router = UnitRouter.build(load_kb(SAMPLE_KB_PATH))
    analysed = router.analyse("sudah 3 kali lapor, bak sampah di pasar penuh dan sampah nyangkut")
    assert {"kali", "penuh", "sangkut"} <= set(analysed)
    assert not {"sungai", "tuh", "angkut"} & set(analysed)


def test_a_colloquial_form_meets_the_formal_form_the_knowledge_base_uses(index: FaqIndex) -> None:
    # the KB writes "menyengat"; the citizen writes "nyengat" (both are forms of "sengat")
    assert "menyengat" in index.analyse("bau tiner nyengat tiap hari")
    assert (
        index.match("bengkel cat mobil di sebelah bau tiner nyengat tiap hari, lapor kemana").decision
        != "none"
    )
