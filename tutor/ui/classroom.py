"""`genai-tutor web`: the Textual app in browsers, one tutor process per tab (textual-serve).

textual-serve starts a fresh `genai-tutor web-session` process for each browser tab that
connects; that process asks its learner to sign in (tutor.ui.screens.learner). On top of
textual-serve this adds: the page and its websocket address built from the address the
browser used (so `--host 0.0.0.0` works from other machines), a page that needs nothing
from the internet, websockets refused from other sites' pages (a page elsewhere cannot
drive a learner's tutor through their browser), and a cap on tabs (each is a process).
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from aiohttp import web
from textual_serve.server import Server

log = logging.getLogger(__name__)
TEMPLATES = Path(__file__).resolve().parent / "web"
_HOST = re.compile(r"[A-Za-z0-9.\-]+(:\d{1,5})?|\[[0-9A-Fa-f:.]+\](:\d{1,5})?")


class ClassroomServer(Server):
    """textual-serve's Server for a class: see the module docstring."""

    def __init__(self, command: str, host: str, port: int, max_tabs: int,
                 banner: str = "") -> None:
        super().__init__(command, host=host, port=port, title="genai-tutor",
                         templates_path=TEMPLATES)
        self.max_tabs = max_tabs
        self.tabs = 0
        self.banner = banner

    def initialize_logging(self) -> None:
        """Our CLI already logs to TUTOR_HOME's log file; textual-serve's lines go there too."""

    async def on_startup(self, app: web.Application) -> None:
        if self.banner:
            print(self.banner, flush=True)

    async def handle_index(self, request: web.Request) -> web.StreamResponse:
        host = request.host
        if not _HOST.fullmatch(host):
            raise web.HTTPBadRequest(text="bad Host header")
        # The page tells the browser where the websocket is: the address it already used.
        # No await until the parent has rendered, so no other request sees this value.
        self.public_url = f"{request.scheme}://{host}"
        response: web.StreamResponse = await super().handle_index(request)
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Referrer-Policy"] = "no-referrer"
        return response

    async def handle_websocket(self, request: web.Request) -> Any:
        origin = request.headers.get("Origin")
        if origin is not None and urlsplit(origin).netloc != request.host:
            log.warning("refused a websocket from another site's page: %r", origin[:100])
            raise web.HTTPForbidden(text="cross-origin websocket refused")
        if self.tabs >= self.max_tabs:
            log.warning("refused a tab: %d tabs are open (--max-tabs)", self.tabs)
            raise web.HTTPServiceUnavailable(text="the classroom is full")
        self.tabs += 1
        try:
            return await super().handle_websocket(request)
        finally:
            self.tabs -= 1
