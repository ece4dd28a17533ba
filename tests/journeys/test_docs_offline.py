"""The services' API and AsyncAPI pages render in a browser cut off from the internet."""

from __future__ import annotations

from urllib.parse import urlparse

from playwright.async_api import Browser, Request, Route

from tests.journeys.conftest import Portal


async def test_the_documentation_pages_render_with_no_internet(portal: Portal, browser: Browser) -> None:
    context = await browser.new_context()
    outside: list[str] = []

    async def offline(route: Route, request: Request) -> None:
        if urlparse(request.url).hostname in ("127.0.0.1", "localhost"):
            await route.continue_()
        else:
            outside.append(request.url)
            await route.abort()

    await context.route("**/*", offline)
    page = await context.new_page()
    try:
        await page.goto(f"{portal.slice.url('registration-http')}/docs")
        title = page.locator(".swagger-ui .info .title")
        await title.wait_for()
        assert "emutrack registration" in await title.inner_text()
        assert await page.locator(".opblock").count() > 10, "the operations are listed"

        await page.goto(f"{portal.slice.url('registration-consumer')}/docs/asyncapi")
        heading = page.locator("#asyncapi h1")
        await heading.wait_for(state="attached")  # rendered by the script (the layout may fold it away)
        assert (await heading.text_content() or "").startswith("emutrack registration")
        assert await page.locator("#asyncapi h3").count() > 3, "the operations are listed"
    finally:
        await context.close()
    assert outside == [], "nothing is fetched from outside the service"
