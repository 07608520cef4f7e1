"""Personal data never leaves the citizen's conversation in the clear, in whatever format it was written;
what only looks like it (ticket codes, dates, times, money, RT/RW alone) is never masked."""

# deadline=None: the examples are fast; a loaded CI machine must not fail them on timing.

from __future__ import annotations

import re

from hypothesis import example, given, settings
from hypothesis import strategies as st

from core.privacy import mask_pii

WORDS = st.sampled_from(
    [
        "mohon",
        "dibantu",
        "NIK saya",
        "hubungi",
        "di",
        "ya pak",
        "warga",
        "nomor",
        "kontak",
        "alamat",
        ":",
        ",",
    ]
)
FILLER = st.lists(WORDS, max_size=4).map(" ".join)
"""Text around the personal data, without digits: every digit left after masking came from it."""
DIGIT_STRINGS = st.text(alphabet="0123456789", min_size=1)


def digits(text: str) -> str:
    return re.sub(r"\D", "", text)


@st.composite
def niks(draw: st.DrawFn) -> tuple[str, str]:
    """(the 16 digits, as written): plain, 4-4-4-4, 6-6-4 or 2-2-2-6-4, with spaces, dots or dashes."""
    number = draw(st.text(alphabet="0123456789", min_size=16, max_size=16))
    sep = draw(st.sampled_from([" ", ".", "-"]))
    groups = draw(st.sampled_from([(16,), (4, 4, 4, 4), (6, 6, 4), (2, 2, 2, 6, 4)]))
    parts, start = [], 0
    for size in groups:
        parts.append(number[start : start + size])
        start += size
    return number, sep.join(parts)


@st.composite
def phones(draw: st.DrawFn) -> tuple[str, str]:
    """(the national number after the prefix, as written): +62/62/0, grouped by spaces, dots or dashes,
    the first group possibly in parentheses."""
    national = "8" + draw(st.text(alphabet="0123456789", min_size=8, max_size=11))
    prefix = draw(st.sampled_from(["+62", "62", "0", "+62 ", "(+62) ", "+62-"]))
    sep = draw(st.sampled_from([" ", ".", "-", ""]))
    head, rest = national[:3], national[3:]
    sizes = {6: (3, 3), 7: (4, 3), 8: (4, 4), 9: (3, 3, 3)}[len(rest)]  # as numbers are grouped
    groups, start = [], 0
    for size in sizes:
        groups.append(rest[start : start + size])
        start += size
    if prefix == "0" and draw(st.booleans()):
        return national, f"(0{head}) " + sep.join(groups)
    return national, prefix + head + sep + sep.join(groups)


class TestNik:
    @settings(deadline=None)
    @given(nik=niks(), before=FILLER, after=FILLER)
    @example(nik=("3201234567890001", "3201 2345 6789 0001"), before="NIK", after="")
    @example(nik=("3201234567890001", "32.01.23.456789.0001"), before="", after="ya")
    def test_only_the_first_and_last_four_digits_are_left(
        self, nik: tuple[str, str], before: str, after: str
    ) -> None:
        number, written = nik
        masked = mask_pii(f"{before} {written} {after}")
        assert digits(masked) == number[:4] + number[-4:]
        assert masked.startswith(before)
        assert masked.endswith(after)

    def test_the_usual_format(self) -> None:
        assert mask_pii("NIK saya 3201234567890001 ya") == "NIK saya 3201********0001 ya"


class TestPhone:
    @settings(deadline=None)
    @given(phone=phones(), before=FILLER, after=FILLER)
    @example(phone=("81234567890", "+62 812 3456 7890"), before="wa", after="")
    @example(phone=("81234567890", "(0812) 3456-7890"), before="", after="sore")
    def test_only_the_last_three_digits_are_left(
        self, phone: tuple[str, str], before: str, after: str
    ) -> None:
        national, written = phone
        masked = mask_pii(f"{before} {written} {after}")
        assert digits(masked).endswith("8" + national[-3:])
        assert national[1:-3] not in digits(masked)

    def test_the_masked_form_keeps_the_prefix(self) -> None:
        assert mask_pii("wa 0812-3456-6172") == "wa 08******172"
        assert mask_pii("hp +62 812 3456 7890.") == "hp +628******890."


@st.composite
def landlines(draw: st.DrawFn) -> tuple[str, str, str]:
    """(the digits of the area code as written, the subscriber's number, as written): area code 0XX
    or 0XXX, in parentheses or not, or +62; the number after a space, a dash or nothing, itself
    possibly grouped as numbers are (3-3, 3-4, 4-4). Written without any separator (0274123456), the
    area code may be read shorter: fewer digits are kept, never more."""
    area = draw(st.sampled_from(["21", "22", "24", "31", "61", "274", "361", "411", "541", "967"]))
    local = draw(st.from_regex(r"[2-9][0-9]{5,7}", fullmatch=True))
    head = draw(st.sampled_from(["(0{a})", "(0{a}) ", "0{a} ", "0{a}-", "0{a}", "+62 {a} ", "+62{a}"]))
    sep = draw(st.sampled_from(["", "-", " "]))
    cut = {6: 3, 7: 3, 8: 4}[len(local)]
    written = head.format(a=area) + local[:cut] + sep + local[cut:]
    return digits(head.format(a=area)), local, written


class TestLandline:
    @settings(deadline=None)
    @given(landline=landlines(), before=FILLER, after=FILLER)
    @example(landline=("021", "5551234", "(021) 555-1234"), before="telepon", after="")
    @example(landline=("0274", "123456", "0274 123456"), before="", after="siang")
    @example(landline=("022", "7654321", "022-7654321"), before="kantor", after="ya")
    def test_only_the_area_code_and_the_last_three_digits_are_left(
        self, landline: tuple[str, str, str], before: str, after: str
    ) -> None:
        area, local, written = landline
        masked = mask_pii(f"{before} {written} {after}")
        kept = digits(masked)
        assert kept.endswith(local[-3:])
        assert area.startswith(kept[:-3]), "nothing of the subscriber's number but its end"
        assert masked.startswith(before)
        assert masked.endswith(after)

    def test_the_masked_form_keeps_the_area_code(self) -> None:
        assert mask_pii("telp (021) 555-1234 ya") == "telp (021) ****234 ya"
        assert mask_pii("0274 123456") == "0274 ****456"


class TestEmailAndAddress:
    @settings(deadline=None)
    @given(local=st.from_regex(r"[a-z][a-z0-9._]{2,20}", fullmatch=True), before=FILLER)
    def test_an_email_keeps_its_first_letter_and_domain(self, local: str, before: str) -> None:
        masked = mask_pii(f"{before} {local}@contoh.go.id")
        assert masked == f"{before} {local[0]}***@contoh.go.id"

    @settings(deadline=None)
    @given(
        street=st.sampled_from(["Jl.", "Jl", "Jalan", "Jln.", "Gg.", "Gang"]),
        name=st.sampled_from(["Melati", "Merdeka Raya", "KH. Ahmad Dahlan", "Sudirman"]),
        number=st.from_regex(r"[1-9][0-9]{0,2}[A-C]?", fullmatch=True),
        label=st.sampled_from(["No.", "No", "Nomor", "no."]),
        rt=st.from_regex(r"0?[0-9]{1,2}", fullmatch=True),
        rw=st.from_regex(r"0?[0-9]{1,2}", fullmatch=True),
        rtrw=st.sampled_from(["RT {rt}/RW {rw}", "RT.{rt}/RW.{rw}", "RT {rt} RW {rw}", "RT/RW {rt}/{rw}"]),
    )
    def test_a_street_address_keeps_its_street_but_not_the_house_or_rt_rw(
        self, street: str, name: str, number: str, label: str, rt: str, rw: str, rtrw: str
    ) -> None:
        text = f"rumah saya di {street} {name} {label} {number}, {rtrw.format(rt=rt, rw=rw)}, Kel. Sukamaju"
        masked = mask_pii(text)
        assert digits(masked) == ""
        assert f"{street} {name}" in masked
        assert masked.endswith("Kel. Sukamaju")

    @settings(deadline=None)
    @given(
        rtrw=st.sampled_from(["RT {rt}/RW {rw}", "RT.{rt}/RW.{rw}", "RT {rt} RW {rw}", "RT/RW {rt}/{rw}"]),
        rt=st.from_regex(r"0?[0-9]{1,2}", fullmatch=True),
        rw=st.from_regex(r"0?[0-9]{1,2}", fullmatch=True),
        glue=st.sampled_from([" ", ", ", " di "]),
    )
    def test_rt_rw_written_before_the_street_is_masked_too(
        self, rtrw: str, rt: str, rw: str, glue: str
    ) -> None:
        masked = mask_pii(f"alamat {rtrw.format(rt=rt, rw=rw)}{glue}Jl. Melati No. 4, Kel. Sukamaju")
        assert digits(masked) == ""
        assert masked.endswith("Jl. Melati No. ***, Kel. Sukamaju")

    def test_rt_rw_before_the_street_as_reported(self) -> None:
        assert mask_pii("RT 03/RW 05 Jl. Melati No. 4") == "RT ***/RW *** Jl. Melati No. ***"

    def test_the_published_address_of_the_agency_can_be_kept(self) -> None:
        office = "Jl. Merdeka No. 1"
        text = f"Kantor kami di {office}; warga di Jl. Melati No. 12 RT 03/RW 05"
        assert mask_pii(text, public=[office]) == (
            f"Kantor kami di {office}; warga di Jl. Melati No. *** RT ***/RW ***"
        )


NOT_PERSONAL = st.one_of(
    st.from_regex(r"ADU-20[0-9]{2}-[0-9]{6}", fullmatch=True),
    st.dates().map(lambda d: d.strftime("%d-%m-%Y")),
    st.dates().map(lambda d: d.strftime("%Y-%m-%d")),
    st.dates().map(lambda d: d.strftime("%d/%m/%Y")),
    st.dates().map(lambda d: d.strftime("%d.%m.%Y")),
    st.times().map(lambda t: t.strftime("%H:%M")),
    st.times().map(lambda t: t.strftime("%H.%M WIB")),
    st.integers(0, 10**15).map(lambda n: f"Rp {n:,}".replace(",", ".")),
    st.integers(0, 10**15).map(lambda n: f"Rp{n:,},00".replace(",", ".")),
    st.integers(0, 10**12).map(lambda n: f"{n:,} rupiah".replace(",", ".")),
    st.from_regex(r"RT ?0?[0-9]{1,2}/RW ?0?[0-9]{1,2}", fullmatch=True),
    st.from_regex(r"RT 0[0-9]{2} RW 0[0-9]{2}", fullmatch=True),
    st.integers(0, 999).map(str),
)


class TestNothingElseIsMasked:
    @settings(deadline=None)
    @given(parts=st.lists(NOT_PERSONAL, min_size=1, max_size=5), glue=st.sampled_from([" ", ", ", " dan "]))
    @example(parts=["tagihan bulan 11 tahun 2026 untuk 3 rumah, kode ADU-2026-000123"], glue=" ")
    @example(parts=["Rp 628.000.000.000", "62.800.000.000 rupiah"], glue=" ")
    @example(parts=["RT 000 RW 020", "100.000 rupiah"], glue=" ")  # not the landline 020-100000
    @example(parts=["18-03-2026", "19-03-2026", "08:30"], glue=" ")
    @example(parts=["RT 000 RW 080", "01-01-2000"], glue=" ")
    def test_codes_dates_times_money_and_rt_rw_alone_are_left_alone(
        self, parts: list[str], glue: str
    ) -> None:
        text = glue.join(parts)
        assert mask_pii(text) == text


@settings(deadline=None)
@given(text=st.text(alphabet=st.sampled_from("0123456789 .-+()@abJlNoRTW/:,"), max_size=80))
def test_masking_twice_changes_nothing_more(text: str) -> None:
    once = mask_pii(text)
    assert mask_pii(once) == once
