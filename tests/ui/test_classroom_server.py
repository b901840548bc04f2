"""The classroom server's own rules on top of textual-serve, over real HTTP on 127.0.0.1:
the page points the browser back at the address it used; a bad Host header, a websocket
from another site's page and a tab over the cap are refused before any tutor starts."""

from __future__ import annotations

import pytest
from aiohttp.test_utils import TestClient, TestServer

from tutor.ui.classroom import ClassroomServer

pytestmark = pytest.mark.anyio


async def client(max_tabs: int = 2) -> tuple[ClassroomServer, TestClient]:
    server = ClassroomServer("false", "127.0.0.1", 0, max_tabs)  # `false`: no tutor may start
    test = TestClient(TestServer(await server._make_app(), host="127.0.0.1"))
    await test.start_server()
    return server, test


async def test_the_page_is_offline_and_points_back_at_the_address_used() -> None:
    _, test = await client()
    try:
        page = await test.get("/", headers={"Host": "tutor.classroom.test:8000"})
        body = await page.text()
        assert page.status == 200 and page.headers["X-Frame-Options"] == "DENY"
        assert 'data-session-websocket-url="ws://tutor.classroom.test:8000/ws"' in body
        assert "googleapis" not in body and "https://" not in body
        bad = await test.get("/", headers={"Host": 'x"><script>alert(1)</script>'})
        assert bad.status == 400
    finally:
        await test.close()


async def test_foreign_origins_and_tabs_over_the_cap_are_refused() -> None:
    server, test = await client(max_tabs=1)
    try:
        foreign = await test.get("/ws", headers={"Origin": "http://evil.example",
                                                 "Connection": "Upgrade", "Upgrade": "websocket",
                                                 "Sec-WebSocket-Version": "13",
                                                 "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ=="})
        assert foreign.status == 403
        server.tabs = 1  # one tab is open already
        full = await test.get("/ws")
        assert full.status == 503 and "full" in await full.text()
    finally:
        await test.close()
