"""The register check an officer meets before a reply goes to a citizen: what it flags, what it lets
through, and how an agency changes the rules."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from escalation.register import RegisterRulesError, check_reply, load_register_rules
from faq import SAMPLE_KB_PATH
from tanggap.cli import app

FORMAL = (
    "Yth. Bapak/Ibu, terima kasih atas laporannya. Petugas kami akan memperbaiki lampu jalan di Jl. Mawar "
    "paling lambat Jumat, 11 Desember 2026. Salam hormat, Tim Layanan Pengaduan Pemerintah Kota Contoh"
)


def rules_of(text: str, **kwargs: object) -> list[str]:
    return [finding.rule for finding in check_reply(text, **kwargs)]  # type: ignore[arg-type]


def test_the_issues_example_is_flagged_for_slang_a_missing_greeting_and_a_promise_without_a_date() -> None:
    findings = check_reply("siap bro, nanti dicek")
    assert {(f.rule, f.found) for f in findings} >= {
        ("sapaan-tidak-resmi", "bro"),
        ("sapaan-tidak-resmi", "siap"),
        ("tanpa-salam-pembuka", ""),
        ("janji-tanpa-waktu", "nanti dicek"),
    }
    bro = next(f for f in findings if f.found == "bro")
    assert bro.suggestion == "Ganti dengan “Bapak/Ibu”."


def test_a_formal_reply_with_a_date_passes() -> None:
    assert check_reply(FORMAL) == []


@pytest.mark.parametrize(
    ("reply", "rule"),
    [
        ("Yth. Bapak/Ibu, MOHON JANGAN MENGULANG PERTANYAAN YANG SAMA.", "huruf-kapital-berlebihan"),
        ("Yth. Bapak/Ibu, sudah kami jawab!!", "huruf-kapital-berlebihan"),
        ("Yth. Bapak/Ibu, mohon maaf, itu salah bagian lain, bukan kami.", "menyalahkan-pihak-lain"),
        ("Yth. Bapak/Ibu, keterlambatan ini kesalahan petugas loket.", "menyalahkan-pihak-lain"),
        ("Yth. Bapak/Ibu, jangan lupa coblos nomor 2 ya.", "pernyataan-politik"),
        ("Selamat pagi, Bapak/Ibu 🙏🙏😊 aduan sudah selesai hari ini.", "emoji-berlebihan"),
        ("Yth. Bapak/Ibu, laporan sedang kami proses.", "janji-tanpa-waktu"),
    ],
)
def test_each_guideline_is_flagged(reply: str, rule: str) -> None:
    assert rule in rules_of(reply)


def test_acronyms_and_one_emoji_are_not_shouting() -> None:
    reply = "Yth. Bapak/Ibu, penggantian KTP-el dan KK di MPP tidak dipungut biaya hari ini 🙏"
    assert rules_of(reply) == []


def test_personal_data_is_flagged_masked_and_the_agencys_own_number_is_not() -> None:
    reply = (
        "Yth. Bapak/Ibu, NIK 3174012345678901 milik tetangga sudah diperiksa hari ini. "
        "Hubungi (021) 000-0000."
    )
    findings = check_reply(reply, public=["(021) 000-0000"])
    assert [(f.rule, f.found) for f in findings] == [("data-pribadi", "3174********8901")]
    assert "3174012345678901" not in str(findings), "the check itself never repeats a NIK"


def test_an_agency_switches_a_rule_off_and_adds_its_own_words(tmp_path: Path) -> None:
    (tmp_path / "register.yaml").write_text(
        "- {id: tanpa-salam-pembuka, enabled: false}\n"
        "- id: sapaan-tidak-resmi\n"
        "  words: {juragan: Bapak/Ibu}\n",
        encoding="utf-8",
    )
    rules = load_register_rules(tmp_path)
    assert rules_of("baik juragan, hari ini diperbaiki", rules=rules) == ["sapaan-tidak-resmi"]
    assert "bro" not in next(rule for rule in rules if rule.id == "sapaan-tidak-resmi").words


def test_a_broken_agency_file_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "register.yaml").write_text(
        "- {id: x, kind: patterns, title: X, message: Y, patterns: ['(']}\n"
    )
    with pytest.raises(RegisterRulesError, match="rule 'x' has a broken pattern"):
        load_register_rules(tmp_path)
    (tmp_path / "register.yaml").write_text("- {id: y, kind: sarcasm, title: X, message: Y}\n")
    with pytest.raises(RegisterRulesError, match="unknown kind 'sarcasm'"):
        load_register_rules(tmp_path)


def test_the_command_lists_findings_and_exits_1_and_a_clean_reply_exits_0() -> None:
    runner = CliRunner()
    flagged = runner.invoke(app, ["register", "check", "siap bro, nanti dicek", "--kb", str(SAMPLE_KB_PATH)])
    assert flagged.exit_code == 1, flagged.output
    assert "[sapaan-tidak-resmi]" in flagged.output
    assert "“nanti dicek”" in flagged.output
    clean = runner.invoke(app, ["register", "check", FORMAL, "--kb", str(SAMPLE_KB_PATH)])
    assert clean.exit_code == 0, clean.output
    assert "No findings" in clean.output
