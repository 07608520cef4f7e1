"""The supervisors' report in the browser, over the week of real tickets of tests/reports/conftest.py
(filed and handled through the ticket desk; every figure is worked out by hand there): the figures a
supervisor sees, each linking to exactly its tickets; a unit head's units only; officers refused; a
bad period answered with its reason; the downloads and their audit entries; the charts as SVG."""

from __future__ import annotations

import csv
import html
import io
import re
from urllib.parse import parse_qs, urlsplit

import httpx
from openpyxl import load_workbook

from core.db import Database
from escalation.staff.auth import StaffAuth
from escalation.staff.models import StaffRole
from sla import SlaConfig
from tests.escalation.staff.conftest import auth
from tests.reports.conftest import context, kb, sla_config, week
from tests.reports.test_drill_down import codes
from tests.web.staff_app import AGENCY, signed_in_browser, signed_in_supervisor, staff_app
from tests.web.staff_steps import audit_actions
from web.staff.report_svg import svg_policy

__all__ = ["auth", "context", "kb", "sla_config", "week"]

WEEK = {"periode": "rentang", "dari": "2026-11-02", "sampai": "2026-11-08"}
LINK = re.compile(r'<a href="(/staff/laporan/tiket\?[^"]+)">([^<]+)</a>')


def figures(page: httpx.Response) -> dict[str, str]:
    """Each figure's name (`angka`) -> the value its first link shows."""
    found: dict[str, str] = {}
    for href, value in LINK.findall(page.text):
        query = parse_qs(urlsplit(html.unescape(href)).query, keep_blank_values=True)
        found.setdefault(query["angka"][0], value.strip())
    return found


def drill_href(page: httpx.Response, angka: str) -> str:
    for href, _ in LINK.findall(page.text):
        link = html.unescape(href)
        if parse_qs(urlsplit(link).query, keep_blank_values=True)["angka"] == [angka]:
            return link
    raise AssertionError(f"no link to {angka}")


def href_where(page: httpx.Response, **wanted: str) -> str:
    """The first figure link whose query has these values."""
    for href, _ in LINK.findall(page.text):
        link = html.unescape(href)
        query = parse_qs(urlsplit(link).query, keep_blank_values=True)
        if all(query.get(name) == [value] for name, value in wanted.items()):
            return link
    raise AssertionError(f"no link with {wanted}")


def listed(page: httpx.Response, names: dict[str, str]) -> str:
    """The tickets a list shows, by their letters in the week (A, B, ...), in order."""
    return "".join(names[code] for code in re.findall(r'href="/staff/tiket/([A-Z0-9-]+)"', page.text))


async def test_a_supervisor_sees_the_weeks_figures_and_each_lists_exactly_its_tickets(
    db: Database, auth: StaffAuth, sla_config: SlaConfig, week: dict[str, int]
) -> None:
    names = await codes(db, week)
    app = staff_app(db, auth, sla=sla_config)
    async with await signed_in_supervisor(app, db, auth, "kabid") as browser:
        page = await browser.get("/staff/laporan", params=WEEK)
        assert page.status_code == 200
        shown = figures(page)
        assert (shown["received"], shown["responded"], shown["not_responded"]) == ("6", "5", "1")
        assert (shown["resolved"], shown["reopened"]) == ("2", "1")
        assert shown["breached:first_response"] == "3"
        assert shown["breached:first_response:unit:dishub"] == "2"
        assert shown["backlog:8-14"] == "1"
        assert "Dinas Perhubungan" in page.text
        assert 'href="/staff/laporan"' in page.text  # the nav link
        dishub = await browser.get(drill_href(page, "breached:first_response:unit:dishub"))
        everyone = await browser.get(drill_href(page, "received"))
        older = await browser.get(drill_href(page, "backlog:8-14"))
        answered_by_dishub = await browser.get(href_where(page, angka="responded", unit="dishub"))
    assert dishub.status_code == 200
    assert listed(dishub, names) == "CD"
    assert "Melewati tenggat · Tanggapan pertama · Unit layanan: Dinas Perhubungan" in dishub.text
    assert "2 tiket" in dishub.text
    assert listed(everyone, names) == "ABCDEF"
    assert listed(older, names) == "H"
    assert listed(answered_by_dishub, names) == "D"  # C, the other of Dishub, was never answered


async def test_an_admin_sees_every_units_figures(
    db: Database, auth: StaffAuth, sla_config: SlaConfig, week: dict[str, int]
) -> None:
    app = staff_app(db, auth, sla=sla_config)
    async with await signed_in_supervisor(app, db, auth, "admin", role=StaffRole.ADMIN) as browser:
        page = await browser.get("/staff/laporan", params=WEEK)
    assert page.status_code == 200
    assert figures(page)["received"] == "6"
    assert "Semua unit layanan" in page.text


async def test_a_unit_head_sees_only_their_units_figures_and_tickets(
    db: Database, auth: StaffAuth, sla_config: SlaConfig, week: dict[str, int]
) -> None:
    names = await codes(db, week)
    app = staff_app(db, auth, sla=sla_config)
    async with await signed_in_browser(
        app, db, auth, "slamet", role=StaffRole.UNIT_HEAD, person_id="kadis-pupr"
    ) as browser:
        page = await browser.get("/staff/laporan", params=WEEK)
        other = await browser.get("/staff/laporan", params={**WEEK, "unit": "dishub"})
        tickets = await browser.get("/staff/laporan/tiket", params={**WEEK, "angka": "received"})
        export = await browser.get("/staff/laporan/unduh.csv", params={**WEEK, "unit": "dishub"})
    assert page.status_code == 200
    assert figures(page)["received"] == "2"
    assert '<option value="dishub"' not in page.text
    assert figures(other)["received"] == "0"
    assert listed(tickets, names) == "AB"
    assert len(list(csv.reader(io.StringIO(export.content.decode("utf-8-sig"))))) == 1  # the header only


async def test_an_officer_is_refused_the_reports_and_has_no_link_to_them(
    db: Database, auth: StaffAuth, sla_config: SlaConfig, week: dict[str, int]
) -> None:
    app = staff_app(db, auth, sla=sla_config)
    async with await signed_in_browser(app, db, auth, "andi", person_id="petugas-pupr") as browser:
        home = await browser.get("/staff")
        answers = [
            await browser.get(path, params={**WEEK, "bulan": "2026-11"})
            for path in (
                "/staff/laporan",
                "/staff/laporan/tiket",
                "/staff/laporan/unduh.xlsx",
                "/staff/laporan/bulanan.xlsx",
                "/staff/laporan/grafik/mingguan.svg",
            )
        ]
    assert 'href="/staff/laporan"' not in home.text
    assert [answer.status_code for answer in answers] == [403] * 5
    assert "penyelia, kepala unit layanan, dan administrator" in answers[0].text
    assert "report_export" not in await audit_actions(db)


async def test_a_bad_period_shows_the_form_again_with_the_reason(
    db: Database, auth: StaffAuth, sla_config: SlaConfig, week: dict[str, int]
) -> None:
    app = staff_app(db, auth, sla=sla_config)
    async with await signed_in_supervisor(app, db, auth, "kabid") as browser:
        backwards = await browser.get(
            "/staff/laporan", params={**WEEK, "dari": "2026-11-08", "sampai": "2026-11-02"}
        )
        not_a_day = await browser.get("/staff/laporan", params={**WEEK, "sampai": "2026-11-31"})
        no_figure = await browser.get("/staff/laporan/tiket", params={**WEEK, "angka": "gaji:petugas"})
        no_month = await browser.get("/staff/laporan/bulanan.xlsx", params={"bulan": "2026-13"})
        chart = await browser.get("/staff/laporan/grafik/umur.svg", params={**WEEK, "dari": "kemarin"})
    assert backwards.status_code == 400
    assert "Tanggal akhir (2026-11-02) lebih awal daripada tanggal mulai (2026-11-08)" in backwards.text
    assert 'value="2026-11-08"' in backwards.text  # the form keeps what was chosen
    assert "Tampilkan laporan" in backwards.text
    assert not figures(backwards)
    assert not_a_day.status_code == 400
    assert "Tanggal 2026-11-31 tidak dikenali" in not_a_day.text
    assert no_figure.status_code == 400
    assert "Rincian gaji:petugas tidak dikenali" in no_figure.text
    assert no_month.status_code == 400
    assert "Bulan 2026-13 tidak dikenali" in no_month.text
    assert chart.status_code == 400


async def test_the_downloads_hold_the_tickets_of_the_choices_and_are_audited(
    db: Database, auth: StaffAuth, sla_config: SlaConfig, week: dict[str, int]
) -> None:
    names = await codes(db, week)
    app = staff_app(db, auth, sla=sla_config)
    async with await signed_in_supervisor(app, db, auth, "kabid") as browser:
        as_csv = await browser.get("/staff/laporan/unduh.csv", params=WEEK)
        as_xlsx = await browser.get(
            "/staff/laporan/unduh.xlsx", params={**WEEK, "angka": "breached:first_response"}
        )
        pack = await browser.get("/staff/laporan/bulanan.xlsx", params={"bulan": "2026-11"})
    assert as_csv.status_code == 200
    assert as_csv.headers["content-type"].startswith("text/csv")
    assert "attachment" in as_csv.headers["content-disposition"]
    rows = list(csv.reader(io.StringIO(as_csv.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Kode tiket", "Kanal", "Jenis"]
    assert "".join(names[row[0]] for row in rows[1:]) == "ABCDEF"
    sheet = load_workbook(io.BytesIO(as_xlsx.content), read_only=True)["Tiket"]
    letters = [names[str(row[0])] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert letters == ["B", "C", "D"]
    recap = load_workbook(io.BytesIO(pack.content), read_only=True)["Rekapitulasi"]
    values = {row[0]: row[1] for row in recap.iter_rows(values_only=True)}
    assert values["Instansi"] == AGENCY
    assert values["Jumlah pengaduan diterima"] == 7  # A-G: every ticket opened in November
    assert (await audit_actions(db)).count("report_export") == 3


async def test_the_charts_are_svg_images_whose_style_the_image_policy_names(
    db: Database, auth: StaffAuth, sla_config: SlaConfig, week: dict[str, int]
) -> None:
    app = staff_app(db, auth, sla=sla_config)
    async with await signed_in_supervisor(app, db, auth, "kabid") as browser:
        page = await browser.get("/staff/laporan", params=WEEK)
        charts = [
            await browser.get(f"/staff/laporan/grafik/{name}.svg", params=WEEK)
            for name in ("mingguan", "kepatuhan", "umur")
        ]
        unknown = await browser.get("/staff/laporan/grafik/gaji.svg", params=WEEK)
        printed = await browser.get("/staff/laporan", params={**WEEK, "cetak": "1"})
    assert page.text.count('<img src="/staff/laporan/grafik/') == 3
    for chart in charts:
        assert chart.status_code == 200
        assert chart.headers["content-type"] == "image/svg+xml"
        assert chart.text.startswith("<svg")
        assert "<script" not in chart.text
        assert 'style="' not in chart.text  # no inline style attribute: the policy need not allow one
        assert chart.headers["content-security-policy"] == svg_policy(chart.text)
        assert "'sha256-" in chart.headers["content-security-policy"]
    assert "Dinas Perhubungan" in charts[1].text
    assert unknown.status_code == 404
    assert AGENCY in printed.text
    assert "Tampilkan laporan" not in printed.text
    assert figures(printed)["received"] == "6"
