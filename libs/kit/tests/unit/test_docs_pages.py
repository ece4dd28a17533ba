"""The services' documentation pages name nothing outside the service: they work on an offline network."""

from __future__ import annotations

import re

import httpx
from faststream.asgi import AsgiFastStream
from faststream.kafka import KafkaBroker
from faststream.specification import AsyncAPI

from emutrack_kit.docs_pages import asyncapi_routes
from emutrack_kit.http import service_app

LOADED = re.compile(r'(?:src|href)="([^"]+)"')


async def _get(app: object, path: str) -> httpx.Response:
    transport = httpx.ASGITransport(app=app)  # type: ignore[arg-type]
    async with httpx.AsyncClient(transport=transport, base_url="http://service") as client:
        return await client.get(path)


async def test_the_api_page_loads_its_scripts_from_the_service() -> None:
    app = service_app("emutrack test")
    page = await _get(app, "/docs")
    assert page.status_code == 200
    loaded = LOADED.findall(page.text)
    assert loaded
    assert all(url.startswith("/docs/assets/") for url in loaded), loaded
    for url in loaded:
        asset = await _get(app, url)
        assert asset.status_code == 200, url
        assert len(asset.content) > 500, url


async def test_the_asyncapi_page_loads_its_scripts_from_the_service_and_offers_no_publishing() -> None:
    broker = KafkaBroker("localhost:1")
    app = AsgiFastStream(
        broker,
        asgi_routes=asyncapi_routes(lambda: app.schema.to_specification()),
        specification=AsyncAPI(title="emutrack test", version="0.1.0"),
    )
    page = await _get(app, "/docs/asyncapi")
    assert page.status_code == 200
    assert "https://" not in page.text.split("<body>")[0], "the head names nothing outside"
    loaded = LOADED.findall(page.text)
    assert sorted(loaded) == ["/docs/asyncapi/assets/default.min.css", "/docs/asyncapi/assets/index.js"]
    for url in loaded:
        asset = await _get(app, url)
        assert asset.status_code == 200, url
        assert len(asset.content) > 10_000, url
    assert (await _get(app, "/docs/asyncapi.json")).json()["info"]["title"] == "emutrack test"
    # FastStream's "try it out" publishes any message a visitor types to the broker: not on our services.
    assert (await _get(app, "/docs/asyncapi/try")).status_code == 404
