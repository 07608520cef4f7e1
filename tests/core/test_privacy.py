"""Personal data never reaches logs or exports in the clear."""

from core.privacy import mask_pii


class TestMasking:
    def test_a_nik_keeps_only_its_first_and_last_four_digits(self) -> None:
        assert mask_pii("NIK saya 3201234567890001 ya") == "NIK saya 3201********0001 ya"

    def test_mobile_numbers_are_masked_in_both_formats(self) -> None:
        assert "6172" not in mask_pii("hubungi 081234566172 atau +6281234566172")
        assert mask_pii("wa 0812-3456-6172") == "wa 08******172"

    def test_email_addresses_keep_their_domain(self) -> None:
        assert mask_pii("surel budi.santoso@contoh.id") == "surel b***@contoh.id"

    def test_ordinary_numbers_are_left_alone(self) -> None:
        text = "tagihan bulan 11 tahun 2026 untuk 3 rumah, kode ADU-2026-000123"
        assert mask_pii(text) == text
