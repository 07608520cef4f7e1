"""An officer answers from the ticket's page in the browser and the reply reaches the citizen on
Telegram: webhook -> ticket -> staff page -> desk -> outbox -> the (fake) Bot API, through aiogram."""

from __future__ import annotations

import re

from bot.engine import ConversationEngine
from core.db import Database
from escalation import build_listener
from tests.channels import updates
from tests.channels.conftest import ServiceFactory, telegram_settings
from tests.channels.fake_telegram import FakeTelegram
from tests.escalation.staff.conftest import add_account, log_in, signed_in
from web.staff.cookies import PLAIN_NAME

CITIZEN = 5151
REPLY = "Pipa yang bocor di Jalan Kenanga akan kami perbaiki hari ini. Terima kasih atas laporannya."


async def test_an_officers_reply_from_the_ticket_page_reaches_the_citizens_telegram_chat(
    make_service: ServiceFactory, fake_telegram: FakeTelegram, db: Database, engine: ConversationEngine
) -> None:
    listener = await build_listener(db, kb=engine.deps.kb, sla=engine.deps.sla)
    service = await make_service(telegram=telegram_settings(fake_telegram), escalation=listener)
    for update_id, data in ((1, "menu:complaint"), (2, "cat:air-minum")):
        await service.telegram(updates.button(update_id, CITIZEN, data))
    await service.telegram(
        updates.text(3, CITIZEN, "Air PDAM tidak mengalir sejak kemarin di Jalan Kenanga.")
    )
    await service.telegram(updates.button(4, CITIZEN, "skip"))
    await service.telegram(updates.button(5, CITIZEN, "confirm:yes"))
    await service.deliver()
    code = re.findall(r"ADU-\d{4}-\d{6}", fake_telegram.sent_texts()[-1])[0]

    auth = service.runtime.staff
    await add_account(service.db, auth, "lina", person_id="petugas-pdam")
    service.http.cookies.set(PLAIN_NAME, signed_in(await log_in(service.db, auth, "lina")))
    page = await service.http.get(f"/staff/tiket/{code}")
    csrf = re.findall(r'name="csrf" value="([^"]+)"', page.text)[0]
    form_key = re.findall(r'name="form_key" value="([^"]+)"', page.text)[0]
    sent = await service.http.post(
        f"/staff/tiket/{code}/balas", data={"csrf": csrf, "form_key": form_key, "text": REPLY}
    )
    assert sent.status_code == 303
    await service.deliver()

    last = fake_telegram.sent()[-1]
    assert last["chat_id"] == str(CITIZEN)
    assert REPLY in last["text"]
    assert last["text"].startswith("Yth. Bapak/Ibu,")
