"""How many actions a citizen needs to file a complaint (issue 11, "Measure"): 20 scripted reports played
through the engine by a citizen who answers what the bot asks and taps the obvious button. A story that
says what and where needs at most 2 actions (story, confirm); without the place, at most 3.

Run with `-s` to see the distribution; docs/understanding.md records it."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlmodel import col

from bot.flows import complaint
from bot.incoming import ContentType
from bot.models import Conversation
from tests import images
from tests.bot.conftest import Citizen
from tickets import Citizen as CitizenRow
from tickets import Ticket

WHAT_AND_WHERE = 2
NO_PLACE = 3
GIVE_UP = 8
"""A conversation still without a ticket after this many actions counts as failed."""


@dataclass(frozen=True)
class Report:
    name: str
    story: str
    place: str | None = None
    """What the citizen answers when asked where; None: the story says where (budget 2)."""
    photo: bool = False
    """The story is the caption of a photo sent as the first message."""

    @property
    def budget(self) -> int:
        return WHAT_AND_WHERE if self.place is None else NO_PLACE


REPORTS = (
    Report("jalan berlubang", "Jalan di depan SDN 3 Jl. Kenanga berlubang besar, sudah banyak motor jatuh"),
    Report("lampu jalan, santai", "lampu jalan di jl mawar rt 02 rw 05 mati udah seminggu min"),
    Report("sampah", "sampah numpuk di pinggir jl melati dekat pasar baru, bau banget"),
    Report("air mati", "air pdam mati 3 hari di perumahan griya asri blok c kelurahan sukamaju"),
    Report("got mampet", "got mampet depan masjid al ikhlas jl. anggrek no 12, tiap hujan banjir"),
    Report("pohon tumbang", "ada pohon tumbang nutupin jalan di jl. cempaka depan puskesmas"),
    Report(
        "formal",
        "Dengan hormat, saya ingin melaporkan trotoar yang rusak dan berlubang di Jalan Sudirman "
        "dekat Bank BRI. Mohon segera diperbaiki.",
    ),
    Report("English", "the street light on Jl. Melati near the mosque has been broken for two weeks"),
    Report("pungli", "petugas kelurahan sukamaju minta uang 100rb buat ngurus surat pindah"),
    Report(
        "cerita panjang",
        "Selamat siang pak. Saya warga RT 04 RW 02 Kelurahan Sukamaju. Sudah sebulan ini saluran air di "
        "gang kami, Gg. Mawar, tersumbat sampah dan lumpur. Kalau hujan airnya meluap ke rumah warga dan "
        "baunya tidak enak. Kami sudah kerja bakti dua kali tapi tetap mampet karena salurannya kecil.",
    ),
    Report("foto jalan", "jalan berlubang di depan SDN 3 Jl. Kenanga, bahaya buat motor", photo=True),
    Report("foto sampah", "tumpukan sampah di jl. melati dekat pasar baru udah seminggu", photo=True),
    Report("lampu, tanpa tempat", "lampu jalan depan rumah saya mati min", place="Jl. Mawar no 7 RT 02"),
    Report("sampah, tanpa tempat", "sampah ga diangkut udah seminggu min, bau", place="jl melati no 3"),
    Report("jalan, tanpa tempat", "jalan rusak parah banyak lubang, tolong diperbaiki", place="Jl. Kenanga"),
    Report("air, tanpa tempat", "air pdam ga ngalir dari kemarin pagi", place="perumahan griya asri blok c"),
    Report("got, tanpa tempat", "selokan mampet, kalau hujan banjir ke rumah", place="gg. anggrek rt 3"),
    Report(
        "pelayanan lambat", "pelayanan ktp lambat banget, antre 4 jam ga dipanggil", place="kecamatan utara"
    ),
    Report(
        "anjing liar", "banyak anjing liar berkeliaran, warga takut keluar malam", place="komplek permata"
    ),
    Report(
        "foto, tanpa tempat", "ini jalannya rusak parah pak, tolong dibenerin", place="jl kenanga", photo=True
    ),
)


KNOWN_MISSES = {
    "air, tanpa tempat": "read as a report below 0.5 (0.33): the FAQ answers first, then "
    "“Sampaikan sebagai aduan” (4 actions)",
    "got, tanpa tempat": "read as a report below 0.5 (0.48): the FAQ answers first (4 actions)",
    "pelayanan lambat": "the router is unsure between Kependudukan and Pajak daerah: the category is "
    "asked (4 actions)",
    "anjing liar": "read as abusive (0.44): FAQ suggestions, then the category is asked (5 actions)",
}
"""Over budget today, for the reason given (the understanding step or the router, not the flow): the
test fails when any other report goes over its budget, and says when one of these is fixed."""


async def state_of(citizen: Citizen) -> tuple[str, int]:
    """The conversation's state and how many tickets the citizen has."""
    async with citizen.db.session() as session:
        person = (
            await session.execute(select(CitizenRow).where(col(CitizenRow.external_id) == citizen.sender_id))
        ).scalar_one()
        conversation = (
            await session.execute(select(Conversation).where(col(Conversation.citizen_id) == person.id))
        ).scalar_one()
        filed = select(func.count()).select_from(Ticket).where(col(Ticket.citizen_id) == person.id)
        return conversation.state, int((await session.execute(filed)).scalar_one())


async def next_action(citizen: Citizen, report: Report, state: str) -> bool:
    """What a citizen does next: answer the question, tap the obvious button. False: stuck."""
    offered = citizen.choices()
    if state == complaint.CONFIRM:
        await citizen.send(choice="confirm:yes")
    elif state == complaint.LOCATION:
        await citizen.send(report.place or "")
    elif state == complaint.CATEGORY:
        await citizen.send(choice=next(value for value in offered if value.startswith("cat:")))
    elif state == complaint.DESCRIPTION:
        await citizen.send(report.story)
    else:
        wanted = ("complaint:from_text", "complaint:emergency", "menu:complaint")
        pick = next((value for value in wanted if value in offered), None)
        if pick is None:
            return False
        await citizen.send(choice=pick)
    return True


async def actions_to_file(citizen: Citizen, report: Report) -> int | None:
    """The citizen's actions until a ticket exists (the first message is one); None: never filed."""
    if report.photo:
        picture = await citizen.engine.deps.attachments.check_photo(images.jpeg())
        await citizen.send(report.story, content_type=ContentType.PHOTO, photo=picture)
    else:
        await citizen.send(report.story)
    for actions in range(1, GIVE_UP + 1):
        state, filed = await state_of(citizen)
        if filed:
            return actions
        if not await next_action(citizen, report, state):
            return None
    return None


async def test_filing_takes_two_actions_with_what_and_where_and_three_without_the_place(
    citizen: Citizen,
) -> None:
    counts: dict[str, int | None] = {}
    for number, report in enumerate(REPORTS):
        player = Citizen(db=citizen.db, engine=citizen.engine, sender_id=f"warga-aksi-{number}")
        counts[report.name] = await actions_to_file(player, report)
    print("\nactions to file a complaint (20 scripted reports):")
    for report in REPORTS:
        print(f"  {report.name:<22} budget {report.budget}  took {counts[report.name]}")
    for label, group in (("what and where", WHAT_AND_WHERE), ("place missing", NO_PLACE)):
        taken = Counter(counts[r.name] for r in REPORTS if r.budget == group)
        print(f"  {label}: " + ", ".join(f"{n} actions: {k}" for n, k in sorted(taken.items(), key=str)))
    over = {r.name for r in REPORTS if (counts[r.name] or GIVE_UP + 1) > r.budget}
    fixed = KNOWN_MISSES.keys() - over
    if fixed:
        print(f"  now within budget, remove from KNOWN_MISSES: {sorted(fixed)}")
    assert over <= KNOWN_MISSES.keys(), f"over budget: {sorted(over - KNOWN_MISSES.keys())}"


async def test_an_faq_answer_to_an_unsure_report_offers_to_file_it(citizen: Citizen) -> None:
    """Read as a report below the bar, the message gets the FAQ's answer and one tap files it."""
    await citizen.send("air pdam ga ngalir dari kemarin pagi")
    assert "complaint:from_text" in citizen.choices()
