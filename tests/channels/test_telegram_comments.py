"""Comments under the agency's channel posts, in the linked discussion group."""

from __future__ import annotations

from messaging import InboundMessage, InboundStatus
from tests.channels import updates
from tests.channels.conftest import ServiceFactory, count, rows, telegram_settings
from tests.channels.fake_telegram import FakeTelegram
from tickets import Ticket, TicketKind

COMMENTER = 31337


class TestComments:
    async def test_a_comment_becomes_a_comment_ticket_answered_in_its_thread(
        self, make_service: ServiceFactory, fake_telegram: FakeTelegram
    ) -> None:
        service = await make_service(telegram=telegram_settings(fake_telegram))
        body = "Min, lampu penerangan jalan di Jalan Melati mati sudah seminggu, mohon diperbaiki."
        update = updates.comment(10, COMMENTER, body, post_id=12)
        assert (await service.telegram(update)).status_code == 200
        await service.deliver()

        [ticket] = await rows(service.db, Ticket)
        assert ticket.kind == TicketKind.COMMENT
        assert ticket.source_post_id == f"{updates.CHANNEL_ID}/12"
        assert ticket.description == body
        [reply] = fake_telegram.sent()
        assert reply["chat_id"] == str(updates.GROUP_ID)
        assert reply["reply_parameters"]["message_id"] == update["message"]["message_id"]
        assert ticket.code in reply["text"]
        assert "https://t.me/tanggap_kota_bot" in reply["text"]
        assert "lampu penerangan" not in reply["text"], "the comment is never repeated in public"

    async def test_personal_data_in_a_comment_is_never_repeated_and_the_citizen_is_warned(
        self, make_service: ServiceFactory, fake_telegram: FakeTelegram
    ) -> None:
        service = await make_service(telegram=telegram_settings(fake_telegram))
        body = "KTP saya 3171012345678901 belum jadi sejak 3 bulan, hubungi 0812-3456-7890 ya min."
        await service.telegram(updates.comment(11, COMMENTER, body))
        await service.deliver()
        [reply] = fake_telegram.sent_texts()
        assert "3171012345678901" not in reply
        assert "3456-7890" not in reply
        assert "mohon jangan menulis NIK" in reply
        assert "NIK" not in reply.split("Demi keamanan")[0], "the acknowledgment asks for nothing"

    async def test_a_question_the_faq_answers_confidently_gets_the_answer_and_no_ticket(
        self, make_service: ServiceFactory, fake_telegram: FakeTelegram
    ) -> None:
        service = await make_service(telegram=telegram_settings(fake_telegram))
        await service.telegram(
            updates.comment(12, COMMENTER, "Apa saja persyaratan membuat KTP-el untuk pertama kali?")
        )
        await service.deliver()
        [reply] = fake_telegram.sent()
        assert "KTP" in reply["text"]
        assert "pesan langsung" in reply["text"]
        assert reply["reply_parameters"]["message_id"] == 512
        assert await count(service.db, Ticket) == 0

    async def test_ordinary_group_chatter_and_unserved_groups_are_ignored_but_kept(
        self, make_service: ServiceFactory, fake_telegram: FakeTelegram
    ) -> None:
        served = updates.GROUP_ID
        settings = telegram_settings(fake_telegram, discussion_chat_ids=[served])
        service = await make_service(telegram=settings)
        await service.telegram(updates.group_chatter(20, COMMENTER, "ada yang tahu jadwal posyandu?"))
        await service.telegram(updates.comment(21, COMMENTER, "Jalan rusak parah di RT 03.", group_id=-1009))
        await service.telegram(updates.comment(22, COMMENTER, "terima kasih min"))
        await service.deliver()
        assert fake_telegram.sent() == []
        assert await count(service.db, Ticket) == 0
        stored = {row.dedupe_key: row for row in await rows(service.db, InboundMessage)}
        assert len(stored) == 3
        chatter, unserved, thanks = (stored[f"tg:7000001:{n}"] for n in (20, 21, 22))
        assert chatter.status == InboundStatus.IGNORED
        assert chatter.last_error == "group message that is not a comment on a channel post"
        assert unserved.status == InboundStatus.IGNORED
        assert unserved.last_error == "group not served"
        assert thanks.status == InboundStatus.PROCESSED, "a polite comment is read, not answered"


SPAM_AND_THANKS = [
    "slot gacor hari ini maxwin link di bio",
    "promo pinjol cair 5 menit tanpa jaminan",
    "JUAL OBAT PELANGSING ALAMI, HUB WA",
    "follow ig saya ya kak @jualan_murah",
    "investasi crypto pasti untung 10% per hari",
    "terima kasih banyak pak, sangat membantu 🙏",
    "👍👍",
    "mantap pemkot, lanjutkan, makasih infonya",
    "ok siap min",
    "matur nuwun informasinya",
]


async def test_spam_and_thanks_in_public_comments_never_become_tickets(
    make_service: ServiceFactory, fake_telegram: FakeTelegram
) -> None:
    service = await make_service(
        telegram=telegram_settings(fake_telegram, discussion_chat_ids=[updates.GROUP_ID])
    )
    for number, body in enumerate(SPAM_AND_THANKS, start=40):
        await service.telegram(updates.comment(number, COMMENTER, body))
    await service.deliver()
    assert await count(service.db, Ticket) == 0
    assert len(await rows(service.db, InboundMessage)) == len(SPAM_AND_THANKS)
