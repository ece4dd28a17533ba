"""The consumers' /docs/asyncapi page with its scripts served by the process itself.

Offices' networks are often cut off from the public internet: FastStream loads the page's scripts from
CDNs by default, which leaves a blank page there (the HTTP apps' /docs come from `fastapi-offline`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from faststream.asgi import AsgiResponse, get
from faststream.specification.asyncapi.site import get_asyncapi_html
from starlette.responses import FileResponse
from starlette.types import ASGIApp, Receive, Scope, Send

ASYNCAPI = Path(__file__).resolve().parent / "docs_assets" / "asyncapi-react-3.1.5"
ASYNCAPI_FILES = {"index.js": "text/javascript", "default.min.css": "text/css"}
# FastStream's page also names asyncapi.com's icons; a page that must work offline names nothing outside.
_REMOTE_ICON = re.compile(r'\s*<link rel="icon"[^>]*https://[^>]*>')


def _file(path: Path, media_type: str) -> ASGIApp:
    async def serve(scope: Scope, receive: Receive, send: Send) -> None:
        await FileResponse(path, media_type=media_type)(scope, receive, send)

    return serve


def asyncapi_routes(document: Callable[[], Any], path: str = "/docs/asyncapi") -> list[tuple[str, Any]]:
    """The AsyncAPI page, its JSON and its scripts, as routes of a FastStream ASGI app (no try-it-out)."""
    cached: list[bytes] = []

    @get(include_in_schema=False)
    async def page(scope: Scope) -> AsgiResponse:
        if not cached:
            html = get_asyncapi_html(
                document(),
                asyncapi_js_url=f"{path}/assets/index.js",
                asyncapi_css_url=f"{path}/assets/default.min.css",
                try_it_out_path=None,
            )
            cached.append(_REMOTE_ICON.sub("", html).encode())
        return AsgiResponse(cached[0], headers={"Content-Type": "text/html; charset=utf-8"})

    @get(include_in_schema=False)
    async def as_json(scope: Scope) -> AsgiResponse:
        body = document().to_json().encode()
        return AsgiResponse(body, headers={"Content-Type": "application/json"})

    assets = [(f"{path}/assets/{name}", _file(ASYNCAPI / name, t)) for name, t in ASYNCAPI_FILES.items()]
    return [(path, page), (f"{path}.json", as_json), *assets]
