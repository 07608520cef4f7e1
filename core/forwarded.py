"""Who is on the other end of an HTTP request (web chat, staff pages): the browser's address, and
whether it spoke HTTPS.

`X-Forwarded-*` headers are believed only from a configured proxy (TANGGAP_WEB_TRUSTED_PROXIES):
anybody else could write them. `tanggap serve` turns uvicorn's own proxy-header handling off, so
this is the one place that decides.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Sequence
from dataclasses import dataclass

from starlette.requests import HTTPConnection

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@dataclass(frozen=True)
class Client:
    address: str
    https: bool


def client_of(request: HTTPConnection, proxies: Sequence[Network]) -> Client:
    peer = request.client.host if request.client else ""
    https = request.url.scheme == "https"
    if not _trusted(peer, proxies):
        return Client(address=peer, https=https)
    proto = request.headers.get("x-forwarded-proto", "").split(",")[0].strip().lower()
    return Client(address=_forwarded_for(request, proxies) or peer, https=https or proto == "https")


def _forwarded_for(request: HTTPConnection, proxies: Sequence[Network]) -> str | None:
    """The right-most address that is not one of our proxies: the ones left of it could be forged."""
    hops = [hop.strip() for hop in request.headers.get("x-forwarded-for", "").split(",") if hop.strip()]
    for hop in reversed(hops):
        if not _trusted(hop, proxies):
            return hop
    return hops[0] if hops else None


def _trusted(address: str, proxies: Sequence[Network]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in proxies)


def parse_networks(value: str) -> tuple[Network, ...]:
    """Comma-separated addresses or networks (`127.0.0.1,10.0.0.0/8`) of TANGGAP_WEB_TRUSTED_PROXIES."""
    try:
        return tuple(
            ipaddress.ip_network(part.strip(), strict=False) for part in value.split(",") if part.strip()
        )
    except ValueError as error:
        raise ValueError(f"TANGGAP_WEB_TRUSTED_PROXIES: {error}") from None
