"""The queue's filters as the page's query string reads them (`?status=&kanal=&jenis=&kategori=&milik=
&cari=&halaman=`): unknown values are ignored (the filter is off), never an error, so an old bookmark
still opens the queue."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from urllib.parse import urlencode

from escalation.desk.queue import QueueFilter
from escalation.staff.principal import Principal
from tickets import OPEN_STATUSES, TicketKind

PAGE_SIZE = 50
OPEN = tuple(str(status) for status in OPEN_STATUSES)
CHANNELS = ("web", "telegram", "whatsapp")
KINDS = tuple(str(kind) for kind in TicketKind)


@dataclass(frozen=True)
class QueueChoices:
    status: str = ""
    kanal: str = ""
    jenis: str = ""
    kategori: str = ""
    milik: str = ""
    cari: str = ""
    halaman: int = 1

    @classmethod
    def read(
        cls,
        *,
        status: str,
        kanal: str,
        jenis: str,
        kategori: str,
        milik: str,
        cari: str,
        halaman: int,
        categories: Collection[str],
    ) -> QueueChoices:
        return cls(
            status=status if status in OPEN else "",
            kanal=kanal if kanal in CHANNELS else "",
            jenis=jenis if jenis in KINDS else "",
            kategori=kategori if kategori in categories else "",
            milik=milik if milik in ("saya", "belum") else "",
            cari=cari.strip(),
            halaman=halaman,
        )

    def filter_for(self, principal: Principal) -> QueueFilter:
        mine = self.milik == "saya" and principal.person_id is not None
        return QueueFilter(
            statuses=frozenset({self.status}) if self.status else frozenset(OPEN),
            channels=frozenset({self.kanal}) if self.kanal else frozenset(),
            kinds=frozenset({self.jenis}) if self.jenis else frozenset(),
            categories=frozenset({self.kategori}) if self.kategori else frozenset(),
            assignee=principal.person_id if mine else None,
            unassigned=self.milik == "belum",
            search=self.cari,
            limit=PAGE_SIZE,
            offset=(self.halaman - 1) * PAGE_SIZE,
        )

    def query(self, page: int | None = None) -> str:
        """The query string of these choices (on page `page`), for links that keep them."""
        values = {
            "status": self.status,
            "kanal": self.kanal,
            "jenis": self.jenis,
            "kategori": self.kategori,
            "milik": self.milik,
            "cari": self.cari,
        }
        chosen = {key: value for key, value in values.items() if value}
        if page is not None and page > 1:
            chosen["halaman"] = str(page)
        return urlencode(chosen)
