"""The service's log, as `tanggap serve` writes it (uvicorn's access log, library loggers, our own
events and tracebacks), never carries a configured secret or a NIK, in either format."""

from __future__ import annotations

import asyncio
import json
import re
import socket
from collections.abc import AsyncIterator
from dataclasses import dataclass

import httpx
import pytest
import uvicorn
from fastapi import FastAPI

from core.clock import FrozenClock
from core.settings import CoreSettings
from tanggap.app import build_http_app, mount_routes
from tanggap.cli import uvicorn_options
from tanggap.logs import setup_logging
from tests.channels.conftest import ServiceFactory, whatsapp_settings
from tests.channels.fake_graph import APP_SECRET, VERIFY_TOKEN, FakeGraph
from web import WebSettings

WA_TOKEN = "EAAG-test-token"
NIK = "3201234567890001"
LOCAL_MARKER = "nilai-variabel-lokal-1234"
SECRETS = (APP_SECRET, VERIFY_TOKEN, WA_TOKEN, NIK, NIK[4:12], LOCAL_MARKER)


@dataclass
class Served:
    url: str
    app: FastAPI
    json: bool


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(params=[False, True], ids=["console", "json"])
async def served(
    request: pytest.FixtureRequest,
    make_service: ServiceFactory,
    fake_graph: FakeGraph,
    monkeypatch: pytest.MonkeyPatch,
) -> AsyncIterator[Served]:
    """The app behind a real uvicorn, logging as `tanggap serve` configures it from the environment."""
    monkeypatch.setenv("TANGGAP_LOG_JSON", str(request.param).lower())
    monkeypatch.setenv("TANGGAP_WHATSAPP_APP_SECRET", APP_SECRET)
    monkeypatch.setenv("TANGGAP_WHATSAPP_VERIFY_TOKEN", VERIFY_TOKEN)
    monkeypatch.setenv("TANGGAP_WHATSAPP_TOKEN", WA_TOKEN)
    setup_logging()
    settings = whatsapp_settings()
    service = await make_service(whatsapp=settings, graph=fake_graph)
    app = build_http_app(WebSettings(), None, settings)
    mount_routes(app, service.runtime)
    add_failing_route(app)
    port = free_port()
    options = uvicorn_options(CoreSettings())  # as `tanggap serve` runs it
    config = uvicorn.Config(app, host="127.0.0.1", port=port, lifespan="off", **options)
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve())
    while not server.started:  # noqa: ASYNC110 (uvicorn has only a flag)
        await asyncio.sleep(0.02)
    try:
        yield Served(f"http://127.0.0.1:{port}", app, json=request.param)
    finally:
        server.should_exit = True
        await task


def add_failing_route(app: FastAPI) -> None:
    @app.get("/uji/gagal")
    async def fails() -> None:
        app_secret = APP_SECRET  # locals like these were printed with every traceback
        marker = LOCAL_MARKER
        raise RuntimeError(f"tidak dapat memproses NIK {NIK} ({len(app_secret + marker)})")


async def test_nothing_secret_or_personal_reaches_the_log(
    served: Served, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    async with httpx.AsyncClient(base_url=served.url) as http:
        challenge = {"hub.mode": "subscribe", "hub.verify_token": VERIFY_TOKEN, "hub.challenge": "42"}
        assert (await http.get("/whatsapp/webhook", params=challenge)).text == "42"
        wrong = {**challenge, "hub.verify_token": APP_SECRET}
        assert (await http.get("/whatsapp/webhook", params=wrong)).status_code == 403
        headers = {b"X-Hub-Signature-256": "sha256=é".encode("latin-1")}
        assert (await http.post("/whatsapp/webhook", content=b"{}", headers=headers)).status_code == 403
        assert (await http.get("/uji/gagal")).status_code == 500
    captured = capsys.readouterr()
    log = captured.err + captured.out
    assert [secret for secret in SECRETS if secret in log] == []
    assert "hub.verify_token=***" in log  # the access log was written, with the token masked
    assert "RuntimeError: tidak dapat memproses NIK 3201********0001" in log  # type and message
    assert "Traceback (most recent call last)" in log  # the frames are there, without their locals


async def test_an_error_line_carries_the_error_text(
    served: Served, capsys: pytest.CaptureFixture[str]
) -> None:
    """JSON lines used to say only `"exc_info": true`."""
    capsys.readouterr()
    async with httpx.AsyncClient(base_url=served.url) as http:
        await http.get("/uji/gagal")
    log = capsys.readouterr().err
    lines = [line for line in log.splitlines() if "unhandled_error" in line]
    assert len(lines) == 1
    if served.json:
        event = json.loads(lines[0])
        assert (event["level"], event["path"]) == ("error", "/uji/gagal")
        assert "RuntimeError: tidak dapat memproses NIK 3201********0001" in event["exception"]
        assert "exc_info" not in event
    else:
        after = log[log.index(lines[0]) :]
        assert "RuntimeError: tidak dapat memproses NIK 3201********0001" in after


@pytest.mark.parametrize(("level", "access_lines"), [("INFO", 1), ("WARNING", 0)])
async def test_tanggap_log_level_also_quiets_uvicorns_own_loggers(
    level: str, access_lines: int, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`tanggap serve` used to pass uvicorn log_level="info", so WARNING still logged every request."""
    monkeypatch.setenv("TANGGAP_LOG_LEVEL", level)
    setup_logging()
    app = FastAPI()

    @app.get("/ping")
    async def ping() -> str:
        return "pong"

    port = free_port()
    options = uvicorn_options(CoreSettings())
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, lifespan="off", **options))
    task = asyncio.create_task(server.serve())
    while not server.started:  # noqa: ASYNC110 (uvicorn has only a flag)
        await asyncio.sleep(0.02)
    capsys.readouterr()
    try:
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as http:
            assert (await http.get("/ping")).status_code == 200
    finally:
        server.should_exit = True
        await task
    log = capsys.readouterr().err
    assert len([line for line in log.splitlines() if "GET /ping" in line]) == access_lines


async def test_a_flood_of_refused_requests_writes_a_sampled_access_line(
    served: Served, capsys: pytest.CaptureFixture[str], clock: FrozenClock
) -> None:
    """One line per 10 s for the 429s, saying how many were left out, instead of one per request."""
    capsys.readouterr()
    async with httpx.AsyncClient(base_url=served.url) as http:
        await http.get("/")

        async def say(n: int) -> int:
            body = {"id": f"m{n:07d}", "text": f"pertanyaan nomor {n}"}
            return (await http.post("/api/chat/messages", json=body)).status_code

        statuses = [await say(n) for n in range(30)]
        flood = capsys.readouterr().err
        clock.advance(seconds=11)
        assert await say(30) == 429
    later = capsys.readouterr().err
    assert statuses.count(429) == 10
    assert len(access_lines(flood, 429)) == 1
    assert len(access_lines(flood, 200)) == 20, "the other requests are all logged"
    [line] = access_lines(later, 429)
    assert "and 9 more 429 in the last 11s" in line


def access_lines(log: str, status: int) -> list[str]:
    """The access lines of web chat messages answered `status` (console or JSON, quotes escaped)."""
    pattern = re.compile(rf'"?POST /api/chat/messages HTTP/1\.1\\?" {status}\b')
    return [line for line in log.splitlines() if pattern.search(line)]
