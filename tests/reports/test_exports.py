"""The ticket list as XLSX and CSV, the monthly pack, and `tanggap report`, read back and checked
against the week of tickets in conftest."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from core.db import Database
from reports import ReportFilter, make_scope
from reports.export import write_csv, write_xlsx
from reports.monthly import service_grade, write_monthly_pack
from reports.repository import unit_names
from sla import SlaConfig
from tanggap.cli import app
from tests.reports.conftest import NOW

HEADER = [
    "Kode tiket",
    "Kanal",
    "Jenis",
    "Kategori",
    "Unit layanan",
    "Petugas",
    "Dibuka",
    "Tanggapan pertama",
    "Tenggat tanggapan pertama",
    "Tenggat penyelesaian",
    "Status SLA",
    "Keterlambatan (jam kerja)",
    "Diselesaikan",
    "Penilaian",
]


async def test_the_ticket_list_in_xlsx_and_csv(
    db: Database, week: dict[str, int], week_filter: ReportFilter, sla_config: SlaConfig, tmp_path: Path
) -> None:
    scope = make_scope(week_filter, sla_config.calendar, NOW)
    async with db.session() as session:
        assert await write_xlsx(session, scope, tmp_path / "tiket.xlsx") == 6
        assert await write_csv(session, scope, tmp_path / "tiket.csv") == 6
    sheet = load_workbook(tmp_path / "tiket.xlsx")["Tiket"]
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0] == HEADER
    forwarded = next(row for row in rows[1:] if row[3] == "jalan-drainase" and row[4] == "Dinas Perhubungan")
    assert forwarded[1:3] == ["telegram", "Pesan langsung"]
    assert str(forwarded[6]) == "2026-11-04 08:00:00"  # local time (WIB)
    assert str(forwarded[7]) == "2026-11-04 10:30:00"
    assert forwarded[10:] == ["Melewati tenggat", 0.5, forwarded[12], 2]
    assert str(forwarded[12]) == "2026-11-05 09:00:00"
    assert sorted(row[10] for row in rows[1:]) == ["Melewati tenggat"] * 5 + ["Tepat waktu"]
    with (tmp_path / "tiket.csv").open(encoding="utf-8-sig", newline="") as handle:
        lines = list(csv.reader(handle))
    assert lines[0] == HEADER
    assert [line[0] for line in lines[1:]] == [row[0] for row in rows[1:]]
    assert next(line for line in lines if line[0] == forwarded[0])[6] == "2026-11-04 08:00"
    assert "Mohon ditindaklanjuti." not in (tmp_path / "tiket.csv").read_text(encoding="utf-8-sig")


async def test_the_monthly_pack(
    db: Database, week: dict[str, int], sla_config: SlaConfig, tmp_path: Path
) -> None:
    from reports import parse_month

    november = ReportFilter(period=parse_month("2026-11", sla_config.calendar.tz))
    async with db.session() as session:
        report = await write_monthly_pack(
            session,
            filter=november,
            calendar=sla_config.calendar,
            agency="Pemerintah Kota Contoh",
            path=tmp_path / "rekap.xlsx",
            now=NOW,
        )
        names = await unit_names(session)
    book = load_workbook(tmp_path / "rekap.xlsx")
    assert book.sheetnames == ["Rekapitulasi", "Per unit layanan", "Tiket"]
    recap = {row[0]: row[1] for row in book["Rekapitulasi"].iter_rows(values_only=True)}
    assert recap["Instansi"] == "Pemerintah Kota Contoh"
    assert recap["Periode"] == "November 2026"
    assert recap["Jumlah pengaduan diterima"] == report.counts.received == 7
    assert recap["Jumlah pengaduan yang telah diselesaikan"] == 2
    assert recap["Rata-rata penilaian (skala 1–5)"] == 3.5
    assert recap["Indeks kepuasan (skala 0–100)"] == 70.0
    assert recap["Mutu pelayanan"] == "C (Kurang Baik)"
    units = list(book["Per unit layanan"].iter_rows(values_only=True))
    assert units[1][:2] == (names["pupr"], 3)  # A, B, G (D went to Dishub)
    assert len(list(book["Tiket"].iter_rows())) == 1 + 7


@pytest.mark.parametrize(
    ("index", "grade"),
    [
        (100.0, "A"),
        (88.31, "A"),
        (88.30, "B"),
        (76.61, "B"),
        (76.60, "C"),
        (65.0, "C"),
        (64.99, "D"),
        (None, None),
    ],
)
def test_grades_follow_the_permenpan_bands(index: float | None, grade: str | None) -> None:
    assert service_grade(index) == grade


def test_tanggap_report_prints_the_summary_and_writes_the_files(
    week: dict[str, int],
    database_url: str,
    sample_kb_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("TANGGAP_DATABASE_URL", database_url)
    runner = CliRunner()
    kb = ["--kb", str(sample_kb_path)]
    result = runner.invoke(
        app,
        [
            "report",
            "--from",
            "2026-11-02",
            "--to",
            "2026-11-08",
            "--unit",
            "pupr",
            "--xlsx",
            str(tmp_path / "a.xlsx"),
            *kb,
        ],
    )
    assert result.exit_code == 0, result.output
    assert "Tiket diterima: 2; ditanggapi: 2" in result.output
    assert "Tanggapan pertama: tepat waktu 50,0%, melewati tenggat 1" in result.output
    assert f"2 tiket ditulis ke {tmp_path / 'a.xlsx'}" in result.output
    refused = runner.invoke(app, ["report", "--from", "2026-11-08", "--to", "2026-11-02", *kb])
    assert refused.exit_code == 2
    assert "lebih awal daripada tanggal mulai" in refused.output
    pack = runner.invoke(
        app, ["report", "monthly", "--month", "2026-11", "--out", str(tmp_path / "m.xlsx"), *kb]
    )
    assert pack.exit_code == 0, pack.output
    assert load_workbook(tmp_path / "m.xlsx").sheetnames[0] == "Rekapitulasi"
