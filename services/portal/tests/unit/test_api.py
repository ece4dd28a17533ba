"""The portal's client of the services: a read survives a pooled connection closed under it."""

from __future__ import annotations

import httpx
import pytest

from portal.adapters.api import ApiError, Connections, ServiceApi


def _flaky(failures: int) -> tuple[httpx.MockTransport, list[str]]:
    seen: list[str] = []

    def handle(request: httpx.Request) -> httpx.Response:
        seen.append(request.method)
        if len(seen) <= failures:
            raise httpx.RemoteProtocolError("Server disconnected without sending a response.")
        return httpx.Response(200, json={"ok": True})

    return httpx.MockTransport(handle), seen


async def test_a_read_is_asked_once_more_when_its_connection_was_closed() -> None:
    transport, seen = _flaky(1)
    api = ServiceApi("http://access", "token", connections=Connections(transport))
    assert await api.get("/me/bindings") == {"ok": True}
    assert seen == ["GET", "GET"]


async def test_a_read_failing_twice_is_unavailable() -> None:
    transport, seen = _flaky(2)
    api = ServiceApi("http://access", "token", connections=Connections(transport))
    with pytest.raises(ApiError) as refused:
        await api.get("/me/bindings")
    assert refused.value.code == "UNAVAILABLE"
    assert seen == ["GET", "GET"]


async def test_a_write_is_never_sent_twice_by_the_portal() -> None:
    transport, seen = _flaky(1)
    api = ServiceApi("http://access", "token", connections=Connections(transport))
    with pytest.raises(ApiError):
        await api.post("/bindings", {"role": "viewer"}, key="k")
    assert seen == ["POST"]
