"""A citizen sees what an answer is about and can say "Bukan ini" (issue 12, item 3), on a real database."""

from __future__ import annotations

from tests.bot.conftest import Citizen

WRONGLY_ANSWERED = "jadwal truk sampah lewat daerah sy hari apa ya"
"""Answered with "sampah tidak diangkut" (dev set, line 34); the citizen meant the collection schedule."""


def labels(citizen: Citizen) -> list[str]:
    assert citizen.last is not None
    return [choice.label for reply in citizen.last.replies for choice in reply.choices]


class TestWhatIsAnswered:
    async def test_an_answer_starts_with_what_it_is_about(self, citizen: Citizen) -> None:
        reply = await citizen.says("apa saja syarat membuat ktp-el")
        assert "Informasi tentang: syarat membuat KTP-el untuk pertama kali\nKTP-el wajib dimiliki" in reply

    async def test_a_label_from_the_knowledge_base_is_shown_instead_of_the_question(
        self, citizen: Citizen
    ) -> None:
        reply = await citizen.says("sppt pbb saya belum diterima tahun ini, harus bagaimana")
        assert "Informasi tentang: SPPT PBB-P2 belum diterima\n" in reply

    async def test_every_answer_offers_not_this(self, citizen: Citizen) -> None:
        await citizen.send("apa saja syarat membuat ktp-el")
        assert "faq_other" in citizen.choices()
        assert "Bukan ini" in labels(citizen)

    async def test_suggestions_show_short_labels_not_questions(self, citizen: Citizen) -> None:
        reply = await citizen.says("pbb")
        assert "belum yakin" in reply
        suggested = [label for label in labels(citizen) if not label.startswith("Bukan")]
        assert suggested, "the question gets suggestions"
        assert all("?" not in label and len(label) <= 60 for label in suggested)
        assert not any(label.startswith(("Bagaimana", "Apa ", "Apakah")) for label in suggested)


class TestNotThis:
    async def test_not_this_offers_the_next_candidates_and_a_person_and_a_complaint(
        self, citizen: Citizen
    ) -> None:
        first = await citizen.says(WRONGLY_ANSWERED)
        assert "Informasi tentang: sampah di lingkungan saya tidak diangkut" in first
        reply = await citizen.says(choice="faq_other")
        assert "belum sesuai" in reply
        assert "faq:jadwal-angkut-sampah" in citizen.choices()
        assert "faq:sampah-tidak-diangkut" not in citizen.choices(), "the wrong answer is not offered again"
        assert "Jadwal pengangkutan sampah di wilayah saya" in labels(citizen)
        assert {"menu:officer", "complaint:from_text"} <= set(citizen.choices())

    async def test_choosing_another_candidate_answers_it(self, citizen: Citizen) -> None:
        await citizen.send(WRONGLY_ANSWERED)
        await citizen.send(choice="faq_other")
        reply = await citizen.says(choice="faq:jadwal-angkut-sampah")
        assert reply.startswith("Informasi tentang: jadwal pengangkutan sampah di wilayah saya\n")

    async def test_not_this_can_be_typed(self, citizen: Citizen) -> None:
        await citizen.send(WRONGLY_ANSWERED)
        assert "faq:jadwal-angkut-sampah" in (await citizen.send("bukan ini"))[0].choices[0].value

    async def test_not_this_again_after_the_second_answer_offers_the_rest(self, citizen: Citizen) -> None:
        await citizen.send(WRONGLY_ANSWERED)
        await citizen.send(choice="faq_other")
        await citizen.send(choice="faq:jadwal-angkut-sampah")
        await citizen.send(choice="faq_other")
        assert "faq:jadwal-angkut-sampah" not in citizen.choices()
        assert "faq:sampah-tidak-diangkut" in citizen.choices()

    async def test_choosing_an_officer_hands_over(self, citizen: Citizen) -> None:
        await citizen.send(WRONGLY_ANSWERED)
        await citizen.send(choice="faq_other")
        reply = await citizen.says(choice="menu:officer")
        assert "kami sambungkan dengan petugas" in reply
        created = await citizen.says("saya mau tanya jadwal truk sampah di RT 05")
        assert "kode tiket" in created

    async def test_choosing_a_complaint_keeps_the_question(self, citizen: Citizen) -> None:
        await citizen.send(WRONGLY_ANSWERED)
        await citizen.send(choice="faq_other")
        reply = await citizen.says(choice="complaint:from_text")
        assert "Di mana tempatnya?" in reply, "the question is the complaint's story: only the place is asked"

    async def test_without_other_candidates_a_person_or_a_complaint_is_offered(
        self, citizen: Citizen
    ) -> None:
        """A pick of an answer from an old message, with no question ranked in this conversation."""
        await citizen.send(choice="faq:ktp-el-hilang")
        reply = await citizen.says(choice="faq_other")
        assert "Bapak/Ibu dapat bertanya langsung kepada petugas kami" in reply
        assert citizen.choices() == ["menu:officer", "complaint:from_text"]


class TestOtherInstitutions:
    async def test_a_question_for_the_police_names_the_police(self, citizen: Citizen) -> None:
        reply = await citizen.says("cara perpanjang SIM yang sudah mati gimana ya")
        assert "bukan kewenangan" in reply
        assert "Kepolisian Negara Republik Indonesia (Polri)" in reply
        assert "Informasi tentang:" not in reply, "no neighbouring entry is answered"
        assert not any(value.startswith("faq:") for value in citizen.choices())

    async def test_a_passport_question_names_immigration(self, citizen: Citizen) -> None:
        reply = await citizen.says("bikin paspor baru syaratnya apa")
        assert "Direktorat Jenderal Imigrasi" in reply

    async def test_a_question_the_kb_answers_is_still_answered(self, citizen: Citizen) -> None:
        reply = await citizen.says("apa saja syarat membuat ktp-el")
        assert "bukan kewenangan" not in reply
