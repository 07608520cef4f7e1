"""The place a citizen's story names, found by the editable patterns (bot/drafting/location.yaml)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.drafting.location import PATTERNS_FILE, extract, load_patterns

PHRASINGS = [
    ("jalan di jl melati depan SDN 3 berlubang besar pak, sudah sebulan", "Jl. Melati, depan SDN 3"),
    ("Jalan di depan Pasar Baru berlubang besar, sudah tiga bulan", "depan Pasar Baru"),
    (
        "lampu jalan mati di jl. ahmad yani no. 12 rt 03/rw 05 kel. sukamaju",
        "Jl. Ahmad Yani No. 12, RT 03/RW 05, Kel. Sukamaju",
    ),
    (
        "sampah numpuk di gg. kenanga rt 4 rw 2 dekat pasar kramat, bau banget",
        "Gg. Kenanga, RT 4/RW 2, dekat Pasar Kramat",
    ),
    (
        "jalanan depan rumah saya banjir terus tiap hujan, RT 05 RW 03 desa sukamulya kec. cikarang",
        "RT 05/RW 03, Desa Sukamulya, Kec. Cikarang",
    ),
    ("lampu pju mati di jalan raya bogor km 32 dekat indomaret", "Jl. Raya Bogor Km 32, dekat Indomaret"),
    ("pohon tumbang di jln. veteran, seberang kantor kelurahan", "Jl. Veteran, seberang Kantor Kelurahan"),
    ("saluran mampet di rt.003/rw.011 kelurahan cempaka putih", "RT 003/RW 011, Kel. Cempaka Putih"),
    ("kebakaran di pasar baru sekarang!!", "Pasar Baru"),
    ("di sdn 3 toiletnya rusak", "SDN 3"),
    ("jalan dpn sman 1 banyak lubang", "depan SMAN 1"),
    ("mohon dibantu, saluran air di samping musholla nurul huda meluap", "samping Musholla Nurul Huda"),
    ("pak jln kartini no.45 lampu pju padam", "Jl. Kartini No. 45"),
    ("sy tinggal di kp. rawa bebek rt 1/3, got mampet", "RT 1/RW 3, Kampung Rawa Bebek"),
    (
        "lampu di Jl. Mawar, RT 02/RW 07 Kel. Kebon Jeruk mati sejak minggu lalu",
        "Jl. Mawar, RT 02/RW 07, Kel. Kebon Jeruk",
    ),
    ("depan masjid al ikhlas", "depan Masjid Al Ikhlas"),
    ("deket puskesmas cibiru airnya keruh", "dekat Puskesmas Cibiru"),
    ("gang mawar 3 rt 07 gelap, lampunya mati", "Gg. Mawar 3, RT 07"),
    ("Jl. Sudirman No 5A, Kecamatan Lowokwaru", "Jl. Sudirman No. 5A, Kec. Lowokwaru"),
    ("di perumahan griya indah blok b sampah ga diangkut", "Perumahan Griya Indah, Blok B"),
    ("trotoar rusak persis di depan RSUD kota", "persis di depan RSUD Kota"),
    ("RT/RW 02/09 desa cikole, jalan ambles", "RT 02/RW 09, Desa Cikole"),
    ("air mati di komplek bumi asri no 14", "Kompleks Bumi Asri No. 14"),
    ("di pertigaan lampu merah pasar minggu ada lubang", "Pertigaan"),
    ("belakang terminal kampung rambutan banyak sampah", "Kampung Rambutan, belakang Terminal"),
]

NO_PLACE = [
    "jalan rusak parah",
    "udah saya ceritain diatas pak",
    "udah itu aja",
    "sy mau ngadu",
    "air pdam mati sejak kemarin, tolong dibantu",
    "kapan selesai?",
    "jalannya rusak banget min",
    "nomor tiket saya berapa ya",
    "saya mau lapor jalan berlubang, sudah 3 bulan",
]


@pytest.mark.parametrize(("text", "place"), PHRASINGS)
def test_the_place_a_story_names_is_written_as_an_address(text: str, place: str) -> None:
    found = extract(text)
    assert found is not None, text
    assert found.text == place


@pytest.mark.parametrize("text", NO_PLACE)
def test_a_text_naming_no_place_gives_none(text: str) -> None:
    assert extract(text) is None


def test_the_parts_are_kept_apart_for_officers() -> None:
    found = extract("jl melati no 4 rt 2 rw 6 kel sukasari dekat sdn 3")
    assert found is not None
    assert found.streets == ("Jl. Melati No. 4",)
    assert found.rt_rw == "RT 2/RW 6"
    assert found.areas == ("Kel. Sukasari",)
    assert found.landmarks == ("dekat SDN 3",)


def test_an_agency_adds_its_own_words(tmp_path: Path) -> None:
    raw = yaml.safe_load(PATTERNS_FILE.read_text(encoding="utf-8"))
    assert extract("lubang di dekat surau tuo") is not None
    assert extract("sampah di nagari koto baru") is None
    raw["areas"]["nagari"] = "Nagari"
    edited = tmp_path / "location.yaml"
    edited.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    found = extract("sampah di nagari koto baru", load_patterns(edited))
    assert found is not None
    assert found.text == "Nagari Koto Baru"
